//! Database layer of aludel: SQLAlchemy URLs, and connections to SQLite,
//! PostgreSQL and MySQL / MariaDB behind one trait.

pub mod dialect;
pub mod driver;
pub mod introspect;
pub mod url;
pub mod version_sql;
