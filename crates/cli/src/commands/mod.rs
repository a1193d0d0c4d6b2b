//! The sub-commands. Each module runs one command against a loaded
//! [`crate::project::Project`] and writes to an [`crate::output::Output`].

pub mod branches;
pub mod current;
pub mod edit;
pub mod format;
pub mod heads;
pub mod history;
pub mod revision;
pub mod show;

use crate::error::CommandFailed;

/// The failure of a command (or option) that needs a database connection,
/// which this version of aludel does not open yet.
pub fn needs_database(what: &str) -> CommandFailed {
    CommandFailed::new(format!(
        "{what} needs the database, and aludel does not connect to databases yet"
    ))
    .with_detail("run it with alembic for now; database commands (upgrade, downgrade, current, stamp) come next")
}
