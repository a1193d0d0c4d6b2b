//! AL120 `mysql-index-copies-table`: a FULLTEXT or SPATIAL index built on a
//! MySQL table that may hold rows.

use super::{table_name, Hit, RuleContext, RuleMeta, MYSQL};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL120",
    name: "mysql-index-copies-table",
    severity: Severity::Error,
    targets: MYSQL,
    summary: "FULLTEXT or SPATIAL index built on an existing MySQL table",
    why: "InnoDB builds ordinary secondary indexes in place with writes going on, but not these: the first FULLTEXT index of a table copies the whole table, and FULLTEXT and SPATIAL builds block writes (LOCK=SHARED at best) until they finish.",
    fix: "Build it when writes can wait, or on a replica that is then promoted; an ordinary index (op.create_index without mysql_prefix) is built in place.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::CreateIndex {
            name,
            copies_table: true,
            ..
        } = &change.kind
        else {
            return None;
        };
        change.existing.then(|| {
            Hit::new(format!(
                "builds FULLTEXT/SPATIAL index '{name}' on existing table '{}', which blocks writes",
                table_name(change)
            ))
        })
    }
}
