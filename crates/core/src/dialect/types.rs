//! Type compilation shared by the databases (SQLAlchemy's `GenericTypeCompiler`);
//! each database handles its own differences first and falls back here.

use super::{literal, Dialect, RenderError};
use crate::schema::{MysqlType, PostgresqlType, SqlType, SqliteType, UpperType};

/// `NAME` or `NAME(n)`.
pub(crate) fn with_len(name: &str, len: Option<u32>) -> String {
    match len {
        Some(n) => format!("{name}({n})"),
        None => name.to_string(),
    }
}

/// `NAME`, `NAME(p)` or `NAME(p, s)`.
pub(crate) fn with_precision(name: &str, precision: Option<u32>, scale: Option<u32>) -> String {
    match (precision, scale) {
        (Some(p), Some(s)) => format!("{name}({p}, {s})"),
        (Some(p), None) => format!("{name}({p})"),
        _ => name.to_string(),
    }
}

/// ` COLLATE x`, the name quoted as an identifier when `quoted` (not on MySQL).
pub(crate) fn collate<D: Dialect + ?Sized>(
    d: &D,
    collation: &Option<String>,
    quoted: bool,
) -> String {
    match collation {
        Some(c) if quoted => format!(" COLLATE {}", d.quote(c)),
        Some(c) => format!(" COLLATE {c}"),
        None => String::new(),
    }
}

/// The message SQLAlchemy gives for a type a database's compiler has no visit method for.
pub(crate) fn foreign_type<D: Dialect + ?Sized>(d: &D, ty: &SqlType) -> RenderError {
    RenderError::Type {
        reason: format!("type {ty:?} cannot be compiled on dialect {}", d.name()),
    }
}

/// The generic form of a type; `quoted_collation` is false on MySQL.
pub(crate) fn generic<D: Dialect + ?Sized>(d: &D, ty: &SqlType) -> Result<String, RenderError> {
    Ok(match ty {
        SqlType::Integer => "INTEGER".into(),
        SqlType::BigInteger => "BIGINT".into(),
        SqlType::SmallInteger => "SMALLINT".into(),
        SqlType::String { length, collation } => {
            with_len("VARCHAR", *length) + &collate(d, collation, true)
        }
        SqlType::Text { collation } => "TEXT".to_string() + &collate(d, collation, true),
        SqlType::Unicode { length } | SqlType::AutoString { length } => {
            with_len("VARCHAR", *length)
        }
        SqlType::UnicodeText => "TEXT".into(),
        SqlType::Boolean => "BOOLEAN".into(),
        SqlType::Date => "DATE".into(),
        SqlType::DateTime { .. } | SqlType::UtcDateTime => "DATETIME".into(),
        SqlType::Time { .. } => "TIME".into(),
        SqlType::Float { precision } => with_len("FLOAT", *precision),
        SqlType::Double => "DOUBLE".into(),
        SqlType::Numeric { precision, scale } => with_precision("NUMERIC", *precision, *scale),
        SqlType::Enum(e) => format!("VARCHAR({})", e.max_len()),
        SqlType::Uuid { .. } | SqlType::Guid => "CHAR(32)".into(),
        SqlType::Json => "JSON".into(),
        SqlType::LargeBinary { .. } | SqlType::PickleType => "BLOB".into(),
        SqlType::Interval => "DATETIME".into(),
        SqlType::Upper(u) => upper(u),
        SqlType::Sqlite(SqliteType::Json) => "JSON".into(),
        SqlType::Postgresql(PostgresqlType::Uuid) => "UUID".into(),
        SqlType::Postgresql(PostgresqlType::Timestamp { .. }) => "TIMESTAMP".into(),
        SqlType::Postgresql(PostgresqlType::DoublePrecision) => "DOUBLE PRECISION".into(),
        SqlType::Postgresql(PostgresqlType::Enum(e)) => format!("VARCHAR({})", e.max_len()),
        SqlType::Postgresql(PostgresqlType::Jsonb) => "JSONB".into(),
        SqlType::Mysql(MysqlType::Datetime(_)) => "DATETIME".into(),
        SqlType::Reflected(spelling) => spelling.clone(),
        _ => return Err(foreign_type(d, ty)),
    })
}

/// The upper-case SQL types, generic spelling.
pub(crate) fn upper(u: &UpperType) -> String {
    match u {
        UpperType::Varchar(n) => with_len("VARCHAR", *n),
        UpperType::Char(n) => with_len("CHAR", *n),
        UpperType::Nvarchar(n) => with_len("NVARCHAR", *n),
        UpperType::Integer => "INTEGER".into(),
        UpperType::BigInt => "BIGINT".into(),
        UpperType::SmallInt => "SMALLINT".into(),
        UpperType::Text => "TEXT".into(),
        UpperType::Boolean => "BOOLEAN".into(),
        UpperType::Timestamp { .. } => "TIMESTAMP".into(),
        UpperType::Datetime => "DATETIME".into(),
        UpperType::Date => "DATE".into(),
        UpperType::Time => "TIME".into(),
        UpperType::Float => "FLOAT".into(),
        UpperType::Real => "REAL".into(),
        UpperType::Double => "DOUBLE".into(),
        UpperType::DoublePrecision => "DOUBLE PRECISION".into(),
        UpperType::Numeric(p, s) => with_precision("NUMERIC", *p, *s),
        UpperType::Decimal(p, s) => with_precision("DECIMAL", *p, *s),
        UpperType::Blob => "BLOB".into(),
        UpperType::Json => "JSON".into(),
        UpperType::Uuid => "UUID".into(),
    }
}

/// `ENUM('a','b')` (MySQL's native enum; values as string literals, no spaces).
pub(crate) fn mysql_enum<D: Dialect + ?Sized>(d: &D, values: &[String]) -> String {
    let vals: Vec<String> = values
        .iter()
        .map(|v| literal::string(d.kind(), v))
        .collect();
    format!("ENUM({})", vals.join(","))
}
