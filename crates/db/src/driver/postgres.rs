//! PostgreSQL through the `postgres` crate.

use std::time::{Duration, Instant};

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::pg_tls::PgTls;

use super::{
    connect_error, quote_ident, select_versions, Connection, DbError, Timeouts, VersionTable,
};
use crate::url::{DatabaseUrl, Dialect};

/// An open PostgreSQL connection.
pub struct PgConnection {
    client: Client,
    /// The introspection queries, prepared once for this connection.
    catalog: crate::introspect::CatalogQueries,
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
        Ok(PgConnection {
            client,
            catalog: Default::default(),
        })
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
    let message = error_message(&e);
    let sql = sql.to_string();
    if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
        DbError::LockTimeout { sql, message }
    } else {
        DbError::Statement { sql, message }
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
        crate::introspect::introspect_postgres(&mut self.client, &mut self.catalog, options)
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

    fn lock_migrations(&mut self, key: &str, wait: Duration) -> Result<(), DbError> {
        // Polled rather than pg_advisory_lock: a blocked call could only be
        // given up by a statement timeout, which would name no holder.
        let sql = "SELECT pg_try_advisory_lock($1)";
        let id = lock_id(key);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(20);
        loop {
            let got: bool = self
                .client
                .query_one(sql, &[&id])
                .map_err(|e| statement_error(sql, e))?
                .get(0);
            if got {
                return Ok(());
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(DbError::MigrationLocked {
                    holder: self.lock_holder(id),
                    waited: super::describe_duration(wait),
                });
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(500));
        }
    }

    fn set_timeouts(&mut self, timeouts: &Timeouts) -> Result<(), DbError> {
        for sql in super::session_timeout_sql(Dialect::Postgresql, false, timeouts) {
            self.client
                .batch_execute(&sql)
                .map_err(|e| statement_error(&sql, e))?;
        }
        Ok(())
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

impl PgConnection {
    /// Who holds advisory lock `id`: the session's pid, application, user,
    /// client address, connection time and state, and how to end it.
    fn lock_holder(&mut self, id: i64) -> String {
        // A bigint advisory lock shows as classid (high 32 bits) and objid
        // (low 32 bits) with objsubid 1, in its database (advisory locks
        // are per database).
        let bits = id as u64;
        let classid = (bits >> 32).to_string();
        let objid = (bits & 0xffff_ffff).to_string();
        let sql = "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), \
                   coalesce(host(a.client_addr), 'a local socket'), \
                   to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), coalesce(a.state, '') \
                   FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid \
                   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
                   AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) \
                   AND l.classid::text = $1 AND l.objid::text = $2";
        match self.client.query(sql, &[&classid, &objid]) {
            Ok(rows) if !rows.is_empty() => {
                let row = &rows[0];
                let pid: i32 = row.get(0);
                let application: String = row.get(1);
                let user: String = row.get(2);
                let from: String = row.get(3);
                let since: Option<String> = row.get(4);
                let state: String = row.get(5);
                let application = if application.is_empty() {
                    String::new()
                } else {
                    format!(" ({application})")
                };
                format!(
                    "server process {pid}{application}, user {user}, from {from}, connected since {}, {state}; \
                     SELECT pg_terminate_backend({pid}) ends it",
                    since.unwrap_or_default()
                )
            }
            Ok(_) => "a session that has just released it".to_string(),
            Err(e) => format!("the holder could not be looked up: {}", error_message(&e)),
        }
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
