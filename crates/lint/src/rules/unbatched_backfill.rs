//! AL119 `unbatched-backfill`: every row of a table updated or deleted in
//! one statement inside the migration's transaction.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL119",
    name: "unbatched-backfill",
    severity: Severity::Warning,
    targets: SERVERS,
    summary: "UPDATE or DELETE of a whole existing table in one statement",
    why: "One statement over every row holds a lock on each row until the migration commits, so writes to those rows wait for the whole run, and PostgreSQL writes a new version of every row at once (table bloat, a long replication lag).",
    fix: "Backfill in batches outside the schema change's transaction: in `with op.get_context().autocommit_block():`, update a bounded set of rows per statement (WHERE id IN (SELECT id ... LIMIT 1000)) until none is left.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let verb = match &change.kind {
            ChangeKind::Update { has_where: false } => "updates",
            ChangeKind::Delete { has_where: false } => "deletes",
            _ => return None,
        };
        (change.existing && change.in_transaction).then(|| {
            Hit::new(format!(
                "{verb} every row of existing table '{}' in one statement",
                table_name(change)
            ))
        })
    }
}
