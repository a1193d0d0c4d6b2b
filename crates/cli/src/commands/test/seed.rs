//! `--data`: one row seeded into every table before a revision runs, with
//! values made from the introspected column types, and the tables' row
//! counts before and after it.
//!
//! Values are plain and vary with the round (the revision's position), so
//! that primary keys and unique columns stay unique as rounds add rows:
//! integers from 20001 (within `SMALLINT`), digit strings cut to the
//! column's length (so that a later cast to a number still works), dates
//! walking forward from 2001-01-01, the first value of an enum. Columns
//! the database fills itself (auto-increment keys) are left to it; a
//! foreign key takes the referred columns of the first row of the parent
//! table (parents are seeded first, as their keys order them), a key to
//! the table itself is left NULL. A row that the database refuses (a CHECK
//! constraint, a generated column) is tried once more with only the
//! columns that must be given; a table that still takes none is noted, not
//! failed: it is the revision that is under test, not the seeding.

use std::collections::BTreeSet;

use aludel_core::dialect::Dialect;
use aludel_core::schema::{Constraint, Literal, MysqlType, PostgresqlType, SqlType, Table};
use aludel_db::driver::{Connection, DbError};
use aludel_db::url::Dialect as UrlDialect;

/// A table by (schema, name).
pub type TableKey = (Option<String>, String);

/// Seeds one row into every table of `tables` (in an order that puts
/// referred tables first) on `conn`; returns a note per table that took no
/// row.
pub fn seed(
    conn: &mut dyn Connection,
    dialect: &dyn Dialect,
    tables: &[&Table],
    round: u32,
) -> Vec<String> {
    let mut notes = Vec::new();
    for table in parents_first(tables) {
        let full = insert_sql(conn.dialect(), dialect, table, round, false);
        let result = conn.execute(&full).or_else(|first| {
            let required = insert_sql(conn.dialect(), dialect, table, round, true);
            if required == full {
                Err(first)
            } else {
                conn.execute(&required)
            }
        });
        if let Err(e) = result {
            notes.push(format!(
                "--data could not seed table {}: {}",
                qualified_name(table),
                first_line(&e)
            ));
        }
    }
    notes
}

/// The number of rows of each table, in the order given: one query for all.
pub fn count_rows(
    conn: &mut dyn Connection,
    dialect: &dyn Dialect,
    tables: &[TableKey],
) -> Result<Vec<u64>, DbError> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let mysql = conn.dialect() == UrlDialect::Mysql;
    let parts: Vec<String> = tables
        .iter()
        .enumerate()
        .map(|(i, (schema, name))| {
            let from = quoted_name(dialect, schema.as_deref(), name);
            if mysql {
                format!("SELECT CONCAT('{i}:', COUNT(*)) FROM {from}")
            } else {
                format!("SELECT '{i}:' || COUNT(*) FROM {from}")
            }
        })
        .collect();
    let mut counts = vec![0; tables.len()];
    for row in conn.query_strings(&parts.join(" UNION ALL "))? {
        if let Some((i, n)) = row.split_once(':') {
            if let (Ok(i), Ok(n)) = (i.parse::<usize>(), n.parse::<u64>()) {
                if let Some(slot) = counts.get_mut(i) {
                    *slot = n;
                }
            }
        }
    }
    Ok(counts)
}

/// The tables ordered so that a table comes after the tables its foreign
/// keys refer to (tables in a reference cycle keep their order).
fn parents_first<'a>(tables: &[&'a Table]) -> Vec<&'a Table> {
    let key = |t: &Table| (t.schema.clone(), t.name.clone());
    let present: BTreeSet<TableKey> = tables.iter().map(|t| key(t)).collect();
    let mut placed: BTreeSet<TableKey> = BTreeSet::new();
    let mut ordered: Vec<&Table> = Vec::with_capacity(tables.len());
    let mut left: Vec<&Table> = tables.to_vec();
    while !left.is_empty() {
        let before = left.len();
        left.retain(|t| {
            let ready = t.constraints.iter().all(|c| match c {
                Constraint::ForeignKey(fk) => {
                    let parent = (fk.referent_schema.clone(), fk.referent_table.clone());
                    parent == key(t) || !present.contains(&parent) || placed.contains(&parent)
                }
                _ => true,
            });
            if ready {
                placed.insert(key(t));
                ordered.push(t);
            }
            !ready
        });
        if left.len() == before {
            // a cycle: the rest in their order; some rows may be refused
            ordered.append(&mut left);
        }
    }
    ordered
}

/// The `INSERT` of round `round` into `table`: every column the database
/// does not fill itself, or with `required_only` just the NOT NULL ones
/// without a server default (and the foreign keys).
fn insert_sql(
    kind: UrlDialect,
    dialect: &dyn Dialect,
    table: &Table,
    round: u32,
    required_only: bool,
) -> String {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for column in &table.columns {
        if column.autoincrement == Some(true) {
            continue;
        }
        let value = match referred(table, &column.name) {
            Some((parent, referent, order)) => {
                if parent == (table.schema.clone(), table.name.clone()) {
                    // a key to the table itself: the first row has no parent
                    continue;
                }
                format!(
                    "(SELECT {} FROM {} ORDER BY {} LIMIT 1)",
                    dialect.quote(&referent),
                    quoted_name(dialect, parent.0.as_deref(), &parent.1),
                    order
                        .iter()
                        .map(|c| dialect.quote(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            None => {
                if required_only && (column.nullable || column.server_default.is_some()) {
                    continue;
                }
                match value_sql(kind, dialect, &column.type_, round) {
                    Some(v) => v,
                    None => continue,
                }
            }
        };
        names.push(dialect.quote(&column.name));
        values.push(value);
    }
    let into = quoted_name(dialect, table.schema.as_deref(), &table.name);
    if names.is_empty() {
        return match kind {
            UrlDialect::Mysql => format!("INSERT INTO {into} () VALUES ()"),
            _ => format!("INSERT INTO {into} DEFAULT VALUES"),
        };
    }
    format!(
        "INSERT INTO {into} ({}) VALUES ({})",
        names.join(", "),
        values.join(", ")
    )
}

/// For a column of a foreign key of `table`: the referred table, the
/// referred column, and the referred key's columns (the order that picks
/// the same parent row for every column of a composite key).
fn referred(table: &Table, column: &str) -> Option<(TableKey, String, Vec<String>)> {
    table.constraints.iter().find_map(|c| match c {
        Constraint::ForeignKey(fk) => {
            let at = fk.columns.iter().position(|c| c == column)?;
            Some((
                (fk.referent_schema.clone(), fk.referent_table.clone()),
                fk.referent_columns.get(at)?.clone(),
                fk.referent_columns.clone(),
            ))
        }
        _ => None,
    })
}

/// A literal of `ty` for round `round`; `None` when no value fits (the
/// column is then left to its default or NULL).
fn value_sql(kind: UrlDialect, dialect: &dyn Dialect, ty: &SqlType, round: u32) -> Option<String> {
    let text = |s: String| dialect.literal(&Literal::Str(s));
    if matches!(
        ty,
        SqlType::Array(_) | SqlType::Postgresql(PostgresqlType::Array(_))
    ) {
        return Some(text("{}".to_string()));
    }
    if let Some(e) = ty.as_enum() {
        return e.values.first().map(|v| text(v.clone()));
    }
    if let SqlType::Mysql(MysqlType::Enum(values)) = ty {
        return values.first().map(|v| text(v.clone()));
    }
    let compiled = dialect.compile_type(ty).ok()?.to_ascii_uppercase();
    if compiled.ends_with("[]") {
        return Some(text("{}".to_string()));
    }
    let (base, length) = match compiled.split_once('(') {
        Some((base, rest)) => (
            base.trim().to_string(),
            rest.split([',', ')'])
                .next()
                .and_then(|n| n.trim().parse::<usize>().ok()),
        ),
        None => (compiled.trim().to_string(), None),
    };
    let day = round % 28 + 1;
    let month = (round / 28) % 12 + 1;
    let year = 2001 + round / 336;
    let date = format!("{year:04}-{month:02}-{day:02}");
    let time = format!("12:{:02}:{:02}", (round / 60) % 60, round % 60);
    let has = |word: &str| base.contains(word);
    let value = if has("BOOL") || compiled == "TINYINT(1)" {
        if kind == UrlDialect::Postgresql {
            "true".to_string()
        } else {
            "1".to_string()
        }
    } else if base == "TINYINT" {
        (round % 100).to_string()
    } else if has("INT") || has("SERIAL") {
        (20_000 + round).to_string()
    } else if has("NUMERIC") || has("DECIMAL") {
        (round % 10).to_string()
    } else if has("FLOAT") || has("REAL") || has("DOUBLE") {
        round.to_string()
    } else if has("TIMESTAMP") || has("DATETIME") {
        text(format!("{date} {time}"))
    } else if has("DATE") {
        text(date)
    } else if base.starts_with("TIME") {
        text(time)
    } else if has("INTERVAL") {
        text("1 day".to_string())
    } else if has("UUID") || has("UNIQUEIDENTIFIER") {
        text(format!("00000000-0000-4000-8000-{round:012}"))
    } else if has("JSON") {
        text(format!("[{round}]"))
    } else if has("INET") || has("CIDR") {
        text(format!("10.0.{}.{}", (round / 250) % 250, round % 250 + 1))
    } else if base == "YEAR" {
        (2001 + round % 150).to_string()
    } else {
        let digits = (round + 1).to_string();
        let cut = match length {
            Some(n) if n > 0 && digits.len() > n => digits[digits.len() - n..].to_string(),
            _ => digits,
        };
        text(cut)
    };
    Some(value)
}

fn quoted_name(dialect: &dyn Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", dialect.quote(s), dialect.quote(name)),
        None => dialect.quote(name),
    }
}

fn qualified_name(table: &Table) -> String {
    match &table.schema {
        Some(s) => format!("{s}.{}", table.name),
        None => table.name.clone(),
    }
}

fn first_line(e: &DbError) -> String {
    let text = e.to_string();
    text.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aludel_core::dialect::DialectKind;
    use aludel_core::schema::{Column, ForeignKey};

    fn table(name: &str, parent: Option<&str>) -> Table {
        let mut t = Table::new(None, name);
        let mut id = Column::new("id", SqlType::Integer).not_null();
        id.autoincrement = Some(true);
        t.columns.push(id);
        t.columns
            .push(Column::new("name", SqlType::string(3)).not_null());
        if let Some(p) = parent {
            t.columns.push(Column::new("parent_id", SqlType::Integer));
            t.constraints.push(Constraint::ForeignKey(ForeignKey::new(
                &["parent_id"],
                p,
                &["id"],
            )));
        }
        t
    }

    #[test]
    fn parents_come_first() {
        let (a, b, c) = (
            table("a", Some("b")),
            table("b", Some("c")),
            table("c", None),
        );
        let order: Vec<&str> = parents_first(&[&a, &b, &c])
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(order, ["c", "b", "a"]);
    }

    #[test]
    fn inserts_leave_generated_keys_and_refer_to_parents() {
        let d = DialectKind::Postgresql.dialect();
        let child = table("child", Some("parent"));
        assert_eq!(
            insert_sql(UrlDialect::Postgresql, d, &child, 1233, false),
            "INSERT INTO child (name, parent_id) VALUES ('234', (SELECT id FROM parent ORDER BY id LIMIT 1))"
        );
        let own = table("node", Some("node"));
        assert_eq!(
            insert_sql(
                UrlDialect::Sqlite,
                DialectKind::Sqlite.dialect(),
                &own,
                0,
                false
            ),
            "INSERT INTO node (name) VALUES ('1')"
        );
    }

    #[test]
    fn values_follow_the_types() {
        let d = DialectKind::Postgresql.dialect();
        let v = |ty: SqlType| value_sql(UrlDialect::Postgresql, d, &ty, 3).unwrap();
        assert_eq!(v(SqlType::Integer), "20003");
        assert_eq!(v(SqlType::Boolean), "true");
        assert_eq!(v(SqlType::Date), "'2001-01-04'");
        assert_eq!(
            v(SqlType::DateTime { timezone: false }),
            "'2001-01-04 12:00:03'"
        );
        assert_eq!(
            v(SqlType::Enum(aludel_core::schema::EnumType::new(
                Some("mood"),
                &["sad", "happy"]
            ))),
            "'sad'"
        );
        assert_eq!(v(SqlType::Json), "'[3]'");
    }
}
