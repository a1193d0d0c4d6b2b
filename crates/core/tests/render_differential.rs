//! Differential test: every case is rendered by aludel for SQLite, PostgreSQL,
//! MySQL and MariaDB and by the real Alembic (`tests/oracle/render_ops.py`, offline
//! mode with literal binds); the printed scripts must be equal byte for byte.
//!
//! Comparison rules: aludel's [`render_script`] output is compared with
//! Alembic's whole output buffer (each statement followed by `;` and a blank
//! line). Where Alembic raises, aludel must return an error too (messages
//! are not compared). The venv is `ALUDEL_REF_VENV`, else `<workspace>/.venv`;
//! without it the test is skipped, or fails under `CI=true`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use aludel_core::dialect::{mariadb, render_script, Dialect, DialectKind};
use aludel_core::ops::{AlterColumn, ConstraintKind, Op};
use aludel_core::schema::{
    Column, ColumnForeignKey, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, Literal,
    MysqlType, PostgresqlType, ServerDefault, SqlType, SqliteType, UpperType,
};

/// Each renderer with what the oracle is given for it: a dialect name, or a
/// URL for MariaDB (whose dialect name alone would not say which driver; the
/// URL is what an `alembic.ini` holds).
fn dialects() -> [(&'static str, &'static dyn Dialect); 4] {
    [
        ("sqlite", DialectKind::Sqlite.dialect()),
        ("postgresql", DialectKind::Postgresql.dialect()),
        ("mysql", DialectKind::Mysql.dialect()),
        ("mariadb+pymysql://", mariadb()),
    ]
}

fn workspace() -> PathBuf {
    aludel_testkit::workspace_root()
}

fn python() -> Option<PathBuf> {
    aludel_testkit::reference_python("render differential test")
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

fn table(name: &str, columns: Vec<Column>, constraints: Vec<Constraint>) -> Op {
    Op::CreateTable {
        table: name.into(),
        schema: None,
        columns,
        constraints,
        comment: None,
        if_not_exists: false,
    }
}

fn id() -> Column {
    Column::new("id", SqlType::Integer).primary_key()
}

fn alter(table: &str, column: &str) -> AlterColumn {
    AlterColumn {
        table: table.into(),
        column: column.into(),
        ..AlterColumn::default()
    }
}

fn index(name: &str, table: &str, parts: Vec<IndexPart>, options: IndexOptions) -> Op {
    Op::CreateIndex {
        name: name.into(),
        table: table.into(),
        schema: None,
        parts,
        unique: false,
        if_not_exists: false,
        options,
    }
}

fn col(name: &str) -> IndexPart {
    IndexPart::Column(name.into())
}

fn all_types() -> Vec<SqlType> {
    let e = EnumType::new(Some("mood"), &["happy", "sad", "so-so"]);
    let mut non_native = e.clone();
    non_native.native_enum = false;
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
        SqlType::Text { collation: None },
        SqlType::Unicode { length: Some(10) },
        SqlType::UnicodeText,
        SqlType::Boolean,
        SqlType::Date,
        SqlType::DateTime { timezone: false },
        SqlType::DateTime { timezone: true },
        SqlType::Time { timezone: false },
        SqlType::Float { precision: None },
        SqlType::Float {
            precision: Some(10),
        },
        SqlType::Double,
        SqlType::Numeric {
            precision: Some(10),
            scale: Some(2),
        },
        SqlType::Numeric {
            precision: None,
            scale: None,
        },
        SqlType::Enum(e.clone()),
        SqlType::Enum(non_native),
        SqlType::Enum(EnumType::new(None, &["a", "b"])),
        SqlType::Uuid { as_uuid: true },
        SqlType::Json,
        SqlType::LargeBinary { length: None },
        SqlType::LargeBinary { length: Some(10) },
        SqlType::Interval,
        SqlType::AutoString { length: None },
        SqlType::AutoString { length: Some(30) },
        SqlType::Guid,
        SqlType::UtcDateTime,
        SqlType::Upper(UpperType::Varchar(Some(5))),
        SqlType::Upper(UpperType::Char(Some(3))),
        SqlType::Upper(UpperType::Nvarchar(Some(5))),
        SqlType::Upper(UpperType::Integer),
        SqlType::Upper(UpperType::BigInt),
        SqlType::Upper(UpperType::Text),
        SqlType::Upper(UpperType::Boolean),
        SqlType::Upper(UpperType::Timestamp { timezone: false }),
        SqlType::Upper(UpperType::Timestamp { timezone: true }),
        SqlType::Upper(UpperType::Datetime),
        SqlType::Upper(UpperType::Time),
        SqlType::Upper(UpperType::Real),
        SqlType::Upper(UpperType::Double),
        SqlType::Upper(UpperType::DoublePrecision),
        SqlType::Upper(UpperType::Numeric(Some(10), Some(2))),
        SqlType::Upper(UpperType::Decimal(Some(8), None)),
        SqlType::Upper(UpperType::Blob),
        SqlType::Upper(UpperType::Json),
        SqlType::Upper(UpperType::Uuid),
        SqlType::Postgresql(PostgresqlType::Jsonb),
        SqlType::Postgresql(PostgresqlType::Uuid),
        SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::Integer))),
        SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::string(5)))),
        SqlType::Postgresql(PostgresqlType::Timestamp { timezone: true }),
        SqlType::Postgresql(PostgresqlType::Enum(EnumType::new(Some("pe"), &["x", "y"]))),
        SqlType::Postgresql(PostgresqlType::Inet),
        SqlType::Postgresql(PostgresqlType::Bytea),
        SqlType::Postgresql(PostgresqlType::DoublePrecision),
        SqlType::Mysql(MysqlType::Tinyint(None)),
        SqlType::Mysql(MysqlType::Tinyint(Some(1))),
        SqlType::Mysql(MysqlType::Longtext),
        SqlType::Mysql(MysqlType::Mediumtext),
        SqlType::Array(Box::new(SqlType::Text { collation: None })),
        SqlType::PickleType,
        SqlType::Mysql(MysqlType::Datetime(Some(6))),
        SqlType::Mysql(MysqlType::Enum(vec!["x".into(), "y".into()])),
        SqlType::Sqlite(SqliteType::Json),
    ]
}

fn cases() -> Vec<(String, Op)> {
    let mut cases: Vec<(String, Op)> = Vec::new();
    let mut add = |name: &str, op: Op| cases.push((name.to_string(), op));

    for (i, ty) in all_types().into_iter().enumerate() {
        add(
            &format!("type {ty:?}"),
            table(&format!("t{i}"), vec![id(), Column::new("c", ty)], vec![]),
        );
    }
    add(
        "users table",
        table(
            "users",
            vec![id(), Column::new("name", SqlType::string(50)).not_null()],
            vec![],
        ),
    );
    add(
        "reserved and mixed-case names",
        table(
            "user",
            vec![
                id(),
                Column::new("order", SqlType::Integer),
                Column::new("Group", SqlType::Integer),
                Column::new("select", SqlType::Integer),
                Column::new("with space", SqlType::Integer),
                Column::new("1st", SqlType::Integer),
                Column::new("key", SqlType::Integer),
                Column::new("desc", SqlType::Integer),
            ],
            vec![],
        ),
    );
    // Words only one of MySQL / MariaDB reserves (SQLAlchemy's two lists).
    let vendor_words = ["rank", "row", "lag", "offset", "returning", "without"];
    add(
        "words reserved on MySQL or MariaDB only",
        table(
            "period",
            std::iter::once(id())
                .chain(
                    vendor_words
                        .iter()
                        .map(|w| Column::new(w, SqlType::Integer)),
                )
                .collect(),
            vec![],
        ),
    );
    add(
        "index on vendor-reserved words",
        index(
            "position",
            "rank",
            vec![col("offset"), col("row")],
            IndexOptions::default(),
        ),
    );
    add(
        "rename a vendor-reserved column, uuid type",
        Op::AlterColumn(Box::new(AlterColumn {
            new_column_name: s("offset"),
            existing_type: Some(SqlType::Uuid { as_uuid: true }),
            ..alter("rank", "rank")
        })),
    );
    add(
        "modify a Guid column",
        Op::AlterColumn(Box::new(AlterColumn {
            nullable: Some(false),
            existing_type: Some(SqlType::Guid),
            ..alter("t", "returning")
        })),
    );
    add(
        "bulk insert into vendor-reserved names",
        Op::BulkInsert {
            table: "row".into(),
            schema: None,
            columns: vec!["rank".into(), "offset".into()],
            rows: vec![vec![
                ("rank".into(), Literal::Int(1)),
                (
                    "offset".into(),
                    Literal::Str("0f8fad5bd9cb469fa16570867728950e".into()),
                ),
            ]],
        },
    );
    add("mixed-case table", table("Members", vec![id()], vec![]));
    let mut with_schema = table("t", vec![id()], vec![]);
    if let Op::CreateTable { schema, .. } = &mut with_schema {
        *schema = s("s1");
    }
    add("schema", with_schema);
    let mut ine = table("t", vec![id()], vec![]);
    if let Op::CreateTable { if_not_exists, .. } = &mut ine {
        *if_not_exists = true;
    }
    add("if_not_exists", ine);
    add(
        "defaults",
        table(
            "d",
            vec![
                id(),
                Column::new("a", SqlType::string(10)).default(ServerDefault::Literal("x'y".into())),
                Column::new("b", SqlType::Integer)
                    .default(ServerDefault::Text("0".into()))
                    .not_null(),
                Column::new("c", SqlType::DateTime { timezone: true }).default(
                    ServerDefault::Func {
                        name: "now".into(),
                        args: vec![],
                    },
                ),
                Column::new("d", SqlType::DateTime { timezone: false }).default(
                    ServerDefault::Func {
                        name: "current_timestamp".into(),
                        args: vec![],
                    },
                ),
                Column::new("e", SqlType::Boolean).default(ServerDefault::Text("false".into())),
                Column::new("f", SqlType::Integer).default(ServerDefault::Text("1 + 1".into())),
                Column::new("g", SqlType::string(10)).default(ServerDefault::Text("'lit'".into())),
                Column::new(
                    "h",
                    SqlType::Upper(UpperType::Timestamp { timezone: false }),
                ),
                Column::new("i", SqlType::string(10))
                    .default(ServerDefault::Literal("back\\slash".into())),
            ],
            vec![],
        ),
    );
    add("comments", {
        let mut t = table(
            "c",
            vec![
                id().comment("the key"),
                Column::new("n", SqlType::string(5)).comment("it's"),
            ],
            vec![],
        );
        if let Op::CreateTable { comment, .. } = &mut t {
            *comment = s("a table");
        }
        t
    });
    let mut fk = ForeignKey::new(&["user_id"], "users", &["id"]);
    fk.name = s("fk_posts_user");
    fk.ondelete = s("CASCADE");
    add(
        "constraints named and unnamed",
        table(
            "posts",
            vec![
                id(),
                Column::new("user_id", SqlType::Integer),
                Column::new("a", SqlType::Integer),
                Column::new("b", SqlType::Integer),
            ],
            vec![
                Constraint::ForeignKey(fk.clone()),
                Constraint::Unique {
                    name: None,
                    columns: vec!["a".into()],
                },
                Constraint::Unique {
                    name: s("uq_ab"),
                    columns: vec!["a".into(), "b".into()],
                },
                Constraint::Check {
                    name: s("ck_a"),
                    sqltext: "a > 0".into(),
                },
                Constraint::Check {
                    name: None,
                    sqltext: "b <> a".into(),
                },
            ],
        ),
    );
    add(
        "column foreign key, unique, index",
        table(
            "child",
            vec![
                id(),
                Column::new("parent_id", SqlType::Integer)
                    .references("parent.id")
                    .not_null(),
                Column {
                    unique: true,
                    ..Column::new("code", SqlType::string(5))
                },
                Column {
                    index: true,
                    ..Column::new("name", SqlType::string(5))
                },
            ],
            vec![],
        ),
    );
    add(
        "composite primary key",
        table(
            "link",
            vec![
                Column::new("a_id", SqlType::Integer).primary_key(),
                Column::new("b_id", SqlType::Integer).primary_key(),
            ],
            vec![],
        ),
    );
    add(
        "named primary key constraint",
        table(
            "k",
            vec![Column::new("id", SqlType::BigInteger).not_null()],
            vec![Constraint::PrimaryKey {
                name: s("pk_k"),
                columns: vec!["id".into()],
            }],
        ),
    );
    add(
        "non-autoincrement pk",
        table(
            "n",
            vec![Column {
                autoincrement: Some(false),
                ..id()
            }],
            vec![],
        ),
    );
    add(
        "string pk",
        table(
            "sp",
            vec![Column::new("id", SqlType::string(32)).primary_key()],
            vec![],
        ),
    );
    add(
        "fk pk not autoincrement",
        table("fp", vec![id().references("other.id")], vec![]),
    );
    add(
        "uuid pk with default",
        table(
            "u",
            vec![Column::new("id", SqlType::Uuid { as_uuid: true })
                .primary_key()
                .default(ServerDefault::Func {
                    name: "gen_random_uuid".into(),
                    args: vec![],
                })],
            vec![],
        ),
    );
    add(
        "drop table",
        Op::DropTable {
            table: "t".into(),
            schema: None,
            if_exists: false,
        },
    );
    add(
        "drop table if exists schema",
        Op::DropTable {
            table: "user".into(),
            schema: s("s1"),
            if_exists: true,
        },
    );
    add(
        "rename table",
        Op::RenameTable {
            table: "a".into(),
            new_name: "b".into(),
            schema: None,
        },
    );
    add(
        "rename table schema",
        Op::RenameTable {
            table: "a".into(),
            new_name: "order".into(),
            schema: s("s1"),
        },
    );
    let add_col = |column: Column| Op::AddColumn {
        table: "t".into(),
        schema: None,
        column,
        if_not_exists: false,
        inline_references: false,
        inline_primary_key: false,
    };
    add("add column", add_col(Column::new("c", SqlType::Integer)));
    add(
        "add column not null default",
        add_col(
            Column::new("c", SqlType::Integer)
                .not_null()
                .default(ServerDefault::Literal("0".into())),
        ),
    );
    add(
        "add column fk",
        add_col(Column::new("o_id", SqlType::Integer).references("o.id")),
    );
    add(
        "add column comment",
        add_col(Column::new("c", SqlType::string(5)).comment("note")),
    );
    add(
        "add column if not exists schema",
        Op::AddColumn {
            table: "t".into(),
            schema: s("s1"),
            column: Column::new("Order", SqlType::Boolean),
            if_not_exists: true,
            inline_references: false,
            inline_primary_key: false,
        },
    );
    add(
        "drop column",
        Op::DropColumn {
            table: "t".into(),
            schema: None,
            column: "c".into(),
            if_exists: false,
        },
    );
    add(
        "drop column if exists",
        Op::DropColumn {
            table: "t".into(),
            schema: s("s1"),
            column: "user".into(),
            if_exists: true,
        },
    );
    let ac = |a: AlterColumn| Op::AlterColumn(Box::new(a));
    add(
        "alter nullable",
        ac(AlterColumn {
            nullable: Some(false),
            existing_type: Some(SqlType::string(20)),
            ..alter("t", "c")
        }),
    );
    add(
        "alter nullable no existing type",
        ac(AlterColumn {
            nullable: Some(true),
            ..alter("t", "c")
        }),
    );
    add(
        "alter type",
        ac(AlterColumn {
            type_: Some(SqlType::BigInteger),
            existing_type: Some(SqlType::Integer),
            existing_nullable: Some(false),
            ..alter("t", "c")
        }),
    );
    add(
        "alter type using",
        ac(AlterColumn {
            type_: Some(SqlType::Integer),
            existing_type: Some(SqlType::string(10)),
            postgresql_using: s("c::integer"),
            ..alter("t", "c")
        }),
    );
    add(
        "alter default",
        ac(AlterColumn {
            server_default: Some(Some(ServerDefault::Literal("5".into()))),
            ..alter("t", "c")
        }),
    );
    add(
        "alter default func",
        ac(AlterColumn {
            server_default: Some(Some(ServerDefault::Func {
                name: "now".into(),
                args: vec![],
            })),
            ..alter("t", "c")
        }),
    );
    add(
        "alter drop default",
        ac(AlterColumn {
            server_default: Some(None),
            ..alter("t", "c")
        }),
    );
    add(
        "alter rename",
        ac(AlterColumn {
            new_column_name: s("d"),
            existing_type: Some(SqlType::string(10)),
            existing_nullable: Some(false),
            ..alter("t", "c")
        }),
    );
    add(
        "alter comment",
        ac(AlterColumn {
            comment: Some(s("x")),
            existing_type: Some(SqlType::Integer),
            ..alter("t", "c")
        }),
    );
    add(
        "alter drop comment",
        ac(AlterColumn {
            comment: Some(None),
            existing_type: Some(SqlType::Integer),
            existing_comment: s("old"),
            ..alter("t", "c")
        }),
    );
    add(
        "alter several",
        ac(AlterColumn {
            nullable: Some(false),
            type_: Some(SqlType::string(40)),
            server_default: Some(Some(ServerDefault::Literal("a".into()))),
            new_column_name: s("Renamed"),
            existing_type: Some(SqlType::string(20)),
            schema: s("s1"),
            ..alter("order", "c")
        }),
    );
    add(
        "alter mysql restates",
        ac(AlterColumn {
            nullable: Some(true),
            existing_type: Some(SqlType::Integer),
            existing_server_default: Some(ServerDefault::Text("0".into())),
            existing_comment: s("kept"),
            ..alter("t", "c")
        }),
    );
    add(
        "create index",
        index("ix_t_c", "t", vec![col("c")], IndexOptions::default()),
    );
    add(
        "create unique index if not exists",
        Op::CreateIndex {
            name: "ix_u".into(),
            table: "user".into(),
            schema: s("s1"),
            parts: vec![col("a"), col("Order")],
            unique: true,
            if_not_exists: true,
            options: IndexOptions::default(),
        },
    );
    add(
        "expression index",
        index(
            "ix_lower",
            "t",
            vec![IndexPart::Expression("lower(c)".into())],
            IndexOptions::default(),
        ),
    );
    add(
        "index dialect options",
        index(
            "ix_opts",
            "t",
            vec![col("c")],
            IndexOptions {
                postgresql_where: s("c > 0"),
                postgresql_using: s("gin"),
                postgresql_concurrently: true,
                sqlite_where: s("c > 1"),
                mysql_length: Some(10),
                ..IndexOptions::default()
            },
        ),
    );
    add(
        "drop index",
        Op::DropIndex {
            name: "ix_t_c".into(),
            table: Some("t".into()),
            schema: None,
            if_exists: false,
            postgresql_concurrently: false,
        },
    );
    add(
        "drop index options",
        Op::DropIndex {
            name: "ix".into(),
            table: Some("t".into()),
            schema: s("s1"),
            if_exists: true,
            postgresql_concurrently: true,
        },
    );
    add(
        "drop index no table",
        Op::DropIndex {
            name: "ix".into(),
            table: None,
            schema: None,
            if_exists: false,
            postgresql_concurrently: false,
        },
    );
    add(
        "unique constraint",
        Op::CreateUniqueConstraint {
            name: s("uq_t_c"),
            table: "t".into(),
            schema: None,
            columns: vec!["c".into(), "user".into()],
        },
    );
    add(
        "unique constraint unnamed",
        Op::CreateUniqueConstraint {
            name: None,
            table: "t".into(),
            schema: s("s1"),
            columns: vec!["c".into()],
        },
    );
    let mut full_fk = ForeignKey::new(&["oid"], "o", &["id"]);
    full_fk.name = s("fk");
    full_fk.ondelete = s("CASCADE");
    full_fk.onupdate = s("SET NULL");
    full_fk.deferrable = Some(true);
    full_fk.initially = s("DEFERRED");
    add(
        "foreign key all options",
        Op::CreateForeignKey {
            table: "t".into(),
            schema: None,
            key: ForeignKey {
                match_: s("FULL"),
                ..full_fk.clone()
            },
            postgresql_not_valid: false,
        },
    );
    add(
        "foreign key schemas",
        Op::CreateForeignKey {
            table: "t".into(),
            schema: s("s1"),
            key: ForeignKey {
                referent_schema: s("s2"),
                ..full_fk.clone()
            },
            postgresql_not_valid: false,
        },
    );
    add(
        "check constraint",
        Op::CreateCheckConstraint {
            name: s("ck"),
            table: "t".into(),
            schema: None,
            sqltext: "c > 0".into(),
            postgresql_not_valid: false,
        },
    );
    add(
        "primary key",
        Op::CreatePrimaryKey {
            name: s("pk"),
            table: "t".into(),
            schema: None,
            columns: vec!["a".into(), "b".into()],
        },
    );
    for kind in [
        None,
        Some(ConstraintKind::Unique),
        Some(ConstraintKind::ForeignKey),
        Some(ConstraintKind::Check),
        Some(ConstraintKind::Primary),
    ] {
        add(
            &format!("drop constraint {kind:?}"),
            Op::DropConstraint {
                name: "c1".into(),
                table: "t".into(),
                schema: None,
                type_: kind,
                if_exists: false,
            },
        );
    }
    add(
        "drop constraint if exists",
        Op::DropConstraint {
            name: "c1".into(),
            table: "t".into(),
            schema: s("s1"),
            type_: Some(ConstraintKind::Unique),
            if_exists: true,
        },
    );
    add(
        "table comment",
        Op::CreateTableComment {
            table: "t".into(),
            schema: None,
            comment: "it's".into(),
            existing_comment: None,
        },
    );
    add(
        "drop table comment",
        Op::DropTableComment {
            table: "t".into(),
            schema: s("s1"),
            existing_comment: s("x"),
        },
    );
    add(
        "execute",
        Op::Execute {
            sql: "UPDATE t SET a = 1".into(),
        },
    );
    add(
        "bulk insert",
        Op::BulkInsert {
            table: "t".into(),
            schema: None,
            columns: vec!["id".into(), "name".into(), "flag".into(), "score".into()],
            rows: vec![
                vec![
                    ("id".into(), Literal::Int(1)),
                    ("name".into(), Literal::Str("O'Brien".into())),
                    ("flag".into(), Literal::Bool(true)),
                    ("score".into(), Literal::Float("1.5".into())),
                ],
                vec![
                    ("id".into(), Literal::Int(2)),
                    ("name".into(), Literal::Null),
                    ("flag".into(), Literal::Bool(false)),
                    ("score".into(), Literal::Null),
                ],
            ],
        },
    );

    let add_flags =
        |column: Column, inline_references: bool, inline_primary_key: bool| Op::AddColumn {
            table: "t".into(),
            schema: None,
            column,
            if_not_exists: false,
            inline_references,
            inline_primary_key,
        };
    add(
        "add column unique",
        add_flags(
            Column {
                unique: true,
                ..Column::new("u", SqlType::Integer)
            },
            false,
            false,
        ),
    );
    add(
        "add column index",
        add_flags(
            Column {
                index: true,
                ..Column::new("i", SqlType::Integer)
            },
            false,
            false,
        ),
    );
    add(
        "add column inline references",
        add_flags(
            Column {
                foreign_keys: vec![ColumnForeignKey {
                    target: "o.id".into(),
                    name: None,
                    ondelete: s("CASCADE"),
                    onupdate: None,
                }],
                ..Column::new("o_id", SqlType::Integer)
            },
            true,
            false,
        ),
    );
    add(
        "add column inline primary key",
        add_flags(
            Column::new("k", SqlType::string(5)).primary_key(),
            false,
            true,
        ),
    );
    let mut checked = EnumType::new(Some("ck_kind"), &["a", "b"]);
    checked.create_constraint = true;
    checked.native_enum = false;
    add(
        "add column non-native enum with constraint",
        add_flags(Column::new("e", SqlType::Enum(checked)), false, false),
    );
    for (label, ty) in [
        ("datetime", SqlType::DateTime { timezone: false }),
        (
            "timestamp",
            SqlType::Upper(UpperType::Timestamp { timezone: false }),
        ),
    ] {
        add(
            &format!("alter nullable of {label}"),
            Op::AlterColumn(Box::new(AlterColumn {
                nullable: Some(false),
                existing_type: Some(ty.clone()),
                ..alter("t", "at")
            })),
        );
        add(
            &format!("alter default of {label}"),
            Op::AlterColumn(Box::new(AlterColumn {
                server_default: Some(Some(ServerDefault::Text("CURRENT_TIMESTAMP".into()))),
                existing_type: Some(ty.clone()),
                existing_nullable: Some(true),
                ..alter("t", "at")
            })),
        );
        add(
            &format!("alter drop default of {label}"),
            Op::AlterColumn(Box::new(AlterColumn {
                server_default: Some(None),
                existing_type: Some(ty),
                ..alter("t", "at")
            })),
        );
    }
    add(
        "common sqlmodel table",
        table(
            "hero",
            vec![
                Column::new("name", SqlType::AutoString { length: None }).not_null(),
                Column::new("secret_name", SqlType::AutoString { length: Some(255) }),
                Column::new("id", SqlType::Integer).primary_key(),
                Column::new("team_id", SqlType::Uuid { as_uuid: true }),
                Column::new(
                    "created_at",
                    SqlType::Upper(UpperType::Timestamp { timezone: true }),
                )
                .not_null()
                .default(ServerDefault::Text("now()".into())),
                Column::new("updated", SqlType::DateTime { timezone: false })
                    .default(ServerDefault::Text("CURRENT_TIMESTAMP".into())),
                Column::new("data", SqlType::Postgresql(PostgresqlType::Jsonb)),
            ],
            vec![
                Constraint::ForeignKey(ForeignKey::new(&["team_id"], "team", &["id"])),
                Constraint::PrimaryKey {
                    name: None,
                    columns: vec!["id".into()],
                },
            ],
        ),
    );

    add(
        "odd identifiers",
        table(
            "odd",
            vec![
                id(),
                Column::new("pct%col", SqlType::Integer),
                Column::new("back`tick", SqlType::Integer),
                Column::new("dq\"uote", SqlType::Integer),
                Column::new("café", SqlType::Integer),
                Column::new("$dollar", SqlType::Integer),
                Column::new("a$b", SqlType::Integer),
                Column::new("_under", SqlType::Integer),
            ],
            vec![],
        ),
    );
    add(
        "long index name",
        index(
            "ix_this_is_a_really_long_index_name_that_goes_past_sixty_four_characters_easily",
            "t",
            vec![col("c")],
            IndexOptions::default(),
        ),
    );
    add(
        "long column index name",
        table(
            "a_table_with_a_rather_long_name_for_testing_truncation",
            vec![
                id(),
                Column {
                    index: true,
                    ..Column::new("and_a_long_column_name_as_well", SqlType::Integer)
                },
            ],
            vec![],
        ),
    );

    add("percent signs", {
        let mut t = table(
            "pct",
            vec![
                id().comment("100%"),
                Column::new("a", SqlType::string(5)).default(ServerDefault::Literal("5%".into())),
                Column::new("b", SqlType::string(5)).default(ServerDefault::Text("'5%'".into())),
            ],
            vec![Constraint::Check {
                name: s("ck_pct"),
                sqltext: "a LIKE '%x'".into(),
            }],
        );
        if let Op::CreateTable { comment, .. } = &mut t {
            *comment = s("50%");
        }
        t
    });
    add(
        "execute percent",
        Op::Execute {
            sql: "UPDATE t SET a = 'x%'".into(),
        },
    );
    add(
        "bulk insert percent",
        Op::BulkInsert {
            table: "t".into(),
            schema: None,
            columns: vec!["a".into()],
            rows: vec![vec![("a".into(), Literal::Str("9%".into()))]],
        },
    );
    add(
        "table comment percent",
        Op::CreateTableComment {
            table: "t".into(),
            schema: None,
            comment: "1%".into(),
            existing_comment: None,
        },
    );
    add(
        "index where percent",
        index(
            "ix_pw",
            "t",
            vec![col("c")],
            IndexOptions {
                postgresql_where: s("c LIKE 'a%'"),
                sqlite_where: s("c LIKE 'a%'"),
                ..IndexOptions::default()
            },
        ),
    );

    for sql in [
        "SELECT 1::int",
        "SELECT ':x'",
        "SELECT '\\:x'",
        "SELECT a:b",
        "SELECT x FROM t WHERE a = :p",
        "SELECT 10:30",
        "x :1 y",
        "x :abc: y",
        "x (:é) y",
        "\\:a:b",
        "end:",
    ] {
        add(&format!("execute {sql}"), Op::Execute { sql: sql.into() });
    }

    let mut nn_checked = EnumType::new(Some("ck_nn"), &["on", "off"]);
    nn_checked.native_enum = false;
    nn_checked.create_constraint = true;
    let mut native_checked = EnumType::new(Some("ck_native"), &["x"]);
    native_checked.create_constraint = true;
    add(
        "enum checks among explicit constraints",
        table(
            "ecx",
            vec![
                id(),
                Column::new("a", SqlType::Enum(nn_checked)),
                Column::new("b", SqlType::Enum(native_checked)).references("other.id"),
            ],
            vec![
                Constraint::Check {
                    name: s("ck_first"),
                    sqltext: "id > 0".into(),
                },
                Constraint::Unique {
                    name: None,
                    columns: vec!["a".into(), "b".into()],
                },
            ],
        ),
    );
    let mut checked_enum = EnumType::new(Some("kind"), &["a", "bb"]);
    checked_enum.create_constraint = true;
    let mut no_type = EnumType::new(Some("shared"), &["p", "q"]);
    no_type.create_type = false;
    add(
        "enum variants in one table",
        table(
            "ev",
            vec![
                id(),
                Column::new(
                    "k",
                    SqlType::Enum(EnumType::new(Some("kind2"), &["a", "b"])),
                ),
                Column::new(
                    "k2",
                    SqlType::Enum(EnumType::new(Some("kind2"), &["a", "b"])),
                ),
                Column::new(
                    "arr",
                    SqlType::Postgresql(PostgresqlType::Array(Box::new(SqlType::Enum(
                        EnumType::new(Some("tags"), &["x", "y'z"]),
                    )))),
                ),
                Column::new("nt", SqlType::Postgresql(PostgresqlType::Enum(no_type))),
            ],
            vec![],
        ),
    );
    add(
        "enum with create_constraint",
        table(
            "ec",
            vec![id(), Column::new("k", SqlType::Enum(checked_enum))],
            vec![],
        ),
    );
    add(
        "add enum column",
        Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: Column::new("k", SqlType::Enum(EnumType::new(Some("kind3"), &["a"]))),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
    );
    add(
        "serial variants",
        table(
            "big",
            vec![Column::new("id", SqlType::BigInteger).primary_key()],
            vec![],
        ),
    );
    add(
        "small serial",
        table(
            "small",
            vec![Column::new("id", SqlType::SmallInteger).primary_key()],
            vec![],
        ),
    );
    add(
        "integer pk with server default",
        table(
            "pkd",
            vec![id().default(ServerDefault::Text("1".into()))],
            vec![],
        ),
    );
    add(
        "autoincrement true with fk",
        table(
            "afk",
            vec![Column {
                autoincrement: Some(true),
                ..id().references("other.id")
            }],
            vec![],
        ),
    );
    add(
        "column fk with actions and schema target",
        table(
            "cfk",
            vec![
                id(),
                Column {
                    foreign_keys: vec![ColumnForeignKey {
                        target: "s2.parent.id".into(),
                        name: s("fk_named"),
                        ondelete: s("CASCADE"),
                        onupdate: s("RESTRICT"),
                    }],
                    ..Column::new("p", SqlType::Integer)
                },
                Column {
                    unique: true,
                    ..Column::new("u", SqlType::Integer).references("user.id")
                },
                Column {
                    unique: true,
                    index: true,
                    ..Column::new("ui", SqlType::Integer)
                },
            ],
            vec![Constraint::Unique {
                name: s("uq_explicit"),
                columns: vec!["p".into()],
            }],
        ),
    );
    add(
        "composite fk not deferrable",
        table(
            "cf",
            vec![
                Column::new("a", SqlType::Integer).primary_key(),
                Column::new("b", SqlType::Integer).primary_key(),
            ],
            vec![Constraint::ForeignKey(ForeignKey {
                deferrable: Some(false),
                ..ForeignKey::new(&["a", "b"], "Other", &["x", "y"])
            })],
        ),
    );
    add(
        "timestamp nullable and not null",
        table(
            "ts",
            vec![
                id(),
                Column::new("a", SqlType::Upper(UpperType::Timestamp { timezone: true })),
                Column::new(
                    "b",
                    SqlType::Upper(UpperType::Timestamp { timezone: false }),
                )
                .not_null(),
                Column::new("c", SqlType::Time { timezone: true }),
                Column::new("d", SqlType::Mysql(MysqlType::Datetime(None))),
            ],
            vec![],
        ),
    );
    add(
        "unicode without length",
        table(
            "ul",
            vec![id(), Column::new("c", SqlType::Unicode { length: None })],
            vec![],
        ),
    );
    add(
        "text collation",
        table(
            "tc",
            vec![
                id(),
                Column::new(
                    "c",
                    SqlType::Text {
                        collation: s("utf8mb4_bin"),
                    },
                ),
            ],
            vec![],
        ),
    );
    add("comment escaping", {
        let mut t = table("ce", vec![id().comment("back\\slash 'q'")], vec![]);
        if let Op::CreateTable {
            comment, schema, ..
        } = &mut t
        {
            *comment = s("a \\ b");
            *schema = s("S1");
        }
        t
    });
    add(
        "add column primary key",
        Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: id(),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
    );
    add(
        "add column timestamp default now",
        Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: Column::new("at", SqlType::DateTime { timezone: true })
                .not_null()
                .default(ServerDefault::Func {
                    name: "now".into(),
                    args: vec![],
                }),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
    );
    add(
        "add column func with args",
        Op::AddColumn {
            table: "t".into(),
            schema: None,
            column: Column::new("c", SqlType::string(10)).default(ServerDefault::Func {
                name: "coalesce".into(),
                args: vec!["'a'".into(), "'b'".into()],
            }),
            if_not_exists: false,
            inline_references: false,
            inline_primary_key: false,
        },
    );
    add(
        "alter type to enum",
        Op::AlterColumn(Box::new(AlterColumn {
            type_: Some(SqlType::Enum(EnumType::new(Some("e1"), &["a", "b"]))),
            existing_type: Some(SqlType::string(5)),
            ..alter("t", "c")
        })),
    );
    add(
        "alter type and nullable and comment",
        Op::AlterColumn(Box::new(AlterColumn {
            type_: Some(SqlType::Text { collation: None }),
            nullable: Some(true),
            comment: Some(s("n")),
            existing_type: Some(SqlType::string(5)),
            existing_nullable: Some(false),
            ..alter("user", "Name")
        })),
    );
    add(
        "alter default with existing",
        Op::AlterColumn(Box::new(AlterColumn {
            server_default: Some(Some(ServerDefault::Text("0".into()))),
            existing_type: Some(SqlType::Integer),
            existing_nullable: Some(false),
            ..alter("t", "c")
        })),
    );
    add(
        "index on reserved names",
        Op::CreateIndex {
            name: "Index".into(),
            table: "order".into(),
            schema: None,
            parts: vec![col("group"), IndexPart::Expression("lower(name)".into())],
            unique: false,
            if_not_exists: false,
            options: IndexOptions {
                mysql_length: Some(5),
                ..IndexOptions::default()
            },
        },
    );
    add(
        "execute with tab and trailing space",
        Op::Execute {
            sql: "\tINSERT INTO t VALUES (1)  ".into(),
        },
    );
    add(
        "bulk insert schema and partial rows",
        Op::BulkInsert {
            table: "user".into(),
            schema: s("s1"),
            columns: vec!["id".into(), "Name".into()],
            rows: vec![
                vec![("Name".into(), Literal::Str("a\\b".into()))],
                vec![
                    ("Name".into(), Literal::Str("c".into())),
                    ("id".into(), Literal::Int(-3)),
                ],
            ],
        },
    );
    cases
}

#[test]
fn rendering_matches_alembic() {
    let Some(py) = python() else { return };
    let cases = cases();
    let ops: Vec<&Op> = cases.iter().map(|(_, op)| op).collect();
    let request = serde_json::json!({
        "dialects": dialects().iter().map(|(key, _)| *key).collect::<Vec<_>>(),
        "ops": ops,
    });
    let mut child = Command::new(&py)
        .arg(workspace().join("tests/oracle/render_ops.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the oracle");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(request.to_string().as_bytes())
        .expect("write request");
    let out = child.wait_with_output().expect("oracle output");
    assert!(out.status.success(), "oracle failed");
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("oracle JSON");
    assert_eq!(answers.len(), cases.len(), "one oracle answer per case");
    let mut mismatches = Vec::new();
    for ((name, op), answer) in cases.iter().zip(&answers) {
        for (key, d) in dialects() {
            let ours = render_script(d, std::slice::from_ref(op));
            let theirs = &answer[key];
            let ok = match (&ours, theirs.get("ok").and_then(|v| v.as_str())) {
                (Ok(a), Some(b)) => a == b,
                (Err(_), None) => true,
                _ => false,
            };
            if !ok {
                mismatches.push(format!(
                    "--- {name} [{key}]\naludel:  {ours:?}\nalembic: {theirs}"
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
