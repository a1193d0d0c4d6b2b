//! The revision graph: revisions linked by `down_revision` (versioned
//! parents) and `depends_on` (dependencies), with Alembic's notions of heads,
//! bases, branch points, merge points and inherited branch labels.
//!
//! Revisions are stored in load order (the order of the files), and every
//! ordered answer (heads, bases, children) follows that order, as Alembic's
//! ordered collections do. Where Alembic uses a Python set (children of a
//! branch point, inherited labels), the order here is still load order, which
//! is one of the orders Alembic can produce.

mod build;
mod error;
mod topo;
mod walk;

// Revision ids are the project's own files: a fast hash, no DoS concern.
use rustc_hash::FxHashMap as HashMap;

use crate::revision::Revision;

pub use build::illegal_id_chars;
pub use error::GraphError;

/// Index of a revision inside a [`RevisionGraph`].
pub type RevIdx = usize;

/// One revision with its links resolved to indices.
#[derive(Debug, Clone)]
pub struct Node {
    /// The revision as read from its file.
    pub rev: Revision,
    /// Versioned parents (`down_revision`), in the order written.
    pub(crate) down: Vec<RevIdx>,
    /// `depends_on` resolved to revisions (labels replaced by their revision).
    pub(crate) deps: Vec<RevIdx>,
    /// Dependencies that are not already dependencies of an ancestor.
    pub(crate) normalized_deps: Vec<RevIdx>,
    /// `down` then `normalized_deps`, without duplicates: the edges plans
    /// and `history` follow (kept, as walks visit every node many times).
    pub(crate) normalized_down: Vec<RevIdx>,
    /// `down` then `deps`, without duplicates.
    pub(crate) all_down: Vec<RevIdx>,
    /// The revisions whose `normalized_down` holds this one, in load order.
    pub(crate) normalized_next: Vec<RevIdx>,
    /// Children through `down_revision` only.
    pub(crate) next: Vec<RevIdx>,
    /// Children through `down_revision` or `depends_on`.
    pub(crate) all_next: Vec<RevIdx>,
    /// Branch labels, declared and inherited.
    pub(crate) labels: Vec<String>,
}

impl Node {
    /// The revision id.
    pub fn id(&self) -> &str {
        &self.rev.id
    }

    /// Branch labels of this revision, its own and those inherited from
    /// labelled ancestors and descendants.
    pub fn branch_labels(&self) -> &[String] {
        &self.labels
    }

    /// True when no revision names this one as its `down_revision`.
    pub fn is_head(&self) -> bool {
        self.next.is_empty()
    }

    /// True when no revision names this one in `down_revision` or `depends_on`.
    pub fn is_real_head(&self) -> bool {
        self.all_next.is_empty()
    }

    /// True for a head that some revision depends on: shown as `(effective head)`.
    pub fn is_effective_head(&self) -> bool {
        self.is_head() && !self.is_real_head()
    }

    /// True when `down_revision` is empty.
    pub fn is_base(&self) -> bool {
        self.down.is_empty()
    }

    /// True when more than one revision names this one as `down_revision`.
    pub fn is_branch_point(&self) -> bool {
        self.next.len() > 1
    }

    /// True when more than one revision names this one in `down_revision` or `depends_on`.
    pub fn is_real_branch_point(&self) -> bool {
        self.all_next.len() > 1
    }

    /// True when `down_revision` names more than one revision.
    pub fn is_merge_point(&self) -> bool {
        self.down.len() > 1
    }

    /// Whether `depends_on` names anything.
    pub fn has_dependencies(&self) -> bool {
        !self.rev.depends_on.is_empty()
    }

    /// Parents plus dependencies that ancestors do not already depend on,
    /// without duplicates: the edges a plan follows.
    pub(crate) fn normalized_down(&self) -> &[RevIdx] {
        &self.normalized_down
    }

    /// Parents plus all resolved dependencies, without duplicates.
    pub(crate) fn all_down(&self) -> &[RevIdx] {
        &self.all_down
    }
}

pub(crate) fn dedupe(items: impl Iterator<Item = RevIdx>) -> Vec<RevIdx> {
    let mut out: Vec<RevIdx> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A warning found while building the graph; Alembic prints these as
/// `UserWarning`s and carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphWarning(pub String);

/// All revisions of a project and the links between them.
#[derive(Debug, Clone, Default)]
pub struct RevisionGraph {
    nodes: Vec<Node>,
    by_id: HashMap<String, RevIdx>,
    by_label: HashMap<String, RevIdx>,
    heads: Vec<RevIdx>,
    real_heads: Vec<RevIdx>,
    bases: Vec<RevIdx>,
}

impl RevisionGraph {
    /// Builds the graph from revisions in load order.
    pub fn new(revisions: Vec<Revision>) -> Result<Self, GraphError> {
        build::build(revisions)
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the project has no revisions.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at an index.
    pub fn node(&self, idx: RevIdx) -> &Node {
        &self.nodes[idx]
    }

    /// All nodes in load order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Looks up a revision by its exact id.
    pub fn by_id(&self, id: &str) -> Option<RevIdx> {
        self.by_id.get(id).copied()
    }

    /// Looks up the revision that declares a branch label.
    pub fn by_label(&self, label: &str) -> Option<RevIdx> {
        self.by_label.get(label).copied()
    }

    /// Exact lookup in Alembic's revision map, which holds both revision
    /// ids and declared branch labels.
    pub(crate) fn lookup_exact(&self, key: &str) -> Option<RevIdx> {
        self.by_id(key).or_else(|| self.by_label(key))
    }

    /// Heads through `down_revision` (including effective heads), in load order.
    pub fn heads(&self) -> &[RevIdx] {
        &self.heads
    }

    /// Heads that no revision depends on, in load order.
    pub fn real_heads(&self) -> &[RevIdx] {
        &self.real_heads
    }

    /// Revisions without `down_revision`, in load order.
    pub fn bases(&self) -> &[RevIdx] {
        &self.bases
    }

    /// Children of a branch point through `down_revision`.
    pub fn children(&self, idx: RevIdx) -> &[RevIdx] {
        &self.nodes[idx].next
    }

    /// Versioned parents of a revision, in the order written.
    pub fn parents(&self, idx: RevIdx) -> &[RevIdx] {
        &self.nodes[idx].down
    }

    /// Ids of a list of indices.
    pub fn ids(&self, idxs: &[RevIdx]) -> Vec<String> {
        idxs.iter().map(|&i| self.nodes[i].rev.id.clone()).collect()
    }

    /// Every key of the revision map (ids in load order, then labels),
    /// used for prefix matching and suggestions.
    pub(crate) fn map_keys(&self) -> impl Iterator<Item = &str> {
        let mut labels: Vec<(&String, &RevIdx)> = self.by_label.iter().collect();
        labels.sort_by_key(|(name, idx)| (**idx, name.as_str()));
        self.nodes
            .iter()
            .map(|n| n.rev.id.as_str())
            .chain(labels.into_iter().map(|(name, _)| name.as_str()))
    }
}

#[cfg(test)]
mod tests;
