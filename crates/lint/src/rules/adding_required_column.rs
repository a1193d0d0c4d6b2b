//! AL101 `adding-required-column`: a NOT NULL column without a server
//! default added to a table that may hold rows.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL101",
    name: "adding-required-column",
    severity: Severity::Error,
    targets: EVERY,
    summary: "NOT NULL column without a server default added to an existing table",
    why: "Existing rows have no value for it: PostgreSQL and SQLite refuse the ALTER as soon as the table holds a row (the deploy fails halfway), and MySQL fills every row with an implicit zero value ('' / 0 / 0000-00-00) that nobody chose. Code still running from the previous release also inserts rows without it.",
    fix: "Add the column nullable, backfill existing rows in batches, then set NOT NULL in a later revision (or give it a server_default).",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::AddColumn(column) = &change.kind else {
            return None;
        };
        if !change.existing
            || column.nullable
            || column.default.is_some()
            || column.generated
            || column.primary_key
        {
            return None;
        }
        Some(
            Hit::new(format!(
                "adds NOT NULL column '{}' without a server default to existing table '{}'",
                column.name,
                table_name(change)
            ))
            .fixable(),
        )
    }
}
