//! Pinned SQL per op and dialect (the same strings Alembic 1.20.1 prints;
//! `crates/core/tests/render_differential.rs` checks many more against Alembic itself).

use super::{render_script, DialectKind, RenderError};
use crate::ops::{AlterColumn, ConstraintKind, Op};
use crate::schema::{
    Column, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, Literal, ServerDefault,
    SqlType,
};

const S: DialectKind = DialectKind::Sqlite;
const P: DialectKind = DialectKind::Postgresql;
const M: DialectKind = DialectKind::Mysql;

fn sql(kind: DialectKind, op: &Op) -> Result<String, RenderError> {
    render_script(kind.dialect(), std::slice::from_ref(op))
}

fn ok(kind: DialectKind, op: &Op) -> String {
    match sql(kind, op) {
        Ok(s) => s,
        Err(e) => format!("ERROR {e}"),
    }
}

fn users() -> Op {
    Op::CreateTable {
        table: "users".into(),
        schema: None,
        columns: vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("name", SqlType::string(50)).not_null(),
        ],
        constraints: vec![],
        comment: None,
        if_not_exists: false,
    }
}

#[test]
fn create_table_layout_per_dialect() {
    let op = users();
    assert_eq!(
        ok(S, &op),
        "CREATE TABLE users (\n    id INTEGER NOT NULL, \n    name VARCHAR(50) NOT NULL, \n    PRIMARY KEY (id)\n);\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "CREATE TABLE users (\n    id SERIAL NOT NULL, \n    name VARCHAR(50) NOT NULL, \n    PRIMARY KEY (id)\n);\n\n"
    );
    assert_eq!(
        ok(M, &op),
        "CREATE TABLE users (\n    id INTEGER NOT NULL AUTO_INCREMENT, \n    name VARCHAR(50) NOT NULL, \n    PRIMARY KEY (id)\n);\n\n"
    );
}

#[test]
fn enum_per_dialect() {
    let op = Op::CreateTable {
        table: "acct".into(),
        schema: None,
        columns: vec![Column::new(
            "kind",
            SqlType::Enum(EnumType::new(Some("acct_kind"), &["a", "bb"])),
        )],
        constraints: vec![],
        comment: None,
        if_not_exists: false,
    };
    assert_eq!(
        ok(S, &op),
        "CREATE TABLE acct (\n    kind VARCHAR(2)\n);\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "CREATE TYPE acct_kind AS ENUM ('a', 'bb');\n\nCREATE TABLE acct (\n    kind acct_kind\n);\n\n"
    );
    assert_eq!(
        ok(M, &op),
        "CREATE TABLE acct (\n    kind ENUM('a','bb')\n);\n\n"
    );
}

#[test]
fn reserved_words_and_mixed_case_are_quoted() {
    let op = Op::AddColumn {
        table: "user".into(),
        schema: None,
        column: Column::new("Order", SqlType::Integer),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    // `user` is not a reserved word on SQLite.
    assert_eq!(
        ok(S, &op),
        "ALTER TABLE user ADD COLUMN \"Order\" INTEGER;\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "ALTER TABLE \"user\" ADD COLUMN \"Order\" INTEGER;\n\n"
    );
    assert_eq!(
        ok(M, &op),
        "ALTER TABLE user ADD COLUMN `Order` INTEGER;\n\n"
    );
}

#[test]
fn defaults_and_comments() {
    let op = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new("c", SqlType::Integer)
            .not_null()
            .default(ServerDefault::Literal("0".into()))
            .comment("n"),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    assert_eq!(
        ok(S, &op),
        "ALTER TABLE t ADD COLUMN c INTEGER DEFAULT '0' NOT NULL;\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "ALTER TABLE t ADD COLUMN c INTEGER DEFAULT '0' NOT NULL;\n\nCOMMENT ON COLUMN t.c IS 'n';\n\n"
    );
    assert_eq!(
        ok(M, &op),
        "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL COMMENT 'n' DEFAULT '0';\n\n"
    );
    let now = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new("at", SqlType::DateTime { timezone: true }).default(
            ServerDefault::Func {
                name: "now".into(),
                args: vec![],
            },
        ),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    assert_eq!(
        ok(S, &now),
        "ALTER TABLE t ADD COLUMN at DATETIME DEFAULT CURRENT_TIMESTAMP;\n\n"
    );
    assert_eq!(
        ok(P, &now),
        "ALTER TABLE t ADD COLUMN at TIMESTAMP WITH TIME ZONE DEFAULT now();\n\n"
    );
    assert_eq!(
        ok(M, &now),
        "ALTER TABLE t ADD COLUMN at DATETIME DEFAULT (now());\n\n"
    );
}

#[test]
fn constraints_need_batch_on_sqlite() {
    let op = Op::CreateUniqueConstraint {
        name: Some("uq".into()),
        table: "t".into(),
        schema: None,
        columns: vec!["c".into()],
    };
    let err = sql(S, &op).unwrap_err();
    assert_eq!(
        err,
        RenderError::NeedsBatch {
            op: "create_unique_constraint"
        }
    );
    assert!(err.to_string().contains("batch_alter_table"));
    assert_eq!(
        ok(P, &op),
        "ALTER TABLE t ADD CONSTRAINT uq UNIQUE (c);\n\n"
    );
}

#[test]
fn foreign_key_options() {
    let op = Op::CreateForeignKey {
        table: "t".into(),
        schema: None,
        key: ForeignKey {
            name: Some("fk".into()),
            ondelete: Some("CASCADE".into()),
            onupdate: Some("SET NULL".into()),
            deferrable: Some(true),
            initially: Some("DEFERRED".into()),
            match_: Some("FULL".into()),
            ..ForeignKey::new(&["oid"], "o", &["id"])
        },
        postgresql_not_valid: false,
    };
    assert_eq!(
        ok(P, &op),
        "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY(oid) REFERENCES o (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED;\n\n"
    );
    assert!(sql(M, &op).is_err());
}

#[test]
fn drop_constraint_per_dialect() {
    let drop = |type_| Op::DropConstraint {
        name: "c1".into(),
        table: "t".into(),
        schema: None,
        type_,
        if_exists: false,
    };
    assert_eq!(ok(P, &drop(None)), "ALTER TABLE t DROP CONSTRAINT c1;\n\n");
    assert!(sql(M, &drop(None)).is_err());
    assert_eq!(
        ok(M, &drop(Some(ConstraintKind::ForeignKey))),
        "ALTER TABLE t DROP FOREIGN KEY c1;\n\n"
    );
    assert_eq!(
        ok(M, &drop(Some(ConstraintKind::Primary))),
        "ALTER TABLE t DROP PRIMARY KEY;\n\n"
    );
    assert!(matches!(
        sql(S, &drop(Some(ConstraintKind::Check))),
        Err(RenderError::NeedsBatch { .. })
    ));
}

#[test]
fn alter_column_shapes() {
    let a = AlterColumn {
        table: "t".into(),
        column: "c".into(),
        nullable: Some(false),
        type_: Some(SqlType::BigInteger),
        new_column_name: Some("d".into()),
        existing_type: Some(SqlType::Integer),
        ..AlterColumn::default()
    };
    let op = Op::AlterColumn(Box::new(a.clone()));
    assert_eq!(
        ok(S, &op),
        "ALTER TABLE t ALTER COLUMN c SET NOT NULL;\n\nALTER TABLE t ALTER COLUMN c TYPE BIGINT;\n\nALTER TABLE t RENAME COLUMN c TO d;\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "ALTER TABLE t ALTER COLUMN c TYPE BIGINT;\n\nALTER TABLE t ALTER COLUMN c SET NOT NULL;\n\nALTER TABLE t RENAME c TO d;\n\n"
    );
    assert_eq!(ok(M, &op), "ALTER TABLE t CHANGE c d BIGINT NOT NULL;\n\n");
    let no_type = Op::AlterColumn(Box::new(AlterColumn {
        type_: None,
        existing_type: None,
        ..a
    }));
    assert!(sql(M, &no_type).is_err());
}

#[test]
fn indexes() {
    let op = Op::CreateIndex {
        name: "ix".into(),
        table: "t".into(),
        schema: Some("s1".into()),
        parts: vec![IndexPart::Column("c".into())],
        unique: true,
        if_not_exists: false,
        options: IndexOptions {
            postgresql_using: Some("gin".into()),
            mysql_length: Some(10),
            ..IndexOptions::default()
        },
    };
    assert_eq!(ok(S, &op), "CREATE UNIQUE INDEX s1.ix ON t (c);\n\n");
    assert_eq!(
        ok(P, &op),
        "CREATE UNIQUE INDEX ix ON s1.t USING gin (c);\n\n"
    );
    assert_eq!(ok(M, &op), "CREATE UNIQUE INDEX ix ON s1.t (c(10));\n\n");
    let drop = Op::DropIndex {
        name: "ix".into(),
        table: None,
        schema: None,
        if_exists: false,
        postgresql_concurrently: false,
    };
    assert_eq!(ok(S, &drop), "DROP INDEX ix;\n\n");
    assert_eq!(ok(M, &drop), "DROP INDEX ix ON no_table;\n\n");
}

#[test]
fn bulk_insert_literals() {
    let op = Op::BulkInsert {
        table: "t".into(),
        schema: None,
        columns: vec!["a".into(), "b".into(), "c".into()],
        rows: vec![vec![
            ("c".into(), Literal::Null),
            ("a".into(), Literal::Str("it's".into())),
            ("b".into(), Literal::Bool(true)),
        ]],
    };
    assert_eq!(
        ok(S, &op),
        "INSERT INTO t (a, b, c) VALUES ('it''s', 1, NULL);\n\n"
    );
    assert_eq!(
        ok(P, &op),
        "INSERT INTO t (a, b, c) VALUES ('it''s', true, NULL);\n\n"
    );
}

#[test]
fn table_comments() {
    let op = Op::CreateTableComment {
        table: "t".into(),
        schema: None,
        comment: "x".into(),
        existing_comment: None,
    };
    assert_eq!(ok(P, &op), "COMMENT ON TABLE t IS 'x';\n\n");
    assert_eq!(ok(M, &op), "ALTER TABLE t COMMENT 'x';\n\n");
    let with_comment = Op::CreateTable {
        table: "t".into(),
        schema: None,
        columns: vec![Column::new("a", SqlType::Integer)],
        constraints: vec![Constraint::Check {
            name: None,
            sqltext: "a > 0".into(),
        }],
        comment: Some("x".into()),
        if_not_exists: false,
    };
    assert_eq!(
        ok(M, &with_comment),
        "CREATE TABLE t (\n    a INTEGER, \n    CHECK (a > 0)\n)COMMENT='x';\n\n"
    );
}

#[test]
fn types_that_do_not_compile_are_errors() {
    let op = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new(
            "c",
            SqlType::String {
                length: None,
                collation: None,
            },
        ),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    assert_eq!(ok(S, &op), "ALTER TABLE t ADD COLUMN c VARCHAR;\n\n");
    assert_eq!(
        sql(M, &op).unwrap_err().to_string(),
        "VARCHAR requires a length on dialect mysql"
    );
}

#[test]
fn execute_text_binds_print_as_null() {
    let run = |sql: &str| ok(S, &Op::Execute { sql: sql.into() });
    assert_eq!(run("SELECT 1::int"), "SELECT 1::int;\n\n");
    assert_eq!(run("WHERE a = :p"), "WHERE a = NULL;\n\n");
    assert_eq!(run("SELECT '\\:x'"), "SELECT ':x';\n\n");
    assert_eq!(run("x :abc: y"), "x :abc: y;\n\n");
    assert_eq!(run("\tUPDATE t SET a = 1  "), "UPDATE t SET a = 1;\n\n");
    assert_eq!(
        ok(
            P,
            &Op::Execute {
                sql: "LIKE 'a%'".into()
            }
        ),
        "LIKE 'a%';\n\n",
        "the stock env.py's named paramstyle doubles no %"
    );
}
