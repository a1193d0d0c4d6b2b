//! AL104 `adding-check-constraint`: a CHECK on a table that may hold rows,
//! validated at once.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL104",
    name: "adding-check-constraint",
    severity: Severity::Error,
    targets: SERVERS,
    summary: "CHECK constraint added to an existing table and validated in the same step",
    why: "PostgreSQL checks every row under an ACCESS EXCLUSIVE lock, so reads and writes stop for the scan; MySQL and MariaDB copy the table to check it.",
    fix: "PostgreSQL: add it NOT VALID (only new rows are checked), then VALIDATE CONSTRAINT in a later step under a lock that lets reads and writes go on.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::AddCheck {
            name,
            not_valid: false,
            ..
        } = &change.kind
        else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let hit = Hit::new(format!(
            "adds CHECK constraint {}to existing table '{}' and validates every row at once",
            name.as_deref()
                .map(|n| format!("'{n}' "))
                .unwrap_or_default(),
            table_name(change)
        ));
        Some(
            if cx.target == Target::Postgresql && change.origin == Origin::Operation {
                hit.fixable()
            } else {
                hit
            },
        )
    }
}
