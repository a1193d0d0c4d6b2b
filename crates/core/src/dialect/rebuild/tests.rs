//! Rebuild statements for hand-made shapes (the differential test in
//! aludel-db compares against Alembic on a live database).

use super::*;
use crate::dialect::Sqlite;
use crate::ops::{AlterColumn, BatchAlterTable};
use crate::schema::{Column, SchemaState, ServerDefault as ServerDefaultLit, SqlType};

fn shapes() -> SchemaState {
    let mut state = SchemaState::new();
    let mut t = Table::from_create(
        None,
        "t",
        &[
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("a", SqlType::string(10)),
            Column::new("order", SqlType::Integer),
        ],
        &[Constraint::Unique {
            name: Some("uq_a".into()),
            columns: vec!["a".into()],
        }],
        None,
    );
    t.indexes.push(Index {
        name: Some("ix_t_a".into()),
        parts: vec![IndexPart::Column("a".into())],
        unique: false,
        options: Default::default(),
    });
    state.insert(t);
    state
}

fn batch(ops: Vec<Op>, recreate: Recreate) -> Op {
    Op::Batch(Box::new(BatchAlterTable {
        table: "t".into(),
        schema: None,
        recreate,
        ops,
        placements: Vec::new(),
        naming_convention: Vec::new(),
    }))
}

fn alter(column: &str) -> AlterColumn {
    AlterColumn {
        table: "t".into(),
        column: column.into(),
        ..Default::default()
    }
}

#[test]
fn type_change_across_families_casts_and_rename_follows_constraints_and_indexes() {
    let mut a = alter("a");
    a.type_ = Some(SqlType::Integer);
    a.new_column_name = Some("aa".into());
    let out = render_op_in(
        &Sqlite,
        &batch(vec![Op::AlterColumn(Box::new(a))], Recreate::Auto),
        &mut shapes(),
        Layout::Online,
    )
    .unwrap();
    assert_eq!(
        out.statements,
        vec![
            "CREATE TABLE _alembic_tmp_t (\n\tid INTEGER NOT NULL, \n\taa INTEGER, \n\t\"order\" INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_a UNIQUE (aa)\n)",
            "INSERT INTO _alembic_tmp_t (id, aa, \"order\") SELECT t.id, CAST(t.a AS INTEGER) AS a, t.\"order\" \nFROM t",
            "DROP TABLE t",
            "ALTER TABLE _alembic_tmp_t RENAME TO t",
            "CREATE INDEX ix_t_a ON t (aa)",
        ]
    );
    let shape = out.rebuilt.unwrap();
    assert!(shape.column("aa").is_some() && shape.column("a").is_none());
}

#[test]
fn offline_layout_uses_spaces() {
    let mut a = alter("a");
    a.nullable = Some(false);
    let out = render_op(&Sqlite, &Op::AlterColumn(Box::new(a)), &mut shapes()).unwrap();
    assert!(out[0].starts_with("CREATE TABLE _alembic_tmp_t (\n    id INTEGER NOT NULL"));
    assert!(out[0].contains("a VARCHAR(10) NOT NULL"));
}

#[test]
fn add_column_only_batch_stays_plain_on_auto_and_never_rebuilds() {
    let add = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new("z", SqlType::Integer),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    let out = render_op_in(
        &Sqlite,
        &batch(vec![add.clone()], Recreate::Auto),
        &mut shapes(),
        Layout::Online,
    )
    .unwrap();
    assert_eq!(out.statements, vec!["ALTER TABLE t ADD COLUMN z INTEGER"]);
    assert!(out.rebuilt.is_none());
    let out = render_op_in(
        &Sqlite,
        &batch(vec![add], Recreate::Always),
        &mut shapes(),
        Layout::Online,
    )
    .unwrap();
    assert_eq!(out.statements.len(), 5);
}

#[test]
fn missing_table_column_and_constraint_are_errors_naming_them() {
    let mut empty = SchemaState::new();
    let err = render_op(&Sqlite, &batch(vec![], Recreate::Always), &mut empty).unwrap_err();
    assert!(
        err.to_string().contains("table 't' does not exist"),
        "{err}"
    );
    let drop = Op::DropColumn {
        table: "t".into(),
        schema: None,
        column: "nope".into(),
        if_exists: false,
    };
    let err = render_op(&Sqlite, &batch(vec![drop], Recreate::Auto), &mut shapes()).unwrap_err();
    assert!(err.to_string().contains("no column 'nope'"), "{err}");
    let dc = Op::DropConstraint {
        name: "uq_x".into(),
        table: "t".into(),
        schema: None,
        type_: None,
        if_exists: false,
    };
    let err = render_op(&Sqlite, &dc, &mut shapes()).unwrap_err();
    assert!(
        err.to_string().contains("No such constraint: 'uq_x'"),
        "{err}"
    );
    assert!(err.to_string().contains("'uq_a'"), "{err}");
    assert!(
        err.to_string()
            .contains("op.drop_constraint rebuilds the table"),
        "{err}"
    );
}

#[test]
fn recreate_always_off_sqlite_is_an_error() {
    let err = render_op(
        &crate::dialect::Postgresql,
        &batch(vec![], Recreate::Always),
        &mut shapes(),
    )
    .unwrap_err();
    assert!(matches!(err, RenderError::Unsupported { .. }));
}

#[test]
fn sqlite_ops_that_need_a_rebuild_outside_a_batch_rebuild_as_a_one_op_batch() {
    let mut a = alter("a");
    a.type_ = Some(SqlType::Text { collation: None });
    let op = Op::AlterColumn(Box::new(a));
    let alone = render_op(&Sqlite, &op, &mut shapes()).unwrap();
    let batched = render_op(
        &Sqlite,
        &batch(vec![op.clone()], Recreate::Always),
        &mut shapes(),
    )
    .unwrap();
    assert_eq!(alone, batched);
    assert!(alone[0].starts_with("CREATE TABLE _alembic_tmp_t"));
    // A pure rename stays an ALTER; other databases render plain ALTERs.
    let mut r = alter("a");
    r.new_column_name = Some("b".into());
    let out = render_op(&Sqlite, &Op::AlterColumn(Box::new(r)), &mut shapes()).unwrap();
    assert_eq!(out, vec!["ALTER TABLE t RENAME COLUMN a TO b"]);
    let pg = render_op(&crate::dialect::Postgresql, &op, &mut shapes()).unwrap();
    assert_eq!(pg, vec!["ALTER TABLE t ALTER COLUMN a TYPE TEXT"]);
    // A comment alone is refused as before (SQLite keeps no comments).
    let mut c = alter("a");
    c.comment = Some(Some("x".into()));
    let err = render_op(&Sqlite, &Op::AlterColumn(Box::new(c)), &mut shapes()).unwrap_err();
    assert!(matches!(err, RenderError::Unsupported { .. }), "{err}");
    // Dropping a constraint outside a batch is rebuilt too.
    let dc = Op::DropConstraint {
        name: "uq_a".into(),
        table: "t".into(),
        schema: None,
        type_: None,
        if_exists: false,
    };
    let out = render_op_in(&Sqlite, &dc, &mut shapes(), Layout::Online).unwrap();
    assert!(!out.statements[0].contains("uq_a"));
    assert!(!out
        .rebuilt
        .unwrap()
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::Unique { .. })));
}

#[test]
fn placements_without_a_rebuild_are_refused_as_alembic_does() {
    let add = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new("z", SqlType::Integer),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    let op = Op::Batch(Box::new(BatchAlterTable {
        table: "t".into(),
        schema: None,
        recreate: Recreate::Auto,
        ops: vec![add],
        placements: vec![crate::ops::ColumnPlacement {
            column: "z".into(),
            before: Some("a".into()),
            after: None,
        }],
        naming_convention: Vec::new(),
    }));
    let err = render_op(&Sqlite, &op, &mut shapes()).unwrap_err();
    assert!(
        err.to_string().contains("please specify recreate='always'"),
        "{err}"
    );
}

/// Alembic 1.20's offline output for the same batch with `copy_from=` the
/// same table (pinned: unnamed CHECKs are kept when the shape is not reflected).
#[test]
fn offline_batch_from_a_replayed_shape_prints_as_alembic_with_copy_from() {
    let mut state = SchemaState::new();
    state.insert(Table::from_create(
        None,
        "t",
        &[
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("a", SqlType::string(10)),
            Column::new("b", SqlType::Integer).default(ServerDefaultLit::Literal("5".into())),
        ],
        &[
            Constraint::Check {
                name: None,
                sqltext: "b > 0".into(),
            },
            Constraint::Unique {
                name: Some("uq_a".into()),
                columns: vec!["a".into()],
            },
        ],
        None,
    ));
    let mut a = alter("a");
    a.type_ = Some(SqlType::Integer);
    a.new_column_name = Some("aa".into());
    let index = Op::CreateIndex {
        name: "ix_b".into(),
        table: "t".into(),
        schema: None,
        parts: vec![IndexPart::Column("b".into())],
        unique: false,
        if_not_exists: false,
        options: Default::default(),
    };
    let op = batch(vec![Op::AlterColumn(Box::new(a)), index], Recreate::Auto);
    let script: String = render_op(&Sqlite, &op, &mut state)
        .unwrap()
        .iter()
        .map(|s| format!("{s};\n\n"))
        .collect();
    let expected = "CREATE TABLE _alembic_tmp_t (\n    id INTEGER NOT NULL, \n    aa INTEGER, \n    b INTEGER DEFAULT '5', \n    PRIMARY KEY (id), \n    CONSTRAINT uq_a UNIQUE (aa), \n    CHECK (b > 0)\n);\n\nINSERT INTO _alembic_tmp_t (id, aa, b) SELECT t.id, CAST(t.a AS INTEGER) AS a, t.b \nFROM t;\n\nDROP TABLE t;\n\nALTER TABLE _alembic_tmp_t RENAME TO t;\n\nCREATE INDEX ix_b ON t (b);\n\n";
    assert_eq!(script, expected);
}

#[test]
fn sqlite_autoincrement_keeps_the_key_inline() {
    let mut t = Table::from_create(
        None,
        "ai",
        &[
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("v", SqlType::Text { collation: None }),
        ],
        &[],
        None,
    );
    t.sqlite_autoincrement = true;
    let mut state = SchemaState::new();
    state.insert(t);
    let op = Op::Batch(Box::new(BatchAlterTable {
        table: "ai".into(),
        schema: None,
        recreate: Recreate::Always,
        ops: vec![],
        placements: vec![],
        naming_convention: Vec::new(),
    }));
    let out = render_op_in(&Sqlite, &op, &mut state, Layout::Online).unwrap();
    assert_eq!(
        out.statements[0],
        "CREATE TABLE _alembic_tmp_ai (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tv TEXT\n)"
    );
    assert!(out.rebuilt.unwrap().sqlite_autoincrement);
}

#[test]
fn long_table_names_make_a_temporary_name_of_fifty_characters() {
    let name = "x".repeat(60);
    assert_eq!(temp_name(&name).chars().count(), 50);
    assert!(temp_name(&name).starts_with("_alembic_tmp_xxx"));
    assert_eq!(temp_name("t"), "_alembic_tmp_t");
}
