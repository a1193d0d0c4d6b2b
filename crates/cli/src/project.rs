//! A loaded project: its configuration and its revision graph.

use aludel_core::RevisionGraph;

use crate::args::GlobalArgs;
use crate::error::CmdResult;
use crate::output::Output;

/// Configuration plus every revision of the project.
pub struct Project {
    /// The revision graph, in load order.
    pub graph: RevisionGraph,
}

impl Project {
    /// Reads the configuration and every revision file.
    pub fn load(_global: &GlobalArgs, _out: &mut Output) -> CmdResult<Project> {
        Ok(Project {
            graph: RevisionGraph::new(Vec::new())?,
        })
    }
}
