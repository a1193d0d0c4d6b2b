//! The MariaDB flavour of the MySQL renderer: each way it differs from MySQL
//! (and that it does not differ elsewhere), pinned to what Alembic 1.20.1 /
//! SQLAlchemy 2.1 print offline for a `mariadb+pymysql://` URL.

use super::{dialect_for_name, mariadb, render_script, Dialect, DialectKind, RenderError};
use crate::ops::{AlterColumn, ConstraintKind, Op};
use crate::schema::{Column, IndexOptions, IndexPart, Literal, SqlType, UpperType};

fn mysql() -> &'static dyn Dialect {
    DialectKind::Mysql.dialect()
}

fn sql(d: &dyn Dialect, op: &Op) -> Result<String, RenderError> {
    render_script(d, std::slice::from_ref(op))
}

fn ok(d: &dyn Dialect, op: &Op) -> String {
    match sql(d, op) {
        Ok(s) => s,
        Err(e) => format!("ERROR {e}"),
    }
}

fn table(name: &str, columns: Vec<Column>) -> Op {
    Op::CreateTable {
        table: name.into(),
        schema: None,
        columns,
        constraints: vec![],
        comment: None,
        if_not_exists: false,
    }
}

#[test]
fn mariadb_is_a_mysql_flavour() {
    let m = mariadb();
    assert_eq!(m.kind(), DialectKind::Mysql);
    assert!(m.is_mariadb());
    assert_eq!(m.name(), "mariadb");
    assert_eq!(m.quote_char(), '`');
    assert!(!mysql().is_mariadb());
    assert_eq!(mysql().name(), "mysql");
    assert!(!DialectKind::Postgresql.dialect().is_mariadb());
}

#[test]
fn dialect_for_name_tells_mariadb_apart() {
    let pick = |name| dialect_for_name(name).map(|d| (d.kind(), d.is_mariadb()));
    assert_eq!(pick("mariadb"), Some((DialectKind::Mysql, true)));
    assert_eq!(pick("mysql"), Some((DialectKind::Mysql, false)));
    assert_eq!(pick("postgres"), Some((DialectKind::Postgresql, false)));
    assert_eq!(pick("sqlite"), Some((DialectKind::Sqlite, false)));
    assert_eq!(pick("oracle"), None);
    // The kind alone still maps both names to MySQL.
    assert_eq!(DialectKind::from_name("mariadb"), Some(DialectKind::Mysql));
}

#[test]
fn uuid_types_are_native_on_mariadb() {
    for ty in [SqlType::Uuid { as_uuid: true }, SqlType::Guid] {
        let op = table("t", vec![Column::new("u", ty.clone())]);
        assert_eq!(ok(mariadb(), &op), "CREATE TABLE t (\n    u UUID\n);\n\n");
        assert_eq!(ok(mysql(), &op), "CREATE TABLE t (\n    u CHAR(32)\n);\n\n");
        assert_eq!(mariadb().compile_type(&ty).ok().as_deref(), Some("UUID"));
    }
    // `sa.UUID()` is UUID on both (MySQL would reject it when run).
    let upper = SqlType::Upper(UpperType::Uuid);
    assert_eq!(mysql().compile_type(&upper).ok().as_deref(), Some("UUID"));
    assert_eq!(mariadb().compile_type(&upper).ok().as_deref(), Some("UUID"));
}

#[test]
fn alter_column_restates_the_native_uuid() {
    let op = Op::AlterColumn(Box::new(AlterColumn {
        table: "t".into(),
        column: "u".into(),
        nullable: Some(false),
        existing_type: Some(SqlType::Uuid { as_uuid: false }),
        ..AlterColumn::default()
    }));
    assert_eq!(
        ok(mariadb(), &op),
        "ALTER TABLE t MODIFY u UUID NOT NULL;\n\n"
    );
    assert_eq!(
        ok(mysql(), &op),
        "ALTER TABLE t MODIFY u CHAR(32) NOT NULL;\n\n"
    );
}

#[test]
fn check_constraints_drop_with_drop_constraint() {
    let drop = |type_| Op::DropConstraint {
        name: "ck_positive".into(),
        table: "t".into(),
        schema: None,
        type_,
        if_exists: false,
    };
    let check = drop(Some(ConstraintKind::Check));
    assert_eq!(
        ok(mariadb(), &check),
        "ALTER TABLE t DROP CONSTRAINT ck_positive;\n\n"
    );
    assert_eq!(
        ok(mysql(), &check),
        "ALTER TABLE t DROP CHECK ck_positive;\n\n"
    );
    // The other kinds are spelled as on MySQL.
    for (kind, want) in [
        (
            ConstraintKind::Unique,
            "ALTER TABLE t DROP INDEX ck_positive;\n\n",
        ),
        (
            ConstraintKind::ForeignKey,
            "ALTER TABLE t DROP FOREIGN KEY ck_positive;\n\n",
        ),
        (
            ConstraintKind::Primary,
            "ALTER TABLE t DROP PRIMARY KEY;\n\n",
        ),
    ] {
        assert_eq!(ok(mariadb(), &drop(Some(kind))), want);
        assert_eq!(ok(mysql(), &drop(Some(kind))), want);
    }
    // Still no generic DROP CONSTRAINT without a type.
    assert!(sql(mariadb(), &drop(None)).is_err());
}

#[test]
fn reserved_words_follow_mariadb_list() {
    let op = table(
        "t",
        ["rank", "offset", "returning", "order"]
            .iter()
            .map(|c| Column::new(c, SqlType::Integer))
            .collect(),
    );
    assert_eq!(
        ok(mariadb(), &op),
        "CREATE TABLE t (\n    rank INTEGER, \n    `offset` INTEGER, \n    \
         `returning` INTEGER, \n    `order` INTEGER\n);\n\n"
    );
    assert_eq!(
        ok(mysql(), &op),
        "CREATE TABLE t (\n    `rank` INTEGER, \n    offset INTEGER, \n    \
         returning INTEGER, \n    `order` INTEGER\n);\n\n"
    );
    assert_eq!(mariadb().quote("without"), "`without`");
    assert_eq!(mysql().quote("without"), "without");
}

#[test]
fn mysql_length_is_not_a_mariadb_option() {
    let op = Op::CreateIndex {
        name: "ix_t_a".into(),
        table: "t".into(),
        schema: None,
        parts: vec![IndexPart::Column("a".into())],
        unique: false,
        if_not_exists: false,
        options: IndexOptions {
            mysql_length: Some(10),
            ..IndexOptions::default()
        },
    };
    assert_eq!(ok(mariadb(), &op), "CREATE INDEX ix_t_a ON t (a);\n\n");
    assert_eq!(ok(mysql(), &op), "CREATE INDEX ix_t_a ON t (a(10));\n\n");
}

#[test]
fn literals_are_the_same_as_mysql() {
    // Offline, SQLAlchemy renders a UUID bound to `sa.Uuid` as 32 hex digits
    // on MariaDB too (its MariaDB UUID type keeps string processing), so the
    // caller passes the same string for both flavours.
    let op = Op::BulkInsert {
        table: "t".into(),
        schema: None,
        columns: vec!["u".into(), "s".into(), "b".into()],
        rows: vec![vec![
            (
                "u".into(),
                Literal::Str("0f8fad5bd9cb469fa16570867728950e".into()),
            ),
            ("s".into(), Literal::Str("a\\b'c".into())),
            ("b".into(), Literal::Bool(false)),
        ]],
    };
    let want = "INSERT INTO t (u, s, b) VALUES \
                ('0f8fad5bd9cb469fa16570867728950e', 'a\\\\b''c', false);\n\n";
    assert_eq!(ok(mariadb(), &op), want);
    assert_eq!(ok(mysql(), &op), want);
}

#[test]
fn errors_name_the_mariadb_dialect() {
    let op = table(
        "t",
        vec![Column::new(
            "s",
            SqlType::String {
                length: None,
                collation: None,
            },
        )],
    );
    let err = sql(mariadb(), &op).err().map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("VARCHAR requires a length on dialect mariadb")),
        "{err:?}"
    );
}

#[test]
fn batch_blocks_render_in_place_with_the_mariadb_spellings() {
    use super::render_op;
    use crate::ops::{BatchAlterTable, Recreate};
    use crate::schema::SchemaState;

    let batch = |recreate| {
        Op::Batch(Box::new(BatchAlterTable {
            table: "rank".into(),
            schema: None,
            recreate,
            ops: vec![
                Op::AddColumn {
                    table: "rank".into(),
                    schema: None,
                    column: Column::new("offset", SqlType::Guid),
                    if_not_exists: false,
                    inline_references: false,
                    inline_primary_key: false,
                },
                Op::DropConstraint {
                    name: "ck_rank".into(),
                    table: "rank".into(),
                    schema: None,
                    type_: Some(ConstraintKind::Check),
                    if_exists: false,
                },
            ],
            placements: vec![],
            naming_convention: Vec::new(),
        }))
    };
    let mut shapes = SchemaState::new();
    assert_eq!(
        render_op(mariadb(), &batch(Recreate::Auto), &mut shapes).ok(),
        Some(vec![
            "ALTER TABLE rank ADD COLUMN `offset` UUID".to_string(),
            "ALTER TABLE rank DROP CONSTRAINT ck_rank".to_string(),
        ])
    );
    assert_eq!(
        render_op(mysql(), &batch(Recreate::Auto), &mut shapes).ok(),
        Some(vec![
            "ALTER TABLE `rank` ADD COLUMN offset CHAR(32)".to_string(),
            "ALTER TABLE `rank` DROP CHECK ck_rank".to_string(),
        ])
    );
    // Rebuilding is SQLite-only; the error names the flavour.
    let err = render_op(mariadb(), &batch(Recreate::Always), &mut shapes)
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref().is_some_and(|e| e.contains("on mariadb use")),
        "{err:?}"
    );
}
