//! AL111 `renaming-column`: a column renamed under running code.

use super::{table_name, Hit, RuleContext, RuleMeta, EVERY};
use crate::change::{Change, ChangeKind, Origin};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL111",
    name: "renaming-column",
    severity: Severity::Error,
    targets: EVERY,
    summary: "column of an existing table renamed",
    why: "The rename is instant, but code from the previous release, still serving while the new one deploys, reads and writes the old name and fails on every such query.",
    fix: "Expand and contract: add the new column and copy the data over in batches (expand); move the code to the new column and deploy; drop the old column in a later revision (contract).",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::RenameColumn { column, to } = &change.kind else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let hit = Hit::new(format!(
            "renames column '{column}' of existing table '{}' to '{to}'",
            table_name(change)
        ));
        Some(if change.origin == Origin::Operation {
            hit.fixable()
        } else {
            hit
        })
    }
}
