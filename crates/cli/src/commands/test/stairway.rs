//! The stairway on one worker's run of consecutive revisions: each revision
//! upgrades, downgrades and upgrades again, and the schema is read after
//! every step — the downgrade must give back the schema from before the
//! upgrade, the second upgrade the schema of the first. With `--data` a row
//! is seeded into every table before the upgrade and counted after it.
//!
//! A failure ends the runner's session (its transaction rolled back);
//! where the database may be left between two states (a downgrade that ran
//! half on MySQL, an upgrade again that failed) the worker starts over on a
//! fresh database brought to the revision by plain upgrades, so that the
//! revisions after a bad downgrade are still tested. A first upgrade that
//! fails ends the run: every later revision starts from its schema.

use std::ops::Range;
use std::time::Instant;

use aludel_core::schema::Table;
use aludel_core::{Step, VersionRows};
use aludel_db::scratch::ScratchDb;

use crate::error::CommandFailed;
use crate::multidb::Captured;
use crate::runner::Runner;

use super::context::Context;
use super::interrupt;
use super::outcome::{Check, RevisionResult, Status};
use super::schemas::{differences, read, Reading};
use super::seed::{count_rows, seed, TableKey};
use super::session::{self, failure_status, fresh_at, quiet_output, rolls_back, seconds};

/// Every check of a revision, in order.
const CHECKS: [Check; 5] = [
    Check::Upgrade,
    Check::Data,
    Check::Downgrade,
    Check::SchemaRestored,
    Check::UpgradeAgain,
];

/// A runner failure the worker records once the session has rolled back.
struct Pending {
    check: Check,
    failed: CommandFailed,
    /// Why the checks after it did not run.
    skip: &'static str,
}

/// What the worker does after a revision.
enum Next {
    /// On to the next revision in the same session.
    Continue,
    /// The session failed but its rollback left the revision applied: a
    /// new session, on to the next revision.
    Reconnect(Pending),
    /// The database's state is unknown: a fresh database at this revision.
    Rebuild(Option<Pending>),
    /// The revision does not upgrade: nothing after it can be tested.
    Stop(Option<Pending>),
}

/// Tests the tested revisions `chunk` (indices into the selection), starting
/// from `start`: a database at the schema before the first of them, or why
/// there is none.
pub fn run_chunk(
    ctx: &Context<'_>,
    chunk: Range<usize>,
    start: Result<ScratchDb, String>,
) -> Vec<RevisionResult> {
    let mut results: Vec<RevisionResult> = chunk.clone().map(|i| ctx.result_for(i)).collect();
    let mut db = match start {
        Ok(db) => db,
        Err(reason) => {
            for r in &mut results {
                r.skip_rest(&checks(ctx), &reason);
            }
            return results;
        }
    };
    let capture = Captured::default();
    let mut out = quiet_output(&capture);
    let mut pos = chunk.start;
    let mut before: Option<Reading> = None;
    'sessions: while pos < chunk.end {
        let (mut runner, mut rows) = match session::start(ctx, &db, &mut out) {
            Ok(started) => started,
            Err(failed) => {
                let reason = format!("not run: {}", failed.message);
                for r in &mut results[pos - chunk.start..] {
                    r.skip_rest(&checks(ctx), &reason);
                }
                break;
            }
        };
        while pos < chunk.end {
            if interrupt::interrupted() {
                for r in &mut results[pos - chunk.start..] {
                    r.skip_rest(&checks(ctx), interrupt::REASON);
                }
                break;
            }
            let result = &mut results[pos - chunk.start];
            let next = revision(
                ctx,
                &mut runner,
                &mut rows,
                pos,
                &mut before,
                result,
                &capture,
            );
            let record =
                |pending: Option<Pending>, runner: Runner<'_>, result: &mut RevisionResult| {
                    match pending {
                        Some(p) => {
                            // what the runner adds on failing (which version row
                            // stayed) is about the scratch database, not the revision
                            let reported = p.failed.clone();
                            let _ = runner.fail(p.failed);
                            result.push(p.check, failure_status(reported, capture.take()), 0.0);
                            result.skip_rest(&checks(ctx), p.skip);
                        }
                        None => {
                            let _ = runner.finish();
                        }
                    }
                };
            match next {
                Next::Continue => pos += 1,
                Next::Reconnect(p) => {
                    record(Some(p), runner, result);
                    pos += 1;
                    continue 'sessions;
                }
                Next::Rebuild(p) => {
                    record(p, runner, result);
                    let upto = ctx.selection.prefix.len() + pos + 1;
                    pos += 1;
                    match fresh_at(ctx, upto) {
                        Ok(fresh) => db = fresh,
                        Err(reason) => {
                            for r in &mut results[pos - chunk.start..] {
                                r.skip_rest(&checks(ctx), &reason);
                            }
                            break 'sessions;
                        }
                    }
                    continue 'sessions;
                }
                Next::Stop(p) => {
                    record(p, runner, result);
                    let reason = ctx.blocked_by(ctx.selection.tested[pos], None);
                    for r in &mut results[pos + 1 - chunk.start..] {
                        r.skip_rest(&checks(ctx), &reason);
                    }
                    break 'sessions;
                }
            }
        }
        let _ = runner.finish();
        break;
    }
    results
}

/// The checks a run makes of each revision.
fn checks(ctx: &Context<'_>) -> Vec<Check> {
    CHECKS
        .iter()
        .copied()
        .filter(|c| ctx.data || *c != Check::Data)
        .collect()
}

/// The stairway of the tested revision at `pos`; `before` is the schema
/// before it (read now when unknown) and becomes the schema after it.
fn revision(
    ctx: &Context<'_>,
    runner: &mut Runner<'_>,
    rows: &mut VersionRows,
    pos: usize,
    before: &mut Option<Reading>,
    result: &mut RevisionResult,
    capture: &Captured,
) -> Next {
    let index = ctx.selection.prefix.len() + pos;
    let up = ctx.all_steps[index];
    let down = Step {
        revision: up.revision,
        upgrade: false,
    };
    let dialect = runner.renderer();
    let Some(conn) = runner.connection() else {
        return Next::Stop(None);
    };
    let start_reading = match before.take() {
        Some(reading) => reading,
        None => match read(conn, &ctx.version_table) {
            Ok(reading) => reading,
            Err(e) => {
                return Next::Stop(Some(Pending {
                    check: Check::Upgrade,
                    failed: CommandFailed::from(e)
                        .with_detail("while reading the schema before upgrade()"),
                    skip: "not run: the schema could not be read",
                }))
            }
        },
    };

    // --data: one row more in every table, counted
    let mut counted: Vec<TableKey> = Vec::new();
    let mut counts_before = Vec::new();
    if ctx.data {
        let tables: Vec<&Table> = start_reading.schema.tables().collect();
        result
            .notes
            .extend(seed(conn, dialect, &tables, pos as u32));
        counted = tables
            .iter()
            .map(|t| (t.schema.clone(), t.name.clone()))
            .collect();
        match count_rows(conn, dialect, &counted) {
            Ok(counts) => counts_before = counts,
            Err(e) => {
                result
                    .notes
                    .push(format!("--data could not count the rows: {e}"));
                counted.clear();
            }
        }
    }

    // upgrade
    let up_ops = match &ctx.up_ops[index] {
        Ok(ops) => ops,
        Err(failed) => {
            result.push(
                Check::Upgrade,
                Status::fail(failed.message.clone(), failed.details.clone()),
                0.0,
            );
            result.skip_rest(&checks(ctx), "not run: upgrade() cannot run");
            return Next::Stop(None);
        }
    };
    capture.take();
    let started = Instant::now();
    if let Err(failed) = session::step(ctx, runner, rows, up, up_ops) {
        return Next::Stop(Some(Pending {
            check: Check::Upgrade,
            failed,
            skip: "not run: upgrade() fails",
        }));
    }
    let Some(conn) = runner.connection() else {
        return Next::Stop(None);
    };
    let after_up = match read(conn, &ctx.version_table) {
        Ok(reading) => reading,
        Err(e) => {
            return Next::Stop(Some(Pending {
                check: Check::Upgrade,
                failed: CommandFailed::from(e)
                    .with_detail("while reading the schema after upgrade()"),
                skip: "not run: the schema could not be read",
            }))
        }
    };
    result.push(Check::Upgrade, Status::Pass, seconds(started.elapsed()));

    if ctx.data {
        let started = Instant::now();
        let status = data_status(ctx, conn, dialect, up, &counted, &counts_before, &after_up);
        result.push(Check::Data, status, seconds(started.elapsed()));
    }

    // downgrade
    let down_ops = match &ctx.down_ops[pos] {
        Ok(ops) => ops,
        Err(failed) => {
            result.push(
                Check::Downgrade,
                Status::fail(failed.message.clone(), failed.details.clone()),
                0.0,
            );
            result.skip_rest(&checks(ctx), "not run: downgrade() cannot run");
            *before = Some(after_up);
            return Next::Continue;
        }
    };
    capture.take();
    let started = Instant::now();
    if let Err(failed) = session::step(ctx, runner, rows, down, down_ops) {
        let pending = Pending {
            check: Check::Downgrade,
            failed,
            skip: "not run: downgrade() fails",
        };
        let undone = rolls_back(ctx, down_ops);
        *before = Some(after_up);
        return if undone {
            Next::Reconnect(pending)
        } else {
            Next::Rebuild(Some(pending))
        };
    }
    result.push(Check::Downgrade, Status::Pass, seconds(started.elapsed()));
    let started = Instant::now();
    let Some(conn) = runner.connection() else {
        return Next::Stop(None);
    };
    let after_down = match read(conn, &ctx.version_table) {
        Ok(reading) => reading,
        Err(e) => {
            *before = Some(after_up);
            return Next::Rebuild(Some(Pending {
                check: Check::SchemaRestored,
                failed: CommandFailed::from(e)
                    .with_detail("while reading the schema after downgrade()"),
                skip: "not run: the schema could not be read",
            }));
        }
    };
    let left = differences(
        &start_reading,
        &after_down,
        dialect,
        ctx.convention.as_ref(),
    );
    let status = if left.is_empty() {
        Status::Pass
    } else {
        let mut details = vec![format!(
            "in downgrade() of revision {} at {}",
            result.revision,
            ctx.place_of(up, "downgrade")
        )];
        details.extend(left.iter().map(|l| format!("- {l}")));
        details.push(
            "make downgrade() undo everything upgrade() does (drop what it creates, restore what it drops or changes)"
                .to_string(),
        );
        Status::fail(
            format!(
                "downgrade() does not restore the schema: {}{}",
                left[0],
                more(left.len())
            ),
            details,
        )
    };
    result.push(Check::SchemaRestored, status, seconds(started.elapsed()));

    // upgrade again
    capture.take();
    let started = Instant::now();
    if let Err(failed) = session::step(ctx, runner, rows, up, up_ops) {
        *before = Some(after_up);
        return Next::Rebuild(Some(Pending {
            check: Check::UpgradeAgain,
            failed: failed.with_detail(
                "upgrade() ran once from the schema before it; after downgrade() it fails: the downgrade leaves something the upgrade makes again",
            ),
            skip: "not run",
        }));
    }
    let Some(conn) = runner.connection() else {
        return Next::Stop(None);
    };
    let again = match read(conn, &ctx.version_table) {
        Ok(reading) => reading,
        Err(e) => {
            *before = Some(after_up);
            return Next::Rebuild(Some(Pending {
                check: Check::UpgradeAgain,
                failed: CommandFailed::from(e)
                    .with_detail("while reading the schema after upgrade() again"),
                skip: "not run",
            }));
        }
    };
    let changed = differences(&after_up, &again, dialect, ctx.convention.as_ref());
    let rebuild = !changed.is_empty();
    let status = if changed.is_empty() {
        Status::Pass
    } else {
        let mut details = vec![format!(
            "in downgrade() of revision {} at {}",
            result.revision,
            ctx.place_of(up, "downgrade")
        )];
        details.extend(changed.iter().map(|l| format!("- {l}")));
        Status::fail(
            format!(
                "upgrade() after downgrade() builds another schema than the first time: {}{}",
                changed[0],
                more(changed.len())
            ),
            details,
        )
    };
    result.push(Check::UpgradeAgain, status, seconds(started.elapsed()));
    *before = Some(after_up);
    if rebuild {
        Next::Rebuild(None)
    } else {
        Next::Continue
    }
}

/// `--data`: every table that was there before the upgrade and still is
/// must have at least the rows it had.
fn data_status(
    ctx: &Context<'_>,
    conn: &mut dyn aludel_db::driver::Connection,
    dialect: &dyn aludel_core::dialect::Dialect,
    up: Step,
    counted: &[TableKey],
    counts_before: &[u64],
    after_up: &Reading,
) -> Status {
    let kept: Vec<(usize, TableKey)> = counted
        .iter()
        .enumerate()
        .filter(|(_, (s, t))| after_up.schema.get(s.as_deref(), t).is_some())
        .map(|(i, k)| (i, k.clone()))
        .collect();
    let keys: Vec<TableKey> = kept.iter().map(|(_, k)| k.clone()).collect();
    let counts_after = match count_rows(conn, dialect, &keys) {
        Ok(c) => c,
        Err(e) => {
            return Status::fail("cannot count the rows after upgrade()", vec![e.to_string()])
        }
    };
    let lost: Vec<String> = kept
        .iter()
        .zip(&counts_after)
        .filter_map(|((i, (schema, table)), &after)| {
            let had = counts_before.get(*i).copied().unwrap_or(0);
            (after < had).then(|| {
                let name = match schema {
                    Some(s) => format!("{s}.{table}"),
                    None => table.clone(),
                };
                format!(
                    "table {name} had {had} row{} before upgrade(), {after} after",
                    if had == 1 { "" } else { "s" }
                )
            })
        })
        .collect();
    if lost.is_empty() {
        return Status::Pass;
    }
    let (id, _) = ctx.label(up);
    let mut details = vec![format!(
        "in upgrade() of revision {id} at {}",
        ctx.place_of(up, "upgrade")
    )];
    details.extend(lost.iter().map(|l| format!("- {l}")));
    details.push("a table rebuilt without copying its rows, a DELETE, or a dropped and recreated table loses the data of a live database: copy the rows over (INSERT ... SELECT) or leave them in place".to_string());
    Status::fail(
        format!("upgrade() loses rows: {}{}", lost[0], more(lost.len())),
        details,
    )
}

/// ` (and N more)` for lists shown by their first item.
fn more(count: usize) -> String {
    match count {
        0 | 1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    }
}
