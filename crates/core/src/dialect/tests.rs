//! Pinned SQL per op and dialect.
