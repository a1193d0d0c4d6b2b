//! Operations to SQL statements for one run, through the core's dialect
//! renderer, with the few lookups online runs make first (SQLAlchemy's
//! `checkfirst` for enum types).

use aludel_core::dialect::{Dialect, DialectKind, RenderError};
use aludel_core::ops::Op;
use aludel_db::driver::{Connection, DbError};

/// Why an operation produced no statements to run.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    /// The operation cannot be rendered for this database.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A lookup in the live database failed.
    #[error(transparent)]
    Lookup(#[from] DbError),
}

/// Renders a run's operations in order.
pub struct Statements {
    dialect: &'static dyn Dialect,
}

impl Statements {
    /// A renderer for `kind`.
    pub fn new(kind: DialectKind) -> Self {
        Statements {
            dialect: kind.dialect(),
        }
    }

    /// The statements of one operation, as the `--sql` script prints them.
    /// Online (`live` given), `checkfirst` enum operations look the type
    /// up first and render nothing when there is nothing to do.
    pub fn render(
        &mut self,
        op: &Op,
        live: Option<&mut dyn Connection>,
    ) -> Result<Vec<String>, StatementError> {
        if let Some(conn) = live {
            if let Some(skip) = self.checkfirst_skips(op, conn)? {
                if skip {
                    return Ok(Vec::new());
                }
            }
        }
        Ok(self.dialect.render(op)?)
    }

    /// For `checkfirst` enum operations on PostgreSQL: whether the type's
    /// presence makes the operation a no-op.
    fn checkfirst_skips(
        &self,
        op: &Op,
        conn: &mut dyn Connection,
    ) -> Result<Option<bool>, DbError> {
        if self.dialect.kind() != DialectKind::Postgresql {
            return Ok(None);
        }
        let (name, schema, create) = match op {
            Op::CreateEnum {
                name,
                schema,
                checkfirst: true,
                ..
            } => (name, schema, true),
            Op::DropEnum {
                name,
                schema,
                checkfirst: true,
            } => (name, schema, false),
            _ => return Ok(None),
        };
        let exists = pg_type_exists(conn, schema.as_deref(), name)?;
        Ok(Some(exists == create))
    }
}

/// Whether PostgreSQL has a type `name` in `schema` (the search path's
/// first schema when none), as SQLAlchemy's `has_type` asks.
fn pg_type_exists(
    conn: &mut dyn Connection,
    schema: Option<&str>,
    name: &str,
) -> Result<bool, DbError> {
    let literal = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let schema_test = match schema {
        Some(s) => format!("n.nspname = {}", literal(s)),
        None => "pg_type_is_visible(t.oid)".to_string(),
    };
    let sql = format!(
        "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typname = {} AND {schema_test}",
        literal(name)
    );
    Ok(!conn.query_strings(&sql)?.is_empty())
}
