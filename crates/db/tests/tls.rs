//! TLS connections to the local PostgreSQL, which runs with `ssl = on` and
//! Debian's snake-oil certificate (`CN = localhost`, `.ci/run` turns it on):
//! each `sslmode` connects or fails as libpq would, and the server's own
//! view (`pg_stat_ssl`) says whether the session is encrypted. MySQL's
//! TLS options are checked against the local MariaDB, which `.ci/run` also
//! gives the snake-oil certificate (the session's `SSL_CIPHER` tells).
//!
//! A missing server skips a test, or fails it under `CI=true`.

use aludel_db::driver::{connect, Connection, DbError};
use aludel_db::url::DatabaseUrl;
use aludel_testkit::{server_or_skip, under_ci, Dialect};

const SNAKEOIL: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

fn open(url: &str) -> Result<Box<dyn Connection>, DbError> {
    connect(&DatabaseUrl::parse(url).expect("test URL parses"))
}

/// Whether the session's connection is encrypted, by the server's account.
fn encrypted(conn: &mut dyn Connection) -> bool {
    let rows = conn
        .query_strings("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0] == "true"
}

fn pg(host: &str, query: &str) -> String {
    format!("postgresql://postgres:hunter2@{host}:5432/postgres?{query}")
}

#[test]
fn postgres_modes_encrypt_as_libpq_does() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    let server_has_tls = {
        let mut conn = open(&pg("127.0.0.1", "sslmode=require")).expect("sslmode=require");
        encrypted(conn.as_mut())
    };
    assert!(
        server_has_tls,
        "the test server must run with ssl = on (.ci/run sets it)"
    );
    for (query, want) in [
        ("sslmode=disable", false),
        ("", true), // libpq's default: prefer
        ("sslmode=prefer", true),
        ("sslmode=allow", true),
        ("sslmode=require", true),
    ] {
        let mut conn = open(&pg("127.0.0.1", query)).unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(encrypted(conn.as_mut()), want, "{query}");
    }
}

#[test]
fn postgres_verify_ca_checks_the_chain_but_not_the_name() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    // 127.0.0.1 is not the certificate's name: verify-ca does not care
    let query = format!("sslmode=verify-ca&sslrootcert={SNAKEOIL}");
    let mut conn = open(&pg("127.0.0.1", &query)).expect("verify-ca with the server's root");
    assert!(encrypted(conn.as_mut()));

    // a root that did not sign the server's certificate
    let other = tempfile::tempdir().unwrap();
    let root = other.path().join("other-ca.pem");
    std::fs::write(&root, OTHER_CA).unwrap();
    for mode in ["verify-ca", "verify-full", "require"] {
        let query = format!("sslmode={mode}&sslrootcert={}", root.display());
        let error = open(&pg("localhost", &query))
            .err()
            .expect(mode)
            .to_string();
        assert!(error.contains("UnknownIssuer"), "{mode}: {error}");
        assert!(error.contains("TLS handshake"), "{mode}: {error}");
        assert!(!error.contains("hunter2"), "password shown: {error}");
        assert!(error.contains("postgres:***@localhost"), "{error}");
    }
}

#[test]
fn postgres_verify_full_checks_the_name_too() {
    if !server_or_skip(Dialect::Postgresql) {
        return;
    }
    let query = format!("sslmode=verify-full&sslrootcert={SNAKEOIL}");
    let mut conn = open(&pg("localhost", &query)).expect("verify-full by the certificate's name");
    assert!(encrypted(conn.as_mut()));
    let error = open(&pg("127.0.0.1", &query))
        .err()
        .expect("127.0.0.1 is not in the certificate")
        .to_string();
    assert!(
        error.contains("certificate not valid for name \"127.0.0.1\""),
        "{error}"
    );
}

#[test]
fn postgres_settings_errors_come_before_connecting() {
    // no server needed: these fail while reading the URL
    let error = open("postgresql://postgres:hunter2@127.0.0.1:1/x?sslmode=verify-full")
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("no root certificate"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
    let error = open("postgresql://postgres@127.0.0.1:1/x?sslmode=on")
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("invalid sslmode value: \"on\""), "{error}");
}

#[test]
fn mysql_tls_options_encrypt_and_check_as_pymysql_does() {
    // settings errors need no server
    for (query, expected) in [
        (
            "ssl_mode=VERIFY_CA",
            "give its CA certificate with ssl_ca=PATH",
        ),
        (
            "ssl_mode=sometimes",
            "ssl_mode=SOMETIMES: expected DISABLED",
        ),
        (
            "ssl_ca=/nowhere/ca.pem",
            "ssl_ca: file \"/nowhere/ca.pem\" does not exist",
        ),
        ("ssl_capath=/etc/ssl/certs", "ssl_capath is not supported"),
        ("ssl_check_hostname=maybe", "expected true or false"),
    ] {
        let error = open(&format!(
            "mysql+pymysql://root:hunter2@127.0.0.1:1/test?{query}"
        ))
        .err()
        .unwrap_or_else(|| panic!("{query} connected"))
        .to_string();
        assert!(error.contains(expected), "{query}: {error}");
        assert!(!error.contains("hunter2"), "{error}");
    }
    if !server_or_skip(Dialect::Mariadb) {
        return;
    }
    let mut plain = open("mysql+pymysql://root@127.0.0.1:3306/test").unwrap();
    let have_ssl = plain
        .query_strings("SELECT @@have_ssl")
        .unwrap()
        .pop()
        .unwrap_or_default();
    let maria =
        |host: &str, query: &str| open(&format!("mysql+pymysql://root@{host}:3306/test?{query}"));
    if have_ssl != "YES" {
        assert!(
            !under_ci(),
            "CI=true but the local MariaDB has no TLS (.ci/run turns it on)"
        );
        let error = maria("127.0.0.1", "ssl_mode=REQUIRED")
            .err()
            .expect("TLS asked of a server without it")
            .to_string();
        assert!(error.contains("server does not offer TLS"), "{error}");
        return;
    }
    let cipher = |conn: &mut Box<dyn Connection>| {
        conn.query_strings("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'")
            .unwrap()
            .pop()
            .unwrap_or_default()
    };
    assert_eq!(
        cipher(&mut plain),
        "",
        "no ssl_* option: no TLS, as PyMySQL"
    );
    for (host, query) in [
        ("127.0.0.1", "ssl_mode=REQUIRED".to_string()),
        // PyMySQL: ssl_ca checks the chain; ssl_check_hostname=false not the name
        (
            "127.0.0.1",
            format!("ssl_ca={SNAKEOIL}&ssl_check_hostname=false"),
        ),
        ("127.0.0.1", format!("ssl_mode=VERIFY_CA&ssl_ca={SNAKEOIL}")),
        ("localhost", format!("ssl_ca={SNAKEOIL}")),
        (
            "localhost",
            format!("ssl_mode=VERIFY_IDENTITY&ssl_ca={SNAKEOIL}"),
        ),
    ] {
        let mut conn = maria(host, &query).unwrap_or_else(|e| panic!("{host} {query}: {e}"));
        assert_ne!(cipher(&mut conn), "", "{host} {query}: not encrypted");
    }
    // the certificate names localhost, not 127.0.0.1
    let error = maria("127.0.0.1", &format!("ssl_ca={SNAKEOIL}"))
        .err()
        .expect("the name is checked")
        .to_string();
    assert!(
        error.to_lowercase().contains("name") || error.contains("NotValidForName"),
        "{error}"
    );
    // a root that did not sign the server's certificate
    let other = tempfile::tempdir().unwrap();
    let root = other.path().join("other-ca.pem");
    std::fs::write(&root, OTHER_CA).unwrap();
    let error = maria("localhost", &format!("ssl_ca={}", root.display()))
        .err()
        .expect("an unknown issuer is refused")
        .to_string();
    assert!(
        error.contains("UnknownIssuer") || error.to_lowercase().contains("issuer"),
        "{error}"
    );
    // asking for no TLS connects as before
    open("mysql+pymysql://root@127.0.0.1:3306/test?ssl_mode=DISABLED").unwrap();
}

/// A self-signed CA that signed nothing the test server presents.
const OTHER_CA: &str = include_str!("tls/other-ca.pem");
