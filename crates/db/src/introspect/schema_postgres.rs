//! Whole-schema introspection of PostgreSQL: five `pg_catalog` queries
//! (tables, columns, constraints, indexes, enum types), each over every
//! listed schema at once (`nspname = ANY($1)`, or the current schema).

use std::collections::BTreeMap;

use aludel_core::schema::{
    Column, Constraint, EnumType, ForeignKey, Index, IndexOptions, IndexPart, ServerDefault, Table,
};
use postgres::types::FromSql;
use postgres::{Client, Row, Statement};

use super::schema::{
    odd_value, reported_schema, IntrospectOptions, Introspected, TableKey, Tables,
};
use super::types::postgres_type;
use crate::driver::DbError;

/// The schema filter every query shares: the listed names (`$1`) and,
/// when `$2`, the current schema.
const IN_SCHEMAS: &str =
    "(n.nspname = ANY($1::text[]) OR ($2::bool AND n.nspname = current_schema()))";

/// Whether the namespace `n` is the current schema (never NULL, also with
/// an empty search path).
const IS_DEFAULT: &str = "COALESCE(n.nspname = current_schema(), false)";

fn tables_sql() -> String {
    format!(
        "SELECT n.nspname::text, {IS_DEFAULT}, c.relname::text, \
                pg_catalog.obj_description(c.oid, 'pg_class') \
         FROM pg_catalog.pg_class c \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {IN_SCHEMAS} \
         ORDER BY 1, 3"
    )
}

fn columns_sql() -> String {
    // A domain is read as its base type (and its NOT NULL), as SQLAlchemy
    // does; an array's element type says whether it is an enum. The
    // sequence a column owns (serial: dependency 'a') is named as its
    // `nextval()` default names it (regclass output both times).
    format!(
        "SELECT n.nspname::text, {IS_DEFAULT}, c.relname::text, a.attname::text, \
           CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) \
                ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END, \
           COALESCE(bt.typcategory = 'A', false), \
           COALESCE(etn.nspname = 'pg_catalog', false), \
           CASE WHEN et.typtype = 'e' THEN et.typname::text END, \
           CASE WHEN et.typtype = 'e' THEN ARRAY(SELECT e.enumlabel::text \
                FROM pg_catalog.pg_enum e WHERE e.enumtypid = et.oid \
                ORDER BY e.enumsortorder) END, \
           a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), \
           pg_catalog.pg_get_expr(d.adbin, d.adrelid), \
           a.attidentity::text, a.attgenerated::text, \
           pg_catalog.col_description(c.oid, a.attnum), \
           (SELECT s.oid::regclass::text FROM pg_catalog.pg_depend dep \
              JOIN pg_catalog.pg_class s ON s.oid = dep.objid AND s.relkind = 'S' \
              WHERE dep.classid = 'pg_catalog.pg_class'::regclass \
                AND dep.refclassid = 'pg_catalog.pg_class'::regclass \
                AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum \
                AND dep.deptype = 'a' \
              ORDER BY s.oid LIMIT 1) \
         FROM pg_catalog.pg_attribute a \
         JOIN pg_catalog.pg_class c ON c.oid = a.attrelid \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
         JOIN pg_catalog.pg_type bt \
           ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END \
         LEFT JOIN pg_catalog.pg_type et \
           ON et.oid = CASE WHEN bt.typcategory = 'A' AND bt.typelem <> 0 \
                            THEN bt.typelem ELSE bt.oid END \
         LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace \
         LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND {IN_SCHEMAS} \
         ORDER BY 1, 3, a.attnum"
    )
}

fn constraints_sql() -> String {
    // PostgreSQL 18's NOT NULL constraints ('n') are column nullability,
    // already read; exclusion constraints ('x') have no neutral form.
    let names = |keys: &str, rel: &str| {
        format!(
            "ARRAY(SELECT a.attname::text FROM unnest(con.{keys}) WITH ORDINALITY AS k(attnum, ord) \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = con.{rel} AND a.attnum = k.attnum \
             ORDER BY k.ord)"
        )
    };
    format!(
        "SELECT n.nspname::text, {IS_DEFAULT}, c.relname::text, con.conname::text, \
           con.contype::text, {}, rn.nspname::text, \
           COALESCE(rn.nspname = current_schema(), false), rc.relname::text, {}, \
           con.confdeltype::text, con.confupdtype::text, con.confmatchtype::text, \
           con.condeferrable, con.condeferred, \
           pg_catalog.pg_get_constraintdef(con.oid, true) \
         FROM pg_catalog.pg_constraint con \
         JOIN pg_catalog.pg_class c ON c.oid = con.conrelid \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid \
         LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace \
         WHERE con.contype IN ('p', 'f', 'u', 'c') AND c.relkind IN ('r', 'p') AND {IN_SCHEMAS} \
         ORDER BY 1, 3, 4",
        names("conkey", "conrelid"),
        names("confkey", "confrelid"),
    )
}

fn indexes_sql() -> String {
    // Key columns only (not INCLUDE ones); a key part whose attribute
    // number is 0 is an expression, written by pg_get_indexdef.
    format!(
        "SELECT n.nspname::text, {IS_DEFAULT}, c.relname::text, ic.relname::text, \
           i.indisunique, am.amname::text, pg_catalog.pg_get_expr(i.indpred, i.indrelid), \
           ARRAY(SELECT a.attname::text FROM generate_series(1, i.indnkeyatts::int) AS k \
                 LEFT JOIN pg_catalog.pg_attribute a \
                   ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] AND a.attnum > 0 \
                 ORDER BY k), \
           ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, true) \
                 FROM generate_series(1, i.indnkeyatts::int) AS k ORDER BY k) \
         FROM pg_catalog.pg_index i \
         JOIN pg_catalog.pg_class c ON c.oid = i.indrelid \
         JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_catalog.pg_am am ON am.oid = ic.relam \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p') AND {IN_SCHEMAS} \
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con \
                           WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid \
                             AND con.contype IN ('p', 'u', 'x')) \
         ORDER BY 1, 3, 4"
    )
}

fn enums_sql() -> String {
    format!(
        "SELECT n.nspname::text, {IS_DEFAULT}, t.typname::text, \
           ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e \
                 WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) \
         FROM pg_catalog.pg_type t \
         JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace \
         WHERE t.typtype = 'e' AND {IN_SCHEMAS} \
         ORDER BY 1, 3"
    )
}

/// One catalog query's rows, reading each value with the query at hand
/// for the error.
struct Query {
    sql: String,
    rows: Vec<Row>,
}

impl Query {
    fn run(
        client: &mut Client,
        queries: &mut CatalogQueries,
        sql: String,
        names: &Vec<String>,
        want_default: bool,
        count: &mut usize,
    ) -> Result<Self, DbError> {
        *count += 1;
        let statement = queries.statement(client, &sql)?;
        let rows = client
            .query(&statement, &[names, &want_default])
            .map_err(|e| statement_error(&sql, &e))?;
        Ok(Query { sql, rows })
    }

    fn get<'a, T: FromSql<'a>>(&self, row: &'a Row, i: usize) -> Result<T, DbError> {
        row.try_get(i).map_err(|e| odd_value(&self.sql, e))
    }

    /// The table a row is about: (reported schema, name), from columns 0-2.
    fn key(&self, row: &Row) -> Result<TableKey, DbError> {
        let schema: String = self.get(row, 0)?;
        let is_default: bool = self.get(row, 1)?;
        Ok((reported_schema(&schema, is_default), self.get(row, 2)?))
    }
}

/// The catalog queries, prepared on a connection the first time it reads a
/// schema and reused after: PostgreSQL then parses them once and, after a
/// few runs, keeps one plan. Planning was most of a reading's time where a
/// schema is read after every step (`aludel test`).
#[derive(Default)]
pub(crate) struct CatalogQueries {
    prepared: Vec<(String, Statement)>,
}

impl CatalogQueries {
    fn statement(&mut self, client: &mut Client, sql: &str) -> Result<Statement, DbError> {
        if let Some((_, statement)) = self.prepared.iter().find(|(text, _)| text == sql) {
            return Ok(statement.clone());
        }
        let statement = client.prepare(sql).map_err(|e| statement_error(sql, &e))?;
        self.prepared.push((sql.to_string(), statement.clone()));
        Ok(statement)
    }
}

fn statement_error(sql: &str, e: &postgres::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        },
    }
}

/// Reads the schemas of `options` through `client`, with the statements
/// `queries` keeps for it.
pub(crate) fn introspect_postgres(
    client: &mut Client,
    queries: &mut CatalogQueries,
    options: &IntrospectOptions,
) -> Result<Introspected, DbError> {
    let names = options.named_schemas();
    let want_default = options.wants_default();
    let mut count = 0;
    let mut run = |sql: String| Query::run(client, queries, sql, &names, want_default, &mut count);
    let tables_q = run(tables_sql())?;
    let columns_q = run(columns_sql())?;
    let constraints_q = run(constraints_sql())?;
    let indexes_q = run(indexes_sql())?;
    let enums_q = run(enums_sql())?;

    let mut tables = Tables::default();
    for row in &tables_q.rows {
        let raw: String = tables_q.get(row, 0)?;
        let is_default: bool = tables_q.get(row, 1)?;
        let (schema, name) = tables_q.key(row)?;
        if options.excludes(&raw, is_default, &name) {
            continue;
        }
        let mut table = Table::new(schema.as_deref(), &name);
        table.comment = tables_q.get(row, 3)?;
        tables.add(table);
    }
    read_columns(&columns_q, &mut tables)?;
    read_constraints(&constraints_q, &mut tables)?;
    read_indexes(&indexes_q, &mut tables)?;

    let mut enums = Vec::new();
    for row in &enums_q.rows {
        let (schema, name) = enums_q.key(row)?;
        let values: Vec<String> = enums_q.get(row, 3)?;
        enums.push((schema, name, values));
    }
    Ok(tables.finish(enums, count))
}

fn read_columns(q: &Query, tables: &mut Tables) -> Result<(), DbError> {
    for row in &q.rows {
        let key = q.key(row)?;
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        let name: String = q.get(row, 3)?;
        let type_text: String = q.get(row, 4)?;
        let is_array: bool = q.get(row, 5)?;
        let builtin: bool = q.get(row, 6)?;
        let enum_name: Option<String> = q.get(row, 7)?;
        let enum_values: Option<Vec<String>> = q.get(row, 8)?;
        let not_null: bool = q.get(row, 9)?;
        let default: Option<String> = q.get(row, 10)?;
        let identity: String = q.get(row, 11)?;
        let generated: String = q.get(row, 12)?;
        let comment: Option<String> = q.get(row, 13)?;
        let owned_sequence: Option<String> = q.get(row, 14)?;

        // As SQLAlchemy reflects it (`postgresql.ENUM(*labels, name=...)`),
        // which is also what `sa.Enum(*values, name=...)` declares: a native
        // type, no CHECK, `create_type` left at its default.
        let enum_ = enum_name.map(|n| {
            let mut e = EnumType::new(Some(&n), &[]);
            e.values = enum_values.unwrap_or_default();
            e
        });
        let sql_type = postgres_type(
            &type_text,
            is_array && type_text.ends_with("[]"),
            builtin,
            enum_,
        );
        let mut column = Column::new(&name, sql_type);
        column.nullable = !not_null;
        column.comment = comment;
        let serial = match (&default, &owned_sequence) {
            (Some(d), Some(seq)) => {
                *d == format!("nextval('{}'::regclass)", seq.replace('\'', "''"))
            }
            _ => false,
        };
        // A generated column's expression sits where a default would.
        if generated.is_empty() && !serial {
            column.server_default = default.map(ServerDefault::Text);
        }
        column.autoincrement = Some(serial || !identity.is_empty());
        table.columns.push(column);
    }
    Ok(())
}

/// The condition of `CHECK (cond)` as `pg_get_constraintdef` writes it,
/// without a trailing `NOT VALID` / `NO INHERIT`; the whole text when it
/// is not of that shape.
fn check_text(def: &str) -> String {
    let mut body = def.trim();
    loop {
        let before = body;
        for suffix in [" NOT VALID", " NO INHERIT", " NOT ENFORCED"] {
            body = body.strip_suffix(suffix).unwrap_or(body).trim_end();
        }
        if body == before {
            break;
        }
    }
    body.strip_prefix("CHECK")
        .map(str::trim_start)
        .and_then(|b| b.strip_prefix('('))
        .and_then(|b| b.strip_suffix(')'))
        .map_or_else(|| def.to_string(), str::to_string)
}

fn action(code: &str) -> Option<String> {
    match code {
        "r" => Some("RESTRICT".into()),
        "c" => Some("CASCADE".into()),
        "n" => Some("SET NULL".into()),
        "d" => Some("SET DEFAULT".into()),
        _ => None,
    }
}

fn read_constraints(q: &Query, tables: &mut Tables) -> Result<(), DbError> {
    let mut primary: BTreeMap<TableKey, (String, Vec<String>)> = BTreeMap::new();
    for row in &q.rows {
        let key = q.key(row)?;
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        let name: String = q.get(row, 3)?;
        let kind: String = q.get(row, 4)?;
        let columns: Vec<String> = q.get(row, 5)?;
        match kind.as_str() {
            "p" => {
                primary.insert(key, (name, columns));
            }
            "u" => table.constraints.push(Constraint::Unique {
                name: Some(name),
                columns,
            }),
            "c" => {
                let def: String = q.get(row, 15)?;
                table.constraints.push(Constraint::Check {
                    name: Some(name),
                    sqltext: check_text(&def),
                });
            }
            "f" => {
                let r_schema: Option<String> = q.get(row, 6)?;
                let r_default: bool = q.get(row, 7)?;
                let r_table: Option<String> = q.get(row, 8)?;
                let r_columns: Vec<String> = q.get(row, 9)?;
                let on_delete: String = q.get(row, 10)?;
                let on_update: String = q.get(row, 11)?;
                let match_type: String = q.get(row, 12)?;
                let deferrable: bool = q.get(row, 13)?;
                let deferred: bool = q.get(row, 14)?;
                table.constraints.push(Constraint::ForeignKey(ForeignKey {
                    name: Some(name),
                    columns,
                    referent_schema: r_schema.and_then(|s| reported_schema(&s, r_default)),
                    referent_table: r_table.unwrap_or_default(),
                    referent_columns: r_columns,
                    ondelete: action(&on_delete),
                    onupdate: action(&on_update),
                    // pg_get_constraintdef writes DEFERRABLE and INITIALLY
                    // DEFERRED only when they hold; so does SQLAlchemy's reading.
                    deferrable: deferrable.then_some(true),
                    initially: deferred.then(|| "DEFERRED".to_string()),
                    match_: match match_type.as_str() {
                        "f" => Some("FULL".into()),
                        "p" => Some("PARTIAL".into()),
                        _ => None,
                    },
                }));
            }
            _ => {}
        }
    }
    for (key, (name, columns)) in primary {
        if let Some(table) = tables.get_mut(&key) {
            table.set_primary_key(Some(name), columns);
        }
    }
    Ok(())
}

fn read_indexes(q: &Query, tables: &mut Tables) -> Result<(), DbError> {
    for row in &q.rows {
        let key = q.key(row)?;
        let Some(table) = tables.get_mut(&key) else {
            continue;
        };
        let name: String = q.get(row, 3)?;
        let unique: bool = q.get(row, 4)?;
        let method: String = q.get(row, 5)?;
        let predicate: Option<String> = q.get(row, 6)?;
        let columns: Vec<Option<String>> = q.get(row, 7)?;
        let texts: Vec<Option<String>> = q.get(row, 8)?;
        let parts = columns
            .into_iter()
            .enumerate()
            .map(|(i, c)| match c {
                Some(c) => IndexPart::Column(c),
                None => IndexPart::Expression(texts.get(i).cloned().flatten().unwrap_or_default()),
            })
            .collect();
        table.indexes.push(Index {
            name: Some(name),
            parts,
            unique,
            options: IndexOptions {
                postgresql_where: predicate,
                // btree is the default; SQLAlchemy reports no method then.
                postgresql_using: (method != "btree").then_some(method),
                ..IndexOptions::default()
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_conditions_lose_only_the_check_wrapper() {
        assert_eq!(
            check_text("CHECK ((price > (0)::numeric))"),
            "(price > (0)::numeric)"
        );
        assert_eq!(check_text("CHECK (a > 0) NOT VALID"), "a > 0");
        assert_eq!(check_text("CHECK (a > 0) NO INHERIT"), "a > 0");
        assert_eq!(check_text("odd"), "odd");
        assert_eq!(check_text(""), "");
    }
}
