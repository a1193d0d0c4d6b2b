//! Whole-schema introspection (`Connection::introspect`) against real
//! databases: SQLite always, PostgreSQL and MariaDB on 127.0.0.1 (a
//! missing server skips the test, or fails it under `CI=true`).
//!
//! Each database gets one schema covering reserved and mixed-case names,
//! generated keys, composite keys, every mapped type, defaults of every
//! kind, comments, foreign keys with actions, unique and CHECK
//! constraints, plain / unique / multi-column / partial / expression
//! indexes, a second schema and enum types. The result is compared
//! exactly (as text, below), then with what SQLAlchemy's inspector reads
//! from the same database, and the number of catalog queries must not
//! grow with the number of tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use aludel_core::schema::{Constraint, IndexPart, PostgresqlType, SchemaState, SqlType};
use aludel_db::driver::{connect, Connection};
use aludel_db::introspect::{IntrospectOptions, Introspected};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{reference_python, workspace_root, ScratchDb};
use serde_json::Value;

fn open(db: &ScratchDb) -> Box<dyn Connection> {
    let url = DatabaseUrl::parse(db.url()).expect("scratch URL parses");
    connect(&url).unwrap_or_else(|e| panic!("connect to {}: {e}", db.url()))
}

fn run_all(conn: &mut dyn Connection, ddl: &str) {
    for statement in ddl.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        conn.execute(statement)
            .unwrap_or_else(|e| panic!("setup failed: {e}"));
    }
}

/// The schema as text: every field of every table, one line per column,
/// constraint and index, so that a mismatch shows as a line diff.
fn describe(s: &SchemaState) -> String {
    let mut out = String::new();
    for t in s.tables() {
        let schema = t
            .schema
            .as_deref()
            .map(|s| format!("{s}."))
            .unwrap_or_default();
        let _ = write!(out, "table {schema}{}", t.name);
        if let Some(c) = &t.comment {
            let _ = write!(out, " comment={c:?}");
        }
        if t.sqlite_autoincrement {
            out.push_str(" sqlite_autoincrement");
        }
        out.push('\n');
        for c in &t.columns {
            let _ = write!(out, "  col {} {}", c.name, type_text(&c.type_));
            if !c.nullable {
                out.push_str(" NOT NULL");
            }
            if c.primary_key {
                out.push_str(" pk");
            }
            match c.autoincrement {
                Some(true) => out.push_str(" autoincrement"),
                Some(false) => {}
                None => out.push_str(" autoincrement=None"),
            }
            if let Some(d) = &c.server_default {
                let _ = write!(out, " default={d:?}");
            }
            if let Some(comment) = &c.comment {
                let _ = write!(out, " comment={comment:?}");
            }
            if !c.foreign_keys.is_empty() || c.unique || c.index {
                out.push_str(" (column-level extras!)");
            }
            out.push('\n');
        }
        for c in &t.constraints {
            out.push_str("  ");
            match c {
                Constraint::PrimaryKey { name, columns } => {
                    let _ = write!(out, "pk {name:?} {columns:?}");
                }
                Constraint::Unique { name, columns } => {
                    let _ = write!(out, "unique {name:?} {columns:?}");
                }
                Constraint::Check { name, sqltext } => {
                    let _ = write!(out, "check {name:?} {sqltext}");
                }
                Constraint::ForeignKey(fk) => {
                    let schema = fk
                        .referent_schema
                        .as_deref()
                        .map(|s| format!("{s}."))
                        .unwrap_or_default();
                    let _ = write!(
                        out,
                        "fk {:?} {:?} -> {schema}{}{:?}",
                        fk.name, fk.columns, fk.referent_table, fk.referent_columns
                    );
                    for (k, v) in [
                        ("ondelete", &fk.ondelete),
                        ("onupdate", &fk.onupdate),
                        ("initially", &fk.initially),
                        ("match", &fk.match_),
                    ] {
                        if let Some(v) = v {
                            let _ = write!(out, " {k}={v}");
                        }
                    }
                    if let Some(d) = fk.deferrable {
                        let _ = write!(out, " deferrable={d}");
                    }
                }
            }
            out.push('\n');
        }
        for i in &t.indexes {
            let parts: Vec<String> = i
                .parts
                .iter()
                .map(|p| match p {
                    IndexPart::Column(c) => c.clone(),
                    IndexPart::Expression(e) => format!("expr({e})"),
                })
                .collect();
            let _ = write!(out, "  index {:?} {parts:?}", i.name);
            if i.unique {
                out.push_str(" unique");
            }
            let o = &i.options;
            for (k, v) in [
                ("postgresql_where", &o.postgresql_where),
                ("postgresql_using", &o.postgresql_using),
                ("sqlite_where", &o.sqlite_where),
            ] {
                if let Some(v) = v {
                    let _ = write!(out, " {k}={v}");
                }
            }
            if let Some(n) = o.mysql_length {
                let _ = write!(out, " mysql_length={n}");
            }
            out.push('\n');
        }
    }
    for ((schema, name), values) in s.enum_types() {
        let schema = schema
            .as_deref()
            .map(|s| format!("{s}."))
            .unwrap_or_default();
        let _ = writeln!(out, "enum {schema}{name} {values:?}");
    }
    out
}

/// A type as its Debug text, but an enum as `Postgresql(Enum(name [values] flags))`
/// (independent of fields `EnumType` may gain).
fn type_text(t: &SqlType) -> String {
    match t {
        SqlType::Postgresql(PostgresqlType::Enum(e)) => format!(
            "Postgresql(Enum({:?} {:?} native={} create_constraint={} create_type={}))",
            e.name, e.values, e.native_enum, e.create_constraint, e.create_type
        ),
        SqlType::Postgresql(PostgresqlType::Array(item)) => {
            format!("Postgresql(Array({}))", type_text(item))
        }
        other => format!("{other:?}"),
    }
}

fn assert_text(actual: &str, expected: &str) {
    let expected = expected
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let actual = actual.trim_end();
    if actual != expected {
        let mut report = String::new();
        let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
        for i in 0..a.len().max(e.len()) {
            let (x, y) = (a.get(i).copied(), e.get(i).copied());
            if x != y {
                let _ = writeln!(
                    report,
                    "line {}:\n  actual:   {:?}\n  expected: {:?}",
                    i + 1,
                    x,
                    y
                );
            }
        }
        panic!("introspected schema differs:\n{report}\nwhole actual text:\n{actual}");
    }
}

fn options(schemas: Vec<Option<String>>) -> IntrospectOptions {
    IntrospectOptions {
        schemas,
        exclude_tables: vec![(None, "alembic_version".into())],
    }
}

/// What SQLAlchemy's inspector reads from the database at `url` (the
/// default schema), through tests/oracle/dump_schema.py; `None` after a
/// skip notice when there is no reference venv.
fn sqlalchemy_dump(url: &str) -> Option<Value> {
    let python = reference_python("introspect_schema differential")?;
    let oracle = workspace_root().join("tests/oracle");
    let output = std::process::Command::new(python)
        .arg("-c")
        .arg(
            "import json, sys; sys.path.insert(0, sys.argv[1]); import dump_schema; \
             print(json.dumps(dump_schema.dump(sys.argv[2])))",
        )
        .arg(&oracle)
        .arg(url)
        .output()
        .expect("run the reference python");
    assert!(
        output.status.success(),
        "dump_schema failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("dump_schema prints JSON"))
}

fn strings(v: &Value) -> Vec<Option<String>> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Compares the default schema's tables with SQLAlchemy's reading: table
/// names, columns (name, order, nullability), primary key columns,
/// foreign keys (columns, referent, ondelete), unique constraint column
/// sets, indexes (name, columns, unique) and enum values, allowing for
/// the documented differences of each database (`flavour`): on MySQL
/// UNIQUE constraints are unique indexes and the index of a foreign key
/// is not an index; SQLAlchemy's SQLite reflection leaves expression
/// indexes out and misses actions of inline REFERENCES.
fn compare_with_sqlalchemy(ours: &SchemaState, theirs: &Value, flavour: Flavour) {
    let mysql = flavour == Flavour::Mysql;
    let their_tables = theirs["tables"].as_object().expect("tables");
    let our_names: BTreeSet<&str> = ours
        .tables()
        .filter(|t| t.schema.is_none())
        .map(|t| t.name.as_str())
        .collect();
    let their_names: BTreeSet<&str> = their_tables.keys().map(String::as_str).collect();
    assert_eq!(our_names, their_names, "table names");
    for (name, t) in their_tables {
        let table = ours.get(None, name).expect("table read");
        let cols: Vec<(Option<String>, bool)> = t["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().map(str::to_string),
                    c["nullable"].as_bool().unwrap_or(true),
                )
            })
            .collect();
        let our_cols: Vec<(Option<String>, bool)> = table
            .columns
            .iter()
            .map(|c| (Some(c.name.clone()), c.nullable))
            .collect();
        assert_eq!(our_cols, cols, "columns of {name}");
        let pk = strings(&t["primary_key"]["columns"]);
        let our_pk: Vec<Option<String>> = table
            .primary_key()
            .1
            .into_iter()
            .map(|c| Some(c.to_string()))
            .collect();
        assert_eq!(our_pk, pk, "primary key of {name}");

        let fks: BTreeMap<String, Option<String>> = t["foreign_keys"]
            .as_array()
            .expect("fks")
            .iter()
            .map(|fk| {
                (
                    format!(
                        "{:?} -> {}{:?}",
                        strings(&fk["columns"]),
                        fk["referred_table"].as_str().unwrap_or(""),
                        strings(&fk["referred_columns"]),
                    ),
                    fk["options"]["ondelete"].as_str().map(str::to_string),
                )
            })
            .collect();
        let our_fks: BTreeMap<String, Option<String>> = table
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::ForeignKey(fk) => Some((
                    format!(
                        "{:?} -> {}{:?}",
                        fk.columns.iter().cloned().map(Some).collect::<Vec<_>>(),
                        fk.referent_table,
                        fk.referent_columns
                            .iter()
                            .cloned()
                            .map(Some)
                            .collect::<Vec<_>>(),
                    ),
                    fk.ondelete.clone(),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(
            our_fks.keys().collect::<Vec<_>>(),
            fks.keys().collect::<Vec<_>>(),
            "foreign keys of {name}"
        );
        for (key, theirs_ondelete) in &fks {
            // SQLAlchemy reads SQLite's actions from FOREIGN KEY clauses of
            // the table text only, not from inline REFERENCES; aludel reads
            // them from PRAGMA foreign_key_list, which has them all.
            if flavour == Flavour::Sqlite && theirs_ondelete.is_none() {
                continue;
            }
            assert_eq!(
                &our_fks[key], theirs_ondelete,
                "ondelete of {key} in {name}"
            );
        }

        let their_uniques: BTreeSet<Vec<Option<String>>> = t["unique_constraints"]
            .as_array()
            .expect("uniques")
            .iter()
            .map(|u| strings(&u["columns"]))
            .collect();
        let unique_names: BTreeSet<Option<String>> = t["unique_constraints"]
            .as_array()
            .expect("uniques")
            .iter()
            .map(|u| u["name"].as_str().map(str::to_string))
            .collect();
        let our_uniques: BTreeSet<Vec<Option<String>>> = if mysql {
            table
                .indexes
                .iter()
                .filter(|i| i.unique)
                .map(|i| {
                    i.parts
                        .iter()
                        .map(|p| match p {
                            IndexPart::Column(c) => Some(c.clone()),
                            IndexPart::Expression(_) => None,
                        })
                        .collect()
                })
                .collect()
        } else {
            table
                .constraints
                .iter()
                .filter_map(|c| match c {
                    Constraint::Unique { columns, .. } => {
                        Some(columns.iter().cloned().map(Some).collect())
                    }
                    _ => None,
                })
                .collect()
        };
        if flavour == Flavour::Sqlite {
            // SQLAlchemy's patterns miss an inline UNIQUE after a type with
            // arguments (`w VARCHAR(5) UNIQUE`); aludel reports every index
            // SQLite made for a UNIQUE constraint, unnamed when the text
            // names none.
            assert!(
                their_uniques.is_subset(&our_uniques),
                "unique constraints of {name}: {our_uniques:?} vs {their_uniques:?}"
            );
            let named_extra = table.constraints.iter().any(|c| {
                matches!(c, Constraint::Unique { name: Some(_), columns }
                    if !their_uniques.contains(&columns.iter().cloned().map(Some).collect::<Vec<_>>()))
            });
            assert!(
                !named_extra,
                "a named unique constraint SQLAlchemy does not see in {name}"
            );
        } else {
            assert_eq!(our_uniques, their_uniques, "unique constraints of {name}");
        }

        let fk_names: BTreeSet<Option<String>> = table
            .constraints
            .iter()
            .filter_map(|c| match c {
                Constraint::ForeignKey(fk) => Some(fk.name.clone()),
                _ => None,
            })
            .collect();
        let their_indexes: BTreeSet<String> = t["indexes"]
            .as_array()
            .expect("indexes")
            .iter()
            .filter(|i| {
                let n = i["name"].as_str().map(str::to_string);
                // SQLAlchemy also lists the indexes behind UNIQUE
                // constraints (PostgreSQL) and behind foreign keys (MySQL).
                (mysql || !unique_names.contains(&n)) && !(mysql && fk_names.contains(&n))
            })
            .map(|i| {
                format!(
                    "{:?} {:?} {}",
                    i["name"].as_str(),
                    strings(&i["columns"]),
                    i["unique"]
                )
            })
            .collect();
        let our_indexes: BTreeSet<String> = table
            .indexes
            .iter()
            .filter(|i| {
                // SQLAlchemy's SQLite reflection skips expression indexes,
                let expression = i
                    .parts
                    .iter()
                    .any(|p| matches!(p, IndexPart::Expression(_)));
                // and its MySQL reflection the index InnoDB keeps for a
                // foreign key under the key's name; aludel reports it (the
                // diff decides which indexes a model implies).
                let fk_index = table.constraints.iter().any(|c| {
                    matches!(c, aludel_core::schema::Constraint::ForeignKey(fk) if fk.name == i.name)
                });
                let hidden = (flavour == Flavour::Sqlite && expression)
                    || (flavour == Flavour::Mysql && fk_index);
                !hidden
            })
            .map(|i| {
                let cols: Vec<Option<String>> = i
                    .parts
                    .iter()
                    .map(|p| match p {
                        IndexPart::Column(c) => Some(c.clone()),
                        IndexPart::Expression(_) => None,
                    })
                    .collect();
                format!("{:?} {cols:?} {}", i.name.as_deref(), i.unique)
            })
            .collect();
        assert_eq!(our_indexes, their_indexes, "indexes of {name}");
    }
    let their_enums: BTreeMap<String, Vec<Option<String>>> = theirs["enums"]
        .as_array()
        .expect("enums")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or("").to_string(),
                strings(&e["labels"]),
            )
        })
        .collect();
    let our_enums: BTreeMap<String, Vec<Option<String>>> = ours
        .enum_types()
        .filter(|((s, _), _)| s.is_none())
        .map(|((_, n), v)| (n.clone(), v.iter().cloned().map(Some).collect()))
        .collect();
    assert_eq!(our_enums, their_enums, "enum types");
}

/// Which database a comparison is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Sqlite,
    Postgres,
    Mysql,
}

/// `n` tables with a key, a foreign key, a unique constraint and an index
/// each, to count queries on.
fn many_tables(n: usize, quote: char, serial: &str) -> String {
    let mut ddl = String::new();
    for i in 0..n {
        let parent = if i == 0 { 0 } else { i - 1 };
        let _ = write!(
            ddl,
            "CREATE TABLE {q}t{i}{q} (id {serial} PRIMARY KEY, p INTEGER, u INTEGER, \
             CONSTRAINT uq_t{i} UNIQUE (u), CONSTRAINT fk_t{i} FOREIGN KEY (p) REFERENCES {q}t{parent}{q} (id));\n\
             CREATE INDEX ix_t{i} ON {q}t{i}{q} (p, u);\n",
            q = quote
        );
    }
    ddl
}

fn assert_queries_constant(conn: &mut dyn Connection, quote: char, serial: &str, expected: usize) {
    run_all(conn, &many_tables(3, quote, serial));
    let few: Introspected = conn.introspect(&options(vec![None])).expect("introspect");
    assert_eq!(few.schema.table_count(), 3);
    // Tables 3..60 on top of the first three.
    let more: String = many_tables(60, quote, serial)
        .split(";\n")
        .skip(6)
        .collect::<Vec<_>>()
        .join(";\n");
    run_all(conn, &more);
    let many = conn.introspect(&options(vec![None])).expect("introspect");
    assert_eq!(many.schema.table_count(), 60);
    assert_eq!(few.queries, expected, "catalog queries for 3 tables");
    assert_eq!(many.queries, expected, "catalog queries for 60 tables");
    let t = many.schema.get(None, "t59").expect("t59");
    // On MySQL the UNIQUE constraint is one of the indexes.
    assert_eq!(t.constraints.len() + t.indexes.len(), 4, "{t:?}");
}

// ---------------------------------------------------------------- SQLite

const SQLITE_DDL: &str = r#"
CREATE TABLE "user" (
  id INTEGER NOT NULL,
  name VARCHAR(50) NOT NULL DEFAULT 'anon',
  email VARCHAR NOT NULL,
  code CHAR(3),
  nick NVARCHAR(20),
  bio TEXT,
  active BOOLEAN NOT NULL DEFAULT 0,
  created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  birthday DATE,
  alarm TIME,
  stamp TIMESTAMP,
  score NUMERIC(10, 2) DEFAULT 0.5,
  price DECIMAL(8, 3),
  ratio FLOAT,
  r REAL,
  d DOUBLE,
  dp DOUBLE PRECISION,
  avatar BLOB,
  attrs JSON,
  token UUID,
  big BIGINT DEFAULT 42,
  small SMALLINT,
  odd MEDIUMINT,
  untyped,
  lname VARCHAR(50) DEFAULT (lower('X')),
  CONSTRAINT pk_user PRIMARY KEY (id),
  CONSTRAINT uq_user_email UNIQUE (email),
  CONSTRAINT ck_user_score CHECK (score >= 0)
);
CREATE TABLE "Order" (
  "Id" INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES "user" (id) ON DELETE CASCADE,
  reviewer_id INTEGER,
  qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
  CONSTRAINT fk_order_reviewer FOREIGN KEY (reviewer_id) REFERENCES "user" (id)
    ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  UNIQUE (user_id, reviewer_id)
);
CREATE TABLE line (
  order_id INTEGER NOT NULL,
  pos INT NOT NULL,
  note TEXT,
  CONSTRAINT pk_line PRIMARY KEY (order_id, pos),
  FOREIGN KEY (order_id) REFERENCES "Order"
);
CREATE TABLE nonalias (id INT PRIMARY KEY, v TEXT UNIQUE, w VARCHAR(5) UNIQUE);
CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE INDEX ix_user_name ON "user" (name);
CREATE UNIQUE INDEX ix_user_code ON "user" (code);
CREATE INDEX ix_user_multi ON "user" (name, created);
CREATE INDEX ix_user_active ON "user" (created) WHERE active = 1;
CREATE INDEX ix_user_lower ON "user" (lower(email), id DESC);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE VIEW v_user AS SELECT id FROM "user";
CREATE TABLE other.item (id INTEGER PRIMARY KEY, name VARCHAR(10) NOT NULL);
CREATE TABLE other.part (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES item (id));
CREATE UNIQUE INDEX other.ix_item_name ON item (name) WHERE name <> '';
CREATE TABLE other.alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)
"#;

const SQLITE_EXPECTED: &str = r#"
    table Order sqlite_autoincrement
      col Id Upper(Integer) pk autoincrement
      col user_id Upper(Integer)
      col reviewer_id Upper(Integer)
      col qty Upper(Integer) NOT NULL default=Text("1")
      pk None ["Id"]
      fk Some("fk_order_reviewer") ["reviewer_id"] -> user["id"] ondelete=SET NULL onupdate=CASCADE initially=DEFERRED deferrable=true
      fk None ["user_id"] -> user["id"] ondelete=CASCADE
      unique None ["user_id", "reviewer_id"]
      check None qty > 0
    table kv
      col k Upper(Integer) NOT NULL pk
      col v Upper(Text)
      pk None ["k"]
    table line
      col order_id Upper(Integer) NOT NULL pk
      col pos Upper(Integer) NOT NULL pk
      col note Upper(Text)
      pk Some("pk_line") ["order_id", "pos"]
      fk None ["order_id"] -> Order["Id"]
    table nonalias
      col id Upper(Integer) pk
      col v Upper(Text)
      col w Upper(Varchar(Some(5)))
      pk None ["id"]
      unique None ["v"]
      unique None ["w"]
    table user
      col id Upper(Integer) NOT NULL pk autoincrement
      col name Upper(Varchar(Some(50))) NOT NULL default=Text("'anon'")
      col email Upper(Varchar(None)) NOT NULL
      col code Upper(Char(Some(3)))
      col nick Upper(Nvarchar(Some(20)))
      col bio Upper(Text)
      col active Upper(Boolean) NOT NULL default=Text("0")
      col created Upper(Datetime) NOT NULL default=Text("CURRENT_TIMESTAMP")
      col birthday Upper(Date)
      col alarm Upper(Time)
      col stamp Upper(Timestamp { timezone: false })
      col score Upper(Numeric(Some(10), Some(2))) default=Text("0.5")
      col price Upper(Decimal(Some(8), Some(3)))
      col ratio Upper(Float)
      col r Upper(Real)
      col d Upper(Double)
      col dp Upper(DoublePrecision)
      col avatar Upper(Blob)
      col attrs Upper(Json)
      col token Upper(Uuid)
      col big Upper(BigInt) default=Text("42")
      col small Upper(SmallInt)
      col odd Reflected("MEDIUMINT")
      col untyped Reflected("")
      col lname Upper(Varchar(Some(50))) default=Text("lower('X')")
      pk Some("pk_user") ["id"]
      unique Some("uq_user_email") ["email"]
      check Some("ck_user_score") score >= 0
      index Some("ix_user_active") ["created"] sqlite_where=active = 1
      index Some("ix_user_code") ["code"] unique
      index Some("ix_user_lower") ["expr(lower(email))", "id"]
      index Some("ix_user_multi") ["name", "created"]
      index Some("ix_user_name") ["name"]
    table other.alembic_version
      col version_num Upper(Varchar(Some(32))) NOT NULL pk
      pk None ["version_num"]
    table other.item
      col id Upper(Integer) pk autoincrement
      col name Upper(Varchar(Some(10))) NOT NULL
      pk None ["id"]
      index Some("ix_item_name") ["name"] unique sqlite_where=name <> ''
    table other.part
      col id Upper(Integer) pk autoincrement
      col item_id Upper(Integer)
      pk None ["id"]
      fk None ["item_id"] -> other.item["id"]
"#;

fn sqlite_db() -> (ScratchDb, Box<dyn Connection>) {
    let db = ScratchDb::sqlite();
    let mut conn = open(&db);
    let other = db.dir().expect("sqlite dir").join("other.db");
    conn.execute(&format!("ATTACH DATABASE '{}' AS other", other.display()))
        .expect("attach");
    (db, conn)
}

#[test]
fn sqlite_schema_is_read_exactly() {
    let (db, mut conn) = sqlite_db();
    run_all(conn.as_mut(), SQLITE_DDL);
    let got = conn
        .introspect(&options(vec![None, Some("other".into())]))
        .expect("introspect");
    assert_eq!(got.queries, 4);
    assert_text(&describe(&got.schema), SQLITE_EXPECTED);
    // The default schema alone, and the same schema named explicitly.
    let main_only = conn.introspect(&options(vec![])).expect("introspect");
    let named = conn
        .introspect(&options(vec![Some("main".into())]))
        .expect("introspect");
    assert_eq!(main_only.schema, named.schema);
    assert!(main_only.schema.get(None, "user").is_some());
    assert!(main_only.schema.get(Some("other"), "item").is_none());
    drop(db);
}

#[test]
fn sqlite_matches_sqlalchemy() {
    let (db, mut conn) = sqlite_db();
    run_all(conn.as_mut(), SQLITE_DDL);
    let ours = conn.introspect(&options(vec![None])).expect("introspect");
    drop(conn);
    let Some(theirs) = sqlalchemy_dump(db.url()) else {
        return;
    };
    compare_with_sqlalchemy(&ours.schema, &theirs, Flavour::Sqlite);
}

#[test]
fn sqlite_query_count_does_not_grow_with_tables() {
    let db = ScratchDb::sqlite();
    let mut conn = open(&db);
    assert_queries_constant(conn.as_mut(), '"', "INTEGER", 4);
}

#[test]
fn sqlite_errors_name_the_query() {
    let db = ScratchDb::sqlite();
    let mut conn = open(&db);
    conn.execute("CREATE TABLE t (id INTEGER)").expect("create");
    let err = conn
        .introspect(&options(vec![Some("nowhere".into())]))
        .expect_err("no such schema")
        .to_string();
    assert!(err.contains("\"nowhere\".sqlite_master"), "{err}");
    // A database file not created yet has no tables and is not asked.
    let missing = DatabaseUrl::parse(&format!(
        "sqlite:///{}",
        db.dir().expect("dir").join("absent.db").display()
    ))
    .expect("url");
    let got = connect(&missing)
        .expect("open")
        .introspect(&IntrospectOptions::default())
        .expect("introspect");
    assert_eq!(got.schema.table_count(), 0);
}

// ------------------------------------------------------------ PostgreSQL

const PG_DDL: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok';
CREATE SCHEMA other;
CREATE TYPE other.status AS ENUM ('new', 'it''s done');
CREATE SCHEMA hidden;
CREATE TABLE hidden.secret (id integer PRIMARY KEY);
CREATE DOMAIN positive AS integer NOT NULL CHECK (VALUE > 0);
CREATE TABLE "user" (
  id serial PRIMARY KEY,
  name varchar(50) NOT NULL DEFAULT 'anon',
  email varchar NOT NULL,
  code char(3),
  bio text,
  active boolean NOT NULL DEFAULT false,
  created timestamp NOT NULL DEFAULT now(),
  seen timestamptz DEFAULT CURRENT_TIMESTAMP,
  birthday date,
  alarm time,
  alarm_tz timetz,
  score numeric(10, 2) DEFAULT 0.5,
  amount numeric,
  ratio real,
  weight double precision DEFAULT 1.5,
  attrs json,
  doc jsonb DEFAULT '{}'::jsonb,
  token uuid,
  avatar bytea,
  wait interval,
  ip inet,
  tags text[],
  scores integer[],
  feeling mood DEFAULT 'ok',
  feelings mood[],
  big bigint DEFAULT 42,
  small smallint,
  cash money,
  precise timestamp(3) with time zone,
  lname varchar(50) DEFAULT lower('X'),
  CONSTRAINT uq_user_email UNIQUE (email),
  CONSTRAINT ck_user_score CHECK (score >= 0)
);
COMMENT ON TABLE "user" IS 'people';
COMMENT ON COLUMN "user".name IS 'display name';
CREATE TABLE "Order" (
  "Id" integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer REFERENCES "user" (id) ON DELETE CASCADE,
  reviewer_id integer,
  qty integer NOT NULL DEFAULT 1 CHECK (qty > 0),
  total numeric GENERATED ALWAYS AS (qty * 2) STORED,
  CONSTRAINT fk_order_reviewer FOREIGN KEY (reviewer_id) REFERENCES "user" (id)
    ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  UNIQUE (user_id, reviewer_id)
);
CREATE TABLE line (
  order_id integer NOT NULL,
  pos smallint NOT NULL,
  note text,
  CONSTRAINT pk_line PRIMARY KEY (order_id, pos),
  FOREIGN KEY (order_id) REFERENCES "Order" ("Id") MATCH FULL
);
CREATE TABLE shared (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  n integer DEFAULT nextval('user_id_seq'::regclass),
  tiny smallserial,
  amount positive,
  secret_id integer REFERENCES hidden.secret (id),
  code varchar(10)
);
CREATE UNIQUE INDEX ix_shared_code ON shared (code) INCLUDE (tiny) WHERE code <> '';
CREATE INDEX ix_user_name ON "user" (name);
CREATE UNIQUE INDEX ix_user_code ON "user" (code);
CREATE INDEX ix_user_multi ON "user" (name, created);
CREATE INDEX ix_user_active ON "user" (created) WHERE active;
CREATE INDEX ix_user_lower ON "user" (lower(email), id);
CREATE INDEX ix_user_doc ON "user" USING gin (doc);
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
CREATE VIEW v_user AS SELECT id FROM "user";
CREATE TABLE other.item (
  id bigserial PRIMARY KEY,
  owner_id integer REFERENCES public."user" (id),
  status other.status NOT NULL DEFAULT 'new'
);
COMMENT ON TABLE other.item IS 'things';
CREATE TABLE other.part (id integer PRIMARY KEY, item_id bigint REFERENCES other.item (id));
CREATE INDEX ix_part_item ON other.part (item_id);
CREATE TABLE other.alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)
"#;

const PG_EXPECTED: &str = r#"
    table Order
      col Id Upper(Integer) NOT NULL pk autoincrement
      col user_id Upper(Integer)
      col reviewer_id Upper(Integer)
      col qty Upper(Integer) NOT NULL default=Text("1")
      col total Upper(Numeric(None, None))
      pk Some("Order_pkey") ["Id"]
      fk Some("Order_user_id_fkey") ["user_id"] -> user["id"] ondelete=CASCADE
      fk Some("fk_order_reviewer") ["reviewer_id"] -> user["id"] ondelete=SET NULL onupdate=CASCADE initially=DEFERRED deferrable=true
      unique Some("Order_user_id_reviewer_id_key") ["user_id", "reviewer_id"]
      check Some("Order_qty_check") qty > 0
    table line
      col order_id Upper(Integer) NOT NULL pk
      col pos Upper(SmallInt) NOT NULL pk
      col note Upper(Text)
      pk Some("pk_line") ["order_id", "pos"]
      fk Some("line_order_id_fkey") ["order_id"] -> Order["Id"] match=FULL
    table shared
      col id Upper(BigInt) NOT NULL pk autoincrement
      col n Upper(Integer) default=Text("nextval('user_id_seq'::regclass)")
      col tiny Upper(SmallInt) NOT NULL autoincrement
      col amount Upper(Integer) NOT NULL
      col secret_id Upper(Integer)
      col code Upper(Varchar(Some(10)))
      pk Some("shared_pkey") ["id"]
      fk Some("shared_secret_id_fkey") ["secret_id"] -> hidden.secret["id"]
      index Some("ix_shared_code") ["code"] unique postgresql_where=((code)::text <> ''::text)
    table user comment="people"
      col id Upper(Integer) NOT NULL pk autoincrement
      col name Upper(Varchar(Some(50))) NOT NULL default=Text("'anon'::character varying") comment="display name"
      col email Upper(Varchar(None)) NOT NULL
      col code Upper(Char(Some(3)))
      col bio Upper(Text)
      col active Upper(Boolean) NOT NULL default=Text("false")
      col created Postgresql(Timestamp { timezone: false }) NOT NULL default=Text("now()")
      col seen Postgresql(Timestamp { timezone: true }) default=Text("CURRENT_TIMESTAMP")
      col birthday Upper(Date)
      col alarm Upper(Time)
      col alarm_tz Time { timezone: true }
      col score Upper(Numeric(Some(10), Some(2))) default=Text("0.5")
      col amount Upper(Numeric(None, None))
      col ratio Upper(Real)
      col weight Upper(DoublePrecision) default=Text("1.5")
      col attrs Upper(Json)
      col doc Postgresql(Jsonb) default=Text("'{}'::jsonb")
      col token Upper(Uuid)
      col avatar Postgresql(Bytea)
      col wait Interval
      col ip Postgresql(Inet)
      col tags Postgresql(Array(Upper(Text)))
      col scores Postgresql(Array(Upper(Integer)))
      col feeling Postgresql(Enum(Some("mood") ["sad", "meh", "ok", "happy"] native=true create_constraint=false create_type=true)) default=Text("'ok'::mood")
      col feelings Postgresql(Array(Postgresql(Enum(Some("mood") ["sad", "meh", "ok", "happy"] native=true create_constraint=false create_type=true))))
      col big Upper(BigInt) default=Text("42")
      col small Upper(SmallInt)
      col cash Reflected("MONEY")
      col precise Reflected("TIMESTAMP(3) WITH TIME ZONE")
      col lname Upper(Varchar(Some(50))) default=Text("lower('X'::text)")
      pk Some("user_pkey") ["id"]
      unique Some("uq_user_email") ["email"]
      check Some("ck_user_score") score >= 0::numeric
      index Some("ix_user_active") ["created"] postgresql_where=active
      index Some("ix_user_code") ["code"] unique
      index Some("ix_user_doc") ["doc"] postgresql_using=gin
      index Some("ix_user_lower") ["expr(lower(email::text))", "id"]
      index Some("ix_user_multi") ["name", "created"]
      index Some("ix_user_name") ["name"]
    table other.item comment="things"
      col id Upper(BigInt) NOT NULL pk autoincrement
      col owner_id Upper(Integer)
      col status Postgresql(Enum(Some("status") ["new", "it's done"] native=true create_constraint=false create_type=true)) NOT NULL default=Text("'new'::other.status")
      pk Some("item_pkey") ["id"]
      fk Some("item_owner_id_fkey") ["owner_id"] -> user["id"]
    table other.part
      col id Upper(Integer) NOT NULL pk
      col item_id Upper(BigInt)
      pk Some("part_pkey") ["id"]
      fk Some("part_item_id_fkey") ["item_id"] -> other.item["id"]
      index Some("ix_part_item") ["item_id"]
    enum mood ["sad", "meh", "ok", "happy"]
    enum other.status ["new", "it's done"]
"#;

fn pg_db() -> Option<(ScratchDb, Box<dyn Connection>)> {
    let db = ScratchDb::postgres()?;
    let mut conn = open(&db);
    run_all(conn.as_mut(), PG_DDL);
    Some((db, conn))
}

#[test]
fn postgres_schema_is_read_exactly() {
    let Some((_db, mut conn)) = pg_db() else {
        return;
    };
    let mut opts = options(vec![None, Some("other".into())]);
    opts.exclude_tables
        .push((Some("other".into()), "alembic_version".into()));
    let got = conn.introspect(&opts).expect("introspect");
    assert_eq!(got.queries, 5);
    assert_text(&describe(&got.schema), PG_EXPECTED);
    // Naming the default schema is reading it as the default schema.
    let named = conn
        .introspect(&options(vec![Some("public".into())]))
        .expect("introspect");
    let default = conn.introspect(&options(vec![])).expect("introspect");
    assert_eq!(named.schema, default.schema);
    assert!(default.schema.get(None, "user").is_some());
    assert!(default.schema.enum_type(Some("other"), "status").is_none());
}

#[test]
fn postgres_matches_sqlalchemy() {
    let Some((db, mut conn)) = pg_db() else {
        return;
    };
    let ours = conn.introspect(&options(vec![None])).expect("introspect");
    drop(conn);
    let Some(theirs) = sqlalchemy_dump(db.url()) else {
        return;
    };
    compare_with_sqlalchemy(&ours.schema, &theirs, Flavour::Postgres);
}

#[test]
fn postgres_query_count_does_not_grow_with_tables() {
    let Some(db) = ScratchDb::postgres() else {
        return;
    };
    let mut conn = open(&db);
    assert_queries_constant(conn.as_mut(), '"', "serial", 5);
}

// --------------------------------------------------------- MySQL / MariaDB

/// `{main}` stands for the database's name, `{other}` for the second one's.
const MARIADB_DDL: &str = r#"
CREATE TABLE `user` (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(50) NOT NULL DEFAULT 'anon' COMMENT 'display name',
  email VARCHAR(100) NOT NULL,
  code CHAR(3),
  bio TEXT,
  tiny_bio TINYTEXT,
  mid_bio MEDIUMTEXT,
  long_bio LONGTEXT,
  active TINYINT(1) NOT NULL DEFAULT 0,
  level MEDIUMINT,
  created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created6 DATETIME(6),
  seen TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  birthday DATE,
  alarm TIME,
  score DECIMAL(10, 2) DEFAULT 0.50,
  ratio FLOAT,
  weight DOUBLE DEFAULT 1.5,
  mood ENUM('sad', 'it''s ok', 'back\\slash', 'a,b') DEFAULT 'sad',
  attrs JSON,
  avatar BLOB,
  photo MEDIUMBLOB,
  video LONGBLOB,
  token UUID,
  big BIGINT DEFAULT 42,
  small SMALLINT,
  counter INT UNSIGNED,
  bits VARBINARY(16),
  lname VARCHAR(50) DEFAULT (lower('X')),
  nothing VARCHAR(5) DEFAULT NULL,
  null_text VARCHAR(5) DEFAULT 'NULL',
  CONSTRAINT uq_user_email UNIQUE (email),
  CONSTRAINT ck_user_score CHECK (score >= 0)
) COMMENT 'people';
CREATE TABLE `Order` (
  `Id` INT AUTO_INCREMENT PRIMARY KEY,
  user_id INT,
  reviewer_id INT,
  qty INT NOT NULL DEFAULT 1 CHECK (qty > 0),
  FOREIGN KEY (user_id) REFERENCES `user` (id) ON DELETE CASCADE,
  CONSTRAINT fk_order_reviewer FOREIGN KEY (reviewer_id) REFERENCES `user` (id)
    ON DELETE SET NULL ON UPDATE CASCADE,
  UNIQUE KEY (user_id, reviewer_id)
);
CREATE TABLE line (
  order_id INT NOT NULL,
  pos SMALLINT NOT NULL,
  note TEXT,
  PRIMARY KEY (order_id, pos),
  CONSTRAINT fk_line_order FOREIGN KEY (order_id) REFERENCES `Order` (`Id`) ON DELETE RESTRICT
);
CREATE INDEX ix_user_name ON `user` (name);
CREATE UNIQUE INDEX ix_user_code ON `user` (code);
CREATE INDEX ix_user_multi ON `user` (name, created);
CREATE INDEX ix_user_bio ON `user` (bio(20));
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
CREATE VIEW v_user AS SELECT id FROM `user`;
CREATE TABLE `{other}`.item (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  owner_id INT,
  CONSTRAINT fk_item_owner FOREIGN KEY (owner_id) REFERENCES `{main}`.`user` (id)
) COMMENT 'things';
CREATE TABLE `{other}`.part (
  id INT PRIMARY KEY,
  item_id BIGINT,
  CONSTRAINT fk_part_item FOREIGN KEY (item_id) REFERENCES `{other}`.item (id)
)
"#;

const MARIADB_EXPECTED: &str = r#"
    table Order
      col Id Upper(Integer) NOT NULL pk autoincrement
      col user_id Upper(Integer)
      col reviewer_id Upper(Integer)
      col qty Upper(Integer) NOT NULL default=Text("1")
      pk None ["Id"]
      fk Some("Order_ibfk_1") ["user_id"] -> user["id"] ondelete=CASCADE
      fk Some("fk_order_reviewer") ["reviewer_id"] -> user["id"] ondelete=SET NULL onupdate=CASCADE
      check None `qty` > 0
      index Some("fk_order_reviewer") ["reviewer_id"]
      index Some("user_id") ["user_id", "reviewer_id"] unique
    table line
      col order_id Upper(Integer) NOT NULL pk
      col pos Upper(SmallInt) NOT NULL pk
      col note Upper(Text)
      pk None ["order_id", "pos"]
      fk Some("fk_line_order") ["order_id"] -> Order["Id"]
    table user comment="people"
      col id Upper(Integer) NOT NULL pk autoincrement
      col name Upper(Varchar(Some(50))) NOT NULL default=Text("'anon'") comment="display name"
      col email Upper(Varchar(Some(100))) NOT NULL
      col code Upper(Char(Some(3)))
      col bio Upper(Text)
      col tiny_bio Mysql(Tinytext)
      col mid_bio Mysql(Mediumtext)
      col long_bio Mysql(Longtext)
      col active Mysql(Tinyint(Some(1))) NOT NULL default=Text("0")
      col level Mysql(Mediumint(None))
      col created Mysql(Datetime(None)) NOT NULL default=Text("current_timestamp()")
      col created6 Mysql(Datetime(Some(6)))
      col seen Mysql(Timestamp(Some(3))) default=Text("current_timestamp(3) ON UPDATE current_timestamp(3)")
      col birthday Upper(Date)
      col alarm Upper(Time)
      col score Upper(Decimal(Some(10), Some(2))) default=Text("0.50")
      col ratio Upper(Float)
      col weight Upper(Double) default=Text("1.5")
      col mood Mysql(Enum(["sad", "it's ok", "back\\slash", "a,b"])) default=Text("'sad'")
      col attrs Upper(Json)
      col avatar Upper(Blob)
      col photo Mysql(Mediumblob)
      col video Mysql(Longblob)
      col token Upper(Uuid)
      col big Upper(BigInt) default=Text("42")
      col small Upper(SmallInt)
      col counter Reflected("INTEGER UNSIGNED")
      col bits Reflected("VARBINARY(16)")
      col lname Upper(Varchar(Some(50))) default=Text("lcase('X')")
      col nothing Upper(Varchar(Some(5)))
      col null_text Upper(Varchar(Some(5))) default=Text("'NULL'")
      pk None ["id"]
      check Some("ck_user_score") `score` >= 0
      index Some("ix_user_bio") ["bio"] mysql_length=20
      index Some("ix_user_code") ["code"] unique
      index Some("ix_user_multi") ["name", "created"]
      index Some("ix_user_name") ["name"]
      index Some("uq_user_email") ["email"] unique
    table {other}.item comment="things"
      col id Upper(BigInt) NOT NULL pk autoincrement
      col owner_id Upper(Integer)
      pk None ["id"]
      fk Some("fk_item_owner") ["owner_id"] -> user["id"]
      index Some("fk_item_owner") ["owner_id"]
    table {other}.part
      col id Upper(Integer) NOT NULL pk
      col item_id Upper(BigInt)
      pk None ["id"]
      fk Some("fk_part_item") ["item_id"] -> {other}.item["id"]
      index Some("fk_part_item") ["item_id"]
"#;

fn mariadb_db() -> Option<(ScratchDb, ScratchDb, Box<dyn Connection>)> {
    let db = ScratchDb::mariadb()?;
    let other = ScratchDb::mariadb()?;
    let mut conn = open(&db);
    run_all(
        conn.as_mut(),
        &MARIADB_DDL
            .replace("{other}", other.name())
            .replace("{main}", db.name()),
    );
    Some((db, other, conn))
}

#[test]
fn mariadb_schema_is_read_exactly() {
    let Some((_db, other, mut conn)) = mariadb_db() else {
        return;
    };
    let got = conn
        .introspect(&options(vec![None, Some(other.name().to_string())]))
        .expect("introspect");
    assert_eq!(got.queries, 5);
    let text = describe(&got.schema).replace(other.name(), "{other}");
    assert_text(&text, MARIADB_EXPECTED);
}

#[test]
fn mariadb_matches_sqlalchemy() {
    let Some((db, _other, mut conn)) = mariadb_db() else {
        return;
    };
    let ours = conn.introspect(&options(vec![None])).expect("introspect");
    drop(conn);
    let Some(theirs) = sqlalchemy_dump(db.url()) else {
        return;
    };
    compare_with_sqlalchemy(&ours.schema, &theirs, Flavour::Mysql);
}

#[test]
fn mariadb_query_count_does_not_grow_with_tables() {
    let Some(db) = ScratchDb::mariadb() else {
        return;
    };
    let mut conn = open(&db);
    assert_queries_constant(conn.as_mut(), '`', "INTEGER AUTO_INCREMENT", 5);
}
