//! The operations of revision bodies: each step's revision file is read,
//! parsed and its `upgrade()` / `downgrade()` evaluated for the run's
//! database — all before the first statement runs, on every core, so that
//! a body aludel cannot run stops the command before it changes anything.

use std::path::Path;

use aludel_core::dialect::DialectKind;
use aludel_core::naming::NamingConvention;
use aludel_core::{RevisionGraph, Step};
use aludel_python::body::{BodyContext, BodyError, LocatedOp, RevisionBody};

use crate::error::{CmdResult, CommandFailed};

/// Evaluates the bodies of `steps`, in order: one list of operations per step.
pub fn evaluate_steps(
    graph: &RevisionGraph,
    sources: &[String],
    steps: &[Step],
    context: BodyContext,
) -> CmdResult<Vec<Vec<LocatedOp>>> {
    evaluate_steps_for(graph, sources, steps, context, None)
}

/// [`evaluate_steps`] for one database of a project that migrates several:
/// a revision that defines `upgrade_<database>()` (Alembic's `multidb`
/// template, whose `upgrade(engine_name)` calls it) runs that function.
pub fn evaluate_steps_for(
    graph: &RevisionGraph,
    sources: &[String],
    steps: &[Step],
    context: BodyContext,
    database: Option<&str>,
) -> CmdResult<Vec<Vec<LocatedOp>>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(steps.len().div_ceil(MIN_STEPS_PER_THREAD))
        .max(1);
    if threads == 1 {
        return steps
            .iter()
            .map(|&step| step_ops(graph, sources, step, &context, database))
            .collect();
    }
    let chunk = steps.len().div_ceil(threads);
    let results: Vec<CmdResult<Vec<Vec<LocatedOp>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = steps
            .chunks(chunk)
            .map(|part| {
                let context = &context;
                scope.spawn(move || {
                    part.iter()
                        .map(|&step| step_ops(graph, sources, step, context, database))
                        .collect::<CmdResult<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(CommandFailed::new(
                        "internal error: evaluating revision bodies failed",
                    ))
                })
            })
            .collect()
    });
    let mut all = Vec::with_capacity(steps.len());
    for part in results {
        all.extend(part?);
    }
    Ok(all)
}

/// Below this many steps per thread, starting threads costs more than it saves.
const MIN_STEPS_PER_THREAD: usize = 32;

/// The operations one step runs, each with its place in the file.
/// `sources` holds the files' text by graph index when the project kept
/// it; otherwise the file is read here.
fn step_ops(
    graph: &RevisionGraph,
    sources: &[String],
    step: Step,
    context: &BodyContext,
    database: Option<&str>,
) -> CmdResult<Vec<LocatedOp>> {
    let base = if step.upgrade { "upgrade" } else { "downgrade" };
    let node = graph.node(step.revision);
    let path = Path::new(&node.rev.path);
    let read;
    let source = match sources.get(step.revision) {
        Some(text) => text.as_str(),
        None => {
            read = std::fs::read_to_string(path).map_err(|err| {
                CommandFailed::new(format!(
                    "Could not read revision {} from {}: {err}",
                    node.id(),
                    path.display()
                ))
            })?;
            read.as_str()
        }
    };
    let body =
        RevisionBody::parse(path, source).map_err(|err| body_failure(node.id(), base, &err))?;
    let function = match database {
        Some(name) if body.defines(&format!("{base}_{name}")) => format!("{base}_{name}"),
        _ => base.to_string(),
    };
    body.evaluate(&function, context)
        .map_err(|err| body_failure(node.id(), &function, &err))
}

/// A revision body aludel cannot evaluate, as a command failure that says
/// where and what to do.
fn body_failure(id: &str, function: &str, err: &BodyError) -> CommandFailed {
    let mut failed = CommandFailed::new(format!(
        "Cannot run {function}() of revision {id}: {}",
        err.message()
    ))
    .with_detail(format!("  --> {}", err.location()));
    for line in err.location().snippet().lines() {
        failed = failed.with_detail(line.to_string());
    }
    if !err.hint().is_empty() {
        failed = failed.with_detail(format!("  = help: {}", err.hint()));
    }
    failed
}

/// The naming convention env.py gives `target_metadata`, if it sets one
/// aludel can read ([`aludel_python::models::env_naming_convention`]).
pub fn env_convention(config: &crate::config::Config) -> Option<NamingConvention> {
    let source = std::fs::read_to_string(config.script_location().join("env.py")).ok()?;
    aludel_python::models::env_naming_convention(&source).map(NamingConvention::from_pairs)
}

/// Names the unnamed constraints the operations create by env.py's naming
/// convention, as Alembic's operations do ([`NamingConvention::name_ops`]).
pub fn apply_env_convention(
    convention: Option<&NamingConvention>,
    step_ops: &mut [Vec<LocatedOp>],
    dialect: DialectKind,
) {
    let Some(convention) = convention else {
        return;
    };
    for located in step_ops.iter_mut().flatten() {
        convention.name_ops(std::slice::from_mut(&mut located.op), dialect);
    }
}
