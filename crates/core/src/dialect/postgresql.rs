//! PostgreSQL: SERIAL keys, native `CREATE TYPE ... AS ENUM`, `COMMENT ON`
//! statements, `ALTER COLUMN ... TYPE ... USING`, concurrent indexes.

use super::{ddl, literal, names, normal, reserved, types, Dialect, DialectKind, RenderError};
use crate::ops::{AlterColumn, ConstraintKind, Op};
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
                PostgresqlType::Other(t) => t.sql.clone(),
            },
            _ => types::generic(self, ty)?,
        })
    }

    fn normal_type(&self, ty: &SqlType) -> String {
        let t = normal::generic_type(self, ty);
        pg_synonyms(&t)
    }

    fn normal_default(&self, sql: &str) -> String {
        let d = normal::generic_default(&normal::strip_casts(sql));
        match d.as_str() {
            "now()" | "current_timestamp" | "transaction_timestamp()" => "current_timestamp".into(),
            _ => d,
        }
    }

    fn implicit_constraint_name(
        &self,
        kind: ConstraintKind,
        table: &str,
        columns: &[String],
        taken: &[String],
    ) -> Option<String> {
        let label = match kind {
            ConstraintKind::Primary => "pkey",
            ConstraintKind::ForeignKey => "fkey",
            ConstraintKind::Unique => "key",
            ConstraintKind::Check => "check",
        };
        let joined = columns.join("_");
        let base = pg_object_name(table, &joined, label);
        if !taken.contains(&base) {
            return Some(base);
        }
        (1..)
            .map(|n| pg_object_name(table, &joined, &format!("{label}{n}")))
            .find(|n| !taken.contains(n))
    }

    fn has_enum_types(&self) -> bool {
        true
    }

    fn has_identity_columns(&self) -> bool {
        true
    }

    fn has_not_valid_constraints(&self) -> bool {
        true
    }

    fn column_spec(&self, column: &Column, autoincrement: bool) -> Result<String, RenderError> {
        let identity = column.generated.as_ref().is_some_and(|g| g.is_identity());
        if autoincrement && !identity {
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

/// PostgreSQL's own names for the generic spellings: `FLOAT` is `DOUBLE
/// PRECISION` (or `REAL` up to 24 bits), `INT` is `INTEGER`, `BOOL` is
/// `BOOLEAN`, a bare `CHAR` is `CHAR(1)`.
fn pg_synonyms(t: &str) -> String {
    if let Some(item) = t.strip_suffix("[]") {
        return format!("{}[]", pg_synonyms(item));
    }
    if t == "FLOAT" || t == "DOUBLE" {
        return "DOUBLE PRECISION".into();
    }
    if let Some(bits) = t.strip_prefix("FLOAT(").and_then(|r| r.strip_suffix(')')) {
        return match bits.parse::<u32>() {
            Ok(n) if n <= 24 => "REAL".into(),
            _ => "DOUBLE PRECISION".into(),
        };
    }
    match t {
        "INT" | "INT4" => "INTEGER".into(),
        "INT8" => "BIGINT".into(),
        "INT2" => "SMALLINT".into(),
        "BOOL" => "BOOLEAN".into(),
        "CHAR" => "CHAR(1)".into(),
        "TIMESTAMP" => "TIMESTAMP WITHOUT TIME ZONE".into(),
        "TIME" => "TIME WITHOUT TIME ZONE".into(),
        "DECIMAL" => "NUMERIC".into(),
        _ => t.to_string(),
    }
}

/// PostgreSQL's `makeObjectName`: `table_columns_label`, the longer of
/// the table and column parts shortened until the name fits 63 bytes.
fn pg_object_name(table: &str, columns: &str, label: &str) -> String {
    let overhead = label.len() + if columns.is_empty() { 1 } else { 2 };
    let avail = 63usize.saturating_sub(overhead);
    let (mut t_len, mut c_len) = (table.len(), columns.len());
    while t_len + c_len > avail {
        if t_len > c_len {
            t_len -= 1;
        } else {
            c_len -= 1;
        }
    }
    let cut = |s: &str, n: usize| -> String {
        let mut end = n.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s[..end].to_string()
    };
    if columns.is_empty() {
        format!("{}_{label}", cut(table, t_len))
    } else {
        format!("{}_{}_{label}", cut(table, t_len), cut(columns, c_len))
    }
}
