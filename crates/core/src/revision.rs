//! One revision as the graph sees it: identifiers and text, no file I/O.

use serde::{Deserialize, Serialize};

/// A revision's header, as read from its file by the Python front end.
///
/// The graph only needs identifiers; `path` and `doc` are carried for output
/// and error messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// The `revision` variable: the full revision id.
    pub id: String,
    /// The `down_revision` variable, in the order written (empty for a base).
    pub down_revisions: Vec<String>,
    /// The `branch_labels` variable, in the order written.
    pub branch_labels: Vec<String>,
    /// The `depends_on` variable as written: full ids, partial ids or branch labels.
    pub depends_on: Vec<String>,
    /// The stripped module docstring (Alembic's `longdoc`).
    pub longdoc: String,
    /// Absolute path of the file the revision was read from.
    pub path: String,
}

impl Revision {
    /// Text before the first blank line of the docstring (Alembic's `doc`),
    /// used in `history` and log lines.
    pub fn doc(&self) -> &str {
        match self.longdoc.find("\n\n") {
            Some(end) => &self.longdoc[..end],
            None => &self.longdoc,
        }
    }
}
