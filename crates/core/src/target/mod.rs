//! The revision target grammar: `head`, `heads`, `base`, full and partial
//! ids, branch labels, `LABEL@head`, `LABEL@base`, `REV@head`, relative
//! steps. Resolution follows Alembic's revision map rule by rule, so that
//! the same text names the same revisions and fails with the same message.

mod error;
mod relative;

pub use error::{ErrorWording, RevisionError};
pub use relative::{parse_relative, Relative};

use crate::graph::{RevIdx, RevisionGraph};

/// A position reached by resolving or walking: a revision, or `base`
/// (the state before any revision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    /// The empty state.
    Base,
    /// A revision.
    Rev(RevIdx),
}

impl Pos {
    /// The revision, if this is one.
    pub fn rev(self) -> Option<RevIdx> {
        match self {
            Pos::Rev(idx) => Some(idx),
            Pos::Base => None,
        }
    }
}

/// An identifier split into its branch part and the ids it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub ids: Vec<String>,
    pub label: Option<String>,
}

type Result<T> = std::result::Result<T, RevisionError>;

fn resolution(message: String, argument: &str) -> RevisionError {
    RevisionError::Resolution {
        message,
        argument: argument.to_string(),
        suggestions: Vec::new(),
    }
}

/// Python's `int()` on a short string: optional sign, ASCII digits,
/// underscores between digits, surrounding whitespace.
fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if body.is_empty()
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
        || !body.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let digits: String = body.chars().filter(|c| *c != '_').collect();
    let value: i64 = digits.parse().unwrap_or(i64::MAX);
    Some(if neg { -value } else { value })
}

impl RevisionGraph {
    /// Ids of revisions.
    fn id_of(&self, idx: RevIdx) -> &str {
        self.node(idx).id()
    }

    /// Splits `LABEL@ID` and expands `head`, `heads` and `base`.
    pub(crate) fn resolve_revision_number(&self, id: Option<&str>) -> Result<Resolved> {
        let (label, id) = match id {
            Some(text) => match text.split_once('@') {
                Some((label, rest)) => (Some(label.to_string()), Some(rest)),
                None => (None, Some(text)),
            },
            None => (None, None),
        };
        let active_label = label.as_deref().filter(|l| !l.is_empty());
        let ids = match id {
            Some("heads") => match active_label {
                Some(l) => {
                    let heads = self.filter_for_lineage(self.heads(), Some(l), false)?;
                    self.ids(&heads)
                }
                None => self.ids(self.real_heads()),
            },
            Some("head") => match self.current_head(active_label)? {
                Some(h) => vec![self.id_of(h).to_string()],
                None => Vec::new(),
            },
            Some("base") | None => Vec::new(),
            Some(other) => vec![other.to_string()],
        };
        Ok(Resolved { ids, label })
    }

    /// The single head (of a branch, when a label is given); an error when
    /// several match.
    pub fn current_head(&self, label: Option<&str>) -> Result<Option<RevIdx>> {
        let heads = match label {
            Some(l) => self.filter_for_lineage(self.heads(), Some(l), false)?,
            None => self.heads().to_vec(),
        };
        if heads.len() > 1 {
            return Err(RevisionError::MultipleHeads {
                heads: self.ids(&heads),
                argument: match label {
                    Some(l) => format!("{l}@head"),
                    None => "head".to_string(),
                },
            });
        }
        Ok(heads.first().copied())
    }

    /// Resolves one identifier to the positions it names (Alembic's
    /// `get_revisions`): `heads` gives several, `base` none; `-N` walks
    /// down from each head.
    pub fn get_revisions(&self, id: &str) -> Result<Vec<Option<Pos>>> {
        let resolved = self.resolve_revision_number(Some(id))?;
        if resolved.ids.len() == 1 {
            if let Some(n) = python_int(&resolved.ids[0]) {
                if n < 0 {
                    let mut heads = self.get_revisions("heads")?;
                    if let Some(label) = &resolved.label {
                        heads.retain(|h| match h {
                            Some(Pos::Rev(idx)) => self.node(*idx).branch_labels().contains(label),
                            _ => false,
                        });
                    }
                    return heads
                        .into_iter()
                        .map(|h| self.walk(h, n, None, true))
                        .collect();
                }
            }
        }
        let label = resolved.label.as_deref();
        resolved
            .ids
            .iter()
            .map(|rid| Ok(self.revision_for_ident(Some(rid), label)?.map(Pos::Rev)))
            .collect()
    }

    /// Resolves several identifiers, concatenating the results.
    pub fn get_revisions_of(&self, ids: &[String]) -> Result<Vec<Option<Pos>>> {
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.get_revisions(id)?);
        }
        Ok(out)
    }

    /// Resolves one identifier that must name at most one revision
    /// (Alembic's `get_revision`); `None` for `base`.
    pub fn get_revision(&self, id: Option<&str>) -> Result<Option<RevIdx>> {
        let resolved = self.resolve_revision_number(id)?;
        if resolved.ids.len() > 1 {
            return Err(RevisionError::MultipleHeads {
                heads: resolved.ids,
                argument: id.unwrap_or("None").to_string(),
            });
        }
        let label = resolved.label.as_deref();
        self.revision_for_ident(resolved.ids.first().map(String::as_str), label)
    }

    /// Resolves a branch name: a declared label, a revision id, or a
    /// unique prefix of one.
    pub(crate) fn resolve_branch(&self, label: &str) -> Result<RevIdx> {
        if let Some(idx) = self.lookup_exact(label) {
            return Ok(idx);
        }
        match self.revision_for_ident(Some(label), None) {
            Ok(Some(idx)) => Ok(idx),
            Ok(None) | Err(RevisionError::Resolution { .. }) => {
                Err(resolution(format!("No such branch: '{label}'"), label))
            }
            Err(other) => Err(other),
        }
    }

    /// Finds the revision for an id, label or unique prefix (of four or more
    /// characters of a longer key), optionally checking that it belongs to
    /// the lineage of `check_branch`.
    fn revision_for_ident(
        &self,
        ident: Option<&str>,
        check_branch: Option<&str>,
    ) -> Result<Option<RevIdx>> {
        let check_branch = check_branch.filter(|b| !b.is_empty());
        let branch_rev = match check_branch {
            Some(b) => Some(self.resolve_branch(b)?),
            None => None,
        };
        let Some(ident) = ident else {
            return Ok(None);
        };
        if ident.is_empty() {
            return Err(resolution("No such revision or branch ''".into(), ident));
        }
        let revision = match self.lookup_exact(ident) {
            Some(idx) => idx,
            None => {
                let mut matches: Vec<&str> = self
                    .map_keys()
                    .filter(|key| key.chars().count() > 3 && key.starts_with(ident))
                    .collect();
                if let Some(b) = check_branch {
                    let mut kept = Vec::new();
                    for key in matches {
                        let Some(idx) = self.lookup_exact(key) else {
                            continue;
                        };
                        if !self.filter_for_lineage(&[idx], Some(b), false)?.is_empty() {
                            kept.push(key);
                        }
                    }
                    matches = kept;
                }
                match matches.len() {
                    0 => {
                        let hint = if ident.chars().count() < 4 {
                            "; please ensure at least four characters are present for partial revision identifier matches"
                        } else {
                            ""
                        };
                        return Err(RevisionError::Resolution {
                            message: format!("No such revision or branch '{ident}'{hint}"),
                            argument: ident.to_string(),
                            suggestions: self.suggestions(ident),
                        });
                    }
                    1 => self
                        .lookup_exact(matches[0])
                        .expect("prefix matches come from the map"),
                    _ => {
                        let shown: Vec<String> =
                            matches.iter().take(3).map(|m| format!("'{m}'")).collect();
                        return Err(resolution(
                            format!(
                                "Multiple revisions start with '{ident}': {}...",
                                shown.join(", ")
                            ),
                            ident,
                        ));
                    }
                }
            }
        };
        if let (Some(b), Some(branch_rev)) = (check_branch, branch_rev) {
            let branch_id = self.id_of(branch_rev).to_string();
            if !self.shares_lineage(revision, &[branch_id], false)? {
                return Err(resolution(
                    format!(
                        "Revision {} is not a member of branch '{b}'",
                        self.id_of(revision)
                    ),
                    ident,
                ));
            }
        }
        Ok(Some(revision))
    }

    /// Close ids and labels for an unknown identifier, best first.
    fn suggestions(&self, ident: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = self
            .map_keys()
            .map(|key| (strsim::normalized_damerau_levenshtein(ident, key), key))
            .filter(|(score, _)| *score >= 0.6)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, key)| key.to_string())
            .collect()
    }

    /// Keeps the targets that share a line of descent with `check_against`
    /// (an id, a label, `LABEL@...`); all of them when it is `None`.
    pub fn filter_for_lineage(
        &self,
        targets: &[RevIdx],
        check_against: Option<&str>,
        include_dependencies: bool,
    ) -> Result<Vec<RevIdx>> {
        let resolved = self.resolve_revision_number(check_against)?;
        let mut shares: Vec<String> = Vec::new();
        if let Some(label) = resolved.label.filter(|l| !l.is_empty()) {
            shares.push(label);
        }
        shares.extend(resolved.ids);
        let mut kept = Vec::new();
        for &target in targets {
            if self.shares_lineage(target, &shares, include_dependencies)? {
                kept.push(target);
            }
        }
        Ok(kept)
    }

    /// Whether any of `against` is an ancestor or descendant of `target`
    /// (or `target` itself); true when `against` is empty.
    fn shares_lineage(
        &self,
        target: RevIdx,
        against: &[String],
        include_dependencies: bool,
    ) -> Result<bool> {
        if against.is_empty() {
            return Ok(true);
        }
        let mut against_idx = Vec::new();
        for ident in against {
            if let Some(idx) = self.revision_for_ident(Some(ident), None)? {
                against_idx.push(idx);
            }
        }
        let mut family = self.descendant_set(&[target], include_dependencies);
        family.union_with(&self.ancestor_set(&[target], include_dependencies));
        Ok(against_idx.iter().any(|&i| family.contains(i)))
    }

    /// Walks `steps` up (positive) or down (negative) from `start`
    /// (`None`: from nothing, i.e. the bases going up or the heads going
    /// down). Stops with `None` past either end when `no_overwalk`, else
    /// stays where it was. A fork on the way is an "Ambiguous walk".
    pub fn walk(
        &self,
        start: Option<Pos>,
        steps: i64,
        branch_label: Option<&str>,
        no_overwalk: bool,
    ) -> Result<Option<Pos>> {
        let mut initial = start;
        let mut remaining = steps.unsigned_abs();
        while remaining > 0 {
            remaining -= 1;
            let children: Vec<Option<Pos>> = if steps > 0 {
                let from: Vec<RevIdx> =
                    match initial {
                        None => self.bases().to_vec(),
                        Some(Pos::Rev(idx)) => self.children(idx).to_vec(),
                        Some(Pos::Base) => return Err(RevisionError::Other(
                            "Can't walk upwards from the 'base' marker; name a revision instead"
                                .into(),
                        )),
                    };
                let from = match branch_label.filter(|l| !l.is_empty()) {
                    Some(label) => self.filter_for_lineage(&from, Some(label), false)?,
                    None => from,
                };
                from.into_iter().map(|i| Some(Pos::Rev(i))).collect()
            } else {
                let below: Vec<Option<Pos>> = match initial {
                    Some(Pos::Base) => Vec::new(),
                    None => self.heads().iter().map(|&i| Some(Pos::Rev(i))).collect(),
                    Some(Pos::Rev(idx)) => self
                        .parents(idx)
                        .iter()
                        .map(|&i| Some(Pos::Rev(i)))
                        .collect(),
                };
                if below.is_empty() && initial != Some(Pos::Base) {
                    vec![Some(Pos::Base)]
                } else {
                    below
                }
            };
            match children.len() {
                0 => return Ok(if no_overwalk { None } else { initial }),
                1 => initial = children[0],
                _ => return Err(RevisionError::Other("Ambiguous walk".into())),
            }
        }
        Ok(initial)
    }

    /// Resolves a start given as text (Alembic passes either a revision or
    /// an identifier to its walk).
    pub(crate) fn pos_of(&self, id: &str) -> Result<Option<Pos>> {
        Ok(self.get_revision(Some(id))?.map(Pos::Rev))
    }
}

#[cfg(test)]
mod tests {
    use super::python_int;

    #[test]
    fn python_int_rules() {
        assert_eq!(python_int("-1"), Some(-1));
        assert_eq!(python_int(" +12 "), Some(12));
        assert_eq!(python_int("1_000"), Some(1000));
        assert_eq!(python_int("_1"), None);
        assert_eq!(python_int("ab"), None);
        assert_eq!(python_int(""), None);
    }
}
