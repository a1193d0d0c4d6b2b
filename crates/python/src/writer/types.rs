//! Column types, server defaults and literal values as the Python that
//! Alembic's autogenerate writes, and that the body evaluator reads back.

use std::collections::BTreeSet;

use aludel_core::schema::{
    EnumType, Literal, MysqlType, PostgresqlType, ServerDefault, SqlType, SqliteType, UpperType,
};

use crate::keywords::is_keyword;
use crate::pystr::repr_str;

/// The import line a `sqlalchemy.dialects.<name>` type needs.
fn dialect_import(imports: &mut BTreeSet<String>, dialect: &str) {
    imports.insert(format!("from sqlalchemy.dialects import {dialect}"));
}

/// `name(k=v, ...)` with the arguments that are set.
fn call(name: &str, args: &[Option<String>]) -> String {
    let args: Vec<&str> = args.iter().flatten().map(String::as_str).collect();
    format!("{name}({})", args.join(", "))
}

fn kw_u32(key: &str, v: Option<u32>) -> Option<String> {
    v.map(|v| format!("{key}={v}"))
}

fn kw_str(key: &str, v: &Option<String>) -> Option<String> {
    v.as_ref().map(|v| format!("{key}={}", repr_str(v)))
}

fn kw_flag(key: &str, set: bool, value: bool) -> Option<String> {
    set.then(|| format!("{key}={}", py_bool(value)))
}

/// Python's `True` / `False`.
pub(super) fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// `repr(list_of_str)`.
pub(super) fn py_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| repr_str(s)).collect();
    format!("[{}]", items.join(", "))
}

/// `repr(str_or_none)`.
pub(super) fn py_opt(s: &Option<String>) -> String {
    match s {
        Some(s) => repr_str(s),
        None => "None".to_string(),
    }
}

/// The values of an enum followed by its keyword arguments, as SQLAlchemy's
/// `repr()` of `Enum` orders them.
fn enum_args(e: &EnumType, extra: &[Option<String>]) -> Vec<Option<String>> {
    let mut args: Vec<Option<String>> = e.values.iter().map(|v| Some(repr_str(v))).collect();
    args.push(kw_str("name", &e.name));
    args.extend(extra.iter().cloned());
    args
}

/// The Python expression of a column type; the imports it needs go to `imports`.
/// The error says why the type has no spelling that reads back to itself.
pub(super) fn type_py(t: &SqlType, imports: &mut BTreeSet<String>) -> Result<String, String> {
    Ok(match t {
        SqlType::Integer => "sa.Integer()".into(),
        SqlType::BigInteger => "sa.BigInteger()".into(),
        SqlType::SmallInteger => "sa.SmallInteger()".into(),
        SqlType::String { length, collation } => call(
            "sa.String",
            &[kw_u32("length", *length), kw_str("collation", collation)],
        ),
        SqlType::Text { collation } => call("sa.Text", &[kw_str("collation", collation)]),
        SqlType::Unicode { length } => call("sa.Unicode", &[kw_u32("length", *length)]),
        SqlType::UnicodeText => "sa.UnicodeText()".into(),
        SqlType::Boolean => "sa.Boolean()".into(),
        SqlType::Date => "sa.Date()".into(),
        SqlType::DateTime { timezone } => {
            call("sa.DateTime", &[kw_flag("timezone", *timezone, true)])
        }
        SqlType::Time { timezone } => call("sa.Time", &[kw_flag("timezone", *timezone, true)]),
        SqlType::Float { precision } => call("sa.Float", &[kw_u32("precision", *precision)]),
        SqlType::Double => "sa.Double()".into(),
        SqlType::Numeric { precision, scale } => call(
            "sa.Numeric",
            &[kw_u32("precision", *precision), kw_u32("scale", *scale)],
        ),
        SqlType::Enum(e) => {
            if !e.create_type {
                return Err(
                    "sa.Enum has no create_type=False (only postgresql.ENUM has)".to_string(),
                );
            }
            call(
                "sa.Enum",
                &enum_args(
                    e,
                    &[
                        kw_flag("native_enum", !e.native_enum, false),
                        kw_flag("create_constraint", e.create_constraint, true),
                    ],
                ),
            )
        }
        SqlType::Uuid { as_uuid } => call("sa.Uuid", &[kw_flag("as_uuid", !as_uuid, false)]),
        SqlType::Json => "sa.JSON()".into(),
        SqlType::LargeBinary { length } => call("sa.LargeBinary", &[kw_u32("length", *length)]),
        SqlType::Interval => "sa.Interval()".into(),
        SqlType::Array(item) => format!("sa.ARRAY({})", array_item(item, imports)?),
        SqlType::PickleType => "sa.PickleType()".into(),
        SqlType::AutoString { length } => {
            imports.insert("import sqlmodel".into());
            call(
                "sqlmodel.sql.sqltypes.AutoString",
                &[kw_u32("length", *length)],
            )
        }
        SqlType::Guid => {
            imports.insert("import sqlmodel".into());
            "sqlmodel.sql.sqltypes.GUID()".into()
        }
        SqlType::UtcDateTime => {
            imports.insert("import sqlmodel".into());
            "sqlmodel.sql.sqltypes.UTCDateTime()".into()
        }
        SqlType::Upper(u) => upper_py(u),
        SqlType::Postgresql(p) => {
            dialect_import(imports, "postgresql");
            match p {
                PostgresqlType::Jsonb => "postgresql.JSONB(astext_type=sa.Text())".into(),
                PostgresqlType::Uuid => "postgresql.UUID()".into(),
                PostgresqlType::Array(item) => {
                    format!("postgresql.ARRAY({})", array_item(item, imports)?)
                }
                PostgresqlType::Timestamp { timezone } => call(
                    "postgresql.TIMESTAMP",
                    &[kw_flag("timezone", *timezone, true)],
                ),
                PostgresqlType::Enum(e) => {
                    if !e.native_enum {
                        // SQLAlchemy warns and ignores the flag: postgresql.ENUM is always native.
                        return Err(
                            "postgresql.ENUM with native_enum=False (SQLAlchemy ignores the flag; use sa.Enum)"
                                .to_string(),
                        );
                    }
                    call(
                        "postgresql.ENUM",
                        &enum_args(
                            e,
                            &[
                                kw_flag("create_type", !e.create_type, false),
                                kw_flag("create_constraint", e.create_constraint, true),
                            ],
                        ),
                    )
                }
                PostgresqlType::Inet => "postgresql.INET()".into(),
                PostgresqlType::Bytea => "postgresql.BYTEA()".into(),
                PostgresqlType::DoublePrecision => "postgresql.DOUBLE_PRECISION()".into(),
                PostgresqlType::Other(t) => format!("postgresql.{}({})", t.class, t.args),
            }
        }
        SqlType::Mysql(m) => {
            dialect_import(imports, "mysql");
            match m {
                MysqlType::Tinyint(w) => call("mysql.TINYINT", &[kw_u32("display_width", *w)]),
                MysqlType::Longtext => "mysql.LONGTEXT()".into(),
                MysqlType::Mediumtext => "mysql.MEDIUMTEXT()".into(),
                MysqlType::Datetime(fsp) => call("mysql.DATETIME", &[kw_u32("fsp", *fsp)]),
                MysqlType::Enum(values) => {
                    let values: Vec<Option<String>> =
                        values.iter().map(|v| Some(repr_str(v))).collect();
                    call("mysql.ENUM", &values)
                }
                MysqlType::Timestamp(fsp) => call("mysql.TIMESTAMP", &[kw_u32("fsp", *fsp)]),
                MysqlType::Tinytext => "mysql.TINYTEXT()".into(),
                MysqlType::Mediumint(w) => call("mysql.MEDIUMINT", &[kw_u32("display_width", *w)]),
                MysqlType::Longblob => "mysql.LONGBLOB()".into(),
                MysqlType::Mediumblob => "mysql.MEDIUMBLOB()".into(),
                MysqlType::Other(t) => format!("mysql.{}({})", t.class, t.args),
            }
        }
        SqlType::Sqlite(SqliteType::Json) => {
            dialect_import(imports, "sqlite");
            "sqlite.JSON()".into()
        }
        SqlType::Reflected(spelling) => match reflected_upper(spelling) {
            Some(u) => upper_py(&u),
            None => {
                return Err(format!(
                    "the reflected type {spelling:?} has no SQLAlchemy type aludel can write"
                ))
            }
        },
    })
}

/// The item type of an `ARRAY`, which SQLAlchemy refuses to be an `ARRAY`
/// itself ("Do not nest ARRAY types"; `dimensions=` says how many there are).
fn array_item(item: &SqlType, imports: &mut BTreeSet<String>) -> Result<String, String> {
    if matches!(
        item,
        SqlType::Array(_) | SqlType::Postgresql(PostgresqlType::Array(_))
    ) {
        return Err("an ARRAY of ARRAY (SQLAlchemy raises \"Do not nest ARRAY types\")".into());
    }
    type_py(item, imports)
}

fn upper_py(u: &UpperType) -> String {
    match u {
        UpperType::Varchar(n) => call("sa.VARCHAR", &[kw_u32("length", *n)]),
        UpperType::Char(n) => call("sa.CHAR", &[kw_u32("length", *n)]),
        UpperType::Nvarchar(n) => call("sa.NVARCHAR", &[kw_u32("length", *n)]),
        UpperType::Integer => "sa.INTEGER()".into(),
        UpperType::BigInt => "sa.BIGINT()".into(),
        UpperType::SmallInt => "sa.SMALLINT()".into(),
        UpperType::Text => "sa.TEXT()".into(),
        UpperType::Boolean => "sa.BOOLEAN()".into(),
        UpperType::Timestamp { timezone } => {
            call("sa.TIMESTAMP", &[kw_flag("timezone", *timezone, true)])
        }
        UpperType::Datetime => "sa.DATETIME()".into(),
        UpperType::Date => "sa.DATE()".into(),
        UpperType::Time => "sa.TIME()".into(),
        UpperType::Float => "sa.FLOAT()".into(),
        UpperType::Real => "sa.REAL()".into(),
        UpperType::Double => "sa.DOUBLE()".into(),
        UpperType::DoublePrecision => "sa.DOUBLE_PRECISION()".into(),
        UpperType::Numeric(p, s) => call(
            "sa.NUMERIC",
            &[kw_u32("precision", *p), kw_u32("scale", *s)],
        ),
        UpperType::Decimal(p, s) => call(
            "sa.DECIMAL",
            &[kw_u32("precision", *p), kw_u32("scale", *s)],
        ),
        UpperType::Blob => "sa.BLOB()".into(),
        // sa.JSON is one class for both spellings; it reads back as SqlType::Json.
        UpperType::Json => "sa.JSON()".into(),
        UpperType::Uuid => "sa.UUID()".into(),
    }
}

/// The upper-case type a reflected spelling (`VARCHAR(10)`, `NUMERIC(10, 2)`)
/// names, where the spelling is one SQLAlchemy reflects as that type; `None`
/// for anything else, which the writer refuses rather than guess.
pub fn reflected_upper(spelling: &str) -> Option<UpperType> {
    let (name, args) = match spelling.split_once('(') {
        Some((name, rest)) => {
            let inner = rest.strip_suffix(')')?;
            let mut args = Vec::new();
            for a in inner.split(',') {
                args.push(a.trim().parse::<u32>().ok()?);
            }
            (name.trim(), args)
        }
        None => (spelling.trim(), Vec::new()),
    };
    let one = |args: &[u32]| match args {
        [] => Some(None),
        [n] => Some(Some(*n)),
        _ => None,
    };
    let two = |args: &[u32]| match args {
        [] => Some((None, None)),
        [p] => Some((Some(*p), None)),
        [p, s] => Some((Some(*p), Some(*s))),
        _ => None,
    };
    let bare = |t: UpperType| args.is_empty().then_some(t);
    match name {
        "VARCHAR" => one(&args).map(UpperType::Varchar),
        "CHAR" => one(&args).map(UpperType::Char),
        "NVARCHAR" => one(&args).map(UpperType::Nvarchar),
        "INTEGER" | "INT" => bare(UpperType::Integer),
        "BIGINT" => bare(UpperType::BigInt),
        "SMALLINT" => bare(UpperType::SmallInt),
        "TEXT" => bare(UpperType::Text),
        "BOOLEAN" => bare(UpperType::Boolean),
        "TIMESTAMP" => bare(UpperType::Timestamp { timezone: false }),
        "DATETIME" => bare(UpperType::Datetime),
        "DATE" => bare(UpperType::Date),
        "TIME" => bare(UpperType::Time),
        "FLOAT" => bare(UpperType::Float),
        "REAL" => bare(UpperType::Real),
        "DOUBLE" => bare(UpperType::Double),
        "DOUBLE PRECISION" => bare(UpperType::DoublePrecision),
        "NUMERIC" => two(&args).map(|(p, s)| UpperType::Numeric(p, s)),
        "DECIMAL" => two(&args).map(|(p, s)| UpperType::Decimal(p, s)),
        "BLOB" => bare(UpperType::Blob),
        "UUID" => bare(UpperType::Uuid),
        _ => None,
    }
}

/// A `sa.func` name: dotted Python identifiers (`now`, `pg_catalog.now`).
fn is_func_name(name: &str) -> bool {
    name.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !is_keyword(part)
    })
}

/// `server_default=` value: a literal string, `sa.text(...)`, or
/// `sa.func.<name>(sa.text(arg), ...)`. Alembic compiles a function default
/// for the database (`sa.text('now()')`); aludel keeps the call, which is
/// the same default on every database and reads back to the same value.
pub(super) fn server_default_py(d: &ServerDefault) -> Result<String, String> {
    Ok(match d {
        ServerDefault::Literal(s) => repr_str(s),
        ServerDefault::Text(s) => format!("sa.text({})", repr_str(s)),
        ServerDefault::Func { name, args } => {
            if !is_func_name(name) {
                return Err(format!(
                    "the function name {name:?} cannot be written after sa.func."
                ));
            }
            let args: Vec<String> = args
                .iter()
                .map(|a| format!("sa.text({})", repr_str(a)))
                .collect();
            format!("sa.func.{name}({})", args.join(", "))
        }
    })
}

/// A Python literal for a `bulk_insert` value.
pub(super) fn literal_py(l: &Literal) -> Result<String, String> {
    Ok(match l {
        Literal::Null => "None".into(),
        Literal::Bool(b) => py_bool(*b).into(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(text) => {
            // Python reads the literal as a float and aludel keeps its
            // repr(), so the repr is what reads back unchanged.
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            let value = plain
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .filter(|_| plain.chars().any(|c| c.is_ascii_digit()));
            match value {
                Some(f) => crate::body::pyfloat::repr(f),
                None => return Err(format!("{text:?} is not a finite Python float literal")),
            }
        }
        Literal::Str(s) => repr_str(s),
    })
}
