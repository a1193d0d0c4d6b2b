//! AL103 `adding-foreign-key`: a foreign key on a table that may hold rows,
//! validated at once.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL103",
    name: "adding-foreign-key",
    severity: Severity::Error,
    targets: SERVERS,
    summary: "foreign key added to an existing table and validated in the same step",
    why: "PostgreSQL checks every existing row while holding SHARE ROW EXCLUSIVE locks on both tables, which block their writes for the whole scan; MySQL and MariaDB copy the table when foreign_key_checks is on.",
    fix: "PostgreSQL: add the constraint NOT VALID (new rows are checked at once, no scan), then VALIDATE CONSTRAINT in a later step, which lets writes go on.",
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
        let hit = match &change.kind {
            ChangeKind::AddForeignKey {
                name,
                not_valid: false,
            } => Hit::new(format!(
                "adds foreign key {}to existing table '{table}' and validates every row at once",
                name.as_deref().map(|n| format!("'{n}' ")).unwrap_or_default()
            )),
            ChangeKind::AddColumn(column) if column.references => Hit::new(format!(
                "adds column '{}' with a foreign key to existing table '{table}'",
                column.name
            ))
            .fix("Add the column without the foreign key, then add the key NOT VALID and VALIDATE it in a later step."),
            _ => return None,
        };
        let fixable = cx.target == Target::Postgresql
            && change.origin == Origin::Operation
            && matches!(change.kind, ChangeKind::AddForeignKey { .. });
        Some(if fixable { hit.fixable() } else { hit })
    }
}
