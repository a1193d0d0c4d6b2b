//! Reading a scratch database's schema between steps, and saying how two
//! such readings differ: the schema diff (`aludel_core::diff`) for tables,
//! columns, keys and indexes, plus a direct comparison of what the diff
//! leaves to the models (PostgreSQL enum types no column uses, schemas).

use aludel_core::dialect::Dialect;
use aludel_core::diff::{diff, ChangeKind, DiffOptions};
use aludel_core::naming::NamingConvention;
use aludel_core::schema::SchemaState;
use aludel_db::driver::{Connection, DbError, VersionTable};
use aludel_db::introspect::IntrospectOptions;
use aludel_db::revision_log;
use aludel_db::url::Dialect as UrlDialect;

/// One reading of a scratch database.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Tables and (PostgreSQL) enum types, the version tables left out.
    pub schema: SchemaState,
    /// PostgreSQL schemas besides the default one, sorted.
    pub schemas: Vec<String>,
}

/// Reads the schema of the database `conn` is connected to: its default
/// schema and, on PostgreSQL, every other schema a migration created.
pub fn read(conn: &mut dyn Connection, version_table: &VersionTable) -> Result<Reading, DbError> {
    let schemas = if conn.dialect() == UrlDialect::Postgresql {
        conn.query_strings(
            "SELECT nspname FROM pg_catalog.pg_namespace \
             WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' \
             AND nspname <> current_schema() ORDER BY 1",
        )?
    } else {
        Vec::new()
    };
    let mut listed: Vec<Option<String>> = vec![None];
    listed.extend(schemas.iter().cloned().map(Some));
    let options = IntrospectOptions {
        schemas: listed,
        exclude_tables: vec![
            (version_table.schema.clone(), version_table.name.clone()),
            (
                version_table.schema.clone(),
                revision_log::TABLE.to_string(),
            ),
        ],
    };
    Ok(Reading {
        schema: conn.introspect(&options)?.schema,
        schemas,
    })
}

/// How `actual` differs from `expected`, one line each, worded from
/// `expected`'s side ("left behind": in `actual` only; "missing": in
/// `expected` only). Empty when they are the same schema.
pub fn differences(
    expected: &Reading,
    actual: &Reading,
    dialect: &dyn Dialect,
    convention: Option<&NamingConvention>,
) -> Vec<String> {
    let found = diff(
        &expected.schema,
        &actual.schema,
        &DiffOptions {
            naming_convention: convention,
            ..DiffOptions::new(dialect)
        },
    );
    let mut lines: Vec<String> = found
        .changes
        .iter()
        .filter(|c| {
            // enum types are compared directly below, used or not
            !matches!(
                c.kind,
                ChangeKind::AddEnum | ChangeKind::RemoveEnum | ChangeKind::ModifyEnum
            )
        })
        .map(|c| {
            let place = match (&c.schema, &c.table) {
                (Some(s), Some(t)) => format!("{s}.{t}"),
                (None, Some(t)) => t.clone(),
                _ => String::new(),
            };
            let name = c.name.as_deref().unwrap_or("(unnamed)");
            let column = format!("{place}.{name}");
            // `from` is the actual side, `to` the expected one
            let now_was = |what: &str| {
                format!(
                    "{what} is {}, was {}",
                    c.from.as_deref().unwrap_or("(none)"),
                    c.to.as_deref().unwrap_or("(none)")
                )
            };
            let sql = |text: String| match c.to.as_ref().or(c.from.as_ref()) {
                Some(s) => format!("{text} ({s})"),
                None => text,
            };
            match c.kind {
                ChangeKind::AddTable => format!("table {place} is missing"),
                ChangeKind::RemoveTable => format!("table {place} is left behind"),
                ChangeKind::AddColumn => sql(format!("column {column} is missing")),
                ChangeKind::RemoveColumn => sql(format!("column {column} is left behind")),
                ChangeKind::ModifyType => now_was(&format!("the type of column {column}")),
                ChangeKind::ModifyNullable => now_was(&format!("column {column}")),
                ChangeKind::ModifyDefault => {
                    now_was(&format!("the server default of column {column}"))
                }
                ChangeKind::ModifyComment => now_was(&format!("the comment of column {column}")),
                ChangeKind::AddIndex => sql(format!("index {name} on {place} is missing")),
                ChangeKind::RemoveIndex => sql(format!("index {name} on {place} is left behind")),
                ChangeKind::AddConstraint => {
                    sql(format!("constraint {name} on {place} is missing"))
                }
                ChangeKind::RemoveConstraint => {
                    sql(format!("constraint {name} on {place} is left behind"))
                }
                ChangeKind::AddFk => sql(format!("foreign key {name} on {place} is missing")),
                ChangeKind::RemoveFk => {
                    sql(format!("foreign key {name} on {place} is left behind"))
                }
                ChangeKind::AddTableComment | ChangeKind::RemoveTableComment => {
                    now_was(&format!("the comment of table {place}"))
                }
                ChangeKind::AddEnum | ChangeKind::RemoveEnum | ChangeKind::ModifyEnum => {
                    c.describe()
                }
            }
        })
        .collect();
    lines.extend(found.notes.iter().map(|n| format!("also: {n}")));
    lines.extend(enum_differences(&expected.schema, &actual.schema));
    for schema in &actual.schemas {
        if !expected.schemas.contains(schema) {
            lines.push(format!("schema {schema} is left behind"));
        }
    }
    for schema in &expected.schemas {
        if !actual.schemas.contains(schema) {
            lines.push(format!("schema {schema} is missing"));
        }
    }
    lines
}

/// Enum types (PostgreSQL's `CREATE TYPE ... AS ENUM`) that one side has
/// and the other has not, or with other values.
fn enum_differences(expected: &SchemaState, actual: &SchemaState) -> Vec<String> {
    let name = |schema: &Option<String>, name: &str| match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    };
    let mut lines = Vec::new();
    for ((schema, type_name), values) in actual.enum_types() {
        match expected.enum_type(schema.as_deref(), type_name) {
            None => lines.push(format!(
                "enum type {} is left behind (values {})",
                name(schema, type_name),
                values.join(", ")
            )),
            Some(before) if before != values.as_slice() => lines.push(format!(
                "enum type {} has the values {}, was {}",
                name(schema, type_name),
                values.join(", "),
                before.join(", ")
            )),
            Some(_) => {}
        }
    }
    for ((schema, type_name), _) in expected.enum_types() {
        if actual.enum_type(schema.as_deref(), type_name).is_none() {
            lines.push(format!("enum type {} is missing", name(schema, type_name)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use aludel_core::dialect::DialectKind;
    use aludel_core::schema::{Column, SqlType, Table};

    fn reading(tables: &[Table], enums: &[(&str, &[&str])]) -> Reading {
        let mut schema = SchemaState::new();
        for t in tables {
            schema.insert(t.clone());
        }
        for (name, values) in enums {
            schema.insert_enum(None, name, values.iter().map(|v| v.to_string()).collect());
        }
        Reading {
            schema,
            schemas: Vec::new(),
        }
    }

    fn person(extra: bool) -> Table {
        let mut t = Table::new(None, "person");
        t.columns
            .push(Column::new("id", SqlType::Integer).not_null());
        if extra {
            t.columns.push(Column::new("nickname", SqlType::string(20)));
        }
        t
    }

    #[test]
    fn same_schemas_have_no_differences() {
        let d = DialectKind::Postgresql.dialect();
        let a = reading(&[person(false)], &[("mood", &["sad", "happy"])]);
        assert!(differences(&a, &a.clone(), d, None).is_empty());
    }

    #[test]
    fn leftovers_and_missing_things_are_named() {
        let d = DialectKind::Postgresql.dialect();
        let before = reading(&[person(false)], &[]);
        let after = reading(&[person(true)], &[("mood", &["sad"])]);
        let lines = differences(&before, &after, d, None);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("column person.nickname is left behind")),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"enum type mood is left behind (values sad)".to_string()),
            "{lines:?}"
        );
        let back = differences(&after, &before, d, None);
        assert!(back.contains(&"enum type mood is missing".to_string()));
        assert!(back
            .iter()
            .any(|l| l.starts_with("column person.nickname is missing")));
    }
}
