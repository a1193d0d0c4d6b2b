//! Round trip of the revision writer: operations written with
//! `write_ops`, put into a revision file with Alembic's stock
//! `script.py.mako`, parsed and evaluated by `RevisionBody` for every
//! database (offline and online) must give the operations back, in the
//! canonical forms the writer documents (`aludel_python::writer`).

mod writer_cases;

use std::path::Path;

use aludel_core::dialect::DialectKind;
use aludel_core::ops::Op;
use aludel_core::schema::{Constraint, MysqlType, PostgresqlType, SqlType, UpperType};
use aludel_python::body::{BodyContext, RevisionBody};
use aludel_python::revision_template::{render_revision_file, RevisionValues};
use aludel_python::writer::{
    group_into_batches, reflected_upper, template_imports, write_ops, WriteError, WriteOptions,
    WrittenBody,
};
use aludel_python::{PyDateTime, Value};

/// Alembic 1.20's `templates/generic/script.py.mako`: it imports only `op`
/// and `sa`, so every other import must come from the writer.
const STOCK_TEMPLATE: &str = r#""""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
"#;

fn contexts() -> Vec<BodyContext> {
    let mut out = Vec::new();
    for offline in [true, false] {
        for (dialect, mariadb) in [
            (DialectKind::Sqlite, false),
            (DialectKind::Postgresql, false),
            (DialectKind::Mysql, false),
            (DialectKind::Mysql, true),
        ] {
            out.push(BodyContext {
                dialect,
                mariadb,
                offline,
                sqlalchemy_20: false,
            });
        }
    }
    out
}

/// The revision file Alembic's template makes of these bodies.
fn revision_file(up: &WrittenBody, down: &WrittenBody) -> String {
    let values = RevisionValues {
        rev_id: "ab12cd34ef56".into(),
        down_revisions: vec![],
        branch_labels: vec![],
        depends_on: vec![],
        message: Some("writer round trip".into()),
        create_date: PyDateTime::naive(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2)
                .and_then(|d| d.and_hms_opt(3, 4, 5))
                .unwrap(),
        ),
        config: None,
        extra: vec![
            ("imports".into(), Value::str(template_imports(&[up, down]))),
            ("upgrades".into(), Value::str(up.template_value())),
            ("downgrades".into(), Value::str(down.template_value())),
        ],
    };
    render_revision_file(STOCK_TEMPLATE, Path::new("script.py.mako"), &values).unwrap()
}

fn canon_type(t: &SqlType) -> SqlType {
    match t {
        SqlType::Upper(UpperType::Json) => SqlType::Json,
        SqlType::Mysql(MysqlType::Timestamp(None)) => {
            SqlType::Upper(UpperType::Timestamp { timezone: false })
        }
        SqlType::Reflected(s) => SqlType::Upper(reflected_upper(s).expect("mappable spelling")),
        SqlType::Array(item) => SqlType::Array(Box::new(canon_type(item))),
        SqlType::Postgresql(PostgresqlType::Array(item)) => {
            SqlType::Postgresql(PostgresqlType::Array(Box::new(canon_type(item))))
        }
        other => other.clone(),
    }
}

/// The operation as the writer's text reads back (see the writer's docs).
fn canon(op: &Op) -> Op {
    let mut op = op.clone();
    match &mut op {
        Op::CreateTable {
            columns,
            constraints,
            ..
        } => {
            let pk: Option<Vec<String>> = constraints.iter().find_map(|c| match c {
                Constraint::PrimaryKey { columns, .. } => Some(columns.clone()),
                _ => None,
            });
            for c in columns {
                c.type_ = canon_type(&c.type_);
                if pk.as_ref().is_some_and(|pk| pk.contains(&c.name)) {
                    c.primary_key = false;
                }
            }
        }
        Op::AddColumn { column, .. } => column.type_ = canon_type(&column.type_),
        Op::AlterColumn(a) => {
            a.type_ = a.type_.as_ref().map(canon_type);
            a.existing_type = a.existing_type.as_ref().map(canon_type);
            if a.nullable.is_some() {
                a.existing_nullable = None;
            }
            if a.server_default.is_some() {
                a.existing_server_default = None;
            }
        }
        Op::Batch(b) => {
            b.ops = b.ops.iter().map(canon).collect();
            let added: Vec<String> = b
                .ops
                .iter()
                .filter_map(|o| match o {
                    Op::AddColumn { column, .. } => Some(column.name.clone()),
                    _ => None,
                })
                .collect();
            b.placements
                .retain(|p| p.before.is_some() || p.after.is_some());
            b.placements
                .sort_by_key(|p| added.iter().position(|c| *c == p.column));
        }
        Op::Autocommit(inner) => *inner = inner.iter().map(canon).collect(),
        _ => {}
    }
    op
}

fn evaluate(file: &str, function: &str, ctx: &BodyContext) -> Vec<Op> {
    let body = match RevisionBody::parse(Path::new("v.py"), file) {
        Ok(b) => b,
        Err(e) => panic!("the written file does not parse:\n{e}\n{file}"),
    };
    match body.evaluate(function, ctx) {
        Ok(ops) => ops.into_iter().map(|l| l.op).collect(),
        Err(e) => panic!("the written file does not evaluate ({ctx:?}):\n{e}\n{file}"),
    }
}

fn round_trip(name: &str, ops: &[Op], options: WriteOptions) {
    let up = write_ops(ops, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    // The downgrade holds the same ops in reverse order, so both bodies are read.
    let reversed: Vec<Op> = ops.iter().rev().cloned().collect();
    let down = write_ops(&reversed, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let file = revision_file(&up, &down);
    let grouped = |ops: &[Op]| -> Vec<Op> {
        let ops = if options.batch {
            group_into_batches(ops)
        } else {
            ops.to_vec()
        };
        ops.iter().map(canon).collect()
    };
    let want_up = grouped(ops);
    let want_down = grouped(&reversed);
    for ctx in contexts() {
        let got = evaluate(&file, "upgrade", &ctx);
        assert_eq!(
            got, want_up,
            "{name} (batch={}) upgrade on {ctx:?}:\n{file}",
            options.batch
        );
        let got = evaluate(&file, "downgrade", &ctx);
        assert_eq!(
            got, want_down,
            "{name} (batch={}) downgrade on {ctx:?}:\n{file}",
            options.batch
        );
    }
}

#[test]
fn every_case_reads_back_to_its_operations() {
    for (name, ops) in writer_cases::cases() {
        round_trip(name, &ops, WriteOptions { batch: false });
        round_trip(name, &ops, WriteOptions { batch: true });
    }
}

#[test]
fn each_type_reads_back_alone() {
    // One column each, so a failure names the type.
    for t in writer_cases::all_types() {
        let op = writer_cases::add("t", aludel_core::schema::Column::new("c", t.clone()));
        round_trip(&format!("{t:?}"), &[op], WriteOptions::default());
    }
}

#[test]
fn imports_follow_the_types() {
    let ops = writer_cases::cases()
        .into_iter()
        .find(|(n, _)| *n == "create_table_every_type")
        .unwrap()
        .1;
    let body = write_ops(&ops, &WriteOptions::default()).unwrap();
    assert_eq!(
        body.imports,
        [
            "from sqlalchemy.dialects import mysql",
            "from sqlalchemy.dialects import postgresql",
            "from sqlalchemy.dialects import sqlite",
            "import sqlmodel",
        ]
    );
    let plain = write_ops(
        &[writer_cases::add(
            "t",
            aludel_core::schema::Column::new("c", SqlType::Integer),
        )],
        &WriteOptions::default(),
    )
    .unwrap();
    assert!(plain.imports.is_empty());
    let nested = write_ops(
        &[writer_cases::add(
            "t",
            aludel_core::schema::Column::new(
                "c",
                SqlType::Array(Box::new(SqlType::AutoString { length: None })),
            ),
        )],
        &WriteOptions::default(),
    )
    .unwrap();
    assert_eq!(nested.imports, ["import sqlmodel"]);
}

fn write_err(ops: &[Op]) -> WriteError {
    match write_ops(ops, &WriteOptions::default()) {
        Ok(b) => panic!("expected an error, wrote:\n{}", b.text),
        Err(e) => e,
    }
}

#[test]
fn what_cannot_be_written_faithfully_is_an_error() {
    use aludel_core::ops::{BatchAlterTable, ColumnPlacement, Recreate};
    use aludel_core::schema::{Column, EnumType, ServerDefault};

    let e = write_err(&[writer_cases::add(
        "t",
        Column::new("c", SqlType::Reflected("GEOMETRY(POINT)".into())),
    )]);
    assert_eq!(e.op, "add_column");
    assert_eq!(e.table.as_deref(), Some("t"));
    assert!(e.reason.contains("GEOMETRY(POINT)"), "{e}");
    assert_eq!(
        e.to_string(),
        "cannot write add_column on table \"t\": the reflected type \"GEOMETRY(POINT)\" has no SQLAlchemy type aludel can write"
    );

    let mut no_create = EnumType::new(Some("x"), &["a"]);
    no_create.create_type = false;
    let e = write_err(&[writer_cases::add(
        "t",
        Column::new("c", SqlType::Enum(no_create)),
    )]);
    assert!(e.reason.contains("create_type"), "{e}");

    let mut non_native = EnumType::new(Some("x"), &["a"]);
    non_native.native_enum = false;
    let e = write_err(&[writer_cases::add(
        "t",
        Column::new("c", SqlType::Postgresql(PostgresqlType::Enum(non_native))),
    )]);
    assert!(e.reason.contains("native_enum"), "{e}");

    let e = write_err(&[writer_cases::add(
        "t",
        Column::new("c", SqlType::Integer).default(ServerDefault::Func {
            name: "not a name".into(),
            args: vec![],
        }),
    )]);
    assert!(e.reason.contains("sa.func"), "{e}");

    let e = write_err(&[Op::CreateEnum {
        name: "x".into(),
        schema: Some("s".into()),
        values: vec![],
        checkfirst: false,
    }]);
    assert_eq!(e.op, "create_enum");

    let batch = |ops: Vec<Op>, placements: Vec<ColumnPlacement>| {
        Op::Batch(Box::new(BatchAlterTable {
            table: "t".into(),
            schema: None,
            recreate: Recreate::Auto,
            ops,
            placements,
            naming_convention: Vec::new(),
        }))
    };
    let e = write_err(&[writer_cases::add(
        "t",
        Column::new(
            "c",
            SqlType::Array(Box::new(SqlType::Array(Box::new(SqlType::Integer)))),
        ),
    )]);
    assert!(e.reason.contains("nest"), "{e}");
    let e = write_err(&[batch(
        vec![Op::DropConstraint {
            name: "x".into(),
            table: "t".into(),
            schema: None,
            type_: None,
            if_exists: true,
        }],
        vec![],
    )]);
    assert!(e.reason.contains("if_exists"), "{e}");
    let e = write_err(&[batch(vec![Op::Execute { sql: "x".into() }], vec![])]);
    assert_eq!(e.op, "execute");
    let e = write_err(&[batch(vec![writer_cases::drop_col("other", "c")], vec![])]);
    assert!(e.reason.contains("another table"), "{e}");
    let e = write_err(&[batch(
        vec![],
        vec![ColumnPlacement {
            column: "c".into(),
            before: Some("a".into()),
            after: None,
        }],
    )]);
    assert!(e.reason.contains("placement"), "{e}");
    let e = write_err(&[batch(
        vec![Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: Column::new("c", SqlType::Integer),
            if_not_exists: false,
            inline_references: true,
            inline_primary_key: false,
        }],
        vec![],
    )]);
    assert!(e.reason.contains("inline_references"), "{e}");

    let e = write_err(&[writer_cases::table(
        "t",
        vec![Column::new("a", SqlType::Integer).primary_key()],
        vec![writer_cases::pk(&["b"])],
    )]);
    assert!(e.reason.contains("PrimaryKeyConstraint"), "{e}");
    let e = write_err(&[writer_cases::table("t", vec![], vec![])]);
    assert!(e.reason.contains("without columns"), "{e}");

    let mut dotted = aludel_core::schema::ForeignKey::new(&["a"], "s.t", &["id"]);
    dotted.name = None;
    let e = write_err(&[writer_cases::table(
        "t",
        vec![Column::new("a", SqlType::Integer)],
        vec![Constraint::ForeignKey(dotted)],
    )]);
    assert!(e.reason.contains("dot"), "{e}");

    let e = write_err(&[Op::BulkInsert {
        table: "t".into(),
        schema: None,
        columns: vec!["a".into()],
        rows: vec![vec![(
            "a".into(),
            aludel_core::schema::Literal::Float("nan".into()),
        )]],
    }]);
    assert!(e.reason.contains("float"), "{e}");
}

#[test]
fn evaluator_reads_the_dialect_types_alembic_writes() {
    let src = "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import mysql, postgresql\n\ndef upgrade():\n    op.add_column('t', sa.Column('a', postgresql.TIME(timezone=True)))\n    op.add_column('t', sa.Column('b', postgresql.TIME()))\n    op.add_column('t', sa.Column('c', mysql.TIMESTAMP()))\n    op.add_column('t', sa.Column('d', mysql.TIMESTAMP(fsp=6)))\n    op.add_column('t', sa.Column('e', mysql.MEDIUMINT(display_width=9)))\n";
    let body = RevisionBody::parse(Path::new("v.py"), src).unwrap();
    let ctx = BodyContext {
        dialect: DialectKind::Mysql,
        mariadb: false,
        offline: true,
        sqlalchemy_20: false,
    };
    let types: Vec<SqlType> = body
        .evaluate("upgrade", &ctx)
        .unwrap()
        .into_iter()
        .map(|l| match l.op {
            Op::AddColumn { column, .. } => column.type_,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        types,
        [
            SqlType::Time { timezone: true },
            SqlType::Upper(UpperType::Time),
            SqlType::Upper(UpperType::Timestamp { timezone: false }),
            SqlType::Mysql(MysqlType::Timestamp(Some(6))),
            SqlType::Mysql(MysqlType::Mediumint(Some(9))),
        ]
    );
    let bad = "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\n\ndef upgrade():\n    op.add_column('t', sa.Column('a', postgresql.TIME(precision=3)))\n";
    let body = RevisionBody::parse(Path::new("v.py"), bad).unwrap();
    let e = body.evaluate("upgrade", &ctx).unwrap_err();
    assert!(e.to_string().contains("precision"), "{e}");
}
