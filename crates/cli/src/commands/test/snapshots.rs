//! The builder: one scratch database taken through the upgrades in order,
//! copied at each worker's starting point (PostgreSQL `CREATE DATABASE ...
//! TEMPLATE`, a SQLite file copy) so that later workers need not replay
//! the history before them, and taken on to the heads, where its schema
//! is compared with the models.

use std::sync::{Condvar, Mutex};
use std::time::Instant;

use aludel_db::scratch::ScratchDb;

use crate::compare;
use crate::multidb::Captured;
use crate::project::Project;

use super::context::Context;
use super::outcome::{CheckResult, Status};
use super::session::{self, quiet_output, seconds};

/// A worker's start: a database at its first revision, or why there is none.
type Start = Result<ScratchDb, String>;

/// Where each worker's start is handed over. Every slot is filled exactly
/// once.
pub struct Slots {
    slots: Vec<(Mutex<Option<Start>>, Condvar)>,
}

impl Slots {
    /// `n` empty slots.
    pub fn new(n: usize) -> Slots {
        Slots {
            slots: (0..n).map(|_| (Mutex::new(None), Condvar::new())).collect(),
        }
    }

    /// Fills slot `k` (a second value for it is dropped).
    pub fn put(&self, k: usize, value: Start) {
        let Some((lock, ready)) = self.slots.get(k) else {
            return;
        };
        if let Ok(mut slot) = lock.lock() {
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        ready.notify_all();
    }

    /// Waits for slot `k` and takes its value.
    pub fn take(&self, k: usize) -> Start {
        let Some((lock, ready)) = self.slots.get(k) else {
            return Err("internal error: no such worker".to_string());
        };
        let Ok(mut slot) = lock.lock() else {
            return Err("internal error: a worker's start was lost".to_string());
        };
        loop {
            if let Some(value) = slot.take() {
                return value;
            }
            slot = match ready.wait(slot) {
                Ok(slot) => slot,
                Err(_) => return Err("internal error: a worker's start was lost".to_string()),
            };
        }
    }
}

/// Fills every slot the builder left empty when it stops, however it
/// stops, so that no worker waits forever.
struct FillOnExit<'s> {
    slots: &'s Slots,
    wanted: Vec<usize>,
}

impl Drop for FillOnExit<'_> {
    fn drop(&mut self) {
        for &k in &self.wanted {
            self.slots.put(
                k,
                Err("not run: the database this worker starts from could not be built".to_string()),
            );
        }
    }
}

/// What the builder is asked for.
pub struct Plan {
    /// (slot, number of upgrades of `Context::all_steps` applied at its
    /// copy), in increasing order of upgrades.
    pub copies: Vec<(usize, usize)>,
    /// Go on to the end and compare the heads with the models.
    pub models: bool,
}

/// Runs the builder on `db` (an empty scratch database); returns the
/// models check when asked for.
pub fn build(ctx: &Context<'_>, db: ScratchDb, plan: &Plan, slots: &Slots) -> Option<CheckResult> {
    let _fill = FillOnExit {
        slots,
        wanted: plan.copies.iter().map(|&(k, _)| k).collect(),
    };
    let started = Instant::now();
    let capture = Captured::default();
    let mut applied = 0;
    let mut blocked: Option<String> = None;
    let mut targets: Vec<(Option<usize>, usize)> =
        plan.copies.iter().map(|&(k, n)| (Some(k), n)).collect();
    if plan.models {
        targets.push((None, ctx.all_steps.len()));
    }
    for (slot, upto) in targets {
        if blocked.is_none() && upto > applied {
            let mut out = quiet_output(&capture);
            blocked = advance(ctx, &db, &mut out, applied, upto).err();
            applied = upto;
        }
        if let Some(k) = slot {
            let value = match &blocked {
                Some(reason) => Err(reason.clone()),
                None => db.copy().map_err(|e| format!("not run: {e}")),
            };
            slots.put(k, value);
        }
    }
    if !plan.models {
        return None;
    }
    let status = match blocked {
        Some(reason) => Status::skip(reason),
        None => models_status(ctx, &db),
    };
    Some(CheckResult {
        name: "models",
        status,
        seconds: seconds(started.elapsed()),
    })
}

/// Applies upgrades `from..to` of the run on `db` in one session, closed
/// afterwards (a database is copied only with no session on it).
fn advance(
    ctx: &Context<'_>,
    db: &ScratchDb,
    out: &mut crate::output::Output,
    from: usize,
    to: usize,
) -> Result<(), String> {
    let (mut runner, mut rows) =
        session::start(ctx, db, out).map_err(|f| format!("not run: {}", f.message))?;
    for index in from..to {
        if super::interrupt::interrupted() {
            let _ = runner.finish();
            return Err(super::interrupt::REASON.to_string());
        }
        let up = ctx.all_steps[index];
        let result = match &ctx.up_ops[index] {
            Ok(ops) => session::step(ctx, &mut runner, &mut rows, up, ops),
            Err(failed) => Err(failed.clone()),
        };
        if let Err(failed) = result {
            let why = failed.message.clone();
            let _ = runner.fail(failed);
            return Err(ctx.blocked_by(up, Some(&why)));
        }
    }
    runner
        .finish()
        .map_err(|f| format!("not run: {}", f.message))
}

/// The schema at the heads against the models, as `aludel check` compares
/// them.
fn models_status(ctx: &Context<'_>, db: &ScratchDb) -> Status {
    let project = Project {
        config: ctx.config_for(db),
        graph: ctx.project.graph.clone(),
        sources: ctx.project.sources.clone(),
    };
    let capture = Captured::default();
    let mut out = quiet_output(&capture);
    match compare::against_database(&project, &mut out) {
        Ok(comparison) if comparison.diff.changes.is_empty() => Status::Pass,
        Ok(comparison) => {
            let changes = &comparison.diff.changes;
            let mut details = vec![
                "the migrations' schema at the heads differs from the models; `aludel revision --autogenerate` would write:"
                    .to_string(),
            ];
            details.extend(changes.iter().map(|c| format!("- {}", c.describe())));
            details.extend(comparison.diff.notes.iter().map(|n| format!("also: {n}")));
            details.push("write a revision for these differences, or change the models to match the migrations".to_string());
            Status::fail(
                format!(
                    "the heads do not match the models: {} difference{}",
                    changes.len(),
                    if changes.len() == 1 { "" } else { "s" }
                ),
                details,
            )
        }
        Err(failed) => Status::fail(failed.message, failed.details),
    }
}
