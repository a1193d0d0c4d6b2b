//! `aludel test`: the stairway test, built in. On scratch databases that
//! aludel creates beside the configured one and drops afterwards (a
//! temporary SQLite file; `CREATE DATABASE` on the configured PostgreSQL
//! or MySQL server), it checks that
//!
//! - the history has a single head;
//! - every revision, in upgrade order, upgrades, downgrades and upgrades
//!   again, the downgrade giving back exactly the schema from before the
//!   upgrade (tables, columns, keys, indexes, PostgreSQL enum types and
//!   schemas) and the second upgrade the schema of the first;
//! - with `--data`, rows seeded into every table before a revision are
//!   still there after it, unless it drops the table;
//! - the schema at the heads is the models' (as `aludel check` compares),
//!   when the project has models.
//!
//! The revisions are cut into consecutive runs, one per worker (`--jobs`),
//! each on its own database; a builder takes one database through the plain
//! upgrades and hands each later worker a copy at its first revision
//! (PostgreSQL `CREATE DATABASE ... TEMPLATE`, a SQLite file copy), then
//! goes on to the heads for the models. MySQL has no cheap copy: there a
//! worker replays the upgrades before its run itself.
//!
//! Modules: [`selection`] (which revisions, cut per worker), [`context`]
//! (what the workers share, bodies evaluated once), [`session`] (steps
//! through the migration runner), [`stairway`] (one worker), [`snapshots`]
//! (the builder), [`schemas`] (reading and comparing schemas), [`seed`]
//! (`--data`), [`outcome`] and [`report`] (text, `--json`, `--junit`),
//! [`interrupt`] (Ctrl-C stops the workers and still drops the databases).

mod context;
mod interrupt;
mod outcome;
mod report;
mod schemas;
mod seed;
mod selection;
mod session;
mod snapshots;
mod stairway;

use std::time::Instant;

use aludel_db::scratch::ScratchDb;

use crate::args::TestArgs;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

use context::Context;
use outcome::{CheckResult, Outcome, Status};
use report::RunInfo;
use snapshots::{Plan, Slots};

/// Exit status when a check failed (errors that stop the test exit 255).
pub const EXIT_TEST_FAILED: u8 = 1;

/// Exit status after Ctrl-C or SIGTERM (the shell's 128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Runs `test`.
pub fn run(project: &Project, args: &TestArgs, out: &mut Output) -> CmdResult {
    let started = Instant::now();
    let _watch = interrupt::Watch::start();
    let config = &project.config;
    let databases = config.databases()?;
    if !databases.is_empty() {
        let names: Vec<&str> = databases.iter().map(|d| d.name.as_str()).collect();
        return Err(CommandFailed::new(format!(
            "aludel test runs on a project with one database; this one migrates several ({})",
            names.join(", ")
        ))
        .with_detail("test each database's history on its own: pass --url with a database of that kind (aludel test runs upgrade() / downgrade())"));
    }
    if args.jobs == Some(0) {
        return Err(CommandFailed::new("--jobs must be at least 1"));
    }
    if project.graph.is_empty() {
        let places: Vec<String> = config
            .version_locations()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        return Err(CommandFailed::new(format!(
            "there is no revision to test in {}",
            places.join(", ")
        ))
        .with_detail(
            "write one with `aludel revision -m \"...\"` (or --autogenerate from the models)",
        ));
    }
    let (url, _) = config.require_database_url()?;
    let selection = selection::select(&project.graph, args.range.as_deref())?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let chunks = selection::chunks(selection.tested.len(), jobs);

    // Fails here, before any work, when no scratch database can be made.
    let first = ScratchDb::create(&url).map_err(|e| {
        CommandFailed::from(e).with_detail(
            "aludel test needs a database server (or a SQLite file) of its own to test on; the configured database is never used",
        )
    })?;
    let models_check = selection.ends_at_heads && crate::compare::has_models(config);
    let ctx = Context::new(project, url.clone(), selection, args.data);

    let mut history = vec![single_head(project)];
    let copyable = ScratchDb::can_copy(url.dialect());
    let prefix = ctx.selection.prefix.len();
    let plan = Plan {
        copies: if copyable {
            chunks
                .iter()
                .enumerate()
                .filter(|(_, c)| prefix + c.start > 0)
                .map(|(k, c)| (k, prefix + c.start))
                .collect()
        } else {
            Vec::new()
        },
        models: models_check,
    };
    let builder_needed = !plan.copies.is_empty() || plan.models;
    let slots = Slots::new(chunks.len());
    let mut first = Some(first);

    let (models, revisions) = std::thread::scope(|scope| {
        let builder = if builder_needed {
            let db = first.take();
            let (ctx, plan, slots) = (&ctx, &plan, &slots);
            Some(scope.spawn(move || match db {
                Some(db) => snapshots::build(ctx, db, plan, slots),
                None => None,
            }))
        } else {
            None
        };
        let mut workers = Vec::with_capacity(chunks.len());
        for (k, chunk) in chunks.iter().enumerate() {
            let own = if k == 0 { first.take() } else { None };
            let (ctx, slots, plan) = (&ctx, &slots, &plan);
            let chunk = chunk.clone();
            workers.push(scope.spawn(move || {
                let steps_before = ctx.selection.prefix.len() + chunk.start;
                let start = if plan.copies.iter().any(|&(slot, _)| slot == k) {
                    slots.take(k)
                } else if steps_before == 0 {
                    match own {
                        Some(db) => Ok(db),
                        None => ScratchDb::create(&ctx.base_url).map_err(|e| e.to_string()),
                    }
                } else {
                    session::fresh_at(ctx, steps_before)
                };
                stairway::run_chunk(ctx, chunk, start)
            }));
        }
        let mut revisions = Vec::new();
        for (k, worker) in workers.into_iter().enumerate() {
            match worker.join() {
                Ok(results) => revisions.extend(results),
                Err(_) => {
                    // a worker that panicked: its revisions are reported, not lost
                    for i in chunks[k].clone() {
                        let mut r = ctx.result_for(i);
                        r.push(
                            outcome::Check::Upgrade,
                            Status::fail(
                                "internal error: the worker testing this revision stopped",
                                Vec::new(),
                            ),
                            0.0,
                        );
                        revisions.push(r);
                    }
                }
            }
        }
        let models = builder.and_then(|b| b.join().ok().flatten());
        (models, revisions)
    });
    drop(first);

    history.push(models.unwrap_or_else(|| CheckResult {
        name: "models",
        status: if models_check {
            Status::fail("internal error: the models were not compared", Vec::new())
        } else if !ctx.selection.ends_at_heads {
            Status::skip("the range ends before the heads, which the models describe")
        } else {
            Status::skip("no models found: name the model modules in [tool.aludel] models, or import them in env.py")
        },
        seconds: 0.0,
    }));
    let outcome = Outcome { history, revisions };
    let info = RunInfo {
        url: url.to_string(),
        dialect: if url.is_mariadb() {
            "mariadb".to_string()
        } else {
            url.dialect().name().to_string()
        },
        range: ctx.selection.range.clone(),
        jobs: chunks.len(),
        data: args.data,
        seconds: started.elapsed().as_secs_f64(),
    };
    if let Some(path) = &args.junit {
        std::fs::write(path, report::junit(&outcome, &info)).map_err(|e| {
            CommandFailed::new(format!(
                "cannot write the JUnit report {}: {e}",
                path.display()
            ))
            .with_detail("check that the directory exists and is writable")
        })?;
    }
    if out.json_mode() {
        out.json(&report::json_document(&outcome, &info));
    } else {
        for line in report::text(&outcome, &info) {
            out.line(&line);
        }
    }
    if interrupt::interrupted() {
        Err(
            CommandFailed::new("interrupted: the revisions left were not tested")
                .with_detail("the scratch databases were dropped")
                .with_exit_status(EXIT_INTERRUPTED),
        )
    } else if outcome.failed() {
        Err(CommandFailed::reported(EXIT_TEST_FAILED))
    } else {
        Ok(())
    }
}

/// One head, or a failure naming them and how to merge them.
fn single_head(project: &Project) -> CheckResult {
    let graph = &project.graph;
    let heads = graph.ids(graph.heads());
    let status = match heads.len() {
        // `run` refuses an empty history: there is at least one head
        1 => Status::Pass,
        n => Status::fail(
            format!("the history has {n} heads: {}", heads.join(", ")),
            vec![
                "two branches were written from the same revision; an upgrade runs both in an order of its choosing".to_string(),
                "merge them: aludel merge heads -m \"merge heads\"".to_string(),
            ],
        ),
    };
    CheckResult {
        name: "single_head",
        status,
        seconds: 0.0,
    }
}
