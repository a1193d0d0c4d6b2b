//! Whole-schema introspection of SQLite: four queries, each joining
//! `sqlite_master` with a table-valued PRAGMA function over every table
//! (of every listed schema, `UNION ALL`), plus the CREATE TABLE / CREATE
//! INDEX text for what the PRAGMAs do not tell (constraint names, CHECKs,
//! UNIQUE constraints, deferrability, index expressions).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use aludel_core::schema::{
    Column, Constraint, ForeignKey, Index, IndexOptions, IndexPart, ServerDefault, Table,
};
use regex::Regex;
use rusqlite::types::Value;
use rusqlite::Connection as Rusqlite;

use super::schema::{reported_schema, IntrospectOptions, Introspected, TableKey, Tables};
use super::sqlite_sql as parse;
use super::types::sqlite_type;
use crate::driver::DbError;

/// SQLite's name of the default schema.
const MAIN: &str = "main";

fn statement_error(sql: &str, e: rusqlite::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: e.to_string(),
    }
}

fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Every row of `sql`, as SQLite values.
fn rows(conn: &Rusqlite, sql: &str) -> Result<Vec<Vec<Value>>, DbError> {
    let mut stmt = conn.prepare(sql).map_err(|e| statement_error(sql, e))?;
    let width = stmt.column_count();
    let collected = stmt
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
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
        Some(Value::Text(t)) => t.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// One `SELECT` per schema over its tables, glued with `UNION ALL`;
/// `select` gets the quoted schema name and its string literal and
/// writes the part after `SELECT <schema literal>,`, where the tables are
/// `m` (virtual tables left out: their PRAGMAs need their module).
fn per_schema(schemas: &[String], select: impl Fn(&str, &str) -> String) -> String {
    schemas
        .iter()
        .map(|s| {
            let (q, l) = (ident(s), literal(s));
            format!(
                "SELECT {l} AS s, m.name AS t, {} WHERE m.type = 'table' \
                 AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~' \
                 AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL%'",
                select(&q, &l)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

fn key(row: &[Value]) -> TableKey {
    let schema = text(row, 0).unwrap_or_default();
    (
        reported_schema(&schema, schema == MAIN),
        text(row, 1).unwrap_or_default(),
    )
}

/// Reads the schemas of `options` from `conn` (`None`: a database file
/// not created yet, which has no tables and is not asked anything).
pub(crate) fn introspect_sqlite(
    conn: Option<&Rusqlite>,
    options: &IntrospectOptions,
) -> Result<Introspected, DbError> {
    let Some(conn) = conn else {
        return Ok(Tables::default().finish(Vec::new(), 0));
    };
    let schemas: Vec<String> = options
        .schema_list()
        .into_iter()
        .map(|s| s.unwrap_or_else(|| MAIN.to_string()))
        .fold(Vec::new(), |mut acc, s| {
            if !acc.contains(&s) {
                acc.push(s);
            }
            acc
        });
    let mut queries = 0;
    let mut tables = Tables::default();
    let mut table_sql: BTreeMap<TableKey, String> = BTreeMap::new();

    let sql =
        per_schema(&schemas, |q, _| format!("m.sql FROM {q}.sqlite_master m")) + " ORDER BY 1, 2";
    queries += 1;
    for row in rows(conn, &sql)? {
        let raw_schema = text(&row, 0).unwrap_or_default();
        let (schema, name) = key(&row);
        if options.excludes(&raw_schema, raw_schema == MAIN, &name) {
            continue;
        }
        let create = text(&row, 2).unwrap_or_default();
        let mut table = Table::new(schema.as_deref(), &name);
        table.sqlite_autoincrement = has_autoincrement(&create);
        table_sql.insert((schema, name), create);
        tables.add(table);
    }

    read_columns(conn, &schemas, &mut tables, &table_sql, &mut queries)?;
    read_foreign_keys(conn, &schemas, &mut tables, &table_sql, &mut queries)?;
    let auto_unique = read_indexes(conn, &schemas, &mut tables, &mut queries)?;

    for table in tables.iter_mut() {
        let key = (table.schema.clone(), table.name.clone());
        let create = table_sql.get(&key).map(String::as_str).unwrap_or("");
        // The UNIQUE constraints are the indexes SQLite made for them; the
        // table text names those it can (an inline `a VARCHAR(3) UNIQUE`
        // is not matched and stays unnamed, as it is).
        let mut unmatched: Vec<Vec<String>> = auto_unique.get(&key).cloned().unwrap_or_default();
        // SQLite makes no index for a UNIQUE on exactly the primary key's
        // columns (`Field(primary_key=True, unique=True)`): the text alone
        // says it is there.
        let pk_columns: Vec<String> = table
            .constraints
            .iter()
            .find_map(|c| match c {
                Constraint::PrimaryKey { columns, .. } => Some(columns.clone()),
                _ => None,
            })
            .unwrap_or_else(|| {
                table
                    .columns
                    .iter()
                    .filter(|c| c.primary_key)
                    .map(|c| c.name.clone())
                    .collect()
            });
        let mut uniques = Vec::new();
        for (uq_name, cols) in parse::uniques(create) {
            if let Some(i) = unmatched.iter().position(|a| *a == cols) {
                unmatched.remove(i);
                uniques.push((uq_name, cols));
            } else if !pk_columns.is_empty() && cols == pk_columns {
                uniques.push((uq_name, cols));
            }
        }
        uniques.extend(unmatched.into_iter().map(|cols| (None, cols)));
        for (name, columns) in uniques {
            table.constraints.push(Constraint::Unique { name, columns });
        }
        for (name, sqltext) in parse::checks(create) {
            table.constraints.push(Constraint::Check { name, sqltext });
        }
    }
    Ok(tables.finish(Vec::new(), queries))
}

/// Whether the table text asks for `AUTOINCREMENT` (outside quotes).
fn has_autoincrement(create: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?i)'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\bAUTOINCREMENT\b"#)
            .expect("valid pattern")
    });
    re.find_iter(create)
        .any(|m| m.as_str().eq_ignore_ascii_case("AUTOINCREMENT"))
}

/// Whether the table text ends with `WITHOUT ROWID`.
fn without_rowid(create: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\)\s*(?:STRICT\s*,\s*)?WITHOUT\s+ROWID(?:\s*,\s*STRICT)?\s*;?\s*$")
            .expect("valid pattern")
    });
    re.is_match(create)
}

fn read_columns(
    conn: &Rusqlite,
    schemas: &[String],
    tables: &mut Tables,
    table_sql: &BTreeMap<TableKey, String>,
    queries: &mut usize,
) -> Result<(), DbError> {
    let sql = per_schema(schemas, |q, l| {
        format!(
            "c.cid, c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden \
             FROM {q}.sqlite_master m JOIN pragma_table_xinfo(m.name, {l}) c"
        )
    }) + " ORDER BY 1, 2, 3";
    *queries += 1;
    let mut pks: BTreeMap<TableKey, Vec<(i64, String)>> = BTreeMap::new();
    // Declared types of key columns, for the rowid-alias rule.
    let mut declared: BTreeMap<(TableKey, String), String> = BTreeMap::new();
    for row in rows(conn, &sql)? {
        let key = key(&row);
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        // Hidden columns of virtual tables are not columns of the table.
        if int(&row, 8) == 1 {
            continue;
        }
        let name = text(&row, 3).unwrap_or_default();
        let type_text = text(&row, 4).unwrap_or_default();
        let mut column = Column::new(&name, sqlite_type(&type_text));
        column.nullable = int(&row, 5) == 0;
        column.server_default = text(&row, 6).map(ServerDefault::Text);
        column.autoincrement = Some(false);
        let pk = int(&row, 7);
        if pk > 0 {
            declared.insert((key.clone(), name.clone()), type_text);
            pks.entry(key).or_default().push((pk, name));
        }
        table.columns.push(column);
    }
    for (key, mut pk) in pks {
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        pk.sort();
        let cols: Vec<String> = pk.into_iter().map(|(_, c)| c).collect();
        let create = table_sql.get(&key).map(String::as_str).unwrap_or("");
        // The rowid alias: a lone primary key column declared with exactly
        // the type name INTEGER, in a rowid table, takes its values from
        // SQLite (`INT PRIMARY KEY` does not).
        if let [only] = cols.as_slice() {
            let rowid = !without_rowid(create)
                && declared
                    .get(&(key.clone(), only.clone()))
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("INTEGER"));
            if rowid {
                if let Some(c) = table.column_mut(only) {
                    c.autoincrement = Some(true);
                }
            }
        }
        table.set_primary_key(parse::primary_key_name(create), cols);
    }
    Ok(())
}

fn read_foreign_keys(
    conn: &Rusqlite,
    schemas: &[String],
    tables: &mut Tables,
    table_sql: &BTreeMap<TableKey, String>,
    queries: &mut usize,
) -> Result<(), DbError> {
    let sql = per_schema(schemas, |q, l| {
        format!(
            "f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete \
             FROM {q}.sqlite_master m JOIN pragma_foreign_key_list(m.name, {l}) f"
        )
    }) + " ORDER BY 1, 2, 3, 4";
    *queries += 1;
    let mut keys: BTreeMap<TableKey, Vec<(i64, ForeignKey, bool)>> = BTreeMap::new();
    for row in rows(conn, &sql)? {
        let key = key(&row);
        if tables.get(&key).is_none() {
            continue;
        }
        let id = int(&row, 2);
        let list = keys.entry(key.clone()).or_default();
        let at = match list.iter().position(|(k, _, _)| *k == id) {
            Some(i) => i,
            None => {
                let action = |i: usize| {
                    text(&row, i)
                        .map(|a| a.to_uppercase())
                        .filter(|a| a != "NO ACTION" && !a.is_empty())
                };
                let mut fk = ForeignKey::new(&[], &text(&row, 4).unwrap_or_default(), &[]);
                fk.referent_schema = key.0.clone();
                fk.onupdate = action(7);
                fk.ondelete = action(8);
                list.push((id, fk, false));
                list.len() - 1
            }
        };
        let (_, fk, implicit) = &mut list[at];
        fk.columns.push(text(&row, 5).unwrap_or_default());
        match text(&row, 6) {
            Some(remote) => fk.referent_columns.push(remote),
            None => *implicit = true,
        }
    }
    for (key, list) in keys {
        // A key written without referred columns refers to the primary
        // key of the referred table.
        let mut resolved = Vec::new();
        for (_, mut fk, implicit) in list {
            if implicit {
                let referent = (key.0.clone(), fk.referent_table.clone());
                fk.referent_columns = tables
                    .get(&referent)
                    .map(|t| t.primary_key().1.into_iter().map(str::to_string).collect())
                    .unwrap_or_default();
            }
            resolved.push(fk);
        }
        let create = table_sql.get(&key).map(String::as_str).unwrap_or("");
        let mut parsed = parse::foreign_keys(create);
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        for mut fk in resolved {
            // Names and deferrability are only in the table text.
            let found = parsed.iter().position(|p| {
                p.columns == fk.columns
                    && p.referent == fk.referent_table
                    && p.referent_columns == fk.referent_columns
            });
            if let Some(i) = found {
                let p = parsed.remove(i);
                fk.name = p.name;
                fk.deferrable = p.deferrable;
                fk.initially = p.initially;
            }
            table.constraints.push(Constraint::ForeignKey(fk));
        }
    }
    Ok(())
}

/// One index as the PRAGMAs describe it.
struct RawIndex {
    unique: bool,
    /// `c` (CREATE INDEX), `u` (UNIQUE constraint), `pk` (PRIMARY KEY).
    origin: String,
    partial: bool,
    /// The CREATE INDEX text (none for the indexes SQLite made itself).
    sql: Option<String>,
    /// Key columns in order; `None` for an expression.
    columns: Vec<Option<String>>,
}

/// Reads the indexes; returns the column lists of the indexes SQLite made
/// for UNIQUE constraints, per table.
fn read_indexes(
    conn: &Rusqlite,
    schemas: &[String],
    tables: &mut Tables,
    queries: &mut usize,
) -> Result<BTreeMap<TableKey, Vec<Vec<String>>>, DbError> {
    let sql = per_schema(schemas, |q, l| {
        format!(
            "il.name, il.\"unique\", il.origin, il.partial, ii.seqno, ii.cid, ii.name, im.sql \
             FROM {q}.sqlite_master m JOIN pragma_index_list(m.name, {l}) il \
             JOIN pragma_index_info(il.name, {l}) ii \
             LEFT JOIN {q}.sqlite_master im ON im.type = 'index' AND im.name = il.name"
        )
    }) + " ORDER BY 1, 2, 3, 7";
    *queries += 1;
    let mut found: BTreeMap<(TableKey, String), RawIndex> = BTreeMap::new();
    for row in rows(conn, &sql)? {
        let key = key(&row);
        if tables.get(&key).is_none() {
            continue;
        }
        let entry = found
            .entry((key, text(&row, 2).unwrap_or_default()))
            .or_insert_with(|| RawIndex {
                unique: int(&row, 3) != 0,
                origin: text(&row, 4).unwrap_or_default(),
                partial: int(&row, 5) != 0,
                sql: text(&row, 9),
                columns: Vec::new(),
            });
        entry.columns.push(text(&row, 8));
    }
    let mut auto_unique: BTreeMap<TableKey, Vec<Vec<String>>> = BTreeMap::new();
    for ((key, name), raw) in found {
        let RawIndex {
            unique,
            origin,
            partial,
            sql: index_sql,
            columns,
        } = raw;
        match origin.as_str() {
            "pk" => continue,
            "u" => {
                auto_unique
                    .entry(key)
                    .or_default()
                    .push(columns.into_iter().flatten().collect());
                continue;
            }
            _ => {}
        }
        let terms = index_sql.as_deref().map(index_terms).unwrap_or_default();
        let count = columns.len();
        let parts: Vec<IndexPart> = columns
            .into_iter()
            .enumerate()
            .map(|(i, col)| match col {
                Some(c) => IndexPart::Column(c),
                // An expression (SQLite names no column): its text as the
                // CREATE INDEX statement wrote it.
                None => IndexPart::Expression(
                    terms
                        .get(i)
                        .filter(|_| terms.len() == count)
                        .cloned()
                        .unwrap_or_default(),
                ),
            })
            .collect();
        let mut options = IndexOptions::default();
        if partial {
            options.sqlite_where = index_sql.as_deref().and_then(parse::partial_where);
        }
        if let Some(table) = tables.get_mut(&key) {
            table.indexes.push(Index {
                name: Some(name),
                parts,
                unique,
                options,
            });
        }
    }
    Ok(auto_unique)
}

/// The terms of a CREATE INDEX statement's column list, as written,
/// without a trailing `ASC` / `DESC` or `COLLATE name`.
fn index_terms(index_sql: &str) -> Vec<String> {
    let Some(open) = first_unquoted_paren(index_sql) else {
        return Vec::new();
    };
    let Some(close) = parse::matching_paren(index_sql, open) else {
        return Vec::new();
    };
    split_top_level(&index_sql[open + 1..close])
        .into_iter()
        .map(|t| strip_ordering(t.trim()).to_string())
        .collect()
}

/// The first `(` outside quotes (the index and table names before the
/// column list may be quoted and hold one).
fn first_unquoted_paren(sql: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in sql.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q || (q == '[' && c == ']') => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`' | '[') => quote = Some(c),
            (None, '(') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `text` split at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// A term without its trailing `ASC` / `DESC` / `COLLATE x`.
fn strip_ordering(term: &str) -> &str {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?is)^(.*?)(?:\s+COLLATE\s+(?:"[^"]*"|\w+))?(?:\s+(?:ASC|DESC))?$"#)
            .expect("valid pattern")
    });
    re.captures(term)
        .and_then(|c| c.get(1))
        .map_or(term, |m| m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoincrement_and_rowid_text() {
        assert!(has_autoincrement(
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)"
        ));
        assert!(!has_autoincrement(
            "CREATE TABLE t (a TEXT DEFAULT 'AUTOINCREMENT')"
        ));
        assert!(without_rowid(
            "CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID"
        ));
        assert!(!without_rowid("CREATE TABLE t (a INT PRIMARY KEY)"));
    }

    #[test]
    fn index_terms_keep_expressions_as_written() {
        assert_eq!(
            index_terms("CREATE INDEX \"ix(\" ON t (lower(a), b DESC, substr(c, 1, 2) COLLATE nocase ASC) WHERE b > 0"),
            ["lower(a)", "b", "substr(c, 1, 2)"]
        );
        assert!(index_terms("CREATE INDEX x ON t").is_empty());
        assert!(index_terms("CREATE INDEX x ON t (a").is_empty());
    }
}
