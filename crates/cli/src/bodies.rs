//! The operations of revision bodies: each revision file is read and
//! parsed once per run, and its `upgrade()` / `downgrade()` evaluated for
//! the run's database when a step needs it.

use std::collections::HashMap;
use std::path::Path;

use aludel_core::dialect::DialectKind;
use aludel_core::{RevIdx, RevisionGraph, Step};
use aludel_python::body::{BodyContext, BodyError, LocatedOp, RevisionBody};

use crate::error::{CmdResult, CommandFailed};

/// Parsed revision files of one run.
pub struct Bodies {
    context: BodyContext,
    parsed: HashMap<RevIdx, RevisionBody>,
}

impl Bodies {
    /// Bodies evaluated for `dialect`, online or for a `--sql` script.
    pub fn new(dialect: DialectKind, offline: bool) -> Self {
        Bodies {
            context: BodyContext { dialect, offline },
            parsed: HashMap::new(),
        }
    }

    /// The operations a step runs, each with its place in the file.
    pub fn step_ops(&mut self, graph: &RevisionGraph, step: Step) -> CmdResult<Vec<LocatedOp>> {
        let function = if step.upgrade { "upgrade" } else { "downgrade" };
        let node = graph.node(step.revision);
        let body = match self.parsed.entry(step.revision) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let path = Path::new(&node.rev.path);
                let source = std::fs::read_to_string(path).map_err(|err| {
                    CommandFailed::new(format!(
                        "Could not read revision {} from {}: {err}",
                        node.id(),
                        path.display()
                    ))
                })?;
                let parsed = RevisionBody::parse(path, &source)
                    .map_err(|err| body_failure(node.id(), function, &err))?;
                e.insert(parsed)
            }
        };
        body.evaluate(function, &self.context)
            .map_err(|err| body_failure(node.id(), function, &err))
    }
}

/// A revision body aludel cannot evaluate, as a command failure that says
/// where and what to do.
fn body_failure(id: &str, function: &str, err: &BodyError) -> CommandFailed {
    let mut failed = CommandFailed::new(format!(
        "Cannot run {function}() of revision {id}: {}",
        err.message()
    ))
    .with_detail(format!("  --> {}", err.location()));
    for line in err.location().snippet().lines() {
        failed = failed.with_detail(line.to_string());
    }
    if !err.hint().is_empty() {
        failed = failed.with_detail(format!("  = help: {}", err.hint()));
    }
    failed
}
