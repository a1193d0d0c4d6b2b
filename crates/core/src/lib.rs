//! Pure core of aludel: the revision graph, the target grammar and the
//! planner, the version table's row bookkeeping. Knows nothing of files, Python or database drivers.

pub mod dialect;
pub mod diff;
pub mod graph;
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
