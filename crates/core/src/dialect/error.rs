//! The one error type of rendering.

/// Why an operation cannot be rendered for a database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// SQLite cannot ALTER constraints; Alembic needs batch mode.
    #[error(
        "op.{op}: No support for ALTER of constraints in SQLite dialect. Please refer to the \
         batch mode feature which allows for SQLite migrations using a copy-and-move strategy \
         (use `with op.batch_alter_table(...)`)."
    )]
    NeedsBatch {
        /// The `op.*` name.
        op: &'static str,
    },
    /// Rebuilding a table (batch move-and-copy) needs the table's current
    /// shape, which plain rendering does not have.
    #[error("batch_alter_table('{table}'): rebuilding the table needs its current shape")]
    NeedsTableShape {
        /// The table.
        table: String,
    },
    /// The database (or SQLAlchemy's compiler for it) has no form for this.
    #[error("op.{op}: {reason}")]
    Unsupported {
        /// The `op.*` name.
        op: &'static str,
        /// What is missing, in Alembic's / SQLAlchemy's words where they have some.
        reason: String,
    },
    /// An index or constraint name longer than the database allows.
    #[error("Identifier '{name}' exceeds maximum length of {max} characters")]
    IdentifierTooLong {
        /// The name.
        name: String,
        /// The database's limit.
        max: usize,
    },
    /// A type cannot be compiled for this database.
    #[error("{reason}")]
    Type {
        /// SQLAlchemy's message.
        reason: String,
    },
    /// A table to rebuild does not exist in the shape source.
    #[error(
        "op.{op}: table '{table}' does not exist, and rebuilding it (SQLite move-and-copy) \
         needs its current columns; check the table name and that an earlier migration creates it"
    )]
    NoSuchTable {
        /// The `op.*` name.
        op: &'static str,
        /// The table, schema-qualified when it has one.
        table: String,
    },
    /// Reading a table's shape (from the database or the replayed schema) failed.
    #[error("reading the columns of table '{table}' failed: {message}")]
    TableShape {
        /// The table.
        table: String,
        /// The source's explanation.
        message: String,
    },
    /// A batch rebuild cannot apply one of its operations (Alembic's
    /// `ValueError`s: a constraint without a name, a missing column...).
    #[error("batch_alter_table('{table}'): {reason}")]
    Batch {
        /// The table.
        table: String,
        /// What is wrong and what to do.
        reason: String,
    },
}
