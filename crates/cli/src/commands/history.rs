//! `aludel history`: revisions newest first, optionally within a range.

use serde_json::Value;

use super::format::{cmd_format, revision_json, LineParts};
use super::needs_database;
use crate::args::HistoryArgs;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Splits `START:END` as Alembic does (both sides optional).
fn split_range(range: &str) -> CmdResult<(Option<String>, Option<String>)> {
    if !range.contains(':') {
        return Err(CommandFailed::new(
            "History range requires [start]:[end], [start]:, or :[end]",
        ));
    }
    let trimmed = range.trim();
    let parts: Vec<&str> = trimmed.split(':').collect();
    if parts.len() != 2 {
        return Err(CommandFailed::new(format!(
            "History range '{range}' has more than one ':'; write it as [start]:[end]"
        )));
    }
    let side = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Ok((side(parts[0]), side(parts[1])))
}

/// Prints the revisions between the range's ends (all of them by default).
pub fn run(project: &Project, args: &HistoryArgs, out: &mut Output) -> CmdResult {
    let (base, head) = match &args.rev_range {
        Some(range) => split_range(range)?,
        None => (None, None),
    };
    if args.indicate_current
        || base.as_deref() == Some("current")
        || head.as_deref() == Some("current")
    {
        return Err(needs_database(
            "history --indicate-current (or a range with 'current')",
        ));
    }
    let graph = &project.graph;
    let order = graph.walk_revisions(
        base.as_deref().unwrap_or("base"),
        head.as_deref().unwrap_or("heads"),
    )?;
    if out.json_mode() {
        let list: Vec<Value> = order
            .iter()
            .map(|&i| revision_json(graph, i, None))
            .collect();
        out.json(&Value::Array(list));
        return Ok(());
    }
    let parts = LineParts {
        branches: true,
        doc: true,
        parents: true,
        tree_indicators: true,
    };
    for idx in order {
        out.line(&cmd_format(graph, idx, args.verbose, parts, false));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_range;

    #[test]
    fn ranges() {
        assert_eq!(
            split_range("a:b").unwrap(),
            (Some("a".into()), Some("b".into()))
        );
        assert_eq!(split_range(":b").unwrap(), (None, Some("b".into())));
        assert_eq!(split_range("a:").unwrap(), (Some("a".into()), None));
        assert!(split_range("ab").is_err());
        assert!(split_range("a:b:c").is_err());
    }
}
