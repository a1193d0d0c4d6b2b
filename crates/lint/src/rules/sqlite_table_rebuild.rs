//! AL116 `sqlite-table-rebuild`: SQLite copies a table that may be big.

use super::{table_name, Hit, RuleContext, RuleMeta};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;
use crate::target::Target;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL116",
    name: "sqlite-table-rebuild",
    severity: Severity::Warning,
    targets: &[Target::Sqlite],
    summary: "SQLite rebuilds an existing table (batch move-and-copy)",
    why: "SQLite cannot alter a column or a constraint in place: the table is created again, every row copied, the old one dropped, holding the database's write lock throughout; on a big table every writer waits, and the copy needs the table's size again on disk.",
    fix: "Group the changes to one table into one batch_alter_table block so it is copied once, and run it when writes can wait; on a small table this is fine (allow it with `# aludel: allow AL116`).",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        if change.kind != ChangeKind::Rebuild || !change.existing {
            return None;
        }
        Some(Hit::new(format!(
            "rebuilds existing table '{}' by copying every row",
            table_name(change)
        )))
    }
}
