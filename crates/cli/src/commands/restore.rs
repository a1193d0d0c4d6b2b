//! `aludel restore PATH --yes`: the database becomes the backup that
//! `upgrade --backup` took (beyond Alembic, which has no backups).

use aludel_db::backup::restore;

use crate::args::RestoreArgs;
use crate::config::Config;
use crate::database::Database;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;

/// Runs `restore`.
pub fn run(config: &Config, args: &RestoreArgs, out: &mut Output) -> CmdResult {
    let (url, source) = config.require_database_url()?;
    let path = &args.path;
    if !args.yes {
        return Err(CommandFailed::new(format!(
            "restoring {} replaces the database {url}: what changed since the backup is lost",
            path.display()
        ))
        .with_detail(format!("the URL comes from {}", source.source()))
        .with_detail("run again with --yes to do it"));
    }
    restore(&url, path).map_err(|e| {
        CommandFailed::new(format!(
            "restore of {url} from {} failed: {e}",
            path.display()
        ))
    })?;
    let heads = Database::open(config)?.current_heads()?;
    let at = if heads.is_empty() {
        "no revision".to_string()
    } else {
        heads.join(", ")
    };
    out.note(&format!(
        "INFO  [aludel.backup] Restored {url} from {}; its version table is at {at}",
        path.display()
    ));
    Ok(())
}
