//! The planner: which revisions an upgrade or downgrade runs, in which
//! order, and which revisions a `history` range lists — Alembic's
//! `_collect_upgrade_revisions` / `_collect_downgrade_revisions` followed by
//! its topological sort.

mod collect;
mod relative;

use crate::graph::{RevIdx, RevisionGraph};
use crate::target::{ErrorWording, Pos, RevisionError};

type Result<T> = std::result::Result<T, RevisionError>;

/// What a command failed with: the line Alembic prints after `FAILED: `,
/// and extra lines aludel adds to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Alembic's message, unchanged so that scripts can match it.
    pub message: String,
    /// Further explanation (detailed reason, suggestions); may be empty.
    pub details: Vec<String>,
}

impl Failure {
    /// Words a revision error as a command does.
    pub fn from_revision_error(err: &RevisionError, wording: &ErrorWording<'_>) -> Self {
        let message = err.command_message(wording);
        let details = err
            .details()
            .into_iter()
            .filter(|line| *line != message)
            .collect();
        Failure { message, details }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// One migration step: a revision run upwards or downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The revision whose `upgrade()` or `downgrade()` runs.
    pub revision: RevIdx,
    /// True for upgrade, false for downgrade.
    pub upgrade: bool,
}

impl Step {
    /// Revisions the step starts from, without dependencies (the text
    /// before `->` in Alembic's log line).
    pub fn from_ids(&self, graph: &RevisionGraph) -> Vec<String> {
        if self.upgrade {
            graph.ids(graph.parents(self.revision))
        } else {
            vec![graph.node(self.revision).id().to_string()]
        }
    }

    /// Revisions the step ends at, without dependencies.
    pub fn to_ids(&self, graph: &RevisionGraph) -> Vec<String> {
        if self.upgrade {
            vec![graph.node(self.revision).id().to_string()]
        } else {
            graph.ids(graph.parents(self.revision))
        }
    }

    /// The step without its docstring, as the `-- Running upgrade a -> b`
    /// comment of a `--sql` script names it.
    pub fn short_description(&self, graph: &RevisionGraph) -> String {
        let name = if self.upgrade { "upgrade" } else { "downgrade" };
        format!(
            "{name} {} -> {}",
            self.from_ids(graph).join(", "),
            self.to_ids(graph).join(", ")
        )
    }

    /// Alembic's description of the step: `upgrade a -> b, doc`
    /// (`, doc` only when the revision has a docstring).
    pub fn describe(&self, graph: &RevisionGraph) -> String {
        let text = self.short_description(graph);
        let doc = graph.node(self.revision).rev.doc();
        if doc.is_empty() {
            text
        } else {
            format!("{text}, {doc}")
        }
    }
}

/// A plan and the warnings met while making it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Steps in the order they run.
    pub steps: Vec<Step>,
    /// Warnings Alembic would print as `UserWarning`s.
    pub warnings: Vec<String>,
}

/// One end of a revision range: a target as typed (`base`, `heads`,
/// `ae10`, `lib@head`), or revision ids such as a database's version rows.
#[derive(Debug, Clone, Copy)]
pub enum RangeEnd<'a> {
    /// A target in the target grammar.
    Text(&'a str),
    /// Revision ids (the rows of the version table).
    Heads(&'a [String]),
}

impl RangeEnd<'_> {
    fn as_tuple(&self) -> Vec<String> {
        match self {
            RangeEnd::Text(t) => vec![t.to_string()],
            RangeEnd::Heads(h) => h.to_vec(),
        }
    }
}

impl RevisionGraph {
    /// The steps `upgrade DESTINATION` runs from the given version rows.
    pub fn upgrade_plan(
        &self,
        destination: &str,
        current: &[String],
    ) -> std::result::Result<Plan, Failure> {
        self.plan(destination, true, |warnings| {
            let (needs, targets) = self.collect_upgrade(
                RangeEnd::Text(destination),
                RangeEnd::Heads(current),
                false,
                true,
                true,
                warnings,
            )?;
            let mut order = self.topological_sort(&needs, &targets);
            order.reverse();
            Ok(order)
        })
    }

    /// The steps `downgrade DESTINATION` runs from the given version rows.
    pub fn downgrade_plan(
        &self,
        destination: &str,
        current: &[String],
    ) -> std::result::Result<Plan, Failure> {
        self.plan(destination, false, |warnings| {
            let (drop, heads) =
                self.collect_downgrade(current, Some(destination), false, true, warnings)?;
            Ok(self.topological_sort(&drop, &heads))
        })
    }

    /// Runs a collection in one direction and words its errors as the
    /// `upgrade` / `downgrade` command does.
    fn plan(
        &self,
        destination: &str,
        upgrade: bool,
        collect: impl FnOnce(&mut Vec<String>) -> Result<Vec<RevIdx>>,
    ) -> std::result::Result<Plan, Failure> {
        let ancestor = if upgrade {
            "Destination %(end)s is not a valid upgrade target from current head(s)"
        } else {
            "Destination %(end)s is not a valid downgrade target from current head(s)"
        };
        let wording = ErrorWording {
            ancestor: Some(ancestor),
            end: Some(destination),
            ..Default::default()
        };
        let mut warnings = Vec::new();
        match collect(&mut warnings) {
            Ok(order) => Ok(Plan {
                steps: order
                    .into_iter()
                    .map(|revision| Step { revision, upgrade })
                    .collect(),
                warnings,
            }),
            Err(err) => Err(Failure::from_revision_error(&err, &wording)),
        }
    }

    /// Revisions from `head` down to `base` inclusive, newest first: the
    /// listing of `history -r BASE:HEAD` (defaults `base` and `heads`).
    pub fn walk_revisions(
        &self,
        base: &str,
        head: &str,
    ) -> std::result::Result<Vec<RevIdx>, Failure> {
        self.walk_range(RangeEnd::Text(base), RangeEnd::Text(head))
    }

    /// [`Self::walk_revisions`] where either end may be a list of revision
    /// ids (a range that ends at the database's current revisions).
    pub fn walk_range(
        &self,
        base: RangeEnd<'_>,
        head: RangeEnd<'_>,
    ) -> std::result::Result<Vec<RevIdx>, Failure> {
        let (start, end) = (base.as_tuple().join(", "), head.as_tuple().join(", "));
        let wording = ErrorWording {
            start: Some(&start),
            end: Some(&end),
            ..Default::default()
        };
        let mut warnings = Vec::new();
        self.collect_upgrade(head, base, true, false, false, &mut warnings)
            .map(|(needs, targets)| self.topological_sort(&needs, &targets))
            .map_err(|err| Failure::from_revision_error(&err, &wording))
    }

    /// Resolves several identifiers (version rows) for a read command.
    pub fn resolve_all_for_command(
        &self,
        ids: &[String],
    ) -> std::result::Result<Vec<Option<Pos>>, Failure> {
        self.get_revisions_of(ids)
            .map_err(|err| Failure::from_revision_error(&err, &ErrorWording::default()))
    }

    /// Resolves identifiers for a read command (`show`, `heads`), worded
    /// as Alembic's default error messages.
    pub fn resolve_for_command(&self, id: &str) -> std::result::Result<Vec<Option<Pos>>, Failure> {
        self.get_revisions(id)
            .map_err(|err| Failure::from_revision_error(&err, &ErrorWording::default()))
    }
}
