//! AL106 `drop-index-without-concurrently`: an index dropped from a
//! PostgreSQL table that may be in use, without CONCURRENTLY.

use super::{table_name, Hit, RuleContext, RuleMeta, POSTGRESQL};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL106",
    name: "drop-index-without-concurrently",
    severity: Severity::Warning,
    targets: POSTGRESQL,
    summary: "index dropped from an existing table without CONCURRENTLY",
    why: "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: it waits behind every running query, and every query behind it waits too.",
    fix: "Drop it with postgresql_concurrently=True inside `with op.get_context().autocommit_block():`.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::DropIndex {
            name,
            concurrently: false,
        } = &change.kind
        else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let table = table_name(change);
        let hit = Hit::new(if table.is_empty() || table == "?" {
            format!("drops index '{name}' without CONCURRENTLY")
        } else {
            format!("drops index '{name}' of existing table '{table}' without CONCURRENTLY")
        });
        Some(if change.origin == Origin::Operation {
            hit.fixable()
        } else {
            hit
        })
    }
}
