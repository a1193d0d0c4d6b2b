//! Differential test of the revision writer against the real Alembic
//! (`tests/oracle/render_python.py`, one Python process for all cases).
//!
//! 1. For the cases Alembic can render, the same operations are built as
//!    Alembic operation objects and rendered as autogenerate renders a
//!    revision body; aludel's text must equal it line by line, after the
//!    case's listed substitutions — each one an intended difference of the
//!    writer (see `aludel_python::writer`), named by a reason below. The
//!    imports must be Alembic's plus at most the case's listed extras.
//! 2. Every case's text (all of `writer_cases`, plain and batch) is run with
//!    Alembic's `Operations` in offline mode on SQLite, PostgreSQL and MySQL:
//!    it must run on the dialects the case names, and nowhere fail as Python
//!    (`SyntaxError`, `NameError`, `TypeError`, `AttributeError`...) rather
//!    than as the database's SQL compiler does.
//!
//! The venv is `ALUDEL_REF_VENV`, else `<workspace>/.venv`; without it the
//! test is skipped, or fails under `CI=true`.

mod writer_cases;

use std::io::Write;
use std::process::{Command, Stdio};

use aludel_core::ops::{BatchAlterTable, ConstraintKind, Op, Recreate};
use aludel_core::schema::{
    Column, Constraint, EnumType, ForeignKey, IndexOptions, IndexPart, MysqlType, PostgresqlType,
    ServerDefault, SqlType, UpperType,
};
use aludel_python::writer::{group_into_batches, write_ops, WriteOptions};
use writer_cases::{add, alter, col, drop_col, drop_index, id, index, pk, s, table};

/// Alembic compiles a function default for the database; aludel keeps the call.
const FUNC_DEFAULT: &str = "function server default kept as sa.func";
/// In SQLAlchemy 2 `postgresql.UUID` is `sa.UUID`; aludel's types tell them apart.
const PG_MODULE: &str = "postgresql type kept in its dialect module";
/// Alembic strips one pair of quotes off a string default (meant for reflected
/// defaults), changing a model's `server_default="'x'"`; aludel writes the string.
const QUOTED_LITERAL: &str = "string default written as given";
/// Alembic drops `deferrable=False` of a table's foreign key (it tests truthiness).
const NOT_DEFERRABLE: &str = "deferrable=False of sa.ForeignKeyConstraint written";
/// Alembic does not render `postgresql_using=` of `alter_column`.
const PG_USING: &str = "postgresql_using= of alter_column written";

struct Case {
    name: String,
    ops: Vec<Op>,
    batch: bool,
    /// Compare with Alembic's rendering: (aludel's text, Alembic's text, why).
    compare: Option<Vec<(&'static str, &'static str, &'static str)>>,
    /// Imports aludel adds beyond Alembic's.
    extra_imports: Vec<&'static str>,
    /// Dialects the text must run on offline.
    runs_on: Vec<&'static str>,
    /// The text must run offline on at least one dialect.
    runs_somewhere: bool,
}

const ALL: [&str; 3] = ["sqlite", "postgresql", "mysql"];

fn same(name: &str, ops: Vec<Op>, batch: bool, runs_on: &[&'static str]) -> Case {
    Case {
        name: name.into(),
        ops,
        batch,
        compare: Some(vec![]),
        extra_imports: vec![],
        runs_on: runs_on.to_vec(),
        runs_somewhere: false,
    }
}

fn fk(columns: &[&str], table: &str, refs: &[&str]) -> ForeignKey {
    ForeignKey::new(columns, table, refs)
}

/// Cases Alembic's renderer can produce: what autogenerate emits.
fn compared() -> Vec<Case> {
    let mut cases = Vec::new();

    let mut hero_fk = fk(&["team_id"], "team", &["id"]);
    hero_fk.ondelete = s("CASCADE");
    hero_fk.name = s("fk_hero_team_id_team");
    // Constraints in Alembic's order (sorted by their rendered text).
    cases.push(same(
        "new_tables",
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
            Op::CreateTable {
                table: "hero".into(),
                schema: s("app"),
                columns: vec![
                    Column::new("id", SqlType::Integer).primary_key(),
                    Column::new("name", SqlType::AutoString { length: Some(100) }).not_null(),
                    Column::new(
                        "status",
                        SqlType::Enum(EnumType::new(Some("status"), &["active", "banned"])),
                    )
                    .not_null()
                    .default(ServerDefault::Literal("active".into())),
                    Column::new("ext_id", SqlType::Uuid { as_uuid: true }).not_null(),
                    Column::new("bio", SqlType::Text { collation: None }).comment("it's \"bio\""),
                    Column::new("team_id", SqlType::Integer),
                    Column::new("other_id", SqlType::Integer),
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
                        sqltext: "score >= 0".into(),
                    },
                    Constraint::ForeignKey(fk(&["other_id"], "other", &["id"])),
                    Constraint::ForeignKey(hero_fk),
                    Constraint::PrimaryKey {
                        name: s("pk_hero"),
                        columns: vec!["id".into()],
                    },
                    Constraint::Unique {
                        name: s("uq_hero_name"),
                        columns: vec!["name".into(), "team_id".into()],
                    },
                ],
                comment: s("heroes"),
                if_not_exists: true,
            },
            index("ix_hero_name", "hero", vec![col("name")]),
        ],
        false,
        &["postgresql"],
    ));
    cases.last_mut().unwrap().extra_imports = vec!["import sqlmodel"];

    // Every type, one add_column each.
    let mut types = Vec::new();
    for t in writer_cases::all_types() {
        types.push(add("t", Column::new("c", t)));
    }
    cases.push(Case {
        name: "every_type".into(),
        ops: types,
        batch: false,
        compare: Some(vec![
            ("postgresql.UUID()", "sa.UUID()", PG_MODULE),
            (
                "postgresql.DOUBLE_PRECISION()",
                "sa.DOUBLE_PRECISION()",
                PG_MODULE,
            ),
        ]),
        extra_imports: vec!["import sqlmodel"],
        runs_on: vec![],
        runs_somewhere: false,
    });

    let mut full_alter = alter("hero", "score");
    full_alter.schema = s("app");
    full_alter.existing_type = Some(SqlType::Upper(UpperType::Float));
    full_alter.type_ = Some(SqlType::Numeric {
        precision: Some(10),
        scale: Some(2),
    });
    full_alter.nullable = Some(false);
    full_alter.existing_nullable = Some(true);
    full_alter.server_default = Some(Some(ServerDefault::Text("0".into())));
    full_alter.existing_server_default = Some(ServerDefault::Text("1".into()));
    full_alter.comment = Some(Some("the score".into()));
    full_alter.existing_comment = s("old");
    full_alter.new_column_name = s("points");
    let mut drop_default = alter("hero", "name");
    drop_default.server_default = Some(None);
    drop_default.comment = Some(None);
    drop_default.existing_type = Some(SqlType::Upper(UpperType::Varchar(Some(100))));
    drop_default.existing_nullable = Some(true);
    let mut keep_default = alter("hero", "status");
    keep_default.existing_server_default = Some(ServerDefault::Literal("active".into()));
    keep_default.existing_nullable = Some(false);
    keep_default.type_ = Some(SqlType::Enum(EnumType::new(
        Some("status"),
        &["active", "banned", "gone"],
    )));
    keep_default.existing_type = Some(SqlType::Mysql(MysqlType::Enum(vec![
        "active".into(),
        "banned".into(),
    ])));
    let mut type_change = alter("hero", "name");
    type_change.existing_type = Some(SqlType::Upper(UpperType::Varchar(Some(100))));
    type_change.type_ = Some(SqlType::AutoString { length: Some(200) });
    type_change.existing_nullable = Some(false);
    let alters = vec![
        Op::AlterColumn(Box::new(full_alter)),
        Op::AlterColumn(Box::new(drop_default)),
        Op::AlterColumn(Box::new(keep_default)),
        Op::AlterColumn(Box::new(type_change)),
    ];
    cases.push(Case {
        name: "alter_columns".into(),
        ops: alters.clone(),
        batch: false,
        compare: Some(vec![]),
        extra_imports: vec!["import sqlmodel"],
        runs_on: vec!["postgresql"],
        runs_somewhere: false,
    });
    cases.push(Case {
        name: "alter_columns_batch".into(),
        ops: alters,
        batch: true,
        compare: Some(vec![]),
        extra_imports: vec!["import sqlmodel"],
        runs_on: vec!["postgresql"],
        runs_somewhere: false,
    });

    let mut func_alter = alter("hero", "created");
    func_alter.existing_type = Some(SqlType::DateTime { timezone: true });
    func_alter.server_default = Some(Some(ServerDefault::Func {
        name: "now".into(),
        args: vec![],
    }));
    let mut using = alter("hero", "n");
    using.type_ = Some(SqlType::Integer);
    using.postgresql_using = s("n::integer");
    cases.push(Case {
        name: "function_defaults".into(),
        ops: vec![
            add(
                "hero",
                Column::new("at", SqlType::DateTime { timezone: false }).default(
                    ServerDefault::Func {
                        name: "now".into(),
                        args: vec![],
                    },
                ),
            ),
            Op::AlterColumn(Box::new(func_alter)),
            Op::AlterColumn(Box::new(using)),
        ],
        batch: false,
        compare: Some(vec![
            (
                "server_default=sa.func.now()",
                "server_default=sa.text('now()')",
                FUNC_DEFAULT,
            ),
            (
                "server_default=sa.func.now()",
                "server_default=sa.text('now()')",
                FUNC_DEFAULT,
            ),
            (
                ",\n               postgresql_using='n::integer'",
                "",
                PG_USING,
            ),
        ]),
        extra_imports: vec![],
        runs_on: ALL.to_vec(),
        runs_somewhere: false,
    });

    let mut nd = fk(&["b"], "other", &["id"]);
    nd.deferrable = Some(false);
    cases.push(Case {
        name: "alembic_drops_arguments".into(),
        ops: vec![
            table(
                "t",
                vec![id(), Column::new("b", SqlType::Integer)],
                vec![Constraint::ForeignKey(nd), pk(&["id"])],
            ),
            add(
                "t",
                Column::new("q", SqlType::string(5)).default(ServerDefault::Literal("'x'".into())),
            ),
        ],
        batch: false,
        compare: Some(vec![
            (", deferrable=False)", ", )", NOT_DEFERRABLE),
            (
                "server_default=\"'x'\"",
                "server_default='x'",
                QUOTED_LITERAL,
            ),
        ]),
        extra_imports: vec![],
        runs_on: ALL.to_vec(),
        runs_somewhere: false,
    });

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
    cases.push(same(
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
        false,
        &["postgresql"],
    ));

    let mut full = fk(&["team_id", "org"], "team", &["id", "org"]);
    full.name = s("fk_hero_team");
    full.referent_schema = s("core");
    full.ondelete = s("CASCADE");
    full.onupdate = s("SET NULL");
    full.deferrable = Some(false);
    full.initially = s("DEFERRED");
    full.match_ = s("FULL");
    let constraints = vec![
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
            key: full,
            postgresql_not_valid: false,
        },
        Op::CreateForeignKey {
            table: "hero".into(),
            schema: None,
            key: fk(&["team_id"], "team", &["id"]),
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
            name: s("ck_name"),
            table: "hero".into(),
            schema: s("app"),
            sqltext: "name <> 'x'".into(),
            postgresql_not_valid: false,
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
    ];
    cases.push(same(
        "constraints",
        constraints.clone(),
        false,
        &["postgresql"],
    ));
    cases.push(same("constraints_batch", constraints, true, &[]));

    let comments = vec![
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
    ];
    cases.push(same(
        "table_comments",
        comments.clone(),
        false,
        &["postgresql", "mysql"],
    ));
    cases.push(same(
        "table_comments_batch",
        comments,
        true,
        &["postgresql", "mysql"],
    ));

    let columns = vec![
        add(
            "hero",
            Column::new("email", SqlType::string(320)).not_null(),
        ),
        Op::AddColumn {
            table: "hero".into(),
            schema: s("app"),
            column: Column::new("tags", SqlType::Postgresql(PostgresqlType::Jsonb))
                .default(ServerDefault::Text("'[]'::jsonb".into())),
            if_not_exists: true,
            inline_references: false,
            inline_primary_key: false,
        },
        drop_col("hero", "secret_name"),
        Op::DropColumn {
            table: "hero".into(),
            schema: s("app"),
            column: "age".into(),
            if_exists: true,
        },
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
        Op::Execute {
            sql: "UPDATE hero SET name = 'it''s' WHERE note = \"x\"\n".into(),
        },
    ];
    cases.push(same("columns_and_tables", columns, false, &["postgresql"]));

    let runs = vec![
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
        Op::CreateForeignKey {
            table: "hero".into(),
            schema: None,
            key: {
                let mut k = fk(&["team_id"], "team", &["id"]);
                k.name = s("fk_hero_team");
                k
            },
            postgresql_not_valid: false,
        },
        Op::CreateTableComment {
            table: "hero".into(),
            schema: None,
            comment: "heroes".into(),
            existing_comment: None,
        },
        drop_col("hero", "age"),
        Op::DropTable {
            table: "old".into(),
            schema: None,
            if_exists: false,
        },
    ];
    cases.push(same("render_as_batch", runs, true, &[]));
    cases
}

/// Every shared case, plain and batch, for the run check only.
fn run_only() -> Vec<Case> {
    let mut out = Vec::new();
    for (name, ops) in writer_cases::cases() {
        for batch in [false, true] {
            // Where Alembic runs the case offline (batch blocks need a live
            // SQLite database to reflect; MySQL has no MATCH, no JSONB...).
            let runs_on: Vec<&'static str> = match (name, batch) {
                (
                    "empty"
                    | "execute"
                    | "drop_and_rename_tables"
                    | "bulk_insert"
                    | "enums"
                    | "indexes"
                    | "create_table_full"
                    | "create_table_plain",
                    _,
                ) => ALL.to_vec(),
                ("create_table_inline_columns", _) => vec!["sqlite", "postgresql"],
                ("constraints" | "columns", _) => vec!["postgresql"],
                ("alter_columns", _) => vec!["mysql"],
                ("table_comments" | "autocommit" | "per_table_runs", _) => {
                    vec!["postgresql", "mysql"]
                }
                _ => vec![],
            };
            out.push(Case {
                name: format!("{name} (batch={batch})"),
                ops: ops.clone(),
                batch,
                compare: None,
                extra_imports: vec![],
                runs_on,
                runs_somewhere: false,
            });
        }
    }
    // Each type alone: it must compile on at least one of the databases.
    for t in writer_cases::all_types() {
        out.push(Case {
            name: format!("add_column of {t:?}"),
            ops: vec![add("t", Column::new("c", t))],
            batch: false,
            compare: None,
            extra_imports: vec![],
            runs_on: vec![],
            runs_somewhere: true,
        });
    }
    // A batch block, which offline SQLite rebuilds and the others run in place.
    out.push(Case {
        name: "batch block".into(),
        ops: vec![Op::Batch(Box::new(BatchAlterTable {
            table: "hero".into(),
            schema: None,
            recreate: Recreate::Never,
            ops: vec![add("hero", Column::new("x", SqlType::Integer))],
            placements: vec![],
            naming_convention: Vec::new(),
        }))],
        batch: false,
        compare: None,
        extra_imports: vec![],
        runs_on: ALL.to_vec(),
        runs_somewhere: false,
    });
    out
}

/// Python-level failures: the text itself is wrong, whatever the database.
const PYTHON_ERRORS: [&str; 7] = [
    "SyntaxError",
    "IndentationError",
    "NameError",
    "TypeError",
    "AttributeError",
    "ImportError",
    "KeyError",
];

#[test]
fn writer_matches_alembic_and_runs_under_alembic() {
    let Some(py) = aludel_testkit::reference_python("writer differential test") else {
        return;
    };
    let mut cases = compared();
    cases.extend(run_only());
    let mut request = Vec::new();
    let mut bodies = Vec::new();
    for c in &cases {
        let options = WriteOptions { batch: c.batch };
        let body = write_ops(&c.ops, &options).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let sent: Vec<Op> = if c.batch {
            group_into_batches(&c.ops)
        } else {
            c.ops.clone()
        };
        request.push(serde_json::json!({
            "ops": sent,
            "compare": c.compare.is_some(),
            "text": body.text,
            "imports": body.imports,
        }));
        bodies.push(body);
    }
    let mut child = Command::new(&py)
        .arg(aludel_testkit::workspace_root().join("tests/oracle/render_python.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the oracle");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            serde_json::json!({ "cases": request })
                .to_string()
                .as_bytes(),
        )
        .expect("write request");
    let out = child.wait_with_output().expect("oracle output");
    assert!(out.status.success(), "oracle failed");
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("oracle JSON");
    assert_eq!(answers.len(), cases.len(), "one answer per case");

    let mut failures = Vec::new();
    for ((c, body), answer) in cases.iter().zip(&bodies).zip(&answers) {
        let ran = ALL.iter().any(|d| answer["exec"][d].as_str() == Some("ok"));
        if c.runs_somewhere && !ran {
            failures.push(format!(
                "{} runs on no database: {}\n{}",
                c.name, answer["exec"], body.text
            ));
        }
        for d in ALL {
            let result = answer["exec"][d].as_str().unwrap_or("no answer");
            if result == "ok" {
                continue;
            }
            if c.runs_on.contains(&d) {
                failures.push(format!(
                    "{} does not run on {d}: {result}\n{}",
                    c.name, body.text
                ));
            } else if PYTHON_ERRORS
                .iter()
                .any(|e| result.starts_with(&format!("{e}:")))
            {
                failures.push(format!(
                    "{} fails as Python on {d}: {result}\n{}",
                    c.name, body.text
                ));
            }
        }
        let Some(subst) = &c.compare else { continue };
        let theirs = &answer["alembic"];
        let Some(their_text) = theirs["text"].as_str() else {
            failures.push(format!(
                "{}: Alembic did not render: {}",
                c.name, theirs["err"]
            ));
            continue;
        };
        let mut ours = body.template_value();
        for (from, to, why) in subst {
            let Some(at) = ours.find(from) else {
                failures.push(format!(
                    "{}: intended difference ({why}) not found: {from:?}",
                    c.name
                ));
                continue;
            };
            ours.replace_range(at..at + from.len(), to);
        }
        let ours_lines: Vec<&str> = ours.lines().collect();
        let theirs_lines: Vec<&str> = their_text.lines().collect();
        if ours_lines != theirs_lines {
            let first = ours_lines
                .iter()
                .zip(&theirs_lines)
                .position(|(a, b)| a != b)
                .unwrap_or(ours_lines.len().min(theirs_lines.len()));
            failures.push(format!(
                "{}: line {} differs\n  aludel:  {:?}\n  alembic: {:?}\n--- aludel\n{ours}\n--- alembic\n{their_text}",
                c.name,
                first + 1,
                ours_lines.get(first),
                theirs_lines.get(first),
            ));
        }
        let their_imports: Vec<&str> = theirs["imports"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let mut want: Vec<&str> = their_imports.clone();
        want.extend(c.extra_imports.iter().copied());
        want.sort_unstable();
        want.dedup();
        let got: Vec<&str> = body.imports.iter().map(String::as_str).collect();
        if got != want {
            failures.push(format!(
                "{}: imports {got:?}, Alembic's {their_imports:?} plus {:?}",
                c.name, c.extra_imports
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
