//! Pure core of aludel: the revision graph, the target grammar and the
//! planner. Knows nothing of files, Python or database drivers.

pub mod revision;

pub use revision::Revision;
