//! Whole-schema introspection of MySQL and MariaDB: five
//! `information_schema` queries (TABLES, COLUMNS, key constraints,
//! STATISTICS, CHECK_CONSTRAINTS), each over every listed schema at once.
//!
//! MySQL 8.0.16 or later is assumed (CHECK_CONSTRAINTS, STATISTICS'
//! EXPRESSION); MariaDB 10.2 or later. Only MariaDB is tested here.

use std::collections::BTreeMap;

use aludel_core::schema::{
    Column, Constraint, ForeignKey, Index, IndexOptions, IndexPart, MysqlType, ServerDefault,
    SqlType, Table, UpperType,
};
use mysql::prelude::Queryable;
use mysql::{Conn, Params, Row, Value};

use super::schema::{reported_schema, IntrospectOptions, Introspected, TableKey, Tables};
use super::types::mysql_type;
use crate::driver::DbError;

/// The `IN (...)` list of the schemas to read (`DATABASE()` for the
/// default one) and its parameters.
fn schema_filter(options: &IntrospectOptions) -> (String, Vec<Value>) {
    let mut params = Vec::new();
    let list: Vec<&str> = options
        .schema_list()
        .iter()
        .map(|s| match s {
            None => "DATABASE()",
            Some(name) => {
                params.push(Value::from(name.as_str()));
                "?"
            }
        })
        .collect();
    (format!("IN ({})", list.join(", ")), params)
}

fn statement_error(sql: &str, e: mysql::Error) -> DbError {
    let message = match &e {
        mysql::Error::MySqlError(server) => format!("({}) {}", server.code, server.message),
        other => other.to_string(),
    };
    DbError::Statement {
        sql: sql.to_string(),
        message,
    }
}

fn run(
    conn: &mut Conn,
    sql: &str,
    params: &[Value],
    count: &mut usize,
) -> Result<Vec<Row>, DbError> {
    *count += 1;
    let params = if params.is_empty() {
        Params::Empty
    } else {
        Params::Positional(params.to_vec())
    };
    conn.exec(sql, params).map_err(|e| statement_error(sql, e))
}

/// A cell as text (`None` for NULL); information_schema sends text,
/// numbers or bytes depending on the column and the server.
fn text(row: &Row, i: usize) -> Option<String> {
    match row.as_ref(i)? {
        Value::NULL => None,
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::Int(n) => Some(n.to_string()),
        Value::UInt(n) => Some(n.to_string()),
        other => Some(other.as_sql(true)),
    }
}

fn int(row: &Row, i: usize) -> Option<i64> {
    match row.as_ref(i)? {
        Value::Int(n) => Some(*n),
        Value::UInt(n) => i64::try_from(*n).ok(),
        Value::Bytes(b) => String::from_utf8_lossy(b).trim().parse().ok(),
        _ => None,
    }
}

/// The table of a row whose first three cells are schema, is-default, table.
fn key(row: &Row) -> TableKey {
    let schema = text(row, 0).unwrap_or_default();
    (
        reported_schema(&schema, int(row, 1).unwrap_or(0) != 0),
        text(row, 2).unwrap_or_default(),
    )
}

/// Reads the schemas of `options` through `conn`; `mariadb` picks the
/// catalog columns that exist on that server.
pub(crate) fn introspect_mysql(
    conn: &mut Conn,
    mariadb: bool,
    options: &IntrospectOptions,
) -> Result<Introspected, DbError> {
    let (filter, params) = schema_filter(options);
    let mut count = 0;
    let is_default = |col: &str| format!("COALESCE({col} = DATABASE(), 0)");

    let tables_sql = format!(
        "SELECT TABLE_SCHEMA, {}, TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA {filter} AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') \
         ORDER BY 1, 3",
        is_default("TABLE_SCHEMA")
    );
    let mut tables = Tables::default();
    for row in run(conn, &tables_sql, &params, &mut count)? {
        let raw = text(&row, 0).unwrap_or_default();
        let (schema, name) = key(&row);
        if options.excludes(&raw, schema.is_none(), &name) {
            continue;
        }
        let mut table = Table::new(schema.as_deref(), &name);
        table.comment = text(&row, 3).filter(|c| !c.is_empty());
        tables.add(table);
    }

    let columns_sql = format!(
        "SELECT TABLE_SCHEMA, {}, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, \
           COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA {filter} \
         ORDER BY 1, 3, ORDINAL_POSITION",
        is_default("TABLE_SCHEMA")
    );
    for row in run(conn, &columns_sql, &params, &mut count)? {
        let Some(table) = tables.get_mut(&key(&row)) else {
            continue;
        };
        let name = text(&row, 3).unwrap_or_default();
        let mut column = Column::new(&name, mysql_type(&text(&row, 4).unwrap_or_default()));
        column.nullable = text(&row, 5).as_deref() == Some("YES");
        let extra = text(&row, 7).unwrap_or_default();
        let generated = text(&row, 9).is_some_and(|g| !g.is_empty());
        if !generated {
            column.server_default = default_text(text(&row, 6), &extra, mariadb);
        }
        column.autoincrement = Some(extra.to_ascii_lowercase().contains("auto_increment"));
        column.comment = text(&row, 8).filter(|c| !c.is_empty());
        table.columns.push(column);
    }

    let keys_sql = format!(
        "SELECT k.TABLE_SCHEMA, {}, k.TABLE_NAME, k.CONSTRAINT_NAME, t.CONSTRAINT_TYPE, \
           k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, {}, k.REFERENCED_TABLE_NAME, \
           k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
         JOIN information_schema.TABLE_CONSTRAINTS t \
           ON t.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND t.TABLE_SCHEMA = k.TABLE_SCHEMA \
          AND t.TABLE_NAME = k.TABLE_NAME AND t.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME \
          AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
         WHERE k.TABLE_SCHEMA {filter} AND t.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'FOREIGN KEY') \
         ORDER BY 1, 3, 4, k.ORDINAL_POSITION",
        is_default("k.TABLE_SCHEMA"),
        is_default("k.REFERENCED_TABLE_SCHEMA"),
    );
    let mut primary: BTreeMap<TableKey, Vec<String>> = BTreeMap::new();
    let mut foreign: BTreeMap<(TableKey, String), ForeignKey> = BTreeMap::new();
    for row in run(conn, &keys_sql, &params, &mut count)? {
        let key = key(&row);
        if tables.get(&key).is_none() {
            continue;
        }
        let column = text(&row, 5).unwrap_or_default();
        if text(&row, 4).as_deref() == Some("PRIMARY KEY") {
            primary.entry(key).or_default().push(column);
            continue;
        }
        let name = text(&row, 3).unwrap_or_default();
        let fk = foreign.entry((key, name.clone())).or_insert_with(|| {
            let rule = |i: usize| {
                text(&row, i)
                    .map(|r| r.to_uppercase())
                    // RESTRICT is what MySQL reports for a key that names no
                    // action (and SHOW CREATE TABLE omits it): the default.
                    .filter(|r| r != "NO ACTION" && r != "RESTRICT")
            };
            let mut fk = ForeignKey::new(&[], &text(&row, 8).unwrap_or_default(), &[]);
            fk.name = Some(name);
            fk.referent_schema =
                text(&row, 6).and_then(|s| reported_schema(&s, int(&row, 7).unwrap_or(0) != 0));
            fk.onupdate = rule(10);
            fk.ondelete = rule(11);
            fk
        });
        fk.columns.push(column);
        fk.referent_columns.push(text(&row, 9).unwrap_or_default());
    }
    for (key, columns) in primary {
        if let Some(table) = tables.get_mut(&key) {
            // MySQL names every primary key PRIMARY: no name of its own.
            table.set_primary_key(None, columns);
        }
    }
    for ((key, _), fk) in foreign {
        if let Some(table) = tables.get_mut(&key) {
            table.constraints.push(Constraint::ForeignKey(fk));
        }
    }

    let expression = if mariadb { "NULL" } else { "EXPRESSION" };
    let indexes_sql = format!(
        "SELECT TABLE_SCHEMA, {}, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, \
           {expression} \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA {filter} \
         ORDER BY 1, 3, 4, SEQ_IN_INDEX",
        is_default("TABLE_SCHEMA")
    );
    type Parts = (bool, Vec<IndexPart>, Vec<Option<i64>>);
    let mut indexes: BTreeMap<(TableKey, String), Parts> = BTreeMap::new();
    for row in run(conn, &indexes_sql, &params, &mut count)? {
        let key = key(&row);
        if tables.get(&key).is_none() {
            continue;
        }
        let name = text(&row, 3).unwrap_or_default();
        let entry = indexes
            .entry((key, name))
            .or_insert_with(|| (int(&row, 4) == Some(0), Vec::new(), Vec::new()));
        entry.1.push(match text(&row, 5) {
            Some(c) => IndexPart::Column(c),
            None => IndexPart::Expression(text(&row, 7).unwrap_or_default()),
        });
        entry.2.push(int(&row, 6));
    }
    for ((key, name), (unique, parts, lengths)) in indexes {
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        // The primary key's index is the constraint itself. The indexes
        // InnoDB makes for foreign keys are reported like any other: which
        // of them a model implies is the diff's call (it must drop one when
        // it drops the key).
        if name == "PRIMARY" {
            continue;
        }
        let mysql_length = match lengths.first() {
            Some(Some(n)) if lengths.iter().all(|l| *l == Some(*n)) => u32::try_from(*n).ok(),
            _ => None,
        };
        table.indexes.push(Index {
            name: Some(name),
            parts,
            unique,
            options: IndexOptions {
                mysql_length,
                ..IndexOptions::default()
            },
        });
    }

    let checks_sql = if mariadb {
        format!(
            "SELECT CONSTRAINT_SCHEMA, {}, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL \
             FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA {filter} \
             ORDER BY 1, 3, 4",
            is_default("CONSTRAINT_SCHEMA")
        )
    } else {
        format!(
            "SELECT t.TABLE_SCHEMA, {}, t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table' \
             FROM information_schema.CHECK_CONSTRAINTS c \
             JOIN information_schema.TABLE_CONSTRAINTS t \
               ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA \
              AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK' \
             WHERE t.TABLE_SCHEMA {filter} ORDER BY 1, 3, 4",
            is_default("t.TABLE_SCHEMA")
        )
    };
    for row in run(conn, &checks_sql, &params, &mut count)? {
        let Some(table) = tables.get_mut(&key(&row)) else {
            continue;
        };
        let name = text(&row, 3).unwrap_or_default();
        let clause = text(&row, 4).unwrap_or_default();
        let column_level = text(&row, 5).as_deref() == Some("Column");
        if column_level && is_json_check(&clause, &name) {
            // MariaDB's JSON: a LONGTEXT column with this CHECK.
            if let Some(c) = table.column_mut(&name) {
                if c.type_ == SqlType::Mysql(MysqlType::Longtext) {
                    c.type_ = SqlType::Upper(UpperType::Json);
                    continue;
                }
            }
        }
        table.constraints.push(Constraint::Check {
            // A column-level CHECK is named after its column by MariaDB,
            // not by whoever wrote it.
            name: (!column_level).then_some(name),
            sqltext: clause,
        });
    }
    Ok(tables.finish(Vec::new(), count))
}

/// Whether `clause` is MariaDB's `json_valid(`column`)`.
fn is_json_check(clause: &str, column: &str) -> bool {
    let compact: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
    let quoted = format!("`{}`", column.replace('`', "``"));
    let quoted: String = quoted.chars().filter(|c| !c.is_whitespace()).collect();
    compact.eq_ignore_ascii_case(&format!("json_valid({quoted})"))
}

/// The server default as SQL text, from `COLUMN_DEFAULT` and `EXTRA`.
///
/// MariaDB reports the default as SQL already (`'abc'`, `0`,
/// `current_timestamp()`), and `NULL` for DEFAULT NULL; MySQL reports a
/// literal's bare value (quoted here, as SHOW CREATE TABLE and
/// SQLAlchemy's reflection write it: `'abc'`, `'0'`) and an expression
/// as SQL, marked DEFAULT_GENERATED. `ON UPDATE ...` follows the default
/// text, as SQLAlchemy's MySQL reflection reports it.
fn default_text(raw: Option<String>, extra: &str, mariadb: bool) -> Option<ServerDefault> {
    let raw = raw?;
    let mut text = if mariadb {
        if raw == "NULL" {
            return None;
        }
        raw
    } else if extra.to_ascii_uppercase().contains("DEFAULT_GENERATED") {
        raw
    } else {
        format!("'{}'", raw.replace('\'', "''"))
    };
    let lower = extra.to_ascii_lowercase();
    if let Some(at) = lower.find("on update ") {
        let on_update = extra[at + "on update ".len()..].trim();
        if !on_update.is_empty() {
            text.push_str(" ON UPDATE ");
            text.push_str(on_update);
        }
    }
    Some(ServerDefault::Text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_per_server() {
        let t = |s: &str| Some(ServerDefault::Text(s.into()));
        assert_eq!(default_text(Some("NULL".into()), "", true), None);
        assert_eq!(default_text(Some("'NULL'".into()), "", true), t("'NULL'"));
        assert_eq!(
            default_text(
                Some("current_timestamp(3)".into()),
                "on update current_timestamp(3)",
                true
            ),
            t("current_timestamp(3) ON UPDATE current_timestamp(3)")
        );
        assert_eq!(default_text(Some("it's".into()), "", false), t("'it''s'"));
        assert_eq!(
            default_text(
                Some("CURRENT_TIMESTAMP".into()),
                "DEFAULT_GENERATED on update CURRENT_TIMESTAMP",
                false
            ),
            t("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")
        );
        assert_eq!(default_text(None, "auto_increment", false), None);
    }

    #[test]
    fn json_checks() {
        assert!(is_json_check("json_valid(`data`)", "data"));
        assert!(is_json_check("JSON_VALID( `data` )", "data"));
        assert!(!is_json_check("json_valid(`other`)", "data"));
        assert!(!is_json_check("json_valid(`data`) and 1", "data"));
    }
}
