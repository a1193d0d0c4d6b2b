//! Connections to the databases aludel migrates, behind one trait. Each
//! driver lives in its own module; everything dialect-specific about
//! talking to a database stays there.

mod mysql;
mod postgres;
mod sqlite;

use thiserror::Error;

use crate::url::{DatabaseUrl, Dialect};

/// Where the version table lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionTable {
    /// Table name (`alembic_version` by default).
    pub name: String,
    /// Schema (PostgreSQL schema, MySQL database, SQLite attached database).
    pub schema: Option<String>,
}

impl Default for VersionTable {
    fn default() -> Self {
        VersionTable {
            name: "alembic_version".into(),
            schema: None,
        }
    }
}

/// A failure talking to a database. Messages carry the redacted URL or
/// the SQL statement, never a password.
#[derive(Debug, Error)]
pub enum DbError {
    /// The connection could not be opened.
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL with its password masked.
        url: String,
        /// The driver's explanation.
        message: String,
    },
    /// A statement failed.
    #[error("{message}\n  while running: {sql}")]
    Statement {
        /// The SQL that failed.
        sql: String,
        /// The database's explanation.
        message: String,
    },
    /// The URL asks for something this driver does not do.
    #[error("{0}")]
    Unsupported(String),
}

/// What aludel needs from a database connection.
pub trait Connection {
    /// The dialect of the database.
    fn dialect(&self) -> Dialect;

    /// The rows of the version table, in the order the database returns
    /// them; empty when the table does not exist. Never creates the table.
    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError>;
}

/// Opens a connection for a URL.
pub fn connect(url: &DatabaseUrl) -> Result<Box<dyn Connection>, DbError> {
    match url.dialect() {
        Dialect::Sqlite => Ok(Box::new(sqlite::SqliteConnection::open(url)?)),
        Dialect::Postgresql => Ok(Box::new(postgres::PgConnection::open(url)?)),
        Dialect::Mysql => Ok(Box::new(mysql::MysqlConnection::open(url)?)),
    }
}

/// The connection error for a URL, with the password masked.
fn connect_error(url: &DatabaseUrl, message: impl std::fmt::Display) -> DbError {
    DbError::Connect {
        url: url.redacted(),
        message: message.to_string(),
    }
}

/// Quotes an identifier with the given quote character, doubling it inside.
fn quote_ident(name: &str, quote: char) -> String {
    let doubled = format!("{quote}{quote}");
    format!("{quote}{}{quote}", name.replace(quote, &doubled))
}

/// The `SELECT` of the version rows for a (quoted) table reference.
fn select_versions(qualified: &str) -> String {
    format!("SELECT version_num FROM {qualified}")
}

#[cfg(test)]
mod tests;
