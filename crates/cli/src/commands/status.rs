//! `aludel status`: where the database is, what is pending, and what is
//! wrong — a version row whose revision file is gone, an applied revision
//! whose file changed since it ran (with `record_revisions`, from the
//! checksums in `aludel_revisions`). Beyond Alembic. Exits 1 when there is
//! a problem, so that a deploy job can stop on it.

use std::collections::BTreeSet;

use aludel_db::dialect::DialectInfo;
use aludel_db::revision_log::{self, Recorded};
use serde_json::{json, Value};

use crate::commands::migrate::checksum;
use crate::database::Database;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Exit status when a problem is found.
pub const EXIT_PROBLEMS: u8 = 1;

/// One thing wrong, with what to do about it.
struct Problem {
    kind: &'static str,
    revision: String,
    message: String,
    fix: String,
}

/// Runs `status`.
pub fn run(project: &Project, out: &mut Output) -> CmdResult {
    crate::multidb::each_or_one(project, out, |config, out| run_one(project, config, out))
}

fn run_one(project: &Project, config: &crate::config::Config, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let mut db = Database::open_existing(config, out)?;
    let rows = db.current_heads()?;
    let info = DialectInfo::of(&db.url);
    let log_table = revision_log::table_for(&db.version_table);
    let log_exists = db.conn.has_version_table(&log_table)?;
    let records = revision_log::read(db.conn.as_mut(), info, &log_table)?;

    let mut problems = Vec::new();
    let mut known = Vec::new();
    for row in &rows {
        if graph.by_id(row).is_some() {
            known.push(row.clone());
        } else {
            problems.push(Problem {
                kind: "unknown_revision",
                revision: row.clone(),
                message: format!(
                    "the version table names revision '{row}', and no revision file has that id"
                ),
                fix: "put the revision file back (from version control), or, if the schema is at another revision, `aludel stamp REVISION --purge` to say which".to_string(),
            });
        }
    }
    let applied = applied_revisions(project, &known)?;
    let pending: Vec<String> = if problems.is_empty() {
        graph
            .upgrade_plan("heads", &known)?
            .steps
            .iter()
            .filter(|s| s.upgrade)
            .map(|s| graph.node(s.revision).id().to_string())
            .collect()
    } else {
        Vec::new()
    };
    check_records(project, &applied, &records, &mut problems);
    let unrecorded = applied
        .iter()
        .filter(|id| !records.iter().any(|r| &r.revision == *id))
        .count();

    if out.json_mode() {
        out.json(&report_json(
            &db, &rows, project, &pending, &problems, log_exists, unrecorded,
        ));
    } else {
        print_report(
            &db, &rows, project, &pending, &problems, log_exists, unrecorded, out,
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CommandFailed::reported(EXIT_PROBLEMS))
    }
}

/// Every revision the rows stand for: theirs and their ancestors'.
fn applied_revisions(project: &Project, rows: &[String]) -> CmdResult<BTreeSet<String>> {
    let graph = &project.graph;
    let mut applied = BTreeSet::new();
    for row in rows {
        // the plan from nothing to a row is the row and its ancestors
        for step in graph.upgrade_plan(row, &[])?.steps {
            applied.insert(graph.node(step.revision).id().to_string());
        }
    }
    Ok(applied)
}

/// Applied revisions whose file's checksum is not the recorded one, and
/// records of revisions that have no file any more.
fn check_records(
    project: &Project,
    applied: &BTreeSet<String>,
    records: &[Recorded],
    problems: &mut Vec<Problem>,
) {
    let graph = &project.graph;
    for record in records {
        let Some(idx) = graph.by_id(&record.revision) else {
            problems.push(Problem {
                kind: "missing_file",
                revision: record.revision.clone(),
                message: format!(
                    "revision {} was applied on {}, and no revision file has that id any more",
                    record.revision, record.applied_at
                ),
                fix: "put the file back from version control: downgrades and new databases need it"
                    .to_string(),
            });
            continue;
        };
        if !applied.contains(&record.revision) {
            continue;
        }
        let text = project.sources.get(idx).map_or("", String::as_str);
        let now = checksum(text);
        if now != record.checksum {
            let path = crate::commands::migrate::relative_path(project, &graph.node(idx).rev.path);
            problems.push(Problem {
                kind: "changed_file",
                revision: record.revision.clone(),
                message: format!(
                    "revision {} ({path}) changed since it was applied on {}: recorded {}, now {}",
                    record.revision,
                    record.applied_at,
                    short(&record.checksum),
                    short(&now)
                ),
                fix: "an applied revision does not run again: restore the file (your version control shows the change) and put the change in a new revision".to_string(),
            });
        }
    }
}

fn short(checksum: &str) -> &str {
    &checksum[..checksum.len().min(19)]
}

#[allow(clippy::too_many_arguments)]
fn print_report(
    db: &Database,
    rows: &[String],
    project: &Project,
    pending: &[String],
    problems: &[Problem],
    log_exists: bool,
    unrecorded: usize,
    out: &mut Output,
) {
    let graph = &project.graph;
    out.line(&format!("Database: {}", db.url));
    out.line(&format!(
        "Current: {}",
        if rows.is_empty() {
            "no revision (the version table is empty or missing)".to_string()
        } else {
            rows.join(", ")
        }
    ));
    out.line(&format!("Heads: {}", graph.ids(graph.heads()).join(", ")));
    if pending.is_empty() {
        out.line("Pending: none");
    } else {
        out.line(&format!(
            "Pending: {} revision{} ({}); `aludel upgrade heads` applies them",
            pending.len(),
            if pending.len() == 1 { "" } else { "s" },
            pending.join(", ")
        ));
    }
    if !log_exists {
        out.line("Checksums: not recorded (set record_revisions = true in [tool.aludel] to have edited files found)");
    } else if unrecorded > 0 {
        out.line(&format!(
            "Checksums: recorded; {unrecorded} applied revision{} without one (applied by Alembic, or before record_revisions)",
            if unrecorded == 1 { "" } else { "s" }
        ));
    } else {
        out.line("Checksums: recorded for every applied revision");
    }
    if problems.is_empty() {
        out.line("Problems: none");
        return;
    }
    out.line(&format!("Problems ({}):", problems.len()));
    for problem in problems {
        out.line(&format!("  - {}", problem.message));
        out.line(&format!("    fix: {}", problem.fix));
    }
}

fn report_json(
    db: &Database,
    rows: &[String],
    project: &Project,
    pending: &[String],
    problems: &[Problem],
    log_exists: bool,
    unrecorded: usize,
) -> Value {
    let graph = &project.graph;
    json!({
        "command": "status",
        "url": db.url.to_string(),
        "current": rows,
        "heads": graph.ids(graph.heads()),
        "pending": pending,
        "checksums_recorded": log_exists,
        "applied_without_checksum": unrecorded,
        "problems": problems.iter().map(|p| json!({
            "kind": p.kind,
            "revision": p.revision,
            "message": p.message,
            "fix": p.fix,
        })).collect::<Vec<_>>(),
    })
}
