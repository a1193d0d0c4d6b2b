//! AL110 `dropping-table`: a table dropped while it may hold rows.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL110",
    name: "dropping-table",
    severity: Severity::Warning,
    targets: EVERY,
    summary: "existing table dropped",
    why: "Its rows are gone (a downgrade recreates it empty), and code from the previous release that still uses it fails until the new release is everywhere.",
    fix: "Stop using the table in code and deploy first; drop it in a later release, after a backup if its data may be needed.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        if change.kind != ChangeKind::DropTable || !change.existing {
            return None;
        }
        Some(Hit::new(format!(
            "drops existing table '{}'",
            table_name(change)
        )))
    }
}
