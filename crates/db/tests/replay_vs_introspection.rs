//! Schema replay against the database: a sequence of operations is run on
//! a real SQLite database (rendered with `render_op_in`, rebuilding tables
//! where SQLite needs it) and replayed on a `SchemaState`; every table read
//! back by introspection must equal its replayed shape, modulo spelling
//! (types and defaults compared as SQLite DDL, comments ignored: SQLite
//! keeps none).

use aludel_core::dialect::{render_op_in, Dialect, Layout, Sqlite};
use aludel_core::ops::{AlterColumn, BatchAlterTable, ConstraintKind, Op, Recreate};
use aludel_core::replay;
use aludel_core::schema::{
    Column, Constraint, ForeignKey, IndexOptions, IndexPart, SchemaState, ServerDefault, SqlType,
    Table,
};
use aludel_db::introspect::LiveShapes;
use aludel_db::url::DatabaseUrl;

fn create(table: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Op {
    Op::CreateTable {
        table: table.into(),
        schema: None,
        columns,
        constraints,
        comment: Some("kept by replay only".into()),
        if_not_exists: false,
    }
}

fn alter(table: &str, column: &str, f: impl FnOnce(&mut AlterColumn)) -> Op {
    let mut a = AlterColumn {
        table: table.into(),
        column: column.into(),
        ..Default::default()
    };
    f(&mut a);
    Op::AlterColumn(Box::new(a))
}

fn ops() -> Vec<Op> {
    let mut unique = Column::new("u", SqlType::Integer);
    unique.unique = true;
    let mut indexed = Column::new("i", SqlType::Integer);
    indexed.index = true;
    vec![
        create(
            "p",
            vec![
                Column::new("id", SqlType::Integer).primary_key(),
                Column::new("name", SqlType::string(20)),
            ],
            vec![],
        ),
        create(
            "t",
            vec![
                Column::new("id", SqlType::Integer).primary_key(),
                Column::new("a", SqlType::string(10))
                    .not_null()
                    .default(ServerDefault::Literal("x".into())),
                Column::new("b", SqlType::Integer),
                Column::new("pid", SqlType::Integer).references("p.id"),
                unique,
                indexed,
                Column::new("created", SqlType::DateTime { timezone: false }).default(
                    ServerDefault::Func {
                        name: "now".into(),
                        args: vec![],
                    },
                ),
            ],
            vec![Constraint::Check {
                name: Some("ck_b".into()),
                sqltext: "b > 0".into(),
            }],
        ),
        Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: Column::new(
                "c",
                SqlType::Numeric {
                    precision: Some(10),
                    scale: Some(2),
                },
            ),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
        Op::CreateIndex {
            name: "ix_t_b".into(),
            table: "t".into(),
            schema: None,
            parts: vec![IndexPart::Column("b".into())],
            unique: false,
            if_not_exists: false,
            options: IndexOptions::default(),
        },
        Op::Execute {
            sql: "INSERT INTO t (id, a, b, u, i) VALUES (1, 'one', 5, 1, 1)".into(),
        },
        alter("t", "a", |a| a.new_column_name = Some("title".into())),
        alter("t", "b", |a| a.type_ = Some(SqlType::string(5))),
        Op::CreateUniqueConstraint {
            name: Some("uq_t_c".into()),
            table: "t".into(),
            schema: None,
            columns: vec!["c".into()],
        },
        Op::Batch(Box::new(BatchAlterTable {
            table: "t".into(),
            schema: None,
            recreate: Recreate::Auto,
            ops: vec![
                Op::DropIndex {
                    name: "ix_t_i".into(),
                    table: Some("t".into()),
                    schema: None,
                    if_exists: false,
                    postgresql_concurrently: false,
                },
                Op::DropColumn {
                    table: "t".into(),
                    schema: None,
                    column: "i".into(),
                    if_exists: false,
                },
                alter("t", "created", |a| a.nullable = Some(false)),
            ],
            placements: vec![],
            naming_convention: Vec::new(),
        })),
        Op::CreateForeignKey {
            table: "t".into(),
            schema: None,
            key: ForeignKey {
                name: Some("fk_t_u".into()),
                ondelete: Some("CASCADE".into()),
                ..ForeignKey::new(&["u"], "p", &["id"])
            },
            postgresql_not_valid: false,
        },
        Op::DropConstraint {
            name: "ck_b".into(),
            table: "t".into(),
            schema: None,
            type_: Some(ConstraintKind::Check),
            if_exists: false,
        },
        Op::RenameTable {
            table: "t".into(),
            new_name: "t2".into(),
            schema: None,
        },
        Op::CreateCheckConstraint {
            name: Some("ck_title".into()),
            table: "t2".into(),
            schema: None,
            sqltext: "length(title) > 0".into(),
            postgresql_not_valid: false,
        },
        alter("p", "id", |a| a.new_column_name = Some("key".into())),
        Op::RenameTable {
            table: "p".into(),
            new_name: "parent".into(),
            schema: None,
        },
        create(
            "gone",
            vec![Column::new("id", SqlType::Integer).primary_key()],
            vec![],
        ),
        Op::DropTable {
            table: "gone".into(),
            schema: None,
            if_exists: false,
        },
    ]
}

/// A table reduced to what both sources can tell, in a comparable form.
fn comparable(t: &Table) -> (Vec<String>, Vec<String>, Vec<String>) {
    let d = Sqlite;
    let columns = t
        .columns
        .iter()
        .map(|c| {
            let default = c.server_default.as_ref().map(|v| {
                let text = d.default_value(v);
                // Reflection keeps an expression default in parentheses.
                text.strip_prefix('(')
                    .and_then(|x| x.strip_suffix(')'))
                    .map_or(text.clone(), str::to_string)
            });
            format!(
                "{} {} null={} pk={} default={default:?}",
                c.name,
                d.compile_type(&c.type_).unwrap_or_else(|e| e.to_string()),
                c.nullable,
                c.primary_key
            )
        })
        .collect();
    let mut constraints: Vec<String> = t.constraints.iter().map(|c| format!("{c:?}")).collect();
    constraints.sort();
    let mut indexes: Vec<String> = t.indexes.iter().map(|i| format!("{i:?}")).collect();
    indexes.sort();
    (columns, constraints, indexes)
}

#[test]
fn replayed_shapes_equal_introspected_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("replay.db");
    std::fs::File::create(&path).expect("create db file");
    let url = DatabaseUrl::parse(&format!("sqlite:///{}", path.display())).expect("url");
    let mut conn = aludel_db::driver::connect(&url).expect("connect");
    let mut state = SchemaState::new();
    let mut rebuilds = 0;
    for op in ops() {
        let rendered = {
            let mut shapes = LiveShapes::new(conn.as_mut());
            render_op_in(&Sqlite, &op, &mut shapes, Layout::Online)
                .unwrap_or_else(|e| panic!("{}: {e}", op.name()))
        };
        for stmt in &rendered.statements {
            conn.run(stmt)
                .unwrap_or_else(|e| panic!("{}: {e}", op.name()));
        }
        replay::apply(&mut state, &op).unwrap_or_else(|e| panic!("replay: {e}"));
        if let Some(rebuilt) = rendered.rebuilt {
            rebuilds += 1;
            // What the rebuild says it made is what the replay has.
            let replayed = state.get(rebuilt.schema.as_deref(), &rebuilt.name);
            let replayed = replayed.expect("rebuilt table is replayed");
            assert_eq!(
                comparable(&rebuilt).0,
                comparable(replayed).0,
                "{}",
                op.name()
            );
        }
    }
    assert!(rebuilds >= 4, "only {rebuilds} rebuilds");
    let names: Vec<String> = state.tables().map(|t| t.name.clone()).collect();
    assert_eq!(names, ["parent", "t2"]);
    assert!(conn
        .table_shape(None, "gone")
        .expect("introspect")
        .is_none());
    for replayed in state.tables() {
        let live = conn
            .table_shape(None, &replayed.name)
            .expect("introspect")
            .expect("table exists");
        assert_eq!(
            comparable(&live),
            comparable(replayed),
            "table {}",
            replayed.name
        );
    }
}
