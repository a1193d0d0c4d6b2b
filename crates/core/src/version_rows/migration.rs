//! Row changes of an upgrade or downgrade step (Alembic's `RevisionStep`
//! as its head maintainer sees it), dependencies included: a revision's
//! "down revisions" here are its parents plus its normalised dependencies,
//! so applying a revision that depends on a present row merges that row away.

use super::{Changes, RowChange, RowsError, VersionRows};
use crate::graph::{RevIdx, RevisionGraph};
use crate::plan::Step;

impl VersionRows {
    /// Applies one upgrade or downgrade step, returning its row changes.
    pub fn apply_migration(
        &mut self,
        graph: &RevisionGraph,
        step: Step,
    ) -> Result<Vec<RowChange>, RowsError> {
        let node = graph.node(step.revision);
        let id = node.id().to_string();
        let downs: Vec<String> = graph.ids(node.normalized_down());
        let present_downs: Vec<String> =
            downs.iter().filter(|d| self.contains(d)).cloned().collect();
        let described = step.describe(graph);
        let mut changes = Changes::new(self, described);
        if step.upgrade {
            if downs.is_empty() || present_downs.is_empty() {
                changes.insert(&id)?;
            } else if downs.len() > 1 && present_downs.len() > 1 {
                let from = merge_sources(graph, changes.rows, &downs);
                let Some((keep, drop)) = from.split_last() else {
                    return Err(changes.fail("the merge keeps no row to update".into()));
                };
                for d in drop {
                    changes.delete(d)?;
                }
                changes.update(keep, &id)?;
            } else {
                let down = single_present(&downs, &present_downs)
                    .ok_or_else(|| changes.fail(ambiguous(&present_downs)))?;
                changes.update(&down, &id)?;
            }
        } else if changes.rows.contains(&id)
            && (downs.is_empty() || unmerge_targets(graph, changes.rows, &id, &downs).is_empty())
        {
            changes.delete(&id)?;
        } else if changes.rows.contains(&id) && downs.len() > 1 {
            let targets = unmerge_targets(graph, changes.rows, &id, &downs);
            let (last, extra) = targets.split_last().expect("checked non-empty above");
            for t in extra {
                changes.insert(t)?;
            }
            changes.update(&id, last)?;
        } else {
            let down = single_present(&downs, &present_downs)
                .ok_or_else(|| changes.fail(ambiguous(&present_downs)))?;
            changes.update(&id, &down)?;
        }
        Ok(changes.finish())
    }
}

fn ambiguous(present: &[String]) -> String {
    format!(
        "the row to update is ambiguous among [{}] (Alembic fails an assertion here)",
        present.join(", ")
    )
}

/// The one down revision a linear step moves along: the only one, or the
/// only present one.
fn single_present(downs: &[String], present: &[String]) -> Option<String> {
    match (downs, present) {
        ([only], _) => Some(only.clone()),
        (_, [only]) => Some(only.clone()),
        _ => None,
    }
}

/// Indices of ids (all present in the graph: they are rows being matched
/// against revisions the graph holds).
fn indices(graph: &RevisionGraph, ids: &[String]) -> Vec<RevIdx> {
    ids.iter().filter_map(|i| graph.by_id(i)).collect()
}

/// The rows an upgrade merges: its down revisions, less those that another
/// row (not one of them) already implies.
fn merge_sources(graph: &RevisionGraph, rows: &VersionRows, downs: &[String]) -> Vec<String> {
    let others: Vec<String> = rows
        .rows()
        .iter()
        .filter(|r| !downs.contains(r))
        .cloned()
        .collect();
    if others.is_empty() {
        return downs.to_vec();
    }
    let implied = graph.ancestor_set(&indices(graph, &others), true);
    downs
        .iter()
        .filter(|d| graph.by_id(d).is_none_or(|i| !implied.contains(i)))
        .cloned()
        .collect()
}

/// The revisions a downgrade of `id` leaves as rows: its down revisions,
/// less those another row implies (or, when no other row exists, less those
/// implied by the other down revisions).
fn unmerge_targets(
    graph: &RevisionGraph,
    rows: &VersionRows,
    id: &str,
    downs: &[String],
) -> Vec<String> {
    let others: Vec<String> = rows.rows().iter().filter(|r| *r != id).cloned().collect();
    let implied = if others.is_empty() {
        let mut implied = fixedbitset::FixedBitSet::with_capacity(graph.len());
        for d in indices(graph, downs) {
            let mut below = graph.ancestor_set(&[d], true);
            below.set(d, false);
            implied.union_with(&below);
        }
        implied
    } else {
        graph.ancestor_set(&indices(graph, &others), true)
    };
    downs
        .iter()
        .filter(|d| graph.by_id(d).is_none_or(|i| !implied.contains(i)))
        .cloned()
        .collect()
}
