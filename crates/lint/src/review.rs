//! One revision reviewed for one database: its operations lowered to
//! changes against the schema replayed so far, each change put to every
//! rule, hits turned into located findings unless a comment allows them.

use std::collections::HashSet;

use aludel_core::ops::Op;
use aludel_core::schema::SchemaState;

use crate::allow::allowed;
use crate::change::{Change, ChangeKind, TableRef};
use crate::finding::Finding;
use crate::lower_op::is_not_null_check;
use crate::lower_op::Lowering;
use crate::rules::{self, RuleContext};
use crate::target::Target;

/// One operation of the body, where it is written.
#[derive(Debug, Clone, Copy)]
pub struct PlacedOp<'a> {
    /// The operation.
    pub op: &'a Op,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A revision's `upgrade()`, evaluated for the target.
#[derive(Debug, Clone)]
pub struct RevisionInput<'a> {
    /// Revision id.
    pub id: &'a str,
    /// The file, as findings name it.
    pub path: &'a str,
    /// The file's text (for `# aludel: allow` comments).
    pub source: &'a str,
    /// The operations, in order.
    pub ops: Vec<PlacedOp<'a>>,
}

/// What holds for the whole review.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewOptions {
    /// aludel's runs set a lock timeout (`[tool.aludel] lock_timeout`).
    pub lock_timeout_configured: bool,
}

/// The findings for `revision` on `target`. `state` is the schema before
/// the revision and is left as the revision leaves it.
pub fn review(
    revision: &RevisionInput,
    state: &mut SchemaState,
    target: Target,
    options: &ReviewOptions,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut created = HashSet::new();
    let mut lowered = Vec::with_capacity(revision.ops.len());
    for (index, placed) in revision.ops.iter().enumerate() {
        let changes = Lowering {
            state,
            created: &mut created,
            target,
            op_index: index,
        }
        .lower(placed.op);
        lowered.push(changes);
        // The replay is the schema's best knowledge; SQL it cannot follow
        // leaves the schema as it was, which only makes later findings
        // assume tables hold rows.
        let _ = aludel_core::replay::apply(state, placed.op);
    }
    // What happens to a table the revision drops anyway does not matter
    // (the index dropped before the table, the column before it goes).
    let dropped: Vec<(usize, TableRef)> = lowered
        .iter()
        .enumerate()
        .flat_map(|(i, changes)| {
            changes
                .iter()
                .filter(|c| c.kind == ChangeKind::DropTable)
                .filter_map(move |c| c.table.clone().map(|t| (i, t)))
        })
        .collect();
    let dropped_later = |index: usize, change: &Change| {
        change.kind != ChangeKind::DropTable
            && change
                .table
                .as_ref()
                .is_some_and(|t| dropped.iter().any(|(i, d)| *i >= index && d == t))
    };
    let mut lock_timeout_set = options.lock_timeout_configured;
    let mut locks_before = 0;
    let mut not_null = NotNullProofs::default();
    for (index, (placed, changes)) in revision.ops.iter().zip(&lowered).enumerate() {
        for change in changes {
            if change.kind == ChangeKind::SetLockTimeout {
                lock_timeout_set = true;
                continue;
            }
            if dropped_later(index, change) {
                continue;
            }
            let change = &not_null.follow(change);
            let cx = RuleContext {
                target,
                lock_timeout_set,
                locks_before,
            };
            for rule in rules::all() {
                let meta = rule.meta();
                if !meta.targets.contains(&target) {
                    continue;
                }
                let Some(hit) = rule.check(change, &cx) else {
                    continue;
                };
                if allowed(revision.source, placed.line, meta.code, meta.name) {
                    continue;
                }
                findings.push(Finding {
                    code: meta.code,
                    rule: meta.name,
                    severity: meta.severity,
                    revision: revision.id.to_string(),
                    path: revision.path.to_string(),
                    line: placed.line,
                    column: placed.column,
                    operation: placed.op.name().to_string(),
                    message: hit.message,
                    why: meta.why,
                    fix: hit.fix.unwrap_or_else(|| meta.fix.to_string()),
                    fixable: hit.fixable,
                    targets: vec![target],
                    op_index: index,
                });
            }
            if change.existing && change.kind.takes_table_lock() {
                locks_before += 1;
            }
        }
    }
    findings
}

/// CHECK (column IS NOT NULL) constraints of the revision so far, which
/// prove a later SET NOT NULL once validated (added valid, or NOT VALID
/// and then VALIDATEd) — the safe sequence `--fix` writes.
#[derive(Default)]
struct NotNullProofs {
    pending: Vec<(String, Option<String>, String)>,
    proven: Vec<(Option<String>, String)>,
}

impl NotNullProofs {
    /// Records what `change` proves and returns it with its proof applied.
    fn follow(&mut self, change: &Change) -> Change {
        let table = change.table.as_ref().map(|t| t.display());
        match &change.kind {
            ChangeKind::AddCheck {
                name,
                not_valid,
                condition,
            } => {
                if let Some(column) = is_not_null_check(condition) {
                    if *not_valid {
                        if let Some(name) = name {
                            self.pending.push((name.clone(), table, column));
                        }
                    } else {
                        self.proven.push((table, column));
                    }
                }
            }
            ChangeKind::ValidateConstraint { name } => {
                if let Some(at) = self.pending.iter().position(|(n, ..)| n == name) {
                    let (_, table, column) = self.pending.remove(at);
                    self.proven.push((table, column));
                }
            }
            ChangeKind::SetNotNull { column, .. }
                if self.proven.iter().any(|(t, c)| *t == table && c == column) =>
            {
                let mut proven = change.clone();
                proven.kind = ChangeKind::SetNotNull {
                    column: column.clone(),
                    proven_by_check: true,
                };
                return proven;
            }
            _ => {}
        }
        change.clone()
    }
}

/// Findings for several targets, with those that say the same thing at the
/// same place merged into one that lists every target.
pub fn merge(per_target: Vec<Vec<Finding>>) -> Vec<Finding> {
    let mut merged: Vec<Finding> = Vec::new();
    for finding in per_target.into_iter().flatten() {
        match merged.iter_mut().find(|m| {
            m.code == finding.code
                && m.revision == finding.revision
                && m.line == finding.line
                && m.column == finding.column
                && m.message == finding.message
        }) {
            Some(same) => {
                for target in finding.targets {
                    if !same.targets.contains(&target) {
                        same.targets.push(target);
                    }
                }
                same.fixable |= finding.fixable;
            }
            None => merged.push(finding),
        }
    }
    merged
}
