//! Columns and their server defaults.

use serde::Serialize;

use super::SqlType;

/// A server-side default (`server_default=`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ServerDefault {
    /// A Python string: rendered as a quoted SQL literal (`DEFAULT 'x'`).
    Literal(String),
    /// `sa.text("...")`: SQL text rendered as written.
    Text(String),
    /// `sa.func.<name>(args...)`, arguments as SQL text (`func.now()`).
    Func {
        /// Function name as written after `func.`.
        name: String,
        /// Arguments, already SQL text.
        args: Vec<String>,
    },
}

/// A `sa.ForeignKey("table.col", ...)` attached to a column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnForeignKey {
    /// The target as written: `table.col` or `schema.table.col`.
    pub target: String,
    /// Optional constraint name.
    pub name: Option<String>,
    /// `ondelete=`.
    pub ondelete: Option<String>,
    /// `onupdate=`.
    pub onupdate: Option<String>,
}

/// A `sa.Column(...)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column type.
    pub type_: SqlType,
    /// `nullable=` (SQLAlchemy's default: true unless primary key).
    pub nullable: bool,
    /// `primary_key=True`.
    pub primary_key: bool,
    /// `autoincrement=`: `None` is SQLAlchemy's `"auto"`.
    pub autoincrement: Option<bool>,
    /// `server_default=`.
    pub server_default: Option<ServerDefault>,
    /// `comment=`.
    pub comment: Option<String>,
    /// `sa.ForeignKey(...)` arguments.
    pub foreign_keys: Vec<ColumnForeignKey>,
    /// `unique=True`.
    pub unique: bool,
    /// `index=True`.
    pub index: bool,
}

impl Column {
    /// `sa.Column(name, type_)` with SQLAlchemy's defaults.
    pub fn new(name: &str, type_: SqlType) -> Self {
        Column {
            name: name.to_string(),
            type_,
            nullable: true,
            primary_key: false,
            autoincrement: None,
            server_default: None,
            comment: None,
            foreign_keys: Vec::new(),
            unique: false,
            index: false,
        }
    }

    /// `nullable=False`.
    pub fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }

    /// `primary_key=True` (which also makes the column NOT NULL).
    pub fn primary_key(mut self) -> Self {
        self.primary_key = true;
        self.nullable = false;
        self
    }

    /// `server_default=`.
    pub fn default(mut self, default: ServerDefault) -> Self {
        self.server_default = Some(default);
        self
    }

    /// `comment=`.
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// Adds `sa.ForeignKey(target)`.
    pub fn references(mut self, target: &str) -> Self {
        self.foreign_keys.push(ColumnForeignKey {
            target: target.to_string(),
            name: None,
            ondelete: None,
            onupdate: None,
        });
        self
    }
}
