//! Where a relative or symbolic target points: Alembic's
//! `_parse_upgrade_target` and `_parse_downgrade_target`.

use super::{RangeEnd, Result};
use crate::graph::{RevIdx, RevisionGraph};
use crate::target::{parse_relative, Pos, RevisionError};

impl RevisionGraph {
    pub(super) fn parse_upgrade_target(
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
                                .flat_map(|&a| self.node(a).normalized_down().iter().copied())
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

    pub(super) fn parse_downgrade_target(
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
}
