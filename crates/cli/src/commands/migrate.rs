//! `aludel upgrade` and `aludel downgrade`: run revisions' bodies against
//! the database (or print them as a `--sql` script), keeping the version
//! table as Alembic does.

use std::path::Path;
use std::time::Instant;

use aludel_core::ops::Op;
use aludel_core::{Step, VersionRows};
use aludel_db::driver::DbError;
use aludel_python::body::{BodyContext, LocatedOp};
use serde_json::json;

use crate::args::MigrateArgs;
use crate::bodies::{apply_env_convention, env_convention, evaluate_steps_for};
use crate::commands::stamp::offline_start;
use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;
use crate::runner::{RunLimits, Runner};
use crate::statements::Statements;

/// What to do about a statement that gave up waiting for a lock.
const LOCK_TIMEOUT_HINT: &str = "another session holds a lock on what the statement changes: \
     let its transaction finish (PostgreSQL: pg_stat_activity and pg_locks; MySQL: SHOW PROCESSLIST), \
     run again later, or retry on its own with --retries N";

/// Runs of at least this many steps number their log lines on a terminal.
const PROGRESS_FROM: usize = 10;

/// Which way a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `upgrade`.
    Up,
    /// `downgrade`.
    Down,
}

impl Direction {
    fn command(self) -> &'static str {
        match self {
            Direction::Up => "upgrade",
            Direction::Down => "downgrade",
        }
    }
}

/// What a finished step reports in `--json` output.
struct StepReport {
    revision: String,
    description: String,
    statements: usize,
    millis: f64,
}

/// Runs `upgrade` or `downgrade`: on the configured database, or on each
/// database of a project that migrates several ([`crate::multidb`]).
pub fn run(
    project: &Project,
    args: &MigrateArgs,
    direction: Direction,
    out: &mut Output,
) -> CmdResult {
    let databases = project.config.databases()?;
    if databases.is_empty() {
        return run_one(project, &project.config, args, direction, out);
    }
    crate::multidb::run_each(
        project,
        &databases,
        &args.databases,
        args.jobs,
        args.sql,
        out,
        |config, out| run_one(project, config, args, direction, out),
    )
}

/// Runs the command on the database `config` names.
fn run_one(
    project: &Project,
    config: &Config,
    args: &MigrateArgs,
    direction: Direction,
    out: &mut Output,
) -> CmdResult {
    let (start, destination) = split_range(args, direction)?;
    if !args.sql {
        crate::backup::before_run(config, args.backup.as_deref().map(Path::new), out)?;
    }
    let mut runner = Runner::start(
        config,
        args.sql,
        RunLimits::resolve(Some(&args.limits), config),
        out,
    )?;
    match migrate(
        project,
        start.as_deref(),
        &destination,
        direction,
        &mut runner,
    ) {
        Ok((reports, rows)) => {
            runner.finish()?;
            if out.json_mode() && !args.sql {
                out.json(&report_json(direction, &reports, &rows));
            }
            Ok(())
        }
        Err(failed) => Err(runner.fail(failed)),
    }
}

/// The start (offline only) and the destination of the command's argument,
/// with Alembic's checks of ranges.
fn split_range(args: &MigrateArgs, direction: Direction) -> CmdResult<(Option<String>, String)> {
    match args.revision.split_once(':') {
        Some(_) if !args.sql => Err(CommandFailed::new("Range revision not allowed")),
        Some((start, destination)) => Ok((Some(start.to_string()), destination.to_string())),
        None if args.sql && direction == Direction::Down => Err(CommandFailed::new(
            "downgrade with --sql requires <fromrev>:<torev>",
        )),
        None => Ok((None, args.revision.clone())),
    }
}

fn migrate(
    project: &Project,
    start: Option<&str>,
    destination: &str,
    direction: Direction,
    runner: &mut Runner<'_>,
) -> CmdResult<(Vec<StepReport>, Vec<String>)> {
    let graph = &project.graph;
    let offline = runner.is_offline();
    let start_rows = offline_start(graph, start)?;
    let current = runner.current_rows(&start_rows)?;
    if !offline && current.is_empty() {
        runner.ensure_version_table()?;
    }
    let plan = match direction {
        Direction::Up => graph.upgrade_plan(destination, &current)?,
        Direction::Down => graph.downgrade_plan(destination, &current)?,
    };
    for warning in &plan.warnings {
        runner.warn(warning);
    }
    let mut step_ops = evaluate_steps_for(
        graph,
        &project.sources,
        &plan.steps,
        runner.body_context(),
        runner.database(),
    )?;
    // env.py is read once per run, not per step.
    let convention = env_convention(&project.config);
    apply_env_convention(
        convention.as_ref(),
        &mut step_ops,
        runner.body_context().dialect,
    );
    let mut statements = Statements::new(runner.renderer());
    if offline && !current.is_empty() && statements.needs_replay() {
        // The script starts mid-history: replay what came before it.
        let mut before: Vec<Step> = Vec::new();
        for id in &current {
            for step in graph.upgrade_plan(id, &[])?.steps {
                if !before.contains(&step) {
                    before.push(step);
                }
            }
        }
        // Nothing of these revisions is printed, so they are evaluated as
        // for a live run (offline-only refusals do not apply), and one that
        // cannot be evaluated only leaves its tables' shapes unknown: a
        // later rebuild that needs them says so.
        for &step in &before {
            if let Ok(mut ops) = evaluate_steps_for(
                graph,
                &project.sources,
                &[step],
                BodyContext {
                    offline: false,
                    ..runner.body_context()
                },
                runner.database(),
            ) {
                apply_env_convention(convention.as_ref(), &mut ops, runner.body_context().dialect);
                for located in ops.iter().flatten() {
                    statements.replay(&located.op);
                }
            }
        }
    }
    let mut rows = VersionRows::new(current);
    let mut reports = Vec::with_capacity(plan.steps.len());
    let total = plan.steps.len();
    for (n, (&step, ops)) in plan.steps.iter().zip(&step_ops).enumerate() {
        let started = Instant::now();
        if total >= PROGRESS_FROM {
            runner.set_progress(n + 1, total);
        }
        let count = run_step(project, step, ops, &mut statements, &mut rows, runner)?;
        reports.push(StepReport {
            revision: graph.node(step.revision).id().to_string(),
            description: step.describe(graph),
            statements: count,
            millis: started.elapsed().as_secs_f64() * 1000.0,
        });
    }
    Ok((reports, rows.rows().to_vec()))
}

/// Runs one step of a started run: its log line, its operations (`ops`,
/// evaluated for the run's database), what its end leaves to do, its
/// version-row changes (applied to `rows` too) and its record; the number
/// of statements it ran. `aludel test` runs its up / down / up stairway
/// through this, step by step.
pub(crate) fn run_step(
    project: &Project,
    step: Step,
    ops: &[LocatedOp],
    statements: &mut Statements,
    rows: &mut VersionRows,
    runner: &mut Runner<'_>,
) -> CmdResult<usize> {
    let graph = &project.graph;
    runner.begin_step(rows, &step.describe(graph), &step.short_description(graph))?;
    let mut count = run_ops(project, step, ops, statements, runner)?;
    count += end_step_statements(project, step, statements, runner)?;
    let changes = rows
        .apply_migration(graph, step)
        .map_err(CommandFailed::from_display)?;
    runner.apply(&changes)?;
    let node = graph.node(step.revision);
    let text = project
        .sources
        .get(step.revision)
        .map_or("", String::as_str);
    runner.record_step(
        node.id(),
        step.upgrade,
        &checksum(text),
        &relative_path(project, &node.rev.path),
    )?;
    runner.end_step()?;
    Ok(count)
}

/// The checksum `aludel_revisions` keeps of a revision file's text.
pub fn checksum(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A revision file's path relative to the config file's directory (as
/// recorded: the same on every machine that checks the project out).
pub fn relative_path(project: &Project, path: &str) -> String {
    let here = project.config.here();
    Path::new(path)
        .strip_prefix(&here)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string())
}

/// Runs what a step leaves for its end (enum types its dropped columns
/// no longer need); the number of statements.
fn end_step_statements(
    project: &Project,
    step: Step,
    statements: &mut Statements,
    runner: &mut Runner<'_>,
) -> CmdResult<usize> {
    let node = project.graph.node(step.revision);
    let direction = if step.upgrade { "upgrade" } else { "downgrade" };
    let place = || {
        format!(
            "after {direction}() of revision {} ({})",
            node.id(),
            node.rev.path
        )
    };
    let sql = statements
        .end_step(runner.connection())
        .map_err(|e| CommandFailed::new(e.to_string()).with_detail(place()))?;
    for s in &sql {
        runner.migration_statement(s).map_err(|e| {
            CommandFailed::new(e.to_string())
                .with_detail(place())
                .with_detail(format!("while running: {s}"))
        })?;
    }
    Ok(sql.len())
}

/// Renders and runs one step's operations; the number of statements.
fn run_ops(
    project: &Project,
    step: Step,
    ops: &[LocatedOp],
    statements: &mut Statements,
    runner: &mut Runner<'_>,
) -> CmdResult<usize> {
    let mut count = 0;
    for located in ops {
        match &located.op {
            Op::Autocommit(inner) if !runner.is_offline() => {
                let reopen = runner.leave_transaction()?;
                for op in inner {
                    count += run_op(project, step, located, op, statements, runner)?;
                }
                if reopen {
                    runner.reenter_transaction()?;
                }
            }
            op => count += run_op(project, step, located, op, statements, runner)?,
        }
    }
    Ok(count)
}

/// Renders and runs one operation (`located` says where it is written).
fn run_op(
    project: &Project,
    step: Step,
    located: &LocatedOp,
    op: &Op,
    statements: &mut Statements,
    runner: &mut Runner<'_>,
) -> CmdResult<usize> {
    let rendered = statements
        .render(op, runner.connection())
        .map_err(|e| op_failure(project, step, located, &e.to_string(), None))?;
    for sql in &rendered {
        runner.migration_statement(sql).map_err(|e| {
            let failed = match &e {
                DbError::Statement { message, .. } | DbError::LockTimeout { message, .. } => {
                    op_failure(project, step, located, message, Some(sql))
                }
                other => op_failure(project, step, located, &other.to_string(), Some(sql)),
            };
            match e {
                DbError::LockTimeout { .. } => failed.with_detail(LOCK_TIMEOUT_HINT),
                _ => failed,
            }
        })?;
    }
    Ok(rendered.len())
}

/// A failing operation: what failed, in which revision and where in its
/// file, and the SQL.
fn op_failure(
    project: &Project,
    step: Step,
    located: &LocatedOp,
    message: &str,
    sql: Option<&str>,
) -> CommandFailed {
    let node = project.graph.node(step.revision);
    let direction = if step.upgrade { "upgrade" } else { "downgrade" };
    let mut failed = CommandFailed::new(message.lines().next().unwrap_or(message).to_string())
        .with_detail(format!(
            "in {direction}() of revision {} at {}:{}:{} (op.{})",
            node.id(),
            node.rev.path,
            located.line,
            located.column,
            located.op.name()
        ));
    for line in message.lines().skip(1) {
        failed = failed.with_detail(line.trim().to_string());
    }
    if let Some(sql) = sql {
        failed = failed.with_detail(format!("while running: {sql}"));
    }
    failed
}

fn report_json(direction: Direction, reports: &[StepReport], rows: &[String]) -> serde_json::Value {
    json!({
        "command": direction.command(),
        "steps": reports.iter().map(|r| json!({
            "revision": r.revision,
            "description": r.description,
            "statements": r.statements,
            "milliseconds": r.millis,
        })).collect::<Vec<_>>(),
        "heads": rows,
    })
}
