//! AL107 `concurrently-in-transaction`: CREATE / DROP INDEX CONCURRENTLY
//! inside the migration's transaction.

use super::{Hit, RuleContext, RuleMeta, POSTGRESQL};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL107",
    name: "concurrently-in-transaction",
    severity: Severity::Error,
    targets: POSTGRESQL,
    summary: "CONCURRENTLY inside the migration's transaction",
    why: "PostgreSQL refuses CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY inside a transaction block, and Alembic runs each migration in one: the upgrade fails.",
    fix: "Put the operation inside `with op.get_context().autocommit_block():`.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        if !change.in_transaction {
            return None;
        }
        let what = match &change.kind {
            ChangeKind::CreateIndex {
                name,
                concurrently: true,
                ..
            } => format!("creates index '{name}' CONCURRENTLY"),
            ChangeKind::DropIndex {
                name,
                concurrently: true,
            } => format!("drops index '{name}' CONCURRENTLY"),
            _ => return None,
        };
        let hit = Hit::new(format!("{what} inside the migration's transaction"));
        Some(if change.origin == Origin::Operation {
            hit.fixable()
        } else {
            hit
        })
    }
}
