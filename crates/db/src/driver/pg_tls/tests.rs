//! How URL, environment and `~/.postgresql` files combine into TLS
//! settings (the connections themselves are tested in `tests/tls.rs`).

use super::*;

const SNAKEOIL: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

fn url(query: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("postgresql://u:secret@db.example/app{query}")).unwrap()
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn resolve(query: &str) -> Result<PgTls, String> {
    PgTls::resolve(&url(query), "db.example", &no_env, None)
}

#[test]
fn without_settings_tls_is_preferred_and_nothing_is_checked() {
    let tls = resolve("").unwrap();
    assert_eq!(tls.mode, SslMode::Prefer);
    assert_eq!(tls.roots, RootCerts::None);
    assert_eq!(tls.client, None);
    assert!(tls.client_config().unwrap().is_some());
}

#[test]
fn every_libpq_mode_is_read_and_others_are_named() {
    for (word, mode) in [
        ("disable", SslMode::Disable),
        ("allow", SslMode::Allow),
        ("prefer", SslMode::Prefer),
        ("require", SslMode::Require),
    ] {
        assert_eq!(resolve(&format!("?sslmode={word}")).unwrap().mode, mode);
    }
    let error = resolve("?sslmode=required").unwrap_err();
    assert!(
        error.contains("invalid sslmode value: \"required\""),
        "{error}"
    );
    assert!(error.contains("verify-full"), "{error}");
    assert!(resolve("?sslmode=disable")
        .unwrap()
        .client_config()
        .unwrap()
        .is_none());
}

#[test]
fn checking_modes_need_a_root_certificate() {
    for mode in ["verify-ca", "verify-full"] {
        let error = resolve(&format!("?sslmode={mode}")).unwrap_err();
        assert!(
            error.contains(&format!("sslmode={mode} checks the server's certificate")),
            "{error}"
        );
        assert!(error.contains("sslrootcert=PATH"), "{error}");
        assert!(!error.contains("secret"), "{error}");
        let missing = resolve(&format!("?sslmode={mode}&sslrootcert=/nowhere/ca.pem")).unwrap_err();
        assert!(
            missing.contains("root certificate file \"/nowhere/ca.pem\" does not exist"),
            "{missing}"
        );
    }
    let system = resolve("?sslmode=verify-full&sslrootcert=system").unwrap();
    assert_eq!(system.roots, RootCerts::System);
}

#[test]
fn the_environment_fills_in_what_the_url_leaves_out() {
    let env = |var: &str| match var {
        "PGSSLMODE" => Some("verify-ca".to_string()),
        "PGSSLROOTCERT" => Some(SNAKEOIL.to_string()),
        _ => None,
    };
    let tls = PgTls::resolve(&url(""), "db.example", &env, None).unwrap();
    assert_eq!(tls.mode, SslMode::VerifyCa);
    assert_eq!(tls.roots, RootCerts::File(SNAKEOIL.into()));
    let tls = PgTls::resolve(&url("?sslmode=require"), "db.example", &env, None).unwrap();
    assert_eq!(tls.mode, SslMode::Require, "the URL wins");
}

#[test]
fn libpq_files_in_the_home_directory_are_used() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".postgresql");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(SNAKEOIL, dir.join("root.crt")).unwrap();
    std::fs::write(dir.join("postgresql.crt"), "").unwrap();
    std::fs::write(dir.join("postgresql.key"), "").unwrap();
    let tls = PgTls::resolve(
        &url("?sslmode=require"),
        "db.example",
        &no_env,
        Some(home.path().to_path_buf()),
    )
    .unwrap();
    assert_eq!(tls.roots, RootCerts::File(dir.join("root.crt")));
    assert_eq!(
        tls.client,
        Some((dir.join("postgresql.crt"), dir.join("postgresql.key")))
    );
    // an empty certificate file is named when the configuration is built
    let error = tls.client_config().unwrap_err();
    assert!(error.contains("postgresql.crt"), "{error}");
}

#[test]
fn a_client_certificate_needs_its_key() {
    let error = resolve(&format!("?sslcert={SNAKEOIL}")).unwrap_err();
    assert!(
        error.contains("has no key: give it with sslkey=PATH"),
        "{error}"
    );
}

#[test]
fn unix_sockets_never_use_tls() {
    let tls = PgTls::resolve(
        &url("?sslmode=verify-full"),
        "/var/run/postgresql",
        &no_env,
        None,
    )
    .unwrap();
    assert_eq!(tls.mode, SslMode::Disable);
}

#[test]
fn a_root_file_without_certificates_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    let tls = resolve(&format!(
        "?sslmode=verify-ca&sslrootcert={}",
        empty.display()
    ))
    .unwrap();
    let error = tls.client_config().unwrap_err();
    assert!(error.contains("no PEM certificate in it"), "{error}");
}
