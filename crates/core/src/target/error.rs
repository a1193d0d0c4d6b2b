//! Errors of target resolution and planning, and how a command turns them
//! into the one-line message Alembic prints after `FAILED:`.

use thiserror::Error;

/// Why a revision target could not be resolved or a plan not made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RevisionError {
    /// The identifier names no revision or label, or too many.
    #[error("{message}")]
    Resolution {
        /// The detailed reason ("No such revision or branch 'x'", "Multiple revisions start with ...").
        message: String,
        /// The identifier that failed, as Alembic names it in the command message.
        argument: String,
        /// Close ids or labels, best first, to suggest to the user.
        suggestions: Vec<String>,
    },
    /// `head` (or `L@head`) matches more than one head.
    #[error("Multiple heads are present for given argument '{argument}'; {}", .heads.join(", "))]
    MultipleHeads {
        /// The heads that matched.
        heads: Vec<String>,
        /// The argument as given (`head`, `L@head`).
        argument: String,
    },
    /// The lower end of a range is not an ancestor of the upper end.
    #[error("Revision {} is not an ancestor of revision {}", .lower.as_deref().unwrap_or("base"), .upper.as_deref().unwrap_or("base"))]
    RangeNotAncestor {
        /// Lower end as given.
        lower: Option<String>,
        /// Upper end as given.
        upper: Option<String>,
    },
    /// Any other failure; the text is the whole message.
    #[error("{0}")]
    Other(String),
}

/// The wording a command gives to revision errors, as Alembic's
/// `_catch_revision_errors` does: each field replaces the default text.
#[derive(Debug, Clone, Default)]
pub struct ErrorWording<'a> {
    /// Text for [`RevisionError::RangeNotAncestor`]; `%(start)s` and `%(end)s` are filled in.
    pub ancestor: Option<&'a str>,
    /// Text for [`RevisionError::MultipleHeads`]; `%(head_arg)s` and `%(heads)s` are filled in.
    pub multiple_heads: Option<&'a str>,
    /// Range start to name in the ancestor message.
    pub start: Option<&'a str>,
    /// Range end (or destination) to name in the messages.
    pub end: Option<&'a str>,
}

const DEFAULT_ANCESTOR: &str =
    "Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch";
const DEFAULT_MULTIPLE_HEADS: &str = "Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads";

impl RevisionError {
    /// The message a command prints after `FAILED: `, worded as Alembic's CLI.
    pub fn command_message(&self, wording: &ErrorWording<'_>) -> String {
        match self {
            RevisionError::Resolution { argument, .. } => {
                format!("Can't locate revision identified by '{argument}'")
            }
            RevisionError::MultipleHeads { heads, argument } => {
                let head_arg = wording.end.unwrap_or(argument);
                wording
                    .multiple_heads
                    .unwrap_or(DEFAULT_MULTIPLE_HEADS)
                    .replace("%(head_arg)s", head_arg)
                    .replace("%(heads)s", &heads.join(", "))
            }
            RevisionError::RangeNotAncestor { lower, upper } => {
                let start = wording
                    .start
                    .map(str::to_string)
                    .or_else(|| lower.clone())
                    .unwrap_or_else(|| "None".into());
                let end = wording
                    .end
                    .map(str::to_string)
                    .or_else(|| upper.clone())
                    .unwrap_or_else(|| "None".into());
                wording
                    .ancestor
                    .unwrap_or(DEFAULT_ANCESTOR)
                    .replace("%(start)s", &start)
                    .replace("%(end)s", &end)
            }
            RevisionError::Other(message) => message.clone(),
        }
    }

    /// Extra lines that explain the error beyond Alembic's one-line message:
    /// the detailed reason and close matches.
    pub fn details(&self) -> Vec<String> {
        match self {
            RevisionError::Resolution {
                message,
                suggestions,
                ..
            } => {
                let mut lines = vec![message.clone()];
                if !suggestions.is_empty() {
                    lines.push(format!("did you mean: {}?", suggestions.join(", ")));
                }
                lines
            }
            RevisionError::MultipleHeads { heads, .. } => {
                vec![format!("heads: {}", heads.join(", "))]
            }
            _ => Vec::new(),
        }
    }
}
