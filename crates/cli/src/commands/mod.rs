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

/// The failure of a command this version of aludel does not do yet.
pub fn not_yet(command: &str) -> CommandFailed {
    CommandFailed::new(format!("aludel cannot run '{command}' yet"))
        .with_detail("running migrations (upgrade, downgrade, stamp, ensure_version, --sql) and autogenerate (check) are not built yet; use alembic for these for now")
}
