//! The text forms of a revision that Alembic prints: the one-line form of
//! `heads` / `history` / `branches`, and the verbose block of `show` and
//! `-v`.

use aludel_core::{RevIdx, RevisionGraph};
use serde_json::{json, Value};

/// Which parts the one-line form includes.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineParts {
    /// ` (label, ...)` after the id.
    pub branches: bool,
    /// `, <doc>` at the end.
    pub doc: bool,
    /// `<parents> -> ` before the id.
    pub parents: bool,
    /// ` (branchpoint)` / ` (mergepoint)`.
    pub tree_indicators: bool,
}

/// Splits lines at the boundaries Python's `str.splitlines` uses.
pub fn python_splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if boundary {
            lines.push(&text[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    end = j + 1;
                }
            }
            start = end;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

fn down_text(graph: &RevisionGraph, idx: RevIdx) -> String {
    let parents = graph.parents(idx);
    if parents.is_empty() {
        "<base>".to_string()
    } else {
        graph.ids(parents).join(", ")
    }
}

/// The one-line form (Alembic's `_head_only`), e.g.
/// `bbb2 -> ccc3 (lib) (head), add comments`.
pub fn one_line(graph: &RevisionGraph, idx: RevIdx, parts: LineParts, current: bool) -> String {
    let node = graph.node(idx);
    let mut text = node.id().to_string();
    if parts.parents {
        let down = down_text(graph, idx);
        text = if node.rev.depends_on.is_empty() {
            format!("{down} -> {text}")
        } else {
            format!("{down} ({}) -> {text}", node.rev.depends_on.join(", "))
        };
    }
    if parts.branches && !node.branch_labels().is_empty() {
        text.push_str(&format!(" ({})", node.branch_labels().join(", ")));
    }
    if node.is_real_head() {
        text.push_str(" (head)");
    }
    if node.is_effective_head() {
        text.push_str(" (effective head)");
    }
    if current {
        text.push_str(" (current)");
    }
    if parts.tree_indicators {
        if node.is_branch_point() {
            text.push_str(" (branchpoint)");
        }
        if node.is_merge_point() {
            text.push_str(" (mergepoint)");
        }
    }
    if parts.doc {
        text.push_str(", ");
        text.push_str(node.rev.doc());
    }
    text
}

/// The verbose block (Alembic's `log_entry`), ending with a newline.
pub fn log_entry(graph: &RevisionGraph, idx: RevIdx, current: bool) -> String {
    let node = graph.node(idx);
    let mut entry = format!(
        "Rev: {}{}{}{}{}\n",
        node.id(),
        if node.is_head() { " (head)" } else { "" },
        if node.is_branch_point() {
            " (branchpoint)"
        } else {
            ""
        },
        if node.is_merge_point() {
            " (mergepoint)"
        } else {
            ""
        },
        if current { " (current)" } else { "" },
    );
    let label = if node.is_merge_point() {
        "Merges"
    } else {
        "Parent"
    };
    entry.push_str(&format!("{label}: {}\n", down_text(graph, idx)));
    if !node.rev.depends_on.is_empty() {
        entry.push_str(&format!(
            "Also depends on: {}\n",
            node.rev.depends_on.join(", ")
        ));
    }
    if node.is_branch_point() {
        entry.push_str(&format!(
            "Branches into: {}\n",
            graph.ids(graph.children(idx)).join(", ")
        ));
    }
    if !node.branch_labels().is_empty() {
        entry.push_str(&format!(
            "Branch names: {}\n",
            node.branch_labels().join(", ")
        ));
    }
    entry.push_str(&format!("Path: {}\n", node.rev.path));
    let doc: Vec<String> = python_splitlines(&node.rev.longdoc)
        .into_iter()
        .map(|line| format!("    {line}"))
        .collect();
    entry.push_str(&format!("\n{}\n", doc.join("\n")));
    entry
}

/// Alembic's `cmd_format`: the verbose block or the one-line form.
pub fn cmd_format(
    graph: &RevisionGraph,
    idx: RevIdx,
    verbose: bool,
    parts: LineParts,
    current: bool,
) -> String {
    if verbose {
        log_entry(graph, idx, current)
    } else {
        one_line(graph, idx, parts, current)
    }
}

/// A revision as a JSON object (the schema documented in docs/json.md).
pub fn revision_json(graph: &RevisionGraph, idx: RevIdx, current: Option<bool>) -> Value {
    let node = graph.node(idx);
    let mut value = json!({
        "revision": node.id(),
        "down_revisions": graph.ids(graph.parents(idx)),
        "depends_on": node.rev.depends_on,
        "branch_labels": node.branch_labels(),
        "doc": node.rev.doc(),
        "longdoc": node.rev.longdoc,
        "path": node.rev.path,
        "is_head": node.is_real_head(),
        "is_effective_head": node.is_effective_head(),
        "is_base": node.is_base(),
        "is_branch_point": node.is_branch_point(),
        "is_merge_point": node.is_merge_point(),
        "children": graph.ids(graph.children(idx)),
    });
    if let Some(current) = current {
        value["is_current"] = Value::Bool(current);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::python_splitlines;

    #[test]
    fn splitlines_like_python() {
        assert_eq!(python_splitlines("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(python_splitlines("a\n"), ["a"]);
        assert_eq!(python_splitlines("a\n\nb"), ["a", "", "b"]);
        assert!(python_splitlines("").is_empty());
        assert_eq!(python_splitlines("x\u{2028}y"), ["x", "y"]);
    }
}
