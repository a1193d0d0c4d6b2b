//! Dialect renderers: an [`Op`] becomes the SQL statements Alembic 1.20 /
//! SQLAlchemy 2.1 print for it in offline (`--sql`) mode, one implementation
//! per database. Shared statement shapes live in [`ddl`]; what differs per
//! database lives in the trait methods each implementation overrides.

mod ddl;
mod error;
pub(crate) mod literal;
mod mysql;
mod names;
pub(crate) mod normal;
mod postgresql;
mod quoting;
mod rebuild;
mod reserved;
mod sqlite;
mod types;

pub use error::RenderError;
pub use mysql::MySql;
pub use names::generated_index_name;
pub use postgresql::Postgresql;
pub use rebuild::{rebuilds_on_sqlite, render_op, render_op_in, Layout, Rendered};
pub use sqlite::Sqlite;

use crate::ops::{ConstraintKind, Op};
use crate::schema::{Column, Literal, ServerDefault, SqlType};

/// The databases aludel renders for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialectKind {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgresql,
    /// MySQL / MariaDB.
    Mysql,
}

impl DialectKind {
    /// SQLAlchemy's dialect name.
    pub fn name(self) -> &'static str {
        match self {
            DialectKind::Sqlite => "sqlite",
            DialectKind::Postgresql => "postgresql",
            DialectKind::Mysql => "mysql",
        }
    }

    /// The database for a SQLAlchemy dialect name (`mariadb` is
    /// [`DialectKind::Mysql`]; [`dialect_for_name`] tells the two apart).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "sqlite" => Some(DialectKind::Sqlite),
            "postgresql" | "postgres" => Some(DialectKind::Postgresql),
            "mysql" | "mariadb" => Some(DialectKind::Mysql),
            _ => None,
        }
    }

    /// The renderer for this database (MySQL for [`DialectKind::Mysql`];
    /// see [`mariadb`]).
    pub fn dialect(self) -> &'static dyn Dialect {
        match self {
            DialectKind::Sqlite => &Sqlite,
            DialectKind::Postgresql => &Postgresql,
            DialectKind::Mysql => &MySql::MYSQL,
        }
    }
}

/// The MariaDB flavour of the MySQL renderer: its [`Dialect::kind`] is
/// [`DialectKind::Mysql`] and [`Dialect::is_mariadb`] is true.
pub fn mariadb() -> &'static dyn Dialect {
    &MySql::MARIADB
}

/// The MariaDB flavour as the project's SQLAlchemy renders it: 2.0 compiles
/// `sa.Uuid` to `CHAR(32)`, 2.1 to MariaDB's `UUID`.
pub fn mariadb_for(sqlalchemy_20: bool) -> &'static dyn Dialect {
    if sqlalchemy_20 {
        &MySql::MARIADB_SQLALCHEMY_20
    } else {
        &MySql::MARIADB
    }
}

/// The renderer for a SQLAlchemy dialect name (the part of a URL before
/// `+driver://`): like [`DialectKind::from_name`], but `mariadb` gets the
/// MariaDB flavour, as SQLAlchemy does offline.
pub fn dialect_for_name(name: &str) -> Option<&'static dyn Dialect> {
    if name == "mariadb" {
        return Some(mariadb());
    }
    DialectKind::from_name(name).map(DialectKind::dialect)
}

/// What a database needs to turn operations into SQL.
///
/// The provided methods render SQLAlchemy's generic (ANSI) forms; each
/// database overrides what it does differently.
pub trait Dialect: Sync {
    /// Which database this is.
    fn kind(&self) -> DialectKind;

    /// True for the MariaDB flavour of [`DialectKind::Mysql`].
    fn is_mariadb(&self) -> bool {
        false
    }

    /// SQLAlchemy's name for this dialect (`mariadb` for the MariaDB
    /// flavour), as error messages name it.
    fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The lower-case words this database's identifiers must be quoted for.
    fn reserved_words(&self) -> &'static [&'static str];

    /// The identifier quote character.
    fn quote_char(&self) -> char {
        '"'
    }

    /// Compiles a column type (`VARCHAR(50)`, `TIMESTAMP WITH TIME ZONE`...).
    fn compile_type(&self, ty: &SqlType) -> Result<String, RenderError>;

    /// The SQL of a column's `DEFAULT` clause value, as used in ALTER statements.
    fn default_value(&self, default: &ServerDefault) -> String {
        ddl::default_value(self, default)
    }

    /// A literal value (`'x'`, `NULL`, `true`).
    fn literal(&self, value: &Literal) -> String {
        literal::render(self.kind(), value)
    }

    /// A column's DDL in CREATE TABLE / ADD COLUMN; `autoincrement` is true
    /// when it is the table's auto-incrementing integer key.
    fn column_spec(&self, column: &Column, autoincrement: bool) -> Result<String, RenderError>;

    /// Renders one operation to statements (without terminators).
    fn render(&self, op: &Op) -> Result<Vec<String>, RenderError> {
        ddl::render(self, op)
    }

    /// Quotes an identifier if SQLAlchemy would.
    fn quote(&self, ident: &str) -> String {
        quoting::quote(ident, self.reserved_words(), self.quote_char())
    }

    /// The form of a column type this database would report for it, for
    /// comparing a model's type with a reflected one: equal normal forms
    /// are the same type on this database.
    fn normal_type(&self, ty: &SqlType) -> String {
        normal::generic_type(self, ty)
    }

    /// The form of a server default's SQL text this database would report,
    /// for comparing a model's default with a reflected one.
    fn normal_default(&self, sql: &str) -> String {
        normal::generic_default(sql)
    }

    /// The name this database gives a constraint created without one
    /// (`taken`: the names the table's constraints and indexes have), so a
    /// downgrade can drop it by name; `None` where it stays unnamed.
    fn implicit_constraint_name(
        &self,
        kind: ConstraintKind,
        table: &str,
        columns: &[String],
        taken: &[String],
    ) -> Option<String> {
        let _ = (kind, table, columns, taken);
        None
    }

    /// True where a unique constraint is a unique index (MySQL: both are
    /// `UNIQUE KEY`s; a model's unique constraint matches a unique index).
    fn unique_constraints_are_indexes(&self) -> bool {
        false
    }

    /// True where adding a foreign key makes an index on its columns when
    /// none exists (InnoDB), which dropping the key leaves behind.
    fn foreign_keys_make_indexes(&self) -> bool {
        false
    }

    /// True where columns and tables have comments.
    fn has_comments(&self) -> bool {
        true
    }

    /// True where enum types exist apart from columns (`CREATE TYPE`).
    fn has_enum_types(&self) -> bool {
        false
    }

    /// Whether constraints can be added `NOT VALID` (existing rows left
    /// unchecked until `VALIDATE CONSTRAINT`): PostgreSQL.
    fn has_not_valid_constraints(&self) -> bool {
        false
    }

    /// Whether the database has identity columns (`GENERATED ... AS
    /// IDENTITY`): PostgreSQL. Elsewhere `sa.Identity` is an ordinary
    /// auto-increment key, as SQLAlchemy renders it.
    fn has_identity_columns(&self) -> bool {
        false
    }

    /// True where `ALTER TABLE` changes columns and constraints in place;
    /// false where a change needs the table rebuilt (SQLite's batch mode).
    fn alters_in_place(&self) -> bool {
        true
    }

    /// True where DDL waits for foreign keys: a referenced table or column
    /// cannot be dropped before the keys that refer to it.
    fn checks_references_in_ddl(&self) -> bool {
        true
    }
}

/// Renders `ops` for `dialect` as the text of an offline script body: every
/// statement followed by `;` and a blank line, as Alembic prints them.
pub fn render_script(dialect: &dyn Dialect, ops: &[Op]) -> Result<String, RenderError> {
    let mut out = String::new();
    for op in ops {
        for stmt in dialect.render(op)? {
            out.push_str(&stmt);
            out.push_str(";\n\n");
        }
    }
    Ok(out)
}

#[cfg(test)]
mod mariadb_tests;
#[cfg(test)]
mod tests;
