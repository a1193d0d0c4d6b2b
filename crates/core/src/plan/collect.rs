//! Collecting the revisions a walk needs: Alembic's
//! `_collect_upgrade_revisions` and `_collect_downgrade_revisions`.

use fixedbitset::FixedBitSet;

use super::{RangeEnd, Result};
use crate::graph::{RevIdx, RevisionGraph};
use crate::target::{Pos, RevisionError};

pub(super) fn set_of(graph: &RevisionGraph, items: &[RevIdx]) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(graph.len());
    for &i in items {
        set.insert(i);
    }
    set
}

pub(super) fn not_a_revision(what: &str) -> RevisionError {
    RevisionError::Other(format!(
        "'{what}' does not name a revision here; give a revision id, a label or head"
    ))
}

impl RevisionGraph {
    /// Resolves identifiers and keeps only revisions (dropping `base`).
    pub(super) fn revisions_of(&self, ids: &[String]) -> Result<Vec<RevIdx>> {
        Ok(self
            .get_revisions_of(ids)?
            .into_iter()
            .filter_map(|p| p.and_then(Pos::rev))
            .collect())
    }

    /// Revisions currently in effect for the given version rows: the rows,
    /// their ancestors, reduced to the tips of each branch.
    pub fn all_current(&self, ids: &[String]) -> Result<Vec<RevIdx>> {
        let top = self.revisions_of(ids)?;
        let all = self.ancestor_set(&top, true);
        let mut out = Vec::new();
        for idx in all.ones() {
            let mut below = self.descendant_set(&[idx], false);
            below.set(idx, false);
            below.intersect_with(&all);
            if below.is_clear() {
                out.push(idx);
            }
        }
        Ok(out)
    }

    /// Revisions an upgrade-side walk needs, and the targets it aims at.
    pub(super) fn collect_upgrade(
        &self,
        upper: RangeEnd<'_>,
        lower: RangeEnd<'_>,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> Result<(FixedBitSet, Vec<RevIdx>)> {
        let mut targets = Vec::new();
        for pos in self.parse_upgrade_target(lower, upper, assert_relative_length)? {
            match pos {
                Some(Pos::Rev(idx)) => targets.push(idx),
                _ => return Err(not_a_revision(&upper.as_tuple().join(", "))),
            }
        }
        if let RangeEnd::Text(text) = lower {
            if let Some((branch, _)) = text.split_once('@') {
                let mut branch = branch.to_string();
                if let Some(idx) = self.get_revision(Some(&branch))? {
                    let node = self.node(idx);
                    if node.id() == branch {
                        match node.branch_labels() {
                            [only] => branch = only.clone(),
                            _ => {
                                return Err(RevisionError::Other(format!(
                                    "Revision {branch} is used as a branch name but carries {} branch labels",
                                    node.branch_labels().len()
                                )))
                            }
                        }
                    }
                }
                targets.retain(|&t| self.node(t).branch_labels().contains(&branch));
            }
        }
        let mut required = self.checked_ancestors(&targets)?;
        required.union_with(&set_of(self, &targets));

        let mut current: Vec<RevIdx> = Vec::new();
        let mut lower_override: Option<Option<String>> = None;
        let resolved = match lower {
            RangeEnd::Text(t) => self.get_revisions(t)?,
            RangeEnd::Heads(h) => self.get_revisions_of(h)?,
        };
        if !implicit_base
            && resolved
                .iter()
                .any(|p| matches!(p, Some(Pos::Rev(i)) if !required.contains(*i)))
        {
            return Err(RevisionError::RangeNotAncestor {
                lower: Some(lower.as_tuple().join(", ")),
                upper: Some(upper.as_tuple().join(", ")),
            });
        }
        if matches!(resolved.first(), Some(None)) {
            let RangeEnd::Text(text) = lower else {
                return Err(not_a_revision(&lower.as_tuple().join(", ")));
            };
            let (_, pos) = self.parse_downgrade_target(
                &upper.as_tuple(),
                Some(text),
                assert_relative_length,
                warnings,
            )?;
            match pos {
                Some(Pos::Rev(idx)) => {
                    current.push(idx);
                    lower_override = Some(Some(self.node(idx).id().to_string()));
                }
                Some(Pos::Base) => lower_override = Some(None),
                None => return Err(not_a_revision(text)),
            }
        } else {
            current.extend(resolved.iter().filter_map(|p| p.and_then(Pos::rev)));
        }
        let mut current_set = self.checked_ancestors(&current)?;
        current_set.union_with(&set_of(self, &current));
        let mut needs = required;
        needs.difference_with(&current_set);
        if inclusive {
            let again = match (&lower_override, lower) {
                (Some(None), _) => Vec::new(),
                (Some(Some(id)), _) => self.revisions_of(std::slice::from_ref(id))?,
                (None, RangeEnd::Text(t)) => self.revisions_of(&[t.to_string()])?,
                (None, RangeEnd::Heads(h)) => self.revisions_of(h)?,
            };
            for idx in again {
                needs.insert(idx);
            }
        }
        if !current.is_empty() && !implicit_base {
            let descendants = self
                .checked_set(&current, false)
                .map_err(|(t, o)| self.overlap_error(t, &o))?;
            needs.intersect_with(&descendants);
        }
        Ok((needs, targets))
    }

    fn checked_ancestors(&self, targets: &[RevIdx]) -> Result<FixedBitSet> {
        self.checked_set(targets, true)
            .map_err(|(t, o)| self.overlap_error(t, &o))
    }

    fn overlap_error(&self, target: RevIdx, others: &[RevIdx]) -> RevisionError {
        RevisionError::Other(format!(
            "Requested revision {} overlaps with other requested revisions {}",
            self.node(target).id(),
            self.ids(others).join(", ")
        ))
    }

    /// Revisions a downgrade removes, and the current heads.
    pub(super) fn collect_downgrade(
        &self,
        upper: &[String],
        lower: Option<&str>,
        inclusive: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> Result<(FixedBitSet, Vec<RevIdx>)> {
        let (label, target) =
            self.parse_downgrade_target(upper, lower, assert_relative_length, warnings)?;
        let target = target.and_then(Pos::rev);
        let mut roots: Vec<RevIdx> = match target {
            None => self.bases().to_vec(),
            Some(t) if inclusive => vec![t],
            Some(t) => self.children(t).to_vec(),
        };
        if let Some(label) = label.as_deref().filter(|l| !l.is_empty()) {
            if roots.len() > 1 {
                let branch = self.resolve_branch(label)?;
                let ancestors = self.ancestor_set(&[branch], false);
                roots.retain(|r| ancestors.contains(*r));
                if roots.is_empty() {
                    return Err(RevisionError::Other(
                        "Not a valid downgrade target from current heads".into(),
                    ));
                }
            }
        }
        let heads = self.revisions_of(upper)?;
        let mut drop = self.descendant_set(&roots, true);
        drop.intersect_with(&self.ancestor_set(&heads, true));
        if let Some(t) = target {
            if drop.is_clear() && !heads.contains(&t) {
                return Err(RevisionError::RangeNotAncestor {
                    lower: Some("Nothing to drop".into()),
                    upper: Some(upper.join(", ")),
                });
            }
        }
        Ok((drop, heads))
    }
}
