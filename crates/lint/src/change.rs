//! What the rules look at: a revision's operations — and the statements of
//! its `op.execute()` SQL — lowered to one vocabulary of schema changes, each
//! with the facts a rule needs (did the table exist before the revision,
//! does it run inside the migration's transaction). Two sources, one set of
//! rules: `op.add_column(..., nullable=False)` and `ALTER TABLE ... ADD
//! COLUMN ... NOT NULL` are the same change.

use serde::Serialize;

use crate::types::TypeFacts;

/// A table, as `(schema, name)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TableRef {
    /// Schema, when the operation names one.
    pub schema: Option<String>,
    /// Table name.
    pub name: String,
}

impl TableRef {
    /// `schema.name` or `name`.
    pub fn display(&self) -> String {
        match &self.schema {
            Some(schema) => format!("{schema}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Origin {
    /// An `op.*` call.
    Operation,
    /// A statement in the SQL of `op.execute()`.
    Sql,
}

/// One schema change, with its context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// What changes.
    pub kind: ChangeKind,
    /// The table it changes (none for session settings).
    pub table: Option<TableRef>,
    /// The table existed before this revision, so it may hold rows (a table
    /// the same revision created is empty).
    pub existing: bool,
    /// It runs inside the migration's transaction (not in an
    /// `autocommit_block()`).
    pub in_transaction: bool,
    /// An operation or SQL.
    pub origin: Origin,
    /// Index of the top-level operation it came from, in the body's order
    /// (what `--fix` rewrites).
    pub op_index: usize,
}

/// A column an `add_column` / `ADD COLUMN` creates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewColumn {
    /// Column name.
    pub name: String,
    /// Its type.
    pub type_: TypeFacts,
    /// NULL allowed.
    pub nullable: bool,
    /// Its server default, as SQL text.
    pub default: Option<String>,
    /// It references another table.
    pub references: bool,
    /// `unique=True` / `UNIQUE`.
    pub unique: bool,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `GENERATED ... STORED`: computed for every row when added.
    pub generated: bool,
}

/// The kinds of change the rules know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ChangeKind {
    /// A table is created.
    CreateTable,
    /// A column is added.
    AddColumn(NewColumn),
    /// A column becomes NOT NULL.
    SetNotNull {
        /// Column name.
        column: String,
        /// A validated `CHECK (column IS NOT NULL)` already holds, which
        /// lets PostgreSQL 12+ skip the scan.
        proven_by_check: bool,
    },
    /// A column's type changes.
    AlterType {
        /// Column name.
        column: String,
        /// The type before, when known.
        from: Option<TypeFacts>,
        /// The new type.
        to: TypeFacts,
    },
    /// A column is renamed.
    RenameColumn {
        /// Old name.
        column: String,
        /// New name.
        to: String,
    },
    /// The table is renamed.
    RenameTable {
        /// New name.
        to: String,
    },
    /// A column is dropped.
    DropColumn {
        /// Column name.
        column: String,
    },
    /// The table is dropped.
    DropTable,
    /// A foreign key is added.
    AddForeignKey {
        /// Constraint name.
        name: Option<String>,
        /// `NOT VALID`: existing rows are not checked now.
        not_valid: bool,
    },
    /// A CHECK constraint is added.
    AddCheck {
        /// Constraint name.
        name: Option<String>,
        /// `NOT VALID`.
        not_valid: bool,
        /// The condition, as SQL text.
        condition: String,
    },
    /// `VALIDATE CONSTRAINT`.
    ValidateConstraint {
        /// Constraint name.
        name: String,
    },
    /// A unique constraint is added.
    AddUnique {
        /// Constraint name.
        name: Option<String>,
        /// `UNIQUE USING INDEX`: over an index built beforehand.
        using_index: bool,
    },
    /// A primary key is added.
    AddPrimaryKey {
        /// `PRIMARY KEY USING INDEX`.
        using_index: bool,
    },
    /// An index is created.
    CreateIndex {
        /// Index name.
        name: String,
        /// `UNIQUE`.
        unique: bool,
        /// `CONCURRENTLY` / `postgresql_concurrently=True`.
        concurrently: bool,
        /// `FULLTEXT` / `SPATIAL`: InnoDB copies the table (the first
        /// FULLTEXT index) or blocks writes while building it.
        copies_table: bool,
    },
    /// An index is dropped.
    DropIndex {
        /// Index name.
        name: String,
        /// `CONCURRENTLY`.
        concurrently: bool,
    },
    /// `SET lock_timeout` (or MySQL's `lock_wait_timeout`).
    SetLockTimeout,
    /// An UPDATE.
    Update {
        /// It has a WHERE clause.
        has_where: bool,
    },
    /// A DELETE.
    Delete {
        /// It has a WHERE clause.
        has_where: bool,
    },
    /// SQLite copies the whole table into a new one (batch "move and copy").
    Rebuild,
}

impl ChangeKind {
    /// It takes a lock that blocks reads or writes of an existing table
    /// for as long as it waits (PostgreSQL's ACCESS EXCLUSIVE and SHARE
    /// locks, MySQL's metadata lock), so a long-running query ahead of it
    /// stalls every query behind it.
    pub fn takes_table_lock(&self) -> bool {
        !matches!(
            self,
            ChangeKind::CreateTable
                | ChangeKind::SetLockTimeout
                | ChangeKind::ValidateConstraint { .. }
                | ChangeKind::Update { .. }
                | ChangeKind::Delete { .. }
                | ChangeKind::CreateIndex {
                    concurrently: true,
                    ..
                }
                | ChangeKind::DropIndex {
                    concurrently: true,
                    ..
                }
        )
    }
}
