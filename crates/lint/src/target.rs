//! The database a review is for: a finding about PostgreSQL's locks means
//! nothing on SQLite, and MariaDB differs from MySQL where it matters here.

use std::fmt;

use aludel_core::dialect::DialectKind;
use serde::Serialize;

/// A database kind, with MariaDB apart from MySQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// PostgreSQL.
    Postgresql,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQLite.
    Sqlite,
}

impl Target {
    /// Every target, in the order findings list them.
    pub const ALL: [Target; 4] = [
        Target::Postgresql,
        Target::Mysql,
        Target::Mariadb,
        Target::Sqlite,
    ];

    /// The name `--dialect` takes and output prints.
    pub fn name(self) -> &'static str {
        match self {
            Target::Postgresql => "postgresql",
            Target::Mysql => "mysql",
            Target::Mariadb => "mariadb",
            Target::Sqlite => "sqlite",
        }
    }

    /// The target named `name` (`postgres` and `pg` too).
    pub fn from_name(name: &str) -> Option<Target> {
        match name.to_ascii_lowercase().as_str() {
            "postgresql" | "postgres" | "pg" => Some(Target::Postgresql),
            "mysql" => Some(Target::Mysql),
            "mariadb" => Some(Target::Mariadb),
            "sqlite" => Some(Target::Sqlite),
            _ => None,
        }
    }

    /// The target of a dialect kind (`mariadb` picks MariaDB for MySQL).
    pub fn of(kind: DialectKind, mariadb: bool) -> Target {
        match kind {
            DialectKind::Postgresql => Target::Postgresql,
            DialectKind::Mysql if mariadb => Target::Mariadb,
            DialectKind::Mysql => Target::Mysql,
            DialectKind::Sqlite => Target::Sqlite,
        }
    }

    /// The dialect kind revision bodies are evaluated for.
    pub fn kind(self) -> DialectKind {
        match self {
            Target::Postgresql => DialectKind::Postgresql,
            Target::Mysql | Target::Mariadb => DialectKind::Mysql,
            Target::Sqlite => DialectKind::Sqlite,
        }
    }

    /// MySQL or MariaDB.
    pub fn is_mysql_family(self) -> bool {
        matches!(self, Target::Mysql | Target::Mariadb)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
