//! SQLite through rusqlite (SQLite bundled into the binary).

use rusqlite::{Connection as Rusqlite, OpenFlags};

use super::{connect_error, quote_ident, select_versions, Connection, DbError, VersionTable};
use crate::url::{DatabaseUrl, Dialect, SqliteTarget};

/// An open SQLite database.
pub struct SqliteConnection {
    conn: Option<Rusqlite>,
}

impl SqliteConnection {
    /// Opens the file of the URL. A file that does not exist is not
    /// created: it reads as an empty database.
    pub fn open(url: &DatabaseUrl) -> Result<Self, DbError> {
        let conn = match url.sqlite_target() {
            Some(SqliteTarget::File(path)) if !path.exists() => None,
            Some(SqliteTarget::File(path)) => Some(
                Rusqlite::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE)
                    .map_err(|e| connect_error(url, e))?,
            ),
            _ => Some(Rusqlite::open_in_memory().map_err(|e| connect_error(url, e))?),
        };
        Ok(SqliteConnection { conn })
    }
}

fn statement_error(sql: &str, e: rusqlite::Error) -> DbError {
    DbError::Statement {
        sql: sql.to_string(),
        message: e.to_string(),
    }
}

impl Connection for SqliteConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn version_heads(&mut self, table: &VersionTable) -> Result<Vec<String>, DbError> {
        let Some(conn) = &self.conn else {
            return Ok(Vec::new());
        };
        let (master, qualified) = match &table.schema {
            Some(schema) => (
                format!("{}.sqlite_master", quote_ident(schema, '"')),
                format!(
                    "{}.{}",
                    quote_ident(schema, '"'),
                    quote_ident(&table.name, '"')
                ),
            ),
            None => ("sqlite_master".to_string(), quote_ident(&table.name, '"')),
        };
        let exists_sql =
            format!("SELECT count(*) FROM {master} WHERE type = 'table' AND name = ?1");
        let count: i64 = conn
            .query_row(&exists_sql, [&table.name], |row| row.get(0))
            .map_err(|e| statement_error(&exists_sql, e))?;
        if count == 0 {
            return Ok(Vec::new());
        }
        let sql = select_versions(&qualified);
        let mut stmt = conn.prepare(&sql).map_err(|e| statement_error(&sql, e))?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| statement_error(&sql, e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| statement_error(&sql, e))
    }
}
