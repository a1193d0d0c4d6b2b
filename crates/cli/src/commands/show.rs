//! `aludel show REV`: the verbose block of each revision a target names.

use serde_json::Value;

use super::format::{log_entry, revision_json};
use crate::args::RevArg;
use crate::error::CmdResult;
use crate::output::Output;
use crate::project::Project;

/// Prints the verbose block of each revision `REV` resolves to.
pub fn run(project: &Project, args: &RevArg, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let revs = super::target_revisions(project, &args.rev, out)?.unwrap_or_default();
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
