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

    /// Orders `todo` so that every revision comes before its parents and
    /// dependencies, walking down from `heads` one line at a time: a line is
    /// followed until it reaches a revision that another line still needs
    /// (an ancestor of another line's tip), then the walk switches to the
    /// first such line. Ties are broken by load order. This is Alembic's
    /// `_topological_sort`, which keeps each line's whole ancestor set; here
    /// the union of those sets is kept as counts ([`Reach`]), so that the
    /// walk is linear in the graph instead of one ancestor walk per merge.
    pub(crate) fn topological_sort(&self, todo: &FixedBitSet, heads: &[RevIdx]) -> Vec<RevIdx> {
        let mut todo = todo.clone();
        let mut reach = Reach::new(self);
        let mut current: Vec<RevIdx> = heads
            .iter()
            .copied()
            .filter(|h| todo.contains(*h))
            .collect();
        current.sort_unstable();
        current.dedup();
        for &tip in &current {
            reach.add_tip(self, tip);
        }
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
                let mut below = FixedBitSet::with_capacity(self.nodes.len());
                for &l in &left {
                    let mut anc = self.ancestor_set(&[l], true);
                    anc.set(l, false);
                    below.union_with(&anc);
                }
                current = left.into_iter().filter(|l| !below.contains(*l)).collect();
                for &tip in &current {
                    reach.add_tip(self, tip);
                }
                at = 0;
                continue;
            }
            let candidate = current[at];
            if reach.needed_above(candidate) {
                if let Some(other) = self.first_line_above(candidate, &current, &mut reach) {
                    at = other;
                    continue;
                }
            }
            if todo.contains(candidate) {
                output.push(candidate);
                todo.set(candidate, false);
            }
            let to_add: Vec<RevIdx> = self.nodes[candidate]
                .normalized_down()
                .iter()
                .copied()
                .filter(|r| todo.contains(*r) && !current.contains(r))
                .collect();
            if to_add.is_empty() {
                current.remove(at);
                at = at.saturating_sub(1);
            } else {
                current[at] = to_add[0];
                current.extend(&to_add[1..]);
                for &tip in &to_add {
                    reach.add_tip(self, tip);
                }
            }
            reach.remove_tip(self, candidate);
        }
        output
    }

    /// The index in `current` of the first line whose tip has `candidate`
    /// as an ancestor: found by walking up from `candidate` through the
    /// revisions that are still below some tip.
    fn first_line_above(
        &self,
        candidate: RevIdx,
        current: &[RevIdx],
        reach: &mut Reach,
    ) -> Option<usize> {
        reach.stamp += 1;
        let stamp = reach.stamp;
        for (pos, &tip) in current.iter().enumerate() {
            if tip != candidate {
                reach.tip_position[tip] = pos as u32 + 1;
                reach.tip_stamp[tip] = stamp;
            }
        }
        // No line can come before the first one that is not the candidate's.
        let first_possible = usize::from(current.first() == Some(&candidate));
        let mut best: Option<usize> = None;
        let mut todo = vec![candidate];
        'walk: while let Some(at) = todo.pop() {
            let (from, to) = (reach.child_start[at], reach.child_start[at + 1]);
            for i in from..to {
                let up = reach.children[i as usize] as usize;
                // only revisions still below some tip lead to one
                if reach.count[up] == 0 || reach.seen[up] == stamp {
                    continue;
                }
                reach.seen[up] = stamp;
                if reach.tip_stamp[up] == stamp {
                    let pos = reach.tip_position[up] as usize - 1;
                    if best.is_none_or(|b| pos < b) {
                        best = Some(pos);
                        if pos == first_possible {
                            break 'walk;
                        }
                    }
                }
                todo.push(up);
            }
        }
        best
    }
}

/// The union of the ancestor sets (tips included) of the walk's line tips,
/// as a count per revision: one for being a tip, plus one per child
/// (through normalised edges) that is itself in the union. A revision is in
/// the union exactly when its count is positive, and a tip is an ancestor
/// of another tip exactly when one of its children is in the union (a
/// count of two or more). Adding or removing a tip updates the counts of
/// the revisions that enter or leave the union, each once.
struct Reach {
    count: Vec<u32>,
    /// `normalized_next` of every revision as one array (`child_start[i]`
    /// .. `child_start[i + 1]`): the upward walks read it many times.
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Scratch of [`RevisionGraph::first_line_above`], valid where the
    /// stamp is the current one (so nothing is cleared between walks).
    stamp: u32,
    seen: Vec<u32>,
    tip_stamp: Vec<u32>,
    tip_position: Vec<u32>,
}

impl Reach {
    fn new(graph: &RevisionGraph) -> Self {
        let len = graph.nodes.len();
        let mut child_start = Vec::with_capacity(len + 1);
        let mut children = Vec::new();
        for node in &graph.nodes {
            child_start.push(children.len() as u32);
            children.extend(node.normalized_next.iter().map(|&c| c as u32));
        }
        child_start.push(children.len() as u32);
        Reach {
            count: vec![0; len],
            child_start,
            children,
            stamp: 0,
            seen: vec![0; len],
            tip_stamp: vec![0; len],
            tip_position: vec![0; len],
        }
    }

    /// Whether the tip `idx` is an ancestor of another tip.
    fn needed_above(&self, idx: RevIdx) -> bool {
        self.count[idx] > 1
    }

    fn add_tip(&mut self, graph: &RevisionGraph, tip: RevIdx) {
        let mut entering = vec![tip];
        while let Some(at) = entering.pop() {
            self.count[at] += 1;
            if self.count[at] == 1 {
                entering.extend_from_slice(graph.nodes[at].normalized_down());
            }
        }
    }

    fn remove_tip(&mut self, graph: &RevisionGraph, tip: RevIdx) {
        let mut leaving = vec![tip];
        while let Some(at) = leaving.pop() {
            self.count[at] -= 1;
            if self.count[at] == 0 {
                leaving.extend_from_slice(graph.nodes[at].normalized_down());
            }
        }
    }
}
