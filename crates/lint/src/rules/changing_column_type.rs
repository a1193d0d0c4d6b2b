//! AL108 `changing-column-type`: a type change that rewrites the table.

use super::{table_name, Hit, RuleContext, RuleMeta, SERVERS};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;
use crate::types::{keeps_rows, TypeFacts};

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL108",
    name: "changing-column-type",
    severity: Severity::Error,
    targets: SERVERS,
    summary: "column type change that rewrites an existing table",
    why: "Apart from widening a VARCHAR (and, on PostgreSQL, VARCHAR to TEXT or a wider NUMERIC), a type change rewrites every row: PostgreSQL under an ACCESS EXCLUSIVE lock (no reads, no writes), MySQL and MariaDB as a table copy that blocks writes. Code from the previous release may also not read the new type.",
    fix: "Add a column of the new type, backfill it in batches (keeping it in step with writes), move the code to it, then drop the old column in a later revision.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::AlterType { column, from, to } = &change.kind else {
            return None;
        };
        if !change.existing {
            return None;
        }
        let table = table_name(change);
        match from {
            // MySQL ENUM changes have their own rule.
            Some(TypeFacts::Enum(_)) if matches!(to, TypeFacts::Enum(_)) && cx.target.is_mysql_family() => None,
            Some(from) if keeps_rows(from, to, cx.target) => None,
            Some(from) => Some(Hit::new(format!(
                "changes the type of column '{column}' of existing table '{table}' from {} to {}, which rewrites the table",
                spell(from),
                spell(to)
            ))),
            None => Some(Hit::new(format!(
                "changes the type of column '{column}' of existing table '{table}' to {}; the type before is unknown (give existing_type=), so it may rewrite the table",
                spell(to)
            ))),
        }
    }
}

fn spell(ty: &TypeFacts) -> String {
    match ty {
        TypeFacts::Varchar(Some(n)) => format!("VARCHAR({n})"),
        TypeFacts::Varchar(None) => "VARCHAR".into(),
        TypeFacts::Char(Some(n)) => format!("CHAR({n})"),
        TypeFacts::Char(None) => "CHAR".into(),
        TypeFacts::Text { .. } => "TEXT".into(),
        TypeFacts::Integer { bytes } => format!("a {}-byte integer", bytes),
        TypeFacts::Numeric {
            precision: Some(p),
            scale,
        } => format!("NUMERIC({p}, {})", scale.unwrap_or(0)),
        TypeFacts::Numeric { .. } => "NUMERIC".into(),
        TypeFacts::Enum(values) => format!("ENUM of {} values", values.len()),
        TypeFacts::Timestamp { timezone: true } => "TIMESTAMP WITH TIME ZONE".into(),
        TypeFacts::Timestamp { timezone: false } => "TIMESTAMP".into(),
        TypeFacts::Other(text) => text.to_ascii_uppercase(),
    }
}
