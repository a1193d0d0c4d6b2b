//! `aludel status` and `aludel drift` against a tamper matrix, on SQLite,
//! PostgreSQL and MariaDB: an applied file edited, an applied file
//! deleted, a version row no file has, a column added by hand, an index
//! dropped — each reported with its cause and a non-zero exit — and a
//! clean database that reports nothing.

mod support;

use std::path::Path;

use aludel_db::driver::{connect, Connection};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{Dialect, ScratchDb};
use serde_json::Value;
use support::scratch_project::{aludel_cmd, create_table_body, write_project};

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Outcome {
    let output = aludel_cmd(dir, args).output().unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn status_json(dir: &Path) -> (i32, Value) {
    let out = run(dir, &["status", "--json"]);
    let value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("status --json ({e}):\n{}\n{}", out.stdout, out.stderr));
    (out.code, value)
}

fn problem_kinds(report: &Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect()
}

fn open(url: &str) -> Box<dyn Connection> {
    connect(&DatabaseUrl::parse(url).unwrap()).unwrap()
}

/// Nothing wrong: both commands say so and exit 0.
fn assert_clean(dir: &Path, dialect: Dialect) {
    let (code, report) = status_json(dir);
    assert_eq!(code, 0, "{dialect}: {report}");
    assert!(problem_kinds(&report).is_empty(), "{dialect}: {report}");
    let drift = run(dir, &["drift"]);
    assert_eq!(
        drift.code, 0,
        "{dialect}: {}\n{}",
        drift.stdout, drift.stderr
    );
    assert!(
        drift.stdout.starts_with(
            "No drift: the database matches the schema its 2 applied revisions build."
        ),
        "{dialect}: {}",
        drift.stdout
    );
}

fn drift_names(dir: &Path, dialect: Dialect, what: &str) {
    let drift = run(dir, &["drift"]);
    assert_eq!(
        drift.code, 1,
        "{dialect}: {}\n{}",
        drift.stdout, drift.stderr
    );
    assert!(
        drift.stdout.starts_with("Drift: "),
        "{dialect}: {}",
        drift.stdout
    );
    assert!(drift.stdout.contains(what), "{dialect}: {}", drift.stdout);
    let json = run(dir, &["drift", "--json"]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["differences"].as_array().unwrap().len(),
        1,
        "{report}"
    );
}

fn tamper_matrix(dialect: Dialect) {
    let Some(db) = ScratchDb::create_tagged(dialect, "tamper") else {
        return;
    };
    let url = db.url();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let ids = write_project(
        dir,
        url,
        &[
            format!(
                "{}\n    op.create_index('ix_t_name', 't', ['name'])",
                create_table_body("t")
            ),
            create_table_body("u"),
        ],
        false,
    );
    std::fs::write(dir.join("aludel.toml"), "record_revisions = true\n").unwrap();
    let up = run(dir, &["upgrade", "head"]);
    assert_eq!(up.code, 0, "{}", up.stderr);
    let text = run(dir, &["status"]);
    assert_eq!(text.code, 0, "{}\n{}", text.stdout, text.stderr);
    assert!(text.stdout.contains("Pending: none"), "{}", text.stdout);
    assert!(
        text.stdout
            .contains("Checksums: recorded for every applied revision"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Problems: none"), "{}", text.stdout);
    assert_clean(dir, dialect);

    // an applied file edited
    let first = dir
        .join("migrations/versions")
        .join(format!("{}_step.py", ids[0]));
    let original = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, format!("{original}\n# edited after it ran\n")).unwrap();
    let (code, report) = status_json(dir);
    assert_eq!(code, 1);
    assert_eq!(problem_kinds(&report), ["changed_file"], "{report}");
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "revision {} (migrations/versions/{}_step.py) changed since it was applied",
            ids[0], ids[0]
        )),
        "{message}"
    );
    std::fs::write(&first, &original).unwrap();
    assert_clean(dir, dialect);

    // a column added by hand
    let mut conn = open(url);
    conn.execute("ALTER TABLE t ADD COLUMN notes VARCHAR(20)")
        .unwrap();
    drift_names(dir, dialect, "notes");
    conn.execute("ALTER TABLE t DROP COLUMN notes").unwrap();
    assert_clean(dir, dialect);

    // an index dropped
    let drop_index = match dialect {
        Dialect::Mariadb => "DROP INDEX ix_t_name ON t",
        _ => "DROP INDEX ix_t_name",
    };
    conn.execute(drop_index).unwrap();
    drift_names(dir, dialect, "ix_t_name");
    conn.execute("CREATE INDEX ix_t_name ON t (name)").unwrap();
    assert_clean(dir, dialect);

    // a version row no file has
    conn.execute(&format!(
        "UPDATE alembic_version SET version_num = 'deadbeef0000' WHERE version_num = '{}'",
        ids[1]
    ))
    .unwrap();
    let (code, report) = status_json(dir);
    assert_eq!(code, 1);
    assert_eq!(problem_kinds(&report), ["unknown_revision"], "{report}");
    assert!(report["problems"][0]["fix"]
        .as_str()
        .unwrap()
        .contains("aludel stamp REVISION --purge"));
    let drift = run(dir, &["drift"]);
    assert_eq!(drift.code, 255, "{}", drift.stdout);
    conn.execute(&format!(
        "UPDATE alembic_version SET version_num = '{}'",
        ids[1]
    ))
    .unwrap();
    assert_clean(dir, dialect);

    // an applied file deleted: its version row and its record are orphans
    let second = dir
        .join("migrations/versions")
        .join(format!("{}_step.py", ids[1]));
    std::fs::remove_file(&second).unwrap();
    let (code, report) = status_json(dir);
    assert_eq!(code, 1);
    let mut kinds = problem_kinds(&report);
    kinds.sort();
    assert_eq!(kinds, ["missing_file", "unknown_revision"], "{report}");

    // a downgrade forgets the record
    std::fs::write(&second, create_second(&ids)).unwrap();
    assert_eq!(run(dir, &["downgrade", &ids[0]]).code, 0);
    let (code, report) = status_json(dir);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["pending"], serde_json::json!([ids[1]]));
}

/// The second revision's file as `write_project` wrote it.
fn create_second(ids: &[String]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    write_project(
        tmp.path(),
        "sqlite://",
        &[create_table_body("t"), create_table_body("u")],
        false,
    );
    std::fs::read_to_string(
        tmp.path()
            .join("migrations/versions")
            .join(format!("{}_step.py", ids[1])),
    )
    .unwrap()
}

#[test]
fn sqlite_tamper_matrix() {
    tamper_matrix(Dialect::Sqlite);
}

#[test]
fn postgresql_tamper_matrix() {
    tamper_matrix(Dialect::Postgresql);
}

#[test]
fn mariadb_tamper_matrix() {
    tamper_matrix(Dialect::Mariadb);
}

#[test]
fn without_record_revisions_status_says_checksums_are_not_kept() {
    let db = ScratchDb::sqlite();
    let tmp = tempfile::tempdir().unwrap();
    let ids = write_project(tmp.path(), db.url(), &[create_table_body("t")], false);
    assert_eq!(run(tmp.path(), &["upgrade", "head"]).code, 0);
    let status = run(tmp.path(), &["status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status
            .stdout
            .contains("Checksums: not recorded (set record_revisions = true"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains(&format!("Current: {}", ids[0])));
    // no table of aludel's beside Alembic's
    let tables = open(db.url())
        .query_strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    assert_eq!(tables, ["alembic_version", "t"]);
}
