//! SQLite: generic DDL; no ALTER of constraints (batch mode is needed), no
//! comments, parenthesised expression defaults.

use super::{ddl, reserved, types, Dialect, DialectKind, RenderError};
use crate::ops::Op;
use crate::schema::{Column, SqlType};

/// The SQLite renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn kind(&self) -> DialectKind {
        DialectKind::Sqlite
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::SQLITE
    }

    fn compile_type(&self, ty: &SqlType) -> Result<String, RenderError> {
        match ty {
            SqlType::Float { .. } => Ok("FLOAT".into()),
            _ => types::generic(self, ty),
        }
    }

    fn has_comments(&self) -> bool {
        false
    }

    fn alters_in_place(&self) -> bool {
        false
    }

    fn checks_references_in_ddl(&self) -> bool {
        false
    }

    fn column_spec(&self, column: &Column, _autoincrement: bool) -> Result<String, RenderError> {
        let ty = self.compile_type(&column.type_)?;
        // SQLite's compiler puts GENERATED after NOT NULL; it has no
        // identity columns.
        let computed = column.generated.as_ref().and_then(|g| g.computed_sql());
        let plain;
        let column = if column.generated.is_some() {
            plain = Column {
                generated: None,
                ..column.clone()
            };
            &plain
        } else {
            column
        };
        let mut spec = ddl::generic_column_spec(self, column, &ty, true);
        if let Some(sql) = computed {
            spec.push_str(&format!(" {sql}"));
        }
        if !ty.is_empty() {
            return Ok(spec);
        }
        // A column without a declared type (reflected that way): no blank
        // where the type would be.
        let name = self.quote(&column.name);
        Ok(match spec.get(name.len() + 1..) {
            Some(rest) => format!("{name}{rest}"),
            None => spec,
        })
    }

    fn render(&self, op: &Op) -> Result<Vec<String>, RenderError> {
        match op {
            Op::DropConstraint { .. } => Err(RenderError::NeedsBatch { op: op.name() }),
            _ => ddl::render(self, op),
        }
    }
}
