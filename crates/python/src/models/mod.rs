//! The model reader: SQLModel (and plain SQLAlchemy declarative) model
//! modules read statically into the schema `SQLModel.metadata.create_all`
//! would make — no Python, no application import.
//!
//! - [`modules`]: finding and loading the application's modules the way
//!   Python imports them.
//! - [`env`]: what `env.py` imports and passes as `target_metadata`.
//! - [`read_models`]: the tables of the loaded modules, for one database.
//!
//! The rules are SQLModel's as measured on 0.0.24 and 0.0.50 (the
//! `models_differential` test compares them with SQLModel itself) and switch on the SQLModel version the
//! project pins ([`version::detect_version`]). What cannot be read
//! statically is a [`ModelError`] at `file:line:col`.

mod annotation;
mod classes;
mod declarative;
pub mod env;
pub mod env_filter;
mod error;
mod eval;
mod fields;
pub mod modules;
mod resolve;
mod sqlmodel;
mod table;
pub mod version;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use aludel_core::dialect::DialectKind;
use aludel_core::schema::{SchemaState, Table};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

pub use aludel_core::naming::NamingConvention;
pub use env::{env_naming_convention, models_from_env, EnvModels, MetadataRef};
pub use error::ModelError;
pub use modules::{ModuleRoots, ModuleSet, ParsedModule};
pub use version::{detect_version, DetectedVersion, SqlModelVersion};

use crate::body::{BodyContext, Value};
use classes::{Base, ClassGraph};
use eval::Evaluator;
use resolve::{ClassKey, Symbols};

/// How to read the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelOptions {
    /// The database the schema is for (names are shortened per database,
    /// server defaults compiled for it).
    pub dialect: DialectKind,
    /// MariaDB rather than MySQL.
    pub mariadb: bool,
    /// The SQLModel version whose rules apply.
    pub version: SqlModelVersion,
    /// The project runs SQLAlchemy 2.0 ([`DetectedVersion::sqlalchemy_20`]).
    pub sqlalchemy_20: bool,
}

/// Where a model table comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOrigin {
    /// Table schema.
    pub schema: Option<String>,
    /// Table name.
    pub table: String,
    /// The class (`app.models.Hero`).
    pub class: String,
    /// The file.
    pub path: PathBuf,
}

/// The models, read.
#[derive(Debug, Clone)]
pub struct Models {
    /// Tables (and named enum types) as `create_all` makes them.
    pub schema: SchemaState,
    /// Where each table is declared.
    pub origins: Vec<TableOrigin>,
}

/// Reads the tables of the metadata objects `metadata` (all tables of the
/// loaded modules when empty) from `modules`.
pub fn read_models(
    modules: &ModuleSet,
    metadata: &[MetadataRef],
    options: &ModelOptions,
) -> Result<Models, ModelError> {
    let symbols = Symbols::build(modules);
    let graph = ClassGraph::build(modules, &symbols);
    let ctx = BodyContext {
        dialect: options.dialect,
        mariadb: options.mariadb,
        offline: true,
        sqlalchemy_20: options.sqlalchemy_20,
    };
    let ev = Evaluator::new(modules, &symbols, &graph, &ctx);
    let reader = sqlmodel::SqlModelReader {
        ev: &ev,
        version: options.version,
    };
    let want_sqlmodel = metadata.is_empty() || metadata.contains(&MetadataRef::SqlModel);
    let named: Vec<String> = metadata
        .iter()
        .filter_map(|m| match m {
            MetadataRef::Named(n) => Some(n.clone()),
            MetadataRef::SqlModel => None,
        })
        .collect();
    let sqlmodel_convention = sqlmodel_naming(&ev)?;
    let mut specs = Vec::new();
    let mut is_table: HashMap<ClassKey, bool> = HashMap::new();
    for info in graph.in_order() {
        let mro = graph.mro(&info.key)?;
        let sqlmodel_class = mro.iter().any(
            |b| matches!(b, Base::External(p) if sqlmodel::SQLMODEL_ROOTS.contains(&p.as_str())),
        );
        if sqlmodel_class {
            let table = sqlmodel::has_table_keyword(&ev, info)?
                && !mro
                    .iter()
                    .skip(1)
                    .any(|b| matches!(b, Base::Class(k) if is_table.get(k) == Some(&true)));
            is_table.insert(info.key.clone(), table);
            if table && want_sqlmodel {
                if let Some(unknown) = mro.iter().find_map(|b| match b {
                    Base::Unknown(t) => Some(t.clone()),
                    _ => None,
                }) {
                    return Err(ModelError::located(
                        info.module.loc(info.def.name.range),
                        format!("aludel cannot tell what the base class `{unknown}` of `{}` is", info.key.name),
                        "bases must be classes of the application's modules or of a library; if it comes from a module aludel did not load, name the model modules in [tool.aludel] models = [...]",
                    ));
                }
                specs.push((reader.read(info)?, sqlmodel_convention.clone()));
            }
            continue;
        }
        if let Some(base) = declarative::declarative_root(&mro) {
            if !named.is_empty() && !declarative::selected(&ev, &base, &named) {
                continue;
            }
            if metadata.iter().all(|m| *m == MetadataRef::SqlModel) && !metadata.is_empty() {
                continue;
            }
            if let Some(spec) = declarative::read(&ev, info, &mro)? {
                specs.push((spec, declarative::naming(&ev, &base)?));
            }
        }
    }
    let mut tables: Vec<Table> = Vec::new();
    let mut origins = Vec::new();
    let mut untyped = Vec::new();
    let mut seen: HashSet<(Option<String>, String)> = HashSet::new();
    for (spec, convention) in &specs {
        let table = table::finish(&ev, spec, convention, options.dialect)?;
        let module = modules.get(&spec.module).expect("loaded");
        if !seen.insert((table.schema.clone(), table.name.clone())) {
            return Err(ModelError::Located(Box::new(
                crate::body::BodyError::new(
                    module.loc(spec.at),
                    format!("Table '{}' is already defined for this MetaData instance.", table.name),
                    "SQLAlchemy raises InvalidRequestError here too; give one of the classes another __tablename__",
                )
                .with_kind(crate::body::BodyErrorKind::Fails),
            )));
        }
        for c in &spec.columns {
            if !c.type_given {
                untyped.push((tables.len(), c.column.name.clone()));
            }
        }
        origins.push(TableOrigin {
            schema: table.schema.clone(),
            table: table.name.clone(),
            class: spec.class.dotted(),
            path: module.path.clone(),
        });
        tables.push(table);
    }
    table::fill_referred_types(&mut tables, &untyped);
    for (t, column) in &untyped {
        if tables[*t]
            .column(column)
            .is_some_and(|c| table::is_untyped(&c.type_))
        {
            let spec = &specs[*t].0;
            let module = modules.get(&spec.module).expect("loaded");
            let at = spec
                .columns
                .iter()
                .find(|c| c.column.name == *column)
                .map_or(spec.at, |c| c.at);
            return Err(ModelError::located(
                module.loc(at),
                format!("column `{}.{column}` has no type", tables[*t].name),
                "give the column a type, or a ForeignKey to a column of a model table (whose type it then takes)",
            ));
        }
    }
    let mut schema = SchemaState::new();
    for table in tables {
        for c in &table.columns {
            if let Some(e) = c.type_.as_enum() {
                // An enum type does not take its table's schema (SQLAlchemy's
                // `inherit_schema=False`): PostgreSQL creates it in the default one.
                if let (true, Some(name)) = (e.native_enum, &e.name) {
                    schema.insert_enum(None, name, e.values.clone());
                }
            }
        }
        schema.insert(table);
    }
    Ok(Models { schema, origins })
}

/// `SQLModel.metadata.naming_convention = {...}` (or `SQLModel.metadata =
/// MetaData(naming_convention=...)`) at module level in a loaded module.
fn sqlmodel_naming(ev: &Evaluator<'_>) -> Result<NamingConvention, ModelError> {
    let mut found = NamingConvention::default();
    for m in ev.modules.iter() {
        for stmt in &m.module.body {
            let Stmt::Assign(a) = stmt else { continue };
            for target in &a.targets {
                let Some(path) = classes::dotted(target) else {
                    continue;
                };
                let Some((owner, attr)) = path.rsplit_once('.') else {
                    continue;
                };
                let (owner_expr_path, value_kind) = match attr {
                    "naming_convention" => match owner.strip_suffix(".metadata") {
                        Some(o) => (o.to_string(), 0),
                        None => continue,
                    },
                    "metadata" => (owner.to_string(), 1),
                    _ => continue,
                };
                let first = owner_expr_path.split('.').next().unwrap_or_default();
                let resolved = ev.symbols.resolve_name(ev.modules, &m.name, first);
                let is_sqlmodel = matches!(&resolved, resolve::Target::External(p) if sqlmodel::SQLMODEL_ROOTS.contains(&p.as_str()));
                if !is_sqlmodel {
                    continue;
                }
                // `SQLModel.metadata = MetaData(...)`: only its convention
                // names anything; the MetaData object itself is no value.
                if value_kind == 0 {
                    found = convention_from(m, a.value.range(), ev.eval(m, &a.value)?)?;
                } else {
                    found = match metadata_convention(ev, m, &a.value)? {
                        Some(d) => convention_from(m, a.value.range(), d)?,
                        None => NamingConvention::default(),
                    };
                }
            }
        }
    }
    Ok(found)
}

/// The `naming_convention=` of a `MetaData(...)` call expression.
pub(crate) fn metadata_convention(
    ev: &Evaluator<'_>,
    module: &ParsedModule,
    expr: &Expr,
) -> Result<Option<Value>, ModelError> {
    let Expr::Call(c) = expr else { return Ok(None) };
    for k in c.arguments.keywords.iter() {
        if k.arg
            .as_ref()
            .is_some_and(|a| a.as_str() == "naming_convention")
        {
            return Ok(Some(ev.eval(module, &k.value)?));
        }
    }
    Ok(None)
}

/// A convention from an evaluated dict.
pub(crate) fn convention_from(
    module: &ParsedModule,
    at: ruff_text_size::TextRange,
    value: Value,
) -> Result<NamingConvention, ModelError> {
    let Value::Dict(items) = value else {
        return Err(ModelError::located(
            module.loc(at),
            format!("the naming convention is {}, not a dict", value.kind()),
            "write a dict literal of templates, e.g. {\"ix\": \"ix_%(column_0_label)s\"}",
        ));
    };
    let mut pairs = Vec::new();
    for (k, v) in items {
        match (k, v) {
            (Value::Str(k), Value::Str(v)) => pairs.push((k, v)),
            _ => {
                return Err(ModelError::located(
                    module.loc(at),
                    "naming convention keys and templates must be strings",
                    "callable tokens are not read by aludel; write the templates as strings",
                ))
            }
        }
    }
    Ok(NamingConvention::from_pairs(pairs))
}

#[cfg(test)]
mod tests;
