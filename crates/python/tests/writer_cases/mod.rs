//! Operation lists the writer tests share: every `Op` variant, every
//! `SqlType` variant and the options of each.

#![allow(dead_code)]

use aludel_core::ops::{
    AlterColumn, BatchAlterTable, ColumnPlacement, ConstraintKind, Op, Recreate,
};
use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, Literal,
    MysqlType, PostgresqlType, ServerDefault, SqlType, SqliteType, UpperType,
};

pub fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

pub fn table(name: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Op {
    Op::CreateTable {
        table: name.into(),
        schema: None,
        columns,
        constraints,
        comment: None,
        if_not_exists: false,
    }
}

pub fn alter(table: &str, column: &str) -> AlterColumn {
    AlterColumn {
        table: table.into(),
        column: column.into(),
        ..AlterColumn::default()
    }
}

pub fn add(table: &str, column: Column) -> Op {
    Op::AddColumn {
        table: table.into(),
        schema: None,
        column,
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    }
}

pub fn drop_col(table: &str, column: &str) -> Op {
    Op::DropColumn {
        table: table.into(),
        schema: None,
        column: column.into(),
        if_exists: false,
    }
}

pub fn index(name: &str, table: &str, parts: Vec<IndexPart>) -> Op {
    Op::CreateIndex {
        name: name.into(),
        table: table.into(),
        schema: None,
        parts,
        unique: false,
        if_not_exists: false,
        options: IndexOptions::default(),
    }
}

pub fn drop_index(name: &str, table: &str) -> Op {
    Op::DropIndex {
        name: name.into(),
        table: s(table),
        schema: None,
        if_exists: false,
        postgresql_concurrently: false,
    }
}

pub fn col(name: &str) -> IndexPart {
    IndexPart::Column(name.into())
}

pub fn id() -> Column {
    Column::new("id", SqlType::Integer).not_null()
}

pub fn pk(columns: &[&str]) -> Constraint {
    Constraint::PrimaryKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
    }
}

/// Every `SqlType` variant, with and without its arguments.
pub fn all_types() -> Vec<SqlType> {
    let e = EnumType::new(Some("mood"), &["happy", "sad", "it's"]);
    let mut non_native = e.clone();
    non_native.native_enum = false;
    non_native.create_constraint = true;
    let unnamed = EnumType::new(None, &["a", "b"]);
    let mut pg_no_create = EnumType::new(Some("tier"), &["free", "pro"]);
    pg_no_create.create_type = false;
    let mut pg_constraint = EnumType::new(Some("tier2"), &["x"]);
    pg_constraint.create_constraint = true;
    vec![
        SqlType::Integer,
        SqlType::BigInteger,
        SqlType::SmallInteger,
        SqlType::String {
            length: None,
            collation: None,
        },
        SqlType::string(50),
        SqlType::String {
            length: Some(20),
            collation: s("C"),
        },
        SqlType::String {
            length: None,
            collation: s("utf8mb4_bin"),
        },
        SqlType::Text { collation: None },
        SqlType::Text { collation: s("C") },
        SqlType::Unicode { length: None },
        SqlType::Unicode { length: Some(10) },
        SqlType::UnicodeText,
        SqlType::Boolean,
        SqlType::Date,
        SqlType::DateTime { timezone: false },
        SqlType::DateTime { timezone: true },
        SqlType::Time { timezone: false },
        SqlType::Time { timezone: true },
        SqlType::Float { precision: None },
        SqlType::Float {
            precision: Some(10),
        },
        SqlType::Double,
        SqlType::Numeric {
            precision: None,
            scale: None,
        },
        SqlType::Numeric {
            precision: Some(10),
            scale: None,
        },
        SqlType::Numeric {
            precision: Some(10),
            scale: Some(2),
        },
        SqlType::Enum(e.clone()),
        SqlType::Enum(non_native),
        SqlType::Enum(unnamed),
        SqlType::Uuid { as_uuid: true },
        SqlType::Uuid { as_uuid: false },
        SqlType::Json,
        SqlType::LargeBinary { length: None },
        SqlType::LargeBinary { length: Some(16) },
        SqlType::Interval,
        SqlType::Array(Box::new(SqlType::Integer)),
        SqlType::Array(Box::new(SqlType::string(5))),
        SqlType::PickleType,
        SqlType::AutoString { length: None },
        SqlType::AutoString { length: Some(255) },
        SqlType::Guid,
        SqlType::UtcDateTime,
        SqlType::Upper(UpperType::Varchar(None)),
        SqlType::Upper(UpperType::Varchar(Some(100))),
        SqlType::Upper(UpperType::Char(Some(3))),
        SqlType::Upper(UpperType::Nvarchar(Some(30))),
        SqlType::Upper(UpperType::Integer),
        SqlType::Upper(UpperType::BigInt),
        SqlType::Upper(UpperType::SmallInt),
        SqlType::Upper(UpperType::Text),
        SqlType::Upper(UpperType::Boolean),
        SqlType::Upper(UpperType::Timestamp { timezone: false }),
        SqlType::Upper(UpperType::Timestamp { timezone: true }),
        SqlType::Upper(UpperType::Datetime),
        SqlType::Upper(UpperType::Date),
        SqlType::Upper(UpperType::Time),
        SqlType::Upper(UpperType::Float),
        SqlType::Upper(UpperType::Real),
        SqlType::Upper(UpperType::Double),
        SqlType::Upper(UpperType::DoublePrecision),
        SqlType::Upper(UpperType::Numeric(Some(12), Some(4))),
        SqlType::Upper(UpperType::Numeric(None, None)),
        SqlType::Upper(UpperType::Decimal(Some(5), None)),
        SqlType::Upper(UpperType::Blob),
        SqlType::Upper(UpperType::Json),
        SqlType::Upper(UpperType::Uuid),
        SqlType::Postgresql(PostgresqlType::Jsonb),
        SqlType::Postgresql(PostgresqlType::Uuid),
        SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::Text {
            collation: None,
        }))),
        SqlType::Postgresql(PostgresqlType::Timestamp { timezone: false }),
        SqlType::Postgresql(PostgresqlType::Timestamp { timezone: true }),
        SqlType::Postgresql(PostgresqlType::Enum(e)),
        SqlType::Postgresql(PostgresqlType::Enum(pg_no_create)),
        SqlType::Postgresql(PostgresqlType::Enum(pg_constraint)),
        SqlType::Postgresql(PostgresqlType::Inet),
        SqlType::Postgresql(PostgresqlType::Bytea),
        SqlType::Postgresql(PostgresqlType::DoublePrecision),
        SqlType::Mysql(MysqlType::Tinyint(None)),
        SqlType::Mysql(MysqlType::Tinyint(Some(1))),
        SqlType::Mysql(MysqlType::Longtext),
        SqlType::Mysql(MysqlType::Mediumtext),
        SqlType::Mysql(MysqlType::Datetime(None)),
        SqlType::Mysql(MysqlType::Datetime(Some(6))),
        SqlType::Mysql(MysqlType::Enum(vec!["ADMIN".into(), "USER".into()])),
        SqlType::Mysql(MysqlType::Timestamp(None)),
        SqlType::Mysql(MysqlType::Timestamp(Some(3))),
        SqlType::Mysql(MysqlType::Tinytext),
        SqlType::Mysql(MysqlType::Mediumint(None)),
        SqlType::Mysql(MysqlType::Mediumint(Some(8))),
        SqlType::Mysql(MysqlType::Longblob),
        SqlType::Mysql(MysqlType::Mediumblob),
        SqlType::Sqlite(SqliteType::Json),
        SqlType::Reflected("VARCHAR(10)".into()),
        SqlType::Reflected("INTEGER".into()),
        SqlType::Reflected("NUMERIC(10, 2)".into()),
        SqlType::Reflected("DOUBLE PRECISION".into()),
        SqlType::Reflected("DATETIME".into()),
    ]
}

fn full_fk() -> ForeignKey {
    ForeignKey {
        name: s("fk_hero_team_id_team"),
        columns: vec!["team_id".into(), "team_org".into()],
        referent_schema: s("core"),
        referent_table: "team".into(),
        referent_columns: vec!["id".into(), "org".into()],
        ondelete: s("CASCADE"),
        onupdate: s("SET NULL"),
        deferrable: Some(true),
        initially: s("DEFERRED"),
        match_: s("FULL"),
    }
}

/// Named cases, each a list of operations.
pub fn cases() -> Vec<(&'static str, Vec<Op>)> {
    let types: Vec<Column> = all_types()
        .into_iter()
        .enumerate()
        .map(|(i, t)| Column::new(&format!("c{i}"), t))
        .collect();
    let mut team_fk = ForeignKey::new(&["team_id"], "team", &["id"]);
    team_fk.ondelete = s("CASCADE");
    let mut not_deferrable = ForeignKey::new(&["b"], "other", &["id"]);
    not_deferrable.deferrable = Some(false);
    let hero = Op::CreateTable {
        table: "hero".into(),
        schema: s("app"),
        columns: vec![
            id(),
            Column::new("name", SqlType::AutoString { length: Some(100) }).not_null(),
            Column::new(
                "status",
                SqlType::Enum(EnumType::new(Some("status"), &["active", "banned"])),
            )
            .not_null()
            .default(ServerDefault::Literal("active".into())),
            Column::new("bio", SqlType::Text { collation: None }).comment("it's \"the\" bio\n"),
            Column::new("team_id", SqlType::Integer),
            Column::new("created", SqlType::DateTime { timezone: true })
                .not_null()
                .default(ServerDefault::Func {
                    name: "now".into(),
                    args: vec![],
                }),
            Column::new("score", SqlType::Float { precision: None })
                .default(ServerDefault::Text("0.5".into())),
            {
                let mut c = Column::new("seq", SqlType::BigInteger).not_null();
                c.autoincrement = Some(false);
                c
            },
        ],
        constraints: vec![
            Constraint::Check {
                name: s("ck_hero_score"),
                sqltext: "score >= 0 AND name <> ''".into(),
            },
            Constraint::Check {
                name: None,
                sqltext: "seq > 0".into(),
            },
            Constraint::ForeignKey(team_fk),
            Constraint::PrimaryKey {
                name: s("pk_hero"),
                columns: vec!["id".into()],
            },
            Constraint::Unique {
                name: s("uq_hero_name"),
                columns: vec!["name".into(), "team_id".into()],
            },
            Constraint::Unique {
                name: None,
                columns: vec!["seq".into()],
            },
        ],
        comment: s("heroes"),
        if_not_exists: true,
    };
    let inline_columns = Op::CreateTable {
        table: "inline".into(),
        schema: None,
        columns: vec![
            Column::new("id", SqlType::Integer).primary_key(),
            {
                let mut c = Column::new("team_id", SqlType::Integer);
                c.foreign_keys.push(ColumnForeignKey {
                    target: "core.team.id".into(),
                    name: s("fk_inline_team"),
                    ondelete: s("CASCADE"),
                    onupdate: s("NO ACTION"),
                });
                c.unique = true;
                c
            },
            {
                let mut c = Column::new("code", SqlType::string(8)).references("codes.code");
                c.index = true;
                c
            },
            {
                let mut c = Column::new("auto", SqlType::Integer);
                c.autoincrement = Some(true);
                c
            },
            Column::new("b", SqlType::Integer),
            Column::new("team_org", SqlType::Integer),
        ],
        constraints: vec![
            Constraint::ForeignKey(not_deferrable),
            Constraint::ForeignKey(full_fk()),
        ],
        comment: None,
        if_not_exists: false,
    };
    let mut full_alter = alter("hero", "score");
    full_alter.schema = s("app");
    full_alter.existing_type = Some(SqlType::Upper(UpperType::Float));
    full_alter.type_ = Some(SqlType::Numeric {
        precision: Some(10),
        scale: Some(2),
    });
    full_alter.nullable = Some(false);
    full_alter.server_default = Some(Some(ServerDefault::Text("0".into())));
    full_alter.comment = Some(Some("the score".into()));
    full_alter.existing_comment = s("old");
    full_alter.new_column_name = s("points");
    full_alter.postgresql_using = s("score::numeric(10, 2)");
    let mut drop_default = alter("hero", "name");
    drop_default.server_default = Some(None);
    drop_default.comment = Some(None);
    drop_default.existing_type = Some(SqlType::Upper(UpperType::Varchar(Some(100))));
    drop_default.existing_nullable = Some(true);
    let mut existing_only = alter("hero", "created");
    existing_only.nullable = Some(true);
    existing_only.existing_type = Some(SqlType::Postgresql(PostgresqlType::Timestamp {
        timezone: true,
    }));
    existing_only.existing_server_default = Some(ServerDefault::Func {
        name: "now".into(),
        args: vec![],
    });
    let mut keep_default = alter("hero", "status");
    keep_default.existing_server_default = Some(ServerDefault::Literal("active".into()));
    keep_default.existing_nullable = Some(false);
    keep_default.type_ = Some(SqlType::Mysql(MysqlType::Enum(vec![
        "active".into(),
        "banned".into(),
        "gone".into(),
    ])));
    keep_default.existing_type = Some(SqlType::Mysql(MysqlType::Enum(vec![
        "active".into(),
        "banned".into(),
    ])));

    let full_index = Op::CreateIndex {
        name: "ix_hero_lower_name".into(),
        table: "hero".into(),
        schema: s("app"),
        parts: vec![IndexPart::Expression("lower(name)".into()), col("team_id")],
        unique: true,
        if_not_exists: true,
        options: IndexOptions {
            postgresql_where: s("team_id IS NOT NULL"),
            postgresql_using: s("btree"),
            postgresql_concurrently: true,
            sqlite_where: s("team_id > 0"),
            mysql_length: Some(10),
            ..IndexOptions::default()
        },
    };

    let batch = Op::Batch(Box::new(BatchAlterTable {
        table: "hero".into(),
        schema: s("app"),
        recreate: Recreate::Always,
        ops: vec![
            Op::AddColumn {
                table: "hero".into(),
                schema: s("app"),
                column: Column::new("power", SqlType::Integer),
                if_not_exists: true,
                inline_references: false,
                inline_primary_key: false,
            },
            Op::AddColumn {
                table: "hero".into(),
                schema: s("app"),
                column: Column::new("rank", SqlType::SmallInteger),
                if_not_exists: false,
                inline_references: false,
                inline_primary_key: false,
            },
            Op::AlterColumn(Box::new({
                let mut a = full_alter.clone();
                a.postgresql_using = None;
                a
            })),
            Op::DropColumn {
                table: "hero".into(),
                schema: s("app"),
                column: "bio".into(),
                if_exists: true,
            },
            Op::CreateIndex {
                name: "ix_hero_power".into(),
                table: "hero".into(),
                schema: s("app"),
                parts: vec![col("power")],
                unique: false,
                if_not_exists: false,
                options: IndexOptions::default(),
            },
            Op::DropIndex {
                name: "ix_hero_name".into(),
                table: s("hero"),
                schema: s("app"),
                if_exists: true,
                postgresql_concurrently: false,
            },
            Op::CreateUniqueConstraint {
                name: s("uq_hero_power"),
                table: "hero".into(),
                schema: s("app"),
                columns: vec!["power".into()],
            },
            Op::CreateForeignKey {
                table: "hero".into(),
                schema: s("app"),
                key: full_fk(),
                postgresql_not_valid: false,
            },
            Op::CreateCheckConstraint {
                name: s("ck_power"),
                table: "hero".into(),
                schema: s("app"),
                sqltext: "power > 0".into(),
                postgresql_not_valid: false,
            },
            Op::CreatePrimaryKey {
                name: s("pk_hero"),
                table: "hero".into(),
                schema: s("app"),
                columns: vec!["id".into(), "power".into()],
            },
            Op::DropConstraint {
                name: "uq_old".into(),
                table: "hero".into(),
                schema: s("app"),
                type_: Some(ConstraintKind::Unique),
                if_exists: false,
            },
            Op::CreateTableComment {
                table: "hero".into(),
                schema: s("app"),
                comment: "heroes".into(),
                existing_comment: None,
            },
            Op::DropTableComment {
                table: "hero".into(),
                schema: s("app"),
                existing_comment: s("heroes"),
            },
        ],
        placements: vec![
            ColumnPlacement {
                column: "power".into(),
                before: s("name"),
                after: None,
            },
            ColumnPlacement {
                column: "rank".into(),
                before: None,
                after: s("power"),
            },
        ],
        naming_convention: Vec::new(),
    }));
    let empty_batch = Op::Batch(Box::new(BatchAlterTable {
        table: "t".into(),
        schema: None,
        recreate: Recreate::Never,
        ops: vec![],
        placements: vec![],
        naming_convention: vec![("uq".into(), "uq_%(table_name)s_%(column_0_N_name)s".into())],
    }));

    vec![
        ("empty", vec![]),
        ("create_table_full", vec![hero]),
        (
            "create_table_plain",
            vec![
                table(
                    "team",
                    vec![
                        id(),
                        Column::new("name", SqlType::AutoString { length: None }).not_null(),
                    ],
                    vec![pk(&["id"])],
                ),
                {
                    let mut o = index("ix_team_name", "team", vec![col("name")]);
                    if let Op::CreateIndex { unique, .. } = &mut o {
                        *unique = true;
                    }
                    o
                },
            ],
        ),
        ("create_table_inline_columns", vec![inline_columns]),
        (
            "create_table_every_type",
            vec![table("types", types, vec![])],
        ),
        (
            "drop_and_rename_tables",
            vec![
                Op::DropTable {
                    table: "old".into(),
                    schema: None,
                    if_exists: false,
                },
                Op::DropTable {
                    table: "older".into(),
                    schema: s("archive"),
                    if_exists: true,
                },
                Op::RenameTable {
                    table: "a".into(),
                    new_name: "b".into(),
                    schema: s("app"),
                },
                Op::RenameTable {
                    table: "c".into(),
                    new_name: "d".into(),
                    schema: None,
                },
            ],
        ),
        (
            "columns",
            vec![
                add(
                    "hero",
                    Column::new("email", SqlType::string(320))
                        .not_null()
                        .default(ServerDefault::Literal("'quoted'".into())),
                ),
                Op::AddColumn {
                    table: "hero".into(),
                    schema: s("app"),
                    column: {
                        let mut c = Column::new("team_id", SqlType::Integer).references("team.id");
                        c.primary_key = true;
                        c
                    },
                    if_not_exists: true,
                    inline_references: true,
                    inline_primary_key: true,
                },
                add(
                    "hero",
                    Column::new("updated", SqlType::UtcDateTime).default(ServerDefault::Func {
                        name: "coalesce".into(),
                        args: vec!["NULL".into(), "CURRENT_TIMESTAMP".into()],
                    }),
                ),
                add(
                    "hero",
                    Column::new("tags", SqlType::Postgresql(PostgresqlType::Jsonb))
                        .default(ServerDefault::Text("'[]'::jsonb".into())),
                ),
                drop_col("hero", "secret_name"),
                Op::DropColumn {
                    table: "hero".into(),
                    schema: s("app"),
                    column: "age".into(),
                    if_exists: true,
                },
            ],
        ),
        (
            "alter_columns",
            vec![
                Op::AlterColumn(Box::new(full_alter)),
                Op::AlterColumn(Box::new(drop_default)),
                Op::AlterColumn(Box::new(existing_only)),
                Op::AlterColumn(Box::new(keep_default)),
                Op::AlterColumn(Box::new({
                    let mut a = alter("hero", "age");
                    a.existing_type = Some(SqlType::Upper(UpperType::Integer));
                    a.existing_nullable = Some(true);
                    a.existing_comment = s("years");
                    a.comment = Some(Some("age in years".into()));
                    a
                })),
            ],
        ),
        (
            "indexes",
            vec![
                full_index,
                index("ix_a_b", "a", vec![col("b"), col("c")]),
                drop_index("ix_a_b", "a"),
                Op::DropIndex {
                    name: "ix_orphan".into(),
                    table: None,
                    schema: s("app"),
                    if_exists: true,
                    postgresql_concurrently: true,
                },
            ],
        ),
        (
            "constraints",
            vec![
                Op::CreateUniqueConstraint {
                    name: s("uq_hero_email"),
                    table: "hero".into(),
                    schema: None,
                    columns: vec!["email".into()],
                },
                Op::CreateUniqueConstraint {
                    name: None,
                    table: "hero".into(),
                    schema: s("app"),
                    columns: vec!["a".into(), "b".into()],
                },
                Op::CreateForeignKey {
                    table: "hero".into(),
                    schema: s("app"),
                    key: full_fk(),
                    postgresql_not_valid: false,
                },
                Op::CreateForeignKey {
                    table: "hero".into(),
                    schema: None,
                    key: ForeignKey::new(&["team_id"], "team", &["id"]),
                    postgresql_not_valid: false,
                },
                Op::CreateForeignKey {
                    table: "hero".into(),
                    schema: None,
                    key: {
                        let mut k = ForeignKey::new(&["x"], "y", &["id"]);
                        k.deferrable = Some(false);
                        k.name = s("fk_x");
                        k
                    },
                    postgresql_not_valid: false,
                },
                Op::CreateCheckConstraint {
                    name: s("ck_age"),
                    table: "hero".into(),
                    schema: None,
                    sqltext: "age >= 0".into(),
                    postgresql_not_valid: false,
                },
                Op::CreateCheckConstraint {
                    name: None,
                    table: "hero".into(),
                    schema: s("app"),
                    sqltext: "name <> 'x'".into(),
                    postgresql_not_valid: false,
                },
                Op::CreatePrimaryKey {
                    name: s("pk_hero"),
                    table: "hero".into(),
                    schema: s("app"),
                    columns: vec!["id".into()],
                },
                Op::CreatePrimaryKey {
                    name: None,
                    table: "hero".into(),
                    schema: None,
                    columns: vec!["a".into(), "b".into()],
                },
                Op::DropConstraint {
                    name: "uq_hero_email".into(),
                    table: "hero".into(),
                    schema: None,
                    type_: Some(ConstraintKind::Unique),
                    if_exists: false,
                },
                Op::DropConstraint {
                    name: "fk_x".into(),
                    table: "hero".into(),
                    schema: s("app"),
                    type_: Some(ConstraintKind::ForeignKey),
                    if_exists: true,
                },
                Op::DropConstraint {
                    name: "pk_hero".into(),
                    table: "hero".into(),
                    schema: None,
                    type_: Some(ConstraintKind::Primary),
                    if_exists: false,
                },
                Op::DropConstraint {
                    name: "ck_age".into(),
                    table: "hero".into(),
                    schema: None,
                    type_: Some(ConstraintKind::Check),
                    if_exists: false,
                },
                Op::DropConstraint {
                    name: "anything".into(),
                    table: "hero".into(),
                    schema: None,
                    type_: None,
                    if_exists: false,
                },
            ],
        ),
        (
            "table_comments",
            vec![
                Op::CreateTableComment {
                    table: "team".into(),
                    schema: None,
                    comment: "teams".into(),
                    existing_comment: None,
                },
                Op::CreateTableComment {
                    table: "team".into(),
                    schema: s("app"),
                    comment: "it's".into(),
                    existing_comment: s("teams"),
                },
                Op::DropTableComment {
                    table: "team".into(),
                    schema: None,
                    existing_comment: s("teams"),
                },
                Op::DropTableComment {
                    table: "team".into(),
                    schema: s("app"),
                    existing_comment: None,
                },
            ],
        ),
        (
            "execute",
            vec![
                Op::Execute {
                    sql: "UPDATE hero SET name = 'x' WHERE id = 1".into(),
                },
                Op::Execute {
                    sql: "INSERT INTO t (a) VALUES (\"it's\")\n-- ünïcode \\ backslash\t".into(),
                },
            ],
        ),
        (
            "bulk_insert",
            vec![
                Op::BulkInsert {
                    table: "team".into(),
                    schema: None,
                    columns: vec!["id".into(), "name".into(), "ok".into(), "ratio".into()],
                    rows: vec![
                        vec![
                            ("id".into(), Literal::Int(1)),
                            ("name".into(), Literal::Str("it's".into())),
                            ("ok".into(), Literal::Bool(true)),
                            ("ratio".into(), Literal::Float("0.5".into())),
                        ],
                        vec![
                            ("id".into(), Literal::Int(-2)),
                            ("name".into(), Literal::Null),
                            ("ok".into(), Literal::Bool(false)),
                            ("ratio".into(), Literal::Float("-1000.0".into())),
                        ],
                    ],
                },
                Op::BulkInsert {
                    table: "team".into(),
                    schema: s("app"),
                    columns: vec!["id".into(), "name".into()],
                    rows: vec![
                        vec![("id".into(), Literal::Int(3))],
                        vec![
                            ("name".into(), Literal::Str("b".into())),
                            ("id".into(), Literal::Int(4)),
                        ],
                    ],
                },
            ],
        ),
        (
            "enums",
            vec![
                Op::CreateEnum {
                    name: "mood".into(),
                    schema: None,
                    values: vec!["happy".into(), "it's".into()],
                    checkfirst: true,
                },
                Op::CreateEnum {
                    name: "empty".into(),
                    schema: None,
                    values: vec![],
                    checkfirst: false,
                },
                Op::DropEnum {
                    name: "mood".into(),
                    schema: None,
                    checkfirst: false,
                },
                Op::DropEnum {
                    name: "tier".into(),
                    schema: None,
                    checkfirst: true,
                },
            ],
        ),
        (
            "autocommit",
            vec![
                Op::Autocommit(vec![
                    Op::Execute {
                        sql: "ALTER TYPE mood ADD VALUE 'meh'".into(),
                    },
                    Op::CreateIndex {
                        name: "ix_big".into(),
                        table: "big".into(),
                        schema: None,
                        parts: vec![col("a")],
                        unique: false,
                        if_not_exists: false,
                        options: IndexOptions {
                            postgresql_concurrently: true,
                            ..IndexOptions::default()
                        },
                    },
                    Op::Batch(Box::new(BatchAlterTable {
                        table: "big".into(),
                        schema: None,
                        recreate: Recreate::Auto,
                        ops: vec![drop_col("big", "b")],
                        placements: vec![],
                        naming_convention: Vec::new(),
                    })),
                ]),
                Op::Autocommit(vec![]),
                drop_col("big", "c"),
            ],
        ),
        ("batch", vec![batch, empty_batch]),
        (
            "per_table_runs",
            vec![
                table("team", vec![id()], vec![pk(&["id"])]),
                index("ix_team_id", "team", vec![col("id")]),
                add("hero", Column::new("power", SqlType::Integer)),
                Op::AlterColumn(Box::new({
                    let mut a = alter("hero", "name");
                    a.nullable = Some(false);
                    a.existing_type = Some(SqlType::string(50));
                    a
                })),
                drop_index("ix_hero_age", "hero"),
                add("team", Column::new("size", SqlType::Integer)),
                drop_col("hero", "age"),
                Op::Execute {
                    sql: "SELECT 1".into(),
                },
                drop_col("hero", "rank"),
                Op::DropTable {
                    table: "old".into(),
                    schema: None,
                    if_exists: false,
                },
            ],
        ),
    ]
}
