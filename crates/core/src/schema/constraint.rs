//! Table constraints and indexes.

use serde::Serialize;

/// A foreign key's definition, shared by table constraints and `create_foreign_key`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForeignKey {
    /// Constraint name.
    pub name: Option<String>,
    /// Local column names.
    pub columns: Vec<String>,
    /// Referred table's schema.
    pub referent_schema: Option<String>,
    /// Referred table.
    pub referent_table: String,
    /// Referred column names.
    pub referent_columns: Vec<String>,
    /// `ON DELETE` action.
    pub ondelete: Option<String>,
    /// `ON UPDATE` action.
    pub onupdate: Option<String>,
    /// `DEFERRABLE` / `NOT DEFERRABLE`.
    pub deferrable: Option<bool>,
    /// `INITIALLY ...`.
    pub initially: Option<String>,
    /// `MATCH ...`.
    pub match_: Option<String>,
}

impl ForeignKey {
    /// An unnamed key from `columns` to `table (referent_columns)`.
    pub fn new(columns: &[&str], table: &str, referent_columns: &[&str]) -> Self {
        ForeignKey {
            name: None,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            referent_schema: None,
            referent_table: table.to_string(),
            referent_columns: referent_columns.iter().map(|c| c.to_string()).collect(),
            ondelete: None,
            onupdate: None,
            deferrable: None,
            initially: None,
            match_: None,
        }
    }
}

/// A table-level constraint as passed to `create_table`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Constraint {
    /// `sa.PrimaryKeyConstraint(*columns, name=...)`.
    PrimaryKey {
        /// Constraint name.
        name: Option<String>,
        /// Key columns.
        columns: Vec<String>,
    },
    /// `sa.ForeignKeyConstraint(...)`.
    ForeignKey(ForeignKey),
    /// `sa.UniqueConstraint(*columns, name=...)`.
    Unique {
        /// Constraint name.
        name: Option<String>,
        /// Columns.
        columns: Vec<String>,
    },
    /// `sa.CheckConstraint(sqltext, name=...)`.
    Check {
        /// Constraint name.
        name: Option<String>,
        /// The condition, SQL text.
        sqltext: String,
    },
}

/// One element of an index: a column name or an SQL expression (`sa.text(...)`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum IndexPart {
    /// A column, quoted as an identifier.
    Column(String),
    /// An expression, rendered as written.
    Expression(String),
}

/// Dialect options of an index (`postgresql_where=`, `mysql_length=`...).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexOptions {
    /// `postgresql_where=`: partial index condition (SQL text).
    pub postgresql_where: Option<String>,
    /// `postgresql_using=`: index method.
    pub postgresql_using: Option<String>,
    /// `postgresql_concurrently=True`.
    pub postgresql_concurrently: bool,
    /// `sqlite_where=`: partial index condition.
    pub sqlite_where: Option<String>,
    /// `mysql_length=`: one prefix length for every column.
    pub mysql_length: Option<u32>,
    /// `mysql_length={"col": n}`: prefix lengths of some columns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mysql_lengths: Vec<(String, u32)>,
    /// `postgresql_nulls_not_distinct=`: `NULLS NOT DISTINCT` (true) or
    /// `NULLS DISTINCT` (false) after the columns (PostgreSQL 15+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postgresql_nulls_not_distinct: Option<bool>,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    /// Index name.
    pub name: Option<String>,
    /// Indexed columns / expressions.
    pub parts: Vec<IndexPart>,
    /// `unique=True`.
    pub unique: bool,
    /// Dialect options.
    pub options: IndexOptions,
}
