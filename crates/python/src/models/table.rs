//! A model table before and after its names are settled: the columns a
//! class declares, its `__tablename__` and `__table_args__`, then the
//! finished [`Table`] with the metadata's naming convention applied, as
//! SQLAlchemy's `Table` builds it from the class.

use aludel_core::dialect::DialectKind;
use aludel_core::schema::{
    Column, Constraint, ForeignKey, Index, IndexOptions, IndexPart, SqlType, Table,
};
use ruff_python_ast::Expr;
use ruff_text_size::{Ranged, TextRange};

use super::classes::{Base, ClassInfo};
use super::error::ModelError;
use super::eval::Evaluator;
use super::fields::own_attrs;
use super::resolve::ClassKey;
use crate::body::{ColumnDef, Value};
use aludel_core::naming::{ConventionKind, NameParts, NamingConvention, NamingError};

/// One column of a model class, with where it is written.
#[derive(Debug, Clone)]
pub(crate) struct ColumnSpec {
    /// The attribute name (SQLAlchemy's column key).
    pub key: String,
    /// The column, with its column-level keys, `unique` and `index` flags.
    pub column: Column,
    /// The type was written (else it comes from the referred column).
    pub type_given: bool,
    /// `nullable=` was written (else a primary key makes the column NOT NULL).
    pub nullable_given: bool,
    /// Column-level CHECK constraints.
    pub checks: Vec<Constraint>,
    /// Where.
    pub at: TextRange,
}

impl ColumnSpec {
    /// A `Column(...)` assigned to attribute `key` (named after it unless
    /// the column names itself).
    pub fn from_def(key: &str, def: ColumnDef, at: TextRange) -> ColumnSpec {
        let mut column = def.column;
        if !def.name_given {
            column.name = key.to_string();
        }
        ColumnSpec {
            key: key.to_string(),
            column,
            type_given: def.type_given,
            nullable_given: def.nullable_given,
            checks: def.checks,
            at,
        }
    }
}

/// A table as a model class declares it, names not settled yet.
#[derive(Debug, Clone)]
pub(crate) struct TableSpec {
    /// The class.
    pub class: ClassKey,
    /// Table name.
    pub name: String,
    /// Schema (`__table_args__ = {"schema": ...}`).
    pub schema: Option<String>,
    /// Columns in table order.
    pub columns: Vec<ColumnSpec>,
    /// Table-level constraints from `__table_args__`.
    pub constraints: Vec<(Constraint, TextRange)>,
    /// Indexes from `__table_args__`: (index, name written).
    pub indexes: Vec<(Index, TextRange)>,
    /// Table comment.
    pub comment: Option<String>,
    /// `sqlite_autoincrement=True`.
    pub sqlite_autoincrement: bool,
    /// Where the class is.
    pub at: TextRange,
    /// The module.
    pub module: String,
}

impl TableSpec {
    /// An empty table for class `info`.
    pub fn new(info: &ClassInfo<'_>, name: String) -> TableSpec {
        TableSpec {
            class: info.key.clone(),
            name,
            schema: None,
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            sqlite_autoincrement: false,
            at: info.def.name.range,
            module: info.module.name.clone(),
        }
    }
}

/// The class attribute `name` as the class sees it (its own, else the
/// nearest base's), with the class that writes it.
pub(crate) fn class_attr<'m>(
    ev: &Evaluator<'m>,
    info: &'m ClassInfo<'m>,
    name: &str,
) -> Result<Option<(&'m ClassInfo<'m>, &'m Expr)>, ModelError> {
    for base in ev.classes.mro(&info.key)? {
        let Base::Class(k) = base else { continue };
        let Some(c) = ev.classes.get(&k) else {
            continue;
        };
        if let Some(a) = own_attrs(c).into_iter().find(|a| a.name == name) {
            if let Some(v) = a.value {
                return Ok(Some((c, v)));
            }
        }
    }
    Ok(None)
}

/// A `@declared_attr def __tablename__(cls): return cls.__name__` (or
/// `cls.__name__.lower()`) in the class or one of its bases, before any
/// assigned `__tablename__`: the name it gives the class `info`. Another
/// body is a located error (aludel does not run functions).
fn declared_table_name(
    ev: &Evaluator<'_>,
    info: &ClassInfo<'_>,
) -> Result<Option<String>, ModelError> {
    use ruff_python_ast::Stmt;
    for base in ev.classes.mro(&info.key)? {
        let Base::Class(k) = base else { continue };
        let Some(c) = ev.classes.get(&k) else {
            continue;
        };
        if own_attrs(c)
            .iter()
            .any(|a| a.name == "__tablename__" && a.value.is_some())
        {
            return Ok(None);
        }
        for stmt in &c.def.body {
            let Stmt::FunctionDef(f) = stmt else { continue };
            if f.name.as_str() != "__tablename__" {
                continue;
            }
            let returned = match f.body.as_slice() {
                [Stmt::Return(r)] => r.value.as_deref(),
                _ => None,
            };
            let text = returned.map(|e| c.module.source[e.range()].replace(" ", ""));
            return match text.as_deref() {
                Some("cls.__name__") => Ok(Some(info.key.name.clone())),
                Some("cls.__name__.lower()") => Ok(Some(info.key.name.to_lowercase())),
                _ => Err(ModelError::located(
                    c.module.loc(f.name.range),
                    "aludel cannot read this __tablename__ function (it reads `return cls.__name__` and `return cls.__name__.lower()` only)",
                    "assign the name in each table class: __tablename__ = \"hero\"",
                )),
            };
        }
    }
    Ok(None)
}

/// `__tablename__`, else the class name lower-cased.
pub(crate) fn table_name(ev: &Evaluator<'_>, info: &ClassInfo<'_>) -> Result<String, ModelError> {
    // SAFETY of lifetimes: the class graph outlives the evaluator's borrow.
    let info = ev.classes.get(&info.key).expect("known class");
    if let Some(name) = declared_table_name(ev, info)? {
        return Ok(name);
    }
    match class_attr(ev, info, "__tablename__")? {
        Some((owner, expr)) => match ev.eval(owner.module, expr)? {
            Value::Str(s) => Ok(s),
            other => Err(ModelError::located(
                owner.module.loc(expr.range()),
                format!("__tablename__ is {}, not a string", other.kind()),
                "assign a string literal: __tablename__ = \"hero\" (a declared_attr function is not read by aludel)",
            )),
        },
        None => Ok(info.key.name.to_lowercase()),
    }
}

/// Reads `__table_args__` into the table.
pub(crate) fn apply_table_args(
    ev: &Evaluator<'_>,
    info: &ClassInfo<'_>,
    spec: &mut TableSpec,
) -> Result<(), ModelError> {
    let info = ev.classes.get(&info.key).expect("known class");
    let Some((owner, expr)) = class_attr(ev, info, "__table_args__")? else {
        return Ok(());
    };
    let value = ev.eval(owner.module, expr)?;
    let range = expr.range();
    let (items, kwargs) = match value {
        Value::Dict(d) => (Vec::new(), Some(d)),
        Value::Tuple(mut items) | Value::List(mut items) => {
            let kwargs = match items.last() {
                Some(Value::Dict(_)) => match items.pop() {
                    Some(Value::Dict(d)) => Some(d),
                    _ => None,
                },
                _ => None,
            };
            (items, kwargs)
        }
        other => return Err(ModelError::located(
            owner.module.loc(range),
            format!("__table_args__ is {}", other.kind()),
            "write a tuple of constraints and indexes, optionally ending with a dict, or a dict",
        )),
    };
    for item in items {
        match item {
            Value::Constraint(c) => spec.constraints.push((*c, range)),
            Value::Index(i) => spec.indexes.push((
                Index {
                    name: i.name,
                    parts: i.parts,
                    unique: i.unique,
                    options: i.options,
                },
                range,
            )),
            other => {
                return Err(ModelError::located(
                    owner.module.loc(range),
                    format!("__table_args__ holds {}", other.kind()),
                    "hold UniqueConstraint, CheckConstraint, ForeignKeyConstraint, PrimaryKeyConstraint and Index objects",
                ))
            }
        }
    }
    for (k, v) in kwargs.unwrap_or_default() {
        let Value::Str(k) = k else { continue };
        match (k.as_str(), v) {
            ("comment", Value::Str(c)) => spec.comment = Some(c),
            ("comment", Value::None) => spec.comment = None,
            ("schema", Value::Str(s)) => spec.schema = Some(s),
            ("schema", Value::None) => spec.schema = None,
            ("sqlite_autoincrement", Value::Bool(b)) => spec.sqlite_autoincrement = b,
            (k, _)
                if k.starts_with("mysql_")
                    || k.starts_with("mariadb_")
                    || matches!(
                        k,
                        "extend_existing"
                            | "keep_existing"
                            | "info"
                            | "prefixes"
                            | "sqlite_with_rowid"
                            | "implicit_returning"
                            | "quote"
                            | "quote_schema"
                    ) => {}
            (k, v) => {
                return Err(ModelError::located(
                    owner.module.loc(range),
                    format!(
                        "__table_args__ option {k}={} is not supported by aludel",
                        v.kind()
                    ),
                    "remove it, or tell aludel's maintainers what DDL it should make",
                ))
            }
        }
    }
    Ok(())
}

/// Settles names and builds the [`Table`]: the primary key, column-level
/// foreign keys, unique flags, indexes and checks become table-level
/// objects named by `convention` (shortened for `dialect`).
pub(crate) fn finish(
    ev: &Evaluator<'_>,
    spec: &TableSpec,
    convention: &NamingConvention,
    dialect: DialectKind,
) -> Result<Table, ModelError> {
    let module = ev.modules.get(&spec.module).expect("loaded module");
    let err = |at: TextRange, e: NamingError| {
        match e {
        NamingError::NeedsName(_) => ModelError::Located(Box::new(
            crate::body::BodyError::new(
                module.loc(at),
                "Naming convention including %(constraint_name)s token requires that constraint is explicitly named.",
                "SQLAlchemy raises InvalidRequestError here too; give the constraint a name=...",
            )
            .with_kind(crate::body::BodyErrorKind::Fails),
        )),
        NamingError::UnknownToken(t) => ModelError::located(
            module.loc(at),
            format!("naming convention token %({t})s is not one SQLAlchemy knows"),
            "use table_name, column_0_name, column_0_label, column_0N_name, referred_table_name, constraint_name...",
        ),
    }
    };
    let mut table = Table::new(spec.schema.as_deref(), &spec.name);
    table.comment = spec.comment.clone();
    table.sqlite_autoincrement = spec.sqlite_autoincrement;
    let key_of = |name: &str| -> String {
        spec.columns
            .iter()
            .find(|c| c.column.name == name)
            .map_or_else(|| name.to_string(), |c| c.key.clone())
    };
    let parts = |columns: &[String], name: Option<&str>| -> (Vec<String>, Option<String>) {
        (
            columns.iter().map(|c| key_of(c)).collect(),
            name.map(str::to_string),
        )
    };
    let name_for = |kind: ConventionKind,
                    columns: &[String],
                    name: Option<&str>,
                    referred: Option<(&str, &[String])>,
                    at: TextRange|
     -> Result<Option<String>, ModelError> {
        let (keys, _) = parts(columns, name);
        let p = NameParts {
            table: &spec.name,
            schema: spec.schema.as_deref(),
            columns: columns.iter().map(String::as_str).collect(),
            keys: keys.iter().map(String::as_str).collect(),
            name,
            referred_table: referred.map(|r| r.0),
            referred_columns: referred
                .map_or_else(Vec::new, |r| r.1.iter().map(String::as_str).collect()),
        };
        match convention.apply(kind, &p, dialect) {
            Ok(Some(n)) => Ok(Some(n)),
            Ok(None) => Ok(name.map(str::to_string)),
            Err(e) => Err(err(at, e)),
        }
    };
    let mut column_level: Vec<Constraint> = Vec::new();
    let mut indexes: Vec<Index> = Vec::new();
    for c in &spec.columns {
        let mut column = c.column.clone();
        for fk in std::mem::take(&mut column.foreign_keys) {
            let (referent_schema, referent_table, remote) = split_target(&fk.target);
            let mut key = ForeignKey::new(&[], &referent_table, &[]);
            key.columns = vec![column.name.clone()];
            key.referent_schema = referent_schema;
            key.referent_columns = vec![remote];
            key.ondelete = fk.ondelete;
            key.onupdate = fk.onupdate;
            key.name = name_for(
                ConventionKind::ForeignKey,
                &key.columns,
                fk.name.as_deref(),
                Some((&key.referent_table, &key.referent_columns)),
                c.at,
            )?;
            column_level.push(Constraint::ForeignKey(key));
        }
        if column.index {
            let cols = vec![column.name.clone()];
            indexes.push(Index {
                name: name_for(ConventionKind::Index, &cols, None, None, c.at)?,
                parts: vec![IndexPart::Column(column.name.clone())],
                unique: column.unique,
                options: IndexOptions::default(),
            });
        } else if column.unique {
            let cols = vec![column.name.clone()];
            column_level.push(Constraint::Unique {
                name: name_for(ConventionKind::Unique, &cols, None, None, c.at)?,
                columns: cols,
            });
        }
        for check in &c.checks {
            if let Constraint::Check { name, sqltext } = check {
                column_level.push(Constraint::Check {
                    name: name_for(
                        ConventionKind::Check,
                        &[column.name.clone()],
                        name.as_deref(),
                        None,
                        c.at,
                    )?,
                    sqltext: sqltext.clone(),
                });
            }
        }
        column.index = false;
        column.unique = false;
        table.columns.push(column);
    }
    // The primary key: a PrimaryKeyConstraint in the table args, else the
    // primary_key columns in table order.
    let explicit_pk = spec
        .constraints
        .iter()
        .find(|(c, _)| matches!(c, Constraint::PrimaryKey { .. }));
    let (pk_name, pk_columns, pk_at) = match explicit_pk {
        Some((Constraint::PrimaryKey { name, columns }, at)) => {
            (name.clone(), columns.clone(), *at)
        }
        _ => (
            None,
            table
                .columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect(),
            spec.at,
        ),
    };
    if pk_columns.is_empty() {
        return Err(ModelError::Located(Box::new(
            crate::body::BodyError::new(
                module.loc(spec.at),
                format!(
                    "Mapper could not assemble any primary key columns for mapped table '{}'",
                    spec.name
                ),
                "SQLAlchemy raises ArgumentError here too; mark a field primary_key=True",
            )
            .with_kind(crate::body::BodyErrorKind::Fails),
        )));
    }
    let pk_name = name_for(
        ConventionKind::PrimaryKey,
        &pk_columns,
        pk_name.as_deref(),
        None,
        pk_at,
    )?;
    table.set_primary_key(pk_name, pk_columns);
    for c in &mut table.columns {
        if c.primary_key {
            c.nullable = spec
                .columns
                .iter()
                .find(|s| s.column.name == c.name)
                .is_some_and(|s| s.nullable_given && s.column.nullable);
        }
    }
    table.constraints.extend(column_level);
    for (c, at) in &spec.constraints {
        let named = match c.clone() {
            Constraint::PrimaryKey { .. } => continue,
            Constraint::Unique { name, columns } => Constraint::Unique {
                name: name_for(ConventionKind::Unique, &columns, name.as_deref(), None, *at)?,
                columns,
            },
            Constraint::Check { name, sqltext } => Constraint::Check {
                name: name_for(ConventionKind::Check, &[], name.as_deref(), None, *at)?,
                sqltext,
            },
            Constraint::ForeignKey(mut fk) => {
                fk.name = name_for(
                    ConventionKind::ForeignKey,
                    &fk.columns,
                    fk.name.as_deref(),
                    Some((&fk.referent_table, &fk.referent_columns)),
                    *at,
                )?;
                Constraint::ForeignKey(fk)
            }
        };
        table.constraints.push(named);
    }
    for (i, at) in &spec.indexes {
        let columns: Vec<String> = i
            .parts
            .iter()
            .filter_map(|p| match p {
                IndexPart::Column(c) => Some(c.clone()),
                IndexPart::Expression(_) => None,
            })
            .collect();
        let mut index = i.clone();
        index.name = name_for(
            ConventionKind::Index,
            &columns,
            i.name.as_deref(),
            None,
            *at,
        )?;
        indexes.push(index);
    }
    table.indexes = indexes;
    Ok(table)
}

/// Splits `"schema.table.col"` / `"table.col"`.
pub(crate) fn split_target(target: &str) -> (Option<String>, String, String) {
    let mut parts: Vec<&str> = target.rsplitn(3, '.').collect();
    parts.reverse();
    match parts.as_slice() {
        [schema, table, column] => (
            Some(schema.to_string()),
            table.to_string(),
            column.to_string(),
        ),
        [table, column] => (None, table.to_string(), column.to_string()),
        _ => (None, target.to_string(), String::new()),
    }
}

/// Fills in the types of columns that took them from the column their
/// foreign key refers to (`Column(ForeignKey("team.id"))`).
pub(crate) fn fill_referred_types(tables: &mut [Table], untyped: &[(usize, String)]) {
    for (t, column) in untyped {
        let Some(target) = tables[*t].constraints.iter().find_map(|c| match c {
            Constraint::ForeignKey(fk) if fk.columns.len() == 1 && fk.columns[0] == *column => {
                Some((
                    fk.referent_schema.clone(),
                    fk.referent_table.clone(),
                    fk.referent_columns[0].clone(),
                ))
            }
            _ => None,
        }) else {
            continue;
        };
        let found = tables
            .iter()
            .find(|x| x.name == target.1 && (target.0.is_none() || x.schema == target.0))
            .and_then(|x| x.column(&target.2))
            .map(|c| c.type_.clone());
        if let Some(ty) = found {
            if let Some(c) = tables[*t].column_mut(column) {
                c.type_ = ty;
            }
        }
    }
}

/// True for the placeholder type of a column whose type is not known yet.
pub(crate) fn is_untyped(ty: &SqlType) -> bool {
    matches!(ty, SqlType::Reflected(s) if s.is_empty())
}
