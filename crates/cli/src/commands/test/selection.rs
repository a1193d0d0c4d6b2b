//! Which revisions `aludel test` runs (`-r START:END`), the upgrades that
//! bring an empty database to START, and how the tested revisions are cut
//! into one run of consecutive revisions per worker.

use std::ops::Range;

use aludel_core::{RevisionGraph, Step, VersionRows};

use crate::error::{CmdResult, CommandFailed};

/// The revisions a run tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The range as the reports name it (`base:heads`).
    pub range: String,
    /// The upgrades from an empty database to the range's start (not tested).
    pub prefix: Vec<Step>,
    /// The upgrades of the tested revisions, in upgrade order.
    pub tested: Vec<Step>,
    /// Whether the last tested revision leaves the database at the heads
    /// (the models describe the heads, so only then are they compared).
    pub ends_at_heads: bool,
}

impl Selection {
    /// Every upgrade from an empty database through the tested revisions.
    pub fn all_steps(&self) -> Vec<Step> {
        self.prefix.iter().chain(&self.tested).copied().collect()
    }
}

/// The selection `-r` names: `START:END` (either end may be left out:
/// `base`, `heads`) tests the revisions an upgrade from START to END runs,
/// START itself not included; a single revision tests that revision alone.
pub fn select(graph: &RevisionGraph, range: Option<&str>) -> CmdResult<Selection> {
    let text = range.unwrap_or("base:heads").trim();
    let explain = |failed: CommandFailed| {
        failed.with_detail(format!(
            "-r {text}: give START:END (revision ids, labels, base, heads) or one revision"
        ))
    };
    let (start, end) = match text.split_once(':') {
        Some((start, end)) => (
            non_empty(start).unwrap_or("base").to_string(),
            non_empty(end).unwrap_or("heads").to_string(),
        ),
        None => {
            let steps = graph
                .upgrade_plan(text, &[])
                .map_err(|f| explain(f.into()))?
                .steps;
            let Some((&last, prefix)) = steps.split_last() else {
                return Err(explain(CommandFailed::new(format!(
                    "-r {text} names no revision to test"
                ))));
            };
            let ends_at_heads = rows_after(graph, &steps)? == head_ids(graph);
            return Ok(Selection {
                range: text.to_string(),
                prefix: prefix.to_vec(),
                tested: vec![last],
                ends_at_heads,
            });
        }
    };
    let prefix = if start == "base" {
        Vec::new()
    } else {
        graph
            .upgrade_plan(&start, &[])
            .map_err(|f| explain(f.into()))?
            .steps
    };
    let start_rows = rows_after(graph, &prefix)?;
    let tested = graph
        .upgrade_plan(&end, &start_rows)
        .map_err(|f| explain(f.into()))?
        .steps;
    if tested.is_empty() {
        return Err(explain(CommandFailed::new(format!(
            "-r {text} names no revision to test: nothing lies after {start} up to {end}"
        ))));
    }
    let all: Vec<Step> = prefix.iter().chain(&tested).copied().collect();
    let ends_at_heads = rows_after(graph, &all)? == head_ids(graph);
    Ok(Selection {
        range: format!("{start}:{end}"),
        prefix,
        tested,
        ends_at_heads,
    })
}

fn non_empty(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

/// The version rows after `steps` from an empty table, sorted.
fn rows_after(graph: &RevisionGraph, steps: &[Step]) -> CmdResult<Vec<String>> {
    let mut rows = VersionRows::new(Vec::<String>::new());
    for &step in steps {
        rows.apply_migration(graph, step)
            .map_err(CommandFailed::from_display)?;
    }
    let mut ids = rows.rows().to_vec();
    ids.sort();
    Ok(ids)
}

fn head_ids(graph: &RevisionGraph) -> Vec<String> {
    let mut ids = graph.ids(graph.heads());
    ids.sort();
    ids
}

/// Below this many revisions a worker of its own costs more (a database
/// made and copied) than it saves.
const MIN_PER_WORKER: usize = 6;

/// How much longer a revision's stairway takes than its plain upgrade
/// (three steps and three schema readings against one step), measured on
/// the bench's history; it sizes the runs so that workers that start later
/// (from a copy made after the earlier revisions' upgrades) finish together.
const STAIRWAY_COST: f64 = 6.0;

/// `n` revisions cut into up to `jobs` runs of consecutive revisions, each
/// a worker's. A worker that starts at revision `s` waits for `s` plain
/// upgrades first, so later runs are shorter: with `q = 1 - 1/r` (`r` the
/// stairway's cost in upgrades) the runs are in proportion `1, q, q², ...`,
/// which makes every worker finish at the same time.
pub fn chunks(n: usize, jobs: usize) -> Vec<Range<usize>> {
    let workers = jobs.min(n / MIN_PER_WORKER).max(1);
    if workers == 1 {
        return std::iter::once(0..n).collect();
    }
    let q = 1.0 - 1.0 / STAIRWAY_COST;
    let weights: Vec<f64> = (0..workers).map(|k| q.powi(k as i32)).collect();
    let total: f64 = weights.iter().sum();
    let mut out = Vec::with_capacity(workers);
    let mut start = 0;
    let mut acc = 0.0;
    for (k, w) in weights.iter().enumerate() {
        acc += w;
        let end = if k + 1 == workers {
            n
        } else {
            ((acc / total) * n as f64).round() as usize
        };
        let end = end.clamp(start + 1, n - (workers - k - 1));
        out.push(start..end);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_revision_once_and_shrink() {
        for (n, jobs) in [(100, 2), (100, 4), (7, 8), (1, 2), (13, 2), (50, 3)] {
            let parts = chunks(n, jobs);
            assert_eq!(parts.first().unwrap().start, 0);
            assert_eq!(parts.last().unwrap().end, n);
            for pair in parts.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert!(pair[0].len() >= pair[1].len(), "{n} {jobs}: {parts:?}");
            }
            assert!(parts.iter().all(|p| !p.is_empty()));
        }
        assert_eq!(chunks(100, 1).len(), 1);
        assert_eq!(chunks(100, 1)[0], 0..100);
        assert_eq!(chunks(5, 4).len(), 1, "too few revisions for two workers");
        assert_eq!(chunks(100, 2), [0..55, 55..100]);
    }
}
