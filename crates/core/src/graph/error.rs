//! Errors that make a set of revisions unusable as a graph.

use thiserror::Error;

/// A problem in the revision files as a whole: each variant names the
/// revisions and the files involved, and says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GraphError {
    /// Two files declare the same revision id.
    #[error(
        "Revision {id} is present more than once: in {first} and in {second}; \
         give one of them a new id (and update the down_revision of its children)"
    )]
    DuplicateRevision {
        /// The repeated id.
        id: String,
        /// File loaded first.
        first: String,
        /// File loaded later.
        second: String,
    },
    /// A revision names itself in `down_revision`.
    #[error("Self-loop is detected in revisions ({id}); {path} names itself as down_revision")]
    SelfLoop {
        /// The revision.
        id: String,
        /// Its file.
        path: String,
    },
    /// A revision names itself in `depends_on`.
    #[error(
        "Dependency self-loop is detected in revisions ({id}); {path} names itself in depends_on"
    )]
    DependencySelfLoop {
        /// The revision.
        id: String,
        /// Its file.
        path: String,
    },
    /// A revision id contains a character of the target grammar.
    #[error("Character(s) '{chars}' not allowed in revision identifier '{id}' (in {path})")]
    IllegalCharacters {
        /// The offending characters, sorted and comma-joined.
        chars: String,
        /// The revision id.
        id: String,
        /// Its file.
        path: String,
    },
    /// A branch label is declared twice (or equals a revision id).
    #[error(
        "Branch name '{label}' in revision {revision} already used by revision {other} \
         (in {path}); choose another branch label"
    )]
    DuplicateLabel {
        /// The label.
        label: String,
        /// The revision declaring it a second time.
        revision: String,
        /// The revision that already uses the name.
        other: String,
        /// File of `revision`.
        path: String,
    },
    /// `down_revision` names a revision that no file declares.
    #[error(
        "Revision {missing} referenced from {revision} is not present (down_revision in {path}); \
         restore the missing revision file or correct down_revision"
    )]
    MissingParent {
        /// The unknown parent id.
        missing: String,
        /// The revision that names it.
        revision: String,
        /// File of `revision`.
        path: String,
    },
    /// `depends_on` names something that is neither a revision id nor a branch label.
    #[error(
        "Revision {revision} depends on '{missing}', which is neither a revision id nor a \
         branch label (depends_on in {path}); use a full revision id or an existing branch label"
    )]
    MissingDependency {
        /// The unknown name.
        missing: String,
        /// The revision that names it.
        revision: String,
        /// File of `revision`.
        path: String,
    },
    /// `down_revision` links form a cycle.
    #[error("Cycle is detected in revisions ({}); files: {}", .ids.join(", "), .paths.join(", "))]
    Cycle {
        /// Revisions in or behind the cycle, sorted.
        ids: Vec<String>,
        /// Their files.
        paths: Vec<String>,
    },
    /// `depends_on` links form a cycle.
    #[error("Dependency cycle is detected in revisions ({}); files: {}", .ids.join(", "), .paths.join(", "))]
    DependencyCycle {
        /// Revisions in or behind the cycle, sorted.
        ids: Vec<String>,
        /// Their files.
        paths: Vec<String>,
    },
}
