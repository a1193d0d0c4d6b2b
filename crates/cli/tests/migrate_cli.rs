//! `aludel upgrade` / `downgrade` as a user meets them: the JSON report,
//! Alembic's argument errors, bodies aludel cannot run (reported before
//! anything changes), and `--sql` SQLite rebuilds from replayed shapes.

mod support;

use std::path::Path;
use std::process::Command;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn aludel(dir: &Path, args: &[&str]) -> Outcome {
    let mut cmd = Command::new(support::aludel_bin());
    support::clean_env(&mut cmd);
    let out = cmd.current_dir(dir).args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The first column of a query on the project's SQLite database.
fn query(dir: &Path, sql: &str) -> Vec<String> {
    let url = format!("sqlite:///{}", dir.join("app.db").display());
    let mut conn =
        aludel_db::driver::connect(&aludel_db::url::DatabaseUrl::parse(&url).unwrap()).unwrap();
    conn.query_strings(sql).unwrap()
}

/// A project of revisions `r1`, `r2`, ... with the given bodies.
fn project(dir: &Path, bodies: &[(&str, &str)]) {
    let versions = dir.join("migrations").join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/app.db\n",
    )
    .unwrap();
    for (i, (up, down)) in bodies.iter().enumerate() {
        let id = format!("r{}", i + 1);
        let parent = if i == 0 {
            "None".to_string()
        } else {
            format!("'r{i}'")
        };
        std::fs::write(
            versions.join(format!("{id}.py")),
            format!(
                "\"\"\"step {id}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '{id}'\ndown_revision = {parent}\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{up}\n\n\ndef downgrade():\n{down}\n"
            ),
        )
        .unwrap();
    }
}

const CREATE: &str = "    op.create_table('item', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(20)))\n    op.execute(\"INSERT INTO item (id, name) VALUES (1, 'kept')\")";
const DROP: &str = "    op.drop_table('item')";
const ALTER: &str = "    with op.batch_alter_table('item') as batch_op:\n        batch_op.alter_column('name', existing_type=sa.String(20), type_=sa.String(80), nullable=False)";
const UNALTER: &str = "    with op.batch_alter_table('item') as batch_op:\n        batch_op.alter_column('name', existing_type=sa.String(80), type_=sa.String(20), nullable=True)";

#[test]
fn json_report_lists_the_steps_and_the_heads() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), &[(CREATE, DROP), (ALTER, UNALTER)]);
    let run = aludel(tmp.path(), &["--json", "upgrade", "head"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["command"], "upgrade");
    assert_eq!(report["heads"], serde_json::json!(["r2"]));
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["revision"], "r1");
    assert_eq!(steps[0]["description"], "upgrade  -> r1, step r1");
    // create_table + the INSERT
    assert_eq!(steps[0]["statements"], 2);
    // the rebuild: create, copy, drop, rename
    assert_eq!(steps[1]["statements"], 4);
    // The row in the rebuilt table survived.
    let names = query(tmp.path(), "SELECT name FROM item WHERE id = 1");
    assert_eq!(names, ["kept"]);
    let down = aludel(tmp.path(), &["--json", "downgrade", "base"]);
    assert_eq!(down.code, 0, "{}", down.stderr);
    let report: serde_json::Value = serde_json::from_str(&down.stdout).unwrap();
    assert_eq!(report["command"], "downgrade");
    assert_eq!(report["heads"], serde_json::json!([]));
}

#[test]
fn argument_errors_are_alembics() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), &[(CREATE, DROP)]);
    let range = aludel(tmp.path(), &["upgrade", "base:head"]);
    assert_eq!(range.code, 255);
    assert_eq!(range.stdout.trim(), "FAILED: Range revision not allowed");
    let down = aludel(tmp.path(), &["downgrade", "base", "--sql"]);
    assert_eq!(down.code, 255);
    assert_eq!(
        down.stdout.trim(),
        "FAILED: downgrade with --sql requires <fromrev>:<torev>"
    );
}

#[test]
fn a_body_aludel_cannot_run_stops_the_run_before_any_change() {
    let tmp = tempfile::tempdir().unwrap();
    let inspect = "    names = sa.inspect(op.get_bind()).get_table_names()";
    project(tmp.path(), &[(CREATE, DROP), (inspect, "    pass")]);
    let run = aludel(tmp.path(), &["upgrade", "head"]);
    assert_eq!(run.code, 255);
    assert!(
        run.stdout
            .starts_with("FAILED: Cannot run upgrade() of revision r2: "),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("r2.py:12:"), "{}", run.stderr);
    assert!(run.stderr.contains("sa.inspect"), "{}", run.stderr);
    // r1 was not applied either: bodies are all evaluated first.
    let tables = query(
        tmp.path(),
        "SELECT count(*) FROM sqlite_master WHERE name = 'item'",
    );
    assert_eq!(tables, ["0"]);
}

#[test]
fn sql_mode_rebuilds_sqlite_tables_from_replayed_shapes() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), &[(CREATE, DROP), (ALTER, UNALTER)]);
    // A range starting after the table was made: its shape comes from
    // replaying r1, without a database.
    let run = aludel(tmp.path(), &["upgrade", "r1:r2", "--sql"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!tmp.path().join("app.db").exists());
    let expected = [
        "CREATE TABLE _alembic_tmp_item (",
        "name VARCHAR(80) NOT NULL",
        "INSERT INTO _alembic_tmp_item (id, name) SELECT item.id, item.name",
        "DROP TABLE item;",
        "ALTER TABLE _alembic_tmp_item RENAME TO item;",
        "UPDATE alembic_version SET version_num='r2' WHERE alembic_version.version_num = 'r1';",
    ];
    let mut at = 0;
    for part in expected {
        let found = run.stdout[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} missing after byte {at}:\n{}", run.stdout));
        at += found + part.len();
    }
}

/// PostgreSQL enum types are looked after where Alembic fails: an
/// `add_column` with a new `sa.Enum` creates the type (Alembic: `type
/// "priority" does not exist`), dropping the last column that uses it
/// drops it, and a `create_table` run again after its downgrade does not
/// trip over a type that is still there.
#[test]
fn postgresql_enum_types_follow_their_columns() {
    let Some(db) = aludel_testkit::ScratchDb::postgres() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    project(
        dir.path(),
        &[
            (
                "    op.create_table('item', sa.Column('id', sa.Integer(), primary_key=True))",
                "    op.drop_table('item')",
            ),
            (
                "    op.add_column('item', sa.Column('priority', sa.Enum('low', 'high', name='priority')))",
                "    op.drop_column('item', 'priority')",
            ),
            (
                "    op.create_table('tag', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('level', sa.Enum('low', 'high', name='priority')))\n    op.create_table('mood', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('m', sa.Enum('up', 'down', name='feeling')))",
                // Autogenerate's downgrade: the tables go, their types stay
                // behind in Alembic; `feeling` is dropped by hand here, as
                // histories that manage their types do.
                "    op.drop_table('mood')\n    sa.Enum(name='feeling').drop(op.get_bind())\n    op.drop_table('tag')",
            ),
        ],
    );
    std::fs::write(
        dir.path().join("alembic.ini"),
        format!(
            "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = {}\n",
            db.url()
        ),
    )
    .unwrap();
    let types = || {
        let mut conn =
            aludel_db::driver::connect(&aludel_db::url::DatabaseUrl::parse(db.url()).unwrap())
                .unwrap();
        conn.query_strings("SELECT typname::text FROM pg_type WHERE typtype = 'e' ORDER BY 1")
            .unwrap()
    };
    let up = aludel(dir.path(), &["upgrade", "head"]);
    assert_eq!(up.code, 0, "{}{}", up.stdout, up.stderr);
    assert_eq!(types(), ["feeling", "priority"]);
    // r3's downgrade: `tag` goes but `item.priority` still uses the type.
    let down = aludel(dir.path(), &["downgrade", "r2"]);
    assert_eq!(down.code, 0, "{}{}", down.stdout, down.stderr);
    assert_eq!(types(), ["priority"]);
    let down = aludel(dir.path(), &["downgrade", "r1"]);
    assert_eq!(down.code, 0, "{}{}", down.stdout, down.stderr);
    assert!(types().is_empty(), "{:?}", types());
    let again = aludel(dir.path(), &["upgrade", "head"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(types(), ["feeling", "priority"]);
    // Downgrade r3 then upgrade it again: `priority` stayed (item uses it),
    // and create_table('tag') must not create it a second time.
    assert_eq!(aludel(dir.path(), &["downgrade", "r2"]).code, 0);
    let re = aludel(dir.path(), &["upgrade", "head"]);
    assert_eq!(re.code, 0, "{}{}", re.stdout, re.stderr);
}
