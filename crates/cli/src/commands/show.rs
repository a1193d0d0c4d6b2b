//! `aludel show REV`: the verbose block of each revision a target names.

use aludel_core::Pos;
use serde_json::Value;

use super::format::{log_entry, revision_json};
use super::needs_database;
use crate::args::RevArg;
use crate::error::CmdResult;
use crate::output::Output;
use crate::project::Project;

/// Prints the verbose block of each revision `REV` resolves to.
pub fn run(project: &Project, args: &RevArg, out: &mut Output) -> CmdResult {
    if args.rev == "current" {
        return Err(needs_database("show current"));
    }
    let graph = &project.graph;
    let revs: Vec<usize> = graph
        .resolve_for_command(&args.rev)?
        .into_iter()
        .filter_map(|p| p.and_then(Pos::rev))
        .collect();
    if out.json_mode() {
        let list: Vec<Value> = revs
            .iter()
            .map(|&i| revision_json(graph, i, None))
            .collect();
        out.json(&Value::Array(list));
        return Ok(());
    }
    for idx in revs {
        out.line(&log_entry(graph, idx, false));
    }
    Ok(())
}
