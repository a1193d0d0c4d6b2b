//! Operations to SQL statements for one run, through the core's dialect
//! renderer, with what it needs besides the operation: the shape of a table
//! SQLite rebuilds (read from the live database online, replayed from the
//! earlier revisions for a `--sql` script), the lookups of SQLAlchemy's
//! `checkfirst` for enum types, and online the enum types aludel looks
//! after itself ([`crate::enum_lifecycle`]).

use aludel_core::dialect::{render_op_in, Dialect, DialectKind, Layout, RenderError};
use aludel_core::ops::Op;
use aludel_core::schema::SchemaState;
use aludel_db::driver::{Connection, DbError};
use aludel_db::introspect::LiveShapes;

use crate::enum_lifecycle::EnumLifecycle;

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
    /// Online: PostgreSQL enum types made and dropped around the operations.
    enums: EnumLifecycle,
}

impl Statements {
    /// Statements rendered by `dialect`.
    pub fn new(dialect: &'static dyn Dialect) -> Self {
        Statements {
            dialect,
            replayed: SchemaState::new(),
            enums: EnumLifecycle::default(),
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
                let around = self.enums.before(self.dialect, op, conn)?;
                if around.skip {
                    return Ok(Vec::new());
                }
                let op = around.replace.as_ref().unwrap_or(op);
                let mut shapes = LiveShapes::new(conn);
                let rendered = render_op_in(self.dialect, op, &mut shapes, Layout::Online)?;
                let mut statements = around.before;
                statements.extend(rendered.statements);
                Ok(statements)
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

    /// Online, at the end of a step: the statements that drop the enum
    /// types the step's dropped columns used and nothing uses any more.
    pub fn end_step(&mut self, live: Option<&mut dyn Connection>) -> Result<Vec<String>, DbError> {
        match live {
            Some(conn) => self.enums.end_step(self.dialect, conn),
            None => Ok(Vec::new()),
        }
    }

    /// For `checkfirst` enum operations: whether the type's presence
    /// makes the operation a no-op (`None`: not such an operation, or a
    /// database without enum types).
    fn checkfirst_skips(
        &self,
        op: &Op,
        conn: &mut dyn Connection,
    ) -> Result<Option<bool>, DbError> {
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
        Ok(conn
            .enum_type_exists(schema.as_deref(), name)?
            .map(|exists| exists == create))
    }
}
