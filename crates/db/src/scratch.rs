//! Scratch databases: fresh, uniquely named databases that aludel creates
//! for itself (`aludel test`) beside the database a URL names, and drops
//! again when the value is dropped.
//!
//! - SQLite: a file in a new directory under the system's temporary
//!   directory (`TMPDIR`); dropping removes the directory.
//! - PostgreSQL: `CREATE DATABASE aludel_test_...` on the server of the URL,
//!   through a maintenance connection to its `postgres` database (the
//!   configured database only when that one is refused); dropped with
//!   `DROP DATABASE ... WITH (FORCE)`.
//! - MySQL / MariaDB: `CREATE DATABASE aludel_test_...` with the character
//!   set and collation of the configured database when it exists, through a
//!   connection to `information_schema`.
//!
//! The configured database itself is never created, changed or dropped.
//! A copy ([`ScratchDb::copy`]) starts another scratch database from this
//! one's state: a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on
//! PostgreSQL (which needs every session of the source closed); MySQL has
//! no cheap copy ([`ScratchDb::can_copy`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::driver::{connect, Connection, DbError};
use crate::url::{DatabaseUrl, Dialect};

/// The prefix of every scratch database's name (and of SQLite's directory):
/// a leftover one says whose it is.
pub const NAME_PREFIX: &str = "aludel_test_";

/// One scratch database.
pub struct ScratchDb {
    url: DatabaseUrl,
    place: Place,
}

/// Where a scratch database lives, and so how it goes away.
enum Place {
    /// A directory holding the SQLite file (which SQLite creates on first
    /// connect).
    SqliteDir { dir: PathBuf, file: PathBuf },
    /// A database on a server; `admin` is the URL of the maintenance
    /// database it was created through.
    Server { name: String, admin: DatabaseUrl },
}

impl std::fmt::Debug for ScratchDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // the URL's Display masks the password
        write!(f, "ScratchDb({})", self.url)
    }
}

impl ScratchDb {
    /// A new, empty scratch database of the kind `base` names, on the same
    /// server (same user, host, port and options) for PostgreSQL and MySQL.
    pub fn create(base: &DatabaseUrl) -> Result<ScratchDb, DbError> {
        match base.dialect() {
            Dialect::Sqlite => {
                let dir = new_temp_dir()?;
                Ok(ScratchDb::sqlite_in(base, dir))
            }
            Dialect::Postgresql => {
                let (admin_url, mut admin) = admin_connection(base)?;
                let name = unique_name();
                admin
                    .run(&format!("CREATE DATABASE {name}"))
                    .map_err(|e| cannot_create(base, e))?;
                tune_postgres(admin.as_mut(), &name);
                Ok(ScratchDb {
                    url: base.with_database(&name),
                    place: Place::Server {
                        name,
                        admin: admin_url,
                    },
                })
            }
            Dialect::Mysql => {
                let (admin_url, mut admin) = admin_connection(base)?;
                let name = unique_name();
                let charset = base
                    .database()
                    .filter(|db| !db.is_empty())
                    .and_then(|db| mysql_charset(admin.as_mut(), db));
                let create = match charset {
                    Some((set, collation)) => {
                        format!("CREATE DATABASE {name} CHARACTER SET {set} COLLATE {collation}")
                    }
                    None => format!("CREATE DATABASE {name}"),
                };
                admin.run(&create).map_err(|e| cannot_create(base, e))?;
                Ok(ScratchDb {
                    url: base.with_database(&name),
                    place: Place::Server {
                        name,
                        admin: admin_url,
                    },
                })
            }
        }
    }

    /// Whether scratch databases of `dialect` can be copied
    /// ([`ScratchDb::copy`]): SQLite and PostgreSQL.
    pub fn can_copy(dialect: Dialect) -> bool {
        matches!(dialect, Dialect::Sqlite | Dialect::Postgresql)
    }

    /// A new scratch database holding what this one holds now. No session
    /// may be connected to this one meanwhile (PostgreSQL refuses to copy a
    /// database in use; a SQLite file copied mid-transaction is torn).
    pub fn copy(&self) -> Result<ScratchDb, DbError> {
        match &self.place {
            Place::SqliteDir { file, .. } => {
                let dir = new_temp_dir()?;
                let copy = ScratchDb::sqlite_in(&self.url, dir);
                if let Place::SqliteDir { file: target, .. } = &copy.place {
                    for suffix in ["", "-wal"] {
                        let from = with_suffix(file, suffix);
                        if from.exists() {
                            std::fs::copy(&from, with_suffix(target, suffix)).map_err(|e| {
                                DbError::Unsupported(format!(
                                    "cannot copy the scratch database {}: {e}",
                                    from.display()
                                ))
                            })?;
                        }
                    }
                }
                Ok(copy)
            }
            Place::Server { name, admin } if self.url.dialect() == Dialect::Postgresql => {
                let mut conn = connect(admin)?;
                let copy = unique_name();
                conn.run(&format!("CREATE DATABASE {copy} TEMPLATE {name}"))
                    .map_err(|e| cannot_create(&self.url, e))?;
                tune_postgres(conn.as_mut(), &copy);
                Ok(ScratchDb {
                    url: self.url.with_database(&copy),
                    place: Place::Server {
                        name: copy,
                        admin: admin.clone(),
                    },
                })
            }
            Place::Server { .. } => Err(DbError::Unsupported(format!(
                "scratch databases on {} cannot be copied",
                self.url.dialect().name()
            ))),
        }
    }

    /// The URL of the scratch database (its `Display` masks the password).
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The database's name on its server, or the SQLite file's path.
    pub fn name(&self) -> String {
        match &self.place {
            Place::SqliteDir { file, .. } => file.display().to_string(),
            Place::Server { name, .. } => name.clone(),
        }
    }

    fn sqlite_in(base: &DatabaseUrl, dir: PathBuf) -> ScratchDb {
        let file = dir.join("scratch.db");
        // a path that does not parse as a URL cannot happen: it is absolute
        // and made of the temporary directory and our own names
        let url = DatabaseUrl::parse(&format!("sqlite:///{}", file.display()))
            .unwrap_or_else(|_| base.clone());
        ScratchDb {
            url,
            place: Place::SqliteDir { dir, file },
        }
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        match &self.place {
            Place::SqliteDir { dir, .. } => {
                // a failure leaves a stray temporary directory, not a wrong result
                let _ = std::fs::remove_dir_all(dir);
            }
            Place::Server { name, admin } => {
                let Ok(mut conn) = connect(admin) else {
                    return;
                };
                if self.url.dialect() == Dialect::Postgresql {
                    // sessions left open (a worker that failed) must not keep it
                    if conn
                        .run(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .is_ok()
                    {
                        return;
                    }
                }
                let _ = conn.run(&format!("DROP DATABASE IF EXISTS {name}"));
            }
        }
    }
}

/// A connection for creating and dropping databases on the server `base`
/// names, and its URL: PostgreSQL's `postgres` database, else the
/// configured one (only connected to, never changed); MySQL's
/// `information_schema`, which every user may use.
fn admin_connection(base: &DatabaseUrl) -> Result<(DatabaseUrl, Box<dyn Connection>), DbError> {
    let candidates: Vec<DatabaseUrl> = match base.dialect() {
        Dialect::Postgresql => {
            let mut list = vec![base.with_database("postgres")];
            if base
                .database()
                .is_some_and(|d| !d.is_empty() && d != "postgres")
            {
                list.push(base.clone());
            }
            list
        }
        _ => vec![base.with_database("information_schema")],
    };
    let mut first_error = None;
    for url in candidates {
        match connect(&url) {
            Ok(conn) => return Ok((url, conn)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| DbError::Unsupported("no server to connect to".into())))
}

/// Settings of a PostgreSQL scratch database, for every session on it.
/// Nothing on it outlives the run, so its commits need not wait for the
/// disk; and its schema is read after every step with the same prepared
/// catalog queries, which a generic plan serves without planning each time.
/// A server that refuses them only runs slower.
fn tune_postgres(admin: &mut dyn Connection, name: &str) {
    for setting in [
        "synchronous_commit = off",
        "plan_cache_mode = force_generic_plan",
    ] {
        let _ = admin.run(&format!("ALTER DATABASE {name} SET {setting}"));
    }
}

/// The character set and collation of MySQL database `db`, when it exists
/// and they are plain names.
fn mysql_charset(conn: &mut dyn Connection, db: &str) -> Option<(String, String)> {
    let literal = db.replace('\\', "\\\\").replace('\'', "''");
    let row = conn
        .query_strings(&format!(
            "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) \
             FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '{literal}'"
        ))
        .ok()?
        .into_iter()
        .next()?;
    let (set, collation) = row.split_once(' ')?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (plain(set) && plain(collation)).then(|| (set.to_string(), collation.to_string()))
}

/// A creation failure with what to do about it.
fn cannot_create(base: &DatabaseUrl, e: DbError) -> DbError {
    let reason = match &e {
        DbError::Statement { message, .. } => message.clone(),
        other => other.to_string(),
    };
    DbError::Unsupported(format!(
        "cannot create a scratch database on the server of {base}: {reason}\n  \
         the user of the URL must be allowed to create and drop databases \
         (PostgreSQL: ALTER ROLE ... CREATEDB; MySQL: GRANT CREATE, DROP ON `{NAME_PREFIX}%`.* TO ...), \
         or pass --url with a server and user that may"
    ))
}

/// `aludel_test_<pid>_<n>_<salt>`: unique among runs on one machine (the
/// process id and a counter) and, through the clock, among machines sharing
/// a server; 63 characters at most (PostgreSQL's limit).
fn unique_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{NAME_PREFIX}{}_{}_{:05x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos & 0xfffff
    )
}

/// A new, empty directory for a SQLite scratch database.
fn new_temp_dir() -> Result<PathBuf, DbError> {
    let base = std::env::temp_dir();
    let mut last = None;
    for _ in 0..16 {
        let dir = base.join(unique_name().replace('_', "-"));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) => last = Some(e),
        }
    }
    Err(DbError::Unsupported(format!(
        "cannot create a scratch directory in {}: {}",
        base.display(),
        last.map_or_else(String::new, |e| e.to_string())
    )))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut text = path.as_os_str().to_owned();
    text.push(suffix);
    PathBuf::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_plain_and_short() {
        let a = unique_name();
        let b = unique_name();
        assert_ne!(a, b);
        assert!(a.starts_with(NAME_PREFIX));
        assert!(a.len() <= 63, "{a}");
        assert!(a
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
    }

    #[test]
    fn sqlite_scratch_files_are_copied_and_removed() {
        let base = DatabaseUrl::parse("sqlite:///app.db").unwrap();
        let db = ScratchDb::create(&base).unwrap();
        let path = PathBuf::from(db.name());
        let dir = path.parent().unwrap().to_path_buf();
        assert!(dir.is_dir());
        {
            let mut conn = connect(db.url()).unwrap();
            conn.execute("CREATE TABLE t (x INTEGER)").unwrap();
            conn.execute("INSERT INTO t VALUES (7)").unwrap();
        }
        let copy = db.copy().unwrap();
        let mut conn = connect(copy.url()).unwrap();
        assert_eq!(conn.query_strings("SELECT x FROM t").unwrap(), ["7"]);
        drop(conn);
        let copy_dir = PathBuf::from(copy.name()).parent().unwrap().to_path_buf();
        drop(copy);
        drop(db);
        assert!(!dir.exists());
        assert!(!copy_dir.exists());
    }
}
