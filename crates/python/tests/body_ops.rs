//! Unit tests of the body evaluator: each construct evaluated from source
//! text, asserting the exact `Op` values (or the error and where it points).

use std::path::Path;

use aludel_core::dialect::DialectKind;
use aludel_core::ops::{
    AlterColumn, BatchAlterTable, ColumnPlacement, ConstraintKind, Op, Recreate,
};
use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, Literal,
    MysqlType, PostgresqlType, ServerDefault, SqlType, UpperType,
};
use aludel_python::body::{BodyContext, BodyError, RevisionBody};

const HEADER: &str = "import sqlalchemy as sa\nimport sqlmodel\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql, mysql\n\n";

fn ctx(dialect: DialectKind) -> BodyContext {
    BodyContext {
        mariadb: false,
        dialect,
        offline: true,
        sqlalchemy_20: false,
    }
}

/// Evaluates `upgrade()` whose body is `body` (4-space indented lines) on `dialect`.
fn run_on(dialect: DialectKind, body: &str) -> Result<Vec<Op>, BodyError> {
    let src = format!("{HEADER}def upgrade():\n{}", indent(body));
    let parsed = RevisionBody::parse(Path::new("v.py"), &src)?;
    Ok(parsed
        .evaluate("upgrade", &ctx(dialect))?
        .into_iter()
        .map(|l| l.op)
        .collect())
}

fn run(body: &str) -> Vec<Op> {
    match run_on(DialectKind::Postgresql, body) {
        Ok(ops) => ops,
        Err(e) => panic!("evaluation failed:\n{e}"),
    }
}

fn one(body: &str) -> Op {
    let mut ops = run(body);
    assert_eq!(ops.len(), 1, "{ops:?}");
    ops.remove(0)
}

fn fail(body: &str) -> BodyError {
    match run_on(DialectKind::Postgresql, body) {
        Ok(ops) => panic!("expected an error, got {ops:?}"),
        Err(e) => e,
    }
}

fn indent(body: &str) -> String {
    body.lines().map(|l| format!("    {l}\n")).collect()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

#[test]
fn autogenerate_create_table() {
    let op = one("op.create_table('hero',\n\
         sa.Column('id', sa.Integer(), nullable=False),\n\
         sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),\n\
         sa.Column('status', sa.Enum('active', 'banned', name='status'), nullable=False),\n\
         sa.Column('bio', sa.Text(), nullable=True, comment='biography'),\n\
         sa.Column('team_id', sa.Integer(), nullable=True),\n\
         sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),\n\
         sa.PrimaryKeyConstraint('id')\n\
         )");
    let mut fk = ForeignKey::new(&["team_id"], "team", &["id"]);
    fk.ondelete = s("CASCADE");
    assert_eq!(
        op,
        Op::CreateTable {
            table: "hero".into(),
            schema: None,
            columns: vec![
                Column::new("id", SqlType::Integer).not_null(),
                Column::new("name", SqlType::AutoString { length: Some(100) }).not_null(),
                Column::new(
                    "status",
                    SqlType::Enum(EnumType::new(Some("status"), &["active", "banned"]))
                )
                .not_null(),
                Column::new("bio", SqlType::Text { collation: None }).comment("biography"),
                Column::new("team_id", SqlType::Integer),
            ],
            constraints: vec![
                Constraint::ForeignKey(fk),
                Constraint::PrimaryKey {
                    name: None,
                    columns: vec!["id".into()]
                },
            ],
            comment: None,
            if_not_exists: false,
        }
    );
}

fn alter(table: &str, column: &str) -> AlterColumn {
    AlterColumn {
        table: table.into(),
        column: column.into(),
        ..AlterColumn::default()
    }
}

fn exec(sql: &str) -> Op {
    Op::Execute { sql: sql.into() }
}

#[test]
fn simple_table_ops() {
    let ops = run(
        "op.drop_table('a')\n\
         op.drop_table('b', schema='s', if_exists=True)\n\
         op.rename_table('a', 'b')\n\
         op.add_column('t', sa.Column('c', sa.Integer(), nullable=False, server_default='0'), schema='s')\n\
         op.drop_column('t', 'c', if_exists=True)",
    );
    assert_eq!(
        ops,
        vec![
            Op::DropTable {
                table: "a".into(),
                schema: None,
                if_exists: false
            },
            Op::DropTable {
                table: "b".into(),
                schema: s("s"),
                if_exists: true
            },
            Op::RenameTable {
                table: "a".into(),
                new_name: "b".into(),
                schema: None
            },
            Op::AddColumn {
                table: "t".into(),
                schema: s("s"),
                column: Column::new("c", SqlType::Integer)
                    .not_null()
                    .default(ServerDefault::Literal("0".into())),
                if_not_exists: false,
                inline_references: false,
                inline_primary_key: false,
            },
            Op::DropColumn {
                table: "t".into(),
                schema: None,
                column: "c".into(),
                if_exists: true
            },
        ]
    );
}

#[test]
fn alter_column_arguments() {
    let op = one("op.alter_column('hero', 'score',\n\
                        existing_type=sa.FLOAT(),\n\
                        type_=sa.Integer(),\n\
                        existing_nullable=False,\n\
                        nullable=True,\n\
                        server_default=sa.text('0'),\n\
                        existing_server_default='1',\n\
                        new_column_name='points',\n\
                        comment=None,\n\
                        existing_comment='old',\n\
                        postgresql_using='score::integer')");
    let mut want = alter("hero", "score");
    want.existing_type = Some(SqlType::Upper(UpperType::Float));
    want.type_ = Some(SqlType::Integer);
    want.existing_nullable = Some(false);
    want.nullable = Some(true);
    want.server_default = Some(Some(ServerDefault::Text("0".into())));
    want.existing_server_default = Some(ServerDefault::Literal("1".into()));
    want.new_column_name = s("points");
    want.comment = Some(None);
    want.existing_comment = s("old");
    want.postgresql_using = s("score::integer");
    assert_eq!(op, Op::AlterColumn(Box::new(want)));

    // Alembic's `False` sentinels mean "unchanged"; None drops the default.
    let op =
        one("op.alter_column(table_name='t', column_name='c', server_default=None, comment=False)");
    let mut want = alter("t", "c");
    want.server_default = Some(None);
    assert_eq!(op, Op::AlterColumn(Box::new(want)));
}

#[test]
fn index_ops() {
    let ops = run(
        "op.create_index(op.f('ix_t_a'), 't', ['a', sa.text('lower(b)')], unique=True, if_not_exists=True, postgresql_where=sa.text('a > 0'), postgresql_using='gin', postgresql_concurrently=True)\n\
         op.drop_index(op.f('ix_t_a'), table_name='t', postgresql_concurrently=True, if_exists=True)\n\
         op.drop_index('ix_x')",
    );
    assert_eq!(
        ops,
        vec![
            Op::CreateIndex {
                name: "ix_t_a".into(),
                table: "t".into(),
                schema: None,
                parts: vec![
                    IndexPart::Column("a".into()),
                    IndexPart::Expression("lower(b)".into())
                ],
                unique: true,
                if_not_exists: true,
                options: IndexOptions {
                    postgresql_where: s("a > 0"),
                    postgresql_using: s("gin"),
                    postgresql_concurrently: true,
                    ..IndexOptions::default()
                },
            },
            Op::DropIndex {
                name: "ix_t_a".into(),
                table: s("t"),
                schema: None,
                if_exists: true,
                postgresql_concurrently: true
            },
            Op::DropIndex {
                name: "ix_x".into(),
                table: None,
                schema: None,
                if_exists: false,
                postgresql_concurrently: false
            },
        ]
    );
}

#[test]
fn constraint_ops() {
    let ops = run(
        "op.create_unique_constraint('uq', 't', ['a', 'b'], schema='s')\n\
         op.create_foreign_key('fk', 'src', 'dst', ['a'], ['id'], ondelete='CASCADE', onupdate='SET NULL', deferrable=True, initially='DEFERRED', match='FULL', source_schema='s1', referent_schema='s2')\n\
         op.create_check_constraint('ck', 't', 'a > 0')\n\
         op.create_check_constraint(None, 't', sa.column('a') >= 5)\n\
         op.create_primary_key('pk', 't', ['id'])\n\
         op.drop_constraint('fk', 'src', type_='foreignkey')\n\
         op.drop_constraint('uq', 't', 'unique', if_exists=True)\n\
         op.create_table_comment('t', 'c', existing_comment='o')\n\
         op.drop_table_comment('t', existing_comment='c')",
    );
    let mut fk = ForeignKey::new(&["a"], "dst", &["id"]);
    fk.name = s("fk");
    fk.referent_schema = s("s2");
    fk.ondelete = s("CASCADE");
    fk.onupdate = s("SET NULL");
    fk.deferrable = Some(true);
    fk.initially = s("DEFERRED");
    fk.match_ = s("FULL");
    assert_eq!(
        ops,
        vec![
            Op::CreateUniqueConstraint {
                name: s("uq"),
                table: "t".into(),
                schema: s("s"),
                columns: vec!["a".into(), "b".into()]
            },
            Op::CreateForeignKey {
                table: "src".into(),
                schema: s("s1"),
                key: fk,
                postgresql_not_valid: false,
            },
            Op::CreateCheckConstraint {
                name: s("ck"),
                table: "t".into(),
                schema: None,
                sqltext: "a > 0".into(),
                postgresql_not_valid: false,
            },
            Op::CreateCheckConstraint {
                name: None,
                table: "t".into(),
                schema: None,
                sqltext: "a >= 5".into(),
                postgresql_not_valid: false,
            },
            Op::CreatePrimaryKey {
                name: s("pk"),
                table: "t".into(),
                schema: None,
                columns: vec!["id".into()]
            },
            Op::DropConstraint {
                name: "fk".into(),
                table: "src".into(),
                schema: None,
                type_: Some(ConstraintKind::ForeignKey),
                if_exists: false
            },
            Op::DropConstraint {
                name: "uq".into(),
                table: "t".into(),
                schema: None,
                type_: Some(ConstraintKind::Unique),
                if_exists: true
            },
            Op::CreateTableComment {
                table: "t".into(),
                schema: None,
                comment: "c".into(),
                existing_comment: s("o")
            },
            Op::DropTableComment {
                table: "t".into(),
                schema: None,
                existing_comment: s("c")
            },
        ]
    );
}

#[test]
fn drop_constraint_none_is_an_error_at_the_argument() {
    let e = fail("op.drop_constraint(None, 'hero', type_='foreignkey')");
    assert_eq!((e.location().line, e.location().column), (7, 24));
    assert!(e.message().contains("None"), "{e}");
    assert!(e.hint().contains("no name"), "{e}");
}

#[test]
fn column_arguments_and_foreign_keys() {
    let op = one(
        "op.create_table('t',\n\
         sa.Column('id', sa.Integer, primary_key=True, autoincrement=False),\n\
         sa.Column('o', sa.Integer(), sa.ForeignKey('other.id', name='fk_o', ondelete='CASCADE', onupdate='RESTRICT'), index=True, unique=True, default=5),\n\
         sa.Column('n', sa.Integer()),\n\
         sa.Column('at', sa.DateTime(), server_default=sa.func.now(), comment='when'),\n\
         sa.Column('b', sa.Boolean(), server_default=sa.false()),\n\
         sa.PrimaryKeyConstraint('id', 'n', name='pk_t'),\n\
         sa.UniqueConstraint('o', 'n', name='uq_t'),\n\
         sa.CheckConstraint('n > 0', name='ck_t'),\n\
         sa.ForeignKeyConstraint(['n'], ['s.other.id'], name='fk_n', deferrable=False),\n\
         schema='s', comment='table', if_not_exists=True)",
    );
    let mut id = Column::new("id", SqlType::Integer).primary_key();
    id.autoincrement = Some(false);
    let mut o = Column::new("o", SqlType::Integer);
    o.foreign_keys = vec![ColumnForeignKey {
        target: "other.id".into(),
        name: s("fk_o"),
        ondelete: s("CASCADE"),
        onupdate: s("RESTRICT"),
    }];
    o.index = true;
    o.unique = true;
    let mut fk = ForeignKey::new(&["n"], "other", &["id"]);
    fk.name = s("fk_n");
    fk.referent_schema = s("s");
    fk.deferrable = Some(false);
    assert_eq!(
        op,
        Op::CreateTable {
            table: "t".into(),
            schema: s("s"),
            columns: vec![
                id,
                o,
                // In the primary key without nullable=: NOT NULL, as SQLAlchemy makes it.
                Column::new("n", SqlType::Integer).not_null(),
                Column::new("at", SqlType::DateTime { timezone: false })
                    .default(ServerDefault::Func {
                        name: "now".into(),
                        args: vec![]
                    })
                    .comment("when"),
                Column::new("b", SqlType::Boolean).default(ServerDefault::Text("false".into())),
            ],
            constraints: vec![
                Constraint::PrimaryKey {
                    name: s("pk_t"),
                    columns: vec!["id".into(), "n".into()]
                },
                Constraint::Unique {
                    name: s("uq_t"),
                    columns: vec!["o".into(), "n".into()]
                },
                Constraint::Check {
                    name: s("ck_t"),
                    sqltext: "n > 0".into()
                },
                Constraint::ForeignKey(fk),
            ],
            comment: s("table"),
            if_not_exists: true,
        }
    );
}

#[test]
fn index_inside_create_table_follows_the_table() {
    let ops = run(
        "op.create_table('t', sa.Column('a', sa.Integer()), sa.Index('ix_t_a', 'a', unique=True))",
    );
    assert_eq!(ops.len(), 2);
    assert_eq!(
        ops[1],
        Op::CreateIndex {
            name: "ix_t_a".into(),
            table: "t".into(),
            schema: None,
            parts: vec![IndexPart::Column("a".into())],
            unique: true,
            if_not_exists: false,
            options: IndexOptions::default(),
        }
    );
}

fn column_type(expr: &str) -> SqlType {
    match one(&format!("op.add_column('t', sa.Column('c', {expr}))")) {
        Op::AddColumn { column, .. } => column.type_,
        other => panic!("{other:?}"),
    }
}

#[test]
fn type_spellings() {
    let cases: Vec<(&str, SqlType)> = vec![
        ("sa.Integer", SqlType::Integer),
        ("sa.Integer()", SqlType::Integer),
        ("sa.types.BigInteger()", SqlType::BigInteger),
        ("sa.String(10 * 1024)", SqlType::string(10240)),
        (
            "sa.String(length=5, collation='C')",
            SqlType::String {
                length: Some(5),
                collation: s("C"),
            },
        ),
        (
            "sa.String()",
            SqlType::String {
                length: None,
                collation: None,
            },
        ),
        (
            "sqlmodel.sql.sqltypes.AutoString()",
            SqlType::AutoString { length: None },
        ),
        (
            "sqlmodel.AutoString(length=7)",
            SqlType::AutoString { length: Some(7) },
        ),
        ("sqlmodel.sql.sqltypes.GUID()", SqlType::Guid),
        ("sqlmodel.sql.sqltypes.UTCDateTime()", SqlType::UtcDateTime),
        (
            "sqlmodel.sql.sqltypes.types.Uuid()",
            SqlType::Uuid { as_uuid: true },
        ),
        ("sa.Uuid(as_uuid=False)", SqlType::Uuid { as_uuid: false }),
        (
            "sa.DateTime(timezone=True)",
            SqlType::DateTime { timezone: true },
        ),
        (
            "sa.TIMESTAMP(timezone=True)",
            SqlType::Upper(UpperType::Timestamp { timezone: true }),
        ),
        (
            "sa.VARCHAR(length=100)",
            SqlType::Upper(UpperType::Varchar(Some(100))),
        ),
        (
            "sa.DOUBLE_PRECISION(precision=53)",
            SqlType::Upper(UpperType::DoublePrecision),
        ),
        (
            "sa.Numeric(10, 2)",
            SqlType::Numeric {
                precision: Some(10),
                scale: Some(2),
            },
        ),
        (
            "sa.ARRAY(sa.Integer())",
            SqlType::Array(Box::new(SqlType::Integer)),
        ),
        (
            "postgresql.UUID(as_uuid=True)",
            SqlType::Postgresql(PostgresqlType::Uuid),
        ),
        (
            "postgresql.JSONB(astext_type=sa.Text())",
            SqlType::Postgresql(PostgresqlType::Jsonb),
        ),
        (
            "postgresql.TIMESTAMP(timezone=True)",
            SqlType::Postgresql(PostgresqlType::Timestamp { timezone: true }),
        ),
        (
            "postgresql.ARRAY(sa.String())",
            SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::String {
                length: None,
                collation: None,
            }))),
        ),
        ("postgresql.INTEGER()", SqlType::Upper(UpperType::Integer)),
        (
            "mysql.DATETIME(fsp=6)",
            SqlType::Mysql(MysqlType::Datetime(Some(6))),
        ),
        ("mysql.MEDIUMTEXT()", SqlType::Mysql(MysqlType::Mediumtext)),
        (
            "mysql.TINYINT(1)",
            SqlType::Mysql(MysqlType::Tinyint(Some(1))),
        ),
    ];
    for (expr, want) in cases {
        assert_eq!(column_type(expr), want, "{expr}");
    }
    let mut e = EnumType::new(Some("kind"), &["a", "b"]);
    e.create_type = false;
    assert_eq!(
        column_type("postgresql.ENUM('a', 'b', name='kind', create_type=False)"),
        SqlType::Postgresql(PostgresqlType::Enum(e))
    );
    let mut e = EnumType::new(None, &["x"]);
    e.native_enum = false;
    e.create_constraint = true;
    assert_eq!(
        column_type("sa.Enum('x', native_enum=False, create_constraint=True)"),
        SqlType::Enum(e)
    );
}

#[test]
fn unknown_types_and_python_enums_are_errors() {
    let e = fail("op.add_column('t', sa.Column('c', sa.Frobnicate()))");
    assert!(e.message().contains("sqlalchemy.Frobnicate"), "{e}");
    let e = fail("op.add_column('t', sa.Column('c', sa.Enum(sa.Kind, name='k')))");
    assert!(e.message().contains("Python class"), "{e}");
}

#[test]
fn op_f_names_are_shortened_per_dialect() {
    let long = format!("ix_{}", "x".repeat(70));
    let body = format!(
        "op.create_index(op.f('{long}'), 't', ['a'])\nop.create_index('{long}', 't', ['a'])"
    );
    let name = |d| match &run_on(d, &body).unwrap_or_else(|e| panic!("{e}"))[..] {
        [Op::CreateIndex { name: a, .. }, Op::CreateIndex { name: b, .. }] => {
            (a.clone(), b.clone())
        }
        other => panic!("{other:?}"),
    };
    let (pg, plain) = name(DialectKind::Postgresql);
    assert_eq!(pg.chars().count(), 60);
    assert!(
        pg.starts_with(&long[..55]) && pg.as_bytes()[55] == b'_',
        "{pg}"
    );
    // Plain names pass unchanged: the renderer rejects them as SQLAlchemy does.
    assert_eq!(plain, long);
    let (my, _) = name(DialectKind::Mysql);
    assert_eq!(my.chars().count(), 61);
    let (lite, _) = name(DialectKind::Sqlite);
    assert_eq!(lite, long);
}

#[test]
fn batch_blocks() {
    let op = one(
        "with op.batch_alter_table('hero', schema=None, recreate='always') as batch_op:\n\
         \x20   batch_op.add_column(sa.Column('nick', sa.String(length=50), nullable=True), insert_after='name')\n\
         \x20   batch_op.alter_column('name', existing_type=sa.VARCHAR(length=100), nullable=True)\n\
         \x20   batch_op.create_index(batch_op.f('ix_hero_nick'), ['nick'], unique=False)\n\
         \x20   batch_op.drop_index('ix_old')\n\
         \x20   batch_op.create_unique_constraint('uq', ['nick'])\n\
         \x20   batch_op.create_foreign_key('fk', 'team', ['team_id'], ['id'], ondelete='CASCADE')\n\
         \x20   batch_op.create_check_constraint('ck', 'length(nick) > 1')\n\
         \x20   batch_op.create_primary_key('pk', ['id'])\n\
         \x20   batch_op.drop_constraint('uq_old', type_='unique')\n\
         \x20   batch_op.drop_column('legacy')\n\
         \x20   batch_op.create_table_comment('c')\n\
         \x20   batch_op.drop_table_comment()",
    );
    let Op::Batch(b) = op else { panic!("{op:?}") };
    let mut want_alter = alter("hero", "name");
    want_alter.existing_type = Some(SqlType::Upper(UpperType::Varchar(Some(100))));
    want_alter.nullable = Some(true);
    let mut fk = ForeignKey::new(&["team_id"], "team", &["id"]);
    fk.name = s("fk");
    fk.ondelete = s("CASCADE");
    assert_eq!(
        *b,
        BatchAlterTable {
            table: "hero".into(),
            schema: None,
            recreate: Recreate::Always,
            ops: vec![
                Op::AddColumn {
                    table: "hero".into(),
                    schema: None,
                    column: Column::new("nick", SqlType::string(50)),
                    if_not_exists: false,
                    inline_references: false,
                    inline_primary_key: false
                },
                Op::AlterColumn(Box::new(want_alter)),
                Op::CreateIndex {
                    name: "ix_hero_nick".into(),
                    table: "hero".into(),
                    schema: None,
                    parts: vec![IndexPart::Column("nick".into())],
                    unique: false,
                    if_not_exists: false,
                    options: IndexOptions::default()
                },
                Op::DropIndex {
                    name: "ix_old".into(),
                    table: s("hero"),
                    schema: None,
                    if_exists: false,
                    postgresql_concurrently: false
                },
                Op::CreateUniqueConstraint {
                    name: s("uq"),
                    table: "hero".into(),
                    schema: None,
                    columns: vec!["nick".into()]
                },
                Op::CreateForeignKey {
                    table: "hero".into(),
                    schema: None,
                    key: fk,
                    postgresql_not_valid: false,
                },
                Op::CreateCheckConstraint {
                    name: s("ck"),
                    table: "hero".into(),
                    schema: None,
                    sqltext: "length(nick) > 1".into(),
                    postgresql_not_valid: false,
                },
                Op::CreatePrimaryKey {
                    name: s("pk"),
                    table: "hero".into(),
                    schema: None,
                    columns: vec!["id".into()]
                },
                Op::DropConstraint {
                    name: "uq_old".into(),
                    table: "hero".into(),
                    schema: None,
                    type_: Some(ConstraintKind::Unique),
                    if_exists: false
                },
                Op::DropColumn {
                    table: "hero".into(),
                    schema: None,
                    column: "legacy".into(),
                    if_exists: false
                },
                Op::CreateTableComment {
                    table: "hero".into(),
                    schema: None,
                    comment: "c".into(),
                    existing_comment: None
                },
                Op::DropTableComment {
                    table: "hero".into(),
                    schema: None,
                    existing_comment: None
                },
            ],
            placements: vec![ColumnPlacement {
                column: "nick".into(),
                before: None,
                after: s("name")
            }],
            naming_convention: Vec::new(),
        }
    );
}

#[test]
fn batch_errors() {
    let e = fail(
        "with op.batch_alter_table('t', copy_from=sa.Table('t')) as b:\n    b.drop_column('x')",
    );
    assert!(
        e.message().contains("copy_from") || e.message().contains("Table"),
        "{e}"
    );
    let e = fail(
        "with op.batch_alter_table('t', naming_convention=['uq']) as b:\n    b.drop_column('x')",
    );
    assert!(e.message().contains("naming_convention"), "{e}");
    let e = fail(
        "with op.batch_alter_table('t', naming_convention={'uq': 1}) as b:\n    b.drop_column('x')",
    );
    assert!(e.message().contains("naming_convention"), "{e}");
    let ops = run("with op.batch_alter_table('t', naming_convention={'uq': 'uq_%(table_name)s'}) as b:\n    b.drop_constraint('uq_t')");
    let Op::Batch(b) = &ops[0] else {
        panic!("{ops:?}")
    };
    assert_eq!(
        b.naming_convention,
        [("uq".to_string(), "uq_%(table_name)s".to_string())]
    );
    let e = fail("with op.batch_alter_table('t') as b:\n    pass\nb.drop_column('x')");
    assert!(e.message().contains("after its `with` block"), "{e}");
}

#[test]
fn ops_inside_a_batch_block_come_before_the_block() {
    let ops = run(
        "with op.batch_alter_table('t') as b:\n    b.drop_column('x')\n    op.execute('SELECT 1')",
    );
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0], exec("SELECT 1"));
    assert!(matches!(&ops[1], Op::Batch(b) if b.ops.len() == 1));
}

#[test]
fn execute_and_text() {
    let ops = run("op.execute('UPDATE t SET a = 1')\n\
         op.execute(sa.text('UPDATE t SET a = :a WHERE b = :b').bindparams(a=5, b=\"x :y\"))\n\
         conn = op.get_bind()\n\
         conn.execute(sa.text('DELETE FROM t WHERE a = :a'), {'a': 1})\n\
         op.get_bind().execute(sa.text('SELECT 1'))");
    assert_eq!(
        ops,
        vec![
            exec("UPDATE t SET a = 1"),
            exec("UPDATE t SET a = 5 WHERE b = 'x \\:y'"),
            // Offline, Alembic's mock connection drops the parameters.
            exec("DELETE FROM t WHERE a = :a"),
            exec("SELECT 1"),
        ]
    );
    let online = RevisionBody::parse(Path::new("v.py"), &format!("{HEADER}def upgrade():\n    op.get_bind().execute(sa.text('DELETE FROM t WHERE a = :a'), {{'a': 'x'}})\n"))
        .unwrap_or_else(|e| panic!("{e}"))
        .evaluate("upgrade", &BodyContext {
        mariadb: false, dialect: DialectKind::Mysql, offline: false , sqlalchemy_20: false})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(online[0].op, exec("DELETE FROM t WHERE a = 'x'"));
}

#[test]
fn reading_results_is_an_error() {
    let e = fail("rows = op.get_bind().execute(sa.text('SELECT id FROM t')).fetchall()");
    assert!(e.message().contains("reading the result"), "{e}");
    let e = fail("r = op.get_bind().execute(sa.text('SELECT 1'))\nfor row in r:\n    pass");
    assert!(e.message().contains("reading the result"), "{e}");
}

#[test]
fn data_statements_render_for_the_dialect() {
    let body = "t = sa.table('t', sa.column('id', sa.Integer), sa.column('on', sa.Boolean), sa.column('name', sa.String))\n\
                op.execute(t.update().where(t.c.id == 1).values(on=True, name=t.c.name + 'x'))\n\
                op.execute(t.delete().where(t.c.name.in_(['a', 'b']), t.c.on.is_(None)))\n\
                op.execute(t.insert().values(id=op.inline_literal(2), name=\"it's\"))";
    let sqlite = run_on(DialectKind::Sqlite, body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        sqlite,
        vec![
            exec("UPDATE t SET \"on\"=1, name=(t.name || 'x') WHERE t.id = 1"),
            exec("DELETE FROM t WHERE t.name IN ('a', 'b') AND t.\"on\" IS NULL"),
            exec("INSERT INTO t (id, name) VALUES (2, 'it''s')"),
        ]
    );
    let mysql = run_on(DialectKind::Mysql, body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        mysql[0],
        exec("UPDATE t SET `on`=true, name=(concat(t.name, 'x')) WHERE t.id = 1")
    );
}

#[test]
fn bulk_insert_rows() {
    let op = one(
        "accounts = sa.table('accounts', sa.column('id', sa.Integer), sa.column('v', sa.Float), sa.column('s'), schema='x')\n\
         op.bulk_insert(accounts, [{'id': 1, 'v': 1.50, 's': None}, {'id': -2, 'v': 1e20, 's': 'a'}, {'v': 0.0001}, {'v': 1e-05}, {'s': True}])",
    );
    let row = |pairs: Vec<(&str, Literal)>| {
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Vec<_>>()
    };
    let f = |x: &str| Literal::Float(x.into());
    assert_eq!(
        op,
        Op::BulkInsert {
            table: "accounts".into(),
            schema: s("x"),
            columns: vec!["id".into(), "v".into(), "s".into()],
            rows: vec![
                row(vec![
                    ("id", Literal::Int(1)),
                    ("v", f("1.5")),
                    ("s", Literal::Null)
                ]),
                row(vec![
                    ("id", Literal::Int(-2)),
                    ("v", f("1e+20")),
                    ("s", Literal::Str("a".into()))
                ]),
                row(vec![("v", f("0.0001"))]),
                row(vec![("v", f("1e-05"))]),
                row(vec![("s", Literal::Bool(true))]),
            ],
        }
    );
}

#[test]
fn enums_created_and_dropped() {
    let src = format!(
        "{HEADER}mood = postgresql.ENUM('a', 'b', name='mood')\n\
         def upgrade():\n    mood.create(op.get_bind())\n    sa.Enum('x', name='e').create(op.get_bind(), checkfirst=True)\n\
         def downgrade():\n    mood.drop(op.get_bind(), checkfirst=False)\n    sa.Enum(name='e').drop(op.get_bind())\n"
    );
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    let pg = ctx(DialectKind::Postgresql);
    let up: Vec<Op> = body
        .evaluate("upgrade", &pg)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|l| l.op)
        .collect();
    assert_eq!(
        up,
        vec![
            Op::CreateEnum {
                name: "mood".into(),
                schema: None,
                values: vec!["a".into(), "b".into()],
                checkfirst: true
            },
            Op::CreateEnum {
                name: "e".into(),
                schema: None,
                values: vec!["x".into()],
                checkfirst: true
            },
        ]
    );
    let down: Vec<Op> = body
        .evaluate("downgrade", &pg)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|l| l.op)
        .collect();
    assert_eq!(
        down,
        vec![
            Op::DropEnum {
                name: "mood".into(),
                schema: None,
                checkfirst: false
            },
            Op::DropEnum {
                name: "e".into(),
                schema: None,
                checkfirst: false
            },
        ]
    );
    // SQLAlchemy cannot render CREATE TYPE for MySQL: Alembic fails there.
    assert!(body.evaluate("upgrade", &ctx(DialectKind::Mysql)).is_err());
}

#[test]
fn loops_branches_and_names() {
    let src = format!(
        "{HEADER}TABLES = ['a', 'b']\nPREFIX = 'ix'\n\
         def upgrade():\n\
         \x20   for t in TABLES:\n\
         \x20       op.create_index(f'{{PREFIX}}_{{t}}_id', t, ['id'])\n\
         \x20   for t, c in (('x', 'y'),):\n\
         \x20       op.drop_column(t, c)\n\
         \x20   bind = op.get_bind()\n\
         \x20   if bind.dialect.name == 'postgresql':\n\
         \x20       op.execute('SELECT pg')\n\
         \x20   elif op.get_context().dialect.name in ('mysql', 'mariadb'):\n\
         \x20       op.execute('SELECT my')\n\
         \x20   else:\n\
         \x20       op.execute('SELECT other')\n\
         \x20   if op.get_bind().dialect.name != 'sqlite':\n\
         \x20       return\n\
         \x20   op.execute('SELECT lite')\n"
    );
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    let names = |d| -> Vec<String> {
        body.evaluate("upgrade", &ctx(d))
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|l| match l.op {
                Op::CreateIndex { name, .. } => name,
                Op::DropColumn { table, column, .. } => format!("{table}.{column}"),
                Op::Execute { sql } => sql,
                other => format!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(
        names(DialectKind::Postgresql),
        ["ix_a_id", "ix_b_id", "x.y", "SELECT pg"]
    );
    assert_eq!(
        names(DialectKind::Mysql),
        ["ix_a_id", "ix_b_id", "x.y", "SELECT my"]
    );
    assert_eq!(
        names(DialectKind::Sqlite),
        ["ix_a_id", "ix_b_id", "x.y", "SELECT other", "SELECT lite"]
    );
}

#[test]
fn located_ops_point_at_their_call() {
    let src = format!("{HEADER}def upgrade():\n    pass\n    op.drop_table('a')\n    with op.batch_alter_table('t') as b:\n        b.drop_column('x')\n");
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    let ops = body
        .evaluate("upgrade", &ctx(DialectKind::Sqlite))
        .unwrap_or_else(|e| panic!("{e}"));
    let at: Vec<(usize, usize)> = ops.iter().map(|l| (l.line, l.column)).collect();
    assert_eq!(at, [(8, 5), (9, 5)]);
}

#[test]
fn unsupported_constructs_name_themselves_and_where() {
    let cases = [
        (
            "insp = sa.inspect(op.get_bind())",
            "sqlalchemy.inspect",
            (7, 12),
        ),
        ("x = 1\ndel x", "`del` statement", (8, 5)),
        (
            "cols = {c: 1 for c in ['a']}",
            "dict comprehensions",
            (7, 12),
        ),
        ("while True:\n    pass", "`while` loop", (7, 5)),
        ("helper()", "not defined", (7, 5)),
        (
            "from app.models import User\nUser.query()",
            "app.models.User",
            (8, 5),
        ),
        ("op.drop_table(undefined_name)", "undefined_name", (7, 19)),
        (
            "raise NotImplementedError()",
            "upgrade() of this revision raises NotImplementedError",
            (7, 5),
        ),
        (
            "op.sync_enum_values('a', 'b', [], [])",
            "op.sync_enum_values()",
            (7, 5),
        ),
        (
            "op.create_table('t', mysql_engine='InnoDB')",
            "mysql_engine",
            (7, 26),
        ),
        (
            "x = op.get_bind().dialect.server_version_info",
            "server_version_info",
            (7, 9),
        ),
        (
            "if len(op.get_bind().execute(sa.text('SELECT 1')).fetchall()):\n    pass",
            "reading the result",
            (7, 12),
        ),
    ];
    for (body, needle, (line, column)) in cases {
        let e = fail(body);
        let text = e.to_string();
        assert!(text.contains(needle), "{body}: {text}");
        assert_eq!(
            (e.location().line, e.location().column),
            (line, column),
            "{body}: {text}"
        );
        assert!(!e.hint().is_empty(), "{body}: no hint");
        assert!(
            text.starts_with(&format!("v.py:{line}:{column}: ")),
            "{text}"
        );
    }
}

#[test]
fn module_level_failures_surface_only_where_used() {
    let src = format!(
        "{HEADER}from app import settings\nURL = settings.DATABASE_URL\ntry:\n    import foo\nexcept ImportError:\n    foo = None\n\
         def upgrade():\n    op.drop_table('a')\n\
         def downgrade():\n    op.drop_table(URL)\n"
    );
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body.evaluate("upgrade", &ctx(DialectKind::Sqlite))
            .map(|v| v.len()),
        Ok(1)
    );
    let e = body
        .evaluate("downgrade", &ctx(DialectKind::Sqlite))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("app.settings") || e.contains("settings"), "{e}");
}

#[test]
fn syntax_errors_and_missing_functions() {
    let e = RevisionBody::parse(Path::new("v.py"), "def upgrade(:\n    pass\n")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.starts_with("v.py:1:"), "{e}");
    assert!(e.contains("invalid Python syntax"), "{e}");
    let body = RevisionBody::parse(Path::new("v.py"), "x = 1\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(!body.has_function("upgrade"));
    let e = body
        .evaluate("upgrade", &ctx(DialectKind::Sqlite))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("no `upgrade()`"), "{e}");
}

#[test]
fn multi_engine_function_names() {
    let src = format!("{HEADER}def upgrade_engine1():\n    op.drop_table('a')\ndef upgrade_engine2():\n    pass\n");
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body.evaluate("upgrade_engine1", &ctx(DialectKind::Sqlite))
            .map(|v| v.len()),
        Ok(1)
    );
    assert_eq!(
        body.evaluate("upgrade_engine2", &ctx(DialectKind::Sqlite))
            .map(|v| v.len()),
        Ok(0)
    );
}

#[test]
fn create_table_returns_the_table_for_bulk_insert() {
    let ops = run(
        "t = op.create_table('kinds', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(10)))\n\
         op.bulk_insert(t, [{'id': 1, 'name': 'a'}])",
    );
    assert_eq!(ops.len(), 2);
    assert_eq!(
        ops[1],
        Op::BulkInsert {
            table: "kinds".into(),
            schema: None,
            columns: vec!["id".into(), "name".into()],
            rows: vec![vec![
                ("id".into(), Literal::Int(1)),
                ("name".into(), Literal::Str("a".into()))
            ]],
        }
    );
}

fn run_online(dialect: DialectKind, body: &str) -> Result<Vec<Op>, BodyError> {
    let src = format!("{HEADER}def upgrade():\n{}", indent(body));
    let parsed = RevisionBody::parse(Path::new("v.py"), &src)?;
    let ctx = BodyContext {
        mariadb: false,
        dialect,
        offline: false,
        sqlalchemy_20: false,
    };
    Ok(parsed
        .evaluate("upgrade", &ctx)?
        .into_iter()
        .map(|l| l.op)
        .collect())
}

#[test]
fn bulk_insert_json_values() {
    let body = "t = sa.table('d', sa.column('id', sa.Integer), sa.column('meta', sa.JSON()), sa.column('j', postgresql.JSONB))\n\
                op.bulk_insert(t, [{'id': 1, 'meta': {'tags': ['a', 'é'], 'n': 1.5, 'x': None}, 'j': [True]}, {'id': 2, 'meta': None, 'j': 'x'}])";
    let ops = run_online(DialectKind::Postgresql, body).unwrap_or_else(|e| panic!("{e}"));
    let Op::BulkInsert { rows, .. } = &ops[0] else {
        panic!("{ops:?}")
    };
    assert_eq!(
        rows[0][1],
        (
            "meta".to_string(),
            Literal::Str(r#"{"tags": ["a", "\u00e9"], "n": 1.5, "x": null}"#.into())
        )
    );
    assert_eq!(rows[0][2], ("j".to_string(), Literal::Str("[true]".into())));
    // SQLAlchemy's JSON type stores None as JSON null.
    assert_eq!(
        rows[1][1],
        ("meta".to_string(), Literal::Str("null".into()))
    );
    assert_eq!(rows[1][2], ("j".to_string(), Literal::Str("\"x\"".into())));
    // Offline Alembic has no literal renderer for JSON.
    let e = run_on(DialectKind::Postgresql, body)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("cannot be printed offline"), "{e}");
}

#[test]
fn bulk_insert_rows_with_different_keys_fail_online_only() {
    let body = "t = sa.table('d', sa.column('id', sa.Integer), sa.column('n', sa.Integer))\n\
                op.bulk_insert(t, [{'id': 1, 'n': 2}, {'id': 2}])";
    assert!(run_on(DialectKind::Sqlite, body).is_ok());
    let e = run_online(DialectKind::Sqlite, body)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("rows set different columns"), "{e}");
    let ok = body.replace("{'id': 2}])", "{'id': 2}], multiinsert=False)");
    assert!(run_online(DialectKind::Sqlite, &ok).is_ok());
}

#[test]
fn percent_formatting_over_literals() {
    let ops = run("TABLE = 'users'\n\
         op.execute('UPDATE %s SET n = %d WHERE name = %r' % (TABLE, 5, \"o'k\"))\n\
         op.execute('DELETE FROM %(t)s' % {'t': TABLE})\n\
         op.execute('SELECT %s' % 1.5)");
    assert_eq!(
        ops,
        vec![
            exec("UPDATE users SET n = 5 WHERE name = \"o'k\""),
            exec("DELETE FROM users"),
            exec("SELECT 1.5"),
        ]
    );
    let e = fail("op.execute('%s %s' % ('a',))");
    assert!(e.message().contains("formatting failed"), "{e}");
}

#[test]
fn string_methods() {
    let ops = run("T = 'users'\n\
         op.execute('UPDATE {} SET a = {x} WHERE b = {0}'.format(T, x=1))\n\
         op.execute(', '.join(['a', 'b']).upper())\n\
         op.execute(' x-y '.strip().replace('-', '_'))");
    assert_eq!(
        ops,
        vec![
            exec("UPDATE users SET a = 1 WHERE b = users"),
            exec("A, B"),
            exec("x_y")
        ]
    );
    let e = fail("op.execute('{:>5}'.format(1))");
    assert!(e.message().contains("conversion, spec"), "{e}");
}

#[test]
fn nesting_is_bounded_with_an_error() {
    // Realistic nesting evaluates...
    let ok = "for t in ['a']:\n    if True:\n        with op.batch_alter_table(t) as b:\n            b.add_column(sa.Column('c', postgresql.ARRAY(sa.Enum('x', name='e')), server_default=sa.text(str(len([[1]])))))";
    assert_eq!(run(ok).len(), 1);
    // ...absurd nesting is an error, never a stack overflow.
    let deep = format!("x = {}1{}", "[".repeat(500), "]".repeat(500));
    let e = fail(&deep);
    assert!(e.message().contains("nested too deeply"), "{e}");
}

#[test]
fn parsed_bodies_can_be_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<RevisionBody>();
    send_sync::<BodyError>();
    send_sync::<aludel_python::body::LocatedOp>();
    let src = format!("{HEADER}def upgrade():\n    op.drop_table('a')\n");
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap_or_else(|e| panic!("{e}"));
    let body = &body;
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = [DialectKind::Sqlite, DialectKind::Mysql]
            .into_iter()
            .map(|d| {
                s.spawn(move || {
                    body.evaluate("upgrade", &ctx(d))
                        .map(|v| v.len())
                        .unwrap_or(0)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(counts, [1, 1]);
}

#[test]
fn error_kinds_separate_unsupported_from_failing() {
    use aludel_python::body::BodyErrorKind;
    assert_eq!(
        fail("insp = sa.inspect(op.get_bind())").kind(),
        BodyErrorKind::Unsupported
    );
    assert_eq!(fail("x = 1\ndel x").kind(), BodyErrorKind::Unsupported);
    assert_eq!(
        fail("raise NotImplementedError()").kind(),
        BodyErrorKind::Fails
    );
    assert_eq!(
        fail("op.drop_constraint(None, 't')").kind(),
        BodyErrorKind::Fails
    );
    assert_eq!(
        fail("op.drop_table(undefined)").kind(),
        BodyErrorKind::Fails
    );
    let e = RevisionBody::parse(Path::new("v.py"), "def upgrade(:\n").err();
    assert_eq!(e.map(|e| e.kind()), Some(BodyErrorKind::Syntax));
    let body = RevisionBody::parse(Path::new("v.py"), "x = 1\n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body.evaluate("downgrade", &ctx(DialectKind::Sqlite))
            .err()
            .map(|e| e.kind()),
        Some(BodyErrorKind::Fails)
    );
}

#[test]
fn autocommit_block_offline_and_online() {
    let body =
        "with op.get_context().autocommit_block():\n    op.execute(\"ALTER TYPE s ADD VALUE 'x'\")";
    let block = vec![Op::Autocommit(vec![exec("ALTER TYPE s ADD VALUE 'x'")])];
    assert_eq!(run(body), block);
    assert_eq!(run_on(DialectKind::Sqlite, body), Ok(block.clone()));
    assert_eq!(run_online(DialectKind::Postgresql, body).ok(), Some(block));
}

#[test]
fn func_spellings() {
    let ops = run(
        "from sqlalchemy import func\n\
         from sqlalchemy.sql import functions\n\
         op.add_column('t', sa.Column('a', sa.DateTime(), server_default=func.now()))\n\
         op.add_column('t', sa.Column('b', sa.DateTime(), server_default=sa.sql.func.current_timestamp()))\n\
         op.add_column('t', sa.Column('c', sa.DateTime(), server_default=functions.func.now()))\n\
         op.add_column('t', sa.Column('d', sa.DateTime(), server_default=sqlmodel.func.now()))",
    );
    let names: Vec<String> = ops
        .iter()
        .map(|o| match o {
            Op::AddColumn { column, .. } => match &column.server_default {
                Some(ServerDefault::Func { name, .. }) => name.clone(),
                other => format!("{other:?}"),
            },
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(names, ["now", "current_timestamp", "now", "now"]);
}

#[test]
fn enumerate_and_zip_over_literal_lists() {
    let ops = run(
        "for i, name in enumerate(['home', 'work'], 1):\n    op.execute(f\"INSERT INTO tag VALUES ({i}, '{name}')\")\n\
         for code, label in zip(('a', 'b', 'c'), ['A', 'B']):\n    op.execute(f\"UPDATE t SET label = '{label}' WHERE code = '{code}'\")",
    );
    assert_eq!(
        ops,
        vec![
            exec("INSERT INTO tag VALUES (1, 'home')"),
            exec("INSERT INTO tag VALUES (2, 'work')"),
            exec("UPDATE t SET label = 'A' WHERE code = 'a'"),
            exec("UPDATE t SET label = 'B' WHERE code = 'b'"),
        ]
    );
    let e = run_on(
        DialectKind::Postgresql,
        "for x in zip(['a'], 'bc'):\n    pass",
    )
    .unwrap_err();
    assert!(e.to_string().contains("zip() over"), "{e}");
    let e = run_on(
        DialectKind::Postgresql,
        "for x in enumerate(['a'], 'x'):\n    pass",
    )
    .unwrap_err();
    assert!(e.to_string().contains("enumerate() starting at"), "{e}");
}

#[test]
fn list_comprehensions_over_literals() {
    let ops = run("c = 'kept'\n\
         names = [f'ix_t_{c}' for c in ['a', 'b', 'c'] if c != 'b']\n\
         for n in names:\n    op.drop_index(n, table_name='t')\n\
         pairs = [(x, y) for x in (1, 2) for y in 'ab']\n\
         op.execute(', '.join(f'{x}{y}' for x, y in pairs))\n\
         op.execute(c)");
    let names: Vec<String> = ops
        .iter()
        .filter_map(|o| match o {
            Op::DropIndex { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["ix_t_a", "ix_t_c"]);
    assert_eq!(ops[2], exec("1a, 1b, 2a, 2b"));
    // The comprehension's own `c` does not replace the function's.
    assert_eq!(ops[3], exec("kept"));
}

#[test]
fn unnamed_index_in_create_table_gets_sqlalchemy_default_name() {
    let ops = run(
        "op.create_table('task', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('owner', sa.Integer()), sa.Index(None, 'owner'))",
    );
    assert!(
        matches!(&ops[1], Op::CreateIndex { name, .. } if name == "ix_task_owner"),
        "{ops:?}"
    );
    let e = fail(
        "op.create_table('task', sa.Column('id', sa.Integer()), sa.Index(None, sa.text('lower(x)')))",
    );
    assert!(e.message().contains("sa.Index(None"), "{e}");
}

/// `context.is_offline_mode()` is the run's mode: `--sql` takes one branch,
/// a live run the other.
#[test]
fn offline_mode_is_the_runs() {
    let src = format!("{HEADER}from alembic import context\n\ndef upgrade():\n    if context.is_offline_mode():\n        op.execute('SELECT 1')\n    else:\n        op.execute('SELECT 2')\n");
    let body = RevisionBody::parse(Path::new("v.py"), &src).unwrap();
    for (offline, sql) in [(true, "SELECT 1"), (false, "SELECT 2")] {
        let ops = body
            .evaluate(
                "upgrade",
                &BodyContext {
                    offline,
                    ..ctx(DialectKind::Sqlite)
                },
            )
            .unwrap();
        assert_eq!(ops.len(), 1);
        assert_eq!(
            ops[0].op,
            Op::Execute {
                sql: sql.to_string()
            }
        );
    }
}

/// `__name__` is the module name Alembic imports the file under, so a
/// module logger works; log calls produce no operation.
#[test]
fn module_name_and_logging() {
    let src = format!("{HEADER}import logging\nlog = logging.getLogger(__name__)\nNAME = __name__\n\ndef upgrade():\n    log.info('%s', NAME)\n    op.execute(NAME)\n");
    let body = RevisionBody::parse(Path::new("1a2b-add x.py"), &src).unwrap();
    let ops = body.evaluate("upgrade", &ctx(DialectKind::Sqlite)).unwrap();
    assert_eq!(ops.len(), 1);
    assert_eq!(
        ops[0].op,
        Op::Execute {
            sql: "1a2b_add_x_py".to_string()
        }
    );
}

/// A `try` whose body returns still runs `finally`; `except*` is refused.
#[test]
fn try_runs_body_else_and_finally() {
    let ops = run("try:\n    op.execute('SELECT 1')\nexcept ValueError:\n    op.execute('SELECT 0')\nelse:\n    op.execute('SELECT 2')\nfinally:\n    op.execute('SELECT 3')");
    let sql: Vec<String> = ops
        .iter()
        .map(|o| match o {
            Op::Execute { sql } => sql.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sql, ["SELECT 1", "SELECT 2", "SELECT 3"]);
    let err = run_on(
        DialectKind::Sqlite,
        "try:\n    pass\nexcept* ValueError:\n    pass",
    )
    .unwrap_err();
    assert!(err.to_string().contains("except*"), "{err}");
}

/// Dialect-only types keep what their database prints and are written back
/// as the call that makes them.
#[test]
fn dialect_only_types_round_trip_through_the_writer() {
    use aludel_python::writer::{write_ops, WriteOptions};
    let cases = [
        (
            DialectKind::Postgresql,
            "postgresql.INTERVAL(precision=3, fields='DAY TO SECOND')",
            "INTERVAL DAY TO SECOND (3)",
        ),
        (
            DialectKind::Postgresql,
            "postgresql.BIT(8, varying=True)",
            "BIT VARYING(8)",
        ),
        (DialectKind::Postgresql, "postgresql.TSVECTOR()", "TSVECTOR"),
        (
            DialectKind::Mysql,
            "mysql.SET('a', \"it's\")",
            "SET('a','it''s')",
        ),
        (DialectKind::Mysql, "mysql.YEAR(4)", "YEAR(4)"),
    ];
    for (dialect, written, sql) in cases {
        let op = run_on(
            dialect,
            &format!("op.add_column('t', sa.Column('c', {written}))"),
        )
        .unwrap()
        .remove(0);
        let Op::AddColumn { column, .. } = &op else {
            panic!("{op:?}")
        };
        assert_eq!(dialect.dialect().compile_type(&column.type_).unwrap(), sql);
        let text = write_ops(std::slice::from_ref(&op), &WriteOptions::default())
            .unwrap()
            .text;
        let body: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| format!("{}\n", l.trim_start()))
            .collect();
        let again = run_on(dialect, &body).unwrap().remove(0);
        assert_eq!(again, op, "{text}");
    }
}

/// `sa.Identity` / `sa.Computed` columns are written back as written.
#[test]
fn generated_columns_round_trip_through_the_writer() {
    use aludel_python::writer::{write_ops, WriteOptions};
    for written in [
        "sa.Column('id', sa.Integer(), sa.Identity(always=True, start=10, increment=5, cycle=False), nullable=False)",
        "sa.Column('b', sa.Integer(), sa.Computed('a * 2', persisted=True), nullable=True)",
    ] {
        let op = run(&format!("op.add_column('t', {written})")).remove(0);
        let text = write_ops(std::slice::from_ref(&op), &WriteOptions::default())
            .unwrap()
            .text;
        let body: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| format!("{}\n", l.trim_start()))
            .collect();
        assert_eq!(run(&body).remove(0), op, "{text}");
    }
}
