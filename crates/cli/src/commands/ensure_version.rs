//! `aludel ensure_version`: create the version table if it is missing
//! (online), or print its `CREATE TABLE` (`--sql`).

use crate::args::SqlArg;
use crate::config::Config;
use crate::error::CmdResult;
use crate::output::Output;
use crate::runner::{RunLimits, Runner};

/// Runs `ensure_version`.
pub fn run(config: &Config, args: &SqlArg, out: &mut Output) -> CmdResult {
    let mut runner = Runner::start(config, args.sql, RunLimits::resolve(None, config), out)?;
    match runner.ensure_version_table() {
        Ok(()) => runner.finish(),
        Err(failed) => Err(runner.fail(failed)),
    }
}
