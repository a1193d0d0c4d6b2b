//! `aludel branches`: each branch point and the revisions it branches into.

use serde_json::Value;

use super::format::{cmd_format, one_line, revision_json, LineParts};
use crate::args::VerboseArgs;
use crate::error::CmdResult;
use crate::output::Output;
use crate::project::Project;

/// Prints every branch point (newest first) followed by its children.
pub fn run(project: &Project, args: &VerboseArgs, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let order = graph.walk_revisions("base", "heads")?;
    let points: Vec<usize> = order
        .into_iter()
        .filter(|&i| graph.node(i).is_branch_point())
        .collect();
    if out.json_mode() {
        let list: Vec<Value> = points
            .iter()
            .map(|&p| revision_json(graph, p, None))
            .collect();
        out.json(&Value::Array(list));
        return Ok(());
    }
    let head_parts = LineParts {
        branches: true,
        tree_indicators: true,
        ..Default::default()
    };
    let child_parts = LineParts {
        branches: true,
        doc: args.verbose,
        tree_indicators: true,
        ..Default::default()
    };
    for point in points {
        let indent = " ".repeat(graph.node(point).id().chars().count());
        let children: Vec<String> = graph
            .children(point)
            .iter()
            .map(|&c| format!("{indent} -> {}", one_line(graph, c, child_parts, false)))
            .collect();
        out.line(&format!(
            "{}\n{}\n",
            cmd_format(graph, point, args.verbose, head_parts, false),
            children.join("\n")
        ));
    }
    Ok(())
}
