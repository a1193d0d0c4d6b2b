//! AL113 `volatile-default`: a column added with a default that PostgreSQL
//! must compute per row.

use super::{table_name, Hit, RuleContext, RuleMeta, POSTGRESQL};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL113",
    name: "volatile-default",
    severity: Severity::Error,
    targets: POSTGRESQL,
    summary: "column with a volatile default added to an existing table",
    why: "PostgreSQL 11+ adds a column with a constant default instantly, but a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval()...) is computed for every row: the table is rewritten under an ACCESS EXCLUSIVE lock. A GENERATED ... STORED column is computed the same way.",
    fix: "Add the column without a default, set the default for new rows with ALTER COLUMN ... SET DEFAULT (instant), then backfill existing rows in batches.",
};

/// Functions PostgreSQL marks volatile that defaults use.
const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_v1(",
    "uuid_generate_v1mc(",
    "uuid_generate_v4(",
    "clock_timestamp(",
    "timeofday(",
    "nextval(",
    "txid_current(",
    "statement_timestamp(",
];

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::AddColumn(column) = &change.kind else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let table = table_name(change);
        if column.generated {
            return Some(Hit::new(format!(
                "adds stored generated column '{}' to existing table '{table}', which computes it for every row",
                column.name
            )));
        }
        let default = column
            .default
            .as_deref()?
            .to_ascii_lowercase()
            .replace(' ', "");
        let function = VOLATILE.iter().find(|f| default.contains(*f))?;
        Some(Hit::new(format!(
            "adds column '{}' to existing table '{table}' with volatile default {}), which rewrites the table",
            column.name, function
        )))
    }
}
