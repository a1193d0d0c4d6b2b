//! Reliability of `aludel upgrade`: concurrent runs apply each revision
//! once, a failing migration leaves nothing half-applied, a killed run
//! leaves a database the next run completes.

mod support;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::scratch_project::{
    aludel_cmd, create_table_body, drop_pg, pg_database, rows, tables, write_project,
};

#[test]
fn eight_concurrent_upgrades_apply_every_revision_once() {
    let Some((admin, name, url)) = pg_database("concurrent") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // Each revision creates a table: applying one twice would fail.
    let bodies: Vec<String> = (0..40)
        .map(|i| create_table_body(&format!("t{i:03}")))
        .collect();
    let ids = write_project(tmp.path(), &url, &bodies, false);
    let children: Vec<_> = (0..8)
        .map(|_| {
            aludel_cmd(tmp.path(), &["upgrade", "head"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut applied = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "an upgrade failed:\n{stderr}");
        applied += stderr.matches("Running upgrade").count();
    }
    assert_eq!(
        applied,
        ids.len(),
        "every revision runs exactly once overall"
    );
    assert_eq!(rows(&url), vec![ids[ids.len() - 1].clone()]);
    let t = tables(&url);
    assert_eq!(t.len(), ids.len() + 1, "{t:?}");
    drop_pg(admin, &name);
}

/// Revision 0 and 1 apply; revision 2 creates a table and then fails.
fn failing_bodies() -> Vec<String> {
    vec![
        create_table_body("first"),
        create_table_body("second"),
        format!(
            "{}\n    op.execute(\"INSERT INTO no_such_table VALUES (1)\")",
            create_table_body("half")
        ),
        create_table_body("never"),
    ]
}

fn check_failing_run(url: &str, dir: &Path, ids: &[String], per_migration: bool) {
    // Start from revision 0, so the run that fails starts in the middle.
    let first = aludel_cmd(dir, &["upgrade", &ids[0]]).output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let run = aludel_cmd(dir, &["upgrade", "head"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stdout.starts_with("FAILED: "), "{stdout}");
    assert!(stdout.contains("no_such_table"), "{stdout}");
    assert!(stderr.contains(&format!("revision {}", ids[2])), "{stderr}");
    assert!(stderr.contains("rev0002_step.py:"), "{stderr}");
    assert!(
        stderr.contains("while running: INSERT INTO no_such_table"),
        "{stderr}"
    );
    let t = tables(url);
    assert!(
        !t.contains(&"half".to_string()),
        "half-applied revision left a table: {t:?}"
    );
    if per_migration {
        assert_eq!(rows(url), vec![ids[1].clone()]);
        assert!(t.contains(&"second".to_string()));
    } else {
        assert_eq!(rows(url), vec![ids[0].clone()]);
        assert!(!t.contains(&"second".to_string()), "{t:?}");
    }
}

#[test]
fn failing_migration_leaves_nothing_half_applied_on_sqlite() {
    for per_migration in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let url = format!("sqlite:///{}", tmp.path().join("app.db").display());
        let ids = write_project(tmp.path(), &url, &failing_bodies(), per_migration);
        check_failing_run(&url, tmp.path(), &ids, per_migration);
    }
}

#[test]
fn failing_migration_leaves_nothing_half_applied_on_postgresql() {
    for per_migration in [false, true] {
        let Some((admin, name, url)) = pg_database(if per_migration { "failpm" } else { "fail" })
        else {
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let ids = write_project(tmp.path(), &url, &failing_bodies(), per_migration);
        check_failing_run(&url, tmp.path(), &ids, per_migration);
        drop_pg(admin, &name);
    }
}

/// Starts `upgrade head`, kills it once `marker` shows the long revision
/// runs, then checks the database and that the next run completes.
fn kill_and_resume(url: &str, dir: &Path, long_body: &str) {
    let bodies = vec![
        create_table_body("before"),
        format!("{}\n{long_body}", create_table_body("during")),
        create_table_body("after"),
    ];
    let ids = write_project(dir, url, &bodies, false);
    let first = aludel_cmd(dir, &["upgrade", &ids[0]]).output().unwrap();
    assert!(first.status.success());
    let mut child = aludel_cmd(dir, &["upgrade", "head"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the long migration ended too soon"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(rows(url), vec![ids[0].clone()]);
    let t = tables(url);
    assert!(!t.contains(&"during".to_string()), "{t:?}");
    let resumed = aludel_cmd(dir, &["upgrade", "head"]).output().unwrap();
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert_eq!(rows(url), vec![ids[2].clone()]);
    let t = tables(url);
    for table in ["before", "during", "after"] {
        assert!(t.contains(&table.to_string()), "{t:?}");
    }
}

#[test]
fn killed_run_leaves_a_consistent_postgresql_database() {
    let Some((admin, name, url)) = pg_database("kill") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    kill_and_resume(&url, tmp.path(), "    op.execute(\"SELECT pg_sleep(4)\")");
    drop_pg(admin, &name);
}

#[test]
fn killed_run_leaves_a_consistent_sqlite_database() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite:///{}", tmp.path().join("app.db").display());
    // A statement that keeps SQLite busy for seconds.
    let long = "    op.execute(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c\")";
    kill_and_resume(&url, tmp.path(), long);
}
