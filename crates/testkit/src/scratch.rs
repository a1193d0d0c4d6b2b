//! Scratch databases for tests: a fresh, uniquely named, empty database on
//! SQLite (a temporary file), or on the PostgreSQL / MariaDB test servers
//! on 127.0.0.1 (`.ci/run` starts them), dropped again when the value is
//! dropped. The URLs are SQLAlchemy URLs (`postgresql+psycopg://`,
//! `mysql+pymysql://`) that the reference Python and aludel both read.
//!
//! A server that does not answer skips the test with a printed notice —
//! or, under `CI=true`, panics: a test must never pass without having
//! compared anything.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use crate::under_ci;

/// The database kinds the differential tests run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dialect {
    /// SQLite (a file; always available).
    Sqlite,
    /// PostgreSQL on 127.0.0.1:5432, user `postgres`, trust authentication.
    Postgresql,
    /// MariaDB on 127.0.0.1:3306, user `root`, empty password.
    Mariadb,
}

impl Dialect {
    /// Every kind, in this order.
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgresql, Dialect::Mariadb];

    /// `sqlite`, `postgresql` or `mariadb` (the names case.toml files use).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgresql => "postgresql",
            Dialect::Mariadb => "mariadb",
        }
    }

    /// The kind named `name` (`mysql` is MariaDB).
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "sqlite" => Some(Dialect::Sqlite),
            "postgresql" | "postgres" => Some(Dialect::Postgresql),
            "mariadb" | "mysql" => Some(Dialect::Mariadb),
            _ => None,
        }
    }

    /// The SQLAlchemy URL of database `name` on the test server (`None`
    /// for SQLite).
    pub fn server_url(self, name: &str) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgresql => Some(format!(
                "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            )),
            Dialect::Mariadb => Some(format!("mysql+pymysql://root@127.0.0.1:3306/{name}")),
        }
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An administrative connection to a test server.
enum Admin {
    Postgres(Box<postgres::Client>),
    Mysql(Box<mysql::Conn>),
}

impl Admin {
    fn connect(dialect: Dialect) -> Result<Admin, String> {
        match dialect {
            Dialect::Sqlite => Err("SQLite has no server".to_string()),
            Dialect::Postgresql => postgres::Client::connect(
                "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=5",
                postgres::NoTls,
            )
            .map(|c| Admin::Postgres(Box::new(c)))
            .map_err(|e| format!("PostgreSQL on 127.0.0.1:5432: {e}")),
            Dialect::Mariadb => {
                let opts = mysql::OptsBuilder::new()
                    .ip_or_hostname(Some("127.0.0.1"))
                    .tcp_port(3306)
                    .user(Some("root"))
                    .tcp_connect_timeout(Some(Duration::from_secs(5)));
                mysql::Conn::new(opts)
                    .map(|c| Admin::Mysql(Box::new(c)))
                    .map_err(|e| format!("MariaDB on 127.0.0.1:3306: {e}"))
            }
        }
    }

    fn execute(&mut self, sql: &str) -> Result<(), String> {
        use mysql::prelude::Queryable;
        match self {
            Admin::Postgres(c) => c.batch_execute(sql).map_err(|e| e.to_string()),
            Admin::Mysql(c) => c.query_drop(sql).map_err(|e| e.to_string()),
        }
    }
}

/// Whether a test that needs the server of `dialect` runs: true when it
/// answers; false after a skip notice when it does not; a panic under
/// `CI=true`, where a missing server is a failure.
pub fn server_or_skip(dialect: Dialect) -> bool {
    match server_available(dialect) {
        Ok(()) => true,
        Err(e) if under_ci() => panic!("CI=true but the {dialect} server is not reachable: {e}"),
        Err(e) => {
            eprintln!("SKIPPED: no {dialect} server ({e})");
            false
        }
    }
}

/// Whether the server of `dialect` answers (asked once per test binary).
pub fn server_available(dialect: Dialect) -> Result<(), String> {
    static PG: OnceLock<Result<(), String>> = OnceLock::new();
    static MARIA: OnceLock<Result<(), String>> = OnceLock::new();
    let cell = match dialect {
        Dialect::Sqlite => return Ok(()),
        Dialect::Postgresql => &PG,
        Dialect::Mariadb => &MARIA,
    };
    cell.get_or_init(|| Admin::connect(dialect).map(drop))
        .clone()
}

/// A fresh, empty database, removed on drop.
pub struct ScratchDb {
    dialect: Dialect,
    name: String,
    url: String,
    dir: Option<tempfile::TempDir>,
}

impl ScratchDb {
    /// A new SQLite database file in a temporary directory (not created
    /// yet: SQLite makes it on first connect).
    pub fn sqlite() -> ScratchDb {
        let dir = tempfile::Builder::new()
            .prefix("aludel-scratch-")
            .tempdir()
            .expect("create temp dir");
        let path = dir.path().join("scratch.db");
        ScratchDb {
            dialect: Dialect::Sqlite,
            name: path.display().to_string(),
            url: format!("sqlite:///{}", path.display()),
            dir: Some(dir),
        }
    }

    /// A new database on the PostgreSQL test server, or `None` after a
    /// skip notice (a panic under `CI=true`).
    pub fn postgres() -> Option<ScratchDb> {
        ScratchDb::create(Dialect::Postgresql)
    }

    /// A new database on the MariaDB test server, or `None` after a skip
    /// notice (a panic under `CI=true`).
    pub fn mariadb() -> Option<ScratchDb> {
        ScratchDb::create(Dialect::Mariadb)
    }

    /// A new database of `dialect`; `None` (skip) or a panic (CI) when its
    /// server does not answer.
    pub fn create(dialect: Dialect) -> Option<ScratchDb> {
        ScratchDb::create_tagged(dialect, "t")
    }

    /// As [`ScratchDb::create`], with `tag` in the database name (letters,
    /// digits and `_` kept) so that a leftover database says whose it was.
    pub fn create_tagged(dialect: Dialect, tag: &str) -> Option<ScratchDb> {
        if dialect == Dialect::Sqlite {
            return Some(ScratchDb::sqlite());
        }
        let mut admin = match server_available(dialect).and_then(|()| Admin::connect(dialect)) {
            Ok(admin) => admin,
            Err(e) if under_ci() => {
                panic!("CI=true but the {dialect} server is not reachable: {e}")
            }
            Err(e) => {
                eprintln!("SKIPPED: no {dialect} server ({e})");
                return None;
            }
        };
        let name = unique_name(tag);
        admin
            .execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .and_then(|()| admin.execute(&format!("CREATE DATABASE {name}")))
            .unwrap_or_else(|e| panic!("cannot create {dialect} database {name}: {e}"));
        Some(ScratchDb {
            url: dialect.server_url(&name).expect("a server dialect"),
            dialect,
            name,
            dir: None,
        })
    }

    /// The SQLAlchemy URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Its kind.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The database name on the server (the file path for SQLite).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQLite file (`None` for a server database).
    pub fn path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|_| PathBuf::from(&self.name))
    }

    /// The temporary directory holding the SQLite file (`None` for a
    /// server database): room for other files of the test.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_ref().map(|d| d.path())
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if self.dir.is_some() {
            return; // the TempDir goes with the file
        }
        let drop_sql = match self.dialect {
            // sessions a test left open (a killed helper) must not keep it
            Dialect::Postgresql => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            _ => format!("DROP DATABASE IF EXISTS {}", self.name),
        };
        // a failure here leaves a stray database, not a wrong result
        if let Ok(mut admin) = Admin::connect(self.dialect) {
            let _ = admin.execute(&drop_sql);
        }
    }
}

/// `aludel_<tag>_<pid>_<n>`: unique among concurrent test binaries and
/// within one; at most 64 characters (MySQL's limit).
fn unique_name(tag: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let tag: String = tag
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(32)
        .collect();
    format!(
        "aludel_{tag}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_short() {
        let a = unique_name("Diff-Migrate shop!");
        let b = unique_name("Diff-Migrate shop!");
        assert_ne!(a, b);
        assert!(a.starts_with("aludel_diffmigrateshop_"), "{a}");
        assert!(unique_name(&"x".repeat(200)).len() <= 64);
    }

    #[test]
    fn sqlite_scratch_is_a_temp_file() {
        let db = ScratchDb::sqlite();
        let path = db.path().unwrap();
        assert_eq!(db.url(), format!("sqlite:///{}", path.display()));
        assert!(path.parent().unwrap().is_dir());
        let dir = path.parent().unwrap().to_path_buf();
        drop(db);
        assert!(!dir.exists());
    }

    #[test]
    fn dialect_names_round_trip() {
        for d in Dialect::ALL {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
        }
        assert_eq!(Dialect::from_name("mysql"), Some(Dialect::Mariadb));
        assert_eq!(Dialect::from_name("oracle"), None);
    }
}
