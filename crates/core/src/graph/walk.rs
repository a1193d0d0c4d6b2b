//! Traversals of the graph: ancestor and descendant sets, the checked
//! traversal that rejects overlapping targets, and Alembic's topological
//! order (the order of `history` and of upgrade plans).

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
            self.reach(starts, |node| node.down.clone())
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
            self.reach(starts, |node| node.all_next.clone())
        } else {
            self.reach(starts, |node| node.next.clone())
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
                    todo.extend(node.normalized_down());
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

    /// Orders `todo` so that every revision comes before its parents and
    /// dependencies, walking down from `heads` one line at a time: a line is
    /// followed until it reaches a revision that another line still needs,
    /// then the walk switches to that line. Ties are broken by load order.
    pub(crate) fn topological_sort(&self, todo: &FixedBitSet, heads: &[RevIdx]) -> Vec<RevIdx> {
        let mut todo = todo.clone();
        let mut current: Vec<RevIdx> = heads
            .iter()
            .copied()
            .filter(|h| todo.contains(*h))
            .collect();
        current.sort_unstable();
        current.dedup();
        let mut ancestors: Vec<FixedBitSet> = current
            .iter()
            .map(|&h| self.ancestor_set(&[h], true))
            .collect();
        let mut output = Vec::with_capacity(todo.count_ones(..));
        let mut at = 0usize;
        loop {
            if current.is_empty() {
                // Revisions only reachable through revisions outside the set
                // (Alembic fails an assertion here): continue from those of
                // them that nothing left in the set depends on.
                let left: Vec<RevIdx> = todo.ones().collect();
                if left.is_empty() {
                    break;
                }
                let below: FixedBitSet = {
                    let mut below = FixedBitSet::with_capacity(self.nodes.len());
                    for &l in &left {
                        let mut anc = self.ancestor_set(&[l], true);
                        anc.set(l, false);
                        below.union_with(&anc);
                    }
                    below
                };
                current = left.into_iter().filter(|l| !below.contains(*l)).collect();
                ancestors = current
                    .iter()
                    .map(|&h| self.ancestor_set(&[h], true))
                    .collect();
                at = 0;
                continue;
            }
            let candidate = current[at];
            if let Some(other) = ancestors
                .iter()
                .enumerate()
                .position(|(i, anc)| i != at && anc.contains(candidate))
            {
                at = other;
                continue;
            }
            if todo.contains(candidate) {
                output.push(candidate);
                todo.set(candidate, false);
            }
            let node = &self.nodes[candidate];
            let to_add: Vec<RevIdx> = node
                .normalized_down()
                .into_iter()
                .filter(|r| todo.contains(*r) && !current.contains(r))
                .collect();
            if to_add.is_empty() {
                current.remove(at);
                ancestors.remove(at);
                at = at.saturating_sub(1);
            } else if node.normalized_deps.is_empty() && node.down.len() == 1 {
                current[at] = to_add[0];
                ancestors[at].set(candidate, false);
            } else {
                current[at] = to_add[0];
                ancestors[at] = self.ancestor_set(&[to_add[0]], true);
                for &extra in &to_add[1..] {
                    current.push(extra);
                    ancestors.push(self.ancestor_set(&[extra], true));
                }
            }
        }
        output
    }
}
