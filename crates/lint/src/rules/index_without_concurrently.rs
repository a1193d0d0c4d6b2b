//! AL105 `index-without-concurrently`: an index built on a PostgreSQL table
//! that may hold rows, without CONCURRENTLY.

use super::{table_name, Hit, RuleContext, RuleMeta, POSTGRESQL};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL105",
    name: "index-without-concurrently",
    severity: Severity::Error,
    targets: POSTGRESQL,
    summary: "index created on an existing table without CONCURRENTLY",
    why: "CREATE INDEX holds a SHARE lock on the table until the index is built: every INSERT, UPDATE and DELETE waits, for minutes on a big table.",
    fix: "Build it with postgresql_concurrently=True inside `with op.get_context().autocommit_block():` (CONCURRENTLY cannot run in a transaction); reads and writes go on while it builds.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::CreateIndex {
            name,
            concurrently: false,
            ..
        } = &change.kind
        else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let hit = Hit::new(format!(
            "creates index '{name}' on existing table '{}' without CONCURRENTLY",
            table_name(change)
        ));
        Some(if change.origin == Origin::Operation {
            hit.fixable()
        } else {
            hit.fix("Write CREATE INDEX CONCURRENTLY and run it inside `with op.get_context().autocommit_block():`.")
        })
    }
}
