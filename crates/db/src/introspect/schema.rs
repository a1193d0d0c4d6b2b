//! Whole-schema introspection, shared part: what to read, what comes
//! back, and the canonical order every database's reader ends with.
//!
//! Each database has its own reader (`schema_sqlite`, `schema_postgres`,
//! `schema_mysql`) that sends a fixed number of catalog queries whatever
//! the number of tables, and produces the same neutral
//! [`SchemaState`] for the same schema, so that a diff can compare it with
//! what SQLAlchemy models declare.

use std::collections::BTreeMap;

use aludel_core::schema::{Constraint, SchemaState, Table};

use crate::driver::DbError;

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// The schemas to read, every one of them: `None` is the connection's
    /// default schema (PostgreSQL's `current_schema()`, MySQL's
    /// `DATABASE()`, SQLite's `main`), `Some(name)` another one (a
    /// PostgreSQL schema, a MySQL database, an attached SQLite database).
    /// An empty list reads the default schema only. Naming the default
    /// schema explicitly (`Some("public")`) is the same as `None`: its
    /// tables are reported with `schema: None` either way.
    pub schemas: Vec<Option<String>>,
    /// Tables left out, as (schema, name) with `None` for the default
    /// schema (e.g. the version table).
    pub exclude_tables: Vec<(Option<String>, String)>,
}

impl IntrospectOptions {
    /// The default schema only, nothing excluded.
    pub fn default_schema() -> Self {
        IntrospectOptions::default()
    }

    /// The schemas to read, the default one when none is listed; each
    /// named schema once, in the order given.
    pub(crate) fn schema_list(&self) -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = Vec::new();
        let listed = if self.schemas.is_empty() {
            vec![None]
        } else {
            self.schemas.clone()
        };
        for s in listed {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// Whether the default schema is among the schemas to read.
    pub(crate) fn wants_default(&self) -> bool {
        self.schema_list().contains(&None)
    }

    /// The schema names listed explicitly.
    pub(crate) fn named_schemas(&self) -> Vec<String> {
        self.schema_list().into_iter().flatten().collect()
    }

    /// Whether the table `name` of the schema called `raw_schema` (its
    /// real name) is left out; `is_default` tells whether that schema is
    /// the default one, which `None` in an exclusion also names.
    pub(crate) fn excludes(&self, raw_schema: &str, is_default: bool, name: &str) -> bool {
        self.exclude_tables.iter().any(|(s, n)| {
            n == name
                && match s {
                    None => is_default,
                    Some(s) => s == raw_schema,
                }
        })
    }
}

/// What introspection read.
#[derive(Debug, Clone, PartialEq)]
pub struct Introspected {
    /// The tables and enum types of the schemas read, in the neutral form
    /// described on [`crate::driver::Connection::introspect`].
    pub schema: SchemaState,
    /// How many catalog queries were sent: a fixed number per database,
    /// whatever the number of tables.
    pub queries: usize,
}

/// A table's key while a reader collects rows: (reported schema, name).
pub(crate) type TableKey = (Option<String>, String);

/// The schema a row reports: `None` for the default schema.
pub(crate) fn reported_schema(raw: &str, is_default: bool) -> Option<String> {
    (!is_default).then(|| raw.to_string())
}

/// Tables being filled from catalog rows. Rows for tables not created
/// from the table query (excluded ones, or one that appeared between two
/// queries) are ignored, so a concurrent `CREATE TABLE` cannot produce a
/// half-read table.
#[derive(Debug, Default)]
pub(crate) struct Tables {
    tables: BTreeMap<TableKey, Table>,
}

impl Tables {
    /// Starts a table.
    pub(crate) fn add(&mut self, table: Table) {
        self.tables
            .insert((table.schema.clone(), table.name.clone()), table);
    }

    /// The table `key`, if it was started.
    pub(crate) fn get_mut(&mut self, key: &TableKey) -> Option<&mut Table> {
        self.tables.get_mut(key)
    }

    /// The table `key`, if it was started.
    pub(crate) fn get(&self, key: &TableKey) -> Option<&Table> {
        self.tables.get(key)
    }

    /// Every table, mutably.
    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Table> {
        self.tables.values_mut()
    }

    /// The finished schema: constraints and indexes in canonical order
    /// (see [`sort_table`]) and the enum types added.
    pub(crate) fn finish(
        self,
        enums: Vec<(Option<String>, String, Vec<String>)>,
        queries: usize,
    ) -> Introspected {
        let mut schema = SchemaState::new();
        for (_, mut table) in self.tables {
            sort_table(&mut table);
            schema.insert(table);
        }
        for (s, name, values) in enums {
            schema.insert_enum(s.as_deref(), &name, values);
        }
        Introspected { schema, queries }
    }
}

/// Puts a table's constraints and indexes in the canonical order every
/// reader reports: the primary key first, then foreign keys, unique
/// constraints and CHECK constraints; within a kind, named ones before
/// unnamed ones, by name (byte order), then by their columns (a foreign
/// key also by its referent), a CHECK by its text. Indexes by name, then
/// by their parts. The catalogs' own orders (creation, OID, hash) differ
/// between databases and runs, which would make equal schemas unequal.
pub(crate) fn sort_table(table: &mut Table) {
    fn key(c: &Constraint) -> (u8, bool, String, Vec<String>, String) {
        match c {
            Constraint::PrimaryKey { name, columns } => (
                0,
                name.is_none(),
                name.clone().unwrap_or_default(),
                columns.clone(),
                String::new(),
            ),
            Constraint::ForeignKey(fk) => (
                1,
                fk.name.is_none(),
                fk.name.clone().unwrap_or_default(),
                fk.columns.clone(),
                format!(
                    "{}.{}({})",
                    fk.referent_schema.as_deref().unwrap_or(""),
                    fk.referent_table,
                    fk.referent_columns.join(",")
                ),
            ),
            Constraint::Unique { name, columns } => (
                2,
                name.is_none(),
                name.clone().unwrap_or_default(),
                columns.clone(),
                String::new(),
            ),
            Constraint::Check { name, sqltext } => (
                3,
                name.is_none(),
                name.clone().unwrap_or_default(),
                Vec::new(),
                sqltext.clone(),
            ),
        }
    }
    table.constraints.sort_by_cached_key(key);
    table.indexes.sort_by_cached_key(|i| {
        (
            i.name.is_none(),
            i.name.clone().unwrap_or_default(),
            format!("{:?}", i.parts),
        )
    });
}

/// The error for a catalog value that does not have the expected shape.
pub(crate) fn odd_value(sql: &str, what: impl std::fmt::Display) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: format!("unexpected catalog value: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aludel_core::schema::ForeignKey;

    #[test]
    fn schema_list_defaults_and_dedups() {
        let o = IntrospectOptions::default();
        assert_eq!(o.schema_list(), vec![None]);
        assert!(o.wants_default());
        let o = IntrospectOptions {
            schemas: vec![Some("b".into()), None, Some("b".into())],
            exclude_tables: vec![(None, "alembic_version".into())],
        };
        assert_eq!(o.schema_list(), vec![Some("b".into()), None]);
        assert_eq!(o.named_schemas(), vec!["b".to_string()]);
        assert!(o.excludes("public", true, "alembic_version"));
        assert!(!o.excludes("b", false, "alembic_version"));
    }

    #[test]
    fn constraints_sort_by_kind_then_name() {
        let mut t = Table::new(None, "t");
        t.constraints = vec![
            Constraint::Check {
                name: None,
                sqltext: "b".into(),
            },
            Constraint::Check {
                name: Some("z".into()),
                sqltext: "a".into(),
            },
            Constraint::Unique {
                name: None,
                columns: vec!["a".into()],
            },
            Constraint::ForeignKey(ForeignKey::new(&["x"], "p", &["id"])),
            Constraint::PrimaryKey {
                name: None,
                columns: vec!["id".into()],
            },
        ];
        sort_table(&mut t);
        let kinds: Vec<String> = t
            .constraints
            .iter()
            .map(|c| format!("{c:?}").chars().take(6).collect())
            .collect();
        assert_eq!(kinds, ["Primar", "Foreig", "Unique", "Check ", "Check "]);
        assert!(matches!(&t.constraints[3], Constraint::Check { name: Some(n), .. } if n == "z"));
    }
}
