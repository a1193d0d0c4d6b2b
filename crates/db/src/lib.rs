//! Database layer of aludel: SQLAlchemy URLs now; drivers and introspection later.

pub mod url;
