//! Reading the live database back: one table's shape as SQLAlchemy's
//! reflection (which Alembic's batch mode uses) reads it, and the whole
//! schema in a neutral form for autogenerate and `check`
//! ([`crate::driver::Connection::introspect`]).

mod schema;
mod schema_mysql;
mod schema_postgres;
mod schema_sqlite;
mod sqlite;
mod sqlite_sql;
mod types;

pub use schema::{IntrospectOptions, Introspected};
pub(crate) use schema_mysql::introspect_mysql;
pub(crate) use schema_postgres::{introspect_postgres, CatalogQueries};
pub(crate) use schema_sqlite::introspect_sqlite;
pub use sqlite::sqlite_table;

use aludel_core::schema::{Table, TableShapes};

use crate::driver::Connection;

/// [`TableShapes`] reading the live database through a connection, inside
/// whatever transaction it has open.
pub struct LiveShapes<'a> {
    conn: &'a mut dyn Connection,
}

impl<'a> LiveShapes<'a> {
    /// Shapes read through `conn`.
    pub fn new(conn: &'a mut dyn Connection) -> Self {
        LiveShapes { conn }
    }
}

impl TableShapes for LiveShapes<'_> {
    fn table(&mut self, schema: Option<&str>, name: &str) -> Result<Option<Table>, String> {
        self.conn
            .table_shape(schema, name)
            .map_err(|e| e.to_string())
    }

    fn reflected(&self) -> bool {
        true
    }
}
