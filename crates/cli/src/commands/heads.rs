//! `aludel heads`: the head revisions, in load order.

use serde_json::Value;

use super::format::{cmd_format, revision_json, LineParts};
use crate::args::HeadsArgs;
use crate::error::CmdResult;
use crate::output::Output;
use crate::project::Project;

/// Prints one line (or block) per head; with `--resolve-dependencies`,
/// only heads no other revision depends on.
pub fn run(project: &Project, args: &HeadsArgs, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let heads = if args.resolve_dependencies {
        graph.real_heads()
    } else {
        graph.heads()
    };
    if out.json_mode() {
        let list: Vec<Value> = heads
            .iter()
            .map(|&h| revision_json(graph, h, None))
            .collect();
        out.json(&Value::Array(list));
        return Ok(());
    }
    let parts = LineParts {
        branches: true,
        ..Default::default()
    };
    for &head in heads {
        out.line(&cmd_format(graph, head, args.verbose, parts, false));
    }
    Ok(())
}
