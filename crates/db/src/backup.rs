//! Consistent copies of a database before a run changes it, and putting
//! one back.
//!
//! - SQLite: SQLite's online backup API, to a database file (restored the
//!   same way, page by page, over the live file).
//! - PostgreSQL: `pg_dump --format=custom` (restored by dropping and
//!   creating the database, then `pg_restore`).
//! - MySQL / MariaDB: `mysqldump --single-transaction` (or `mariadb-dump`)
//!   with `DROP DATABASE` / `CREATE DATABASE` in the dump, fed back to the
//!   `mysql` (or `mariadb`) client.
//!
//! Passwords reach the tools through their environment variables
//! (`PGPASSWORD`, `MYSQL_PWD`), never their command line, and no message
//! shows one.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::driver::{connect, DbError};
use crate::url::{DatabaseUrl, Dialect, SqliteTarget};

/// What went wrong taking or restoring a backup.
#[derive(Debug, Error)]
pub enum BackupError {
    /// A tool the database needs is not installed.
    #[error("{tool} is needed to {purpose} a {database} database, and it is not on PATH{looked}; install it ({package}) or run without --backup")]
    ToolMissing {
        /// The program (`pg_dump`).
        tool: &'static str,
        /// `back up` or `restore`.
        purpose: &'static str,
        /// `PostgreSQL`.
        database: &'static str,
        /// Where else it was looked for.
        looked: String,
        /// The package that has it.
        package: &'static str,
    },
    /// The tool ran and failed.
    #[error("{tool} failed (exit status {status}): {stderr}")]
    ToolFailed {
        /// The program.
        tool: String,
        /// Its exit status.
        status: String,
        /// What it printed on standard error.
        stderr: String,
    },
    /// The file is not a backup of this kind of database.
    #[error("{path} is not a {expected} backup ({found}); restore it into the kind of database it came from")]
    WrongKind {
        /// The file.
        path: String,
        /// What the URL's database needs.
        expected: &'static str,
        /// What the file looks like.
        found: String,
    },
    /// Something else about the files or the database.
    #[error("{0}")]
    Other(String),
    /// A statement or connection failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// A backup that was taken.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// The file written.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// How long it took.
    pub took: Duration,
}

/// The file name ending of a database's backups.
pub fn extension(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite3",
        Dialect::Postgresql => "pgdump",
        Dialect::Mysql => "sql",
    }
}

/// Copies the database of `url` to `path` (whose directory must exist;
/// an existing file is replaced), consistently: as of one moment.
pub fn take(url: &DatabaseUrl, path: &Path) -> Result<Backup, BackupError> {
    let started = Instant::now();
    match url.dialect() {
        Dialect::Sqlite => sqlite_backup(url, path)?,
        Dialect::Postgresql => {
            let tool = find_tool(&POSTGRES_TOOLS.dump)?;
            let mut cmd = Command::new(tool);
            pg_connection_args(&mut cmd, url);
            cmd.arg("--format=custom")
                .arg(format!("--file={}", path.display()))
                .arg(format!("--dbname={}", database_name(url)?));
            run_tool(cmd, "pg_dump")?;
        }
        Dialect::Mysql => {
            let tool = find_tool(&MYSQL_TOOLS.dump)?;
            let mut cmd = Command::new(&tool);
            mysql_connection_args(&mut cmd, url);
            cmd.args([
                "--single-transaction",
                "--routines",
                "--triggers",
                "--add-drop-database",
            ])
            .arg(format!("--result-file={}", path.display()))
            .arg("--databases")
            .arg(database_name(url)?);
            run_tool(cmd, &tool.display().to_string())?;
        }
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Backup {
        path: path.to_path_buf(),
        bytes,
        took: started.elapsed(),
    })
}

/// Puts the backup at `path` back as the database of `url`: afterwards the
/// database is what it was when the backup was taken (objects made since
/// are gone). PostgreSQL's database is dropped (its sessions ended) and
/// created again; MySQL's by the dump's own `DROP DATABASE`.
pub fn restore(url: &DatabaseUrl, path: &Path) -> Result<(), BackupError> {
    if !path.is_file() {
        return Err(BackupError::Other(format!(
            "the backup {} does not exist",
            path.display()
        )));
    }
    check_kind(url.dialect(), path)?;
    match url.dialect() {
        Dialect::Sqlite => sqlite_restore(url, path),
        Dialect::Postgresql => {
            let tool = find_tool(&POSTGRES_TOOLS.restore)?;
            let name = database_name(url)?;
            let mut admin = connect(&url.with_database("postgres"))?;
            let quoted = format!("\"{}\"", name.replace('"', "\"\""));
            admin.run(&format!("DROP DATABASE IF EXISTS {quoted} WITH (FORCE)"))?;
            admin.run(&format!("CREATE DATABASE {quoted} TEMPLATE template0"))?;
            let mut cmd = Command::new(tool);
            pg_connection_args(&mut cmd, url);
            cmd.args(["--exit-on-error", "--single-transaction"])
                .arg(format!("--dbname={name}"))
                .arg(path);
            run_tool(cmd, "pg_restore")
        }
        Dialect::Mysql => {
            let tool = find_tool(&MYSQL_TOOLS.restore)?;
            let file = std::fs::File::open(path)
                .map_err(|e| BackupError::Other(format!("cannot read {}: {e}", path.display())))?;
            let mut cmd = Command::new(&tool);
            mysql_connection_args(&mut cmd, url);
            cmd.stdin(file);
            run_tool(cmd, &tool.display().to_string())
        }
    }
}

/// The dialect a backup file was taken from, by its first bytes.
pub fn kind_of(path: &Path) -> Option<Dialect> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let mut file = std::fs::File::open(path).ok()?;
    let n = file.read(&mut head).ok()?;
    let head = &head[..n];
    if head.starts_with(b"SQLite format 3\0") {
        Some(Dialect::Sqlite)
    } else if head.starts_with(b"PGDMP") {
        Some(Dialect::Postgresql)
    } else if String::from_utf8_lossy(head)
        .lines()
        // recent MariaDB dumps start with a `/*M!999999\- enable the sandbox mode */` line
        .take(2)
        .any(|line| line.starts_with("-- MySQL dump") || line.starts_with("-- MariaDB dump"))
    {
        Some(Dialect::Mysql)
    } else {
        None
    }
}

fn check_kind(dialect: Dialect, path: &Path) -> Result<(), BackupError> {
    let expected = match dialect {
        Dialect::Sqlite => "SQLite",
        Dialect::Postgresql => "PostgreSQL (pg_dump --format=custom)",
        Dialect::Mysql => "MySQL / MariaDB (mysqldump)",
    };
    match kind_of(path) {
        Some(found) if found == dialect => Ok(()),
        found => Err(BackupError::WrongKind {
            path: path.display().to_string(),
            expected,
            found: match found {
                Some(other) => format!("it is a {} backup", other.name()),
                None => "it is not a backup aludel wrote".to_string(),
            },
        }),
    }
}

fn database_name(url: &DatabaseUrl) -> Result<String, BackupError> {
    match (url.database(), url.dialect()) {
        (Some(name), _) if !name.is_empty() => Ok(name.to_string()),
        // libpq's default: the user's name
        (_, Dialect::Postgresql) => Ok(url.username().unwrap_or("postgres").to_string()),
        _ => Err(BackupError::Other(format!(
            "{url} names no database; give one in the URL to back it up"
        ))),
    }
}

fn sqlite_file(url: &DatabaseUrl) -> Result<PathBuf, BackupError> {
    match url.sqlite_target() {
        Some(SqliteTarget::File(path)) => Ok(path),
        _ => Err(BackupError::Other(format!(
            "{url} is an in-memory database: there is nothing to back up or restore"
        ))),
    }
}

fn sqlite_backup(url: &DatabaseUrl, path: &Path) -> Result<(), BackupError> {
    let file = sqlite_file(url)?;
    if !file.exists() {
        return Err(BackupError::Other(format!(
            "the SQLite database {} does not exist yet: there is nothing to back up",
            file.display()
        )));
    }
    let sqlite_error = |e: rusqlite::Error| {
        BackupError::Other(format!(
            "backing up {} to {} failed: {e}",
            file.display(),
            path.display()
        ))
    };
    let source =
        rusqlite::Connection::open_with_flags(&file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(sqlite_error)?;
    let _ = std::fs::remove_file(path);
    source
        .backup(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(sqlite_error)
}

fn sqlite_restore(url: &DatabaseUrl, path: &Path) -> Result<(), BackupError> {
    let file = sqlite_file(url)?;
    let sqlite_error = |e: rusqlite::Error| {
        BackupError::Other(format!(
            "restoring {} from {} failed: {e}",
            file.display(),
            path.display()
        ))
    };
    let mut target = rusqlite::Connection::open(&file).map_err(sqlite_error)?;
    target
        .busy_timeout(Duration::from_secs(60))
        .map_err(sqlite_error)?;
    target
        .restore(
            rusqlite::MAIN_DB,
            path,
            None::<fn(rusqlite::backup::Progress)>,
        )
        .map_err(sqlite_error)
}

/// Where each tool of a database may be.
struct Tools {
    dump: ToolSpec,
    restore: ToolSpec,
}

struct ToolSpec {
    /// Names to try on PATH, in order.
    names: &'static [&'static str],
    /// Directories (with `*` for a version) tried after PATH.
    fallback: &'static str,
    purpose: &'static str,
    database: &'static str,
    package: &'static str,
}

const POSTGRES_TOOLS: Tools = Tools {
    dump: ToolSpec {
        names: &["pg_dump"],
        fallback: "/usr/lib/postgresql/*/bin",
        purpose: "back up",
        database: "PostgreSQL",
        package: "Debian: postgresql-client",
    },
    restore: ToolSpec {
        names: &["pg_restore"],
        fallback: "/usr/lib/postgresql/*/bin",
        purpose: "restore",
        database: "PostgreSQL",
        package: "Debian: postgresql-client",
    },
};

const MYSQL_TOOLS: Tools = Tools {
    dump: ToolSpec {
        names: &["mysqldump", "mariadb-dump"],
        fallback: "",
        purpose: "back up",
        database: "MySQL / MariaDB",
        package: "Debian: mariadb-client",
    },
    restore: ToolSpec {
        names: &["mysql", "mariadb"],
        fallback: "",
        purpose: "restore",
        database: "MySQL / MariaDB",
        package: "Debian: mariadb-client",
    },
};

fn find_tool(spec: &ToolSpec) -> Result<PathBuf, BackupError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in spec.names {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    if let Some((base, rest)) = spec.fallback.split_once('*') {
        // the newest installed version: it reads older servers' data too
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(base)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
                Some((version, entry.path()))
            })
            .collect();
        versions.sort();
        for (_, dir) in versions.into_iter().rev() {
            let candidate = dir.join(rest.trim_start_matches('/')).join(spec.names[0]);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(BackupError::ToolMissing {
        tool: spec.names[0],
        purpose: spec.purpose,
        database: spec.database,
        looked: if spec.fallback.is_empty() {
            String::new()
        } else {
            format!(" or in {}", spec.fallback)
        },
        package: spec.package,
    })
}

/// libpq's connection settings, as the tools read them: host, port and
/// user as arguments, the password and TLS settings in the environment.
fn pg_connection_args(cmd: &mut Command, url: &DatabaseUrl) {
    let host = url.query_value("host").or(url.host());
    if let Some(host) = host {
        cmd.arg(format!("--host={host}"));
    }
    if let Some(port) = url.port() {
        cmd.arg(format!("--port={port}"));
    }
    if let Some(user) = url.username() {
        cmd.arg(format!("--username={user}"));
    }
    cmd.arg("--no-password");
    if let Some(password) = url.password() {
        cmd.env("PGPASSWORD", password);
    }
    for (key, var) in [
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ] {
        if let Some(value) = url.query_value(key) {
            cmd.env(var, value);
        }
    }
    cmd.env("PGAPPNAME", "aludel");
}

/// The MySQL clients' connection settings; the password in `MYSQL_PWD`.
fn mysql_connection_args(cmd: &mut Command, url: &DatabaseUrl) {
    if let Some(socket) = url.query_value("unix_socket") {
        cmd.arg(format!("--socket={socket}"));
    } else {
        cmd.arg(format!("--host={}", url.host().unwrap_or("localhost")));
        cmd.arg(format!("--port={}", url.port().unwrap_or(3306)));
        cmd.arg("--protocol=tcp");
    }
    if let Some(user) = url.username() {
        cmd.arg(format!("--user={user}"));
    }
    if let Some(password) = url.password() {
        cmd.env("MYSQL_PWD", password);
    }
    for (key, flag) in [
        ("ssl_ca", "--ssl-ca"),
        ("ssl_cert", "--ssl-cert"),
        ("ssl_key", "--ssl-key"),
    ] {
        if let Some(value) = url.query_value(key) {
            cmd.arg(format!("{flag}={value}"));
        }
    }
}

fn run_tool(mut cmd: Command, tool: &str) -> Result<(), BackupError> {
    let output = cmd
        .output()
        .map_err(|e| BackupError::Other(format!("cannot run {tool}: {e}")))?;
    if output.status.success() {
        return Ok(());
    }
    Err(BackupError::ToolFailed {
        tool: tool.to_string(),
        status: output
            .status
            .code()
            .map_or_else(|| "killed".to_string(), |c| c.to_string()),
        stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    })
}
