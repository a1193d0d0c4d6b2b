//! Waiting and giving up: `--lock-timeout` makes a statement that waits on
//! another session's lock fail instead of stalling, `--retries` tries it
//! again (inside the run's transaction, through a savepoint, so what ran
//! before it stays), `--migration-lock-timeout` names who holds the
//! migration lock, `--statement-timeout` stops a long statement, and
//! `--sql` prints the settings. After every failure the version table is
//! where it was. On SQLite, PostgreSQL and MariaDB.

mod support;

use std::time::{Duration, Instant};

use aludel_db::driver::{connect, Connection};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{Dialect, ScratchDb};
use support::scratch_project::{aludel_cmd, create_table_body, rows, tables, write_project};

fn open(url: &str) -> Box<dyn Connection> {
    connect(&DatabaseUrl::parse(url).unwrap()).unwrap()
}

struct Outcome {
    ok: bool,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn run(dir: &std::path::Path, args: &[&str]) -> Outcome {
    let started = Instant::now();
    let output = aludel_cmd(dir, args).output().unwrap();
    Outcome {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// Revision 0 creates `busy`; revision 1 creates `other`, then alters
/// `busy` (the statement that meets the lock).
fn lock_project(dir: &std::path::Path, url: &str) -> Vec<String> {
    let bodies = vec![
        create_table_body("busy"),
        format!(
            "{}\n    op.add_column('busy', sa.Column('extra', sa.Integer()))",
            create_table_body("other")
        ),
    ];
    let ids = write_project(dir, url, &bodies, false);
    let first = run(dir, &["upgrade", &ids[0]]);
    assert!(first.ok, "{}", first.stderr);
    ids
}

/// A session that holds a lock on `busy` which `ALTER TABLE` must wait for.
fn hold_lock_on_busy(url: &str, dialect: Dialect) -> Box<dyn Connection> {
    let mut holder = open(url);
    holder.begin().unwrap();
    match dialect {
        Dialect::Postgresql => holder
            .run("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
            .unwrap(),
        // a read inside a transaction keeps the table's metadata lock
        _ => drop(holder.query_strings("SELECT COUNT(*) FROM busy").unwrap()),
    }
    holder
}

fn lock_timeout_then_retry(dialect: Dialect) {
    let Some(db) = ScratchDb::create_tagged(dialect, "locks") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let ids = lock_project(tmp.path(), db.url());
    // MySQL counts lock waits in whole seconds
    let timeout = if dialect == Dialect::Postgresql {
        "200ms"
    } else {
        "1s"
    };

    let holder = hold_lock_on_busy(db.url(), dialect);
    let failed = run(tmp.path(), &["upgrade", "head", "--lock-timeout", timeout]);
    assert!(!failed.ok, "ran through a held lock: {}", failed.stderr);
    let expected = match dialect {
        Dialect::Postgresql => "canceling statement due to lock timeout",
        _ => "(1205) Lock wait timeout exceeded",
    };
    assert!(failed.stdout.contains(expected), "{}", failed.stdout);
    assert!(failed.stderr.contains("--retries N"), "{}", failed.stderr);
    assert!(
        failed.took < Duration::from_secs(20),
        "waited {:?}",
        failed.took
    );
    assert_eq!(rows(db.url()), vec![ids[0].clone()], "version row moved");
    let mut holder = holder;
    holder.rollback().unwrap();
    drop(holder);
    if dialect != Dialect::Postgresql {
        // MySQL committed the revision's CREATE TABLE before the failure
        // (the run said so); only PostgreSQL rolled it back.
        assert!(failed
            .stderr
            .contains("MySQL commits each DDL statement at once"));
        open(db.url()).execute("DROP TABLE other").unwrap();
    }

    // a holder that lets go after a while: a retry gets through
    let (locked, is_locked) = std::sync::mpsc::channel();
    let url = db.url().to_string();
    let release = std::thread::spawn(move || {
        let mut holder = hold_lock_on_busy(&url, dialect);
        locked.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        holder.rollback().unwrap();
    });
    is_locked.recv().unwrap();
    let retried = run(
        tmp.path(),
        &[
            "upgrade",
            "head",
            "--lock-timeout",
            timeout,
            "--retries",
            "8",
        ],
    );
    release.join().unwrap();
    assert!(retried.ok, "{}\n{}", retried.stdout, retried.stderr);
    assert!(
        retried
            .stderr
            .contains("; retry 1 of 8 in 500 ms: ALTER TABLE"),
        "{}",
        retried.stderr
    );
    assert_eq!(rows(db.url()), vec![ids[1].clone()]);
    // what the revision did before the retried statement stayed
    assert!(tables(db.url()).contains(&"other".to_string()));
}

#[test]
fn postgres_lock_timeout_fails_fast_and_retries_get_through() {
    lock_timeout_then_retry(Dialect::Postgresql);
}

#[test]
fn mariadb_lock_timeout_fails_fast_and_retries_get_through() {
    lock_timeout_then_retry(Dialect::Mariadb);
}

#[test]
fn the_migration_lock_holder_is_named() {
    for dialect in [Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create_tagged(dialect, "mlock") else {
            continue;
        };
        let tmp = tempfile::tempdir().unwrap();
        let ids = write_project(tmp.path(), db.url(), &[create_table_body("t")], false);
        let mut holder = open(db.url());
        holder
            .lock_migrations("alembic_version", Duration::from_secs(1))
            .unwrap();
        let (id_sql, named) = match dialect {
            Dialect::Postgresql => ("SELECT pg_backend_pid()::text", "server process"),
            _ => ("SELECT CONNECTION_ID()", "connection"),
        };
        let holder_id = holder.query_strings(id_sql).unwrap().remove(0);
        let failed = run(
            tmp.path(),
            &["upgrade", "head", "--migration-lock-timeout", "300ms"],
        );
        assert!(!failed.ok);
        let said = format!("{}{}", failed.stdout, failed.stderr);
        assert!(
            said.contains("another run holds the migration lock"),
            "{dialect}: {said}"
        );
        assert!(
            said.contains(&format!("{named} {holder_id}")),
            "{dialect}: {said}"
        );
        assert!(said.contains("waited 300 ms"), "{said}");
        assert!(rows(db.url()).is_empty());
        holder.unlock_migrations("alembic_version").unwrap();
        let done = run(tmp.path(), &["upgrade", "head"]);
        assert!(done.ok, "{}", done.stderr);
        assert_eq!(rows(db.url()), ids);
    }
}

#[test]
fn a_long_statement_is_stopped_by_the_statement_timeout() {
    for dialect in [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create_tagged(dialect, "stmt") else {
            continue;
        };
        let (slow, expected) = match dialect {
            Dialect::Sqlite => (
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                "ran longer than the statement timeout (300 ms)",
            ),
            Dialect::Postgresql => (
                "SELECT pg_sleep(30)",
                "canceling statement due to statement timeout",
            ),
            Dialect::Mariadb => (
                "SELECT SUM(a.seq * b.seq) FROM seq_1_to_100000 a, seq_1_to_100000 b",
                "max_statement_time",
            ),
        };
        let tmp = tempfile::tempdir().unwrap();
        let bodies = vec![
            create_table_body("t"),
            format!("    op.execute(\"{slow}\")"),
        ];
        let ids = write_project(tmp.path(), db.url(), &bodies, false);
        assert!(run(tmp.path(), &["upgrade", &ids[0]]).ok);
        let failed = run(
            tmp.path(),
            &["upgrade", "head", "--statement-timeout", "300ms"],
        );
        assert!(!failed.ok, "{dialect}: the slow statement finished");
        assert!(
            failed.stdout.contains(expected),
            "{dialect}: {}",
            failed.stdout
        );
        assert!(failed.took < Duration::from_secs(20), "{:?}", failed.took);
        assert_eq!(rows(db.url()), vec![ids[0].clone()], "{dialect}");
    }
}

#[test]
fn sqlite_gives_up_on_a_write_lock_after_the_lock_timeout() {
    let db = ScratchDb::sqlite();
    let tmp = tempfile::tempdir().unwrap();
    let ids = write_project(tmp.path(), db.url(), &[create_table_body("t")], false);
    let mut holder = open(db.url());
    holder.execute("CREATE TABLE held (x INT)").unwrap();
    holder.begin().unwrap();
    let failed = run(tmp.path(), &["upgrade", "head", "--lock-timeout", "300ms"]);
    assert!(!failed.ok);
    assert!(
        failed
            .stdout
            .contains("another connection holds a write transaction"),
        "{}",
        failed.stdout
    );
    assert!(failed.took < Duration::from_secs(20), "{:?}", failed.took);
    holder.rollback().unwrap();
    assert!(run(tmp.path(), &["upgrade", "head"]).ok);
    assert_eq!(rows(db.url()), ids);
}

#[test]
fn sql_scripts_start_with_the_session_limits() {
    for (url, expected) in [
        (
            "postgresql://u@h/db",
            "SET lock_timeout = '5000ms';\n\nSET statement_timeout = '90000ms';\n\nBEGIN;\n\n",
        ),
        (
            "mysql+pymysql://u@h/db",
            "SET SESSION lock_wait_timeout = 5;\n\nSET SESSION innodb_lock_wait_timeout = 5;\n\nSET SESSION max_execution_time = 90000;\n\n",
        ),
        (
            "mariadb+pymysql://u@h/db",
            "SET SESSION lock_wait_timeout = 5;\n\nSET SESSION innodb_lock_wait_timeout = 5;\n\nSET SESSION max_statement_time = 90.000;\n\n",
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        write_project(tmp.path(), url, &[create_table_body("t")], false);
        let script = run(
            tmp.path(),
            &[
                "upgrade",
                "head",
                "--sql",
                "--lock-timeout",
                "5s",
                "--statement-timeout",
                "1m 30s",
            ],
        );
        assert!(script.ok, "{}", script.stderr);
        assert!(
            script.stdout.starts_with(expected),
            "{url}:\n{}",
            script.stdout
        );
        let plain = run(tmp.path(), &["upgrade", "head", "--sql"]);
        assert!(!plain.stdout.contains("SET "), "{url}: {}", plain.stdout);
    }
}

#[test]
fn bad_durations_are_refused_with_the_way_to_write_them() {
    let tmp = tempfile::tempdir().unwrap();
    write_project(
        tmp.path(),
        "sqlite:///x.db",
        &[create_table_body("t")],
        false,
    );
    let refused = run(tmp.path(), &["upgrade", "head", "--lock-timeout", "soon"]);
    assert!(!refused.ok);
    assert!(
        refused
            .stderr
            .contains("\"soon\" is not a duration; write 5s, 500ms, 2m or a number of seconds"),
        "{}",
        refused.stderr
    );
    std::fs::write(tmp.path().join("aludel.toml"), "retries = 'many'\n").unwrap();
    let refused = run(tmp.path(), &["upgrade", "head"]);
    assert!(!refused.ok);
    assert!(
        format!("{}{}", refused.stdout, refused.stderr).contains("retries"),
        "{}{}",
        refused.stdout,
        refused.stderr
    );
}
