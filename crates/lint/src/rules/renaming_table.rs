//! AL112 `renaming-table`: a table renamed under running code.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL112",
    name: "renaming-table",
    severity: Severity::Error,
    targets: EVERY,
    summary: "existing table renamed",
    why: "Code from the previous release, still serving while the new one deploys, queries the old name and fails.",
    fix: "Keep the table name and rename the model only (SQLModel: __tablename__ = \"old_name\"); or create the new table, copy in batches, switch the code, then drop the old one in a later revision.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::RenameTable { to } = &change.kind else {
            return None;
        };
        change.existing.then(|| {
            Hit::new(format!(
                "renames existing table '{}' to '{to}'",
                table_name(change)
            ))
        })
    }
}
