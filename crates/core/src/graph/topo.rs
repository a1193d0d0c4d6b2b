//! Alembic's topological order: the order of `history` and of upgrade and
//! downgrade plans.
//!
//! Alembic's `_topological_sort` walks down from the heads one line at a
//! time, keeping each line's whole ancestor set, and leaves a line for the
//! first other line whose ancestors hold the line's tip. On a long history
//! with many merges (hundreds of lines open at once) that is an ancestor
//! walk per merge and a scan of every line per step. The same order comes
//! out of three smaller structures here: [`Reach`] keeps the union of the
//! lines' ancestor sets as counts, [`Lines`] keeps the lines in order with
//! constant-time lookups, and the first line above a tip is found by
//! walking up from the tip and remembered while it stays valid.

use fixedbitset::FixedBitSet;

use super::{RevIdx, RevisionGraph};

impl RevisionGraph {
    /// Orders `todo` so that every revision comes before its parents and
    /// dependencies, walking down from `heads` one line at a time: a line is
    /// followed until it reaches a revision that another line still needs
    /// (an ancestor of another line's tip), then the walk switches to the
    /// first such line. Ties are broken by load order.
    pub(crate) fn topological_sort(&self, todo: &FixedBitSet, heads: &[RevIdx]) -> Vec<RevIdx> {
        let mut todo = todo.clone();
        let mut reach = Reach::new(self);
        let mut starts: Vec<RevIdx> = heads
            .iter()
            .copied()
            .filter(|h| todo.contains(*h))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let mut lines = Lines::new(self.nodes.len());
        for &tip in &starts {
            lines.push(tip);
            reach.add_tip(self, tip);
        }
        let mut output = Vec::with_capacity(todo.count_ones(..));
        let mut at = lines.first();
        loop {
            let Some(slot) = at else {
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
                lines = Lines::new(self.nodes.len());
                for tip in left.into_iter().filter(|l| !below.contains(*l)) {
                    lines.push(tip);
                    reach.add_tip(self, tip);
                }
                at = lines.first();
                continue;
            };
            let candidate = lines.tip(slot);
            if reach.needed_above(candidate) {
                if let Some(other) = self.first_line_above(candidate, slot, &mut lines, &mut reach)
                {
                    at = Some(other);
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
                .filter(|&r| todo.contains(r) && lines.slot_of(r).is_none())
                .collect();
            if let Some((&first, rest)) = to_add.split_first() {
                lines.replace(slot, first);
                for &extra in rest {
                    lines.push(extra);
                }
                for &tip in &to_add {
                    reach.add_tip(self, tip);
                }
            } else {
                at = lines.remove(slot);
            }
            reach.remove_tip(self, candidate);
        }
        output
    }

    /// The first line (in order) whose tip has `candidate` (the tip of the
    /// line in `own`) as an ancestor.
    ///
    /// A line that is not above a revision never gets above it: tips only
    /// move down, and new lines come after the existing ones. So the line
    /// found for a revision stays the first one while its tip is where it
    /// was, and is remembered; otherwise the lines above are found by
    /// walking up from `candidate` through the revisions that are still
    /// below some tip.
    fn first_line_above(
        &self,
        candidate: RevIdx,
        own: usize,
        lines: &mut Lines,
        reach: &mut Reach,
    ) -> Option<usize> {
        if let Some(slot) = reach.first_above[candidate].and_then(|tip| lines.slot_of(tip)) {
            return Some(slot);
        }
        // No line can come before the first one that is not the candidate's.
        let first_possible = match lines.first() {
            Some(first) if first == own => lines.next_from(own + 1),
            other => other,
        };
        reach.stamp += 1;
        let stamp = reach.stamp;
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
                if let Some(slot) = lines.slot_of(up) {
                    if best.is_none_or(|b| slot < b) {
                        best = Some(slot);
                        if Some(slot) == first_possible {
                            break 'walk;
                        }
                    }
                }
                todo.push(up);
            }
        }
        reach.first_above[candidate] = best.map(|slot| lines.tip(slot));
        best
    }
}

/// The open lines of the walk, in order. A line keeps its slot while its
/// tip moves down; a removed line leaves a dead slot behind, skipped by
/// near-constant-time lookups (union-find with path halving), so that
/// removing a line and finding its neighbour do not shift hundreds of
/// entries as `Vec::remove` would.
struct Lines {
    tips: Vec<RevIdx>,
    /// For a slot: itself while alive, else a later slot; the last entry
    /// is the end (one past the last slot).
    next: Vec<usize>,
    /// For slot `s` at index `s + 1`: `s + 1` while alive, else an earlier
    /// index; index 0 means "none before".
    prev: Vec<usize>,
    /// The slot of each revision that is a tip (`u32::MAX`: none).
    slot: Vec<u32>,
}

impl Lines {
    fn new(revisions: usize) -> Self {
        Lines {
            tips: Vec::new(),
            next: vec![0],
            prev: vec![0],
            slot: vec![u32::MAX; revisions],
        }
    }

    fn tip(&self, slot: usize) -> RevIdx {
        self.tips[slot]
    }

    fn slot_of(&self, revision: RevIdx) -> Option<usize> {
        let slot = self.slot[revision];
        (slot != u32::MAX).then_some(slot as usize)
    }

    /// Opens a line after all others.
    fn push(&mut self, tip: RevIdx) {
        let slot = self.tips.len();
        self.tips.push(tip);
        self.slot[tip] = slot as u32;
        // the old end becomes this slot; a new end follows it
        self.next.push(slot + 1);
        self.prev.push(slot + 1);
    }

    /// Moves a line's tip.
    fn replace(&mut self, slot: usize, tip: RevIdx) {
        self.slot[self.tips[slot]] = u32::MAX;
        self.tips[slot] = tip;
        self.slot[tip] = slot as u32;
    }

    /// Closes a line; returns the line the walk goes on with, as Alembic's
    /// `max(index - 1, 0)` does: the line before, else the new first one.
    fn remove(&mut self, slot: usize) -> Option<usize> {
        self.slot[self.tips[slot]] = u32::MAX;
        self.next[slot] = slot + 1;
        self.prev[slot + 1] = slot;
        self.prev_from(slot).or_else(|| self.next_from(slot))
    }

    fn first(&mut self) -> Option<usize> {
        self.next_from(0)
    }

    /// The first open line at or after `slot`.
    fn next_from(&mut self, slot: usize) -> Option<usize> {
        let mut at = slot.min(self.tips.len());
        while self.next[at] != at {
            let grand = self.next[self.next[at]];
            self.next[at] = grand;
            at = grand;
        }
        (at < self.tips.len()).then_some(at)
    }

    /// The last open line before `slot`.
    fn prev_from(&mut self, slot: usize) -> Option<usize> {
        let mut at = slot;
        while at != 0 && self.prev[at] != at {
            let grand = self.prev[self.prev[at]];
            self.prev[at] = grand;
            at = grand;
        }
        at.checked_sub(1)
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
    /// The tip [`RevisionGraph::first_line_above`] found for a revision.
    first_above: Vec<Option<RevIdx>>,
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
            first_above: vec![None; len],
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
