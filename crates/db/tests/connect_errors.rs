//! Each class of connection failure says the reason in the server's or the
//! system's words, with the URL it tried (password masked): a database that
//! does not exist, a user the server refuses, nothing listening, a host
//! name that does not resolve. On PostgreSQL and MariaDB.
//!
//! A missing server skips the server cases, or fails them under `CI=true`.

use aludel_db::driver::connect;
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{server_or_skip, Dialect};

/// The error of connecting to `url`, checked for the masked password.
fn failure(url: &str) -> String {
    let parsed = DatabaseUrl::parse(url).expect("test URL parses");
    let error = match connect(&parsed) {
        Ok(_) => panic!("{url} connected"),
        Err(e) => e.to_string(),
    };
    assert!(!error.contains("hunter2"), "password shown: {error}");
    if url.contains(":hunter2@") {
        assert!(error.contains(":***@"), "URL not shown masked: {error}");
    }
    error
}

fn assert_says(error: &str, words: &str) {
    assert!(error.contains(words), "expected {words:?} in: {error}");
}

#[test]
fn without_a_server_the_system_says_why() {
    for scheme in ["postgresql", "mysql+pymysql"] {
        let refused = failure(&format!("{scheme}://u:hunter2@127.0.0.1:1/db"));
        assert_says(&refused, "Connection refused");
        let unknown = failure(&format!(
            "{scheme}://u:hunter2@no-such-host.invalid:5432/db"
        ));
        assert!(
            unknown.contains("failed to lookup address")
                || unknown.contains("Name or service not known")
                || unknown.contains("Temporary failure in name resolution"),
            "{scheme}: {unknown}"
        );
    }
}

#[test]
fn postgres_names_the_missing_database_and_role() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    let error = failure("postgresql://postgres:hunter2@127.0.0.1:5432/aludel_no_such_db");
    assert_says(&error, "database \"aludel_no_such_db\" does not exist");
    let error = failure("postgresql://aludel_nobody:hunter2@127.0.0.1:5432/postgres");
    assert_says(&error, "role \"aludel_nobody\" does not exist");
}

#[test]
fn mariadb_names_the_missing_database_and_refused_user() {
    if !server_or_skip(Dialect::Mariadb) {
        return;
    }
    let error = failure("mysql+pymysql://root@127.0.0.1:3306/aludel_no_such_db");
    assert_says(&error, "(1049) Unknown database 'aludel_no_such_db'");
    let error = failure("mysql+pymysql://aludel_nobody:hunter2@127.0.0.1:3306/test");
    assert_says(&error, "(1045) Access denied for user 'aludel_nobody'");
}
