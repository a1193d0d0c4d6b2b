//! SQLite through rusqlite (SQLite bundled into the binary).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{Connection as Rusqlite, ErrorCode, OpenFlags};

use super::{
    connect_error, describe_duration, quote_ident, select_versions, Connection, DbError, Timeouts,
    VersionTable,
};
use crate::url::{DatabaseUrl, Dialect, SqliteTarget};

/// An open SQLite database.
pub struct SqliteConnection {
    conn: Option<Rusqlite>,
    /// A database file that did not exist when opened: created on the
    /// first write, as SQLAlchemy's connect would have.
    missing: Option<PathBuf>,
    url: DatabaseUrl,
    timeouts: Timeouts,
    /// When the running statement must stop (`--statement-timeout`).
    deadline: Arc<Deadline>,
}

/// A statement's deadline, read by SQLite's progress handler.
struct Deadline {
    since: Instant,
    /// Milliseconds after `since`; 0: none.
    at_ms: AtomicU64,
}

impl Deadline {
    fn passed(&self) -> bool {
        let at = self.at_ms.load(Ordering::Relaxed);
        at != 0 && self.since.elapsed().as_millis() as u64 >= at
    }
}

impl SqliteConnection {
    /// Opens the file of the URL. A file that does not exist is not
    /// created until something is written: it reads as an empty database.
    pub fn open(url: &DatabaseUrl) -> Result<Self, DbError> {
        let (conn, missing) = match url.sqlite_target() {
            Some(SqliteTarget::File(path)) if !path.exists() => (None, Some(path)),
            Some(SqliteTarget::File(path)) => (
                Some(
                    Rusqlite::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)
                        .map_err(|e| connect_error(url, e))?,
                ),
                None,
            ),
            _ => (
                Some(Rusqlite::open_in_memory().map_err(|e| connect_error(url, e))?),
                None,
            ),
        };
        let mut opened = SqliteConnection {
            conn: None,
            missing,
            url: url.clone(),
            timeouts: Timeouts::default(),
            deadline: Arc::new(Deadline {
                since: Instant::now(),
                at_ms: AtomicU64::new(0),
            }),
        };
        if let Some(mut c) = conn {
            opened.configure(&mut c)?;
            opened.conn = Some(c);
        }
        Ok(opened)
    }

    /// The busy timeout (the lock wait: `--lock-timeout`, else the
    /// migration lock's wait, as SQLite has one lock), the statement
    /// timeout's progress handler, and foreign keys off.
    fn configure(&self, conn: &mut Rusqlite) -> Result<(), DbError> {
        let url = &self.url;
        let wait = self.timeouts.lock.unwrap_or(self.timeouts.migration_lock);
        conn.busy_timeout(wait).map_err(|e| connect_error(url, e))?;
        // The bundled SQLite enforces foreign keys by default; Python's sqlite3
        // (what Alembic runs on) does not. With them on, a batch rebuild's
        // DROP TABLE would fail on self-references or cascade-delete child rows.
        conn.pragma_update(None, "foreign_keys", false)
            .map_err(|e| connect_error(url, e))?;
        if self.timeouts.statement.is_some() {
            let deadline = Arc::clone(&self.deadline);
            conn.progress_handler(1000, Some(move || deadline.passed()))
                .map_err(|e| connect_error(url, e))?;
        }
        Ok(())
    }

    /// Runs `work` with the statement deadline set, naming the timeout
    /// when SQLite interrupted the statement for it.
    fn timed<T>(
        &mut self,
        sql: &str,
        work: impl FnOnce(&Rusqlite) -> rusqlite::Result<T>,
    ) -> Result<T, DbError> {
        let timeouts = self.timeouts;
        if let Some(limit) = timeouts.statement {
            let at = self.deadline.since.elapsed() + limit;
            self.deadline
                .at_ms
                .store((at.as_millis() as u64).max(1), Ordering::Relaxed);
        }
        let result = work(self.writable()?);
        self.deadline.at_ms.store(0, Ordering::Relaxed);
        result.map_err(|e| match (e.sqlite_error_code(), timeouts.statement) {
            (Some(ErrorCode::OperationInterrupted), Some(limit)) => DbError::Statement {
                sql: sql.to_string(),
                message: format!(
                    "interrupted: the statement ran longer than the statement timeout ({})",
                    describe_duration(limit)
                ),
            },
            _ => statement_error(sql, e),
        })
    }

    /// The connection, creating the database file first if it is missing.
    fn writable(&mut self) -> Result<&Rusqlite, DbError> {
        if self.conn.is_none() {
            let path = self.missing.take().unwrap_or_default();
            let mut conn = Rusqlite::open(&path).map_err(|e| connect_error(&self.url, e))?;
            self.configure(&mut conn)?;
            self.conn = Some(conn);
        }
        Ok(self.conn.as_ref().expect("opened above"))
    }
}

fn statement_error(sql: &str, e: rusqlite::Error) -> DbError {
    let sql = sql.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DbError::LockTimeout {
            sql,
            message: format!(
                "{e}: another connection holds a write transaction on this database file"
            ),
        },
        _ => DbError::Statement {
            sql,
            message: e.to_string(),
        },
    }
}

/// `sqlite_master` of the table's schema, and the table as statements name it.
fn locate(table: &VersionTable) -> (String, String) {
    match &table.schema {
        Some(schema) => (
            format!("{}.sqlite_master", quote_ident(schema, '"')),
            format!(
                "{}.{}",
                quote_ident(schema, '"'),
                quote_ident(&table.name, '"')
            ),
        ),
        None => ("sqlite_master".to_string(), quote_ident(&table.name, '"')),
    }
}

impl Connection for SqliteConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn has_version_table(&mut self, table: &VersionTable) -> Result<bool, DbError> {
        let Some(conn) = &self.conn else {
            return Ok(false);
        };
        let (master, _) = locate(table);
        let exists_sql =
            format!("SELECT count(*) FROM {master} WHERE type = 'table' AND name = ?1");
        let count: i64 = conn
            .query_row(&exists_sql, [&table.name], |row| row.get(0))
            .map_err(|e| statement_error(&exists_sql, e))?;
        Ok(count > 0)
    }

    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError> {
        if !self.has_version_table(table)? {
            return Ok(Vec::new());
        }
        let Some(conn) = &self.conn else {
            return Ok(Vec::new());
        };
        let sql = select_versions(&locate(table).1);
        let mut stmt = conn.prepare(&sql).map_err(|e| statement_error(&sql, e))?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| statement_error(&sql, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| statement_error(&sql, e))
    }

    fn table_shape(
        &mut self,
        schema: Option<&str>,
        name: &str,
    ) -> Result<Option<aludel_core::schema::Table>, DbError> {
        match &self.conn {
            Some(conn) => crate::introspect::sqlite_table(conn, schema, name),
            // A database file not created yet has no tables.
            None => Ok(None),
        }
    }

    fn introspect(
        &mut self,
        options: &crate::introspect::IntrospectOptions,
    ) -> Result<crate::introspect::Introspected, DbError> {
        crate::introspect::introspect_sqlite(self.conn.as_ref(), options)
    }

    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, DbError> {
        let Some(conn) = &self.conn else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare(sql).map_err(|e| statement_error(sql, e))?;
        let rows = stmt
            .query_map([], |row| {
                let value: rusqlite::types::Value = row.get(0)?;
                Ok(match value {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
                })
            })
            .map_err(|e| statement_error(sql, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| statement_error(sql, e))
    }

    fn run(&mut self, sql: &str) -> Result<(), DbError> {
        self.timed(sql, |conn| {
            let mut stmt = conn.prepare(sql)?;
            let mut rows = stmt.raw_query();
            while rows.next()?.is_some() {}
            Ok(())
        })
    }

    fn set_timeouts(&mut self, timeouts: &Timeouts) -> Result<(), DbError> {
        self.timeouts = *timeouts;
        if let Some(mut conn) = self.conn.take() {
            let configured = self.configure(&mut conn);
            self.conn = Some(conn);
            configured?;
        }
        Ok(())
    }

    /// `BEGIN IMMEDIATE`: the write lock is taken at once, so a second
    /// run waits here (up to the busy timeout) instead of reading version
    /// rows that are about to change.
    fn begin(&mut self) -> Result<(), DbError> {
        self.execute("BEGIN IMMEDIATE").map(drop)
    }

    fn execute(&mut self, sql: &str) -> Result<u64, DbError> {
        self.timed(sql, |conn| conn.execute(sql, []).map(|n| n as u64))
    }
}
