//! `aludel lint`: the review of revisions for what breaks a live system or
//! loses data ([`aludel_lint`]), for the project's database (or
//! `--dialect`, or PostgreSQL, MySQL and SQLite when neither says), with
//! `--fix` writing the safe sequence. Beyond Alembic.

mod apply_fix;
mod report;
mod reviewing;

use std::collections::HashSet;

use aludel_core::RevIdx;
use aludel_lint::Target;

use crate::args::LintArgs;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

pub use reviewing::{review_project, Reviewed};

/// Exit status when a finding is reported.
pub const EXIT_FINDINGS: u8 = 1;

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Text,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

/// Runs `lint`.
pub fn run(project: &Project, args: &LintArgs, out: &mut Output) -> CmdResult {
    let format = match args.format.as_str() {
        _ if out.json_mode() => Format::Json,
        "text" => Format::Text,
        "json" => Format::Json,
        "github" => Format::Github,
        other => {
            return Err(CommandFailed::new(format!(
                "unknown --format '{other}': use text, json or github"
            )))
        }
    };
    let targets = targets(project, args.dialect.as_deref())?;
    let only = selected(project, args.range.as_deref(), out)?;
    let mut reviewed = review_project(project, only.as_ref(), &targets, args.fix)?;
    let mut fixed = Vec::new();
    if args.fix {
        fixed = apply_fix::apply(project, &reviewed, &targets, format == Format::Json, out)?;
        if !fixed.is_empty() {
            // What is left: the fixed files and the revisions added after
            // them, reviewed again.
            let again = Project::from_config(project.config.clone(), out)?;
            let only = selected(&again, args.range.as_deref(), out)?.map(|mut set| {
                set.extend(added_after(&again, &set));
                set
            });
            reviewed = review_project(&again, only.as_ref(), &targets, false)?;
        }
    }
    report::print(&reviewed, &fixed, format, out);
    if reviewed.findings.is_empty() {
        Ok(())
    } else {
        Err(CommandFailed::reported(EXIT_FINDINGS))
    }
}

/// The databases to review for: `--dialect`, else the configured URL's,
/// else the three families.
pub fn targets(project: &Project, dialect: Option<&str>) -> CmdResult<Vec<Target>> {
    if let Some(name) = dialect {
        return Target::from_name(name).map(|t| vec![t]).ok_or_else(|| {
            CommandFailed::new(format!(
                "unknown --dialect '{name}': use postgresql, mysql, mariadb or sqlite"
            ))
        });
    }
    let setting = project
        .config
        .database_url()
        .map_err(CommandFailed::from_display)?;
    match setting {
        Some(setting) => {
            let url = setting.parse().map_err(CommandFailed::from_display)?;
            let kind = aludel_db::dialect::DialectInfo::of(&url).kind();
            Ok(vec![Target::of(kind, url.is_mariadb())])
        }
        None => Ok(vec![Target::Postgresql, Target::Mysql, Target::Sqlite]),
    }
}

/// The descendants of the selected revisions (what `--fix` added after them).
fn added_after(project: &Project, selected: &HashSet<RevIdx>) -> Vec<RevIdx> {
    let graph = &project.graph;
    let mut seen: HashSet<RevIdx> = selected.clone();
    let mut stack: Vec<RevIdx> = selected.iter().copied().collect();
    let mut found = Vec::new();
    while let Some(idx) = stack.pop() {
        for &child in graph.children(idx) {
            if seen.insert(child) {
                found.push(child);
                stack.push(child);
            }
        }
    }
    found
}

/// The revisions a `REV` or `A:B` argument names (`None`: all of them).
fn selected(
    project: &Project,
    range: Option<&str>,
    out: &mut Output,
) -> CmdResult<Option<HashSet<RevIdx>>> {
    let Some(range) = range else {
        return Ok(None);
    };
    let graph = &project.graph;
    if let Some((base, head)) = range.split_once(':') {
        let base = if base.is_empty() { "base" } else { base };
        let head = if head.is_empty() { "heads" } else { head };
        let order = graph.walk_range(
            aludel_core::RangeEnd::Text(base),
            aludel_core::RangeEnd::Text(head),
        )?;
        return Ok(Some(order.into_iter().collect()));
    }
    let revisions = super::target_revisions(project, range, out)?.unwrap_or_default();
    Ok(Some(revisions.into_iter().collect()))
}
