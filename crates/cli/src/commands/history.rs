//! `aludel history`: revisions newest first, optionally within a range.

use serde_json::Value;

use super::format::{cmd_format, revision_json, LineParts};
use aludel_core::RangeEnd;

use crate::args::HistoryArgs;
use crate::database;
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

/// One end of the range: the database's rows for `current` (the default
/// when there are none), else the text given or the default.
fn range_end<'a>(
    side: Option<&'a str>,
    is_current: bool,
    rows: &'a [String],
    default: &'static str,
) -> RangeEnd<'a> {
    match (is_current, rows.is_empty()) {
        (true, false) => RangeEnd::Heads(rows),
        (true, true) => RangeEnd::Text(default),
        (false, _) => RangeEnd::Text(side.unwrap_or(default)),
    }
}

/// Prints the revisions between the range's ends (all of them by default).
/// `current` as either end, and `--indicate-current`, read the database's
/// version rows.
pub fn run(project: &Project, args: &HistoryArgs, out: &mut Output) -> CmdResult {
    let (base, head) = match &args.rev_range {
        Some(range) => split_range(range)?,
        None => (None, None),
    };
    let base_current = base.as_deref() == Some("current");
    let head_current = head.as_deref() == Some("current");
    let rows = if args.indicate_current || base_current || head_current {
        database::current_heads(&project.config, out)?
    } else {
        Vec::new()
    };
    let base_end = range_end(base.as_deref(), base_current, &rows, "base");
    let head_end = range_end(head.as_deref(), head_current, &rows, "heads");
    let graph = &project.graph;
    let order = graph.walk_range(base_end, head_end)?;
    let is_current =
        |idx: usize| args.indicate_current && rows.iter().any(|r| r == graph.node(idx).id());
    if out.json_mode() {
        let current = |idx: usize| args.indicate_current.then(|| is_current(idx));
        let list: Vec<Value> = order
            .iter()
            .map(|&i| revision_json(graph, i, current(i)))
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
        out.line(&cmd_format(
            graph,
            idx,
            args.verbose,
            parts,
            is_current(idx),
        ));
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
