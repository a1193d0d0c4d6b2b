//! AL109 `dropping-column`: a column dropped from a table that may hold rows.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL109",
    name: "dropping-column",
    severity: Severity::Warning,
    targets: EVERY,
    summary: "column dropped from an existing table",
    why: "Its data is gone (a downgrade brings the column back empty), and code from the previous release, still serving while the new one deploys, fails on every query that names it (SQLModel selects every field).",
    fix: "Remove the field from the model and deploy that first; drop the column in a later release, after a backup if its data may be needed.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::DropColumn { column } = &change.kind else {
            return None;
        };
        change.existing.then(|| {
            Hit::new(format!(
                "drops column '{column}' of existing table '{}'",
                table_name(change)
            ))
        })
    }
}
