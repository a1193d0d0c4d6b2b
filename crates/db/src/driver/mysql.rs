//! MySQL and MariaDB through the `mysql` crate.

use std::time::Duration;

use mysql::prelude::Queryable;
use mysql::{ClientIdentity, Conn, OptsBuilder, SslOpts};

use super::{
    connect_error, quote_ident, select_versions, Connection, DbError, Timeouts, VersionTable,
};
use crate::url::{DatabaseUrl, Dialect};

/// An open MySQL / MariaDB connection.
pub struct MysqlConnection {
    conn: Conn,
    mariadb: bool,
}

impl MysqlConnection {
    /// Connects with the URL's host, port, user, password and database;
    /// `?unix_socket=/path` selects a socket, as with PyMySQL.
    pub fn open(url: &DatabaseUrl) -> Result<Self, DbError> {
        let mut opts = OptsBuilder::new()
            .ip_or_hostname(Some(url.host().unwrap_or("localhost")))
            .tcp_port(url.port().unwrap_or(3306))
            .user(url.username())
            .pass(url.password())
            .db_name(url.database());
        if let Some(socket) = url.query_value("unix_socket") {
            opts = opts.socket(Some(socket));
        }
        let ssl = ssl_opts(url).map_err(|message| connect_error(url, message))?;
        if ssl.is_some() {
            // the crate would move a local TCP connection to the Unix
            // socket, where there is no TLS
            opts = opts.prefer_socket(false);
        }
        opts = opts.ssl_opts(ssl);
        let mut conn = Conn::new(opts).map_err(|e| connection_error(url, e))?;
        // MariaDB names itself in its version string, as SQLAlchemy checks.
        let version: Option<String> = conn
            .query_first("SELECT VERSION()")
            .map_err(|e| connection_error(url, e))?;
        let mariadb = url.is_mariadb() || version.is_some_and(|v| v.contains("MariaDB"));
        Ok(MysqlConnection { conn, mariadb })
    }
}

impl MysqlConnection {
    /// Who holds the migration lock of `key`: the connection id, user,
    /// host and what it is doing, and how to end it.
    fn lock_holder(&mut self, key: &str) -> String {
        let sql = format!(
            "SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, COALESCE(p.STATE, '') \
             FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK({LOCK_NAME})"
        );
        type Holder = (u64, String, String, String, i64, String);
        match self.conn.exec_first::<Holder, _, _>(&sql, (key,)) {
            Ok(Some((id, user, host, command, time, state))) => {
                let state = if state.is_empty() {
                    String::new()
                } else {
                    format!(", {state}")
                };
                format!(
                    "connection {id}, user {user}, from {host}, {command} for {time} s{state}; KILL {id} ends it"
                )
            }
            Ok(None) => "a connection that has just released it".to_string(),
            Err(e) => format!("the holder could not be looked up: {}", error_message(&e)),
        }
    }
}

/// TLS settings from the URL's query, in the words of the drivers
/// SQLAlchemy URLs name: PyMySQL's `ssl_ca`, `ssl_cert`, `ssl_key` and
/// `ssl_check_hostname` (any of them turns TLS on; without `ssl_ca` the
/// server's certificate is not checked, as PyMySQL does), and
/// mysqlclient's `ssl_mode` (`DISABLED`, `REQUIRED`, `VERIFY_CA`,
/// `VERIFY_IDENTITY`).
fn ssl_opts(url: &DatabaseUrl) -> Result<Option<SslOpts>, String> {
    let value = |key: &str| url.query_value(key);
    for unsupported in ["ssl_capath", "ssl_cipher"] {
        if value(unsupported).is_some() {
            return Err(format!(
                "{unsupported} is not supported by aludel's MySQL driver; give the CA \
                 certificate file with ssl_ca=PATH"
            ));
        }
    }
    let ca = value("ssl_ca");
    let cert = value("ssl_cert");
    let key = value("ssl_key");
    let check_hostname = match value("ssl_check_hostname") {
        Some(word) => Some(
            as_bool(word)
                .ok_or_else(|| format!("ssl_check_hostname={word}: expected true or false"))?,
        ),
        None => None,
    };
    let mode = value("ssl_mode").map(str::to_ascii_uppercase);
    let (verify_chain, verify_name) = match mode.as_deref() {
        Some("DISABLED") => return Ok(None),
        Some("PREFERRED") | None => {
            if ca.is_none() && cert.is_none() && key.is_none() && check_hostname.is_none() {
                // PyMySQL without ssl_* options: no TLS. The driver cannot
                // fall back from TLS to plain, so PREFERRED is the same.
                return Ok(None);
            }
            (ca.is_some(), ca.is_some() && check_hostname.unwrap_or(true))
        }
        Some("REQUIRED") => (false, false),
        Some("VERIFY_CA") => (true, false),
        Some("VERIFY_IDENTITY") => (true, check_hostname.unwrap_or(true)),
        Some(other) => {
            return Err(format!(
                "ssl_mode={other}: expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or \
                 VERIFY_IDENTITY"
            ))
        }
    };
    if verify_chain && ca.is_none() {
        return Err(format!(
            "ssl_mode={} checks the server's certificate: give its CA certificate with \
             ssl_ca=PATH",
            mode.as_deref().unwrap_or("VERIFY_CA")
        ));
    }
    for (what, path) in [("ssl_ca", ca), ("ssl_cert", cert), ("ssl_key", key)] {
        if let Some(path) = path {
            if !std::path::Path::new(path).is_file() {
                return Err(format!("{what}: file \"{path}\" does not exist"));
            }
        }
    }
    let mut opts = SslOpts::default()
        .with_root_cert_path(ca.map(std::path::PathBuf::from))
        .with_danger_accept_invalid_certs(!verify_chain)
        .with_danger_skip_domain_validation(!verify_name);
    if let Some(cert) = cert {
        // PyMySQL reads the key from the certificate file when no key is given.
        let key = key.unwrap_or(cert);
        opts = opts.with_client_identity(Some(ClientIdentity::new(
            std::path::PathBuf::from(cert),
            std::path::PathBuf::from(key),
        )));
    }
    Ok(Some(opts))
}

/// SQLAlchemy's `asbool` words.
fn as_bool(word: &str) -> Option<bool> {
    match word.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "y" | "t" | "1" => Some(true),
        "false" | "no" | "off" | "n" | "f" | "0" => Some(false),
        _ => None,
    }
}

/// The server's or the driver's own words, as PyMySQL shows them
/// (`(1045) Access denied for user ...`): the crate's `Display` wraps them
/// in Rust-looking text (`MySqlError { ERROR 1045 (28000): ... }`).
fn error_message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(server) => format!("({}) {}", server.code, server.message),
        mysql::Error::DriverError(mysql::DriverError::TlsNotSupported) => {
            "the server does not offer TLS, which the URL's ssl_* options ask for; \
             enable TLS on the server or leave the ssl_* options out"
                .to_string()
        }
        mysql::Error::DriverError(driver) => driver.to_string(),
        mysql::Error::IoError(io) => io.to_string(),
        mysql::Error::CodecError(codec) => codec.to_string(),
        mysql::Error::UrlError(url) => url.to_string(),
        other => other.to_string(),
    }
}

fn connection_error(url: &DatabaseUrl, e: mysql::Error) -> DbError {
    connect_error(url, error_message(&e))
}

/// MySQL's and MariaDB's `ER_LOCK_WAIT_TIMEOUT`, for row and metadata locks.
const LOCK_WAIT_TIMEOUT: u16 = 1205;

fn statement_error(sql: &str, e: mysql::Error) -> DbError {
    let message = error_message(&e);
    let sql = sql.to_string();
    match e {
        mysql::Error::MySqlError(server) if server.code == LOCK_WAIT_TIMEOUT => {
            DbError::LockTimeout { sql, message }
        }
        _ => DbError::Statement { sql, message },
    }
}

/// Whole seconds, at least one: MySQL's lock waits take no fractions.
fn whole_seconds(d: Duration) -> u64 {
    d.as_secs_f64().ceil().max(1.0) as u64
}

/// The server-wide name of the migration lock of `key` (a bound `?`):
/// the database's name makes it per database, the hash keeps it within
/// MySQL's 64 characters.
const LOCK_NAME: &str = "CONCAT('aludel:', LEFT(SHA1(CONCAT(DATABASE(), '.', ?)), 40))";

impl Connection for MysqlConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Mysql
    }

    fn has_version_table(&mut self, table: &VersionTable) -> Result<bool, DbError> {
        let exists_sql = "SELECT COUNT(*) FROM information_schema.tables \
                          WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?";
        let count: Option<i64> = self
            .conn
            .exec_first(exists_sql, (table.schema.as_deref(), table.name.as_str()))
            .map_err(|e| statement_error(exists_sql, e))?;
        Ok(count.unwrap_or(0) > 0)
    }

    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError> {
        if !self.has_version_table(table)? {
            return Ok(Vec::new());
        }
        let qualified = match &table.schema {
            Some(schema) => format!(
                "{}.{}",
                quote_ident(schema, '`'),
                quote_ident(&table.name, '`')
            ),
            None => quote_ident(&table.name, '`'),
        };
        let sql = select_versions(&qualified);
        self.conn.query(&sql).map_err(|e| statement_error(&sql, e))
    }

    fn is_mariadb(&self) -> bool {
        self.mariadb
    }

    fn introspect(
        &mut self,
        options: &crate::introspect::IntrospectOptions,
    ) -> Result<crate::introspect::Introspected, DbError> {
        crate::introspect::introspect_mysql(&mut self.conn, self.mariadb, options)
    }

    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, DbError> {
        let rows: Vec<mysql::Row> = self.conn.query(sql).map_err(|e| statement_error(sql, e))?;
        Ok(rows
            .into_iter()
            .map(|row| match row.as_ref(0) {
                None | Some(mysql::Value::NULL) => String::new(),
                Some(mysql::Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
                Some(other) => other.as_sql(true),
            })
            .collect())
    }

    fn lock_migrations(&mut self, key: &str, wait: Duration) -> Result<(), DbError> {
        let sql = format!("SELECT GET_LOCK({LOCK_NAME}, ?)");
        let got: Option<Option<i64>> = self
            .conn
            .exec_first(&sql, (key, whole_seconds(wait)))
            .map_err(|e| statement_error(&sql, e))?;
        match got.flatten() {
            Some(1) => Ok(()),
            _ => Err(DbError::MigrationLocked {
                holder: self.lock_holder(key),
                waited: super::describe_duration(wait),
            }),
        }
    }

    fn set_timeouts(&mut self, timeouts: &Timeouts) -> Result<(), DbError> {
        for sql in super::session_timeout_sql(Dialect::Mysql, self.mariadb, timeouts) {
            self.conn
                .query_drop(&sql)
                .map_err(|e| statement_error(&sql, e))?;
        }
        Ok(())
    }

    fn unlock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        let sql = format!("SELECT RELEASE_LOCK({LOCK_NAME})");
        self.conn
            .exec_drop(&sql, (key,))
            .map_err(|e| statement_error(&sql, e))
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        // Every row is read: an error the server sends after a result's
        // first packets (a statement timeout) is dropped unseen otherwise.
        let mut result = self
            .conn
            .query_iter(sql)
            .map_err(|e| statement_error(sql, e))?;
        let mut affected = 0;
        while let Some(set) = result.iter() {
            affected = set.affected_rows();
            for row in set {
                row.map_err(|e| statement_error(sql, e))?;
            }
        }
        Ok(affected)
    }
}
