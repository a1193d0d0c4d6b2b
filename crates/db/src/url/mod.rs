//! SQLAlchemy database URLs: parsing, dialect and driver, redaction.
//!
//! The grammar is SQLAlchemy's (`make_url`):
//! `dialect[+driver]://[user[:password]@][host][:port][/database][?key=value&...]`,
//! with percent-encoded user, password and database, `[...]` IPv6 hosts and
//! repeated query keys. On top of it aludel
//!
//! * accepts `postgres://` as PostgreSQL (SQLAlchemy rejects that name, but
//!   many hosting services hand out such URLs),
//! * only knows the dialects it can drive: SQLite, PostgreSQL, MySQL and
//!   MariaDB (which is MySQL with [`DatabaseUrl::is_mariadb`] set),
//! * rejects what SQLAlchemy would only fail on later: a port that is not a
//!   number from 0 to 65535, an `@` left in the host (an unencoded `@` in a
//!   password), and SQLite URLs with a host or credentials.
//!
//! A password is never shown: [`DatabaseUrl`]'s `Display` and `Debug` and every
//! [`UrlError`] mask it, the way SQLAlchemy's
//! `render_as_string(hide_password=True)` does.

mod error;
mod parse;
mod quoting;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

pub use error::UrlError;

/// The database families aludel can migrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// SQLite (`sqlite://`).
    Sqlite,
    /// PostgreSQL (`postgresql://`, `postgres://`).
    Postgresql,
    /// MySQL and MariaDB (`mysql://`, `mariadb://`).
    Mysql,
}

impl Dialect {
    /// SQLAlchemy's name of the dialect: `sqlite`, `postgresql` or `mysql`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgresql => "postgresql",
            Dialect::Mysql => "mysql",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A password that does not print itself.
#[derive(Clone, PartialEq, Eq)]
struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Where an SQLite URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteTarget {
    /// `sqlite://`, `sqlite:///` or `sqlite:///:memory:`.
    Memory,
    /// A file; a relative path is relative to the current directory, as with
    /// SQLAlchemy (`sqlite:///app.db` → `app.db`, `sqlite:////abs.db` → `/abs.db`).
    File(PathBuf),
}

/// A parsed SQLAlchemy URL.
///
/// Create one with [`DatabaseUrl::parse`] or `str::parse`. `Display` gives
/// the URL with the password masked as `***` (what `alembic current -v` prints).
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    drivername: String,
    dialect: Dialect,
    is_mariadb: bool,
    username: Option<String>,
    password: Option<Password>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
    query: Vec<(String, Vec<String>)>,
}

impl DatabaseUrl {
    /// The same URL naming another database (PostgreSQL's maintenance
    /// database, for dropping and creating this one).
    pub fn with_database(&self, database: &str) -> DatabaseUrl {
        DatabaseUrl {
            database: Some(database.to_string()),
            ..self.clone()
        }
    }

    /// Parses a URL as SQLAlchemy's `make_url` does and checks that aludel
    /// supports its dialect. Errors never contain the password.
    pub fn parse(raw: &str) -> Result<Self, UrlError> {
        parse::parse(raw)
    }

    /// The part before `://` as written, e.g. `postgresql+asyncpg` or `postgres`.
    pub fn drivername(&self) -> &str {
        &self.drivername
    }

    /// The dialect name as written, without the driver (`postgres`, `mariadb`, ...).
    pub fn backend_name(&self) -> &str {
        self.drivername
            .split_once('+')
            .map_or(self.drivername.as_str(), |(backend, _)| backend)
    }

    /// The dialect family.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the URL names MariaDB (`mariadb://`, `mariadb+pymysql://`);
    /// the dialect is then [`Dialect::Mysql`].
    pub fn is_mariadb(&self) -> bool {
        self.is_mariadb
    }

    /// The Python driver after `+`, if any (`asyncpg`, `psycopg2`, `aiosqlite`, ...).
    pub fn driver(&self) -> Option<&str> {
        self.drivername.split_once('+').map(|(_, driver)| driver)
    }

    /// Whether the driver is one of SQLAlchemy's asyncio drivers. aludel
    /// connects natively either way; this only tells which env.py template fits.
    pub fn is_async_driver(&self) -> bool {
        matches!(
            self.driver(),
            Some("asyncpg" | "psycopg_async" | "aiosqlite" | "aiomysql" | "asyncmy")
        )
    }

    /// The user name, percent-decoded.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// The password, percent-decoded. For connecting only: never print it.
    pub fn password(&self) -> Option<&str> {
        self.password.as_ref().map(|p| p.0.as_str())
    }

    /// The host; an IPv6 address is given without its brackets.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The port.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The database part (for SQLite, the file path), percent-decoded.
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// The query parameters in first-seen key order; a repeated key keeps all
    /// its values in order.
    pub fn query(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.query.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The first value of a query parameter.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }

    /// For an SQLite URL, the database it opens; `None` for other dialects.
    pub fn sqlite_target(&self) -> Option<SqliteTarget> {
        if self.dialect != Dialect::Sqlite {
            return None;
        }
        Some(match self.database.as_deref() {
            None | Some("") | Some(":memory:") => SqliteTarget::Memory,
            Some(path) => SqliteTarget::File(PathBuf::from(path)),
        })
    }

    /// The URL with the password shown as `***`, exactly as SQLAlchemy's
    /// `render_as_string(hide_password=True)` prints it (query keys sorted,
    /// values re-encoded).
    pub fn redacted(&self) -> String {
        self.render_as_string(true)
    }

    /// The URL as text, as SQLAlchemy's `render_as_string(hide_password)`
    /// prints it; with `hide_password: false` the text carries the password
    /// and parses back to this URL — for handing a derived URL (a scratch
    /// database on the same server) to a configuration, never for printing.
    pub fn render_as_string(&self, hide_password: bool) -> String {
        let mut out = format!("{}://", self.drivername);
        if let Some(user) = &self.username {
            out.push_str(&quoting::quote_userinfo(user));
            match &self.password {
                Some(_) if hide_password => out.push_str(":***"),
                Some(password) => {
                    out.push(':');
                    out.push_str(&quoting::quote_userinfo(&password.0));
                }
                None => {}
            }
            out.push('@');
        }
        if let Some(host) = &self.host {
            if host.contains(':') {
                out.push('[');
                out.push_str(host);
                out.push(']');
            } else {
                out.push_str(host);
            }
        }
        if let Some(port) = self.port {
            out.push(':');
            out.push_str(&port.to_string());
        }
        if let Some(database) = &self.database {
            out.push('/');
            out.push_str(&quoting::quote_database(database));
        }
        let mut keys: Vec<&(String, Vec<String>)> = self.query.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let pairs: Vec<String> = keys
            .iter()
            .flat_map(|(key, values)| {
                values.iter().map(move |value| {
                    format!(
                        "{}={}",
                        quoting::quote_plus(key),
                        quoting::quote_plus(value)
                    )
                })
            })
            .collect();
        if !pairs.is_empty() {
            out.push('?');
            out.push_str(&pairs.join("&"));
        }
        out
    }
}

impl FromStr for DatabaseUrl {
    type Err = UrlError;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Self::parse(raw)
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseUrl")
            .field("drivername", &self.drivername)
            .field("dialect", &self.dialect)
            .field("is_mariadb", &self.is_mariadb)
            .field("username", &self.username)
            .field("password", &self.password)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("query", &self.query)
            .finish()
    }
}

#[cfg(test)]
mod tests;
