//! Migration runs on a scratch database through the runner `upgrade` and
//! `downgrade` use ([`crate::runner::Runner`], `migrate::run_step`), one
//! step at a time, quietly: the log lines go to a buffer that a failure
//! report takes from.

use std::time::Duration;

use aludel_core::ops::Op;
use aludel_core::{Step, VersionRows};
use aludel_db::scratch::ScratchDb;
use aludel_python::body::LocatedOp;

use crate::commands::migrate::run_step;
use crate::error::{CmdResult, CommandFailed};
use crate::multidb::Captured;
use crate::output::Output;
use crate::runner::{RunLimits, Runner};
use crate::statements::Statements;

use super::context::Context;

/// A quiet output whose log lines (standard error) land in `capture`.
pub fn quiet_output(capture: &Captured) -> Output {
    Output::to_writers(
        true,
        false,
        Box::new(std::io::sink()),
        Box::new(capture.clone()),
    )
}

/// Starts a run on `db`: connects, takes the migration lock, reads the
/// version rows (creating the version table when there are none).
pub fn start<'o>(
    ctx: &Context<'_>,
    db: &ScratchDb,
    out: &'o mut Output,
) -> CmdResult<(Runner<'o>, VersionRows)> {
    let config = ctx.config_for(db);
    let mut runner = Runner::start(&config, false, RunLimits::resolve(None, &config), out)
        .map_err(|f| {
            f.with_detail(format!(
                "while connecting to the scratch database {}",
                db.url()
            ))
        })?;
    if let Some(conn) = runner.connection() {
        if conn.dialect() == aludel_db::url::Dialect::Sqlite {
            // nothing on a scratch file outlives the run: no fsync per commit
            // (a copy reads the committed pages through the OS all the same)
            conn.run("PRAGMA synchronous = OFF")?;
        }
    }
    if let (Some(schema), Some(conn)) = (&ctx.version_table.schema, runner.connection()) {
        // The configured database has the schema the version table lives
        // in; a fresh one has not. (On MySQL that schema is another
        // database, outside the scratch one: left to the user.)
        if conn.dialect() == aludel_db::url::Dialect::Postgresql {
            conn.run(&format!(
                "CREATE SCHEMA IF NOT EXISTS \"{}\"",
                schema.replace('"', "\"\"")
            ))?;
        }
    }
    let current = runner.current_rows(&[])?;
    if current.is_empty() {
        runner.ensure_version_table()?;
    }
    Ok((runner, VersionRows::new(current)))
}

/// Runs one step in its own transaction (a fresh set of statements, as a
/// separate `upgrade` / `downgrade` command would have).
pub fn step(
    ctx: &Context<'_>,
    runner: &mut Runner<'_>,
    rows: &mut VersionRows,
    step: Step,
    ops: &[LocatedOp],
) -> CmdResult {
    let mut statements = Statements::new(runner.renderer());
    run_step(ctx.project, step, ops, &mut statements, rows, runner).map(drop)
}

/// Whether a failing step of `ops` leaves the database as it was before the
/// step: its transaction is rolled back, and nothing in it commits early
/// (MySQL's DDL does, and so does an `autocommit_block`).
pub fn rolls_back(ctx: &Context<'_>, ops: &[LocatedOp]) -> bool {
    ctx.transactional_ddl && !ops.iter().any(|l| matches!(l.op, Op::Autocommit(_)))
}

/// A new scratch database with the first `upto` upgrades of the run
/// applied (an empty one for 0): a worker's start where databases cannot
/// be copied, and the way back to a known schema after a failure. An upgrade
/// that fails says which revision blocks the way.
pub fn fresh_at(ctx: &Context<'_>, upto: usize) -> Result<ScratchDb, String> {
    let db = ScratchDb::create(&ctx.base_url).map_err(|e| e.to_string())?;
    if upto == 0 {
        return Ok(db);
    }
    let capture = Captured::default();
    let mut out = quiet_output(&capture);
    let (mut runner, mut rows) = start(ctx, &db, &mut out).map_err(|f| f.message)?;
    for index in 0..upto {
        if super::interrupt::interrupted() {
            let _ = runner.finish();
            return Err(super::interrupt::REASON.to_string());
        }
        let up = ctx.all_steps[index];
        let result = match &ctx.up_ops[index] {
            Ok(ops) => step(ctx, &mut runner, &mut rows, up, ops),
            Err(failed) => Err(failed.clone()),
        };
        if let Err(failed) = result {
            let why = failed.message.clone();
            let _ = runner.fail(failed);
            return Err(ctx.blocked_by(up, Some(&why)));
        }
    }
    runner.finish().map_err(|f| f.message)?;
    Ok(db)
}

/// How long a check took, for the reports.
pub fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// A runner failure as the check's failure: the message, the details the
/// run added (where in which file, the SQL, what stayed applied), and the
/// step's log lines.
pub fn failure_status(failed: CommandFailed, log: String) -> super::outcome::Status {
    super::outcome::Status::Fail {
        message: failed.message,
        details: failed.details,
        log: log.lines().map(str::to_string).collect(),
    }
}
