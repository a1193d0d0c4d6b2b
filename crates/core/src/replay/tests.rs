//! Replay of every operation on an in-memory schema.

use super::*;
use crate::ops::{BatchAlterTable, ColumnPlacement, Recreate};
use crate::schema::{ForeignKey, IndexOptions, Literal, ServerDefault, SqlType};

fn create_t() -> Op {
    Op::CreateTable {
        table: "t".into(),
        schema: None,
        columns: vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("a", SqlType::string(10)),
            Column::new("pid", SqlType::Integer).references("p.id"),
            {
                let mut c = Column::new("u", SqlType::Integer);
                c.unique = true;
                c
            },
            {
                let mut c = Column::new("i", SqlType::Integer);
                c.index = true;
                c
            },
        ],
        constraints: vec![Constraint::Check {
            name: Some("ck".into()),
            sqltext: "a <> ''".into(),
        }],
        comment: Some("c".into()),
        if_not_exists: false,
    }
}

fn state() -> SchemaState {
    let mut s = SchemaState::new();
    apply(&mut s, &create_t()).unwrap();
    s
}

fn t(s: &SchemaState) -> &Table {
    s.get(None, "t").expect("table t")
}

fn names(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.name.as_str()).collect()
}

fn alter(f: impl FnOnce(&mut AlterColumn)) -> Op {
    let mut a = AlterColumn {
        table: "t".into(),
        column: "a".into(),
        ..Default::default()
    };
    f(&mut a);
    Op::AlterColumn(Box::new(a))
}

#[test]
fn create_table_canonicalises_column_level_keys_uniques_and_indexes() {
    let s = state();
    let t = t(&s);
    assert_eq!(names(t), ["id", "a", "pid", "u", "i"]);
    assert_eq!(t.primary_key(), (None, vec!["id"]));
    assert!(t.constraints.iter().any(|c| matches!(c,
        Constraint::ForeignKey(fk) if fk.columns == ["pid"] && fk.referent_table == "p")));
    assert!(t.constraints.iter().any(|c| matches!(c,
        Constraint::Unique { name: None, columns } if columns == &["u"])));
    assert_eq!(t.indexes[0].name.as_deref(), Some("ix_t_i"));
    assert!(t
        .columns
        .iter()
        .all(|c| c.foreign_keys.is_empty() && !c.unique && !c.index));
    assert_eq!(t.comment.as_deref(), Some("c"));
    let err = apply(&mut s.clone(), &create_t()).unwrap_err();
    assert!(matches!(err, ReplayError::TableExists { .. }), "{err}");
}

#[test]
fn drop_and_rename_table() {
    let mut s = state();
    apply(
        &mut s,
        &Op::RenameTable {
            table: "t".into(),
            new_name: "t2".into(),
            schema: None,
        },
    )
    .unwrap();
    assert!(s.get(None, "t").is_none() && s.get(None, "t2").is_some());
    assert_eq!(s.get(None, "t2").unwrap().name, "t2");
    apply(
        &mut s,
        &Op::DropTable {
            table: "t2".into(),
            schema: None,
            if_exists: false,
        },
    )
    .unwrap();
    assert_eq!(s.tables().count(), 0);
    let err = apply(
        &mut s,
        &Op::DropTable {
            table: "t2".into(),
            schema: None,
            if_exists: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "op.drop_table: no table 't2' (check the name, and that an earlier migration creates it)"
    );
    apply(
        &mut s,
        &Op::DropTable {
            table: "t2".into(),
            schema: None,
            if_exists: true,
        },
    )
    .unwrap();
}

#[test]
fn add_and_drop_column_with_dependants() {
    let mut s = state();
    let mut col = Column::new("z", SqlType::Integer).references("q.id");
    col.index = true;
    apply(
        &mut s,
        &Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: col,
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
    )
    .unwrap();
    assert_eq!(names(t(&s)).last(), Some(&"z"));
    assert!(t(&s)
        .indexes
        .iter()
        .any(|i| i.name.as_deref() == Some("ix_t_z")));
    apply(
        &mut s,
        &Op::DropColumn {
            table: "t".into(),
            schema: None,
            column: "z".into(),
            if_exists: false,
        },
    )
    .unwrap();
    assert!(t(&s).column("z").is_none());
    assert!(!t(&s)
        .indexes
        .iter()
        .any(|i| i.name.as_deref() == Some("ix_t_z")));
    assert!(!t(&s)
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::ForeignKey(fk) if fk.referent_table == "q")));
    let err = apply(
        &mut s,
        &Op::DropColumn {
            table: "t".into(),
            schema: None,
            column: "z".into(),
            if_exists: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "op.drop_column: table 't' has no column 'z' (its columns: id, a, pid, u, i)"
    );
    // Dropping a primary key column shrinks the key.
    apply(
        &mut s,
        &Op::DropColumn {
            table: "t".into(),
            schema: None,
            column: "id".into(),
            if_exists: false,
        },
    )
    .unwrap();
    assert_eq!(t(&s).primary_key().1, Vec::<&str>::new());
}

#[test]
fn alter_column_changes_each_attribute_and_rename_follows_everywhere() {
    let mut s = state();
    apply(
        &mut s,
        &Op::CreateIndex {
            name: "ix_a".into(),
            table: "t".into(),
            schema: None,
            parts: vec![IndexPart::Column("a".into())],
            unique: false,
            if_not_exists: false,
            options: IndexOptions::default(),
        },
    )
    .unwrap();
    apply(
        &mut s,
        &Op::CreateUniqueConstraint {
            name: Some("uq_a".into()),
            table: "t".into(),
            schema: None,
            columns: vec!["a".into()],
        },
    )
    .unwrap();
    apply(
        &mut s,
        &alter(|a| {
            a.nullable = Some(false);
            a.type_ = Some(SqlType::Text { collation: None });
            a.server_default = Some(Some(ServerDefault::Literal("x".into())));
            a.comment = Some(Some("note".into()));
            a.new_column_name = Some("b".into());
        }),
    )
    .unwrap();
    let c = t(&s).column("b").expect("renamed");
    assert!(!c.nullable);
    assert_eq!(c.type_, SqlType::Text { collation: None });
    assert_eq!(c.server_default, Some(ServerDefault::Literal("x".into())));
    assert_eq!(c.comment.as_deref(), Some("note"));
    assert!(t(&s)
        .indexes
        .iter()
        .any(|i| i.parts == [IndexPart::Column("b".into())]));
    assert!(t(&s)
        .constraints
        .iter()
        .any(|c| matches!(c, Constraint::Unique { columns, .. } if columns == &["b"])));
    apply(
        &mut s,
        &Op::AlterColumn(Box::new(AlterColumn {
            table: "t".into(),
            column: "b".into(),
            server_default: Some(None),
            comment: Some(None),
            ..Default::default()
        })),
    )
    .unwrap();
    let c = t(&s).column("b").unwrap();
    assert!(c.server_default.is_none() && c.comment.is_none());
    let err = apply(&mut s, &alter(|_| {})).unwrap_err();
    assert!(err.to_string().contains("has no column 'a'"), "{err}");
    let err = apply(
        &mut s,
        &Op::AlterColumn(Box::new(AlterColumn {
            table: "t".into(),
            column: "b".into(),
            new_column_name: Some("id".into()),
            ..Default::default()
        })),
    )
    .unwrap_err();
    assert!(matches!(err, ReplayError::ColumnExists { .. }));
}

#[test]
fn indexes_are_created_and_dropped_with_or_without_a_table_name() {
    let mut s = state();
    let idx = |name: &str, col: &str| Op::CreateIndex {
        name: name.into(),
        table: "t".into(),
        schema: None,
        parts: vec![IndexPart::Column(col.into())],
        unique: true,
        if_not_exists: false,
        options: IndexOptions::default(),
    };
    apply(&mut s, &idx("ix_x", "a")).unwrap();
    assert!(t(&s)
        .indexes
        .iter()
        .any(|i| i.name.as_deref() == Some("ix_x") && i.unique));
    assert!(apply(&mut s, &idx("ix_y", "nope")).is_err());
    apply(
        &mut s,
        &Op::DropIndex {
            name: "ix_x".into(),
            table: None,
            schema: None,
            if_exists: false,
            postgresql_concurrently: false,
        },
    )
    .unwrap();
    assert!(!t(&s)
        .indexes
        .iter()
        .any(|i| i.name.as_deref() == Some("ix_x")));
    let err = apply(
        &mut s,
        &Op::DropIndex {
            name: "ix_x".into(),
            table: Some("t".into()),
            schema: None,
            if_exists: false,
            postgresql_concurrently: false,
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "op.drop_index: no index named 'ix_x' on table 't'"
    );
}

#[test]
fn constraints_are_created_and_dropped() {
    let mut s = state();
    let fk = ForeignKey {
        name: Some("fk_u".into()),
        ..ForeignKey::new(&["u"], "p", &["id"])
    };
    apply(
        &mut s,
        &Op::CreateForeignKey {
            table: "t".into(),
            schema: None,
            key: fk,
            postgresql_not_valid: false,
        },
    )
    .unwrap();
    apply(
        &mut s,
        &Op::CreateCheckConstraint {
            name: Some("ck2".into()),
            table: "t".into(),
            schema: None,
            sqltext: "u > 0".into(),
            postgresql_not_valid: false,
        },
    )
    .unwrap();
    apply(
        &mut s,
        &Op::CreatePrimaryKey {
            name: Some("pk_t".into()),
            table: "t".into(),
            schema: None,
            columns: vec!["id".into(), "a".into()],
        },
    )
    .unwrap();
    assert_eq!(t(&s).primary_key(), (Some("pk_t"), vec!["id", "a"]));
    assert!(t(&s).column("a").unwrap().primary_key);
    for (name, kind) in [
        ("fk_u", ConstraintKind::ForeignKey),
        ("ck2", ConstraintKind::Check),
        ("pk_t", ConstraintKind::Primary),
    ] {
        apply(
            &mut s,
            &Op::DropConstraint {
                name: name.into(),
                table: "t".into(),
                schema: None,
                type_: Some(kind),
                if_exists: false,
            },
        )
        .unwrap();
        assert!(
            !t(&s)
                .constraints
                .iter()
                .any(|c| constraint_name(c) == Some(name)),
            "{name}"
        );
    }
    assert!(!t(&s).column("a").unwrap().primary_key);
    // The kind must match when given.
    let err = apply(
        &mut s,
        &Op::DropConstraint {
            name: "ck".into(),
            table: "t".into(),
            schema: None,
            type_: Some(ConstraintKind::Unique),
            if_exists: false,
        },
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ReplayError::NoSuchName {
            what: "constraint",
            ..
        }
    ));
    let err = apply(
        &mut s,
        &Op::CreateUniqueConstraint {
            name: None,
            table: "t".into(),
            schema: None,
            columns: vec!["nope".into()],
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("no column 'nope'"));
}

#[test]
fn table_comments() {
    let mut s = state();
    apply(
        &mut s,
        &Op::CreateTableComment {
            table: "t".into(),
            schema: None,
            comment: "new".into(),
            existing_comment: None,
        },
    )
    .unwrap();
    assert_eq!(t(&s).comment.as_deref(), Some("new"));
    apply(
        &mut s,
        &Op::DropTableComment {
            table: "t".into(),
            schema: None,
            existing_comment: None,
        },
    )
    .unwrap();
    assert!(t(&s).comment.is_none());
}

#[test]
fn batch_applies_inner_ops_and_placements() {
    let mut s = state();
    let add = Op::AddColumn {
        table: "t".into(),
        schema: None,
        column: Column::new("z", SqlType::Integer),
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    apply(
        &mut s,
        &Op::Batch(Box::new(BatchAlterTable {
            table: "t".into(),
            schema: None,
            recreate: Recreate::Auto,
            ops: vec![add, alter(|a| a.new_column_name = Some("aa".into()))],
            placements: vec![ColumnPlacement {
                column: "z".into(),
                before: Some("aa".into()),
                after: None,
            }],
            naming_convention: Vec::new(),
        })),
    )
    .unwrap();
    assert_eq!(names(t(&s)), ["id", "z", "aa", "pid", "u", "i"]);
    let err = apply(
        &mut s,
        &Op::Batch(Box::new(BatchAlterTable {
            table: "nope".into(),
            schema: None,
            recreate: Recreate::Auto,
            ops: vec![],
            placements: vec![],
            naming_convention: Vec::new(),
        })),
    )
    .unwrap_err();
    assert!(matches!(err, ReplayError::NoSuchTable { .. }));
}

#[test]
fn shape_neutral_ops_change_nothing() {
    let mut s = state();
    let before = s.clone();
    apply_all(
        &mut s,
        &[
            Op::Execute {
                sql: "UPDATE t SET a = 'x'".into(),
            },
            Op::BulkInsert {
                table: "t".into(),
                schema: None,
                columns: vec!["a".into()],
                rows: vec![vec![("a".into(), Literal::Str("v".into()))]],
            },
            Op::CreateEnum {
                name: "e".into(),
                schema: None,
                values: vec!["x".into()],
                checkfirst: false,
            },
            Op::DropEnum {
                name: "e".into(),
                schema: None,
                checkfirst: false,
            },
        ],
    )
    .unwrap();
    assert_eq!(s, before);
}

#[test]
fn renames_follow_into_other_tables_foreign_keys() {
    let mut s = state();
    apply(
        &mut s,
        &Op::CreateTable {
            table: "p".into(),
            schema: None,
            columns: vec![Column::new("id", SqlType::Integer).primary_key()],
            constraints: vec![],
            comment: None,
            if_not_exists: false,
        },
    )
    .unwrap();
    apply(
        &mut s,
        &Op::AlterColumn(Box::new(AlterColumn {
            table: "p".into(),
            column: "id".into(),
            new_column_name: Some("pk".into()),
            ..Default::default()
        })),
    )
    .unwrap();
    apply(
        &mut s,
        &Op::RenameTable {
            table: "p".into(),
            new_name: "parent".into(),
            schema: None,
        },
    )
    .unwrap();
    let fk = t(&s)
        .constraints
        .iter()
        .find_map(|c| match c {
            Constraint::ForeignKey(fk) if fk.columns == ["pid"] => Some(fk.clone()),
            _ => None,
        })
        .expect("key on pid");
    assert_eq!(fk.referent_table, "parent");
    assert_eq!(fk.referent_columns, ["pk"]);
}
