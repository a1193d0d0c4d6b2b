//! PostgreSQL: SERIAL keys, native `CREATE TYPE ... AS ENUM`, `COMMENT ON`
//! statements, `ALTER COLUMN ... TYPE ... USING`, concurrent indexes.

use super::{ddl, literal, names, reserved, types, Dialect, DialectKind, RenderError};
use crate::ops::{AlterColumn, Op};
use crate::schema::{Column, EnumType, PostgresqlType, SqlType, UpperType};

/// The PostgreSQL renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgresql;

fn timestamp(timezone: bool) -> String {
    format!(
        "TIMESTAMP {} TIME ZONE",
        if timezone { "WITH" } else { "WITHOUT" }
    )
}

impl Postgresql {
    fn enum_type(&self, e: &EnumType) -> Result<String, RenderError> {
        if !e.native_enum {
            return Ok(format!("VARCHAR({})", e.max_len()));
        }
        match &e.name {
            Some(name) => Ok(self.quote(name)),
            None => Err(RenderError::Type {
                reason: "PostgreSQL ENUM type requires a name.".to_string(),
            }),
        }
    }

    /// `CREATE TYPE` statements for the native enums of `columns`, first use first.
    fn create_enum_types(&self, columns: &[Column]) -> Vec<String> {
        let mut seen: Vec<&str> = Vec::new();
        let mut stmts = Vec::new();
        for c in columns {
            let Some(e) = c.type_.as_enum() else { continue };
            let Some(name) = e.name.as_deref() else {
                continue;
            };
            if !e.native_enum || !e.create_type || seen.contains(&name) {
                continue;
            }
            seen.push(name);
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| literal::string(DialectKind::Postgresql, v))
                .collect();
            stmts.push(format!(
                "CREATE TYPE {} AS ENUM ({})",
                self.quote(name),
                values.join(", ")
            ));
        }
        stmts
    }

    fn alter_column(&self, a: &AlterColumn) -> Result<Vec<String>, RenderError> {
        let mut stmts = Vec::new();
        if let Some(t) = &a.type_ {
            let mut s = format!(
                "{} ALTER COLUMN {} TYPE {}",
                ddl::alter_table(self, &a.schema, &a.table),
                self.quote(&a.column),
                self.compile_type(t)?
            );
            if let Some(using) = &a.postgresql_using {
                s.push_str(&format!(" USING {using}"));
            }
            stmts.push(s);
        }
        let rest = AlterColumn {
            type_: None,
            ..a.clone()
        };
        stmts.extend(ddl::alter_column(self, &rest)?);
        Ok(stmts)
    }
}

impl Dialect for Postgresql {
    fn kind(&self) -> DialectKind {
        DialectKind::Postgresql
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::POSTGRESQL
    }

    fn compile_type(&self, ty: &SqlType) -> Result<String, RenderError> {
        Ok(match ty {
            SqlType::DateTime { timezone } => timestamp(*timezone),
            SqlType::UtcDateTime => timestamp(true),
            SqlType::Time { timezone } => format!(
                "TIME {} TIME ZONE",
                if *timezone { "WITH" } else { "WITHOUT" }
            ),
            SqlType::Double => "DOUBLE PRECISION".into(),
            SqlType::Enum(e) => self.enum_type(e)?,
            SqlType::Uuid { .. } | SqlType::Guid => "UUID".into(),
            SqlType::LargeBinary { .. } | SqlType::PickleType => "BYTEA".into(),
            SqlType::Array(item) => format!("{}[]", self.compile_type(item)?),
            SqlType::Interval => "INTERVAL".into(),
            SqlType::Upper(UpperType::Timestamp { timezone }) => timestamp(*timezone),
            SqlType::Upper(UpperType::Time) => "TIME WITHOUT TIME ZONE".into(),
            SqlType::Postgresql(p) => match p {
                PostgresqlType::Jsonb => "JSONB".into(),
                PostgresqlType::Uuid => "UUID".into(),
                PostgresqlType::Array(item) => format!("{}[]", self.compile_type(item)?),
                PostgresqlType::Timestamp { timezone } => timestamp(*timezone),
                PostgresqlType::Enum(e) => self.enum_type(e)?,
                PostgresqlType::Inet => "INET".into(),
                PostgresqlType::Bytea => "BYTEA".into(),
                PostgresqlType::DoublePrecision => "DOUBLE PRECISION".into(),
            },
            _ => types::generic(self, ty)?,
        })
    }

    fn column_spec(&self, column: &Column, autoincrement: bool) -> Result<String, RenderError> {
        if autoincrement {
            let serial = match column.type_ {
                SqlType::BigInteger | SqlType::Upper(UpperType::BigInt) => "BIGSERIAL",
                SqlType::SmallInteger | SqlType::Upper(UpperType::SmallInt) => "SMALLSERIAL",
                _ => "SERIAL",
            };
            let mut spec = format!("{} {serial}", self.quote(&column.name));
            if !column.nullable {
                spec.push_str(" NOT NULL");
            }
            return Ok(spec);
        }
        let ty = self.compile_type(&column.type_)?;
        Ok(ddl::generic_column_spec(self, column, &ty, false))
    }

    fn render(&self, op: &Op) -> Result<Vec<String>, RenderError> {
        names::check_op(self.kind(), op)?;
        let stmts = match op {
            Op::CreateTable { columns, .. } => {
                let mut stmts: Vec<String> = self
                    .create_enum_types(columns)
                    .iter()
                    .map(|s| ddl::finish(self.kind(), s))
                    .collect();
                stmts.extend(ddl::render(self, op)?);
                return Ok(stmts);
            }
            Op::AlterColumn(a) => self.alter_column(a)?,
            Op::DropIndex {
                name,
                schema,
                if_exists,
                postgresql_concurrently,
                ..
            } => vec![format!(
                "DROP INDEX {}{}{}",
                if *postgresql_concurrently {
                    "CONCURRENTLY "
                } else {
                    ""
                },
                super::ddl::if_exists_prefix(*if_exists),
                ddl::table_name(self, schema, name)
            )],
            Op::CreateEnum {
                name,
                schema,
                values,
                ..
            } => {
                let values: Vec<String> = values
                    .iter()
                    .map(|v| literal::string(DialectKind::Postgresql, v))
                    .collect();
                vec![format!(
                    "CREATE TYPE {} AS ENUM ({})",
                    ddl::table_name(self, schema, name),
                    values.join(", ")
                )]
            }
            Op::DropEnum { name, schema, .. } => {
                vec![format!("DROP TYPE {}", ddl::table_name(self, schema, name))]
            }
            _ => return ddl::render(self, op),
        };
        Ok(stmts.iter().map(|s| ddl::finish(self.kind(), s)).collect())
    }
}
