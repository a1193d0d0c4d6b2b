//! `aludel stamp`: set the version table to revisions without running any
//! migration, online or as a `--sql` script.

use aludel_core::{Failure, RevisionGraph, VersionRows};
use serde_json::{json, Value};

use crate::args::StampArgs;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;
use crate::runner::{RunLimits, Runner};

/// Splits `--sql` arguments of the form `FROM:TO`: the destinations, and
/// the one start they share (`None` when no argument names one).
fn split_offline_ranges(revisions: &[String]) -> CmdResult<(Vec<String>, Option<String>)> {
    let mut start: Option<String> = None;
    let mut destinations = Vec::new();
    for revision in revisions {
        let destination = match revision.split_once(':') {
            Some((from, to)) => {
                match &start {
                    None => start = Some(from.to_string()),
                    Some(s) if s != from => {
                        return Err(CommandFailed::new(
                            "Stamp operation with --sql only supports a single starting revision at a time",
                        ))
                    }
                    Some(_) => {}
                }
                to
            }
            None => revision.as_str(),
        };
        destinations.push(destination.to_string());
    }
    Ok((destinations, start))
}

/// The rows an offline stamp starts from: the start revision (resolved as
/// Alembic's `get_revision` does; `base` is none).
pub(crate) fn offline_start(graph: &RevisionGraph, start: Option<&str>) -> CmdResult<Vec<String>> {
    match start {
        None | Some("base") => Ok(Vec::new()),
        Some(id) => {
            let idx = graph.get_revision(Some(id)).map_err(|e| {
                CommandFailed::from(Failure::from_revision_error(&e, &Default::default()))
            })?;
            Ok(idx
                .map(|i| graph.node(i).id().to_string())
                .into_iter()
                .collect())
        }
    }
}

/// Runs `stamp`.
pub fn run(project: &Project, args: &StampArgs, out: &mut Output) -> CmdResult {
    crate::multidb::each_or_one(project, out, |config, out| {
        run_one(project, config, args, out)
    })
}

fn run_one(
    project: &Project,
    config: &crate::config::Config,
    args: &StampArgs,
    out: &mut Output,
) -> CmdResult {
    let (destinations, start) = if args.sql {
        split_offline_ranges(&args.revisions)?
    } else {
        (args.revisions.clone(), None)
    };
    let mut runner = Runner::start(config, args.sql, RunLimits::resolve(None, config), out)?;
    match stamp(project, args, &destinations, start.as_deref(), &mut runner) {
        Ok(report) => {
            runner.finish()?;
            if out.json_mode() && !args.sql {
                out.json(&report);
            }
            Ok(())
        }
        Err(failed) => Err(runner.fail(failed)),
    }
}

fn stamp(
    project: &Project,
    args: &StampArgs,
    destinations: &[String],
    start: Option<&str>,
    runner: &mut Runner<'_>,
) -> CmdResult<Value> {
    let graph = &project.graph;
    let current = if args.purge {
        runner.purge()?;
        Vec::new()
    } else {
        let offline = offline_start(graph, start)?;
        let current = runner.current_rows(&offline)?;
        if !runner.is_offline() && current.is_empty() {
            runner.ensure_version_table()?;
        }
        current
    };
    let steps = graph.stamp_plan(destinations, &current)?;
    let mut rows = VersionRows::new(current);
    let mut reported = Vec::with_capacity(steps.len());
    for step in &steps {
        let description = step.describe();
        runner.begin_step(&rows, &description, &description)?;
        let changes = rows.apply_stamp(step).map_err(|e| {
            CommandFailed::from_display(e).with_detail(
                "stamp these revisions one at a time, or rewrite the rows with `aludel stamp --purge REVISIONS...`",
            )
        })?;
        runner.apply(&changes)?;
        runner.end_step()?;
        reported.push(json!({
            "description": description,
            "from": step.from,
            "to": step.to,
        }));
    }
    // The `--json` report: the same shape as upgrade's, steps without SQL.
    Ok(json!({
        "command": "stamp",
        "steps": reported,
        "heads": rows.rows(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn offline_ranges_share_one_start() {
        let (dests, start) = split_offline_ranges(&strings(&["a:b", "c", "a:d"])).unwrap();
        assert_eq!(dests, ["b", "c", "d"]);
        assert_eq!(start.as_deref(), Some("a"));
        let err = split_offline_ranges(&strings(&["a:b", "x:d"])).unwrap_err();
        assert_eq!(
            err.message,
            "Stamp operation with --sql only supports a single starting revision at a time"
        );
        assert_eq!(split_offline_ranges(&strings(&["b"])).unwrap().1, None);
    }
}
