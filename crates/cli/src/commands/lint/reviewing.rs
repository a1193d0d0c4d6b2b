//! Reviewing a project's revisions: every upgrade body evaluated for each
//! target in upgrade order, the schema replayed from base, the selected
//! revisions put to the rules on the way.

use std::collections::HashSet;
use std::path::Path;

use aludel_core::schema::SchemaState;
use aludel_core::RevIdx;
use aludel_lint::{Finding, PlacedOp, ReviewOptions, RevisionInput, Target};
use aludel_python::body::{BodyContext, LocatedOp, RevisionBody};

use crate::bodies::{apply_env_convention, env_convention};
use crate::commands::migrate::relative_path;
use crate::error::{CmdResult, CommandFailed};
use crate::project::Project;
use crate::runner::RunLimits;

/// What a review found.
#[derive(Debug, Default)]
pub struct Reviewed {
    /// The databases reviewed for.
    pub targets: Vec<Target>,
    /// How many revisions were reviewed.
    pub revisions: usize,
    /// The findings, merged across targets, in upgrade order.
    pub findings: Vec<Finding>,
    /// Revisions that could not be reviewed, and why.
    pub notes: Vec<String>,
    /// No lock timeout is configured and a target has lock timeouts, so
    /// revisions `--fix` adds set one first.
    pub lock_timeout_missing: bool,
    /// For `--fix`: per revision with a fixable finding, its evaluated
    /// upgrade and the schema before it, for the first target.
    pub kept: Vec<Kept>,
}

/// A revision's evaluated upgrade, kept for `--fix`.
#[derive(Debug)]
pub struct Kept {
    /// The revision.
    pub revision: RevIdx,
    /// Its text.
    pub source: String,
    /// Its operations.
    pub ops: Vec<LocatedOp>,
    /// The schema before it.
    pub before: SchemaState,
}

/// Reviews the revisions in `only` (all when `None`) for each target.
pub fn review_project(
    project: &Project,
    only: Option<&HashSet<RevIdx>>,
    targets: &[Target],
    keep_for_fix: bool,
) -> CmdResult<Reviewed> {
    let graph = &project.graph;
    let mut reviewed = Reviewed {
        targets: targets.to_vec(),
        ..Reviewed::default()
    };
    if graph.is_empty() {
        return Ok(reviewed);
    }
    let steps = graph.upgrade_plan("heads", &[])?.steps;
    let options = ReviewOptions {
        lock_timeout_configured: RunLimits::resolve(None, &project.config)
            .timeouts
            .lock
            .is_some(),
    };
    reviewed.lock_timeout_missing =
        !options.lock_timeout_configured && targets.iter().any(|t| *t != Target::Sqlite);
    let sqlalchemy_20 = aludel_python::models::detect_version(&project.config.here()).sqlalchemy_20;
    let convention = env_convention(&project.config);
    let mut sources = Vec::with_capacity(steps.len());
    for step in &steps {
        let node = graph.node(step.revision);
        let text = match project.sources.get(step.revision) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(&node.rev.path).map_err(|e| {
                CommandFailed::new(format!(
                    "Could not read revision {} from {}: {e}",
                    node.id(),
                    node.rev.path
                ))
            })?,
        };
        sources.push(text);
    }
    let bodies: Vec<Result<RevisionBody, String>> = steps
        .iter()
        .zip(&sources)
        .map(|(step, text)| {
            RevisionBody::parse(Path::new(&graph.node(step.revision).rev.path), text)
                .map_err(|e| format!("{} ({})", e.message(), e.location()))
        })
        .collect();
    let is_selected = |idx: RevIdx| only.is_none_or(|set| set.contains(&idx));
    reviewed.revisions = steps.iter().filter(|s| is_selected(s.revision)).count();
    let mut per_target = Vec::new();
    let mut unreviewed: Vec<(RevIdx, String)> = Vec::new();
    for (t, &target) in targets.iter().enumerate() {
        let context = BodyContext {
            dialect: target.kind(),
            mariadb: target == Target::Mariadb,
            offline: false,
            sqlalchemy_20,
        };
        let mut state = SchemaState::new();
        let mut findings = Vec::new();
        for ((step, body), source) in steps.iter().zip(&bodies).zip(&sources) {
            let idx = step.revision;
            let node = graph.node(idx);
            let evaluated = body.as_ref().map_err(Clone::clone).and_then(|b| {
                b.evaluate("upgrade", &context)
                    .map_err(|e| format!("{} ({})", e.message(), e.location()))
            });
            let mut ops = match evaluated {
                Ok(ops) => vec![ops],
                Err(reason) => {
                    if is_selected(idx) && !unreviewed.iter().any(|(i, _)| *i == idx) {
                        unreviewed.push((idx, reason));
                    }
                    continue;
                }
            };
            apply_env_convention(convention.as_ref(), &mut ops, target.kind());
            let ops = ops.pop().unwrap_or_default();
            if !is_selected(idx) {
                for located in &ops {
                    let _ = aludel_core::replay::apply(&mut state, &located.op);
                }
                continue;
            }
            let before = keep_for_fix.then(|| state.clone());
            let path = relative_path(project, &node.rev.path);
            let input = RevisionInput {
                id: node.id(),
                path: &path,
                source,
                ops: ops
                    .iter()
                    .map(|l| PlacedOp {
                        op: &l.op,
                        line: l.line,
                        column: l.column,
                    })
                    .collect(),
            };
            let found = aludel_lint::review(&input, &mut state, target, &options);
            if t == 0 && found.iter().any(|f| f.fixable) {
                if let Some(before) = before {
                    reviewed.kept.push(Kept {
                        revision: idx,
                        source: source.clone(),
                        ops,
                        before,
                    });
                }
            }
            findings.extend(found);
        }
        per_target.push(findings);
    }
    reviewed.findings = aludel_lint::merge(per_target);
    reviewed.notes = unreviewed
        .into_iter()
        .map(|(idx, reason)| {
            format!(
                "revision {} was not reviewed: aludel cannot evaluate its upgrade(): {reason}",
                graph.node(idx).id()
            )
        })
        .collect();
    Ok(reviewed)
}
