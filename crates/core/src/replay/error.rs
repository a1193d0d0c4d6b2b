//! Why an operation cannot be applied to the replayed schema.

/// A replay failure: the operation names something the schema does not
/// have (or already has). Messages name the table and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The table does not exist.
    #[error(
        "op.{op}: no table '{table}' (check the name, and that an earlier migration creates it)"
    )]
    NoSuchTable {
        /// The `op.*` name.
        op: &'static str,
        /// The table, schema-qualified when it has one.
        table: String,
    },
    /// The table exists already.
    #[error("op.{op}: table '{table}' already exists (drop or rename it first, or pass if_not_exists=True)")]
    TableExists {
        /// The `op.*` name.
        op: &'static str,
        /// The table.
        table: String,
    },
    /// The column does not exist.
    #[error("op.{op}: table '{table}' has no column '{column}' (its columns: {known})")]
    NoSuchColumn {
        /// The `op.*` name.
        op: &'static str,
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The columns it has.
        known: String,
    },
    /// The column exists already.
    #[error("op.{op}: table '{table}' already has a column '{column}'")]
    ColumnExists {
        /// The `op.*` name.
        op: &'static str,
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// No index or constraint of that name.
    #[error("op.{op}: no {what} named '{name}' on table '{table}'")]
    NoSuchName {
        /// The `op.*` name.
        op: &'static str,
        /// `index` or `constraint`.
        what: &'static str,
        /// The name.
        name: String,
        /// The table (or `?` when the operation does not say).
        table: String,
    },
}
