//! The schema model: plain data describing tables, columns, types, constraints
//! and indexes, as SQLAlchemy's `MetaData` objects do. No rendering lives here;
//! the dialect renderers read these values.

mod column;
mod constraint;
mod state;
mod table;
mod types;

pub use column::{Column, ColumnForeignKey, Generated, Identity, ServerDefault};
pub use constraint::{Constraint, ForeignKey, Index, IndexOptions, IndexPart};
pub use state::{SchemaState, TableShapes};
pub(crate) use table::split_target;
pub use table::{constraint_columns, constraint_name, Table};
pub use types::{
    DialectOnlyType, EnumType, MysqlType, PostgresqlType, SqlType, SqliteType, UpperType,
};

/// A literal value as `op.bulk_insert` rows or `op.inline_literal` carry it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Literal {
    /// `None`.
    Null,
    /// `True` / `False`.
    Bool(bool),
    /// A Python `int`.
    Int(i64),
    /// A Python `float`, kept as its source text so it prints unchanged.
    Float(String),
    /// A Python `str`.
    Str(String),
}
