//! The diff on hand-made schemas, per database. Each case also replays
//! the upgrade onto the database's side and the downgrade back, and
//! diffs again: after the upgrade nothing may differ from the models,
//! after the downgrade nothing from where it started.

use super::{diff, ChangeKind, Diff, DiffOptions};
use crate::dialect::{mariadb, Dialect, DialectKind};
use crate::ops::{ConstraintKind, Op};
use crate::replay::apply_all;
use crate::schema::{
    Column, Constraint, EnumType, ForeignKey, Index, IndexOptions, IndexPart, PostgresqlType,
    SchemaState, ServerDefault, SqlType, Table,
};

fn pg() -> &'static dyn Dialect {
    DialectKind::Postgresql.dialect()
}
fn sqlite() -> &'static dyn Dialect {
    DialectKind::Sqlite.dialect()
}

fn state(tables: Vec<Table>) -> SchemaState {
    let mut s = SchemaState::new();
    for t in tables {
        s.insert(t);
    }
    s
}

fn table(name: &str, columns: Vec<Column>) -> Table {
    Table::from_create(None, name, &columns, &[], None)
}

fn hero() -> Table {
    table(
        "hero",
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("name", SqlType::AutoString { length: None }).not_null(),
        ],
    )
}

fn fk(columns: &[&str], table: &str, referent: &[&str], name: Option<&str>) -> Constraint {
    Constraint::ForeignKey(ForeignKey {
        name: name.map(str::to_string),
        columns: columns.iter().map(|s| s.to_string()).collect(),
        referent_schema: None,
        referent_table: table.into(),
        referent_columns: referent.iter().map(|s| s.to_string()).collect(),
        ondelete: None,
        onupdate: None,
        deferrable: None,
        initially: None,
        match_: None,
    })
}

fn kinds(d: &Diff) -> Vec<&'static str> {
    d.changes.iter().map(|c| c.kind.as_str()).collect()
}

fn names(ops: &[Op]) -> Vec<&'static str> {
    ops.iter().map(Op::name).collect()
}

/// Diffs, then replays both ways and checks nothing is left to do.
fn round_trip(d: &dyn Dialect, desired: &SchemaState, actual: &SchemaState) -> Diff {
    let opts = DiffOptions::new(d);
    let result = diff(desired, actual, &opts);
    let mut s = actual.clone();
    apply_all(&mut s, &result.upgrade).expect("upgrade replays");
    let after = diff(desired, &s, &opts);
    assert!(after.is_empty(), "left after upgrade: {:?}", after.changes);
    apply_all(&mut s, &result.downgrade).expect("downgrade replays");
    let back = diff(actual, &s, &opts);
    assert!(back.is_empty(), "left after downgrade: {:?}", back.changes);
    result
}

#[test]
fn same_schema_is_empty() {
    let s = state(vec![hero()]);
    for d in [pg(), sqlite(), mariadb()] {
        let r = diff(&s, &s, &DiffOptions::new(d));
        assert!(r.is_empty(), "{}: {:?}", d.name(), r.changes);
        assert!(r.upgrade.is_empty() && r.downgrade.is_empty());
    }
}

#[test]
fn added_table_with_index_and_referent_order() {
    let mut team = table(
        "team",
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("name", SqlType::string(20)),
        ],
    );
    team.indexes.push(Index {
        name: Some("ix_team_name".into()),
        parts: vec![IndexPart::Column("name".into())],
        unique: false,
        options: IndexOptions::default(),
    });
    // `a_member` sorts before `team` but refers to it.
    let mut member = table(
        "a_member",
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("team_id", SqlType::Integer),
        ],
    );
    member
        .constraints
        .push(fk(&["team_id"], "team", &["id"], None));
    let desired = state(vec![team, member]);
    let r = round_trip(pg(), &desired, &SchemaState::new());
    assert_eq!(kinds(&r), ["add_table", "add_table"]);
    assert_eq!(
        names(&r.upgrade),
        ["create_table", "create_index", "create_table"]
    );
    match &r.upgrade[2] {
        Op::CreateTable { table, .. } => assert_eq!(table, "a_member"),
        other => panic!("{other:?}"),
    }
    // Referring table dropped first, and no drop_index before drop_table.
    assert_eq!(names(&r.downgrade), ["drop_table", "drop_table"]);
    match &r.downgrade[0] {
        Op::DropTable { table, .. } => assert_eq!(table, "a_member"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn added_and_removed_columns() {
    let mut want = hero();
    want.columns.push(Column::new("age", SqlType::Integer));
    let mut have = hero();
    have.columns.push(Column::new("power", SqlType::string(10)));
    let r = round_trip(pg(), &state(vec![want]), &state(vec![have]));
    assert_eq!(kinds(&r), ["add_column", "remove_column"]);
    assert_eq!(names(&r.upgrade), ["add_column", "drop_column"]);
    assert_eq!(names(&r.downgrade), ["add_column", "drop_column"]);
    assert_eq!(r.changes[0].describe(), "add column hero.age (INTEGER)");
    assert_eq!(
        r.changes[0].alembic_tuple(),
        "('add_column', None, 'hero', 'age')"
    );
}

#[test]
fn reflected_type_spelling_is_no_difference() {
    let want = hero();
    let mut have = hero();
    have.column_mut("name").unwrap().type_ = SqlType::Reflected("VARCHAR".into());
    for d in [pg(), sqlite()] {
        let r = diff(
            &state(vec![want.clone()]),
            &state(vec![have.clone()]),
            &DiffOptions::new(d),
        );
        assert!(r.is_empty(), "{}: {:?}", d.name(), r.changes);
    }
}

#[test]
fn changed_type_nullable_and_default() {
    let mut want = hero();
    {
        let c = want.column_mut("name").unwrap();
        c.type_ = SqlType::AutoString { length: Some(100) };
        c.nullable = true;
        c.server_default = Some(ServerDefault::Literal("x".into()));
    }
    let mut have = hero();
    have.column_mut("name").unwrap().type_ = SqlType::Reflected("VARCHAR(50)".into());
    let r = round_trip(pg(), &state(vec![want]), &state(vec![have]));
    assert_eq!(
        kinds(&r),
        ["modify_type", "modify_nullable", "modify_default"]
    );
    let Op::AlterColumn(up) = &r.upgrade[0] else {
        panic!("{:?}", r.upgrade)
    };
    assert_eq!(up.type_, Some(SqlType::AutoString { length: Some(100) }));
    assert_eq!(
        up.existing_type,
        Some(SqlType::Reflected("VARCHAR(50)".into()))
    );
    assert_eq!(up.nullable, Some(true));
    let Op::AlterColumn(down) = &r.downgrade[0] else {
        panic!("{:?}", r.downgrade)
    };
    assert_eq!(down.type_, Some(SqlType::Reflected("VARCHAR(50)".into())));
    assert_eq!(down.nullable, Some(false));
    assert_eq!(down.server_default, Some(None));
}

#[test]
fn equal_defaults_in_database_spelling() {
    let mut want = hero();
    want.columns
        .push(Column::new("level", SqlType::Integer).default(ServerDefault::Literal("0".into())));
    let mut have = hero();
    have.columns
        .push(Column::new("level", SqlType::Integer).default(ServerDefault::Text("0".into())));
    let r = diff(
        &state(vec![want]),
        &state(vec![have]),
        &DiffOptions::new(pg()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);
}

#[test]
fn unnamed_foreign_key_pairs_with_the_database_name() {
    let team = table(
        "team",
        vec![Column::new("id", SqlType::Integer).primary_key()],
    );
    let mut want = hero();
    want.columns.push(Column::new("team_id", SqlType::Integer));
    want.constraints
        .push(fk(&["team_id"], "team", &["id"], None));
    let mut have = want.clone();
    have.constraints.pop();
    have.constraints
        .push(fk(&["team_id"], "team", &["id"], Some("hero_team_id_fkey")));
    let r = diff(
        &state(vec![team.clone(), want.clone()]),
        &state(vec![team.clone(), have]),
        &DiffOptions::new(pg()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);

    // Added: unnamed upgrade, the name PostgreSQL gives it in the downgrade.
    let mut before = want.clone();
    before.constraints.pop();
    let r = diff(
        &state(vec![team.clone(), want.clone()]),
        &state(vec![team.clone(), before.clone()]),
        &DiffOptions::new(pg()),
    );
    assert_eq!(kinds(&r), ["add_fk"]);
    match (&r.upgrade[0], &r.downgrade[0]) {
        (Op::CreateForeignKey { key, .. }, Op::DropConstraint { name, type_, .. }) => {
            assert_eq!(key.name, None);
            assert_eq!(name, "hero_team_id_fkey");
            assert_eq!(*type_, Some(ConstraintKind::ForeignKey));
        }
        other => panic!("{other:?}"),
    }
    // SQLite's batch mode needs a name both ways.
    let r = round_trip(
        sqlite(),
        &state(vec![team.clone(), want.clone()]),
        &state(vec![team.clone(), before.clone()]),
    );
    match (&r.upgrade[0], &r.downgrade[0]) {
        (Op::CreateForeignKey { key, .. }, Op::DropConstraint { name, .. }) => {
            assert_eq!(key.name.as_deref(), Some("fk_hero_team_id_team"));
            assert_eq!(name, "fk_hero_team_id_team");
        }
        other => panic!("{other:?}"),
    }
    // MySQL numbers it, and drops the index InnoDB made for it.
    let r = diff(
        &state(vec![team.clone(), want]),
        &state(vec![team, before]),
        &DiffOptions::new(mariadb()),
    );
    assert_eq!(names(&r.downgrade), ["drop_constraint", "drop_index"]);
    match (&r.downgrade[0], &r.downgrade[1]) {
        (Op::DropConstraint { name, .. }, Op::DropIndex { name: index, .. }) => {
            assert_eq!(name, "hero_ibfk_1");
            assert_eq!(index, "team_id");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mysql_foreign_key_index_is_not_a_difference_and_goes_with_its_key() {
    let team = table(
        "team",
        vec![Column::new("id", SqlType::Integer).primary_key()],
    );
    let mut want = hero();
    want.columns.push(Column::new("team_id", SqlType::Integer));
    want.constraints
        .push(fk(&["team_id"], "team", &["id"], None));
    let mut have = want.clone();
    have.constraints.pop();
    have.constraints
        .push(fk(&["team_id"], "team", &["id"], Some("hero_ibfk_1")));
    have.indexes.push(Index {
        name: Some("team_id".into()),
        parts: vec![IndexPart::Column("team_id".into())],
        unique: false,
        options: IndexOptions::default(),
    });
    let r = diff(
        &state(vec![team.clone(), want.clone()]),
        &state(vec![team.clone(), have.clone()]),
        &DiffOptions::new(mariadb()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);

    // The models drop the key but keep the column: the index goes too.
    let mut no_key = want.clone();
    no_key.constraints.pop();
    let r = round_trip(
        mariadb(),
        &state(vec![team.clone(), no_key]),
        &state(vec![team, have]),
    );
    assert_eq!(kinds(&r), ["remove_fk"]);
    assert_eq!(names(&r.upgrade), ["drop_constraint", "drop_index"]);
    assert_eq!(names(&r.downgrade), ["create_index", "create_foreign_key"]);
}

#[test]
fn unique_constraint_by_columns_and_mysql_unique_index() {
    let mut want = hero();
    want.constraints.push(Constraint::Unique {
        name: None,
        columns: vec!["name".into()],
    });
    let mut have_pg = hero();
    have_pg.constraints.push(Constraint::Unique {
        name: Some("hero_name_key".into()),
        columns: vec!["name".into()],
    });
    let r = diff(
        &state(vec![want.clone()]),
        &state(vec![have_pg]),
        &DiffOptions::new(pg()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);
    let mut have_my = hero();
    have_my.indexes.push(Index {
        name: Some("name".into()),
        parts: vec![IndexPart::Column("name".into())],
        unique: true,
        options: IndexOptions::default(),
    });
    let r = diff(
        &state(vec![want.clone()]),
        &state(vec![have_my.clone()]),
        &DiffOptions::new(mariadb()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);
    // Removed on MySQL: dropped as the index it is, restored as one.
    let r = round_trip(mariadb(), &state(vec![hero()]), &state(vec![have_my]));
    assert_eq!(kinds(&r), ["remove_index"]);
    assert_eq!(names(&r.upgrade), ["drop_index"]);
    // Added on PostgreSQL: dropped by the name PostgreSQL gives it.
    let r = diff(
        &state(vec![want]),
        &state(vec![hero()]),
        &DiffOptions::new(pg()),
    );
    match &r.downgrade[0] {
        Op::DropConstraint { name, .. } => assert_eq!(name, "hero_name_key"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn changed_index_is_dropped_and_created() {
    let ix = |unique| Index {
        name: Some("ix_hero_name".into()),
        parts: vec![IndexPart::Column("name".into())],
        unique,
        options: IndexOptions::default(),
    };
    let mut want = hero();
    want.indexes.push(ix(true));
    let mut have = hero();
    have.indexes.push(ix(false));
    let r = round_trip(pg(), &state(vec![want]), &state(vec![have]));
    assert_eq!(kinds(&r), ["remove_index", "add_index"]);
    assert_eq!(names(&r.upgrade), ["drop_index", "create_index"]);
}

fn status(values: &[&str]) -> SqlType {
    SqlType::Enum(EnumType::new(Some("status"), values))
}

#[test]
fn postgresql_enum_added_with_a_column() {
    let mut want = hero();
    want.columns
        .push(Column::new("status", status(&["a", "b"])));
    let mut desired = state(vec![want]);
    desired.insert_enum(None, "status", vec!["a".into(), "b".into()]);
    let r = round_trip(pg(), &desired, &state(vec![hero()]));
    assert_eq!(kinds(&r), ["add_enum", "add_column"]);
    assert_eq!(names(&r.upgrade), ["create_enum", "add_column"]);
    assert_eq!(names(&r.downgrade), ["drop_column", "drop_enum"]);
    let Op::AddColumn { column, .. } = &r.upgrade[1] else {
        panic!()
    };
    match &column.type_ {
        SqlType::Postgresql(PostgresqlType::Enum(e)) => assert!(!e.create_type),
        other => panic!("{other:?}"),
    }
    // Elsewhere there is no type to make.
    let r = diff(&desired, &state(vec![hero()]), &DiffOptions::new(sqlite()));
    assert_eq!(kinds(&r), ["add_column"]);
}

#[test]
fn postgresql_enum_new_values_rebuild_the_type() {
    let mut want = hero();
    want.columns
        .push(Column::new("status", status(&["a", "b", "c"])));
    let mut desired = state(vec![want]);
    desired.insert_enum(None, "status", vec!["a".into(), "b".into(), "c".into()]);
    let mut have = hero();
    have.columns.push(
        Column::new("status", status(&["a", "b"]))
            .default(ServerDefault::Text("'a'::status".into())),
    );
    let mut actual = state(vec![have]);
    actual.insert_enum(None, "status", vec!["a".into(), "b".into()]);
    let r = diff(&desired, &actual, &DiffOptions::new(pg()));
    assert_eq!(kinds(&r), ["modify_enum", "modify_default"]);
    let sql: Vec<String> = r
        .upgrade
        .iter()
        .filter_map(|o| match o {
            Op::Execute { sql } => Some(sql.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        sql,
        [
            "ALTER TYPE status RENAME TO status_old",
            "CREATE TYPE status AS ENUM ('a', 'b', 'c')",
            "ALTER TABLE hero ALTER COLUMN status DROP DEFAULT",
            "ALTER TABLE hero ALTER COLUMN status TYPE status USING status::text::status",
            "ALTER TABLE hero ALTER COLUMN status SET DEFAULT 'a'::status",
            "DROP TYPE status_old",
        ]
    );
}

#[test]
fn postgresql_enum_no_longer_used_is_dropped_last() {
    let mut have = hero();
    have.columns.push(Column::new("status", status(&["a"])));
    let mut actual = state(vec![have]);
    actual.insert_enum(None, "status", vec!["a".into()]);
    actual.insert_enum(None, "unrelated", vec!["x".into()]);
    let r = round_trip(pg(), &state(vec![hero()]), &actual);
    assert_eq!(kinds(&r), ["remove_column", "remove_enum"]);
    assert_eq!(names(&r.downgrade), ["create_enum", "add_column"]);
}

#[test]
fn removed_table_and_its_foreign_keys_go_before_column_drops() {
    let mut team = table(
        "team",
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("code", SqlType::Integer),
        ],
    );
    team.constraints.push(Constraint::Unique {
        name: Some("uq_team_code".into()),
        columns: vec!["code".into()],
    });
    let mut old = table(
        "old",
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("team_code", SqlType::Integer),
        ],
    );
    old.constraints.push(fk(
        &["team_code"],
        "team",
        &["code"],
        Some("old_team_code_fkey"),
    ));
    let slim = table(
        "team",
        vec![Column::new("id", SqlType::Integer).primary_key()],
    );
    let r = round_trip(pg(), &state(vec![slim]), &state(vec![team, old]));
    assert_eq!(
        names(&r.upgrade),
        ["drop_table", "drop_constraint", "drop_column"]
    );
    assert_eq!(
        names(&r.downgrade),
        ["add_column", "create_unique_constraint", "create_table"]
    );
}

#[test]
fn primary_key_change_is_a_note_not_an_operation() {
    let mut want = hero();
    want.set_primary_key(None, vec!["id".into(), "name".into()]);
    let r = diff(
        &state(vec![want]),
        &state(vec![hero()]),
        &DiffOptions::new(pg()),
    );
    assert!(r.upgrade.is_empty());
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(r.notes[0].contains("primary key of hero"));
}

#[test]
fn comments_where_the_database_keeps_them() {
    let mut want = hero();
    want.comment = Some("heroes".into());
    want.column_mut("name").unwrap().comment = Some("shown".into());
    let r = round_trip(pg(), &state(vec![want.clone()]), &state(vec![hero()]));
    assert_eq!(kinds(&r), ["modify_comment", "add_table_comment"]);
    let r = diff(
        &state(vec![want]),
        &state(vec![hero()]),
        &DiffOptions::new(sqlite()),
    );
    assert!(r.is_empty(), "{:?}", r.changes);
    let _ = ChangeKind::AddTable;
}

#[test]
fn changed_and_added_keys_are_dropped_by_the_names_the_database_reuses() {
    let owner = table(
        "owner",
        vec![Column::new("id", SqlType::Integer).primary_key()],
    );
    let cols = || {
        vec![
            Column::new("id", SqlType::Integer).primary_key(),
            Column::new("owner_id", SqlType::Integer),
            Column::new("vet_id", SqlType::Integer),
        ]
    };
    let mut have = table("pet", cols());
    let mut cascade = fk(&["owner_id"], "owner", &["id"], Some("pet_owner_id_fkey"));
    if let Constraint::ForeignKey(k) = &mut cascade {
        k.ondelete = Some("CASCADE".into());
    }
    have.constraints.push(cascade);
    let mut want = table("pet", cols());
    want.constraints
        .push(fk(&["owner_id"], "owner", &["id"], None));
    want.constraints
        .push(fk(&["vet_id"], "owner", &["id"], None));
    let r = diff(
        &state(vec![owner.clone(), want]),
        &state(vec![owner, have]),
        &DiffOptions::new(pg()),
    );
    let dropped: Vec<&str> = r
        .downgrade
        .iter()
        .filter_map(|o| match o {
            Op::DropConstraint { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(dropped, ["pet_vet_id_fkey", "pet_owner_id_fkey"]);
}

#[test]
fn sqlite_unnamed_constraints_are_dropped_through_a_naming_convention() {
    let owner = table(
        "owner",
        vec![Column::new("id", SqlType::Integer).primary_key()],
    );
    let columns = vec![
        Column::new("id", SqlType::Integer).primary_key(),
        Column::new("code", SqlType::Integer),
        Column::new("owner_id", SqlType::Integer),
    ];
    let unique = Constraint::Unique {
        name: None,
        columns: vec!["code".into()],
    };
    let key = fk(&["owner_id"], "owner", &["id"], None);
    let before = Table::from_create(None, "item", &columns, &[unique, key], None);
    let after = table("item", columns.clone());
    let d = round_trip(
        sqlite(),
        &state(vec![owner.clone(), after]),
        &state(vec![owner, before]),
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let batches: Vec<_> = d
        .upgrade
        .iter()
        .filter_map(|op| match op {
            Op::Batch(b) => Some((b.naming_convention.clone(), names(&b.ops))),
            _ => None,
        })
        .collect();
    assert_eq!(batches.len(), 2, "{:?}", d.upgrade);
    for (convention, ops) in &batches {
        assert_eq!(convention.len(), 1);
        assert_eq!(ops, &["drop_constraint"]);
    }
    let dropped: Vec<&str> = d
        .upgrade
        .iter()
        .filter_map(|op| match op {
            Op::Batch(b) => b.ops.first().and_then(|o| match o {
                Op::DropConstraint { name, .. } => Some(name.as_str()),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    assert_eq!(dropped, ["fk_item_owner_id_owner", "uq_item_code"]);
    // The convention gives the names the drops use.
    let mut named = Table::from_create(
        None,
        "item",
        &columns,
        &[
            Constraint::Unique {
                name: None,
                columns: vec!["code".into()],
            },
            fk(&["owner_id"], "owner", &["id"], None),
        ],
        None,
    );
    let convention = crate::naming::NamingConvention::from_pairs(
        batches.iter().flat_map(|(c, _)| c.iter().cloned()),
    );
    convention.name_unnamed(&mut named, DialectKind::Sqlite);
    let given: Vec<Option<&str>> = named
        .constraints
        .iter()
        .filter(|c| !matches!(c, Constraint::PrimaryKey { .. }))
        .map(crate::schema::constraint_name)
        .collect();
    assert_eq!(
        given,
        [Some("uq_item_code"), Some("fk_item_owner_id_owner")]
    );
}
