//! Traversals of the graph: ancestor and descendant sets, and the checked
//! traversal that rejects overlapping targets.

use fixedbitset::FixedBitSet;

use super::{RevIdx, RevisionGraph};

impl RevisionGraph {
    /// Revisions reachable downwards from `starts` (included): through
    /// parents and normalised dependencies, or through parents only.
    pub(crate) fn ancestor_set(
        &self,
        starts: &[RevIdx],
        include_dependencies: bool,
    ) -> FixedBitSet {
        if include_dependencies {
            self.reach(starts, |node| node.normalized_down())
        } else {
            self.reach(starts, |node| &node.down)
        }
    }

    /// Revisions reachable upwards from `starts` (included): through
    /// children and dependents, or through children only.
    pub(crate) fn descendant_set(
        &self,
        starts: &[RevIdx],
        include_dependencies: bool,
    ) -> FixedBitSet {
        if include_dependencies {
            self.reach(starts, |node| &node.all_next)
        } else {
            self.reach(starts, |node| &node.next)
        }
    }

    /// Like [`Self::ancestor_set`] (with dependencies) or
    /// [`Self::descendant_set`] (without), visiting the targets one by one
    /// and failing when one target's walk reaches another target, which
    /// Alembic reports as overlapping revisions. The error holds the target
    /// whose walk found the others, and those others.
    pub(crate) fn checked_set(
        &self,
        targets: &[RevIdx],
        downwards: bool,
    ) -> Result<FixedBitSet, (RevIdx, Vec<RevIdx>)> {
        let mut seen = FixedBitSet::with_capacity(self.nodes.len());
        for &target in targets {
            let mut reached = Vec::new();
            let mut todo = vec![target];
            while let Some(at) = todo.pop() {
                reached.push(at);
                if seen.put(at) {
                    continue;
                }
                let node = &self.nodes[at];
                if downwards {
                    todo.extend(node.normalized_down().iter().copied());
                } else {
                    todo.extend(node.next.iter().copied());
                }
            }
            let mut overlaps: Vec<RevIdx> = targets
                .iter()
                .copied()
                .filter(|t| *t != target && reached.contains(t))
                .collect();
            overlaps.dedup();
            if !overlaps.is_empty() {
                return Err((target, overlaps));
            }
        }
        Ok(seen)
    }
}
