//! AL118 `adding-primary-key`: a primary key added to a table that may hold
//! rows.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL118",
    name: "adding-primary-key",
    severity: Severity::Error,
    targets: SERVERS,
    summary: "primary key added to an existing table",
    why: "PostgreSQL builds the key's unique index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock, so the table is unusable for the build; MySQL and MariaDB rebuild the whole table, whose rows are stored in primary-key order. It fails on duplicates.",
    fix: "PostgreSQL: CREATE UNIQUE INDEX CONCURRENTLY in an autocommit_block(), then ALTER TABLE ... ADD CONSTRAINT ... PRIMARY KEY USING INDEX. MySQL: run it when writes can wait.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let primary = match &change.kind {
            ChangeKind::AddPrimaryKey { using_index: false } => true,
            ChangeKind::AddColumn(column) => column.primary_key,
            _ => false,
        };
        (primary && change.existing).then(|| {
            Hit::new(format!(
                "adds a primary key to existing table '{}'",
                table_name(change)
            ))
        })
    }
}
