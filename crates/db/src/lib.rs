//! Database layer of aludel: SQLAlchemy URLs ([`url`]), the per-database
//! facts of running migrations ([`dialect`]), connections to SQLite,
//! PostgreSQL and MySQL / MariaDB behind one trait ([`driver`]), the
//! version table's SQL ([`version_sql`]), backups ([`backup`]), and reading a live database back
//! ([`introspect`]: one table's shape for SQLite rebuilds, whole schemas
//! for autogenerate and `check`), and scratch databases created and dropped
//! beside a configured one ([`scratch`], for `aludel test`).

pub mod backup;
pub mod dialect;
pub mod driver;
pub mod introspect;
pub mod revision_log;
pub mod scratch;
pub mod url;
pub mod version_sql;
