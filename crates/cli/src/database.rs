//! Opening the project's database and reading its version rows.

use aludel_db::driver::{connect, Connection, DbError, VersionTable};
use aludel_db::url::DatabaseUrl;

use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};

/// An open connection and the URL it was opened with.
pub struct Database {
    /// The URL (display it: the password is masked).
    pub url: DatabaseUrl,
    /// The connection.
    pub conn: Box<dyn Connection>,
    /// Where the version table is.
    pub version_table: VersionTable,
}

impl From<DbError> for CommandFailed {
    fn from(e: DbError) -> Self {
        let text = e.to_string();
        let mut lines = text.lines();
        CommandFailed {
            message: lines.next().unwrap_or_default().to_string(),
            details: lines.map(|l| l.trim().to_string()).collect(),
            ..Default::default()
        }
    }
}

impl Database {
    /// Connects to the database the configuration names.
    pub fn open(config: &Config) -> CmdResult<Database> {
        let (url, _source) = config.require_database_url()?;
        let conn = connect(&url)?;
        Ok(Database {
            url,
            conn,
            version_table: version_table(config),
        })
    }

    /// The rows of the version table (empty when it does not exist).
    pub fn current_heads(&mut self) -> CmdResult<Vec<String>> {
        Ok(self.conn.version_heads(&self.version_table)?)
    }
}

/// Where the configuration puts the version table (`[tool.aludel]`
/// `version_table` / `version_table_schema`; `alembic_version` by default).
pub fn version_table(config: &Config) -> VersionTable {
    let settings = config.aludel();
    VersionTable {
        name: settings.version_table.clone(),
        schema: settings.version_table_schema.clone(),
    }
}

/// The version rows of the configured database.
pub fn current_heads(config: &Config) -> CmdResult<Vec<String>> {
    Database::open(config)?.current_heads()
}
