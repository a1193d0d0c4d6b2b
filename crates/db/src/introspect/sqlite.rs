//! A SQLite table's shape, read as SQLAlchemy's SQLite dialect reflects it
//! (PRAGMA table_xinfo / foreign_key_list / index_list / index_info plus
//! the CREATE TABLE text), with Alembic's batch-mode adjustment of
//! expression defaults.

use aludel_core::schema::{
    Column, Constraint, ForeignKey, Index, IndexOptions, IndexPart, ServerDefault, SqlType, Table,
};
use rusqlite::types::Value;
use rusqlite::Connection as Rusqlite;

use super::sqlite_sql as parse;
use crate::driver::DbError;

/// Quotes an identifier for a PRAGMA or a schema prefix.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn statement_error(sql: &str, e: rusqlite::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: e.to_string(),
    }
}

/// Every row of a query, as SQLite values.
fn rows(conn: &Rusqlite, sql: &str, param: Option<&str>) -> Result<Vec<Vec<Value>>, DbError> {
    let mut stmt = conn.prepare(sql).map_err(|e| statement_error(sql, e))?;
    let width = stmt.column_count();
    let map = |row: &rusqlite::Row| -> rusqlite::Result<Vec<Value>> {
        (0..width).map(|i| row.get::<_, Value>(i)).collect()
    };
    let collected = match param {
        Some(p) => stmt.query_map([p], map),
        None => stmt.query_map([], map),
    }
    .map_err(|e| statement_error(sql, e))?;
    collected
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| statement_error(sql, e))
}

fn text(row: &[Value], i: usize) -> Option<String> {
    match row.get(i) {
        Some(Value::Text(t)) => Some(t.clone()),
        Some(Value::Integer(n)) => Some(n.to_string()),
        Some(Value::Real(f)) => Some(f.to_string()),
        Some(Value::Blob(b)) => Some(String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

fn int(row: &[Value], i: usize) -> i64 {
    match row.get(i) {
        Some(Value::Integer(n)) => *n,
        _ => 0,
    }
}

/// Alembic's batch reflection listener: a default that is not a single
/// digit, a quoted string or already parenthesised is an SQL expression,
/// which SQLite needs in parentheses when it is sent back as DDL.
fn batch_default(raw: &str) -> String {
    let single_digit = raw.len() == 1 && raw.chars().all(|c| c.is_ascii_digit() || c == '.');
    let quoted_literal = raw.len() >= 3 && raw.starts_with('\'') && raw.ends_with('\'');
    let parenthesised = raw.len() >= 3 && raw.starts_with('(') && raw.ends_with(')');
    if raw.is_empty() || single_digit || quoted_literal || parenthesised {
        raw.to_string()
    } else {
        format!("({raw})")
    }
}

/// The shape of `schema.name` in a SQLite database (`schema`: an attached
/// database name), or `None` when there is no such table.
///
/// What SQLAlchemy's reflection cannot see is not reported either, so a
/// rebuild from this shape matches Alembic's: expression indexes are left
/// out, and `AUTOINCREMENT` is not reflected.
pub fn sqlite_table(
    conn: &Rusqlite,
    schema: Option<&str>,
    name: &str,
) -> Result<Option<Table>, DbError> {
    let prefix = schema
        .map(|s| format!("{}.", quoted(s)))
        .unwrap_or_default();
    let master = match schema {
        Some(_) => format!("{prefix}sqlite_master"),
        None => {
            "(SELECT * FROM sqlite_master UNION ALL SELECT * FROM sqlite_temp_master)".to_string()
        }
    };
    let sql_query = format!("SELECT sql FROM {master} WHERE name = ?1 AND type = 'table'");
    let Some(table_sql) = rows(conn, &sql_query, Some(name))?
        .first()
        .and_then(|r| text(r, 0))
    else {
        return Ok(None);
    };
    let pragma_schema = schema.map_or_else(|| "main".to_string(), quoted);
    let pragma = |what: &str, of: &str| format!("PRAGMA {pragma_schema}.{what}({})", quoted(of));

    let mut table = Table::new(schema, name);
    let mut pk: Vec<(i64, String)> = Vec::new();
    for row in rows(conn, &pragma("table_xinfo", name), None)? {
        let hidden = int(&row, 6);
        if hidden == 1 {
            continue;
        }
        let col_name = text(&row, 1).unwrap_or_default();
        if hidden != 0 {
            return Err(DbError::Unsupported(format!(
                "table '{name}' has the generated column '{col_name}', which aludel cannot \
                 copy when rebuilding the table; change it with op.execute instead"
            )));
        }
        let mut column = Column::new(
            &col_name,
            SqlType::Reflected(parse::type_spelling(&text(&row, 2).unwrap_or_default())),
        );
        column.nullable = int(&row, 3) == 0;
        column.server_default = text(&row, 4).map(|d| ServerDefault::Text(batch_default(&d)));
        let pk_pos = int(&row, 5);
        if pk_pos > 0 {
            pk.push((pk_pos, col_name.clone()));
        }
        table.columns.push(column);
    }
    pk.sort();
    let pk_cols: Vec<String> = pk.into_iter().map(|(_, c)| c).collect();
    if !pk_cols.is_empty() {
        table.set_primary_key(parse::primary_key_name(&table_sql), pk_cols.clone());
    }

    read_foreign_keys(conn, &mut table, &table_sql, &pragma, schema)?;

    // Indexes SQLite made for UNIQUE constraints, by their columns.
    let mut auto_unique: Vec<Vec<String>> = Vec::new();
    let mut indexes: Vec<Index> = Vec::new();
    for row in rows(conn, &pragma("index_list", name), None)? {
        let index_name = text(&row, 1).unwrap_or_default();
        let mut cols = Vec::new();
        let mut expression = false;
        for info in rows(conn, &pragma("index_info", &index_name), None)? {
            match text(&info, 2) {
                Some(c) => cols.push(c),
                None => expression = true,
            }
        }
        if index_name.starts_with("sqlite_autoindex") {
            auto_unique.push(cols);
            continue;
        }
        // SQLAlchemy skips expression indexes (with a warning); so does Alembic's copy.
        if expression {
            continue;
        }
        let mut options = IndexOptions::default();
        if int(&row, 4) != 0 {
            let q =
                format!("SELECT sql FROM {prefix}sqlite_master WHERE name = ?1 AND type = 'index'");
            if let Some(sql) = rows(conn, &q, Some(&index_name))?
                .first()
                .and_then(|r| text(r, 0))
            {
                options.sqlite_where = parse::partial_where(&sql);
            }
        }
        indexes.push(Index {
            name: Some(index_name),
            parts: cols.into_iter().map(IndexPart::Column).collect(),
            unique: int(&row, 2) != 0,
            options,
        });
    }
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    table.indexes = indexes;

    for (uq_name, cols) in parse::uniques(&table_sql) {
        if let Some(i) = auto_unique.iter().position(|a| *a == cols) {
            auto_unique.remove(i);
            table.constraints.push(Constraint::Unique {
                name: uq_name,
                columns: cols,
            });
        }
    }
    for (ck_name, sqltext) in parse::checks(&table_sql) {
        table.constraints.push(Constraint::Check {
            name: ck_name,
            sqltext,
        });
    }
    Ok(Some(table))
}

/// Foreign keys from the PRAGMA, named and given their actions from the
/// table text where a clause there matches (SQLAlchemy's way).
fn read_foreign_keys(
    conn: &Rusqlite,
    table: &mut Table,
    table_sql: &str,
    pragma: &dyn Fn(&str, &str) -> String,
    schema: Option<&str>,
) -> Result<(), DbError> {
    let mut keys: Vec<(i64, ForeignKey)> = Vec::new();
    for row in rows(conn, &pragma("foreign_key_list", &table.name), None)? {
        let id = int(&row, 0);
        let referent = text(&row, 2).unwrap_or_default();
        let local = text(&row, 3).unwrap_or_default();
        let remote = text(&row, 4);
        let index = match keys.iter().position(|(k, _)| *k == id) {
            Some(i) => i,
            None => {
                let referred = match remote {
                    Some(_) => Vec::new(),
                    // No referred column written: the referred table's primary key.
                    None => sqlite_table(conn, schema, &referent)?
                        .map(|t| t.primary_key().1.into_iter().map(str::to_string).collect())
                        .unwrap_or_default(),
                };
                let mut fk = ForeignKey::new(&[], &referent, &[]);
                fk.referent_schema = schema.map(str::to_string);
                fk.referent_columns = referred;
                keys.push((id, fk));
                keys.len() - 1
            }
        };
        if let Some((_, fk)) = keys.get_mut(index) {
            fk.columns.push(local);
            if let Some(r) = text(&row, 4) {
                fk.referent_columns.push(r);
            }
        }
    }
    let mut ordered = Vec::new();
    for parsed in parse::foreign_keys(table_sql) {
        let found = keys.iter().position(|(_, k)| {
            k.columns == parsed.columns
                && k.referent_table == parsed.referent
                && k.referent_columns == parsed.referent_columns
        });
        if let Some(i) = found {
            let (_, mut fk) = keys.remove(i);
            fk.name = parsed.name;
            fk.ondelete = parsed.ondelete;
            fk.onupdate = parsed.onupdate;
            fk.deferrable = parsed.deferrable;
            fk.initially = parsed.initially;
            ordered.push(fk);
        }
    }
    // The rest are inline `REFERENCES` clauses: unnamed, without actions.
    ordered.extend(keys.into_iter().map(|(_, k)| k));
    table
        .constraints
        .extend(ordered.into_iter().map(Constraint::ForeignKey));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(sql: &str) -> Rusqlite {
        let conn = Rusqlite::open_in_memory().expect("in-memory database");
        conn.execute_batch(sql).expect("setup");
        conn
    }

    #[test]
    fn a_missing_table_is_none() {
        let conn = db("CREATE TABLE t (id INTEGER)");
        assert!(sqlite_table(&conn, None, "nope").expect("query").is_none());
    }

    #[test]
    fn columns_keys_uniques_checks_and_indexes_are_read() {
        let conn = db(
            "CREATE TABLE p (id INTEGER NOT NULL, CONSTRAINT pk_p PRIMARY KEY (id));
             CREATE TABLE t (id INTEGER NOT NULL, a varchar(10) DEFAULT 'x', n INT DEFAULT 10,
               at DATETIME DEFAULT CURRENT_TIMESTAMP, pid INTEGER REFERENCES p,
               PRIMARY KEY (id), CONSTRAINT uq_a UNIQUE (a), CHECK (n > 0));
             CREATE INDEX ix_n ON t (n) WHERE n > 1;
             CREATE INDEX ix_expr ON t (lower(a));",
        );
        let t = sqlite_table(&conn, None, "t")
            .expect("query")
            .expect("table");
        let types: Vec<String> = t
            .columns
            .iter()
            .map(|c| format!("{} {:?} {:?}", c.name, c.type_, c.server_default))
            .collect();
        assert_eq!(
            types,
            [
                "id Reflected(\"INTEGER\") None",
                "a Reflected(\"VARCHAR(10)\") Some(Text(\"'x'\"))",
                "n Reflected(\"INTEGER\") Some(Text(\"(10)\"))",
                "at Reflected(\"DATETIME\") Some(Text(\"(CURRENT_TIMESTAMP)\"))",
                "pid Reflected(\"INTEGER\") None",
            ]
        );
        assert_eq!(t.primary_key(), (None, vec!["id"]));
        // The key without referred columns points at the referred table's primary key.
        assert!(t.constraints.iter().any(|c| matches!(c,
            Constraint::ForeignKey(fk) if fk.columns == ["pid"] && fk.referent_columns == ["id"])));
        assert!(t.constraints.contains(&Constraint::Unique {
            name: Some("uq_a".into()),
            columns: vec!["a".into()],
        }));
        assert!(t.constraints.contains(&Constraint::Check {
            name: None,
            sqltext: "n > 0".into(),
        }));
        // The expression index is left out, as SQLAlchemy's reflection does.
        assert_eq!(t.indexes.len(), 1);
        assert_eq!(t.indexes[0].options.sqlite_where.as_deref(), Some("n > 1"));
        let p = sqlite_table(&conn, None, "p")
            .expect("query")
            .expect("table");
        assert_eq!(p.primary_key(), (Some("pk_p"), vec!["id"]));
    }

    #[test]
    fn generated_columns_are_refused_with_the_reason() {
        let conn = db("CREATE TABLE g (a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 1) STORED)");
        let err = sqlite_table(&conn, None, "g").unwrap_err().to_string();
        assert!(err.contains("generated column 'b'"), "{err}");
    }
}
