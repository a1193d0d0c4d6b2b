//! Schema diff: what autogenerate and `check` compute. The desired schema
//! (what `create_all` makes of the models) is compared with the actual one
//! (the live database read back, or the schema replayed from the
//! migrations), and the result is the operations of a revision: the
//! upgrade that brings the actual schema to the desired one, and the
//! downgrade that brings it back, built from the actual side's own types,
//! defaults and names so that it restores exactly what was there.
//!
//! Both sides are [`SchemaState`]s in the canonical shape of
//! [`crate::schema::Table`]; types and server defaults are compared in the
//! form the database would report them ([`Dialect::normal_type`],
//! [`Dialect::normal_default`]), so that a model's `AutoString(length=50)`
//! and a reflected `VARCHAR(50)` are the same column type.

mod changes;
mod columns;
mod enums;
mod keys;
mod order;
mod plan;
#[cfg(test)]
mod tests;

pub use changes::{Change, ChangeKind};

use crate::dialect::Dialect;
use crate::ops::Op;
use crate::schema::SchemaState;

/// What to compare.
#[derive(Clone, Copy)]
pub struct DiffOptions<'a> {
    /// The database the revision is for: normal forms, implicit names and
    /// what its DDL can do in place.
    pub dialect: &'a dyn Dialect,
    /// Compare column types (Alembic's `compare_type`, on by default).
    pub compare_type: bool,
    /// Compare server defaults (Alembic's `compare_server_default`). aludel
    /// compares them by default: the database must end up as `create_all`
    /// makes it, and normal forms keep the comparison free of false diffs.
    pub compare_server_default: bool,
    /// env.py's naming convention: the operations name unnamed constraints
    /// by it, so a downgrade drops them by those names.
    pub naming_convention: Option<&'a crate::naming::NamingConvention>,
}

impl<'a> DiffOptions<'a> {
    /// Everything compared, for `dialect`.
    pub fn new(dialect: &'a dyn Dialect) -> Self {
        DiffOptions {
            dialect,
            compare_type: true,
            compare_server_default: true,
            naming_convention: None,
        }
    }
}

/// The result of a comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// The upgrade's operations, in the order they run.
    pub upgrade: Vec<Op>,
    /// The downgrade's operations, in the order they run.
    pub downgrade: Vec<Op>,
    /// Each difference found, in upgrade order: what `check` reports.
    pub changes: Vec<Change>,
    /// Differences the diff saw but cannot write operations for (for
    /// example an unnamed constraint SQLite keeps no name for), to be shown
    /// to the user beside the revision.
    pub notes: Vec<String>,
}

impl Diff {
    /// True when models and database agree.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares `desired` (the models) with `actual` (the database). Tables
/// and enum types only in `actual` are dropped; the caller leaves out of
/// `actual` what the comparison must not see (the version table, schemas
/// the models do not use).
pub fn diff(desired: &SchemaState, actual: &SchemaState, options: &DiffOptions<'_>) -> Diff {
    plan::Planner::new(desired, actual, options).run()
}
