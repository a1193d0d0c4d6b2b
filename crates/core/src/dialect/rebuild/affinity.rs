//! SQLAlchemy's type affinity (`TypeEngine._type_affinity`): the generic
//! family a type belongs to. Alembic's SQLite batch CASTs a column in the
//! INSERT ... SELECT only when an altered type changes family.

use crate::schema::{PostgresqlType, SqlType, UpperType};

/// A family of types, as SQLAlchemy's `_type_affinity` groups them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Affinity {
    /// `Integer` and its kin.
    Integer,
    /// `String`, `Text`, `CHAR`, enums.
    String,
    /// `Boolean`.
    Boolean,
    /// `Date`.
    Date,
    /// `DateTime`, `TIMESTAMP`.
    DateTime,
    /// `Time`.
    Time,
    /// `Float`, `REAL`, `DOUBLE`.
    Float,
    /// `Numeric`, `DECIMAL`.
    Numeric,
    /// `LargeBinary`, `BLOB`, `PickleType`.
    Binary,
    /// `JSON` and `JSONB`.
    Json,
    /// `Uuid`.
    Uuid,
    /// `Interval`.
    Interval,
    /// `ARRAY`.
    Array,
    /// A type reflected without a known family (SQLAlchemy's `NullType`).
    Null,
}

/// The affinity of a type.
pub(crate) fn affinity(ty: &SqlType) -> Affinity {
    use Affinity as A;
    match ty {
        SqlType::Integer | SqlType::BigInteger | SqlType::SmallInteger => A::Integer,
        SqlType::String { .. }
        | SqlType::Text { .. }
        | SqlType::Unicode { .. }
        | SqlType::UnicodeText
        | SqlType::Enum(_)
        | SqlType::AutoString { .. }
        | SqlType::Mysql(
            crate::schema::MysqlType::Longtext
            | crate::schema::MysqlType::Mediumtext
            | crate::schema::MysqlType::Tinytext
            | crate::schema::MysqlType::Enum(_),
        ) => A::String,
        SqlType::Mysql(
            crate::schema::MysqlType::Tinyint(_) | crate::schema::MysqlType::Mediumint(_),
        ) => A::Integer,
        SqlType::Mysql(
            crate::schema::MysqlType::Datetime(_) | crate::schema::MysqlType::Timestamp(_),
        ) => A::DateTime,
        SqlType::Boolean => A::Boolean,
        SqlType::Date => A::Date,
        SqlType::DateTime { .. } | SqlType::UtcDateTime => A::DateTime,
        SqlType::Time { .. } => A::Time,
        SqlType::Float { .. } | SqlType::Double => A::Float,
        SqlType::Numeric { .. } => A::Numeric,
        SqlType::Uuid { .. } => A::Uuid,
        // sqlmodel's GUID is a TypeDecorator over CHAR: its affinity is its own
        // class, which matches no other type's.
        SqlType::Guid => A::Null,
        SqlType::Json | SqlType::Sqlite(_) => A::Json,
        SqlType::LargeBinary { .. }
        | SqlType::PickleType
        | SqlType::Mysql(
            crate::schema::MysqlType::Longblob | crate::schema::MysqlType::Mediumblob,
        ) => A::Binary,
        SqlType::Interval => A::Interval,
        SqlType::Array(_) => A::Array,
        SqlType::Upper(u) => upper(u),
        SqlType::Postgresql(p) => match p {
            PostgresqlType::Jsonb => A::Json,
            PostgresqlType::Uuid => A::Uuid,
            PostgresqlType::Array(_) => A::Array,
            PostgresqlType::Timestamp { .. } => A::DateTime,
            PostgresqlType::Enum(_) => A::String,
            PostgresqlType::Inet => A::Null,
            PostgresqlType::Bytea => A::Binary,
            PostgresqlType::DoublePrecision => A::Float,
            PostgresqlType::Other(_) => A::Null,
        },
        // SQLite cannot compile these; a rebuild never meets them.
        SqlType::Mysql(crate::schema::MysqlType::Other(_)) => A::Null,
        SqlType::Reflected(spelling) => reflected(spelling),
    }
}

fn upper(u: &UpperType) -> Affinity {
    use Affinity as A;
    match u {
        UpperType::Varchar(_) | UpperType::Char(_) | UpperType::Nvarchar(_) | UpperType::Text => {
            A::String
        }
        UpperType::Integer | UpperType::BigInt | UpperType::SmallInt => A::Integer,
        UpperType::Boolean => A::Boolean,
        UpperType::Timestamp { .. } | UpperType::Datetime => A::DateTime,
        UpperType::Date => A::Date,
        UpperType::Time => A::Time,
        UpperType::Float | UpperType::Real | UpperType::Double | UpperType::DoublePrecision => {
            A::Float
        }
        UpperType::Numeric(..) | UpperType::Decimal(..) => A::Numeric,
        UpperType::Blob => A::Binary,
        UpperType::Json => A::Json,
        UpperType::Uuid => A::Uuid,
    }
}

/// The affinity of a reflected type spelling, by its name.
fn reflected(spelling: &str) -> Affinity {
    use Affinity as A;
    let name = spelling
        .split('(')
        .next()
        .unwrap_or(spelling)
        .trim()
        .to_uppercase();
    match name.as_str() {
        "INTEGER" | "INT" | "BIGINT" | "SMALLINT" | "TINYINT" => A::Integer,
        "VARCHAR" | "CHAR" | "NVARCHAR" | "NCHAR" | "TEXT" => A::String,
        "BOOLEAN" | "BOOL" => A::Boolean,
        "DATE" => A::Date,
        "DATETIME" | "TIMESTAMP" => A::DateTime,
        "TIME" => A::Time,
        "FLOAT" | "REAL" | "DOUBLE" | "DOUBLE PRECISION" => A::Float,
        "NUMERIC" | "DECIMAL" => A::Numeric,
        "BLOB" => A::Binary,
        "JSON" | "JSONB" => A::Json,
        "UUID" => A::Uuid,
        _ => A::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflected_and_declared_types_share_families() {
        assert_eq!(
            affinity(&SqlType::Reflected("VARCHAR(10)".into())),
            affinity(&SqlType::Text { collation: None })
        );
        assert_eq!(
            affinity(&SqlType::Reflected("BIGINT".into())),
            affinity(&SqlType::Integer)
        );
        assert_ne!(
            affinity(&SqlType::Reflected("NUMERIC(10, 2)".into())),
            affinity(&SqlType::Float { precision: None })
        );
        assert_eq!(
            affinity(&SqlType::Reflected("JSONB".into())),
            Affinity::Json
        );
    }
}
