//! Reading a table's shape back from a live database, as SQLAlchemy's
//! reflection (which Alembic's batch mode uses) reads it.

mod sqlite;
mod sqlite_sql;

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
