//! Connections to the databases aludel migrates, behind one trait. Each
//! driver lives in its own module; everything dialect-specific about
//! talking to a database stays there.

mod mysql;
mod pg_tls;
mod postgres;
mod sqlite;

use std::time::Duration;

use thiserror::Error;

use crate::dialect::DialectInfo;
use crate::introspect::{IntrospectOptions, Introspected};
use crate::url::{DatabaseUrl, Dialect};
use crate::version_sql::VersionTableSql;

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
    /// An `UPDATE` or `DELETE` of a version row changed no row or several
    /// (someone else changed the table meanwhile, or it has duplicates).
    #[error("{message}\n  while running: {sql}\n  check the rows with `aludel current`; `aludel stamp --purge REVISION` rewrites them")]
    RowCount {
        /// Alembic's message.
        message: String,
        /// The statement.
        sql: String,
    },
    /// A statement gave up waiting for a lock another session holds on what
    /// it changes (`--lock-timeout`). The statement changed nothing: it can
    /// be retried.
    #[error("{message}\n  while running: {sql}")]
    LockTimeout {
        /// The SQL that waited.
        sql: String,
        /// The database's explanation.
        message: String,
    },
    /// Another run held the migration lock for as long as this one waits
    /// (`--migration-lock-timeout`).
    #[error("another run holds the migration lock ({holder}); waited {waited}. Wait for it to finish, or allow longer with --migration-lock-timeout")]
    MigrationLocked {
        /// Who holds it, as far as the server tells.
        holder: String,
        /// How long this run waited, for people (`3600 s`).
        waited: String,
    },
    /// The URL asks for something this driver does not do.
    #[error("{0}")]
    Unsupported(String),
}

/// How long a run's statements may wait and run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// How long a statement waits for a lock on what it changes before it
    /// gives up with [`DbError::LockTimeout`] (PostgreSQL `lock_timeout`,
    /// MySQL `lock_wait_timeout` and `innodb_lock_wait_timeout`, SQLite's
    /// busy timeout). `None`: the server's setting.
    pub lock: Option<Duration>,
    /// How long one statement may run (PostgreSQL `statement_timeout`,
    /// MariaDB `max_statement_time`, MySQL `max_execution_time`, which
    /// MySQL applies to `SELECT`s only; SQLite interrupts the statement).
    pub statement: Option<Duration>,
    /// How long a run waits for another run's migration lock.
    pub migration_lock: Duration,
}

/// How long a run waits for the migration lock unless told otherwise.
pub const DEFAULT_MIGRATION_LOCK_WAIT: Duration = Duration::from_secs(3600);

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            lock: None,
            statement: None,
            migration_lock: DEFAULT_MIGRATION_LOCK_WAIT,
        }
    }
}

/// The statements that set `timeouts` for a session of `dialect` (online
/// when a run starts, and at the top of a `--sql` script). SQLite's busy
/// timeout is a `PRAGMA`; its statement timeout is not a setting.
pub fn session_timeout_sql(dialect: Dialect, mariadb: bool, timeouts: &Timeouts) -> Vec<String> {
    let mut sql = Vec::new();
    match dialect {
        Dialect::Postgresql => {
            let millis = |d: Duration| d.as_millis().max(1);
            if let Some(lock) = timeouts.lock {
                sql.push(format!("SET lock_timeout = '{}ms'", millis(lock)));
            }
            if let Some(statement) = timeouts.statement {
                sql.push(format!("SET statement_timeout = '{}ms'", millis(statement)));
            }
        }
        Dialect::Mysql => {
            if let Some(lock) = timeouts.lock {
                // whole seconds, at least one: MySQL takes no fractions here
                let secs = lock.as_secs_f64().ceil().max(1.0) as u64;
                sql.push(format!("SET SESSION lock_wait_timeout = {secs}"));
                sql.push(format!("SET SESSION innodb_lock_wait_timeout = {secs}"));
            }
            if let Some(statement) = timeouts.statement {
                sql.push(if mariadb {
                    format!(
                        "SET SESSION max_statement_time = {:.3}",
                        statement.as_secs_f64()
                    )
                } else {
                    format!(
                        "SET SESSION max_execution_time = {}",
                        statement.as_millis().max(1)
                    )
                });
            }
        }
        Dialect::Sqlite => {
            if let Some(lock) = timeouts.lock {
                sql.push(format!("PRAGMA busy_timeout = {}", lock.as_millis()));
            }
        }
    }
    sql
}

/// A duration for people: `1.5 s`, `250 ms`, `3600 s`.
pub fn describe_duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// What aludel needs from a database connection.
pub trait Connection {
    /// The dialect of the database.
    fn dialect(&self) -> Dialect;

    /// The rows of the version table, in the order the database returns
    /// them; empty when the table does not exist. Never creates the table.
    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError>;

    /// Whether the version table exists.
    fn has_version_table(&mut self, table: &VersionTable) -> Result<bool, DbError>;

    /// Runs one statement that returns no rows; the number of rows it
    /// changed (0 for DDL).
    fn execute(&mut self, sql: &str) -> Result<u64, DbError>;

    /// Whether the server is MariaDB (SQLAlchemy decides this when it
    /// connects, whatever the URL says, and renders some DDL differently).
    fn is_mariadb(&self) -> bool {
        false
    }

    /// Runs a query and returns its first column as text (NULL as empty),
    /// for catalog lookups and tests.
    fn query_strings(&mut self, sql: &str) -> Result<Vec<String>, DbError>;

    /// Whether an enum type `schema.name` exists (SQLAlchemy's `checkfirst`
    /// for `Enum.create` / `drop`); `None` where the database has no
    /// separate enum types.
    fn enum_type_exists(
        &mut self,
        schema: Option<&str>,
        name: &str,
    ) -> Result<Option<bool>, DbError> {
        let _ = (schema, name);
        Ok(None)
    }

    /// The enum types (as (schema, name), `None` for a type the search
    /// path shows) that the columns of table `schema.table` use — only
    /// column `column` when given, arrays of enums included; empty where
    /// the database has no separate enum types or the table is missing.
    fn enum_types_used_by(
        &mut self,
        schema: Option<&str>,
        table: &str,
        column: Option<&str>,
    ) -> Result<Vec<(Option<String>, String)>, DbError> {
        let _ = (schema, table, column);
        Ok(Vec::new())
    }

    /// Whether any table column (or array column) has the enum type
    /// `schema.name`; `false` where the database has no separate enum types.
    fn enum_type_in_use(&mut self, schema: Option<&str>, name: &str) -> Result<bool, DbError> {
        let _ = (schema, name);
        Ok(false)
    }

    /// Runs one statement of a migration (DDL, `op.execute` text): rows it
    /// returns are read and discarded; PostgreSQL accepts several
    /// statements in one text, as psycopg does.
    fn run(&mut self, sql: &str) -> Result<(), DbError> {
        self.execute(sql).map(drop)
    }

    /// Takes the lock that keeps two aludel runs against this database
    /// from migrating at once, waiting up to `wait` for it
    /// ([`DbError::MigrationLocked`] names the holder then); `key` names
    /// the version table. SQLite needs none: its write transaction
    /// (`begin`) is the lock, and its busy timeout the wait.
    fn lock_migrations(&mut self, key: &str, wait: Duration) -> Result<(), DbError> {
        let _ = (key, wait);
        Ok(())
    }

    /// Applies the run's timeouts to this session.
    fn set_timeouts(&mut self, timeouts: &Timeouts) -> Result<(), DbError>;

    /// Releases the lock of [`Connection::lock_migrations`].
    fn unlock_migrations(&mut self, key: &str) -> Result<(), DbError> {
        let _ = key;
        Ok(())
    }

    /// Starts a transaction.
    fn begin(&mut self) -> Result<(), DbError> {
        self.execute("BEGIN").map(drop)
    }

    /// Commits the transaction.
    fn commit(&mut self) -> Result<(), DbError> {
        self.execute("COMMIT").map(drop)
    }

    /// Rolls the transaction back.
    fn rollback(&mut self) -> Result<(), DbError> {
        self.execute("ROLLBACK").map(drop)
    }

    /// Creates the version table unless it exists (SQLAlchemy's
    /// `checkfirst`); true when it was created.
    fn ensure_version_table(&mut self, table: &VersionTable) -> Result<bool, DbError> {
        if self.has_version_table(table)? {
            return Ok(false);
        }
        let sql = VersionTableSql::new(DialectInfo::of_dialect(self.dialect()), table);
        self.execute(&sql.create_table())?;
        Ok(true)
    }

    /// Deletes every version row (`stamp --purge`).
    fn purge_versions(&mut self, table: &VersionTable) -> Result<(), DbError> {
        let sql = VersionTableSql::new(DialectInfo::of_dialect(self.dialect()), table);
        self.execute(&sql.delete_all()).map(drop)
    }

    /// Inserts a version row.
    fn insert_version(&mut self, table: &VersionTable, id: &str) -> Result<(), DbError> {
        let sql = VersionTableSql::new(DialectInfo::of_dialect(self.dialect()), table);
        self.execute(&sql.insert(id, false)).map(drop)
    }

    /// Updates the row `from` to `to`; exactly one row must change.
    fn update_version(
        &mut self,
        table: &VersionTable,
        from: &str,
        to: &str,
    ) -> Result<(), DbError> {
        let sql = VersionTableSql::new(DialectInfo::of_dialect(self.dialect()), table);
        let statement = sql.update(from, to);
        match self.execute(&statement)? {
            1 => Ok(()),
            found => Err(DbError::RowCount {
                message: format!(
                    "Online migration expected to match one row when updating '{from}' to '{to}' in '{}'; {found} found",
                    table.name
                ),
                sql: statement,
            }),
        }
    }

    /// The current shape of table `schema.name` (`None`: no such table),
    /// read inside the open transaction, for rebuilding it (SQLite batch
    /// move-and-copy). Only SQLite rebuilds tables; elsewhere an error.
    fn table_shape(
        &mut self,
        schema: Option<&str>,
        name: &str,
    ) -> Result<Option<aludel_core::schema::Table>, DbError> {
        let _ = (schema, name);
        Err(DbError::Unsupported(format!(
            "reading table shapes is implemented for SQLite only, not {}",
            self.dialect().name()
        )))
    }

    /// The tables and enum types of the schemas `options` lists, read
    /// from the catalog with a fixed number of queries whatever the number
    /// of tables (SQLite 4, PostgreSQL 5, MySQL / MariaDB 5; counted in
    /// [`Introspected::queries`]), inside whatever transaction is open.
    ///
    /// The result is neutral: the same [`aludel_core::schema::SchemaState`]
    /// whatever database it came from, so that a diff can compare it with
    /// what models declare.
    ///
    /// - Tables of the default schema have `schema: None`, those of other
    ///   listed schemas `Some(name)`; a foreign key's `referent_schema` is
    ///   `None` when it refers to the default schema. Views, temporary
    ///   tables and SQLite virtual tables are not read.
    /// - Columns in table order. Types are structured as SQLAlchemy's
    ///   reflection names them (`character varying(20)` and MySQL's
    ///   `varchar(20)` are both `Upper(Varchar(Some(20)))`); what has no
    ///   structured form is `SqlType::Reflected` (spellings documented per
    ///   database in `introspect::types`). `autoincrement` is `Some(true)`
    ///   where the database makes the values (a PostgreSQL column whose
    ///   default is `nextval()` of a sequence it owns, an identity column,
    ///   MySQL `AUTO_INCREMENT`, SQLite's `INTEGER PRIMARY KEY` rowid
    ///   alias), else `Some(false)`. `server_default` is
    ///   `ServerDefault::Text` with the default as the catalog renders it,
    ///   except that the `nextval()` default of such a PostgreSQL column is
    ///   left out, as Alembic does. Generated (computed) columns are read as
    ///   plain columns without a default.
    /// - Constraints: the primary key (first, see
    ///   `Table::set_primary_key`; unnamed on MySQL), foreign keys
    ///   (`ondelete` / `onupdate` `None` for NO ACTION and for MySQL's
    ///   RESTRICT, which it reports for a key that names no action), UNIQUE
    ///   constraints, CHECK constraints with their text as the catalog
    ///   renders it; sorted by kind, then named before unnamed by name, then
    ///   by columns / text.
    /// - Indexes: those not backing a primary key or UNIQUE constraint,
    ///   sorted by name (on MySQL including the ones InnoDB made for
    ///   foreign keys: which of them a model implies is the diff's call); expression parts as
    ///   `IndexPart::Expression`, partial-index conditions in
    ///   `postgresql_where` / `sqlite_where`. On MySQL a UNIQUE constraint
    ///   is an index and is reported only as a unique `Index`, never as a
    ///   `Constraint::Unique`: a diff must treat a model's unique
    ///   constraint and unique index alike there.
    /// - PostgreSQL enum types of the listed schemas in
    ///   `SchemaState::enum_type`, values in their sort order.
    ///
    /// A failed catalog query is a [`DbError::Statement`] carrying its SQL;
    /// odd catalog content never panics.
    fn introspect(&mut self, options: &IntrospectOptions) -> Result<Introspected, DbError>;

    /// Deletes the row `id`; exactly one row must go.
    fn delete_version(&mut self, table: &VersionTable, id: &str) -> Result<(), DbError> {
        let sql = VersionTableSql::new(DialectInfo::of_dialect(self.dialect()), table);
        let statement = sql.delete(id);
        match self.execute(&statement)? {
            1 => Ok(()),
            found => Err(DbError::RowCount {
                message: format!(
                    "Online migration expected to match one row when deleting '{id}' in '{}'; {found} found",
                    table.name
                ),
                sql: statement,
            }),
        }
    }
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
