//! Values bound to typed columns (`sa.table(..., sa.column("x", sa.Boolean))`)
//! as SQLAlchemy's literal rendering treats them offline: integers for
//! integer columns, booleans for boolean ones, and an error where
//! SQLAlchemy has no way to print the value (a string for a date column,
//! a number for a string column...).

use aludel_core::dialect::DialectKind;
use aludel_core::schema::{Literal, MysqlType, PostgresqlType, SqlType, UpperType};
use ruff_text_size::TextRange;

use super::error::BodyError;
use super::interp::Interp;

/// What SQLAlchemy needs for a column type's literals.
enum Kind {
    Integer,
    Boolean,
    Text,
    Temporal,
    Uuid,
    Other,
}

fn kind(ty: &SqlType) -> Kind {
    if ty.is_integer() {
        return Kind::Integer;
    }
    match ty {
        SqlType::Boolean | SqlType::Upper(UpperType::Boolean) => Kind::Boolean,
        SqlType::String { .. }
        | SqlType::Text { .. }
        | SqlType::Unicode { .. }
        | SqlType::UnicodeText
        | SqlType::AutoString { .. }
        | SqlType::Enum(_)
        | SqlType::Upper(
            UpperType::Varchar(_) | UpperType::Char(_) | UpperType::Nvarchar(_) | UpperType::Text,
        )
        | SqlType::Mysql(
            MysqlType::Longtext | MysqlType::Mediumtext | MysqlType::Tinytext | MysqlType::Enum(_),
        )
        | SqlType::Postgresql(PostgresqlType::Enum(_)) => Kind::Text,
        SqlType::Date
        | SqlType::DateTime { .. }
        | SqlType::Time { .. }
        | SqlType::UtcDateTime
        | SqlType::Interval
        | SqlType::Upper(
            UpperType::Timestamp { .. } | UpperType::Datetime | UpperType::Date | UpperType::Time,
        )
        | SqlType::Postgresql(PostgresqlType::Timestamp { .. })
        | SqlType::Mysql(MysqlType::Datetime(_) | MysqlType::Timestamp(_)) => Kind::Temporal,
        SqlType::Uuid { .. }
        | SqlType::Guid
        | SqlType::Upper(UpperType::Uuid)
        | SqlType::Postgresql(PostgresqlType::Uuid) => Kind::Uuid,
        _ => Kind::Other,
    }
}

impl Interp<'_> {
    /// `value` for a column of type `ty` (unknown types take it as is).
    /// Online the database driver converts values, so only offline rules apply.
    pub(crate) fn typed_literal(
        &self,
        ty: Option<&SqlType>,
        value: Literal,
        range: TextRange,
    ) -> Result<Literal, BodyError> {
        let (Some(ty), true) = (ty, self.ctx.offline) else {
            return Ok(value);
        };
        let cannot = |what: &str| {
            Err(self.fails(
                range,
                format!("{what} cannot be printed offline for this column"),
                "SQLAlchemy has no literal for it and Alembic fails here too; write the statement with op.execute(\"...\"), or run online",
            ))
        };
        match (kind(ty), value) {
            (_, Literal::Null) => Ok(Literal::Null),
            (Kind::Integer, Literal::Str(s)) => match s.trim().parse::<i64>() {
                Ok(i) => Ok(Literal::Int(i)),
                Err(_) => cannot(&format!("the string {s:?}")),
            },
            (Kind::Integer, Literal::Bool(b)) => Ok(Literal::Int(i64::from(b))),
            (Kind::Boolean, Literal::Int(0)) => Ok(Literal::Bool(false)),
            (Kind::Boolean, Literal::Int(1)) => Ok(Literal::Bool(true)),
            (Kind::Boolean, Literal::Int(i)) => cannot(&format!("the integer {i}")),
            (Kind::Boolean, Literal::Str(_) | Literal::Float(_)) => cannot("a non-boolean value"),
            (Kind::Text, Literal::Int(_) | Literal::Float(_) | Literal::Bool(_)) => {
                cannot("a non-string value")
            }
            (Kind::Temporal, Literal::Str(_)) => cannot("a date/time written as a string"),
            (Kind::Uuid, Literal::Str(_)) if self.ctx.dialect != DialectKind::Postgresql => {
                cannot("a UUID written as a string")
            }
            (_, v) => Ok(v),
        }
    }
}
