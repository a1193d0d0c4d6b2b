//! aludel's own record of applied revisions, `aludel_revisions`, beside the
//! version table (which stays exactly Alembic's): one row per applied
//! revision with the checksum of its file when it ran, so that `aludel
//! status` can say which applied file was edited since.
//!
//! Written online only, in the step's transaction; `--sql` scripts stay
//! Alembic's.

use crate::dialect::{literal, DialectInfo};
use crate::driver::{Connection, DbError, VersionTable};

/// The table's name.
pub const TABLE: &str = "aludel_revisions";

/// One recorded revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The revision id.
    pub revision: String,
    /// `sha256:<hex>` of the file's text when it was applied.
    pub checksum: String,
    /// When (UTC, RFC 3339).
    pub applied_at: String,
}

/// The record table of a version table: the same schema.
pub fn table_for(version_table: &VersionTable) -> VersionTable {
    VersionTable {
        name: TABLE.to_string(),
        schema: version_table.schema.clone(),
    }
}

fn qualified(info: &DialectInfo, table: &VersionTable) -> String {
    let name = info.ident(&table.name);
    match &table.schema {
        Some(schema) => format!("{}.{name}", info.ident(schema)),
        None => name,
    }
}

/// Creates the table if it is not there.
pub fn ensure(
    conn: &mut dyn Connection,
    info: &DialectInfo,
    table: &VersionTable,
) -> Result<(), DbError> {
    conn.run(&format!(
        "CREATE TABLE IF NOT EXISTS {} (revision VARCHAR(255) NOT NULL PRIMARY KEY, \
         checksum VARCHAR(80) NOT NULL, path VARCHAR(1024) NOT NULL, applied_at VARCHAR(40) NOT NULL)",
        qualified(info, table)
    ))
}

/// Records `revision` as applied now from a file with `checksum`.
pub fn record(
    conn: &mut dyn Connection,
    info: &DialectInfo,
    table: &VersionTable,
    revision: &str,
    checksum: &str,
    path: &str,
    applied_at: &str,
) -> Result<(), DbError> {
    forget(conn, info, table, revision)?;
    conn.run(&format!(
        "INSERT INTO {} (revision, checksum, path, applied_at) VALUES ({}, {}, {}, {})",
        qualified(info, table),
        literal(revision),
        literal(checksum),
        literal(path),
        literal(applied_at)
    ))
}

/// Drops the record of `revision` (its downgrade ran).
pub fn forget(
    conn: &mut dyn Connection,
    info: &DialectInfo,
    table: &VersionTable,
    revision: &str,
) -> Result<(), DbError> {
    conn.run(&format!(
        "DELETE FROM {} WHERE revision = {}",
        qualified(info, table),
        literal(revision)
    ))
}

/// Every record, or none when the table is not there.
pub fn read(
    conn: &mut dyn Connection,
    info: &DialectInfo,
    table: &VersionTable,
) -> Result<Vec<Recorded>, DbError> {
    if !conn.has_version_table(table)? {
        return Ok(Vec::new());
    }
    // one text column: ids, checksums and times hold no spaces
    let lines = conn.query_strings(&format!(
        "SELECT CONCAT(revision, ' ', checksum, ' ', applied_at) FROM {} ORDER BY revision",
        qualified(info, table)
    ))?;
    Ok(lines
        .iter()
        .filter_map(|line| {
            let mut parts = line.split(' ');
            Some(Recorded {
                revision: parts.next()?.to_string(),
                checksum: parts.next()?.to_string(),
                applied_at: parts.next()?.to_string(),
            })
        })
        .collect())
}
