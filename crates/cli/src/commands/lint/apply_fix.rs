//! `aludel lint --fix`: each fixable finding's safe rewrite
//! ([`aludel_lint::fix::plan`]) written into the revision file in place of
//! the flagged statement (every other byte stays as written), and the
//! expand / backfill / contract revisions it needs after it written from
//! the project's `script.py.mako`.

use std::collections::BTreeMap;

use aludel_core::ops::Op;
use aludel_lint::fix::{plan, FixPlan};
use aludel_lint::{Finding, Target};
use aludel_python::body::{BodyContext, RevisionBody};
use aludel_python::edit::{first_statement, statement_at, StatementSpan};
use aludel_python::writer::{write_ops, WriteOptions, WrittenBody};

use super::reviewing::{Kept, Reviewed};
use crate::commands::revision::write_follow_up;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Applies the fixes; returns one line per change made, for the report.
pub fn apply(
    project: &Project,
    reviewed: &Reviewed,
    targets: &[Target],
    json: bool,
    out: &mut Output,
) -> CmdResult<Vec<String>> {
    let fixable: Vec<&Finding> = reviewed.findings.iter().filter(|f| f.fixable).collect();
    if fixable.is_empty() {
        return Ok(Vec::new());
    }
    let [target] = targets else {
        return Err(CommandFailed::new(
            "--fix writes SQL for one database, and this review is for several",
        )
        .with_detail(
            "give --dialect postgresql (or mysql, mariadb, sqlite), or configure the database URL",
        ));
    };
    let mut lines = Vec::new();
    let mut by_revision: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for finding in fixable {
        if let Some(at) = reviewed
            .kept
            .iter()
            .position(|k| project.graph.node(k.revision).id() == finding.revision)
        {
            by_revision.entry(at).or_default().push(finding);
        }
    }
    for (at, findings) in by_revision {
        let kept = &reviewed.kept[at];
        lines.extend(fix_revision(
            project,
            kept,
            &findings,
            *target,
            reviewed.lock_timeout_missing,
            json,
            out,
        )?);
    }
    Ok(lines)
}

/// One text replacement in a file.
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

fn fix_revision(
    project: &Project,
    kept: &Kept,
    findings: &[&Finding],
    target: Target,
    lock_timeout: bool,
    json: bool,
    out: &mut Output,
) -> CmdResult<Vec<String>> {
    let node = project.graph.node(kept.revision);
    let path = &node.rev.path;
    let mut lines = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    let mut follow_ups = Vec::new();
    let mut replaced = Vec::new();
    let mut prepended = false;
    for finding in findings {
        let Some(located) = kept.ops.get(finding.op_index) else {
            continue;
        };
        let mut state = kept.before.clone();
        for earlier in &kept.ops[..finding.op_index] {
            let _ = aludel_core::replay::apply(&mut state, &earlier.op);
        }
        let Some(fix) = plan(finding, &located.op, &state, target) else {
            continue;
        };
        let where_ = format!("{}:{}:{}", finding.path, finding.line, finding.column);
        if !fix.follow_ups.is_empty() && !node.is_head() {
            lines.push(format!(
                "Not fixed {} at {where_}: its fix adds revisions after {}, which is not a head",
                finding.code,
                node.id()
            ));
            continue;
        }
        if let Some(ops) = &fix.replace {
            if replaced.contains(&finding.op_index) {
                continue;
            }
            let shared = kept
                .ops
                .iter()
                .filter(|o| o.line == located.line && o.column == located.column)
                .count();
            let Some(span) = (shared == 1)
                .then(|| statement_at(&kept.source, "upgrade", located.line, located.column))
                .flatten()
            else {
                lines.push(format!(
                    "Not fixed {} at {where_}: the operation is not a statement of its own (a loop or a helper writes it); rewrite it by hand",
                    finding.code
                ));
                continue;
            };
            edits.push(Edit {
                start: span.start,
                end: span.end,
                text: python(ops, &span)?,
            });
            replaced.push(finding.op_index);
        }
        if !fix.prepend.is_empty() && !prepended {
            if let Some(first) = first_statement(&kept.source, "upgrade") {
                let text = python(&fix.prepend, &first)?;
                edits.push(Edit {
                    start: first.start,
                    end: first.start,
                    text: format!("{text}\n{}", first.indent),
                });
                prepended = true;
            }
        }
        if let Some(edit) = downgrade_edit(project, kept, &fix, target)? {
            edits.push(edit);
        }
        lines.push(format!(
            "Fixed {} {} at {where_}",
            finding.code, finding.rule
        ));
        for note in &fix.notes {
            lines.push(format!("  note: {note}"));
        }
        follow_ups.extend(fix.follow_ups);
    }
    if !edits.is_empty() {
        edits.sort_by_key(|e| std::cmp::Reverse(e.start));
        let mut text = kept.source.clone();
        for edit in &edits {
            text.replace_range(edit.start..edit.end, &edit.text);
        }
        std::fs::write(path, text).map_err(|e| {
            CommandFailed::new(format!("cannot write the fixed revision {path}: {e}"))
        })?;
    }
    let mut parent = node.id().to_string();
    let mut project_now = None;
    for follow in follow_ups {
        let current = match project_now.take() {
            Some(p) => p,
            None => Project::from_config(project.config.clone(), out)?,
        };
        let mut upgrade = follow.upgrade;
        if lock_timeout && upgrade.iter().any(|op| !matches!(op, Op::Autocommit(_))) {
            upgrade.insert(0, aludel_lint::fix::lock_timeout_op(target));
        }
        let up = body_with_comment(&upgrade, follow.comment.as_deref())?;
        let down = written(&follow.downgrade)?;
        // With JSON on standard output, Alembic's "Generating ..." lines
        // would break the document; the report lists the revisions.
        let mut quiet;
        let writer_out = if json {
            quiet = Output::to_writers(
                true,
                false,
                Box::new(std::io::sink()),
                Box::new(std::io::stderr()),
            );
            &mut quiet
        } else {
            &mut *out
        };
        let (id, _path) =
            write_follow_up(&current, &parent, &follow.message, up, down, writer_out)?;
        lines.push(format!(
            "Added revision {id} ({}) after {parent}",
            follow.message
        ));
        parent = id;
        project_now = Some(Project::from_config(project.config.clone(), out)?);
    }
    Ok(lines)
}

/// The downgrade statement the plan swaps, if it has one and it is found.
fn downgrade_edit(
    project: &Project,
    kept: &Kept,
    fix: &FixPlan,
    target: Target,
) -> CmdResult<Option<Edit>> {
    let Some(edit) = &fix.downgrade else {
        return Ok(None);
    };
    let node = project.graph.node(kept.revision);
    let Ok(body) = RevisionBody::parse(std::path::Path::new(&node.rev.path), &kept.source) else {
        return Ok(None);
    };
    let context = BodyContext {
        dialect: target.kind(),
        mariadb: target == Target::Mariadb,
        offline: false,
        sqlalchemy_20: false,
    };
    let Ok(ops) = body.evaluate("downgrade", &context) else {
        return Ok(None);
    };
    let Some(found) = ops.iter().find(|l| same_rename(&l.op, &edit.find)) else {
        return Ok(None);
    };
    let Some(span) = statement_at(&kept.source, "downgrade", found.line, found.column) else {
        return Ok(None);
    };
    Ok(Some(Edit {
        start: span.start,
        end: span.end,
        text: python(&edit.replace, &span)?,
    }))
}

/// The same column rename, whatever `existing_*` arguments it carries.
fn same_rename(op: &Op, wanted: &Op) -> bool {
    match (op, wanted) {
        (Op::AlterColumn(a), Op::AlterColumn(b)) => {
            a.table == b.table
                && a.schema == b.schema
                && a.column == b.column
                && a.new_column_name == b.new_column_name
        }
        _ => op == wanted,
    }
}

/// Operations as Python statements at a statement's place: the first line
/// goes where the statement starts, the others get its indentation.
fn python(ops: &[Op], at: &StatementSpan) -> CmdResult<String> {
    let body = written(ops)?;
    let lines: Vec<&str> = body.text.lines().collect();
    let inner = &lines[1..lines.len().saturating_sub(1)];
    let mut lines: Vec<String> = inner
        .iter()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .enumerate()
        .map(|(i, line)| match (i, line.is_empty()) {
            (0, _) | (_, true) => line.to_string(),
            _ => format!("{}{line}", at.indent),
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Ok(lines.join("\n"))
}

fn written(ops: &[Op]) -> CmdResult<WrittenBody> {
    write_ops(ops, &WriteOptions::default())
        .map_err(|e| CommandFailed::new(format!("cannot write the fix as Python: {e}")))
}

/// A body with a comment line above its operations.
fn body_with_comment(ops: &[Op], comment: Option<&str>) -> CmdResult<WrittenBody> {
    let mut body = written(ops)?;
    if let Some(comment) = comment {
        let mut lines: Vec<String> = body.text.lines().map(str::to_string).collect();
        lines.insert(1, format!("    # {comment}"));
        body.text = lines.join("\n") + "\n";
    }
    Ok(body)
}
