//! `aludel current`: the revisions the database is at.

use aludel_core::target::ErrorWording;
use aludel_core::Failure;
use serde_json::Value;

use super::format::{cmd_format, revision_json, LineParts};
use crate::args::CurrentArgs;
use crate::database::Database;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Prints the branch tips the version rows stand for.
pub fn run(project: &Project, args: &CurrentArgs, out: &mut Output) -> CmdResult {
    crate::multidb::each_or_one(project, out, |config, out| {
        run_one(project, config, args, out)
    })
}

fn run_one(
    project: &Project,
    config: &crate::config::Config,
    args: &CurrentArgs,
    out: &mut Output,
) -> CmdResult {
    let mut db = Database::open_existing(config, out)?;
    if args.verbose && !out.json_mode() {
        out.line(&format!("Current revision(s) for {}:", db.url));
    }
    let rows = db.current_heads()?;
    let graph = &project.graph;
    if args.check_heads {
        let mut have = rows.clone();
        have.sort();
        have.dedup();
        let mut want = graph.ids(graph.heads());
        want.sort();
        if have != want {
            return Err(CommandFailed::new("Database is not on all head revisions"));
        }
    }
    let current = graph.all_current(&rows).map_err(|e| {
        CommandFailed::from(Failure::from_revision_error(&e, &ErrorWording::default()))
    })?;
    if out.json_mode() {
        let list: Vec<Value> = current
            .iter()
            .map(|&i| revision_json(graph, i, Some(true)))
            .collect();
        out.json(&Value::Array(list));
        return Ok(());
    }
    let parts = LineParts {
        tree_indicators: true,
        ..Default::default()
    };
    for idx in current {
        out.line(&cmd_format(graph, idx, args.verbose, parts, false));
    }
    Ok(())
}
