//! aludel's migration review (`aludel lint`).
//!
//! A revision's `upgrade()` operations — already evaluated by the body
//! evaluator for one database — and the statements of its `op.execute()`
//! SQL (parsed with `sqlparser`) are lowered to one vocabulary of
//! [`change::Change`]s against the schema replayed up to the revision
//! (`aludel_core::replay`), so a rule knows whether a table existed before
//! (and may hold rows) and whether it runs inside the migration's
//! transaction. Each rule in [`rules`] (one per file, with a stable code)
//! checks one change at a time; [`review::review`] turns hits into located
//! [`Finding`]s, minus those a `# aludel: allow CODE` comment silences.
//! [`fix`] turns fixable findings into the safe sequence of operations.

pub mod allow;
pub mod change;
pub mod finding;
pub mod fix;
mod lower_op;
mod lower_sql;
pub mod review;
pub mod rules;
pub mod target;
pub mod types;

pub use finding::{Finding, Severity};
pub use review::{merge, review, PlacedOp, ReviewOptions, RevisionInput};
pub use target::Target;
