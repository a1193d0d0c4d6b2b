//! The planner: which revisions an upgrade or downgrade runs, in which
//! order, and which revisions a `history` range lists — Alembic's
//! `_collect_upgrade_revisions` / `_collect_downgrade_revisions` followed by
//! its topological sort.

use fixedbitset::FixedBitSet;

use crate::graph::{RevIdx, RevisionGraph};
use crate::target::{parse_relative, ErrorWording, Pos, RevisionError};

type Result<T> = std::result::Result<T, RevisionError>;

/// What a command failed with: the line Alembic prints after `FAILED: `,
/// and extra lines aludel adds to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Alembic's message, unchanged so that scripts can match it.
    pub message: String,
    /// Further explanation (detailed reason, suggestions); may be empty.
    pub details: Vec<String>,
}

impl Failure {
    /// Words a revision error as a command does.
    pub fn from_revision_error(err: &RevisionError, wording: &ErrorWording<'_>) -> Self {
        let message = err.command_message(wording);
        let details = err
            .details()
            .into_iter()
            .filter(|line| *line != message)
            .collect();
        Failure { message, details }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// One migration step: a revision run upwards or downwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The revision whose `upgrade()` or `downgrade()` runs.
    pub revision: RevIdx,
    /// True for upgrade, false for downgrade.
    pub upgrade: bool,
}

impl Step {
    /// Revisions the step starts from, without dependencies (the text
    /// before `->` in Alembic's log line).
    pub fn from_ids(&self, graph: &RevisionGraph) -> Vec<String> {
        if self.upgrade {
            graph.ids(graph.parents(self.revision))
        } else {
            vec![graph.node(self.revision).id().to_string()]
        }
    }

    /// Revisions the step ends at, without dependencies.
    pub fn to_ids(&self, graph: &RevisionGraph) -> Vec<String> {
        if self.upgrade {
            vec![graph.node(self.revision).id().to_string()]
        } else {
            graph.ids(graph.parents(self.revision))
        }
    }

    /// Alembic's description of the step: `upgrade a -> b, doc`
    /// (`, doc` only when the revision has a docstring).
    pub fn describe(&self, graph: &RevisionGraph) -> String {
        let name = if self.upgrade { "upgrade" } else { "downgrade" };
        let text = format!(
            "{name} {} -> {}",
            self.from_ids(graph).join(", "),
            self.to_ids(graph).join(", ")
        );
        let doc = graph.node(self.revision).rev.doc();
        if doc.is_empty() {
            text
        } else {
            format!("{text}, {doc}")
        }
    }
}

/// A plan and the warnings met while making it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Steps in the order they run.
    pub steps: Vec<Step>,
    /// Warnings Alembic would print as `UserWarning`s.
    pub warnings: Vec<String>,
}

/// One end of a revision range: a target as typed (`base`, `heads`,
/// `ae10`, `lib@head`), or revision ids such as a database's version rows.
#[derive(Debug, Clone, Copy)]
pub enum RangeEnd<'a> {
    /// A target in the target grammar.
    Text(&'a str),
    /// Revision ids (the rows of the version table).
    Heads(&'a [String]),
}

impl RangeEnd<'_> {
    fn as_tuple(&self) -> Vec<String> {
        match self {
            RangeEnd::Text(t) => vec![t.to_string()],
            RangeEnd::Heads(h) => h.to_vec(),
        }
    }
}

fn set_of(graph: &RevisionGraph, items: &[RevIdx]) -> FixedBitSet {
    let mut set = FixedBitSet::with_capacity(graph.len());
    for &i in items {
        set.insert(i);
    }
    set
}

fn not_a_revision(what: &str) -> RevisionError {
    RevisionError::Other(format!(
        "'{what}' does not name a revision here; give a revision id, a label or head"
    ))
}

impl RevisionGraph {
    /// Resolves identifiers and keeps only revisions (dropping `base`).
    fn revisions_of(&self, ids: &[String]) -> Result<Vec<RevIdx>> {
        Ok(self
            .get_revisions_of(ids)?
            .into_iter()
            .filter_map(|p| p.and_then(Pos::rev))
            .collect())
    }

    /// Revisions currently in effect for the given version rows: the rows,
    /// their ancestors, reduced to the tips of each branch.
    pub fn all_current(&self, ids: &[String]) -> Result<Vec<RevIdx>> {
        let top = self.revisions_of(ids)?;
        let all = self.ancestor_set(&top, true);
        let mut out = Vec::new();
        for idx in all.ones() {
            let mut below = self.descendant_set(&[idx], false);
            below.set(idx, false);
            below.intersect_with(&all);
            if below.is_clear() {
                out.push(idx);
            }
        }
        Ok(out)
    }

    fn parse_upgrade_target(
        &self,
        current: RangeEnd<'_>,
        target: RangeEnd<'_>,
        assert_relative_length: bool,
    ) -> Result<Vec<Option<Pos>>> {
        let target = match target {
            RangeEnd::Heads(ids) => return self.get_revisions_of(ids),
            RangeEnd::Text(text) => text,
        };
        let Some(rel) = parse_relative(target) else {
            return self.get_revisions(target);
        };
        let label = rel.label;
        if rel.steps > 0 {
            let Some(symbol) = rel.symbol else {
                let current_ids = current.as_tuple();
                let start: Option<Pos> = match label {
                    None => match current_ids.len() {
                        0 => None,
                        1 => self.pos_of(&current_ids[0])?,
                        _ => {
                            return Err(RevisionError::Other(
                                "Ambiguous upgrade from multiple current revisions".into(),
                            ))
                        }
                    },
                    Some(label) => {
                        let revs = self.revisions_of(&current_ids)?;
                        let mut starts = self.filter_for_lineage(&revs, Some(label), false)?;
                        if starts.is_empty() {
                            let active: Vec<RevIdx> =
                                self.ancestor_set(&revs, true).ones().collect();
                            let active = self.filter_for_lineage(&active, Some(label), false)?;
                            let below: Vec<RevIdx> = active
                                .iter()
                                .flat_map(|&a| self.node(a).normalized_down())
                                .collect();
                            starts = active.into_iter().filter(|a| !below.contains(a)).collect();
                        }
                        match starts.len() {
                            0 => None,
                            1 => Some(Pos::Rev(starts[0])),
                            _ => {
                                return Err(RevisionError::Other(
                                    "Ambiguous upgrade from multiple current revisions".into(),
                                ))
                            }
                        }
                    }
                };
                return match self.walk(start, rel.steps, label, assert_relative_length)? {
                    Some(pos) => Ok(vec![Some(pos)]),
                    None => Err(RevisionError::Other(format!(
                        "Relative revision {} didn't produce {} migrations",
                        rel.relative,
                        rel.steps.unsigned_abs()
                    ))),
                };
            };
            let start = self.pos_of(symbol)?;
            return Ok(vec![self.walk(
                start,
                rel.steps,
                label,
                assert_relative_length,
            )?]);
        }
        let Some(symbol) = rel.symbol else {
            return Err(RevisionError::Other(format!(
                "Relative revision {} didn't produce {} migrations",
                rel.steps,
                rel.steps.unsigned_abs()
            )));
        };
        let start = match label {
            None => self.pos_of(symbol)?,
            Some(l) => self.pos_of(&format!("{l}@{symbol}"))?,
        };
        Ok(vec![self.walk(
            start,
            rel.steps,
            None,
            assert_relative_length,
        )?])
    }

    fn parse_downgrade_target(
        &self,
        current: &[String],
        target: Option<&str>,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> Result<(Option<String>, Option<Pos>)> {
        let Some(target) = target else {
            return Ok((None, None));
        };
        if let Some(rel) = parse_relative(target) {
            let mut label = rel.label.map(str::to_string);
            if rel.steps >= 0 {
                let Some(symbol) = rel.symbol else {
                    return Err(RevisionError::Other(format!(
                        "Relative revision {} didn't produce {} migrations",
                        rel.relative,
                        rel.steps.unsigned_abs()
                    )));
                };
                let start = self.pos_of(symbol)?;
                return match self.walk(start, rel.steps, rel.label, assert_relative_length)? {
                    Some(pos) => Ok((label, Some(pos))),
                    None => Err(RevisionError::Other("Walked too far".into())),
                };
            }
            let relative_to_current = rel.symbol.is_none();
            let symbol: String = match rel.symbol {
                Some(s) => s.to_string(),
                None => match rel.label {
                    Some(l) => {
                        let current_revs = self.revisions_of(current)?;
                        let mut on_branch =
                            self.filter_for_lineage(&current_revs, Some(l), false)?;
                        if on_branch.is_empty() {
                            let all = self.all_current(current)?;
                            on_branch = self.filter_for_lineage(&all, Some(l), false)?;
                        }
                        if on_branch.len() != 1 {
                            return Err(RevisionError::Other(format!(
                                "Can't tell which revision of branch '{l}' to step down from: {} match",
                                on_branch.len()
                            )));
                        }
                        self.node(on_branch[0]).id().to_string()
                    }
                    None => {
                        let Some(first) = current.first() else {
                            return Err(RevisionError::Other(format!(
                                "Relative revision {} didn't produce {} migrations",
                                rel.relative,
                                rel.steps.unsigned_abs()
                            )));
                        };
                        let mut distinct = current.to_vec();
                        distinct.sort();
                        distinct.dedup();
                        if distinct.len() > 1 {
                            warnings.push(
                                "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release."
                                    .into(),
                            );
                        }
                        label = Some(first.clone());
                        first.clone()
                    }
                },
            };
            let start = match &label {
                None => self.pos_of(&symbol)?,
                Some(l) => self.pos_of(&format!("{l}@{symbol}"))?,
            };
            return match self.walk(start, rel.steps, None, assert_relative_length)? {
                Some(pos) => Ok((label, Some(pos))),
                None if relative_to_current => Err(RevisionError::Other(format!(
                    "Relative revision {} didn't produce {} migrations",
                    rel.relative,
                    rel.steps.unsigned_abs()
                ))),
                None => Err(RevisionError::Other("Walked too far".into())),
            };
        }
        let (label, symbol) = match target.rsplit_once('@') {
            Some((l, s)) if !l.is_empty() => (Some(l.to_string()), s),
            Some((_, s)) => (None, s),
            None => (None, target),
        };
        Ok((label, self.pos_of(symbol)?))
    }

    /// Revisions an upgrade-side walk needs, and the targets it aims at.
    fn collect_upgrade(
        &self,
        upper: RangeEnd<'_>,
        lower: RangeEnd<'_>,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> Result<(FixedBitSet, Vec<RevIdx>)> {
        let mut targets = Vec::new();
        for pos in self.parse_upgrade_target(lower, upper, assert_relative_length)? {
            match pos {
                Some(Pos::Rev(idx)) => targets.push(idx),
                _ => return Err(not_a_revision(&upper.as_tuple().join(", "))),
            }
        }
        if let RangeEnd::Text(text) = lower {
            if let Some((branch, _)) = text.split_once('@') {
                let mut branch = branch.to_string();
                if let Some(idx) = self.get_revision(Some(&branch))? {
                    let node = self.node(idx);
                    if node.id() == branch {
                        match node.branch_labels() {
                            [only] => branch = only.clone(),
                            _ => {
                                return Err(RevisionError::Other(format!(
                                    "Revision {branch} is used as a branch name but carries {} branch labels",
                                    node.branch_labels().len()
                                )))
                            }
                        }
                    }
                }
                targets.retain(|&t| self.node(t).branch_labels().contains(&branch));
            }
        }
        let mut required = self.checked_ancestors(&targets)?;
        required.union_with(&set_of(self, &targets));

        let mut current: Vec<RevIdx> = Vec::new();
        let mut lower_override: Option<Option<String>> = None;
        let resolved = match lower {
            RangeEnd::Text(t) => self.get_revisions(t)?,
            RangeEnd::Heads(h) => self.get_revisions_of(h)?,
        };
        if !implicit_base
            && resolved
                .iter()
                .any(|p| matches!(p, Some(Pos::Rev(i)) if !required.contains(*i)))
        {
            return Err(RevisionError::RangeNotAncestor {
                lower: Some(lower.as_tuple().join(", ")),
                upper: Some(upper.as_tuple().join(", ")),
            });
        }
        if matches!(resolved.first(), Some(None)) {
            let RangeEnd::Text(text) = lower else {
                return Err(not_a_revision(&lower.as_tuple().join(", ")));
            };
            let (_, pos) = self.parse_downgrade_target(
                &upper.as_tuple(),
                Some(text),
                assert_relative_length,
                warnings,
            )?;
            match pos {
                Some(Pos::Rev(idx)) => {
                    current.push(idx);
                    lower_override = Some(Some(self.node(idx).id().to_string()));
                }
                Some(Pos::Base) => lower_override = Some(None),
                None => return Err(not_a_revision(text)),
            }
        } else {
            current.extend(resolved.iter().filter_map(|p| p.and_then(Pos::rev)));
        }
        let mut current_set = self.checked_ancestors(&current)?;
        current_set.union_with(&set_of(self, &current));
        let mut needs = required;
        needs.difference_with(&current_set);
        if inclusive {
            let again = match (&lower_override, lower) {
                (Some(None), _) => Vec::new(),
                (Some(Some(id)), _) => self.revisions_of(std::slice::from_ref(id))?,
                (None, RangeEnd::Text(t)) => self.revisions_of(&[t.to_string()])?,
                (None, RangeEnd::Heads(h)) => self.revisions_of(h)?,
            };
            for idx in again {
                needs.insert(idx);
            }
        }
        if !current.is_empty() && !implicit_base {
            let descendants = self
                .checked_set(&current, false)
                .map_err(|(t, o)| self.overlap_error(t, &o))?;
            needs.intersect_with(&descendants);
        }
        Ok((needs, targets))
    }

    fn checked_ancestors(&self, targets: &[RevIdx]) -> Result<FixedBitSet> {
        self.checked_set(targets, true)
            .map_err(|(t, o)| self.overlap_error(t, &o))
    }

    fn overlap_error(&self, target: RevIdx, others: &[RevIdx]) -> RevisionError {
        RevisionError::Other(format!(
            "Requested revision {} overlaps with other requested revisions {}",
            self.node(target).id(),
            self.ids(others).join(", ")
        ))
    }

    /// Revisions a downgrade removes, and the current heads.
    fn collect_downgrade(
        &self,
        upper: &[String],
        lower: Option<&str>,
        inclusive: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> Result<(FixedBitSet, Vec<RevIdx>)> {
        let (label, target) =
            self.parse_downgrade_target(upper, lower, assert_relative_length, warnings)?;
        let target = target.and_then(Pos::rev);
        let mut roots: Vec<RevIdx> = match target {
            None => self.bases().to_vec(),
            Some(t) if inclusive => vec![t],
            Some(t) => self.children(t).to_vec(),
        };
        if let Some(label) = label.as_deref().filter(|l| !l.is_empty()) {
            if roots.len() > 1 {
                let branch = self.resolve_branch(label)?;
                let ancestors = self.ancestor_set(&[branch], false);
                roots.retain(|r| ancestors.contains(*r));
                if roots.is_empty() {
                    return Err(RevisionError::Other(
                        "Not a valid downgrade target from current heads".into(),
                    ));
                }
            }
        }
        let heads = self.revisions_of(upper)?;
        let mut drop = self.descendant_set(&roots, true);
        drop.intersect_with(&self.ancestor_set(&heads, true));
        if let Some(t) = target {
            if drop.is_clear() && !heads.contains(&t) {
                return Err(RevisionError::RangeNotAncestor {
                    lower: Some("Nothing to drop".into()),
                    upper: Some(upper.join(", ")),
                });
            }
        }
        Ok((drop, heads))
    }

    /// The steps `upgrade DESTINATION` runs from the given version rows.
    pub fn upgrade_plan(
        &self,
        destination: &str,
        current: &[String],
    ) -> std::result::Result<Plan, Failure> {
        self.plan(destination, true, |warnings| {
            let (needs, targets) = self.collect_upgrade(
                RangeEnd::Text(destination),
                RangeEnd::Heads(current),
                false,
                true,
                true,
                warnings,
            )?;
            let mut order = self.topological_sort(&needs, &targets);
            order.reverse();
            Ok(order)
        })
    }

    /// The steps `downgrade DESTINATION` runs from the given version rows.
    pub fn downgrade_plan(
        &self,
        destination: &str,
        current: &[String],
    ) -> std::result::Result<Plan, Failure> {
        self.plan(destination, false, |warnings| {
            let (drop, heads) =
                self.collect_downgrade(current, Some(destination), false, true, warnings)?;
            Ok(self.topological_sort(&drop, &heads))
        })
    }

    /// Runs a collection in one direction and words its errors as the
    /// `upgrade` / `downgrade` command does.
    fn plan(
        &self,
        destination: &str,
        upgrade: bool,
        collect: impl FnOnce(&mut Vec<String>) -> Result<Vec<RevIdx>>,
    ) -> std::result::Result<Plan, Failure> {
        let ancestor = if upgrade {
            "Destination %(end)s is not a valid upgrade target from current head(s)"
        } else {
            "Destination %(end)s is not a valid downgrade target from current head(s)"
        };
        let wording = ErrorWording {
            ancestor: Some(ancestor),
            end: Some(destination),
            ..Default::default()
        };
        let mut warnings = Vec::new();
        match collect(&mut warnings) {
            Ok(order) => Ok(Plan {
                steps: order
                    .into_iter()
                    .map(|revision| Step { revision, upgrade })
                    .collect(),
                warnings,
            }),
            Err(err) => Err(Failure::from_revision_error(&err, &wording)),
        }
    }

    /// Revisions from `head` down to `base` inclusive, newest first: the
    /// listing of `history -r BASE:HEAD` (defaults `base` and `heads`).
    pub fn walk_revisions(
        &self,
        base: &str,
        head: &str,
    ) -> std::result::Result<Vec<RevIdx>, Failure> {
        self.walk_range(RangeEnd::Text(base), RangeEnd::Text(head))
    }

    /// [`Self::walk_revisions`] where either end may be a list of revision
    /// ids (a range that ends at the database's current revisions).
    pub fn walk_range(
        &self,
        base: RangeEnd<'_>,
        head: RangeEnd<'_>,
    ) -> std::result::Result<Vec<RevIdx>, Failure> {
        let (start, end) = (base.as_tuple().join(", "), head.as_tuple().join(", "));
        let wording = ErrorWording {
            start: Some(&start),
            end: Some(&end),
            ..Default::default()
        };
        let mut warnings = Vec::new();
        self.collect_upgrade(head, base, true, false, false, &mut warnings)
            .map(|(needs, targets)| self.topological_sort(&needs, &targets))
            .map_err(|err| Failure::from_revision_error(&err, &wording))
    }

    /// Resolves several identifiers (version rows) for a read command.
    pub fn resolve_all_for_command(
        &self,
        ids: &[String],
    ) -> std::result::Result<Vec<Option<Pos>>, Failure> {
        self.get_revisions_of(ids)
            .map_err(|err| Failure::from_revision_error(&err, &ErrorWording::default()))
    }

    /// Resolves identifiers for a read command (`show`, `heads`), worded
    /// as Alembic's default error messages.
    pub fn resolve_for_command(&self, id: &str) -> std::result::Result<Vec<Option<Pos>>, Failure> {
        self.get_revisions(id)
            .map_err(|err| Failure::from_revision_error(&err, &ErrorWording::default()))
    }
}
