//! PostgreSQL through the `postgres` crate.

use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::pg_tls::PgTls;

use super::{connect_error, quote_ident, select_versions, Connection, DbError, VersionTable};
use crate::url::{DatabaseUrl, Dialect};

/// An open PostgreSQL connection.
pub struct PgConnection {
    client: Client,
}

impl PgConnection {
    /// Connects with the URL's host, port, user, password and database;
    /// `?host=/path` selects a Unix socket directory, as with psycopg.
    pub fn open(url: &DatabaseUrl) -> Result<Self, DbError> {
        let mut config = Config::new();
        let host = url
            .query_value("host")
            .or(url.host())
            .unwrap_or("localhost");
        config.host(host);
        if let Some(port) = url
            .port()
            .or_else(|| url.query_value("port").and_then(|p| p.parse().ok()))
        {
            config.port(port);
        }
        let user = url
            .username()
            .map(str::to_string)
            .or_else(|| std::env::var("PGUSER").ok())
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "postgres".into());
        config.user(&user);
        if let Some(password) = url.password() {
            config.password(password);
        }
        if let Some(db) = url.database() {
            config.dbname(db);
        }
        let tls = PgTls::from_url(url, host).map_err(|message| connect_error(url, message))?;
        config.ssl_mode(tls.mode.handshake());
        config.application_name("aludel");
        let rustls_config = tls
            .client_config()
            .map_err(|message| connect_error(url, message))?;
        let connected = match rustls_config {
            Some(rustls_config) => config.connect(MakeRustlsConnect::new(rustls_config)),
            None => config.connect(NoTls),
        };
        let client = connected.map_err(|e| connect_error(url, error_message(&e)))?;
        Ok(PgConnection { client })
    }
}

/// The server's message (`database "x" does not exist`) where there is
/// one: the crate's `Display` of a server error is only `db error`.
/// Other errors name their kind only (`error performing TLS handshake`):
/// the reason is in their sources, which are added.
fn error_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}

fn statement_error(sql: &str, e: postgres::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: error_message(&e),
    }
}

impl Connection for PgConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Postgresql
    }

    fn has_version_table(&mut self, table: &VersionTable) -> Result<bool, DbError> {
        let exists_sql = "SELECT to_regclass($1)::text";
        let exists: Option<String> = self
            .client
            .query_one(exists_sql, &[&qualified(table)])
            .map_err(|e| statement_error(exists_sql, e))?
            .get(0);
        Ok(exists.is_some())
    }

    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError> {
        if !self.has_version_table(table)? {
            return Ok(Vec::new());
        }
        let sql = select_versions(&qualified(table));
        let rows = self
            .client
            .query(&sql, &[])
            .map_err(|e| statement_error(&sql, e))?;
        Ok(rows.iter().map(|row| row.get::<_, String>(0)).collect())
    }

    fn introspect(
        &mut self,
        options: &crate::introspect::IntrospectOptions,
    ) -> Result<crate::introspect::Introspected, DbError> {
        crate::introspect::introspect_postgres(&mut self.client, options)
    }

    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, DbError> {
        let messages = self
            .client
            .simple_query(sql)
            .map_err(|e| statement_error(sql, e))?;
        Ok(messages
            .iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => {
                    Some(row.get(0).unwrap_or_default().to_string())
                }
                _ => None,
            })
            .collect())
    }

    fn enum_type_exists(
        &mut self,
        schema: Option<&str>,
        name: &str,
    ) -> Result<Option<bool>, DbError> {
        // Without a schema, the type SQLAlchemy's `has_type` finds is the
        // one the search path makes visible.
        let sql = "SELECT 1 FROM pg_catalog.pg_type t \
                   JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
                   WHERE t.typname = $1 \
                   AND CASE WHEN $2::text IS NULL THEN pg_type_is_visible(t.oid) ELSE n.nspname = $2 END";
        let rows = self
            .client
            .query(sql, &[&name, &schema])
            .map_err(|e| statement_error(sql, e))?;
        Ok(Some(!rows.is_empty()))
    }

    fn enum_types_used_by(
        &mut self,
        schema: Option<&str>,
        table: &str,
        column: Option<&str>,
    ) -> Result<Vec<(Option<String>, String)>, DbError> {
        let sql = "SELECT DISTINCT CASE WHEN pg_type_is_visible(et.oid) THEN NULL ELSE en.nspname END, \
                   et.typname::text \
                   FROM pg_catalog.pg_attribute a \
                   JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
                   JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace \
                   JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
                   JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typelem <> 0 THEN t.typelem ELSE t.oid END \
                   JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace \
                   WHERE et.typtype = 'e' AND a.attnum > 0 AND NOT a.attisdropped \
                   AND c.relname = $1 \
                   AND CASE WHEN $2::text IS NULL THEN pg_table_is_visible(c.oid) ELSE cn.nspname = $2 END \
                   AND ($3::text IS NULL OR a.attname = $3)";
        let rows = self
            .client
            .query(sql, &[&table, &schema, &column])
            .map_err(|e| statement_error(sql, e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn enum_type_in_use(&mut self, schema: Option<&str>, name: &str) -> Result<bool, DbError> {
        let sql = "SELECT 1 FROM pg_catalog.pg_type et \
                   JOIN pg_catalog.pg_namespace n ON n.oid = et.typnamespace \
                   JOIN pg_catalog.pg_attribute a ON a.atttypid IN (et.oid, et.typarray) \
                   JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
                   WHERE et.typname = $1 AND a.attnum > 0 AND NOT a.attisdropped \
                   AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
                   AND CASE WHEN $2::text IS NULL THEN pg_type_is_visible(et.oid) ELSE n.nspname = $2 END \
                   LIMIT 1";
        let rows = self
            .client
            .query(sql, &[&name, &schema])
            .map_err(|e| statement_error(sql, e))?;
        Ok(!rows.is_empty())
    }

    fn run(&mut self, sql: &str) -> Result<(), DbError> {
        self.client
            .batch_execute(sql)
            .map_err(|e| statement_error(sql, e))
    }

    fn lock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        let sql = "SELECT pg_advisory_lock($1)";
        self.client
            .execute(sql, &[&lock_id(key)])
            .map(drop)
            .map_err(|e| statement_error(sql, e))
    }

    fn unlock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        let sql = "SELECT pg_advisory_unlock($1)";
        self.client
            .execute(sql, &[&lock_id(key)])
            .map(drop)
            .map_err(|e| statement_error(sql, e))
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        self.client
            .execute(sql, &[])
            .map_err(|e| statement_error(sql, e))
    }
}

/// The advisory lock's number: a stable 64-bit FNV-1a hash of the key, so
/// every aludel process agrees on it without a shared table.
fn lock_id(key: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in format!("aludel:{key}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// The table, quoted, for catalog lookups and the `SELECT`.
fn qualified(table: &VersionTable) -> String {
    match &table.schema {
        Some(schema) => format!(
            "{}.{}",
            quote_ident(schema, '"'),
            quote_ident(&table.name, '"')
        ),
        None => quote_ident(&table.name, '"'),
    }
}
