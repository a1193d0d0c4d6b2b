//! Operations to SQL statements for one run, through the core's dialect
//! renderer, with what it needs besides the operation: the shape of a table
//! SQLite rebuilds (read from the live database online, replayed from the
//! earlier revisions for a `--sql` script) and the lookups of SQLAlchemy's
//! `checkfirst` for enum types.

use aludel_core::dialect::{render_op_in, Dialect, DialectKind, Layout, RenderError};
use aludel_core::ops::Op;
use aludel_core::schema::SchemaState;
use aludel_db::driver::{Connection, DbError};
use aludel_db::introspect::LiveShapes;

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
    /// Offline: the schema the operations so far have built.
    replayed: SchemaState,
}

impl Statements {
    /// Statements rendered by `dialect`.
    pub fn new(dialect: &'static dyn Dialect) -> Self {
        Statements {
            dialect,
            replayed: SchemaState::new(),
        }
    }

    /// Whether a `--sql` script on this database needs the tables' shapes
    /// (SQLite rebuilds tables; the others alter them in place).
    pub fn needs_replay(&self) -> bool {
        self.dialect.kind() == DialectKind::Sqlite
    }

    /// Offline: records what an operation does to the schema without
    /// rendering it (revisions before the script's start). An operation
    /// the replay cannot follow (a table made by raw SQL) only matters if
    /// a later rebuild needs that table, which then says so.
    pub fn replay(&mut self, op: &Op) {
        let _ = aludel_core::replay::apply(&mut self.replayed, op);
    }

    /// The statements of one operation, as the `--sql` script prints them.
    /// Online (`live` given), `checkfirst` enum operations look the type
    /// up first and render nothing when there is nothing to do.
    pub fn render(
        &mut self,
        op: &Op,
        live: Option<&mut dyn Connection>,
    ) -> Result<Vec<String>, StatementError> {
        match live {
            Some(conn) => {
                if let Some(true) = self.checkfirst_skips(op, conn)? {
                    return Ok(Vec::new());
                }
                let mut shapes = LiveShapes::new(conn);
                let rendered = render_op_in(self.dialect, op, &mut shapes, Layout::Online)?;
                Ok(rendered.statements)
            }
            None => {
                let rendered = render_op_in(self.dialect, op, &mut self.replayed, Layout::Offline)?;
                match rendered.rebuilt {
                    Some(table) => self.replayed.insert(table),
                    None => self.replay(op),
                }
                Ok(rendered.statements)
            }
        }
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
