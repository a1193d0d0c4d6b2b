//! The SQL text of the version table: its `CREATE TABLE` and the row
//! statements, exactly as Alembic (through SQLAlchemy) writes them, for
//! running online and for printing with `--sql`.

use crate::dialect::{literal, DialectInfo, InsertReturning};
use crate::driver::VersionTable;

/// Renders the version table's statements for one dialect.
#[derive(Debug, Clone, Copy)]
pub struct VersionTableSql<'a> {
    info: &'static DialectInfo,
    table: &'a VersionTable,
}

impl<'a> VersionTableSql<'a> {
    /// Statements for `table` in the dialect described by `info`.
    pub fn new(info: &'static DialectInfo, table: &'a VersionTable) -> Self {
        VersionTableSql { info, table }
    }

    /// The table as statements name it: `alembic_version`, `s.alembic_version`.
    pub fn qualified(&self) -> String {
        let name = self.info.ident(&self.table.name);
        match &self.table.schema {
            Some(schema) => format!("{}.{name}", self.info.ident(schema)),
            None => name,
        }
    }

    /// `CREATE TABLE` with the `<table>_pkc` primary key, without the
    /// final `;` (SQLAlchemy's layout: tab indents, which a `--sql` script
    /// shows as four spaces, and a space before each line break after a
    /// comma).
    pub fn create_table(&self) -> String {
        format!(
            "CREATE TABLE {} (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT {} PRIMARY KEY (version_num)\n)",
            self.qualified(),
            self.info.ident(&format!("{}_pkc", self.table.name))
        )
    }

    /// `INSERT` of a row; `offline` adds the dialect's `RETURNING` clause,
    /// as SQLAlchemy renders it in a `--sql` script.
    pub fn insert(&self, id: &str, offline: bool) -> String {
        let base = format!(
            "INSERT INTO {} (version_num) VALUES ({})",
            self.qualified(),
            literal(id)
        );
        if !offline {
            return base;
        }
        match self.info.insert_returning {
            InsertReturning::None => base,
            InsertReturning::Column => format!("{base} RETURNING version_num"),
            InsertReturning::QualifiedColumn => {
                format!("{base} RETURNING {}.version_num", self.qualified())
            }
        }
    }

    /// `UPDATE` of the row `from` to `to`.
    pub fn update(&self, from: &str, to: &str) -> String {
        let q = self.qualified();
        format!(
            "UPDATE {q} SET version_num={} WHERE {q}.version_num = {}",
            literal(to),
            literal(from)
        )
    }

    /// `DELETE` of every row (`stamp --purge`).
    pub fn delete_all(&self) -> String {
        format!("DELETE FROM {}", self.qualified())
    }

    /// `DELETE` of one row.
    pub fn delete(&self, id: &str) -> String {
        let q = self.qualified();
        format!("DELETE FROM {q} WHERE {q}.version_num = {}", literal(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::Dialect;

    #[test]
    fn default_table_text_is_alembics() {
        let table = VersionTable::default();
        let pg = VersionTableSql::new(DialectInfo::of_dialect(Dialect::Postgresql), &table);
        assert_eq!(
            pg.create_table(),
            "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)"
        );
        assert_eq!(
            pg.insert("a1", true),
            "INSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING alembic_version.version_num"
        );
        assert_eq!(
            pg.update("a1", "b2"),
            "UPDATE alembic_version SET version_num='b2' WHERE alembic_version.version_num = 'a1'"
        );
        assert_eq!(
            pg.delete("b2"),
            "DELETE FROM alembic_version WHERE alembic_version.version_num = 'b2'"
        );
        let sqlite = VersionTableSql::new(DialectInfo::of_dialect(Dialect::Sqlite), &table);
        assert_eq!(
            sqlite.insert("a1", true),
            "INSERT INTO alembic_version (version_num) VALUES ('a1') RETURNING version_num"
        );
        assert_eq!(
            sqlite.insert("a1", false),
            "INSERT INTO alembic_version (version_num) VALUES ('a1')"
        );
    }

    #[test]
    fn schema_and_odd_names_are_qualified_and_quoted() {
        let table = VersionTable {
            name: "Versions".into(),
            schema: Some("app".into()),
        };
        let my = VersionTableSql::new(DialectInfo::of_dialect(Dialect::Mysql), &table);
        assert!(my
            .create_table()
            .starts_with("CREATE TABLE app.`Versions` (\n"));
        assert!(my
            .create_table()
            .contains("CONSTRAINT `Versions_pkc` PRIMARY KEY"));
        assert_eq!(
            my.delete("x'y"),
            "DELETE FROM app.`Versions` WHERE app.`Versions`.version_num = 'x''y'"
        );
    }
}
