//! `aludel drift`: the live schema against the schema its applied
//! migrations build (replayed from the revision files up to the version
//! rows, without the models), to find changes made outside the migrations:
//! a column added by hand, an index dropped. Beyond Alembic. Exits 1 on a
//! difference.

use aludel_core::dialect::Dialect;
use aludel_core::diff::{diff, DiffOptions};
use aludel_core::schema::SchemaState;
use aludel_core::Step;
use aludel_db::dialect::DialectInfo;
use aludel_db::introspect::IntrospectOptions;
use aludel_db::revision_log;
use aludel_python::body::BodyContext;
use serde_json::json;

use crate::bodies::{apply_env_convention, env_convention, evaluate_steps};
use crate::compare::{model_schemas, replay_op};
use crate::database::Database;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Exit status when the database differs from its migrations.
pub const EXIT_DRIFT: u8 = 1;

/// Runs `drift`.
pub fn run(project: &Project, out: &mut Output) -> CmdResult {
    crate::multidb::each_or_one(project, out, |config, out| run_one(project, config, out))
}

fn run_one(project: &Project, config: &crate::config::Config, out: &mut Output) -> CmdResult {
    let graph = &project.graph;
    let mut db = Database::open_existing(config, out)?;
    let rows = db.current_heads()?;
    if let Some(unknown) = rows.iter().find(|row| graph.by_id(row).is_none()) {
        return Err(CommandFailed::new(format!(
            "the version table names revision '{unknown}', and no revision file has that id"
        ))
        .with_detail(
            "`aludel status` says how to recover; drift needs every applied revision's file",
        ));
    }
    let mut steps: Vec<Step> = Vec::new();
    for row in &rows {
        for step in graph.upgrade_plan(row, &[])?.steps {
            if !steps.contains(&step) {
                steps.push(step);
            }
        }
    }
    let info = DialectInfo::of(&db.url);
    let mariadb = db.conn.is_mariadb();
    let sqlalchemy_20 = aludel_python::models::detect_version(&config.here()).sqlalchemy_20;
    let dialect: &'static dyn Dialect = if mariadb {
        aludel_core::dialect::mariadb_for(sqlalchemy_20)
    } else {
        info.kind().dialect()
    };
    let context = BodyContext {
        dialect: info.kind(),
        mariadb: db.url.is_mariadb(),
        offline: false,
        sqlalchemy_20,
    };
    let mut step_ops = evaluate_steps(graph, &project.sources, &steps, context)?;
    let convention = env_convention(config);
    apply_env_convention(convention.as_ref(), &mut step_ops, info.kind());
    let mut expected = SchemaState::new();
    for (step, ops) in steps.iter().zip(&step_ops) {
        let node = graph.node(step.revision);
        for located in ops {
            replay_op(&mut expected, &located.op).map_err(|reason| {
                CommandFailed::new(format!(
                    "drift cannot replay upgrade() of revision {}: {reason}",
                    node.id()
                ))
                .with_detail(format!(
                    "  --> {}:{}:{}",
                    node.rev.path, located.line, located.column
                ))
                .with_detail("the schema the migrations build is unknown from here on, so it cannot be compared")
            })?;
        }
    }
    let table = &db.version_table;
    let options = IntrospectOptions {
        schemas: model_schemas(&expected),
        exclude_tables: vec![
            (table.schema.clone(), table.name.clone()),
            (table.schema.clone(), revision_log::TABLE.to_string()),
        ],
    };
    let live = db
        .conn
        .introspect(&options)
        .map_err(|e| {
            CommandFailed::from(e).with_detail(format!("while reading the schema of {}", db.url))
        })?
        .schema;
    let found = diff(
        &expected,
        &live,
        &DiffOptions {
            naming_convention: convention.as_ref(),
            ..DiffOptions::new(dialect)
        },
    );
    let described: Vec<String> = found.changes.iter().map(|c| c.describe()).collect();
    if out.json_mode() {
        out.json(&json!({
            "command": "drift",
            "url": db.url.to_string(),
            "current": rows,
            "revisions": steps.len(),
            "differences": described,
            "notes": found.notes,
        }));
    } else if described.is_empty() {
        out.line(&format!(
            "No drift: the database matches the schema its {}.",
            applied(steps.len())
        ));
    } else {
        out.line(&format!(
            "Drift: the database differs from the schema its {} ({} difference{}); each line is the change that would bring the database back to it:",
            applied(steps.len()),
            described.len(),
            if described.len() == 1 { "" } else { "s" }
        ));
        for line in &described {
            out.line(&format!("  - {line}"));
        }
        out.line("Bring the database back (or write a revision that makes the change for every database) so that migrations and schema agree.");
    }
    for note in &found.notes {
        out.note(note);
    }
    if described.is_empty() {
        Ok(())
    } else {
        Err(CommandFailed::reported(EXIT_DRIFT))
    }
}

/// `1 applied revision builds`, `2 applied revisions build`.
fn applied(count: usize) -> String {
    if count == 1 {
        "1 applied revision builds".to_string()
    } else {
        format!("{count} applied revisions build")
    }
}
