//! `aludel check`: would `revision --autogenerate` write any operation?
//! As Alembic's `check`, against the live database (which must be at the
//! heads); with `--offline`, or when no database URL is configured, against
//! the schema the revision files build, replayed without a database.
//!
//! Unlike Alembic (which exits 255 for every failure), differences exit
//! with status 1, so that a CI job tells "models and migrations disagree"
//! from "check could not run" (255).

use aludel_core::dialect::{dialect_for_name, Dialect};
use aludel_db::dialect::DialectInfo;
use serde_json::{json, Value};

use crate::args::{CheckArgs, GlobalArgs};
use crate::compare::{self, Against, Comparison};
use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::{self, Project};

/// Exit status when the models and the compared schema differ.
pub const EXIT_DIFFERENCES: u8 = 1;

/// Alembic's line when there is nothing to do.
pub const NO_CHANGES: &str = "No new upgrade operations detected.";

/// Runs `check`.
pub fn run(global: &GlobalArgs, args: &CheckArgs, out: &mut Output) -> CmdResult {
    let config = project::load_config(global, out)?;
    let offline = args.offline || config.database_url()?.is_none();
    if args.dialect.is_some() && !offline {
        return Err(CommandFailed::new(
            "--dialect applies only to check --offline (against a database, the database decides)",
        )
        .with_detail("add --offline to compare with the replayed migrations for that database kind, or leave --dialect out"));
    }
    let dialect = if offline {
        Some(offline_dialect(&config, args.dialect.as_deref())?)
    } else {
        None
    };
    let project = Project::from_config(config, out)?;
    let comparison = match dialect {
        Some(dialect) => compare::against_migrations(&project, dialect)?,
        None => compare::against_database(&project, out)?,
    };
    comparison.log(out);
    if out.json_mode() {
        out.json(&report_json(&comparison));
        return if comparison.diff.is_empty() {
            Ok(())
        } else {
            Err(CommandFailed::reported(EXIT_DIFFERENCES))
        };
    }
    if let Against::Migrations { revisions, heads } = &comparison.against {
        out.line(&format!(
            "Compared the models with the schema replayed from the migrations ({revisions} revision{} up to {}, {}; no database).",
            if *revisions == 1 { "" } else { "s" },
            if heads.is_empty() {
                "base".to_string()
            } else {
                heads.join(", ")
            },
            comparison.dialect.name()
        ));
    }
    if comparison.diff.is_empty() {
        out.line(NO_CHANGES);
        return Ok(());
    }
    let tuples: Vec<String> = comparison
        .diff
        .changes
        .iter()
        .map(|c| c.alembic_tuple())
        .collect();
    let mut failed = CommandFailed::new(format!(
        "New upgrade operations detected: [{}]",
        tuples.join(", ")
    ))
    .with_exit_status(EXIT_DIFFERENCES);
    for change in &comparison.diff.changes {
        failed = failed.with_detail(format!("- {}", change.describe()));
    }
    failed = failed
        .with_detail("write a revision for them with `aludel revision --autogenerate -m MESSAGE`");
    Err(compare::log_error(out, failed))
}

/// The database kind the replayed schema is for: `--dialect`, else the
/// configured URL's, else SQLite.
fn offline_dialect(config: &Config, named: Option<&str>) -> CmdResult<&'static dyn Dialect> {
    if let Some(name) = named {
        return dialect_for_name(&name.to_ascii_lowercase()).ok_or_else(|| {
            CommandFailed::new(format!("unknown database kind '{name}' for --dialect"))
                .with_detail("use sqlite, postgresql, mysql or mariadb")
        });
    }
    if config.database_url()?.is_none() {
        return Ok(aludel_core::dialect::DialectKind::Sqlite.dialect());
    }
    let (url, _) = config.require_database_url()?;
    if url.is_mariadb() {
        return Ok(aludel_core::dialect::mariadb());
    }
    Ok(DialectInfo::of(&url).kind().dialect())
}

/// `check --json`: see docs/json.md.
fn report_json(comparison: &Comparison) -> Value {
    let changes: Vec<Value> = comparison
        .diff
        .changes
        .iter()
        .map(|change| {
            let mut value = serde_json::to_value(change).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut value {
                map.insert("description".into(), Value::String(change.describe()));
            }
            value
        })
        .collect();
    let against = match &comparison.against {
        Against::Database {
            url,
            catalog_queries,
        } => json!({"kind": "database", "url": url, "catalog_queries": catalog_queries}),
        Against::Migrations { revisions, heads } => {
            json!({"kind": "migrations", "revisions": revisions, "heads": heads})
        }
    };
    json!({
        "ok": comparison.diff.is_empty(),
        "against": against,
        "dialect": comparison.dialect.name(),
        "changes": changes,
        "notes": comparison.diff.notes,
    })
}
