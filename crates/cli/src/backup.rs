//! `upgrade --backup` / `downgrade --backup` (or `[tool.aludel] backup`):
//! a copy of the database before the run's first statement, in the place
//! asked for or under `.aludel/backups/` beside the config file.

use std::path::{Path, PathBuf};

use aludel_db::backup::{extension, take};
use aludel_db::url::{DatabaseUrl, SqliteTarget};

use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;

/// Takes the backup the command line (`requested`: `Some("")` for
/// `--backup` alone) or the settings ask for; returns where it is.
pub fn before_run(
    config: &Config,
    requested: Option<&Path>,
    out: &mut Output,
) -> CmdResult<Option<PathBuf>> {
    // the setting always names a directory
    let (place, is_dir) = match (requested, config.aludel().backup.as_deref()) {
        (Some(place), _) => (place, false),
        (None, Some(dir)) => (dir, true),
        (None, None) => return Ok(None),
    };
    let (url, _) = config.require_database_url()?;
    let path = backup_path(config, &url, place, is_dir)?;
    let backup = take(&url, &path).map_err(|e| {
        CommandFailed::new(format!("backup of {url} failed: {e}"))
            .with_detail("nothing was migrated; the database is as it was")
    })?;
    out.note(&format!(
        "INFO  [aludel.backup] Backed up {url} to {} ({}, {:.1} s); restore it with: aludel restore {}",
        backup.path.display(),
        size(backup.bytes),
        backup.took.as_secs_f64(),
        backup.path.display()
    ));
    Ok(Some(backup.path))
}

/// The file to write: `place` itself, or a new name in it when it is a
/// directory (or empty: the default directory).
fn backup_path(
    config: &Config,
    url: &DatabaseUrl,
    place: &Path,
    is_dir: bool,
) -> CmdResult<PathBuf> {
    let is_dir = is_dir
        || place.as_os_str().is_empty()
        || place.is_dir()
        || place.to_string_lossy().ends_with(std::path::MAIN_SEPARATOR);
    let path = if place.as_os_str().is_empty() {
        default_dir(config)?.join(file_name(url))
    } else if is_dir {
        place.join(file_name(url))
    } else {
        place.to_path_buf()
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            CommandFailed::new(format!("cannot create {}: {e}", parent.display()))
                .with_detail("nothing was migrated; give another place with --backup PATH")
        })?;
    }
    Ok(path)
}

/// `.aludel/backups/` beside the config file, made with a `.gitignore`
/// that keeps backups out of the repository.
fn default_dir(config: &Config) -> CmdResult<PathBuf> {
    let base = config.here().join(".aludel");
    let dir = base.join("backups");
    std::fs::create_dir_all(&dir).map_err(|e| {
        CommandFailed::new(format!("cannot create {}: {e}", dir.display()))
            .with_detail("nothing was migrated; give another place with --backup PATH")
    })?;
    let ignore = base.join(".gitignore");
    if !ignore.exists() {
        let _ = std::fs::write(
            &ignore,
            "# aludel's backups and state: not for the repository\n*\n",
        );
    }
    Ok(dir)
}

/// `<database>-<UTC time>.<kind>`.
fn file_name(url: &DatabaseUrl) -> String {
    let database = match url.sqlite_target() {
        Some(SqliteTarget::File(path)) => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "sqlite".into()),
        _ => url.database().unwrap_or("database").to_string(),
    };
    let safe: String = database
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{safe}-{}.{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
        extension(url.dialect())
    )
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
