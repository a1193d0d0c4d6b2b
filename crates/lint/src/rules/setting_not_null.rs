//! AL102 `setting-not-null`: SET NOT NULL on a table that may hold rows,
//! without a validated CHECK that proves it first.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL102",
    name: "setting-not-null",
    severity: Severity::Error,
    targets: SERVERS,
    summary: "column made NOT NULL on an existing table without a prior check",
    why: "PostgreSQL scans every row to check for NULLs while holding an ACCESS EXCLUSIVE lock, so reads and writes of the table stop for the whole scan; MySQL and MariaDB rebuild the table. Either fails when a NULL is left.",
    fix: "PostgreSQL: add CHECK (column IS NOT NULL) NOT VALID, VALIDATE it in its own step (writes go on), then SET NOT NULL, which PostgreSQL 12+ proves from the check without a scan, and drop the check. MySQL: backfill first and run it in a quiet period.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::SetNotNull {
            column,
            proven_by_check,
        } = &change.kind
        else {
            return None;
        };
        if !change.existing || (*proven_by_check && cx.target == Target::Postgresql) {
            return None;
        }
        let hit = Hit::new(format!(
            "makes column '{column}' of existing table '{}' NOT NULL",
            table_name(change)
        ));
        Some(if cx.target == Target::Postgresql {
            hit.fixable()
        } else {
            hit
        })
    }
}
