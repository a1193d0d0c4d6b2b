//! aludel library facade.
