//! Building a [`RevisionGraph`] from revisions in load order: links,
//! heads and bases, dependency normalisation, cycle detection and
//! branch-label inheritance, following Alembic's revision map.

use std::collections::BTreeSet;

use fixedbitset::FixedBitSet;

use super::{GraphError, Node, RevIdx, RevisionGraph};
use crate::revision::Revision;

/// Characters that the target grammar reserves.
const ILLEGAL_ID_CHARS: [char; 4] = ['@', '-', '+', ':'];

/// Checks a revision id the way Alembic's `verify_rev_id` does; returns the
/// offending characters, sorted and comma-joined.
pub fn illegal_id_chars(id: &str) -> Option<String> {
    let found: BTreeSet<char> = id
        .chars()
        .filter(|c| ILLEGAL_ID_CHARS.contains(c))
        .collect();
    if found.is_empty() {
        None
    } else {
        Some(
            found
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

pub(super) fn build(revisions: Vec<Revision>) -> Result<RevisionGraph, GraphError> {
    let mut graph = RevisionGraph::default();
    graph.nodes.reserve_exact(revisions.len());
    graph.by_id.reserve(revisions.len());
    for rev in revisions {
        check_revision(&rev)?;
        if let Some(&first) = graph.by_id.get(&rev.id) {
            return Err(GraphError::DuplicateRevision {
                id: rev.id.clone(),
                first: graph.nodes[first].rev.path.clone(),
                second: rev.path.clone(),
            });
        }
        graph.by_id.insert(rev.id.clone(), graph.nodes.len());
        graph.nodes.push(Node {
            labels: dedupe_strings(&rev.branch_labels),
            rev,
            down: Vec::new(),
            deps: Vec::new(),
            normalized_deps: Vec::new(),
            normalized_down: Vec::new(),
            all_down: Vec::new(),
            normalized_next: Vec::new(),
            next: Vec::new(),
            all_next: Vec::new(),
        });
    }
    map_branch_labels(&mut graph)?;
    link(&mut graph)?;
    normalize_dependencies(&mut graph);
    detect_cycles(&graph)?;
    inherit_branch_labels(&mut graph);
    Ok(graph)
}

fn check_revision(rev: &Revision) -> Result<(), GraphError> {
    if rev.down_revisions.contains(&rev.id) {
        return Err(GraphError::SelfLoop {
            id: rev.id.clone(),
            path: rev.path.clone(),
        });
    }
    if rev.depends_on.contains(&rev.id) {
        return Err(GraphError::DependencySelfLoop {
            id: rev.id.clone(),
            path: rev.path.clone(),
        });
    }
    if let Some(chars) = illegal_id_chars(&rev.id) {
        return Err(GraphError::IllegalCharacters {
            chars,
            id: rev.id.clone(),
            path: rev.path.clone(),
        });
    }
    Ok(())
}

fn dedupe_strings(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

/// Registers declared branch labels; a label may not repeat a revision id
/// or another label.
fn map_branch_labels(graph: &mut RevisionGraph) -> Result<(), GraphError> {
    for idx in 0..graph.nodes.len() {
        for label in graph.nodes[idx].rev.branch_labels.clone() {
            let other = graph
                .by_id
                .get(&label)
                .or_else(|| graph.by_label.get(&label))
                .copied();
            if let Some(other) = other {
                let node = &graph.nodes[idx];
                return Err(GraphError::DuplicateLabel {
                    label,
                    revision: node.rev.id.clone(),
                    other: graph.nodes[other].rev.id.clone(),
                    path: node.rev.path.clone(),
                });
            }
            graph.by_label.insert(label, idx);
        }
    }
    Ok(())
}

/// Resolves parents and dependencies to indices and derives children,
/// heads and bases.
fn link(graph: &mut RevisionGraph) -> Result<(), GraphError> {
    let n = graph.nodes.len();
    let mut downs = Vec::with_capacity(n);
    let mut deps = Vec::with_capacity(n);
    for node in &graph.nodes {
        let rev = &node.rev;
        let mut down = Vec::new();
        for parent in &rev.down_revisions {
            let Some(&p) = graph.by_id.get(parent) else {
                // Alembic's map also answers branch labels here, but a label
                // as down_revision is never written by Alembic itself.
                return Err(GraphError::MissingParent {
                    missing: parent.clone(),
                    revision: rev.id.clone(),
                    path: rev.path.clone(),
                });
            };
            down.push(p);
        }
        let mut resolved = Vec::new();
        for dep in &rev.depends_on {
            let Some(d) = graph.lookup_exact(dep) else {
                return Err(GraphError::MissingDependency {
                    missing: dep.clone(),
                    revision: rev.id.clone(),
                    path: rev.path.clone(),
                });
            };
            resolved.push(d);
        }
        downs.push(down);
        deps.push(resolved);
    }
    let mut is_head = vec![true; n];
    let mut is_real_head = vec![true; n];
    for (idx, (down, dep)) in downs.into_iter().zip(deps).enumerate() {
        let node = &mut graph.nodes[idx];
        node.down = down;
        node.deps = dep;
        node.all_down = super::dedupe(node.down.iter().chain(&node.deps).copied());
        // until normalize_dependencies drops inherited dependencies
        node.normalized_down = node.all_down.clone();
        let all_down = node.all_down.clone();
        for parent in all_down {
            let versioned = graph.nodes[idx].down.contains(&parent);
            let pnode = &mut graph.nodes[parent];
            if !pnode.all_next.contains(&idx) {
                pnode.all_next.push(idx);
            }
            if versioned {
                if !pnode.next.contains(&idx) {
                    pnode.next.push(idx);
                }
                is_head[parent] = false;
            }
            is_real_head[parent] = false;
        }
    }
    graph.heads = (0..n).filter(|&i| is_head[i]).collect();
    graph.real_heads = (0..n).filter(|&i| is_real_head[i]).collect();
    graph.bases = (0..n).filter(|&i| graph.nodes[i].is_base()).collect();
    Ok(())
}

/// Drops from each revision's dependencies those an ancestor (through
/// `down_revision`) already depends on.
fn normalize_dependencies(graph: &mut RevisionGraph) {
    for idx in 0..graph.nodes.len() {
        if graph.nodes[idx].deps.is_empty() {
            continue;
        }
        let mut normalized = super::dedupe(graph.nodes[idx].deps.iter().copied());
        let ancestors = graph.ancestor_set(&[idx], false);
        for anc in ancestors.ones() {
            if anc != idx {
                let inherited = &graph.nodes[anc].deps;
                normalized.retain(|d| !inherited.contains(d));
            }
        }
        let node = &mut graph.nodes[idx];
        node.normalized_down = super::dedupe(node.down.iter().chain(&normalized).copied());
        node.normalized_deps = normalized;
    }
    for idx in 0..graph.nodes.len() {
        for i in 0..graph.nodes[idx].normalized_down.len() {
            let parent = graph.nodes[idx].normalized_down[i];
            graph.nodes[parent].normalized_next.push(idx);
        }
    }
}

/// Every revision must lie on a path from a base to a head, first through
/// `down_revision` alone, then with dependencies.
fn detect_cycles(graph: &RevisionGraph) -> Result<(), GraphError> {
    let n = graph.nodes.len();
    if n == 0 {
        return Ok(());
    }
    let real_bases: Vec<RevIdx> = (0..n)
        .filter(|&i| graph.nodes[i].is_base() && !graph.nodes[i].has_dependencies())
        .collect();
    let all_ids = || graph.nodes.iter().map(|n| n.rev.id.clone()).collect();
    let all_paths = || graph.nodes.iter().map(|n| n.rev.path.clone()).collect();
    if graph.heads.is_empty() || graph.bases.is_empty() {
        return Err(GraphError::Cycle {
            ids: all_ids(),
            paths: all_paths(),
        });
    }
    let down_reach = graph.reach(&graph.heads, |node| &node.down);
    let up_reach = graph.reach(&graph.bases, |node| &node.next);
    if let Some((ids, paths)) = outside(graph, &down_reach, &up_reach) {
        return Err(GraphError::Cycle { ids, paths });
    }
    if graph.real_heads.is_empty() || real_bases.is_empty() {
        return Err(GraphError::DependencyCycle {
            ids: all_ids(),
            paths: all_paths(),
        });
    }
    let down_reach = graph.reach(&graph.real_heads, |node| node.all_down());
    let up_reach = graph.reach(&real_bases, |node| &node.all_next);
    if let Some((ids, paths)) = outside(graph, &down_reach, &up_reach) {
        return Err(GraphError::DependencyCycle { ids, paths });
    }
    Ok(())
}

/// Revisions not reached from both ends, sorted by id, with their files.
fn outside(
    graph: &RevisionGraph,
    a: &FixedBitSet,
    b: &FixedBitSet,
) -> Option<(Vec<String>, Vec<String>)> {
    let mut missing: Vec<&Node> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, _)| !(a.contains(*i) && b.contains(*i)))
        .map(|(_, node)| node)
        .collect();
    if missing.is_empty() {
        return None;
    }
    missing.sort_by(|x, y| x.rev.id.cmp(&y.rev.id));
    Some((
        missing.iter().map(|n| n.rev.id.clone()).collect(),
        missing.iter().map(|n| n.rev.path.clone()).collect(),
    ))
}

/// Branch labels spread to every descendant of the labelled revision and,
/// when the labelled line below it has no branch or merge point, up through
/// its ancestors until a branch point or merge point.
fn inherit_branch_labels(graph: &mut RevisionGraph) {
    let labelled: Vec<RevIdx> = (0..graph.nodes.len())
        .filter(|&i| !graph.nodes[i].rev.branch_labels.is_empty())
        .collect();
    for idx in labelled {
        let labels = graph.nodes[idx].labels.clone();
        let order = graph.descendants_in_visit_order(idx);
        for &d in &order {
            add_labels(&mut graph.nodes[d], &labels);
        }
        // Alembic walks up from the last revision its depth-first visit
        // reached; that path only leaves the labelled revision's own line
        // when the line below it is unbranched.
        let mut cursor = order.last().copied();
        while let Some(at) = cursor {
            let node = &graph.nodes[at];
            if node.is_real_branch_point() || node.is_merge_point() {
                break;
            }
            add_labels(&mut graph.nodes[at], &labels);
            cursor = graph.nodes[at].down.first().copied();
        }
    }
}

fn add_labels(node: &mut Node, labels: &[String]) {
    for label in labels {
        if !node.labels.contains(label) {
            node.labels.push(label.clone());
        }
    }
}

impl RevisionGraph {
    /// The set of revisions reachable from `starts` (included) by `edges`.
    pub(crate) fn reach(
        &self,
        starts: &[RevIdx],
        edges: impl Fn(&Node) -> &[RevIdx],
    ) -> FixedBitSet {
        let mut seen = FixedBitSet::with_capacity(self.nodes.len());
        let mut todo: Vec<RevIdx> = starts.to_vec();
        while let Some(at) = todo.pop() {
            if seen.put(at) {
                continue;
            }
            todo.extend(
                edges(&self.nodes[at])
                    .iter()
                    .filter(|&&e| !seen.contains(e)),
            );
        }
        seen
    }

    /// Descendants through `down_revision` in the order of a depth-first
    /// visit with an explicit stack, children pushed in load order.
    fn descendants_in_visit_order(&self, start: RevIdx) -> Vec<RevIdx> {
        let mut seen = FixedBitSet::with_capacity(self.nodes.len());
        let mut todo = vec![start];
        let mut order = Vec::new();
        while let Some(at) = todo.pop() {
            if seen.put(at) {
                continue;
            }
            todo.extend(self.nodes[at].next.iter().copied());
            order.push(at);
        }
        order
    }
}
