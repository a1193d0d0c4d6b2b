//! The sub-commands. Each module runs one command against a loaded
//! [`crate::project::Project`] and writes to an [`crate::output::Output`].

pub mod branches;
pub mod check;
pub mod current;
pub mod drift;
pub mod edit;
pub mod ensure_version;
pub mod format;
pub mod heads;
pub mod history;
pub mod lint;
pub mod migrate;
pub mod restore;
pub mod revision;
pub mod show;
pub mod stamp;
pub mod status;
pub mod test;

use aludel_core::{Pos, RevIdx};

use crate::database;
use crate::error::CmdResult;
use crate::output::Output;
use crate::project::Project;

/// The revisions a target names for `show` and `edit`; `current` reads the
/// database's version rows (`None` when it has none).
pub fn target_revisions(
    project: &Project,
    rev: &str,
    out: &mut Output,
) -> CmdResult<Option<Vec<RevIdx>>> {
    let graph = &project.graph;
    let positions = if rev == "current" {
        let rows = database::current_heads(&project.config, out)?;
        if rows.is_empty() {
            return Ok(None);
        }
        graph.resolve_all_for_command(&rows)?
    } else {
        graph.resolve_for_command(rev)?
    };
    Ok(Some(
        positions
            .into_iter()
            .filter_map(|p| p.and_then(Pos::rev))
            .collect(),
    ))
}
