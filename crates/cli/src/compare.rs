//! Comparing the models with a schema, for `revision --autogenerate` and
//! `check`: the model modules read statically (from `[tool.aludel] models`
//! or from what `env.py` imports), the schema they are compared with (the
//! live database read back, or the schema the migrations build, replayed
//! without a database), the diff, and Alembic's log lines about it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aludel_core::dialect::{Dialect, DialectKind};
use aludel_core::diff::{diff, Change, ChangeKind, Diff, DiffOptions};
use aludel_core::ops::Op;
use aludel_core::schema::{Constraint, IndexPart, SchemaState, Table};
use aludel_core::Pos;
use aludel_db::dialect::DialectInfo;
use aludel_db::introspect::IntrospectOptions;
use aludel_python::body::{BodyContext, LocatedOp};
use aludel_python::models::env_filter::{Candidate, EnvFilter};
use aludel_python::models::{
    detect_version, models_from_env, read_models, DetectedVersion, MetadataRef, ModelError,
    ModelOptions, ModuleRoots, ModuleSet,
};
use aludel_python::pystr::repr_str;
use aludel_python::writer::WriteOptions;

use crate::bodies::evaluate_steps;
use crate::config::python_path;
use crate::config::Config;
use crate::database::{version_table, Database};
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;
use crate::project::Project;

/// Alembic's autogenerate plugins, logged as it sets them up (1.18+).
const PLUGINS: [&str; 6] = [
    "schemas",
    "tables",
    "types",
    "constraints",
    "defaults",
    "comments",
];

/// Alembic's message when the database is behind (or beside) the heads.
pub const NOT_UP_TO_DATE: &str = "Target database is not up to date.";

/// What the models were compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Against {
    /// The live database (its URL, password masked).
    Database {
        /// The URL as displayed.
        url: String,
        /// How many catalog queries reading its schema took.
        catalog_queries: usize,
    },
    /// The schema replayed from the revision files, no database.
    Migrations {
        /// How many revisions were replayed.
        revisions: usize,
        /// The heads they lead to.
        heads: Vec<String>,
    },
}

/// The outcome of a comparison.
pub struct Comparison {
    /// The differences and the operations of a revision.
    pub diff: Diff,
    /// The database the comparison was for.
    pub dialect: &'static dyn Dialect,
    /// What the models were compared with.
    pub against: Against,
    /// `render_as_batch=True` in env.py.
    pub render_as_batch: bool,
    /// The models' schema.
    pub desired: SchemaState,
    /// The compared schema.
    pub actual: SchemaState,
}

impl Comparison {
    /// How the revision's bodies are written: batch blocks where the
    /// database cannot alter in place (SQLite) or env.py asks for them.
    pub fn write_options(&self) -> WriteOptions {
        WriteOptions {
            batch: !self.dialect.alters_in_place() || self.render_as_batch,
        }
    }

    /// The notes of the diff as Alembic's `UserWarning` lines, and one log
    /// line per difference as Alembic's `alembic.autogenerate.compare.*`
    /// loggers word it (on standard error).
    pub fn log(&self, out: &mut Output) {
        for note in &self.diff.notes {
            out.warn(note);
        }
        let impl_name = dialect_info(self.dialect).impl_name;
        let changes = &self.diff.changes;
        let mut paired: Vec<usize> = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            if paired.contains(&i) {
                continue;
            }
            // An index or unique constraint dropped and made again under
            // its name is one change to Alembic.
            let again = changes
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, c)| recreates(change, c))
                .map(|(j, _)| j);
            if let Some(line) = again.and_then(|_| changed(change, &self.desired, &self.actual)) {
                paired.extend(again);
                log_info(out, "alembic.autogenerate.compare.constraints", &line);
                continue;
            }
            let (logger, message) = detected(change, &self.desired, &self.actual, impl_name);
            log_info(out, logger, &message);
        }
    }
}

/// Whether `added` makes again, under the same name on the same table, the
/// index or constraint `removed` drops.
fn recreates(removed: &Change, added: &Change) -> bool {
    let kinds = matches!(
        (removed.kind, added.kind),
        (ChangeKind::RemoveIndex, ChangeKind::AddIndex)
            | (ChangeKind::RemoveConstraint, ChangeKind::AddConstraint)
    );
    kinds
        && removed.name.is_some()
        && removed.name == added.name
        && removed.table == added.table
        && removed.schema == added.schema
}

/// Alembic's `Detected changed index 'ix' on 't': unique=False to
/// unique=True` line for an index (or unique constraint) made again;
/// `None` when the two sides cannot be found.
fn changed(removed: &Change, desired: &SchemaState, actual: &SchemaState) -> Option<String> {
    let schema = removed.schema.as_deref();
    let table = removed.table.as_deref()?;
    let name = removed.name.as_deref()?;
    let tname = repr_str(table);
    if removed.kind == ChangeKind::RemoveIndex {
        let find = |state: &SchemaState| {
            state
                .get(schema, table)?
                .indexes
                .iter()
                .find(|i| i.name.as_deref() == Some(name))
                .cloned()
        };
        let (old, new) = (find(actual)?, find(desired)?);
        let mut msg = Vec::new();
        if old.unique != new.unique {
            msg.push(format!(
                "unique={} to unique={}",
                py_bool(old.unique),
                py_bool(new.unique)
            ));
        }
        let (from, to) = (
            column_tuple(old.parts.iter().map(index_part)),
            column_tuple(new.parts.iter().map(index_part)),
        );
        if from != to {
            msg.push(format!("expression {from} to {to}"));
        }
        return Some(format!(
            "Detected changed index {} on {tname}: {}",
            repr_str(name),
            msg.join(", ")
        ));
    }
    let columns = |state: &SchemaState| match find_constraint(state.get(schema, table), Some(name))
    {
        Some(Constraint::Unique { columns, .. }) => {
            Some(column_tuple(columns.iter().map(String::as_str)))
        }
        _ => None,
    };
    let (from, to) = (columns(actual)?, columns(desired)?);
    Some(format!(
        "Detected changed unique constraint {} on {tname}: expression {from} to {to}",
        repr_str(name)
    ))
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Logs a line as Alembic's stock logging configuration prints it.
fn log_info(out: &mut Output, logger: &str, message: &str) {
    out.info(logger, message);
}

/// Logs a failure as Alembic's `alembic.util.messaging` logger does once
/// env.py configured logging, and hands it on.
pub fn log_error(out: &mut Output, failed: CommandFailed) -> CommandFailed {
    out.note(&format!(
        "ERROR [alembic.util.messaging] {}",
        failed.message
    ));
    failed
}

fn dialect_info(dialect: &dyn Dialect) -> &'static DialectInfo {
    let family = match dialect.kind() {
        DialectKind::Sqlite => aludel_db::url::Dialect::Sqlite,
        DialectKind::Postgresql => aludel_db::url::Dialect::Postgresql,
        DialectKind::Mysql => aludel_db::url::Dialect::Mysql,
    };
    DialectInfo::of_dialect(family)
}

// ------------------------------------------------------------------ models

/// The model modules of the project, parsed, and how to read them.
struct ModelSource {
    modules: ModuleSet,
    metadata: Vec<MetadataRef>,
    version: DetectedVersion,
    render_as_batch: bool,
    /// env.py's `compare_type` (Alembic's default: on).
    compare_type: bool,
    /// False when env.py says `compare_server_default=False`.
    compare_server_default: bool,
    /// env.py's `include_object` / `include_name`.
    filter: Option<EnvFilter>,
}

impl ModelSource {
    /// Finds and parses the model modules: `[tool.aludel] models`, else
    /// the application modules env.py imports for its `target_metadata`.
    fn locate(config: &Config) -> CmdResult<ModelSource> {
        let roots = module_roots(config);
        let env_path = config.script_location().join("env.py");
        let env_source = std::fs::read_to_string(&env_path).ok();
        let render_as_batch = env_source.as_deref().is_some_and(sets_render_as_batch);
        let flag = |name: &str| env_source.as_deref().and_then(|s| configure_flag(s, name));
        let compare_type = flag("compare_type").unwrap_or(true);
        let compare_server_default = flag("compare_server_default").unwrap_or(true);
        let filter = env_source.as_deref().and_then(EnvFilter::read);
        let settings = config.aludel();
        let (names, metadata) = if !settings.models.is_empty() {
            for name in &settings.models {
                if roots.find(name).is_none() {
                    return Err(CommandFailed::new(format!(
                        "the model module '{name}' named by models = [...] in {} was not found",
                        settings.describe_file()
                    ))
                    .with_detail(format!("looked in: {}", describe_roots(&roots)))
                    .with_detail("give the dotted module name (app.models), relative to a directory in prepend_sys_path of alembic.ini or to the directory of alembic.ini"));
                }
            }
            (settings.models.clone(), Vec::new())
        } else {
            let Some(source) = env_source else {
                return Err(CommandFailed::new(format!(
                    "aludel cannot find the models: {} does not exist and no model modules are configured",
                    env_path.display()
                ))
                .with_detail("name the model modules in [tool.aludel] models = [\"app.models\"] (pyproject.toml or aludel.toml beside alembic.ini)"));
            };
            let found = models_from_env(&env_path, &source, &roots).map_err(model_failure)?;
            if found.modules.is_empty() {
                return Err(CommandFailed::new(format!(
                    "{} imports no model module aludel can find, so there are no models to compare",
                    env_path.display()
                ))
                .with_detail(format!("looked in: {}", describe_roots(&roots)))
                .with_detail("import the model modules in env.py (import app.models), set prepend_sys_path in alembic.ini to the directory that holds them, or name them in [tool.aludel] models = [\"app.models\"]"));
            }
            (found.modules, found.metadata)
        };
        let modules = ModuleSet::load(&roots, &names).map_err(model_failure)?;
        let mut version = detect_version(&config.here());
        if version.source.is_none() {
            if let Ok(cwd) = std::env::current_dir() {
                let here_version = detect_version(&cwd);
                if here_version.source.is_some() {
                    version = here_version;
                }
            }
        }
        Ok(ModelSource {
            modules,
            metadata,
            version,
            render_as_batch,
            compare_type,
            compare_server_default,
            filter,
        })
    }

    /// The models' schema for `dialect`.
    fn read(&self, dialect: &dyn Dialect) -> CmdResult<SchemaState> {
        let options = ModelOptions {
            dialect: dialect.kind(),
            mariadb: dialect.is_mariadb(),
            version: self.version.version,
            sqlalchemy_20: self.version.sqlalchemy_20,
        };
        read_models(&self.modules, &self.metadata, &options)
            .map(|m| m.schema)
            .map_err(model_failure)
    }
}

/// Where the model modules are looked up, as Python's `sys.path` would
/// hold the project: `prepend_sys_path` (relative to the current
/// directory, as Alembic inserts it), the directory of the ini file, the
/// current directory.
fn module_roots(config: &Config) -> ModuleRoots {
    let cwd = std::env::current_dir().unwrap_or_else(|_| config.here());
    let mut roots: Vec<PathBuf> = config
        .prepend_sys_path()
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| python_path::normalize(&python_path::absolute(&cwd, Path::new(p.trim()))))
        .collect();
    roots.push(python_path::normalize(&config.here()));
    roots.push(python_path::normalize(&cwd));
    ModuleRoots::new(roots)
}

fn describe_roots(roots: &ModuleRoots) -> String {
    roots
        .roots()
        .iter()
        .map(|r| r.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether env.py passes `render_as_batch=True` to `context.configure`
/// (outside comments).
fn sets_render_as_batch(source: &str) -> bool {
    configure_flag(source, "render_as_batch") == Some(true)
}

/// `name=True` / `name=False` as env.py passes it to `context.configure`
/// (outside comments); `None` when it passes neither literal.
fn configure_flag(source: &str, name: &str) -> Option<bool> {
    let mut found = None;
    for line in source.lines() {
        let code = line.split('#').next().unwrap_or_default();
        let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        for (text, value) in [("True", true), ("False", false)] {
            let needle = format!("{name}={text}");
            if let Some(at) = squeezed.find(&needle) {
                let before = squeezed[..at].chars().next_back();
                let after = squeezed[at + needle.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !word(before) && !word(after) {
                    found = Some(value);
                }
            }
        }
    }
    found
}

/// The diff options env.py's `context.configure` asks for: Alembic's
/// `compare_type` (on unless `compare_type=False`) and, where env.py says
/// `compare_server_default=False`, no server-default comparison (aludel
/// compares them otherwise: its normal forms have no false positives).
fn diff_options<'a>(
    dialect: &'a dyn Dialect,
    source: &ModelSource,
    convention: Option<&'a aludel_core::naming::NamingConvention>,
) -> DiffOptions<'a> {
    DiffOptions {
        compare_type: source.compare_type,
        compare_server_default: source.compare_server_default,
        naming_convention: convention,
        ..DiffOptions::new(dialect)
    }
}

/// A model error as a command failure: what, where (with the source line),
/// what to do.
fn model_failure(err: ModelError) -> CommandFailed {
    let Some(location) = err.location() else {
        let mut failed = CommandFailed::new(err.message());
        if !err.hint().is_empty() {
            failed = failed.with_detail(format!("  = help: {}", err.hint()));
        }
        return failed;
    };
    let mut failed = CommandFailed::new(format!("Cannot read the models: {}", err.message()))
        .with_detail(format!("  --> {location}"));
    for line in location.snippet().lines() {
        failed = failed.with_detail(line.to_string());
    }
    if !err.hint().is_empty() {
        failed = failed.with_detail(format!("  = help: {}", err.hint()));
    }
    failed
}

/// Whether the project has models to compare with: `[tool.aludel] models`,
/// or a `target_metadata` in env.py with application modules it imports.
/// An env.py whose `target_metadata` aludel cannot read counts as having
/// them, so that the comparison reports why.
pub fn has_models(config: &Config) -> bool {
    if !config.aludel().models.is_empty() {
        return true;
    }
    let env_path = config.script_location().join("env.py");
    let Ok(source) = std::fs::read_to_string(&env_path) else {
        return false;
    };
    match models_from_env(&env_path, &source, &module_roots(config)) {
        Ok(found) => !found.modules.is_empty(),
        // the one error without a place: no `target_metadata`, or None
        Err(e) => e.location().is_some(),
    }
}

/// The schemas the models' tables and enum types live in, the default one first.
pub(crate) fn model_schemas(models: &SchemaState) -> Vec<Option<String>> {
    let mut schemas: Vec<Option<String>> = vec![None];
    let named = models
        .tables()
        .map(|t| t.schema.clone())
        .chain(models.enum_types().map(|((s, _), _)| s.clone()));
    for schema in named {
        if !schemas.contains(&schema) {
            schemas.push(schema);
        }
    }
    schemas
}

// ------------------------------------------------------------------ online

/// Compares the models with the live database, as Alembic's autogenerate
/// does: the database must be at the heads of the migrations.
pub fn against_database(project: &Project, out: &mut Output) -> CmdResult<Comparison> {
    let config = &project.config;
    let source = ModelSource::locate(config)?;
    let mut db = Database::open(config)?;
    let info = DialectInfo::of(&db.url);
    crate::runner::log_context(out, info, false);
    compare_live(project, &source, &mut db, info, out).map_err(|failed| log_error(out, failed))
}

fn compare_live(
    project: &Project,
    source: &ModelSource,
    db: &mut Database,
    info: &'static DialectInfo,
    out: &mut Output,
) -> CmdResult<Comparison> {
    require_at_head(project, db)?;
    for plugin in PLUGINS {
        log_info(
            out,
            "alembic.runtime.plugins",
            &format!("setting up autogenerate plugin alembic.autogenerate.{plugin}"),
        );
    }
    let dialect: &'static dyn Dialect = if db.conn.is_mariadb() {
        aludel_core::dialect::mariadb_for(source.version.sqlalchemy_20)
    } else {
        info.kind().dialect()
    };
    let desired = source.read(dialect)?;
    let table = version_table(&project.config);
    let options = IntrospectOptions {
        schemas: model_schemas(&desired),
        exclude_tables: vec![
            (table.schema.clone(), table.name.clone()),
            (
                table.schema.clone(),
                aludel_db::revision_log::TABLE.to_string(),
            ),
        ],
    };
    let introspected = db.conn.introspect(&options).map_err(|e| {
        CommandFailed::from(e).with_detail(format!("while reading the schema of {}", db.url))
    })?;
    let catalog_queries = introspected.queries;
    let mut actual = introspected.schema;
    let mut desired = desired;
    let filter_note = filter_by_env(source, &mut desired, &mut actual);
    let convention = crate::bodies::env_convention(&project.config);
    let mut found = diff(
        &desired,
        &actual,
        &diff_options(dialect, source, convention.as_ref()),
    );
    found.notes.extend(filter_note);
    Ok(Comparison {
        diff: found,
        dialect,
        against: Against::Database {
            catalog_queries,
            url: db.url.to_string(),
        },
        render_as_batch: source.render_as_batch,
        desired,
        actual,
    })
}

/// Leaves out of both schemas the tables, columns and indexes env.py's
/// `include_object` / `include_name` exclude, as Alembic's autogenerate
/// does. When a hook cannot be evaluated without Python for some object,
/// that object is compared and the returned note says so.
fn filter_by_env(
    source: &ModelSource,
    desired: &mut SchemaState,
    actual: &mut SchemaState,
) -> Option<String> {
    let filter = source.filter.as_ref()?;
    let mut unknown: Vec<String> = Vec::new();
    let mut keep = |name: &str, type_: &str, reflected: bool, has_counterpart: bool| -> bool {
        let c = Candidate {
            name,
            type_,
            reflected,
            has_counterpart,
        };
        match filter.include(c) {
            Some(k) => k,
            None => {
                if unknown.len() < 5 {
                    unknown.push(format!("{type_} {name}"));
                }
                true
            }
        }
    };
    // Each side is asked about with the other as it was (`compare_to`).
    let (models, database) = (desired.clone(), actual.clone());
    for (side, other, reflected) in [(desired, &database, false), (actual, &models, true)] {
        let gone: Vec<(Option<String>, String)> = side
            .tables()
            .filter(|t| {
                let there = other.get(t.schema.as_deref(), &t.name).is_some();
                !keep(&t.name, "table", reflected, there)
            })
            .map(|t| (t.schema.clone(), t.name.clone()))
            .collect();
        for (schema, name) in gone {
            side.remove(schema.as_deref(), &name);
        }
        for t in side.tables_mut() {
            let there = other.get(t.schema.as_deref(), &t.name);
            t.columns.retain(|c| {
                let has = there.is_some_and(|o| o.columns.iter().any(|x| x.name == c.name));
                keep(&c.name, "column", reflected, has)
            });
            t.indexes.retain(|i| {
                let Some(name) = &i.name else { return true };
                let has =
                    there.is_some_and(|o| o.indexes.iter().any(|x| x.name.as_ref() == Some(name)));
                keep(name, "index", reflected, has)
            });
            // Named unique constraints and foreign keys (Alembic passes
            // `unique_constraint` / `foreign_key_constraint`); primary keys
            // and CHECKs are not asked about.
            t.constraints.retain(|c| {
                let type_ = match c {
                    Constraint::Unique { .. } => "unique_constraint",
                    Constraint::ForeignKey(_) => "foreign_key_constraint",
                    _ => return true,
                };
                let Some(name) = aludel_core::schema::constraint_name(c) else {
                    return true;
                };
                let has = there.is_some_and(|o| {
                    o.constraints
                        .iter()
                        .any(|x| aludel_core::schema::constraint_name(x) == Some(name))
                });
                keep(name, type_, reflected, has)
            });
        }
    }
    if unknown.is_empty() {
        return None;
    }
    Some(format!(
        "env.py's {} cannot be evaluated without Python for {} (and perhaps more): those objects are compared; name what to leave out with plain comparisons of name and type_",
        filter.hooks().join(" / "),
        unknown.join(", ")
    ))
}

/// Alembic's precondition: the version rows name exactly the heads.
fn require_at_head(project: &Project, db: &mut Database) -> CmdResult {
    let rows = db.current_heads()?;
    let graph = &project.graph;
    let current: BTreeSet<usize> = graph
        .resolve_all_for_command(&rows)?
        .into_iter()
        .filter_map(|p| p.and_then(Pos::rev))
        .collect();
    let heads: BTreeSet<usize> = graph.heads().iter().copied().collect();
    if current == heads {
        return Ok(());
    }
    let at = if rows.is_empty() {
        "no revision (the version table is empty or missing)".to_string()
    } else {
        rows.join(", ")
    };
    let want = graph.ids(&heads.into_iter().collect::<Vec<_>>()).join(", ");
    Err(CommandFailed::new(NOT_UP_TO_DATE)
        .with_detail(format!(
            "the database {} is at {at}; the migrations' heads are {want}",
            db.url
        ))
        .with_detail("run `aludel upgrade heads` first, so that the comparison starts from the latest revision"))
}

// ----------------------------------------------------------------- offline

/// Compares the models with the schema the revision files build up to
/// the heads, replayed in memory for `dialect` (no database).
pub fn against_migrations(
    project: &Project,
    dialect: &'static dyn Dialect,
) -> CmdResult<Comparison> {
    let source = ModelSource::locate(&project.config)?;
    let dialect = if dialect.is_mariadb() {
        aludel_core::dialect::mariadb_for(source.version.sqlalchemy_20)
    } else {
        dialect
    };
    let desired = source.read(dialect)?;
    let graph = &project.graph;
    let plan = graph.upgrade_plan("heads", &[])?;
    let context = BodyContext {
        dialect: dialect.kind(),
        mariadb: dialect.is_mariadb(),
        offline: true,
        sqlalchemy_20: source.version.sqlalchemy_20,
    };
    let mut step_ops =
        evaluate_steps(graph, &project.sources, &plan.steps, context).map_err(|failed| {
            failed.with_detail(
                "check --offline evaluates the revisions without a database; run `aludel check` with a database URL configured to compare with a real schema",
            )
        })?;
    let convention = crate::bodies::env_convention(&project.config);
    crate::bodies::apply_env_convention(convention.as_ref(), &mut step_ops, dialect.kind());
    let mut actual = SchemaState::new();
    for (step, ops) in plan.steps.iter().zip(&step_ops) {
        let node = graph.node(step.revision);
        for located in ops {
            replay_op(&mut actual, &located.op)
                .map_err(|reason| replay_failure(node.id(), &node.rev.path, located, &reason))?;
        }
    }
    let mut desired = desired;
    let filter_note = filter_by_env(&source, &mut desired, &mut actual);
    let mut found = diff(
        &desired,
        &actual,
        &diff_options(dialect, &source, convention.as_ref()),
    );
    found.notes.extend(filter_note);
    Ok(Comparison {
        diff: found,
        dialect,
        against: Against::Migrations {
            revisions: plan.steps.len(),
            heads: graph.ids(graph.heads()),
        },
        render_as_batch: source.render_as_batch,
        desired,
        actual,
    })
}

/// Applies one operation to the replayed schema (enum types included); an
/// error says why it cannot.
pub(crate) fn replay_op(state: &mut SchemaState, op: &Op) -> Result<(), String> {
    if let Some(sql) = schema_changing_sql(op) {
        return Err(format!(
            "op.execute() runs SQL the replay cannot follow: {}",
            shorten(&sql)
        ));
    }
    aludel_core::replay::apply(state, op).map_err(|e| e.to_string())
}

/// The SQL of an `op.execute()` that may change the schema (anything but
/// INSERT / UPDATE / DELETE / SELECT statements), inside blocks too.
fn schema_changing_sql(op: &Op) -> Option<String> {
    match op {
        Op::Execute { sql } => {
            let changes = sql
                .split(';')
                .map(strip_sql_comments)
                .filter(|s| !s.is_empty())
                .any(|statement| {
                    let word: String = statement
                        .trim_start_matches('(')
                        .chars()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .collect();
                    !matches!(
                        word.to_ascii_uppercase().as_str(),
                        "INSERT" | "UPDATE" | "DELETE" | "SELECT" | "WITH"
                    )
                });
            changes.then(|| sql.clone())
        }
        Op::Autocommit(inner) => inner.iter().find_map(schema_changing_sql),
        Op::Batch(batch) => batch.ops.iter().find_map(schema_changing_sql),
        _ => None,
    }
}

/// A statement without its leading `--` and `/* */` comments and blanks.
fn strip_sql_comments(statement: &str) -> &str {
    let mut rest = statement.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            return rest.trim_end();
        }
    }
}

/// The first line of `sql`, at most 80 characters.
fn shorten(sql: &str) -> String {
    let line = sql.trim().lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(80).collect();
    if short.len() < sql.trim().len() {
        short.push_str(" ...");
    }
    short
}

fn replay_failure(id: &str, path: &str, located: &LocatedOp, reason: &str) -> CommandFailed {
    CommandFailed::new(format!(
        "check --offline cannot replay upgrade() of revision {id}: {reason}"
    ))
    .with_detail(format!("  --> {path}:{}:{}", located.line, located.column))
    .with_detail("without a database, check compares the models with the schema the migrations build, and this operation's effect on it is unknown")
    .with_detail("run `aludel check` with the database URL configured (--url, DATABASE_URL or sqlalchemy.url) to compare with the real schema")
}

// ------------------------------------------------------------- log lines

/// Alembic's log line for a difference: the logger and the message.
/// Kinds Alembic does not log (table comments, enum types, CHECK
/// constraints) get aludel's own line under the `aludel.autogenerate`
/// logger.
fn detected(
    change: &Change,
    desired: &SchemaState,
    actual: &SchemaState,
    impl_name: &str,
) -> (&'static str, String) {
    const TABLES: &str = "alembic.autogenerate.compare.tables";
    const TYPES: &str = "alembic.autogenerate.compare.types";
    const CONSTRAINTS: &str = "alembic.autogenerate.compare.constraints";
    const DEFAULTS: &str = "alembic.autogenerate.compare.server_defaults";
    const COMMENTS: &str = "alembic.autogenerate.compare.comments";
    const ALUDEL: &str = "aludel.autogenerate";
    let tname = change.table.clone().unwrap_or_default();
    let qualified = match &change.schema {
        Some(s) => format!("{s}.{tname}"),
        None => tname.clone(),
    };
    let name = change.name.clone().unwrap_or_default();
    let name_repr = change.name.as_deref().map_or("None".to_string(), repr_str);
    let schema = change.schema.as_deref();
    let in_desired = desired.get(schema, &tname);
    let in_actual = actual.get(schema, &tname);
    let both = || {
        format!(
            "{} to {}",
            change.from.as_deref().unwrap_or("None"),
            change.to.as_deref().unwrap_or("None")
        )
    };
    match change.kind {
        ChangeKind::AddTable => (
            TABLES,
            format!("Detected added table {}", repr_str(&qualified)),
        ),
        ChangeKind::RemoveTable => (
            TABLES,
            format!("Detected removed table {}", repr_str(&qualified)),
        ),
        ChangeKind::AddColumn => (
            TABLES,
            format!("Detected added column '{qualified}.{name}'"),
        ),
        ChangeKind::RemoveColumn => (
            TABLES,
            format!("Detected removed column '{qualified}.{name}'"),
        ),
        ChangeKind::ModifyType => (
            TYPES,
            format!(
                "Detected type change from {} to {} on '{tname}.{name}'",
                change.from.as_deref().unwrap_or("None"),
                change.to.as_deref().unwrap_or("None")
            ),
        ),
        ChangeKind::ModifyNullable => {
            let nullable = match in_desired.and_then(|t| t.column(&name)) {
                Some(c) => c.nullable,
                None => change.to.as_deref() == Some("NULL"),
            };
            let what = if nullable { "NULL" } else { "NOT NULL" };
            (
                CONSTRAINTS,
                format!("Detected {what} on column '{tname}.{name}'"),
            )
        }
        ChangeKind::ModifyDefault => (
            DEFAULTS,
            format!("Dialect impl {impl_name} detected server default on column '{tname}.{name}'"),
        ),
        ChangeKind::ModifyComment => (
            COMMENTS,
            format!("Detected column comment '{tname}.{name}'"),
        ),
        ChangeKind::AddIndex => {
            let on = in_desired
                .and_then(|t| t.indexes.iter().find(|i| i.name == change.name))
                .map(|i| column_tuple(i.parts.iter().map(index_part)));
            match on {
                Some(on) => (
                    CONSTRAINTS,
                    format!("Detected added index {name_repr} on '{on}'"),
                ),
                None => (
                    CONSTRAINTS,
                    format!("Detected added index {name_repr} on {}", repr_str(&tname)),
                ),
            }
        }
        ChangeKind::RemoveIndex => (
            CONSTRAINTS,
            format!("Detected removed index {name_repr} on {}", repr_str(&tname)),
        ),
        ChangeKind::AddConstraint => match find_constraint(in_desired, change.name.as_deref()) {
            Some(Constraint::Unique { columns, .. }) => (
                CONSTRAINTS,
                format!(
                    "Detected added unique constraint {name_repr} on '{}'",
                    column_tuple(columns.iter().map(String::as_str))
                ),
            ),
            Some(Constraint::Check { .. }) => (
                ALUDEL,
                format!(
                    "Detected added check constraint {name_repr} on {}",
                    repr_str(&qualified)
                ),
            ),
            _ => (
                CONSTRAINTS,
                format!(
                    "Detected added constraint {name_repr} on {}",
                    repr_str(&qualified)
                ),
            ),
        },
        ChangeKind::RemoveConstraint => match find_constraint(in_actual, change.name.as_deref()) {
            Some(Constraint::Check { .. }) => (
                ALUDEL,
                format!(
                    "Detected removed check constraint {name_repr} on {}",
                    repr_str(&qualified)
                ),
            ),
            Some(Constraint::Unique { .. }) => (
                CONSTRAINTS,
                format!(
                    "Detected removed unique constraint {name_repr} on {}",
                    repr_str(&tname)
                ),
            ),
            _ => (
                CONSTRAINTS,
                format!(
                    "Detected removed constraint {name_repr} on {}",
                    repr_str(&tname)
                ),
            ),
        },
        ChangeKind::AddFk | ChangeKind::RemoveFk => {
            let (verb, mine, other) = if change.kind == ChangeKind::AddFk {
                ("added", in_desired, in_actual)
            } else {
                ("removed", in_actual, in_desired)
            };
            let on_table = match &change.schema {
                Some(s) => format!("{s}.{tname}"),
                None => tname.clone(),
            };
            match find_foreign_key(mine, other, change.name.as_deref()) {
                Some(fk) => (
                    CONSTRAINTS,
                    format!(
                        "Detected {verb} foreign key ({})({}) on table {on_table}",
                        fk.columns.join(", "),
                        fk.referent_columns.join(", ")
                    ),
                ),
                None => (
                    CONSTRAINTS,
                    format!("Detected {verb} foreign key {name_repr} on table {on_table}"),
                ),
            }
        }
        ChangeKind::AddTableComment => (
            ALUDEL,
            format!(
                "Detected table comment on {}: {}",
                repr_str(&qualified),
                both()
            ),
        ),
        ChangeKind::RemoveTableComment => (
            ALUDEL,
            format!("Detected removed table comment on {}", repr_str(&qualified)),
        ),
        ChangeKind::AddEnum => (ALUDEL, format!("Detected added enum type {name_repr}")),
        ChangeKind::RemoveEnum => (ALUDEL, format!("Detected removed enum type {name_repr}")),
        ChangeKind::ModifyEnum => (
            ALUDEL,
            format!("Detected changed enum type {name_repr}: {}", both()),
        ),
    }
}

/// Python's `repr()` of a tuple of strings: `('a',)`, `('a', 'b')`.
fn column_tuple<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = names.map(repr_str).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

fn index_part(part: &IndexPart) -> &str {
    match part {
        IndexPart::Column(c) | IndexPart::Expression(c) => c,
    }
}

/// The unique or check constraint called `name` of a table.
fn find_constraint<'a>(table: Option<&'a Table>, name: Option<&str>) -> Option<&'a Constraint> {
    let name = name?;
    table?.constraints.iter().find(|c| match c {
        Constraint::Unique { name: n, .. } | Constraint::Check { name: n, .. } => {
            n.as_deref() == Some(name)
        }
        _ => false,
    })
}

/// The foreign key a difference is about: the one called `name`, or, for
/// an unnamed key, the only unnamed key of `table` that `other` (the same
/// table on the other side) does not have.
fn find_foreign_key<'a>(
    table: Option<&'a Table>,
    other: Option<&Table>,
    name: Option<&str>,
) -> Option<&'a aludel_core::schema::ForeignKey> {
    let keys = table?.constraints.iter().filter_map(|c| match c {
        Constraint::ForeignKey(fk) => Some(fk),
        _ => None,
    });
    if let Some(name) = name {
        return keys.into_iter().find(|fk| fk.name.as_deref() == Some(name));
    }
    let same = |a: &aludel_core::schema::ForeignKey, b: &aludel_core::schema::ForeignKey| {
        a.columns == b.columns
            && a.referent_table == b.referent_table
            && a.referent_columns == b.referent_columns
    };
    let unmatched: Vec<&aludel_core::schema::ForeignKey> = keys
        .filter(|fk| fk.name.is_none())
        .filter(|fk| {
            !other.is_some_and(|o| {
                o.constraints
                    .iter()
                    .any(|c| matches!(c, Constraint::ForeignKey(x) if same(fk, x)))
            })
        })
        .collect();
    match unmatched[..] {
        [only] => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_as_batch_is_found_outside_comments() {
        assert!(sets_render_as_batch(
            "context.configure(\n    connection=connection, render_as_batch = True,\n)"
        ));
        assert!(!sets_render_as_batch("# render_as_batch=True\n"));
        assert!(!sets_render_as_batch("render_as_batch=False"));
    }

    #[test]
    fn data_statements_replay_and_ddl_does_not() {
        let exec = |sql: &str| Op::Execute {
            sql: sql.to_string(),
        };
        assert!(schema_changing_sql(&exec("INSERT INTO t VALUES (1)")).is_none());
        assert!(
            schema_changing_sql(&exec("  -- seed\n update t set a = 1; DELETE FROM t")).is_none()
        );
        assert!(
            schema_changing_sql(&exec("/* x */ WITH a AS (SELECT 1) SELECT * FROM a")).is_none()
        );
        assert!(schema_changing_sql(&exec("CREATE INDEX ix ON t (a)")).is_some());
        assert!(
            schema_changing_sql(&exec("INSERT INTO t VALUES (1); ALTER TABLE t ADD b INT"))
                .is_some()
        );
        assert!(schema_changing_sql(&Op::Autocommit(vec![exec(
            "CREATE INDEX CONCURRENTLY ix ON t (a)"
        )]))
        .is_some());
    }

    #[test]
    fn an_index_made_again_is_one_changed_line() {
        use aludel_core::schema::Index;
        let with_index = |unique: bool| {
            let mut t = Table::new(None, "team");
            t.indexes.push(Index {
                name: Some("ix_team_name".to_string()),
                parts: vec![IndexPart::Column("name".to_string())],
                unique,
                options: Default::default(),
            });
            let mut state = SchemaState::new();
            state.insert(t);
            state
        };
        let change = |kind| Change {
            kind,
            schema: None,
            table: Some("team".to_string()),
            name: Some("ix_team_name".to_string()),
            from: None,
            to: None,
        };
        let (removed, added) = (
            change(ChangeKind::RemoveIndex),
            change(ChangeKind::AddIndex),
        );
        assert!(recreates(&removed, &added));
        assert_eq!(
            changed(&removed, &with_index(true), &with_index(false)).as_deref(),
            Some("Detected changed index 'ix_team_name' on 'team': unique=False to unique=True")
        );
    }

    #[test]
    fn tuples_are_python_reprs() {
        assert_eq!(column_tuple(["name"].into_iter()), "('name',)");
        assert_eq!(column_tuple(["a", "b"].into_iter()), "('a', 'b')");
    }

    #[test]
    fn detected_lines_word_changes_as_alembic() {
        let change = |kind, table: &str, name: Option<&str>| Change {
            kind,
            schema: None,
            table: Some(table.to_string()),
            name: name.map(str::to_string),
            from: None,
            to: None,
        };
        let empty = SchemaState::new();
        let line = |c: &Change| detected(c, &empty, &empty, "SQLiteImpl");
        assert_eq!(
            line(&change(ChangeKind::AddTable, "hero", None)),
            (
                "alembic.autogenerate.compare.tables",
                "Detected added table 'hero'".to_string()
            )
        );
        assert_eq!(
            line(&change(ChangeKind::AddColumn, "hero", Some("email"))).1,
            "Detected added column 'hero.email'"
        );
        assert_eq!(
            line(&change(
                ChangeKind::RemoveIndex,
                "hero",
                Some("ix_hero_age")
            ))
            .1,
            "Detected removed index 'ix_hero_age' on 'hero'"
        );
        let mut with_schema = change(ChangeKind::RemoveTable, "x", None);
        with_schema.schema = Some("audit".to_string());
        assert_eq!(line(&with_schema).1, "Detected removed table 'audit.x'");
    }
}
