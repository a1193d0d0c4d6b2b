//! Opening the project's database and reading its version rows.

use aludel_db::dialect::DialectInfo;
use aludel_db::driver::{connect, Connection, DbError, VersionTable};
use aludel_db::url::{DatabaseUrl, Dialect, SqliteTarget};

use crate::config::Config;
use crate::error::{CmdResult, CommandFailed};
use crate::output::Output;

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
        let (url, conn) = connect_for(config, url)?;
        Ok(Database {
            url,
            conn,
            version_table: version_table(config),
        })
    }

    /// Connects to a database that must already exist, for commands that
    /// only read it (`current`, `history -i`), and logs Alembic's start-up
    /// lines. A SQLite file that is not there is an error, not an empty
    /// database: a mistyped path must not look like a new project.
    pub fn open_existing(config: &Config, out: &mut Output) -> CmdResult<Database> {
        let (url, source) = config.require_database_url()?;
        if let Some(SqliteTarget::File(path)) = url.sqlite_target() {
            if !path.exists() {
                let absolute = std::env::current_dir()
                    .map(|dir| dir.join(&path))
                    .unwrap_or_else(|_| path.clone());
                return Err(CommandFailed::new(format!(
                    "the SQLite database file {} does not exist",
                    absolute.display()
                ))
                .with_detail(format!("the URL {url} comes from {}", source.source()))
                .with_detail(
                    "check the path (a relative path is relative to the current directory); \
                     'aludel upgrade head' creates the file",
                ));
            }
        }
        let (url, conn) = connect_for(config, url)?;
        crate::runner::log_context(out, DialectInfo::of(&url), false);
        Ok(Database {
            conn,
            url,
            version_table: version_table(config),
        })
    }

    /// The rows of the version table (empty when it does not exist).
    pub fn current_heads(&mut self) -> CmdResult<Vec<String>> {
        Ok(self.conn.version_heads(&self.version_table)?)
    }
}

/// Connects to `url`; for a tenant of a schema-per-tenant project, in the
/// tenant's schema: PostgreSQL's `search_path`, MySQL's database. The URL
/// returned is the one connected to.
fn connect_for(config: &Config, url: DatabaseUrl) -> CmdResult<(DatabaseUrl, Box<dyn Connection>)> {
    let Some(schema) = config.tenant_schema() else {
        let conn = connect(&url)?;
        return Ok((url, conn));
    };
    match url.dialect() {
        Dialect::Postgresql => {
            let mut conn = connect(&url)?;
            conn.run(&format!(
                "SET search_path TO \"{}\"",
                schema.replace('"', "\"\"")
            ))?;
            Ok((url, conn))
        }
        Dialect::Mysql => {
            let url = url.with_database(schema);
            let conn = connect(&url)?;
            Ok((url, conn))
        }
        Dialect::Sqlite => Err(CommandFailed::new(
            "tenants (a schema per tenant) need PostgreSQL or MySQL; SQLite has no schemas",
        )
        .with_detail("remove `tenants` from [tool.aludel], or list the tenants' files as [tool.aludel.databases]")),
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

/// The version rows of a database that must exist
/// ([`Database::open_existing`]).
pub fn current_heads(config: &Config, out: &mut Output) -> CmdResult<Vec<String>> {
    Database::open_existing(config, out)?.current_heads()
}
