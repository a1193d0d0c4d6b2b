//! AL115 `mysql-enum-reorder`: a MySQL ENUM changed other than by appending
//! values at the end.

use super::{table_name, Hit, RuleContext, RuleMeta, MYSQL};
use crate::change::{Change, ChangeKind};
use crate::finding::Severity;
use crate::types::TypeFacts;

pub(super) struct Rule;

static META: RuleMeta = RuleMeta {
    code: "AL115",
    name: "mysql-enum-reorder",
    severity: Severity::Error,
    targets: MYSQL,
    summary: "MySQL ENUM values reordered, removed or inserted before the end",
    why: "MySQL stores an ENUM as the index of its value: appending values at the end is instant, but any other change copies the table while blocking writes, and removing a value that rows hold fails in strict mode (or blanks those rows without it).",
    fix: "Only append new values at the end of the list. To remove or reorder values, add a new column, copy in batches, and drop the old one later.",
};

impl super::Rule for Rule {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, change: &Change, _cx: &RuleContext) -> Option<Hit> {
        let ChangeKind::AlterType {
            column,
            from: Some(TypeFacts::Enum(old)),
            to: TypeFacts::Enum(new),
        } = &change.kind
        else {
            return None;
        };
        if !change.existing || new.starts_with(old) {
            return None;
        }
        let removed: Vec<&str> = old
            .iter()
            .filter(|v| !new.contains(v))
            .map(String::as_str)
            .collect();
        let what = if removed.is_empty() {
            "reorders the values of".to_string()
        } else {
            format!("removes {} from", quoted(&removed))
        };
        Some(Hit::new(format!(
            "{what} ENUM column '{column}' of existing table '{}', which copies the table",
            table_name(change)
        )))
    }
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
