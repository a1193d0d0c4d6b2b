//! AL114 `adding-unique-constraint`: uniqueness added to a table that may
//! hold rows.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL114",
    name: "adding-unique-constraint",
    severity: Severity::Error,
    targets: EVERY,
    summary: "unique constraint or unique index added to an existing table",
    why: "It fails when existing rows already hold duplicates, and MySQL and MariaDB cannot roll DDL back, so the migration stops halfway; PostgreSQL also builds its index under a lock that blocks writes.",
    fix: "Check for duplicates first (SELECT col, count(*) ... GROUP BY col HAVING count(*) > 1). PostgreSQL: CREATE UNIQUE INDEX CONCURRENTLY in an autocommit_block(), then ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit> {
        if !change.existing {
            return None;
        }
        let table = table_name(change);
        match &change.kind {
            ChangeKind::AddUnique {
                name,
                using_index: false,
            } => Some(Hit::new(format!(
                "adds unique constraint {}to existing table '{table}'",
                name.as_deref()
                    .map(|n| format!("'{n}' "))
                    .unwrap_or_default()
            ))),
            ChangeKind::AddColumn(column) if column.unique => Some(Hit::new(format!(
                "adds column '{}' with a unique constraint to existing table '{table}'",
                column.name
            ))),
            // On PostgreSQL a plain unique index is the index rule's finding,
            // and a concurrent one is the safe way.
            ChangeKind::CreateIndex {
                name, unique: true, ..
            } if cx.target != Target::Postgresql => Some(Hit::new(format!(
                "creates unique index '{name}' on existing table '{table}'"
            ))),
            _ => None,
        }
    }
}
