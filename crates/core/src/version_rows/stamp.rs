//! `stamp`: which rows to move to which revisions, without running any
//! migration (Alembic's `ScriptDirectory._stamp_revs` and `StampStep`).

use super::{Changes, RowChange, RowsError, VersionRows};
use crate::graph::{RevIdx, RevisionGraph};
use crate::plan::Failure;
use crate::target::{ErrorWording, Pos, RevisionError};

/// How `stamp` words "several heads" errors.
const STAMP_MULTIPLE_HEADS: &str =
    "Multiple heads are present; please specify a single target revision";

/// One movement of the version rows by `stamp`: from some rows to some
/// revisions, up or down, possibly starting or ending a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StampStep {
    /// Rows the step starts from (empty for a new branch).
    pub from: Vec<String>,
    /// Revisions the step ends at (empty for `base`).
    pub to: Vec<String>,
    /// True when the destination is above the rows (or on a new branch).
    pub upgrade: bool,
    /// True for a new branch (insert) or the removal of one (delete).
    pub branch_move: bool,
}

impl StampStep {
    /// Alembic's description of the step, as logged (`Running <this>`) and
    /// in the `-- Running <this>` comment of `--sql`:
    /// `stamp_revision a, b -> c` (empty sides kept).
    pub fn describe(&self) -> String {
        format!(
            "stamp_revision {} -> {}",
            self.from.join(", "),
            self.to.join(", ")
        )
    }
}

impl VersionRows {
    /// Applies a stamp step (Alembic's `HeadMaintainer.update_to_step` with
    /// a `StampStep`), returning the row changes in the order they run.
    pub fn apply_stamp(&mut self, step: &StampStep) -> Result<Vec<RowChange>, RowsError> {
        let mut changes = Changes::new(self, step.describe());
        let outside = |ids: &[String], rows: &VersionRows| ids.iter().any(|i| !rows.contains(i));
        if !step.upgrade && step.branch_move {
            match step.from.as_slice() {
                [only] => changes.delete(only)?,
                _ => return Err(changes.fail("a branch deletion needs exactly one row".into())),
            }
        } else if step.upgrade
            && (step.branch_move || outside(&step.from, changes.rows))
            && outside(&step.to, changes.rows)
        {
            match step.to.as_slice() {
                [only] => changes.insert(only)?,
                _ => return Err(changes.fail("a new branch needs exactly one revision".into())),
            }
        } else if step.from.len() > 1 {
            let (keep, drop) = step.from.split_last().expect("more than one");
            let Some(to) = step.to.first() else {
                return Err(changes.fail("a merge needs a destination".into()));
            };
            for id in drop {
                changes.delete(id)?;
            }
            changes.update(keep, to)?;
        } else if step.to.len() > 1 {
            let (last, extra) = step.to.split_last().expect("more than one");
            for id in extra {
                changes.insert(id)?;
            }
            changes.update(&step.from[0], last)?;
        } else {
            match (step.from.as_slice(), step.to.as_slice()) {
                ([from], [to]) => changes.update(from, to)?,
                _ => {
                    return Err(changes.fail(
                        "the step names no single row to update (Alembic fails an assertion here)"
                            .into(),
                    ))
                }
            }
        }
        Ok(changes.finish())
    }
}

impl RevisionGraph {
    /// The steps of `stamp DESTINATIONS` from the given version rows
    /// (Alembic's `_stamp_revs`): `base` removes the rows of the branches
    /// the destinations concern, a revision above or below rows moves them
    /// (several rows are merged into one), a revision on a branch without a
    /// row starts a new one. Errors are worded as the `stamp` command's.
    pub fn stamp_plan(
        &self,
        destinations: &[String],
        current: &[String],
    ) -> Result<Vec<StampStep>, Failure> {
        let wording = ErrorWording {
            multiple_heads: Some(STAMP_MULTIPLE_HEADS),
            ..Default::default()
        };
        self.stamp_steps(destinations, current)
            .map_err(|err| Failure::from_revision_error(&err, &wording))
    }

    fn stamp_steps(
        &self,
        destinations: &[String],
        current: &[String],
    ) -> Result<Vec<StampStep>, RevisionError> {
        let heads: Vec<RevIdx> = self
            .get_revisions_of(current)?
            .into_iter()
            .filter_map(|p| p.and_then(Pos::rev))
            .collect();
        let base = ["base".to_string()];
        let destinations = if destinations.is_empty() {
            &base[..]
        } else {
            destinations
        };
        let mut filtered: Vec<RevIdx> = Vec::new();
        for dest in destinations.iter().filter(|d| !d.is_empty()) {
            for head in self.filter_for_lineage(&heads, Some(dest), true)? {
                if !filtered.contains(&head) {
                    filtered.push(head);
                }
            }
        }
        let mut dests = self.get_revisions_of(destinations)?;
        if dests.is_empty() {
            dests.push(None);
        }
        let filtered_ids = self.ids(&filtered);
        let mut steps = Vec::new();
        for dest in dests {
            let Some(Pos::Rev(dest)) = dest else {
                steps.extend(filtered_ids.iter().map(|head| StampStep {
                    from: vec![head.clone()],
                    to: Vec::new(),
                    upgrade: false,
                    branch_move: true,
                }));
                continue;
            };
            if filtered.contains(&dest) {
                continue;
            }
            let descendants = self.descendant_set(&[dest], true);
            let ancestors = self.ancestor_set(&[dest], true);
            let above = filtered.iter().any(|&h| descendants.contains(h));
            let below = filtered.iter().any(|&h| ancestors.contains(h));
            let to = vec![self.node(dest).id().to_string()];
            if above && below {
                return Err(RevisionError::Other(format!(
                    "Cannot stamp {}: the version rows {} lie both above and below it; stamp each branch separately or use --purge",
                    to[0],
                    filtered_ids.join(", ")
                )));
            }
            if above || below {
                steps.push(StampStep {
                    from: filtered_ids.clone(),
                    to,
                    upgrade: below,
                    branch_move: false,
                });
            } else {
                steps.push(StampStep {
                    from: Vec::new(),
                    to,
                    upgrade: true,
                    branch_move: true,
                });
            }
        }
        Ok(steps)
    }
}
