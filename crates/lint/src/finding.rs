//! What a review reports: one finding per rule hit, located in the
//! revision file.

use serde::Serialize;

use crate::target::Target;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look: slow on a big table, or breaks code still running.
    Warning,
    /// Blocks a live system or loses data.
    Error,
}

impl Severity {
    /// `warning` / `error`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One rule hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable code (`AL101`).
    pub code: &'static str,
    /// The rule's name (`adding-required-column`).
    pub rule: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The revision id.
    pub revision: String,
    /// The revision file, as the project names it.
    pub path: String,
    /// 1-based line of the operation.
    pub line: usize,
    /// 1-based column of the operation.
    pub column: usize,
    /// The `op.*` call (or SQL statement kind) it is about.
    pub operation: String,
    /// What is wrong, about this operation.
    pub message: String,
    /// Why it matters (the rule's explanation).
    pub why: &'static str,
    /// The safe way to do it.
    pub fix: String,
    /// Whether `aludel lint --fix` can write the safe sequence.
    pub fixable: bool,
    /// The databases it applies to.
    pub targets: Vec<Target>,
    /// Index of the flagged operation among the body's top-level
    /// operations (what `--fix` rewrites).
    #[serde(skip)]
    pub op_index: usize,
}
