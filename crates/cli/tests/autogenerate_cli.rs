//! `aludel revision --autogenerate` and `aludel check` as a user meets
//! them, on a small SQLModel project (`aludel_testkit::ModelProject`):
//! Alembic's preconditions and lines, `check --json`, `check --offline`
//! (the models against the replayed migrations), the errors.
//!
//! Tests named `needs_diff_*` assert differences only the schema diff
//! (`crates/core/src/diff`) finds: they were written while `diff()` was a
//! stub returning an empty `Diff`, as acceptance tests of the diff; run
//! them with `cargo test -p aludel-cli --test autogenerate_cli needs_diff`.
//! The others pass with any diff that finds no false difference (equal
//! models and schema must compare equal).

mod support;

use aludel_testkit::{Dialect, ModelProject, ScratchDb};
use serde_json::Value;
use support::migrate::{alembic_with_url, aludel_with_url};
use support::Run;

/// Two tables, one index, one foreign key.
const MODELS: &str = r#"class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
"#;

/// [`MODELS`] and a third table.
const MODELS_WITH_POWER: &str = r#"class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")


class Power(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
"#;

/// What `alembic revision --autogenerate` (1.20.1) writes for [`MODELS`].
const CREATE: &str = "    op.create_table('team',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_team_name'), 'team', ['name'], unique=False)
    op.create_table('hero',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ),
    sa.PrimaryKeyConstraint('id')
    )";

const DROP: &str = "    op.drop_table('hero')
    op.drop_index(op.f('ix_team_name'), table_name='team')
    op.drop_table('team')";

const NO_CHANGES: &str = "No new upgrade operations detected.";

/// A project with [`MODELS`] and revision `0001` creating them.
fn project() -> ModelProject {
    let p = ModelProject::new(MODELS);
    p.write_revision("0001", None, CREATE, DROP);
    p
}

/// `project()` with its database upgraded to `0001` by aludel.
fn project_at_head(url: &str) -> ModelProject {
    let p = project();
    let up = aludel_with_url(&p.dir, &["upgrade", "head"], url);
    assert_eq!(up.code, 0, "upgrade head: {}{}", up.stdout, up.stderr);
    p
}

fn ok(run: &Run) {
    assert_eq!(
        run.code,
        0,
        "{} exited {}:\n{}\n{}",
        run.command_line(),
        run.code,
        run.stdout,
        run.stderr
    );
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{} printed no JSON ({e}):\n{}",
            run.command_line(),
            run.stdout
        )
    })
}

// ------------------------------------------------------ preconditions

#[test]
fn autogenerate_and_check_refuse_a_database_that_is_not_at_head() {
    let db = ScratchDb::sqlite();
    let p = project();
    for args in [
        &[
            "revision",
            "--autogenerate",
            "-m",
            "next",
            "--rev-id",
            "0002",
        ][..],
        &["check"][..],
    ] {
        let run = aludel_with_url(&p.dir, args, db.url());
        assert_eq!(
            run.code,
            255,
            "{}: {}{}",
            run.command_line(),
            run.stdout,
            run.stderr
        );
        assert_eq!(run.stdout, "FAILED: Target database is not up to date.\n");
        assert!(
            run.stderr
                .contains("ERROR [alembic.util.messaging] Target database is not up to date.")
                && run.stderr.contains("aludel upgrade heads"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(p.revision_files().len(), 1, "no revision was written");
    // Real Alembic says the same.
    if let Some(r) = support::reference() {
        let theirs = alembic_with_url(&r, &p.dir, &["check"], db.url());
        assert_eq!(theirs.code, 255);
        assert_eq!(
            theirs.stdout,
            "FAILED: Target database is not up to date.\n"
        );
    }
}

#[test]
fn sql_with_autogenerate_is_refused() {
    let p = project();
    let run = support::aludel(&p.dir, &["revision", "--autogenerate", "--sql", "-m", "x"]);
    assert_eq!(run.code, 255);
    assert_eq!(
        run.stdout,
        "FAILED: Using --sql with --autogenerate does not make any sense\n"
    );
}

// ------------------------------------------------------ models == database

#[test]
fn check_passes_when_models_and_database_agree() {
    for dialect in Dialect::ALL {
        let Some(db) = ScratchDb::create_tagged(dialect, "ag_equal") else {
            continue;
        };
        let p = project_at_head(db.url());
        let run = aludel_with_url(&p.dir, &["check"], db.url());
        ok(&run);
        assert_eq!(run.stdout, format!("{NO_CHANGES}\n"), "{dialect}");
        assert!(
            run.stderr.contains("INFO  [alembic.runtime.migration] Context impl ")
                && run.stderr.contains(
                    "INFO  [alembic.runtime.plugins] setting up autogenerate plugin alembic.autogenerate.comments"
                )
                && !run.stderr.contains("Detected"),
            "{dialect}: {}",
            run.stderr
        );
        // The fixture is what real Alembic calls equal, too.
        if let Some(r) = support::reference() {
            let theirs = alembic_with_url(&r, &p.dir, &["check"], db.url());
            assert_eq!(
                theirs.stdout,
                format!("{NO_CHANGES}\n"),
                "{dialect}: {}",
                theirs.stderr
            );
        }
    }
}

#[test]
fn check_json_reports_the_comparison() {
    let db = ScratchDb::sqlite();
    let p = project_at_head(db.url());
    let run = aludel_with_url(&p.dir, &["--json", "check"], db.url());
    ok(&run);
    let report = json_of(&run);
    let keys: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["against", "changes", "dialect", "notes", "ok"]);
    assert_eq!(report["ok"], true);
    assert_eq!(report["changes"], serde_json::json!([]));
    assert_eq!(report["notes"], serde_json::json!([]));
    assert_eq!(report["dialect"], "sqlite");
    assert_eq!(report["against"]["kind"], "database");
    assert_eq!(report["against"]["url"], db.url());
}

#[test]
fn autogenerate_without_differences_writes_pass_bodies() {
    let db = ScratchDb::sqlite();
    let p = project_at_head(db.url());
    let run = aludel_with_url(
        &p.dir,
        &[
            "revision",
            "--autogenerate",
            "-m",
            "nothing new",
            "--rev-id",
            "0002",
        ],
        db.url(),
    );
    ok(&run);
    let file = p
        .revision_file("0002")
        .expect("0002_nothing_new.py is written");
    assert_eq!(
        run.stdout,
        format!("Generating {} ...  done\n", file.display())
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let empty = "    # ### commands auto generated by Alembic - please adjust! ###\n    pass\n    # ### end Alembic commands ###\n";
    assert!(
        text.contains(&format!(
            "def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n{empty}"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "def downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n{empty}"
        )),
        "{text}"
    );
    assert!(text.contains("down_revision: Union[str, Sequence[str], None] = '0001'"));
    // The template's own `import sqlmodel` is not repeated.
    assert_eq!(text.matches("import sqlmodel").count(), 1, "{text}");
    let heads = aludel_with_url(&p.dir, &["heads"], db.url());
    assert_eq!(heads.stdout, "0002 (head)\n");
    if let Some(r) = support::reference() {
        let theirs = alembic_with_url(&r, &p.dir, &["heads"], db.url());
        assert_eq!(theirs.stdout, "0002 (head)\n", "{}", theirs.stderr);
    }
}

#[test]
fn urls_are_shown_without_their_password() {
    // The test server trusts every password, so one can be given.
    let Some(db) = ScratchDb::postgres() else {
        return;
    };
    let url = db.url().replacen("postgres@", "postgres:s3cret@", 1);
    let p = project();
    let behind = aludel_with_url(&p.dir, &["check"], &url);
    assert_eq!(behind.code, 255);
    assert!(
        behind.stderr.contains("postgres:***@127.0.0.1"),
        "{}",
        behind.stderr
    );
    ok(&aludel_with_url(&p.dir, &["upgrade", "head"], &url));
    let run = aludel_with_url(&p.dir, &["--json", "check"], &url);
    ok(&run);
    let report = json_of(&run);
    assert!(
        report["against"]["url"]
            .as_str()
            .unwrap()
            .starts_with("postgresql+psycopg://postgres:***@"),
        "{report}"
    );
    for out in [&behind.stdout, &behind.stderr, &run.stdout, &run.stderr] {
        assert!(!out.contains("s3cret"), "{out}");
    }
}

// ------------------------------------------------------ offline

#[test]
fn check_without_a_database_compares_with_the_replayed_migrations() {
    let p = project();
    // No URL anywhere: the models are compared with the migrations.
    let run = support::aludel(&p.dir, &["check"]);
    ok(&run);
    assert_eq!(
        run.stdout,
        format!("Compared the models with the schema replayed from the migrations (1 revision up to 0001, sqlite; no database).\n{NO_CHANGES}\n")
    );
    // With a URL, --offline does the same for the URL's database kind
    // without connecting (the server named does not exist).
    let run = aludel_with_url(
        &p.dir,
        &["--json", "check", "--offline"],
        "postgresql://nobody@127.0.0.1:1/none",
    );
    ok(&run);
    let report = json_of(&run);
    assert_eq!(report["ok"], true);
    assert_eq!(report["dialect"], "postgresql");
    assert_eq!(
        report["against"],
        serde_json::json!({"kind": "migrations", "revisions": 1, "heads": ["0001"]})
    );
    let run = support::aludel(&p.dir, &["check", "--offline", "--dialect", "mariadb"]);
    ok(&run);
    assert!(run
        .stdout
        .contains("(1 revision up to 0001, mariadb; no database)"));
}

#[test]
fn check_offline_replays_data_statements_and_refuses_raw_ddl() {
    let p = project();
    p.write_revision(
        "0002",
        Some("0001"),
        "    op.execute(\"INSERT INTO team (id, name) VALUES (1, 'a')\")",
        "    op.execute('DELETE FROM team')",
    );
    ok(&support::aludel(&p.dir, &["check"]));
    p.write_revision(
        "0003",
        Some("0002"),
        "    op.execute('CREATE INDEX ix_hero_name ON hero (name)')",
        "    op.execute('DROP INDEX ix_hero_name')",
    );
    let run = support::aludel(&p.dir, &["check"]);
    assert_eq!(run.code, 255, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "FAILED: check --offline cannot replay upgrade() of revision 0003: op.execute() runs SQL the replay cannot follow: CREATE INDEX ix_hero_name ON hero (name)"
        ),
        "{}",
        run.stdout
    );
    let at = format!("{}:16:5", p.versions_dir().join("0003.py").display());
    assert!(run.stderr.contains(&at), "{at} in:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("run `aludel check` with the database URL configured"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_options_are_checked() {
    let p = project();
    let run = aludel_with_url(&p.dir, &["check", "--dialect", "postgresql"], "sqlite://");
    assert_eq!(run.code, 255);
    assert!(
        run.stdout
            .starts_with("FAILED: --dialect applies only to check --offline"),
        "{}",
        run.stdout
    );
    let run = support::aludel(&p.dir, &["check", "--offline", "--dialect", "oracle"]);
    assert_eq!(run.code, 255);
    assert_eq!(
        run.stdout,
        "FAILED: unknown database kind 'oracle' for --dialect\n"
    );
    assert!(run.stderr.contains("sqlite, postgresql, mysql or mariadb"));
}

// ------------------------------------------------------ errors

#[test]
fn model_errors_say_what_and_where() {
    let p = project();
    p.set_models("class Hero(SQLModel, table=True):\n    id: int = Field(primary_key=True\n");
    let run = support::aludel(&p.dir, &["check"]);
    assert_eq!(run.code, 255);
    assert!(
        run.stdout
            .starts_with("FAILED: Cannot read the models: invalid Python syntax"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains(&format!("--> {}:", p.dir.join("models.py").display())),
        "{}",
        run.stderr
    );

    std::fs::write(p.dir.join("aludel.toml"), "models = [\"app.nothing\"]\n").unwrap();
    let run = support::aludel(&p.dir, &["check"]);
    assert_eq!(run.code, 255);
    assert!(
        run.stdout
            .starts_with("FAILED: the model module 'app.nothing' named by models = [...]"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("looked in: "), "{}", run.stderr);

    // Without [tool.aludel] models, env.py's target_metadata decides; the
    // oracle's env.py computes it, which aludel cannot follow.
    std::fs::remove_file(p.dir.join("aludel.toml")).unwrap();
    let env = p.dir.join("alembic").join("env.py");
    std::fs::write(
        &env,
        "from alembic import context\nimport models\n\ntarget_metadata = None\n",
    )
    .unwrap();
    let run = support::aludel(&p.dir, &["check"]);
    assert_eq!(run.code, 255);
    assert_eq!(
        run.stdout,
        format!(
            "FAILED: Can't proceed with --autogenerate option; environment script {} does not provide a MetaData object or sequence of objects to the context.\n",
            env.display()
        )
    );
}

#[test]
fn env_py_imports_name_the_models() {
    let p = project();
    std::fs::remove_file(p.dir.join("aludel.toml")).unwrap();
    std::fs::write(
        p.dir.join("alembic").join("env.py"),
        "from alembic import context\nfrom sqlmodel import SQLModel\nimport models  # noqa: F401\n\ntarget_metadata = SQLModel.metadata\n",
    )
    .unwrap();
    let run = support::aludel(&p.dir, &["check"]);
    ok(&run);
    assert!(
        run.stdout.ends_with(&format!("{NO_CHANGES}\n")),
        "{}",
        run.stdout
    );
}

// ------------------------------------------------------ NEEDS THE DIFF

/// NEEDS THE DIFF (fails with a stub `diff()`).
#[test]
fn needs_diff_check_lists_a_table_the_database_lacks() {
    let db = ScratchDb::sqlite();
    let p = project_at_head(db.url());
    p.set_models(MODELS_WITH_POWER);
    let run = aludel_with_url(&p.dir, &["check"], db.url());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "FAILED: New upgrade operations detected: [('add_table', None, 'power')]\n"
    );
    assert!(
        run.stderr
            .contains("INFO  [alembic.autogenerate.compare.tables] Detected added table 'power'\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\n  - add table power\n"),
        "{}",
        run.stderr
    );

    let run = aludel_with_url(&p.dir, &["--json", "check"], db.url());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report = json_of(&run);
    assert_eq!(report["ok"], false);
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    assert_eq!(changes[0]["kind"], "add_table");
    assert_eq!(changes[0]["table"], "power");
    assert_eq!(changes[0]["schema"], Value::Null);
    assert_eq!(changes[0]["description"], "add table power");
}

/// NEEDS THE DIFF (fails with a stub `diff()`).
#[test]
fn needs_diff_check_offline_lists_a_table_the_migrations_lack() {
    let p = project();
    p.set_models(MODELS_WITH_POWER);
    let run = support::aludel(&p.dir, &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "Compared the models with the schema replayed from the migrations (1 revision up to 0001, sqlite; no database).\nFAILED: New upgrade operations detected: [('add_table', None, 'power')]\n"
    );
}

/// NEEDS THE DIFF (fails with a stub `diff()`). The round trip:
/// autogenerate, upgrade, and both tools' `check` find nothing left.
#[test]
fn needs_diff_autogenerate_writes_the_difference_and_check_then_passes() {
    for dialect in Dialect::ALL {
        let Some(db) = ScratchDb::create_tagged(dialect, "ag_power") else {
            continue;
        };
        let p = project_at_head(db.url());
        p.set_models(MODELS_WITH_POWER);
        let run = aludel_with_url(
            &p.dir,
            &[
                "revision",
                "--autogenerate",
                "-m",
                "add power",
                "--rev-id",
                "0002",
            ],
            db.url(),
        );
        ok(&run);
        assert!(
            run.stderr.contains("Detected added table 'power'"),
            "{dialect}: {}",
            run.stderr
        );
        let file = p.revision_file("0002").expect("0002_add_power.py");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("    op.create_table('power',\n"),
            "{dialect}: {text}"
        );
        assert!(
            text.contains("    op.drop_table('power')\n"),
            "{dialect}: {text}"
        );
        ok(&aludel_with_url(&p.dir, &["upgrade", "head"], db.url()));
        let run = aludel_with_url(&p.dir, &["check"], db.url());
        ok(&run);
        assert_eq!(run.stdout, format!("{NO_CHANGES}\n"), "{dialect}");
        let offline = support::aludel(
            &p.dir,
            &["check", "--offline", "--dialect", dialect_name(dialect)],
        );
        ok(&offline);
        if let Some(r) = support::reference() {
            let theirs = alembic_with_url(&r, &p.dir, &["check"], db.url());
            assert_eq!(
                theirs.stdout,
                format!("{NO_CHANGES}\n"),
                "{dialect}: {}",
                theirs.stderr
            );
            // Alembic runs the written file down and up again.
            ok(&alembic_with_url(
                &r,
                &p.dir,
                &["downgrade", "0001"],
                db.url(),
            ));
            ok(&alembic_with_url(
                &r,
                &p.dir,
                &["upgrade", "head"],
                db.url(),
            ));
        }
    }
}

fn dialect_name(d: Dialect) -> &'static str {
    match d {
        Dialect::Sqlite => "sqlite",
        Dialect::Postgresql => "postgresql",
        Dialect::Mariadb => "mariadb",
    }
}

/// NEEDS THE DIFF (the variants with differences fail while `diff()` is a
/// stub): `check` finds the same kinds of differences as real Alembic's.
#[test]
fn needs_diff_check_finds_what_alembic_finds() {
    let Some(r) = support::reference() else {
        return;
    };
    let hero = |fields: &str| {
        format!(
            "class Team(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str = Field(index=True)\n\n\nclass Hero(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n{fields}"
        )
    };
    let team_fk = "    team_id: Optional[int] = Field(default=None, foreign_key=\"team.id\")\n";
    let variants: Vec<(&str, String)> = vec![
        ("same", MODELS.to_string()),
        ("added table", MODELS_WITH_POWER.to_string()),
        (
            "added column",
            hero(&format!(
                "    name: str\n{team_fk}    age: Optional[int] = None\n"
            )),
        ),
        ("removed column", hero(team_fk)),
        (
            "nullable",
            hero(&format!("    name: Optional[str] = None\n{team_fk}")),
        ),
        (
            "removed index",
            MODELS.replace("name: str = Field(index=True)", "name: str"),
        ),
        (
            "removed foreign key",
            hero("    name: str\n    team_id: Optional[int] = None\n"),
        ),
    ];
    let mut failures = Vec::new();
    for (what, models) in &variants {
        let db = ScratchDb::sqlite();
        let p = project_at_head(db.url());
        p.set_models(models);
        let ours = aludel_with_url(&p.dir, &["check"], db.url());
        let theirs = alembic_with_url(&r, &p.dir, &["check"], db.url());
        let (our_kinds, their_kinds) = (kinds(&ours.stdout), kinds(&theirs.stdout));
        let agree = match theirs.code {
            0 => ours.code == 0,
            _ => ours.code == 1 && our_kinds == their_kinds,
        };
        if !agree {
            failures.push(format!(
                "{what}: aludel exited {} with {our_kinds:?}, alembic {} with {their_kinds:?}\n  aludel: {}  alembic: {}",
                ours.code, theirs.code, ours.stdout, theirs.stdout
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The difference kinds of a `FAILED: New upgrade operations detected:
/// [...]` line, sorted (Alembic's holds Python reprs; only the kind
/// names are compared).
fn kinds(stdout: &str) -> Vec<String> {
    const KINDS: [&str; 16] = [
        "add_table",
        "remove_table",
        "add_column",
        "remove_column",
        "add_index",
        "remove_index",
        "add_constraint",
        "remove_constraint",
        "add_fk",
        "remove_fk",
        "modify_type",
        "modify_nullable",
        "modify_default",
        "modify_comment",
        "add_table_comment",
        "remove_table_comment",
    ];
    let mut found = Vec::new();
    for piece in stdout.split("('").skip(1) {
        let word: String = piece
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if piece[word.len()..].starts_with("',") && KINDS.contains(&word.as_str()) {
            found.push(word);
        }
    }
    found.sort();
    found
}

/// Rewrites the project's env.py with `edit`.
fn edit_env(p: &ModelProject, edit: impl FnOnce(String) -> String) {
    let env = p.dir.join("alembic/env.py");
    let text = std::fs::read_to_string(&env).expect("read env.py");
    std::fs::write(&env, edit(text)).expect("write env.py");
}

/// `aludel check` finds nothing on the database at `url`, and neither does
/// the real `alembic check`.
fn both_checks_are_clean(p: &ModelProject, url: &str) {
    let after = aludel_with_url(&p.dir, &["check"], url);
    ok(&after);
    assert_eq!(after.stdout, format!("{NO_CHANGES}\n"));
    if let Some(r) = support::reference() {
        let theirs = alembic_with_url(&r, &p.dir, &["check"], url);
        assert_eq!(
            theirs.stdout,
            format!("{NO_CHANGES}\n"),
            "{}",
            theirs.stderr
        );
    }
}

#[test]
fn env_py_compare_type_false_is_honoured_as_by_alembic() {
    let Some(db) = ScratchDb::create_tagged(Dialect::Sqlite, "ag_cmptype") else {
        return;
    };
    let p = project_at_head(db.url());
    p.set_models(&MODELS.replace("    name: str\n", "    name: str = Field(max_length=20)\n"));
    let before = aludel_with_url(&p.dir, &["check", "--json"], db.url());
    assert_eq!(before.code, 1, "{}{}", before.stdout, before.stderr);
    let report = json_of(&before);
    let kinds: Vec<&str> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["modify_type"]);
    edit_env(&p, |text| {
        text.replace(
            "compare_server_default=True,",
            "compare_server_default=True,\n        compare_type=False,",
        )
    });
    both_checks_are_clean(&p, db.url());
}

#[test]
fn env_py_include_object_leaves_tables_out_as_in_alembic() {
    let Some(db) = ScratchDb::create_tagged(Dialect::Sqlite, "ag_inclobj") else {
        return;
    };
    let p = project();
    p.write_revision(
        "0002",
        Some("0001"),
        "    op.create_table('legacy', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))",
        "    op.drop_table('legacy')",
    );
    ok(&aludel_with_url(&p.dir, &["upgrade", "head"], db.url()));
    let before = aludel_with_url(&p.dir, &["check", "--json"], db.url());
    assert_eq!(before.code, 1, "{}{}", before.stdout, before.stderr);
    assert_eq!(json_of(&before)["changes"][0]["kind"], "remove_table");
    let hook = "KEEP_UNKNOWN = ('legacy',)\n\n\ndef include_object(object, name, type_, reflected, compare_to):\n    if type_ == \"table\" and reflected and compare_to is None:\n        return name not in KEEP_UNKNOWN and False\n    return True\n\n\ndef run_migrations_offline";
    edit_env(&p, |text| {
        text.replacen("def run_migrations_offline", hook, 1)
            .replace(
                "compare_server_default=True,",
                "compare_server_default=True,\n        include_object=include_object,",
            )
    });
    both_checks_are_clean(&p, db.url());
    // A hook aludel cannot follow: everything is compared, and a note says why.
    edit_env(&p, |text| {
        text.replace(
            "return name not in KEEP_UNKNOWN and False",
            "return object.info.get('keep', False)",
        )
    });
    let unknown = aludel_with_url(&p.dir, &["check"], db.url());
    assert_eq!(unknown.code, 1, "{}{}", unknown.stdout, unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("cannot be evaluated without Python for table legacy"),
        "{}",
        unknown.stderr
    );
}
