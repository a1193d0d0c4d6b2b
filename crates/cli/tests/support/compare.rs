//! Comparing aludel's output with Alembic's, order-insensitively only where
//! Alembic's own order is arbitrary.
//!
//! Where Alembic 1.20.1 prints in Python set order (it changes with
//! `PYTHONHASHSEED`; `alembic/...` paths are inside the installed package):
//!
//! 1. **Branch labels of one revision.** `Revision.branch_labels` is a `set`
//!    (script/revision.py, `Revision.__init__`, filled by
//!    `RevisionMap._add_branches`); a revision with several labels (declared
//!    or inherited) prints them in set order: the `(a, b)` group after the id
//!    in `heads`/`history`/`branches` lines (`Script._head_only`,
//!    script/base.py) and `Branch names: a, b` in verbose blocks
//!    (`Script.log_entry`).
//! 2. **Children of a branch point.** `Revision.nextrev` is a `frozenset`
//!    (`Revision.add_nextrev`): `alembic branches` prints one `-> child` line
//!    per element of it (command.py `branches`), and verbose blocks print
//!    `Branches into: a, b` from it (`Script.log_entry`).
//! 3. **Order of the history walk when a revision has two or more
//!    dependencies not implied by its ancestors.**
//!    `RevisionMap._normalize_depends_on` stores them as
//!    `tuple(set(...))` in `_normalized_resolved_dependencies`, and
//!    `RevisionMap._topological_sort` follows `_normalized_down_revisions`
//!    (down revisions in declared order, then those dependencies) to pick
//!    which branch to walk next.  This orders `history` (all forms), the
//!    blocks of `branches` (it walks the same way), and upgrade / downgrade
//!    plans.  The oracle enumerates every order this can produce.
//!
//! Not arbitrary (compared exactly): merge parents (`down_revision` as
//! declared, `_versioned_down_revisions`), `Also depends on:` and the
//! `(deps)` group in history (`dependencies` as declared), the order of
//! `heads` / `show heads` (`RevisionMap.heads` and `_real_heads` are built
//! in an `OrderedSet` in revision-map order = sorted file names), and the
//! order in which independent branches are walked (`_topological_sort`
//! sorts its starting heads by revision-map order).
//!
//! Not covered here because these tests do not compare them:
//! `alembic current` prints `_filter_into_branch_heads`' result, a `set` of
//! Revision objects (hashed by identity), so several current heads come out
//! in arbitrary order.

use std::collections::{BTreeMap, BTreeSet};

use super::{Graph, Run};

/// Splits an output into per-revision entries.
type Splitter = fn(&str, &Known) -> Option<Vec<Entry>>;

/// What the normaliser needs to know about the project.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub ids: BTreeSet<String>,
    pub labels: BTreeSet<String>,
    pub branch_points: BTreeSet<String>,
}

impl Known {
    pub fn from_graph(g: &Graph) -> Self {
        Known {
            ids: g.map_order.iter().cloned().collect(),
            labels: g.labels.keys().cloned().collect(),
            branch_points: g
                .revisions
                .iter()
                .filter(|r| r.is_branch_point)
                .map(|r| r.id.clone())
                .collect(),
        }
    }
}

const MARKERS: [&str; 5] = [
    "head",
    "effective head",
    "current",
    "branchpoint",
    "mergepoint",
];

fn sort_comma_list(s: &str) -> String {
    let mut items: Vec<&str> = s.split(", ").collect();
    items.sort_unstable();
    items.join(", ")
}

/// Where the revision id of an output line starts: after the first ` -> `
/// (history lines, `branches` child lines), else at column 0 (`heads` lines,
/// `branches` header lines).
fn rev_token_start(line: &str) -> usize {
    match line.find(" -> ") {
        Some(i) => i + 4,
        None => 0,
    }
}

/// Sort the label group that directly follows a known revision id, if its
/// items are all known labels.
fn normalize_label_group(line: &str, known: &Known) -> String {
    let start = rev_token_start(line);
    let rest = &line[start..];
    let id_len = rest.find([' ', ',']).unwrap_or(rest.len());
    let id = &rest[..id_len];
    if !known.ids.contains(id) {
        return line.to_string();
    }
    let after = &rest[id_len..];
    let Some(group) = after.strip_prefix(" (") else {
        return line.to_string();
    };
    let Some(close) = group.find(')') else {
        return line.to_string();
    };
    let inner = &group[..close];
    if MARKERS.contains(&inner) || !inner.split(", ").all(|l| known.labels.contains(l)) {
        return line.to_string();
    }
    let tail = &group[close + 1..];
    format!("{}{id} ({}){tail}", &line[..start], sort_comma_list(inner))
}

fn normalize_line(line: &str, known: &Known) -> String {
    for prefix in ["Branch names: ", "Branches into: "] {
        if let Some(rest) = line.strip_prefix(prefix) {
            return format!("{prefix}{}", sort_comma_list(rest));
        }
    }
    normalize_label_group(line, known)
}

fn is_child_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.len() < line.len() && t.starts_with("-> ")
}

/// Normalise Alembic-arbitrary spots 1 and 2 (see the module docs): sort
/// label groups, `Branch names:` / `Branches into:` lists, and each run of
/// `-> child` entries printed by `branches` (an entry is its line plus the
/// continuation lines of a multi-line message).
pub fn normalize(text: &str, known: &Known) -> String {
    let lines: Vec<String> = text.split('\n').map(|l| normalize_line(l, known)).collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !is_child_line(&lines[i]) {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        let mut entries: Vec<String> = Vec::new();
        while i < lines.len() && !lines[i].is_empty() {
            if is_child_line(&lines[i]) || entries.is_empty() {
                entries.push(lines[i].clone());
            } else {
                let last = entries.last_mut().expect("an entry is open");
                last.push('\n');
                last.push_str(&lines[i]);
            }
            i += 1;
        }
        entries.sort();
        out.extend(entries);
    }
    out.join("\n")
}

/// One revision's part of a `history` / `branches` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub text: String,
}

/// Split `history` output into per-revision entries.  Verbose entries start
/// at `Rev: <id>`; plain ones at a line `<down> -> <id>...` whose id is known
/// (following lines of a multi-line message belong to the entry).  Returns
/// `None` if text appears before the first entry.
pub fn history_entries(text: &str, known: &Known) -> Option<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in text.split_inclusive('\n') {
        let starts = if let Some(rest) = line.strip_prefix("Rev: ") {
            let id = rest.split([' ', '\n']).next().unwrap_or("");
            known.ids.contains(id).then(|| id.to_string())
        } else if let Some(arrow) = line.find(" -> ") {
            let down = &line[..arrow];
            let first_down = down.split([',', ' ']).next().unwrap_or("");
            let rest = &line[arrow + 4..];
            let id = rest.split([' ', ',', '\n']).next().unwrap_or("");
            ((first_down == "<base>" || known.ids.contains(first_down)) && known.ids.contains(id))
                .then(|| id.to_string())
        } else {
            None
        };
        match starts {
            Some(id) => entries.push(Entry {
                id,
                text: line.to_string(),
            }),
            None => entries.last_mut()?.text.push_str(line),
        }
    }
    Some(entries)
}

/// Split `branches` output into one entry per branch point.  A block starts
/// at a line (or `Rev: ` line) naming a known branch point at column 0.
pub fn branches_entries(text: &str, known: &Known) -> Option<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in text.split_inclusive('\n') {
        let head = line.strip_prefix("Rev: ").unwrap_or(line);
        let id = head.split([' ', '\n']).next().unwrap_or("");
        if !line.starts_with(' ') && known.branch_points.contains(id) {
            entries.push(Entry {
                id: id.to_string(),
                text: line.to_string(),
            });
        } else {
            entries.last_mut()?.text.push_str(line);
        }
    }
    Some(entries)
}

/// How a command's stdout is compared.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Exactly, after [`normalize`].
    Exact,
    /// A history listing: exactly after [`normalize`], or else the same
    /// per-revision entries in an order that is one of `variants` (the
    /// orders real Alembic can print, from the oracle).
    History { variants: Vec<Vec<String>> },
    /// `branches`: like History, the branch-point blocks in an order
    /// consistent with one of the full-history `variants`.
    Branches { variants: Vec<Vec<String>> },
}

/// One difference between the tools.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub command: String,
    pub what: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.command, self.what)
    }
}

/// Text showing the first differing line of two outputs, with context.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.split('\n').collect();
    let a: Vec<&str> = actual.split('\n').collect();
    let n = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let from = n.saturating_sub(2);
    let show = |v: &[&str]| -> String {
        v.iter()
            .enumerate()
            .skip(from)
            .take(5)
            .map(|(i, l)| format!("    {:>4}| {l:?}\n", i + 1))
            .collect()
    };
    format!(
        "first difference at line {} ({} vs {} lines)\n  alembic:\n{}  aludel:\n{}",
        n + 1,
        e.len(),
        a.len(),
        show(&e),
        show(&a)
    )
}

/// Python noise that must never reach aludel's stderr.
const NOISE: [&str; 5] = [
    "Traceback (most recent call last)",
    "panicked at",
    "RUST_BACKTRACE",
    "CommandError",
    "RevisionError",
];

/// Compare one run of each tool: exit code exactly, stdout per `mode`,
/// stderr free of noise (and empty where Alembic succeeds with an empty one).
pub fn compare_runs(alembic: &Run, aludel: &Run, mode: &Mode, known: &Known) -> Vec<Mismatch> {
    let command = alembic.command_line().replacen("alembic", "<tool>", 1);
    let mut out = Vec::new();
    let mut push = |what: String| {
        out.push(Mismatch {
            command: command.clone(),
            what,
        })
    };
    if alembic.code != aludel.code {
        push(format!(
            "exit code: alembic {} vs aludel {} (aludel stdout {:?}, stderr {:?})",
            alembic.code,
            aludel.code,
            truncate(&aludel.stdout),
            truncate(&aludel.stderr)
        ));
    }
    for noise in NOISE {
        if aludel.stderr.contains(noise) {
            push(format!(
                "aludel stderr contains {noise:?}: {:?}",
                truncate(&aludel.stderr)
            ));
        }
    }
    // On failure aludel may explain more on stderr (Alembic's FAILED line is
    // on stdout and compared there); a success is as quiet as Alembic's.
    if alembic.code == 0 && alembic.stderr.is_empty() && !aludel.stderr.is_empty() {
        push(format!(
            "aludel wrote to stderr where alembic succeeded silently: {:?}",
            truncate(&aludel.stderr)
        ));
    }
    if let Some(what) = compare_stdout(&alembic.stdout, &aludel.stdout, mode, known) {
        push(what);
    }
    out
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 400 {
        format!("{}...", s.chars().take(400).collect::<String>())
    } else {
        s.to_string()
    }
}

/// `None` when the outputs agree under `mode`, else a description.
pub fn compare_stdout(expected: &str, actual: &str, mode: &Mode, known: &Known) -> Option<String> {
    let e = normalize(expected, known);
    let a = normalize(actual, known);
    if e == a {
        return None;
    }
    let exact = first_difference(&e, &a);
    let (variants, split): (&Vec<Vec<String>>, Splitter) = match mode {
        Mode::Exact => return Some(exact),
        Mode::History { variants } => (variants, history_entries),
        Mode::Branches { variants } => (variants, branches_entries),
    };
    let (Some(ee), Some(ae)) = (split(expected, known), split(actual, known)) else {
        return Some(exact);
    };
    let to_map = |v: &[Entry]| -> Option<BTreeMap<String, String>> {
        let mut m = BTreeMap::new();
        for en in v {
            if m.insert(en.id.clone(), normalize(&en.text, known))
                .is_some()
            {
                return None; // an id twice: not a reordering
            }
        }
        Some(m)
    };
    let (Some(em), Some(am)) = (to_map(&ee), to_map(&ae)) else {
        return Some(exact);
    };
    if em != am {
        return Some(format!("different entries; {exact}"));
    }
    let order: Vec<String> = ae.iter().map(|e| e.id.clone()).collect();
    let ok = variants.iter().any(|v| {
        let filtered: Vec<&String> = v.iter().filter(|id| em.contains_key(*id)).collect();
        filtered.len() == order.len() && filtered.iter().zip(&order).all(|(x, y)| *x == y)
    });
    if ok {
        None
    } else {
        Some(format!(
            "same entries, but in an order real Alembic never prints ({} possible orders known); \
             aludel's order: {order:?}; {exact}",
            variants.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known {
            ids: ["aaaa1111", "bbbb2222", "cccc3333"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            labels: ["x", "y"].iter().map(|s| s.to_string()).collect(),
            branch_points: ["aaaa1111"].iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn label_groups_sorted_only_after_ids() {
        let k = known();
        assert_eq!(
            normalize("aaaa1111 (y, x) (head)", &k),
            "aaaa1111 (x, y) (head)"
        );
        assert_eq!(
            normalize("<base> -> aaaa1111 (y, x), doc (y, x)", &k),
            "<base> -> aaaa1111 (x, y), doc (y, x)"
        );
        assert_eq!(normalize("doc text (y, x)", &k), "doc text (y, x)");
        assert_eq!(
            normalize("aaaa1111 (lib, x) (head)", &k),
            "aaaa1111 (lib, x) (head)"
        );
    }

    #[test]
    fn branch_children_sorted_with_continuations() {
        let k = known();
        let text = "aaaa1111 (branchpoint)\n         -> cccc3333, two\nlines\n         -> bbbb2222, one\n\n";
        let want = "aaaa1111 (branchpoint)\n         -> bbbb2222, one\n         -> cccc3333, two\nlines\n\n";
        assert_eq!(normalize(text, &k), want);
    }

    #[test]
    fn history_reordering_needs_a_known_variant() {
        let k = known();
        let a = "bbbb2222 -> cccc3333, c\naaaa1111 -> bbbb2222, b\n";
        let b = "aaaa1111 -> bbbb2222, b\nbbbb2222 -> cccc3333, c\n";
        let variants = vec![vec!["cccc3333".to_string(), "bbbb2222".to_string()]];
        let mode = Mode::History { variants };
        assert!(compare_stdout(a, a, &mode, &k).is_none());
        assert!(compare_stdout(a, b, &mode, &k).is_some());
        let both = Mode::History {
            variants: vec![
                vec!["cccc3333".to_string(), "bbbb2222".to_string()],
                vec!["bbbb2222".to_string(), "cccc3333".to_string()],
            ],
        };
        assert!(compare_stdout(a, b, &both, &k).is_none());
        let changed = "aaaa1111 -> bbbb2222, B\nbbbb2222 -> cccc3333, c\n";
        assert!(compare_stdout(a, changed, &both, &k).is_some());
        assert!(compare_stdout(a, b, &Mode::Exact, &k).is_some());
    }
}
