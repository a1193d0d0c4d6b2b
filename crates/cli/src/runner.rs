//! Running steps against the version table, online (a live connection)
//! or offline (`--sql`: a script on standard output), the way Alembic's
//! `MigrationContext.run_migrations` does: the log lines, the transaction
//! model, the version table's creation, the row statements.
//!
//! Commands decide which steps to run; the runner owns where they go. The
//! SQL text and every dialect difference come from `aludel_db`.

use aludel_core::{RowChange, VersionRows};
use aludel_db::dialect::DialectInfo;
use std::time::Duration;

use aludel_db::driver::{
    describe_duration, session_timeout_sql, DbError, Timeouts, VersionTable,
    DEFAULT_MIGRATION_LOCK_WAIT,
};
use aludel_db::revision_log;
use aludel_db::version_sql::VersionTableSql;

use crate::args::LimitArgs;
use crate::config::Config;
use crate::database::{version_table, Database};
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;

/// Logs a line as Alembic's `alembic.runtime.migration` logger does with
/// the stock logging configuration (on standard error).
pub fn log_info(out: &mut Output, message: &str) {
    out.info("alembic.runtime.migration", message);
}

/// Alembic's start-up lines of a migration context: `Context impl ...`,
/// `Generating static SQL` offline, and `Will assume (non-)transactional
/// DDL.` Online the last says what aludel does, in Alembic's words: SQLite
/// DDL runs inside aludel's transaction (Alembic's SQLite runs it outside
/// any), so there aludel says `transactional` where Alembic does not.
pub fn log_context(out: &mut Output, info: &DialectInfo, offline: bool) {
    log_info(out, &format!("Context impl {}.", info.impl_name));
    if offline {
        log_info(out, "Generating static SQL");
    }
    let transactional = if offline {
        info.transactional_ddl
    } else {
        info.single_transaction
    };
    let kind = if transactional {
        "transactional"
    } else {
        "non-transactional"
    };
    log_info(out, &format!("Will assume {kind} DDL."));
}

/// The name of the migration lock: the version table, as a run that
/// shares it must not migrate at the same time.
fn lock_key(table: &VersionTable) -> String {
    match &table.schema {
        Some(schema) => format!("{schema}.{}", table.name),
        None => table.name.clone(),
    }
}

/// The run's timeouts and statement retries: the command's options over
/// the `[tool.aludel]` keys of the same names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunLimits {
    /// Lock, statement and migration-lock timeouts.
    pub timeouts: Timeouts,
    /// How often a statement that hit the lock timeout is tried again.
    pub retries: u32,
}

impl RunLimits {
    /// The limits of a command run with `args` (none for commands without
    /// the options) under `config`.
    pub fn resolve(args: Option<&LimitArgs>, config: &Config) -> RunLimits {
        let settings = config.aludel();
        let args = args.cloned().unwrap_or_default();
        RunLimits {
            timeouts: Timeouts {
                lock: args.lock_timeout.or(settings.lock_timeout),
                statement: args.statement_timeout.or(settings.statement_timeout),
                migration_lock: args
                    .migration_lock_timeout
                    .or(settings.migration_lock_timeout)
                    .unwrap_or(DEFAULT_MIGRATION_LOCK_WAIT),
            },
            retries: args.retries.or(settings.retries).unwrap_or(0),
        }
    }
}

/// The pause before retry `attempt` (1, 2, ...): 0.5 s doubling, 10 s at most.
fn retry_pause(attempt: u32) -> Duration {
    let doubled = 500u64.saturating_mul(1 << attempt.saturating_sub(1).min(10));
    Duration::from_millis(doubled.min(10_000))
}

/// The savepoint a retried statement is undone to.
const RETRY_SAVEPOINT: &str = "aludel_retry";

/// Where the statements go.
enum Mode {
    /// A live database.
    Online(Box<Database>),
    /// A `--sql` script.
    Offline,
}

/// One run of steps against the version table.
pub struct Runner<'o> {
    out: &'o mut Output,
    mode: Mode,
    info: &'static DialectInfo,
    table: VersionTable,
    /// Whether an online transaction is open.
    in_transaction: bool,
    /// One transaction for the whole run (else one per step).
    whole_run: bool,
    /// `transaction_per_migration`: offline, a `BEGIN`/`COMMIT` per step.
    per_step: bool,
    /// Whether a step has begun (failures before that changed nothing).
    stepped: bool,
    /// MariaDB rather than MySQL: from the URL, or online from the server,
    /// as SQLAlchemy decides.
    mariadb: bool,
    /// The URL names MariaDB (`mariadb://`): SQLAlchemy's dialect name,
    /// which a MariaDB server behind a `mysql://` URL does not change.
    named_mariadb: bool,
    /// The project runs SQLAlchemy 2.0, whose MariaDB `sa.Uuid` is
    /// `CHAR(32)` (read from its pins, as the model reader does).
    sqlalchemy_20: bool,
    /// The next step's place in the run, shown on a terminal.
    progress: Option<(usize, usize)>,
    /// Timeouts and retries.
    limits: RunLimits,
    /// Whether `aludel_revisions` is known to exist in this run.
    log_ready: bool,
    /// `record_revisions`: keep checksums in `aludel_revisions`.
    record_revisions: bool,
    /// The database's name in a project that migrates several.
    database: Option<String>,
}

impl<'o> Runner<'o> {
    /// Connects (online) or prepares the script (offline), logs Alembic's
    /// start-up lines and opens the run's transaction: one for the whole
    /// run online where the dialect allows it, `BEGIN;` offline on
    /// dialects with transactional DDL.
    pub fn start(
        config: &Config,
        offline: bool,
        limits: RunLimits,
        out: &'o mut Output,
    ) -> CmdResult<Runner<'o>> {
        let mut offline_dialect = None;
        let (mode, info, mariadb, named_mariadb) = if offline {
            let (url, _) = config.require_database_url()?;
            let named = url.is_mariadb();
            offline_dialect = Some(url.dialect());
            (Mode::Offline, DialectInfo::of(&url), named, named)
        } else {
            let db = Database::open(config)?;
            let info = DialectInfo::of(&db.url);
            let mariadb = db.conn.is_mariadb();
            let named = db.url.is_mariadb();
            (Mode::Online(Box::new(db)), info, mariadb, named)
        };
        let mut runner = Runner {
            out,
            mode,
            info,
            table: version_table(config),
            in_transaction: false,
            whole_run: info.single_transaction && !config.aludel().transaction_per_migration,
            per_step: config.aludel().transaction_per_migration,
            stepped: false,
            mariadb,
            named_mariadb,
            sqlalchemy_20: aludel_python::models::detect_version(&config.here()).sqlalchemy_20,
            progress: None,
            limits,
            log_ready: false,
            record_revisions: config.aludel().record_revisions,
            database: config.database_name().map(str::to_string),
        };
        let per_step_offline = runner.per_step;
        if offline && !runner.out.watched() {
            runner.out.buffer_stderr();
        }
        log_context(runner.out, info, offline);
        match &mut runner.mode {
            Mode::Offline => {
                // beyond Alembic, only when asked for: the session's limits
                if let Some(dialect) = offline_dialect {
                    for sql in session_timeout_sql(dialect, mariadb, &limits.timeouts) {
                        runner.statement(&sql);
                    }
                }
                if let Some(begin) = info.offline_begin().filter(|_| !per_step_offline) {
                    runner.statement(begin);
                }
            }
            Mode::Online(db) => {
                db.conn.set_timeouts(&limits.timeouts)?;
                db.conn
                    .lock_migrations(&lock_key(&runner.table), limits.timeouts.migration_lock)?;
                if runner.whole_run {
                    db.conn.begin()?;
                    runner.in_transaction = true;
                }
            }
        }
        Ok(runner)
    }

    /// The SQL renderer of the run's database (MariaDB's flavour where
    /// SQLAlchemy would use it).
    pub fn renderer(&self) -> &'static dyn aludel_core::dialect::Dialect {
        if self.mariadb {
            aludel_core::dialect::mariadb_for(self.sqlalchemy_20)
        } else {
            self.info.kind().dialect()
        }
    }

    /// What revision bodies are evaluated for in this run.
    pub fn body_context(&self) -> aludel_python::body::BodyContext {
        aludel_python::body::BodyContext {
            dialect: self.info.kind(),
            mariadb: self.named_mariadb,
            offline: self.is_offline(),
            sqlalchemy_20: self.sqlalchemy_20,
        }
    }

    /// The database's name in a project that migrates several (revision
    /// files run `upgrade_<name>()` for it).
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// Numbers the next step (`[12/1000]` after its log line on a terminal).
    pub fn set_progress(&mut self, done: usize, total: usize) {
        self.progress = Some((done, total));
    }

    /// Prints a `UserWarning` line.
    pub fn warn(&mut self, message: &str) {
        self.out.warn(message);
    }

    /// Whether this run prints a script.
    pub fn is_offline(&self) -> bool {
        matches!(self.mode, Mode::Offline)
    }

    fn sql(&self) -> VersionTableSql<'_> {
        VersionTableSql::new(self.info, &self.table)
    }

    /// Prints one statement of the script: the SQL (tabs as four spaces,
    /// as Alembic prints them), `;`, a blank line.
    fn statement(&mut self, sql: &str) {
        let sql = sql.replace('\t', "    ");
        self.out.script(&format!("{sql};\n\n"));
    }

    /// The version rows the run starts from: the table's rows online, the
    /// given start revisions offline.
    pub fn current_rows(&mut self, offline_start: &[String]) -> CmdResult<Vec<String>> {
        match &mut self.mode {
            Mode::Online(db) => db.current_heads(),
            Mode::Offline => Ok(offline_start.to_vec()),
        }
    }

    /// Creates the version table: online only if it is missing; offline
    /// the `CREATE TABLE` is printed.
    pub fn ensure_version_table(&mut self) -> CmdResult {
        match &mut self.mode {
            Mode::Online(db) => {
                db.conn.ensure_version_table(&self.table)?;
            }
            Mode::Offline => {
                let create = self.sql().create_table();
                self.statement(&create);
            }
        }
        Ok(())
    }

    /// `--purge`: creates the table if needed and deletes every row.
    pub fn purge(&mut self) -> CmdResult {
        match &mut self.mode {
            Mode::Online(db) => {
                db.conn.ensure_version_table(&self.table)?;
                db.conn.purge_versions(&self.table)?;
                Ok(())
            }
            Mode::Offline => Err(CommandFailed::new("Can't use --purge with --sql mode")),
        }
    }

    /// Announces a step: the `Running ...` log line, and offline the
    /// version table's `CREATE` when no row exists yet (as Alembic does
    /// before each step that starts from nothing) and the comment line.
    /// Online without a whole-run transaction, a transaction per step opens.
    /// `comment` is the script's form (Alembic leaves the docstring out).
    pub fn begin_step(
        &mut self,
        rows: &VersionRows,
        description: &str,
        comment: &str,
    ) -> CmdResult {
        self.stepped = true;
        if self.is_offline() && self.per_step {
            if let Some(begin) = self.info.offline_begin() {
                self.statement(begin);
            }
        }
        if self.is_offline() && rows.is_empty() {
            let create = self.sql().create_table();
            self.statement(&create);
        }
        let progress = match self.progress.take() {
            Some((done, total)) if self.out.watched() => format!("  [{done}/{total}]"),
            _ => String::new(),
        };
        log_info(self.out, &format!("Running {description}{progress}"));
        match &mut self.mode {
            Mode::Offline => self.out.script(&format!("-- Running {comment}\n\n")),
            Mode::Online(db) => {
                if !self.in_transaction {
                    db.conn.begin()?;
                    self.in_transaction = true;
                }
            }
        }
        Ok(())
    }

    /// Runs (online) or prints (offline) one statement of a migration.
    /// Online, a statement that hits the lock timeout is tried again up to
    /// the run's `retries`: inside a transaction it is undone to a
    /// savepoint first, so what ran before it stays (MySQL's DDL, which
    /// commits at once, needs none).
    pub fn migration_statement(&mut self, sql: &str) -> Result<(), DbError> {
        let db = match &mut self.mode {
            Mode::Offline => {
                self.out.script(&format!("{sql};\n\n"));
                return Ok(());
            }
            Mode::Online(db) => db,
        };
        let retries = self.limits.retries;
        if retries == 0 {
            return db.conn.run(sql);
        }
        let savepoint = self.in_transaction && !self.info.ddl_autocommits;
        let mut attempt = 0;
        loop {
            if savepoint {
                db.conn.run(&format!("SAVEPOINT {RETRY_SAVEPOINT}"))?;
            }
            match db.conn.run(sql) {
                Ok(()) => {
                    if savepoint {
                        db.conn
                            .run(&format!("RELEASE SAVEPOINT {RETRY_SAVEPOINT}"))?;
                    }
                    return Ok(());
                }
                Err(DbError::LockTimeout { message, .. }) if attempt < retries => {
                    if savepoint {
                        db.conn
                            .run(&format!("ROLLBACK TO SAVEPOINT {RETRY_SAVEPOINT}"))?;
                    }
                    attempt += 1;
                    let pause = retry_pause(attempt);
                    let first_line = sql.lines().next().unwrap_or(sql);
                    self.out.note(&format!(
                        "WARN  [aludel.runner] {}; retry {attempt} of {retries} in {}: {first_line}",
                        message.lines().next().unwrap_or(&message),
                        describe_duration(pause)
                    ));
                    std::thread::sleep(pause);
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Before an `autocommit_block`: commits the open transaction so the
    /// block's statements run outside one, as Alembic does; true when a
    /// transaction must be opened again after the block. SQLite keeps its
    /// transaction: it needs none of this, and its write transaction is the
    /// lock that keeps a concurrent run out.
    pub fn leave_transaction(&mut self) -> CmdResult<bool> {
        match &mut self.mode {
            Mode::Online(db) if self.in_transaction && !self.info.transaction_is_lock => {
                db.conn.commit()?;
                self.in_transaction = false;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// After an `autocommit_block`: opens the transaction again.
    pub fn reenter_transaction(&mut self) -> CmdResult {
        if let Mode::Online(db) = &mut self.mode {
            db.conn.begin()?;
            self.in_transaction = true;
        }
        Ok(())
    }

    /// The live connection, online.
    pub fn connection(&mut self) -> Option<&mut dyn aludel_db::driver::Connection> {
        match &mut self.mode {
            Mode::Online(db) => Some(db.conn.as_mut()),
            Mode::Offline => None,
        }
    }

    /// Writes a step's row changes (executed online, printed offline).
    pub fn apply(&mut self, changes: &[RowChange]) -> CmdResult {
        for change in changes {
            match &mut self.mode {
                Mode::Online(db) => match change {
                    RowChange::Insert(id) => db.conn.insert_version(&self.table, id)?,
                    RowChange::Update { from, to } => {
                        db.conn.update_version(&self.table, from, to)?
                    }
                    RowChange::Delete(id) => db.conn.delete_version(&self.table, id)?,
                },
                Mode::Offline => {
                    let sql = match change {
                        RowChange::Insert(id) => self.sql().insert(id, true),
                        RowChange::Update { from, to } => self.sql().update(from, to),
                        RowChange::Delete(id) => self.sql().delete(id),
                    };
                    self.statement(&sql);
                }
            }
        }
        Ok(())
    }

    /// Online with `record_revisions`, records in `aludel_revisions` that `revision` was applied
    /// from a file with `checksum` (or, for a downgrade, that it no longer
    /// is), in the step's transaction. Offline nothing is printed: scripts
    /// stay Alembic's.
    pub fn record_step(
        &mut self,
        revision: &str,
        upgrade: bool,
        checksum: &str,
        path: &str,
    ) -> CmdResult {
        let Mode::Online(db) = &mut self.mode else {
            return Ok(());
        };
        if !self.record_revisions {
            return Ok(());
        }
        let table = revision_log::table_for(&self.table);
        if !self.log_ready {
            revision_log::ensure(db.conn.as_mut(), self.info, &table)?;
            self.log_ready = true;
        }
        if upgrade {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            revision_log::record(
                db.conn.as_mut(),
                self.info,
                &table,
                revision,
                checksum,
                path,
                &now,
            )?;
        } else {
            revision_log::forget(db.conn.as_mut(), self.info, &table, revision)?;
        }
        Ok(())
    }

    /// Ends a step: commits its own transaction when the dialect has no
    /// whole-run transaction.
    pub fn end_step(&mut self) -> CmdResult {
        match &mut self.mode {
            Mode::Online(db) => {
                if self.in_transaction && !self.whole_run {
                    db.conn.commit()?;
                    self.in_transaction = false;
                }
            }
            Mode::Offline => {
                if let Some(commit) = self.info.offline_commit().filter(|_| self.per_step) {
                    self.statement(commit);
                }
            }
        }
        Ok(())
    }

    /// Ends the run: commits (online) or prints `COMMIT;` (offline, on
    /// dialects with transactional DDL).
    pub fn finish(mut self) -> CmdResult {
        match &mut self.mode {
            Mode::Online(db) => {
                if self.in_transaction {
                    db.conn.commit()?;
                }
                db.conn.unlock_migrations(&lock_key(&self.table))?;
            }
            Mode::Offline => {
                if let Some(commit) = self.info.offline_commit().filter(|_| !self.per_step) {
                    self.statement(commit);
                }
            }
        }
        Ok(())
    }

    /// Ends a failed run: rolls back what the open transaction did, logs
    /// the failure as Alembic's logger does, and hands the failure on.
    pub fn fail(mut self, mut failed: CommandFailed) -> CommandFailed {
        if let Mode::Online(db) = &mut self.mode {
            let state = if !self.in_transaction || !self.stepped {
                None
            } else if self.whole_run {
                Some("rolled back: nothing of this run was applied; the version table is as it was before it")
            } else if self.info.ddl_autocommits {
                Some("MySQL commits each DDL statement at once: statements of the failing revision that ran before the failure stay applied; the version table stays at the last revision that fully applied")
            } else {
                Some("rolled back the failing revision; the version table stays at the last revision that fully applied")
            };
            if let Some(state) = state {
                failed = failed.with_detail(state);
            }
            if self.in_transaction {
                // The failure itself is what to report; a failing rollback
                // leaves nothing committed either.
                let _ = db.conn.rollback();
            }
            // The session's end releases the lock too; this is courtesy.
            let _ = db.conn.unlock_migrations(&lock_key(&self.table));
        }
        self.out.note(&format!(
            "ERROR [alembic.util.messaging] {}",
            failed.message
        ));
        failed
    }
}
