//! The rules, one per file, and their registry. Each rule looks at one
//! [`Change`] at a time, with the [`RuleContext`] of where it stands in
//! its revision; its [`RuleMeta`] is its documentation (what, why, fix),
//! which `docs/lint.md` lists and every finding carries.

mod adding_check_constraint;
mod adding_foreign_key;
mod adding_primary_key;
mod adding_required_column;
mod adding_unique_constraint;
mod changing_column_type;
mod concurrently_in_transaction;
mod drop_index_without_concurrently;
mod dropping_column;
mod dropping_table;
mod index_without_concurrently;
mod missing_lock_timeout;
mod mysql_enum_reorder;
mod mysql_index_copies_table;
mod renaming_column;
mod renaming_table;
mod setting_not_null;
mod sqlite_table_rebuild;
mod unbatched_backfill;
mod volatile_default;

use crate::change::Change;
use crate::finding::Severity;
use crate::target::Target;

/// A rule's fixed description.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code (`AL101`): what `# aludel: allow AL101` names.
    pub code: &'static str,
    /// Stable name (`adding-required-column`), allowed in place of the code.
    pub name: &'static str,
    /// How bad a hit is.
    pub severity: Severity,
    /// The databases it applies to.
    pub targets: &'static [Target],
    /// What it finds, in one line.
    pub summary: &'static str,
    /// Why that breaks a live system or loses data.
    pub why: &'static str,
    /// The safe way, in words (a hit may say it concretely).
    pub fix: &'static str,
}

/// Where a change stands in its revision.
#[derive(Debug, Clone, Copy)]
pub struct RuleContext {
    /// The database being reviewed for.
    pub target: Target,
    /// A lock timeout is in force: set earlier in the revision's SQL, or
    /// configured for aludel's runs (`[tool.aludel] lock_timeout`).
    pub lock_timeout_set: bool,
    /// Changes before this one in the revision that took a table lock.
    pub locks_before: usize,
}

/// What a rule says about one change.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// About this change.
    pub message: String,
    /// The safe way for this change (else the rule's [`RuleMeta::fix`]).
    pub fix: Option<String>,
    /// `aludel lint --fix` can write it.
    pub fixable: bool,
}

impl Hit {
    /// A hit with the rule's own fix text, not fixable automatically.
    pub fn new(message: impl Into<String>) -> Hit {
        Hit {
            message: message.into(),
            fix: None,
            fixable: false,
        }
    }

    /// With a concrete fix.
    pub fn fix(mut self, fix: impl Into<String>) -> Hit {
        self.fix = Some(fix.into());
        self
    }

    /// `--fix` can write it.
    pub fn fixable(mut self) -> Hit {
        self.fixable = true;
        self
    }
}

/// One rule.
pub trait Rule: Sync {
    /// Its description.
    fn meta(&self) -> &'static RuleMeta;
    /// Its verdict on one change (only called for the targets it lists).
    fn check(&self, change: &Change, cx: &RuleContext) -> Option<Hit>;
}

/// Every rule, by code.
pub fn all() -> &'static [&'static dyn Rule] {
    static RULES: &[&dyn Rule] = &[
        &adding_required_column::Rule,
        &setting_not_null::Rule,
        &adding_foreign_key::Rule,
        &adding_check_constraint::Rule,
        &index_without_concurrently::Rule,
        &drop_index_without_concurrently::Rule,
        &concurrently_in_transaction::Rule,
        &changing_column_type::Rule,
        &dropping_column::Rule,
        &dropping_table::Rule,
        &renaming_column::Rule,
        &renaming_table::Rule,
        &volatile_default::Rule,
        &adding_unique_constraint::Rule,
        &mysql_enum_reorder::Rule,
        &sqlite_table_rebuild::Rule,
        &missing_lock_timeout::Rule,
        &adding_primary_key::Rule,
        &unbatched_backfill::Rule,
        &mysql_index_copies_table::Rule,
    ];
    RULES
}

/// The rule with this code or name.
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}

/// PostgreSQL only.
pub(crate) const POSTGRESQL: &[Target] = &[Target::Postgresql];
/// PostgreSQL, MySQL and MariaDB (the databases that alter in place).
pub(crate) const SERVERS: &[Target] = &[Target::Postgresql, Target::Mysql, Target::Mariadb];
/// Every database.
pub(crate) const EVERY: &[Target] = &Target::ALL;
/// MySQL and MariaDB.
pub(crate) const MYSQL: &[Target] = &[Target::Mysql, Target::Mariadb];

/// The changed table as messages name it (`schema.table`, unquoted).
pub(crate) fn table_name(change: &Change) -> String {
    change
        .table
        .as_ref()
        .map(|t| t.display())
        .unwrap_or_else(|| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::all;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/lint.md"))
                .expect("docs/lint.md");
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            let meta = rule.meta();
            assert!(seen.insert(meta.code), "{} twice", meta.code);
            assert!(seen.insert(meta.name), "{} twice", meta.name);
            let heading = format!("### {} `{}`", meta.code, meta.name);
            assert!(doc.contains(&heading), "docs/lint.md lacks {heading}");
            assert!(
                doc.contains(meta.why),
                "docs/lint.md has another why for {}",
                meta.code
            );
            assert!(
                doc.contains(meta.fix),
                "docs/lint.md has another fix for {}",
                meta.code
            );
        }
    }
}
