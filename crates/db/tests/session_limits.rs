//! `Connection::set_timeouts` on each database: a statement that runs past
//! the statement timeout is stopped with the database's reason, and one
//! that waits past the lock timeout fails as [`DbError::LockTimeout`].
//!
//! A missing server skips a case, or fails it under `CI=true`.

use std::time::{Duration, Instant};

use aludel_db::driver::{connect, Connection, DbError, Timeouts};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{Dialect, ScratchDb};

fn open(url: &str) -> Box<dyn Connection> {
    connect(&DatabaseUrl::parse(url).unwrap()).unwrap()
}

fn limits(lock: Option<u64>, statement: Option<u64>) -> Timeouts {
    Timeouts {
        lock: lock.map(Duration::from_millis),
        statement: statement.map(Duration::from_millis),
        ..Timeouts::default()
    }
}

#[test]
fn a_statement_past_the_statement_timeout_is_stopped() {
    for dialect in [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create_tagged(dialect, "slow") else {
            continue;
        };
        let (slow, reason) = match dialect {
            Dialect::Sqlite => (
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                "ran longer than the statement timeout (300 ms)",
            ),
            Dialect::Postgresql => ("SELECT pg_sleep(30)", "statement timeout"),
            // SLEEP() stops early without an error; a long join does not
            Dialect::Mariadb => (
                "SELECT SUM(a.seq * b.seq) FROM seq_1_to_100000 a, seq_1_to_100000 b",
                "max_statement_time exceeded",
            ),
        };
        let mut conn = open(db.url());
        conn.set_timeouts(&limits(None, Some(300))).unwrap();
        let started = Instant::now();
        let result = conn.run(slow);
        let took = started.elapsed();
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{dialect}: finished in {took:?}"));
        assert!(
            matches!(error, DbError::Statement { .. }),
            "{dialect}: {error:?}"
        );
        assert!(error.to_string().contains(reason), "{dialect}: {error}");
        assert!(took < Duration::from_secs(10), "{dialect}: {took:?}");
        // the session goes on
        conn.run("SELECT 1").unwrap();
    }
}

#[test]
fn a_statement_waiting_past_the_lock_timeout_is_a_lock_timeout() {
    for dialect in [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create_tagged(dialect, "wait") else {
            continue;
        };
        let mut holder = open(db.url());
        holder.execute("CREATE TABLE busy (x INT)").unwrap();
        holder.begin().unwrap();
        match dialect {
            Dialect::Postgresql => holder
                .run("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE")
                .unwrap(),
            Dialect::Mariadb => drop(holder.query_strings("SELECT COUNT(*) FROM busy").unwrap()),
            Dialect::Sqlite => holder
                .execute("INSERT INTO busy VALUES (1)")
                .map(drop)
                .unwrap(),
        }
        let mut waiter = open(db.url());
        let wait = if dialect == Dialect::Mariadb {
            1000
        } else {
            300
        };
        waiter.set_timeouts(&limits(Some(wait), None)).unwrap();
        let started = Instant::now();
        let error = match dialect {
            Dialect::Sqlite => waiter.begin(),
            _ => waiter.run("ALTER TABLE busy ADD COLUMN y INT"),
        }
        .err()
        .unwrap_or_else(|| panic!("{dialect}: went through the lock"));
        assert!(
            matches!(error, DbError::LockTimeout { .. }),
            "{dialect}: {error:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{dialect}");
        holder.rollback().unwrap();
    }
}

#[test]
fn another_runs_migration_lock_is_waited_for_then_named() {
    for dialect in [Dialect::Postgresql, Dialect::Mariadb] {
        let Some(db) = ScratchDb::create_tagged(dialect, "mlock") else {
            continue;
        };
        let mut first = open(db.url());
        first.lock_migrations("v", Duration::from_secs(1)).unwrap();
        let mut second = open(db.url());
        let error = second
            .lock_migrations("v", Duration::from_millis(300))
            .expect_err("the lock is held");
        let DbError::MigrationLocked { holder, waited } = &error else {
            panic!("{dialect}: {error:?}");
        };
        assert!(waited == "300 ms" || waited == "1 s", "{waited}");
        assert!(
            holder.contains("server process") || holder.contains("connection"),
            "{dialect}: {holder}"
        );
        // another key is another lock
        second
            .lock_migrations("w", Duration::from_millis(300))
            .unwrap();
        first.unlock_migrations("v").unwrap();
        second
            .lock_migrations("v", Duration::from_millis(300))
            .unwrap();
    }
}
