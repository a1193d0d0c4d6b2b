//! A table's shape: what schema replay tracks and what a batch rebuild
//! (SQLite move-and-copy) needs to know about the table it copies.

use serde::Serialize;

use super::{Column, Constraint, ForeignKey, Index, IndexOptions, IndexPart};

/// A table as it stands at one point of a migration: its columns in order,
/// its table-level constraints and its indexes.
///
/// The shape is kept canonical so that a table created by `create_table`
/// and the same table read back from a database compare equal: column-level
/// `sa.ForeignKey(...)`, `unique=True` and `index=True` are moved to
/// [`Table::constraints`] / [`Table::indexes`], and the primary key is one
/// [`Constraint::PrimaryKey`] whose columns also carry `primary_key`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// Schema (`None`: the default one).
    pub schema: Option<String>,
    /// Columns, in table order.
    pub columns: Vec<Column>,
    /// Primary key, foreign keys, unique and check constraints.
    pub constraints: Vec<Constraint>,
    /// Indexes on the table (not the ones a database makes for a UNIQUE or
    /// PRIMARY KEY constraint).
    pub indexes: Vec<Index>,
    /// Table comment.
    pub comment: Option<String>,
    /// SQLite `AUTOINCREMENT` on the integer primary key
    /// (SQLAlchemy's `sqlite_autoincrement=True`).
    pub sqlite_autoincrement: bool,
}

impl Table {
    /// An empty table called `name`.
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Table {
            name: name.to_string(),
            schema: schema.map(str::to_string),
            columns: Vec::new(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            sqlite_autoincrement: false,
        }
    }

    /// The shape `op.create_table(...)` makes, canonicalised (see [`Table`]).
    pub fn from_create(
        schema: Option<&str>,
        name: &str,
        columns: &[Column],
        constraints: &[Constraint],
        comment: Option<&str>,
    ) -> Self {
        let mut table = Table::new(schema, name);
        table.comment = comment.map(str::to_string);
        for c in columns {
            table.push_column(c.clone());
        }
        let explicit_pk = constraints
            .iter()
            .find(|c| matches!(c, Constraint::PrimaryKey { .. }));
        if let Some(Constraint::PrimaryKey { name, columns }) = explicit_pk {
            table.set_primary_key(name.clone(), columns.clone());
        } else {
            let pk: Vec<String> = columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect();
            if !pk.is_empty() {
                table.set_primary_key(None, pk);
            }
        }
        for c in constraints {
            if !matches!(c, Constraint::PrimaryKey { .. }) {
                table.constraints.push(c.clone());
            }
        }
        table
    }

    /// Appends a column, moving its column-level foreign keys, `unique=True`
    /// and `index=True` to table-level constraints and indexes (the
    /// generated index name is SQLAlchemy's `ix_<table>_<column>`).
    pub fn push_column(&mut self, column: Column) {
        let mut column = column;
        for fk in std::mem::take(&mut column.foreign_keys) {
            let (referent_schema, referent_table, remote) = split_target(&fk.target);
            self.constraints.push(Constraint::ForeignKey(ForeignKey {
                name: fk.name,
                columns: vec![column.name.clone()],
                referent_schema,
                referent_table,
                referent_columns: vec![remote],
                ondelete: fk.ondelete,
                onupdate: fk.onupdate,
                deferrable: None,
                initially: None,
                match_: None,
            }));
        }
        if column.index {
            self.indexes.push(Index {
                name: Some(format!("ix_{}_{}", self.name, column.name)),
                parts: vec![IndexPart::Column(column.name.clone())],
                unique: column.unique,
                options: IndexOptions::default(),
            });
        } else if column.unique {
            self.constraints.push(Constraint::Unique {
                name: None,
                columns: vec![column.name.clone()],
            });
        }
        column.unique = false;
        column.index = false;
        self.columns.push(column);
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column called `name`, mutably.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// The primary key: its name and columns (empty when the table has none).
    pub fn primary_key(&self) -> (Option<&str>, Vec<&str>) {
        for c in &self.constraints {
            if let Constraint::PrimaryKey { name, columns } = c {
                return (
                    name.as_deref(),
                    columns.iter().map(String::as_str).collect(),
                );
            }
        }
        (None, Vec::new())
    }

    /// Replaces the primary key (an empty column list removes it), keeping
    /// the columns' `primary_key` flags in step.
    pub fn set_primary_key(&mut self, name: Option<String>, columns: Vec<String>) {
        self.constraints
            .retain(|c| !matches!(c, Constraint::PrimaryKey { .. }));
        for c in &mut self.columns {
            c.primary_key = columns.contains(&c.name);
        }
        if !columns.is_empty() {
            // The primary key comes first, as SQLAlchemy renders it.
            self.constraints
                .insert(0, Constraint::PrimaryKey { name, columns });
        }
    }
}

/// The name of a constraint, whatever its kind.
pub fn constraint_name(c: &Constraint) -> Option<&str> {
    match c {
        Constraint::PrimaryKey { name, .. }
        | Constraint::Unique { name, .. }
        | Constraint::Check { name, .. } => name.as_deref(),
        Constraint::ForeignKey(fk) => fk.name.as_deref(),
    }
}

/// The local columns a constraint names (none for a CHECK, whose columns
/// are inside its SQL text).
pub fn constraint_columns(c: &Constraint) -> &[String] {
    match c {
        Constraint::PrimaryKey { columns, .. } | Constraint::Unique { columns, .. } => columns,
        Constraint::ForeignKey(fk) => &fk.columns,
        Constraint::Check { .. } => &[],
    }
}

/// Splits a `ForeignKey("schema.table.col")` target into (schema, table, column).
pub(crate) fn split_target(target: &str) -> (Option<String>, String, String) {
    let mut parts: Vec<&str> = target.rsplitn(3, '.').collect();
    parts.reverse();
    match parts.as_slice() {
        [schema, table, column] => (
            Some(schema.to_string()),
            table.to_string(),
            column.to_string(),
        ),
        [table, column] => (None, table.to_string(), column.to_string()),
        _ => (None, target.to_string(), String::new()),
    }
}
