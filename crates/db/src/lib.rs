//! Database layer of aludel: SQLAlchemy URLs, and connections to SQLite,
//! PostgreSQL and MySQL / MariaDB behind one trait.

pub mod driver;
pub mod url;
