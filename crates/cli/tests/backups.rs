//! `upgrade --backup`, a migration that fails half-way, then `aludel
//! restore`: the database equals what it was before the run — schema,
//! rows and version rows, as SQLAlchemy's reflection reads them
//! (`tests/oracle/dump_schema.py`). On SQLite, PostgreSQL and MariaDB, with
//! one transaction per revision, so that the revision before the failing
//! one stays applied and the restore has something to undo.

mod support;

use std::path::Path;

use aludel_testkit::{Dialect, ScratchDb};
use support::migrate::MigrateOracle;
use support::scratch_project::{aludel_cmd, create_table_body, rows, write_project};

struct Outcome {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Outcome {
    let output = aludel_cmd(dir, args).output().unwrap();
    Outcome {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Revision 0 makes `kept` with rows; 1 adds a column and changes the
/// rows; 2 makes a table, then fails.
fn bodies() -> Vec<String> {
    vec![
        format!(
            "{}\n    op.execute(\"INSERT INTO kept (id, name) VALUES (1, 'one'), (2, 'two')\")",
            create_table_body("kept")
        ),
        "    op.add_column('kept', sa.Column('extra', sa.Integer()))\n    op.execute(\"UPDATE kept SET name = 'changed', extra = 7\")".to_string(),
        format!(
            "{}\n    op.execute(\"INSERT INTO no_such_table VALUES (1)\")",
            create_table_body("made")
        ),
    ]
}

/// The path `--backup` printed.
fn backup_path(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.contains("[aludel.backup] Backed up"))
        .unwrap_or_else(|| panic!("no backup line in:\n{stderr}"));
    line.rsplit("aludel restore ")
        .next()
        .expect("the restore command")
        .trim()
        .to_string()
}

fn backup_restore_round_trip(dialect: Dialect, oracle: &mut MigrateOracle) {
    let Some(db) = ScratchDb::create_tagged(dialect, "backup") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let ids = write_project(tmp.path(), db.url(), &bodies(), true);
    assert!(run(tmp.path(), &["upgrade", &ids[0]]).ok);
    let before = oracle.dump(db.url());

    let failed = run(tmp.path(), &["upgrade", "head", "--backup"]);
    assert!(!failed.ok, "{dialect}: the failing revision ran");
    assert!(failed.stdout.contains("no_such_table"), "{}", failed.stdout);
    let path = backup_path(&failed.stderr);
    assert!(
        path.starts_with(&tmp.path().join(".aludel/backups").display().to_string()),
        "{path}"
    );
    assert!(!failed.stderr.contains("hunter2"));
    assert_eq!(rows(db.url()), vec![ids[1].clone()], "{dialect}");
    assert_ne!(
        oracle.dump(db.url()),
        before,
        "{dialect}: the run changed nothing"
    );

    // without --yes nothing happens
    let asked = run(tmp.path(), &["restore", &path]);
    assert!(!asked.ok);
    assert!(
        asked.stdout.contains("replaces the database"),
        "{}",
        asked.stdout
    );
    assert_eq!(rows(db.url()), vec![ids[1].clone()]);

    let restored = run(tmp.path(), &["restore", &path, "--yes"]);
    assert!(
        restored.ok,
        "{dialect}: {}\n{}",
        restored.stdout, restored.stderr
    );
    assert!(
        restored
            .stderr
            .contains(&format!("its version table is at {}", ids[0])),
        "{}",
        restored.stderr
    );
    let after = oracle.dump(db.url());
    assert_eq!(after, before, "{dialect}: restored database differs");

    // the restored database migrates on
    std::fs::remove_file(
        tmp.path()
            .join("migrations/versions")
            .join(format!("{}_step.py", ids[2])),
    )
    .unwrap();
    let again = run(tmp.path(), &["upgrade", "head"]);
    assert!(again.ok, "{}", again.stderr);
    assert_eq!(rows(db.url()), vec![ids[1].clone()]);
}

#[test]
fn a_backup_undoes_a_failed_run_on_every_database() {
    let Some(reference) = support::reference() else {
        return;
    };
    let mut oracle = MigrateOracle::start(&reference);
    for dialect in [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mariadb] {
        backup_restore_round_trip(dialect, &mut oracle);
    }
}

#[test]
fn a_backup_goes_where_it_is_asked_and_a_wrong_file_is_refused() {
    let db = ScratchDb::sqlite();
    let tmp = tempfile::tempdir().unwrap();
    let ids = write_project(
        tmp.path(),
        db.url(),
        &[create_table_body("t"), create_table_body("u")],
        false,
    );
    assert!(run(tmp.path(), &["stamp", "base"]).ok);
    // into a directory that exists
    let dir = tmp.path().join("saved");
    std::fs::create_dir(&dir).unwrap();
    let into_dir = run(
        tmp.path(),
        &["upgrade", &ids[0], "--backup", &dir.display().to_string()],
    );
    assert!(into_dir.ok, "{}", into_dir.stderr);
    let path = backup_path(&into_dir.stderr);
    assert!(path.starts_with(&dir.display().to_string()), "{path}");
    assert!(path.ends_with(".sqlite3"), "{path}");
    // [tool.aludel] backup = "elsewhere", relative to the settings file
    std::fs::write(tmp.path().join("aludel.toml"), "backup = 'elsewhere'\n").unwrap();
    let by_setting = run(tmp.path(), &["upgrade", "head"]);
    assert!(by_setting.ok, "{}", by_setting.stderr);
    assert!(backup_path(&by_setting.stderr).contains("elsewhere"));

    // a file that is no backup, and a PostgreSQL dump for SQLite
    let junk = tmp.path().join("junk.bin");
    std::fs::write(&junk, b"hello").unwrap();
    let refused = run(
        tmp.path(),
        &["restore", &junk.display().to_string(), "--yes"],
    );
    assert!(!refused.ok);
    assert!(
        refused.stdout.contains("is not a SQLite backup"),
        "{}",
        refused.stdout
    );
    let dump = tmp.path().join("x.pgdump");
    std::fs::write(&dump, b"PGDMP\x01\x0e").unwrap();
    let refused = run(
        tmp.path(),
        &["restore", &dump.display().to_string(), "--yes"],
    );
    assert!(
        refused.stdout.contains("it is a postgresql backup"),
        "{}",
        refused.stdout
    );
}

#[test]
fn a_missing_dump_tool_stops_the_run_before_anything_changes() {
    let Some(db) = ScratchDb::create_tagged(Dialect::Mariadb, "notool") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    write_project(tmp.path(), db.url(), &[create_table_body("t")], false);
    let mut cmd = aludel_cmd(tmp.path(), &["upgrade", "head", "--backup"]);
    // MySQL's tools are looked for on PATH only
    cmd.env("PATH", "/nonexistent");
    let output = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stdout.contains("mysqldump is needed to back up a MySQL / MariaDB database"),
        "{stdout}"
    );
    assert!(stderr.contains("nothing was migrated"), "{stderr}");
    assert!(rows(db.url()).is_empty(), "the run went on");
}
