//! MySQL and MariaDB through the `mysql` crate.

use mysql::prelude::Queryable;
use mysql::{Conn, OptsBuilder};

use super::{connect_error, quote_ident, select_versions, Connection, DbError, VersionTable};
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
        let mut conn = Conn::new(opts).map_err(|e| connection_error(url, e))?;
        // MariaDB names itself in its version string, as SQLAlchemy checks.
        let version: Option<String> = conn
            .query_first("SELECT VERSION()")
            .map_err(|e| connection_error(url, e))?;
        let mariadb = url.is_mariadb() || version.is_some_and(|v| v.contains("MariaDB"));
        Ok(MysqlConnection { conn, mariadb })
    }
}

/// How long a run waits for another run's migration lock.
const LOCK_WAIT_SECONDS: i64 = 3600;

/// The server's or the driver's own words, as PyMySQL shows them
/// (`(1045) Access denied for user ...`): the crate's `Display` wraps them
/// in Rust-looking text (`MySqlError { ERROR 1045 (28000): ... }`).
fn error_message(e: &mysql::Error) -> String {
    match e {
        mysql::Error::MySqlError(server) => format!("({}) {}", server.code, server.message),
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

fn statement_error(sql: &str, e: mysql::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: error_message(&e),
    }
}

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

    fn lock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        // Lock names are server-wide: the database's name makes them
        // per database, the hash keeps them within MySQL's 64 characters.
        let sql =
            "SELECT GET_LOCK(CONCAT('aludel:', LEFT(SHA1(CONCAT(DATABASE(), '.', ?)), 40)), ?)";
        let got: Option<Option<i64>> = self
            .conn
            .exec_first(sql, (key, LOCK_WAIT_SECONDS))
            .map_err(|e| statement_error(sql, e))?;
        match got.flatten() {
            Some(1) => Ok(()),
            _ => Err(DbError::Statement {
                sql: sql.to_string(),
                message: format!(
                    "another aludel run held the migration lock for {LOCK_WAIT_SECONDS} seconds; wait for it to finish, or find it with SHOW PROCESSLIST"
                ),
            }),
        }
    }

    fn unlock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        let sql =
            "SELECT RELEASE_LOCK(CONCAT('aludel:', LEFT(SHA1(CONCAT(DATABASE(), '.', ?)), 40)))";
        self.conn
            .exec_drop(sql, (key,))
            .map_err(|e| statement_error(sql, e))
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        self.conn
            .query_drop(sql)
            .map_err(|e| statement_error(sql, e))?;
        Ok(self.conn.affected_rows())
    }
}
