//! Projects that migrate several databases, each with its own version
//! table: Alembic's `multidb` template (`databases = engine1, engine2` in
//! the ini, each URL in its own section, revisions with
//! `upgrade_<name>()` functions) and `[tool.aludel.databases]`.
//!
//! With `--sql`, each database's script goes to `NAME.sql` in the current
//! directory, as the template's env.py writes them.
//!
//! Each database runs on its own (up to `--jobs` at once): a failure in one
//! leaves the others done — unlike Alembic's template env.py, which rolls
//! every database back when one fails. Each database's lines are printed
//! together, in the configured order, after `Migrating database NAME`, as
//! the template's env.py logs it.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::config::{Config, NamedDatabase};
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// At most this many databases at once unless `--jobs` says otherwise.
const DEFAULT_JOBS: usize = 4;

/// A writer into a shared buffer, so that a worker thread's output can be
/// printed by the main thread afterwards.
#[derive(Clone, Default)]
pub(crate) struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("output buffer poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// What was written so far.
    pub(crate) fn text(&self) -> String {
        self.0
            .lock()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }

    /// What was written since the last take, emptying the buffer.
    pub(crate) fn take(&self) -> String {
        self.0
            .lock()
            .map(|mut bytes| String::from_utf8_lossy(&std::mem::take(&mut *bytes)).into_owned())
            .unwrap_or_default()
    }
}

/// What one database's run left.
struct Finished {
    name: String,
    stdout: String,
    stderr: String,
    result: CmdResult,
}

/// Runs `command` on the project's database, or on each of its databases
/// when it has several (all of them, as many at once as [`run_each`]'s
/// default).
pub fn each_or_one(
    project: &Project,
    out: &mut Output,
    command: impl Fn(&Config, &mut Output) -> CmdResult + Sync,
) -> CmdResult {
    let databases = project.config.databases()?;
    if databases.is_empty() {
        return command(&project.config, out);
    }
    run_each(project, &databases, &[], None, false, out, command)
}

/// Runs `command` for each of `databases` (or those `only` names), up to
/// `jobs` at once, then prints each one's output in order; fails when any
/// failed, naming them.
pub fn run_each(
    project: &Project,
    databases: &[NamedDatabase],
    only: &[String],
    jobs: Option<usize>,
    sql_files: bool,
    out: &mut Output,
    command: impl Fn(&Config, &mut Output) -> CmdResult + Sync,
) -> CmdResult {
    let selected = select(databases, only)?;
    let jobs = jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(DEFAULT_JOBS)
        })
        .clamp(1, selected.len().max(1));
    let json = out.json_mode();
    let quiet = out.quiet();
    let levels = out.log_levels().clone();
    let next = Mutex::new(0usize);
    let finished: Mutex<Vec<Option<Finished>>> =
        Mutex::new((0..selected.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let index = {
                    let Ok(mut next) = next.lock() else { return };
                    let index = *next;
                    *next += 1;
                    index
                };
                let Some(database) = selected.get(index) else {
                    return;
                };
                let stdout = Captured::default();
                let stderr = Captured::default();
                let mut buffered = Output::to_writers(
                    quiet,
                    json,
                    Box::new(stdout.clone()),
                    Box::new(stderr.clone()),
                );
                buffered.set_log_levels(levels.clone());
                buffered.info(
                    "alembic.env",
                    &format!("Migrating database {}", database.name),
                );
                if sql_files {
                    buffered.info(
                        "alembic.env",
                        &format!("Writing output to {}.sql", database.name),
                    );
                }
                let config = project.config.for_database(database);
                let result = command(&config, &mut buffered);
                drop(buffered);
                if let Ok(mut finished) = finished.lock() {
                    finished[index] = Some(Finished {
                        name: database.name.clone(),
                        stdout: stdout.text(),
                        stderr: stderr.text(),
                        result,
                    });
                }
            });
        }
    });
    let finished = finished.into_inner().unwrap_or_default();
    let mut failed: Vec<(String, CommandFailed)> = Vec::new();
    let mut reports: Vec<Value> = Vec::new();
    for done in finished.into_iter().flatten() {
        out.note(done.stderr.trim_end_matches('\n'));
        if json {
            let report = serde_json::from_str::<Value>(&done.stdout).unwrap_or(Value::Null);
            reports.push(serde_json::json!({
                "database": done.name,
                "ok": done.result.is_ok(),
                "report": report,
                "error": done.result.as_ref().err().map(|f| f.message.clone()),
            }));
        } else if sql_files && done.result.is_ok() {
            // as the multidb template's env.py: one script per database
            let file = format!("{}.sql", done.name);
            if let Err(e) = std::fs::write(&file, &done.stdout) {
                failed.push((
                    done.name.clone(),
                    CommandFailed::new(format!("cannot write {file}: {e}")),
                ));
            }
        } else {
            out.script(&done.stdout);
        }
        if let Err(failure) = done.result {
            out.note(&format!(
                "ERROR [aludel.multidb] {}: {}",
                done.name, failure.message
            ));
            for detail in &failure.details {
                out.note(&format!("  {detail}"));
            }
            failed.push((done.name, failure));
        }
    }
    if json {
        out.json(&serde_json::json!({ "databases": reports }));
    }
    if failed.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = failed.iter().map(|(name, _)| name.as_str()).collect();
    let mut failure = CommandFailed::new(format!(
        "{} of {} databases failed: {}",
        failed.len(),
        selected.len(),
        names.join(", ")
    ));
    for (name, f) in &failed {
        failure = failure.with_detail(format!("{name}: {}", f.message));
    }
    Err(failure
        .with_detail("the other databases completed; run again after fixing the failed ones"))
}

/// The databases `only` names (all when empty); an unknown name is an
/// error that lists the known ones.
fn select<'a>(
    databases: &'a [NamedDatabase],
    only: &[String],
) -> CmdResult<Vec<&'a NamedDatabase>> {
    if only.is_empty() {
        return Ok(databases.iter().collect());
    }
    only.iter()
        .map(|name| {
            databases.iter().find(|d| &d.name == name).ok_or_else(|| {
                let known: Vec<&str> = databases.iter().map(|d| d.name.as_str()).collect();
                CommandFailed::new(format!("no database named '{name}' in this project"))
                    .with_detail(format!("its databases are {}", known.join(", ")))
            })
        })
        .collect()
}
