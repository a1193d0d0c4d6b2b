//! Migration operations: one value per `op.*` call, as Alembic's operation
//! objects are. Each knows its reverse where Alembic's does.

mod reverse;

use serde::Serialize;

use crate::schema::{
    Column, Constraint, ForeignKey, IndexOptions, IndexPart, Literal, ServerDefault, SqlType,
};

/// The kind of constraint `drop_constraint(type_=...)` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ConstraintKind {
    /// `type_="primary"`.
    Primary,
    /// `type_="foreignkey"`.
    ForeignKey,
    /// `type_="unique"`.
    Unique,
    /// `type_="check"`.
    Check,
}

/// A change of a value in `alter_column`: left unset, or set to a new value
/// (which may be "none", e.g. dropping a default or a comment).
pub type Change<T> = Option<Option<T>>;

/// `op.alter_column(...)` arguments.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AlterColumn {
    /// Table name.
    pub table: String,
    /// Column name.
    pub column: String,
    /// Schema.
    pub schema: Option<String>,
    /// `nullable=`.
    pub nullable: Option<bool>,
    /// `type_=`.
    pub type_: Option<SqlType>,
    /// `server_default=` (`Some(None)` drops it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_default: Change<ServerDefault>,
    /// `new_column_name=`.
    pub new_column_name: Option<String>,
    /// `comment=` (`Some(None)` removes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Change<String>,
    /// `existing_type=`.
    pub existing_type: Option<SqlType>,
    /// `existing_nullable=`.
    pub existing_nullable: Option<bool>,
    /// `existing_server_default=`.
    pub existing_server_default: Option<ServerDefault>,
    /// `existing_comment=`.
    pub existing_comment: Option<String>,
    /// `postgresql_using=`.
    pub postgresql_using: Option<String>,
}

/// `batch_alter_table(recreate=...)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Recreate {
    /// `"auto"`: rebuild only where the database cannot alter in place (SQLite).
    #[default]
    Auto,
    /// `"always"`: rebuild the table on every database.
    Always,
    /// `"never"`: never rebuild; run each operation as it is.
    Never,
}

/// Where `batch_op.add_column(..., insert_before=/insert_after=)` places a
/// new column in a rebuilt table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnPlacement {
    /// The added column.
    pub column: String,
    /// `insert_before=`.
    pub before: Option<String>,
    /// `insert_after=`.
    pub after: Option<String>,
}

/// A `with op.batch_alter_table(...) as batch_op:` block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchAlterTable {
    /// Table name.
    pub table: String,
    /// Schema.
    pub schema: Option<String>,
    /// `recreate=`.
    pub recreate: Recreate,
    /// The `batch_op.*` calls, as operations on `table`, in order.
    pub ops: Vec<Op>,
    /// `insert_before=` / `insert_after=` of the block's `add_column` calls.
    pub placements: Vec<ColumnPlacement>,
    /// `naming_convention=`: `(kind, template)` pairs as written (`"fk"`,
    /// `"uq"`...). A rebuild names the reflected table's unnamed
    /// constraints by it first, so the block can drop them by name.
    pub naming_convention: Vec<(String, String)>,
}

/// One migration operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Op {
    /// `op.create_table(name, *columns, *constraints, comment=..., if_not_exists=...)`.
    CreateTable {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Columns, in order.
        columns: Vec<Column>,
        /// Table-level constraints, in order.
        constraints: Vec<Constraint>,
        /// Table comment.
        comment: Option<String>,
        /// `if_not_exists=True`.
        if_not_exists: bool,
    },
    /// `op.drop_table(name, if_exists=...)`.
    DropTable {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// `if_exists=True`.
        if_exists: bool,
    },
    /// `op.rename_table(old, new)`.
    RenameTable {
        /// Current name.
        table: String,
        /// New name.
        new_name: String,
        /// Schema.
        schema: Option<String>,
    },
    /// `op.add_column(table, column, if_not_exists=...)`.
    AddColumn {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// The new column.
        column: Column,
        /// `if_not_exists=True`.
        if_not_exists: bool,
        /// `inline_references=True`: the column's one foreign key as `REFERENCES` in the column.
        inline_references: bool,
        /// `inline_primary_key=True`: `PRIMARY KEY` in the column.
        inline_primary_key: bool,
    },
    /// `op.drop_column(table, column, if_exists=...)`.
    DropColumn {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Column name.
        column: String,
        /// `if_exists=True`.
        if_exists: bool,
    },
    /// `op.alter_column(...)`.
    AlterColumn(Box<AlterColumn>),
    /// `op.create_index(name, table, columns, unique=..., if_not_exists=..., **dialect_kw)`.
    CreateIndex {
        /// Index name.
        name: String,
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Columns / expressions.
        parts: Vec<IndexPart>,
        /// `unique=True`.
        unique: bool,
        /// `if_not_exists=True`.
        if_not_exists: bool,
        /// Dialect options.
        options: IndexOptions,
    },
    /// `op.drop_index(name, table_name=..., if_exists=...)`.
    DropIndex {
        /// Index name.
        name: String,
        /// Table name (MySQL needs it).
        table: Option<String>,
        /// Schema.
        schema: Option<String>,
        /// `if_exists=True`.
        if_exists: bool,
        /// `postgresql_concurrently=True`.
        postgresql_concurrently: bool,
    },
    /// `op.create_unique_constraint(name, table, columns)`.
    CreateUniqueConstraint {
        /// Constraint name.
        name: Option<String>,
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Columns.
        columns: Vec<String>,
    },
    /// `op.create_foreign_key(name, source, referent, local_cols, remote_cols, ...)`.
    CreateForeignKey {
        /// Source table.
        table: String,
        /// Source table's schema.
        schema: Option<String>,
        /// The key (name, columns, referent, actions).
        key: ForeignKey,
        /// `postgresql_not_valid=True`: existing rows are not checked
        /// (`NOT VALID`; PostgreSQL only).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        postgresql_not_valid: bool,
    },
    /// `op.create_check_constraint(name, table, condition)`.
    CreateCheckConstraint {
        /// Constraint name.
        name: Option<String>,
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Condition, SQL text.
        sqltext: String,
        /// `postgresql_not_valid=True`: existing rows are not checked
        /// (`NOT VALID`; PostgreSQL only).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        postgresql_not_valid: bool,
    },
    /// `op.create_primary_key(name, table, columns)`.
    CreatePrimaryKey {
        /// Constraint name.
        name: Option<String>,
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Columns.
        columns: Vec<String>,
    },
    /// `op.drop_constraint(name, table, type_=...)`.
    DropConstraint {
        /// Constraint name.
        name: String,
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// `type_=`.
        type_: Option<ConstraintKind>,
        /// `if_exists=True`.
        if_exists: bool,
    },
    /// `op.create_table_comment(table, comment, existing_comment=...)`.
    CreateTableComment {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// New comment.
        comment: String,
        /// `existing_comment=`.
        existing_comment: Option<String>,
    },
    /// `op.drop_table_comment(table, existing_comment=...)`.
    DropTableComment {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// `existing_comment=`.
        existing_comment: Option<String>,
    },
    /// `op.execute("...")`.
    Execute {
        /// SQL text, printed as written.
        sql: String,
    },
    /// `with op.batch_alter_table(table, recreate=...) as batch_op:` and
    /// the `batch_op.*` calls inside it, in order.
    Batch(Box<BatchAlterTable>),
    /// `sa.Enum(..., name=...).create(op.get_bind(), checkfirst=...)` or
    /// `postgresql.ENUM(...).create(...)`: `CREATE TYPE` on PostgreSQL,
    /// nothing elsewhere (SQLAlchemy creates no type where enums are not native).
    CreateEnum {
        /// Type name.
        name: String,
        /// Schema.
        schema: Option<String>,
        /// The values, in order.
        values: Vec<String>,
        /// `checkfirst=True`: skip when the type exists (online only).
        checkfirst: bool,
    },
    /// `sa.Enum(name=...).drop(op.get_bind(), checkfirst=...)`: `DROP TYPE`
    /// on PostgreSQL, nothing elsewhere.
    DropEnum {
        /// Type name.
        name: String,
        /// Schema.
        schema: Option<String>,
        /// `checkfirst=True`: skip when the type does not exist (online only).
        checkfirst: bool,
    },
    /// `with op.get_context().autocommit_block():` and the operations in
    /// it: they run outside the migration's transaction (PostgreSQL's
    /// `CREATE INDEX CONCURRENTLY`, `ALTER TYPE ... ADD VALUE`).
    Autocommit(Vec<Op>),
    /// `op.bulk_insert(table, rows)`.
    BulkInsert {
        /// Table name.
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Column names of the table (`sa.table(name, sa.column(...), ...)`).
        columns: Vec<String>,
        /// Rows: for each, the (column, value) pairs it sets.
        rows: Vec<Vec<(String, Literal)>>,
    },
}

impl Op {
    /// The `op.*` function name of this operation, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Op::CreateTable { .. } => "create_table",
            Op::DropTable { .. } => "drop_table",
            Op::RenameTable { .. } => "rename_table",
            Op::AddColumn { .. } => "add_column",
            Op::DropColumn { .. } => "drop_column",
            Op::AlterColumn(_) => "alter_column",
            Op::CreateIndex { .. } => "create_index",
            Op::DropIndex { .. } => "drop_index",
            Op::CreateUniqueConstraint { .. } => "create_unique_constraint",
            Op::CreateForeignKey { .. } => "create_foreign_key",
            Op::CreateCheckConstraint { .. } => "create_check_constraint",
            Op::CreatePrimaryKey { .. } => "create_primary_key",
            Op::DropConstraint { .. } => "drop_constraint",
            Op::CreateTableComment { .. } => "create_table_comment",
            Op::DropTableComment { .. } => "drop_table_comment",
            Op::Execute { .. } => "execute",
            Op::BulkInsert { .. } => "bulk_insert",
            Op::Batch(_) => "batch_alter_table",
            Op::Autocommit(_) => "autocommit_block",
            Op::CreateEnum { .. } => "create_enum",
            Op::DropEnum { .. } => "drop_enum",
        }
    }
}
