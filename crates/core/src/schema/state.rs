//! Where table shapes come from: a replayed in-memory schema, or (in
//! aludel-db) the live database.

use std::collections::BTreeMap;

use super::Table;

/// A source of table shapes, asked for the table an operation rebuilds.
pub trait TableShapes {
    /// The current shape of `schema.name`; `Ok(None)` when there is no such
    /// table; `Err` with a message when the source itself failed.
    fn table(&mut self, schema: Option<&str>, name: &str) -> Result<Option<Table>, String>;

    /// True when the shapes are read back from a database (reflection) rather
    /// than known from the operations that made them. Alembic's batch treats
    /// reflected tables differently: an unnamed CHECK constraint cannot be
    /// told apart from a type's own and is left out of the rebuilt table.
    fn reflected(&self) -> bool {
        false
    }
}

/// A database schema as plain data: every table by (schema, name), and the
/// named enum types (PostgreSQL's `CREATE TYPE ... AS ENUM`) by (schema, name).
/// What replaying operations builds, what introspecting a database reads
/// and what the models declare are all of this shape, so a diff compares
/// like with like.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaState {
    tables: BTreeMap<(Option<String>, String), Table>,
    enums: BTreeMap<(Option<String>, String), Vec<String>>,
}

impl SchemaState {
    /// No tables.
    pub fn new() -> Self {
        SchemaState::default()
    }

    /// The table `schema.name`.
    pub fn get(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.tables
            .get(&(schema.map(str::to_string), name.to_string()))
    }

    /// The table `schema.name`, mutably.
    pub fn get_mut(&mut self, schema: Option<&str>, name: &str) -> Option<&mut Table> {
        self.tables
            .get_mut(&(schema.map(str::to_string), name.to_string()))
    }

    /// Adds or replaces a table (keyed by its own schema and name).
    pub fn insert(&mut self, table: Table) {
        self.tables
            .insert((table.schema.clone(), table.name.clone()), table);
    }

    /// Removes and returns the table `schema.name`.
    pub fn remove(&mut self, schema: Option<&str>, name: &str) -> Option<Table> {
        self.tables
            .remove(&(schema.map(str::to_string), name.to_string()))
    }

    /// Every table, ordered by (schema, name).
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.tables.values()
    }

    /// Every table, mutably, ordered by (schema, name).
    pub fn tables_mut(&mut self) -> impl Iterator<Item = &mut Table> {
        self.tables.values_mut()
    }

    /// The number of tables.
    pub fn table_count(&self) -> usize {
        self.tables.len()
    }

    /// The values of the enum type `schema.name`, in order.
    pub fn enum_type(&self, schema: Option<&str>, name: &str) -> Option<&[String]> {
        self.enums
            .get(&(schema.map(str::to_string), name.to_string()))
            .map(Vec::as_slice)
    }

    /// Adds or replaces the enum type `schema.name`.
    pub fn insert_enum(&mut self, schema: Option<&str>, name: &str, values: Vec<String>) {
        self.enums
            .insert((schema.map(str::to_string), name.to_string()), values);
    }

    /// Removes the enum type `schema.name`; its values when it existed.
    pub fn remove_enum(&mut self, schema: Option<&str>, name: &str) -> Option<Vec<String>> {
        self.enums
            .remove(&(schema.map(str::to_string), name.to_string()))
    }

    /// Every enum type as ((schema, name), values), ordered by (schema, name).
    pub fn enum_types(&self) -> impl Iterator<Item = (&(Option<String>, String), &Vec<String>)> {
        self.enums.iter()
    }
}

impl TableShapes for SchemaState {
    fn table(&mut self, schema: Option<&str>, name: &str) -> Result<Option<Table>, String> {
        Ok(self.get(schema, name).cloned())
    }
}
