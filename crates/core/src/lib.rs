//! Pure core of aludel: everything that is data and rules, no I/O. Knows
//! nothing of files, Python or database drivers.
//!
//! - Revisions: [`graph`] (the revision graph), [`target`] (the target
//!   grammar), [`plan`] (which steps a run makes), [`version_rows`] (the
//!   version table's row bookkeeping), [`revision`].
//! - [`ops`]: migration operations, one value per `op.*` call.
//! - [`schema`]: the schema model (types, columns, constraints, tables,
//!   [`schema::SchemaState`]).
//! - [`dialect`]: operations rendered to SQL per database, SQLite's batch
//!   rebuilds, and the normal forms and implicit names a diff compares with.
//! - [`replay`]: operations applied to an in-memory schema.
//! - [`diff`]: models vs database as the operations of a revision.
//! - [`naming`]: SQLAlchemy's naming conventions, for the model reader and
//!   for batch blocks that name reflected constraints.

pub mod dialect;
pub mod diff;
pub mod graph;
pub mod naming;
pub mod ops;
pub mod plan;
pub mod replay;
pub mod revision;
pub mod schema;
pub mod target;
pub mod version_rows;

pub use graph::{GraphError, RevIdx, RevisionGraph};
pub use plan::{Failure, Plan, RangeEnd, Step};
pub use revision::Revision;
pub use target::{Pos, RevisionError};
pub use version_rows::{RowChange, RowsError, StampStep, VersionRows};
