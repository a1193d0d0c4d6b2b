//! AL117 `missing-lock-timeout`: DDL on an existing table with no lock
//! timeout in force.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::Change;
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL117",
    name: "missing-lock-timeout",
    severity: Severity::Warning,
    targets: SERVERS,
    summary: "schema change on an existing table without a lock timeout",
    why: "Even an instant ALTER waits for its table lock behind every running query, and every query that arrives after it waits behind it: one slow report stalls the whole application for as long as the report runs.",
    fix: "Set a lock timeout first, so the migration fails fast and can be retried: op.execute(\"SET lock_timeout = '5s'\") on PostgreSQL, op.execute(\"SET SESSION lock_wait_timeout = 5\") on MySQL, at the start of upgrade(); or run aludel with --lock-timeout 5s (or [tool.aludel] lock_timeout = \"5s\").",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit> {
        if !change.existing
            || !change.kind.takes_table_lock()
            || cx.lock_timeout_set
            || cx.locks_before > 0
        {
            return None;
        }
        let statement = if cx.target == Target::Postgresql {
            "op.execute(\"SET lock_timeout = '5s'\")"
        } else {
            "op.execute(\"SET SESSION lock_wait_timeout = 5\")"
        };
        Some(
            Hit::new(format!(
                "locks existing table '{}' with no lock timeout set before it",
                table_name(change)
            ))
            .fix(format!(
                "Start upgrade() with {statement}, or run aludel with --lock-timeout 5s ([tool.aludel] lock_timeout = \"5s\")."
            ))
            .fixable(),
        )
    }
}
