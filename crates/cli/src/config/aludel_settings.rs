//! aludel's own settings, for what an Alembic project keeps in `env.py`:
//! `[tool.aludel]` in pyproject.toml, or the top level of an `aludel.toml`
//! beside the ini file.
//!
//! ```toml
//! [tool.aludel]
//! url = "sqlite:///app.db"        # database URL (lowest precedence but the ini)
//! url_env = "DATABASE_URL"        # environment variable holding the URL
//! models = ["app.models"]         # model modules to read
//! version_table = "alembic_version"
//! version_table_schema = "public"
//! transaction_per_migration = false  # one transaction per revision instead of per run
//! lock_timeout = "5s"             # each statement's wait for a lock (upgrade / downgrade)
//! statement_timeout = "10m"       # each statement's run time
//! retries = 3                     # retries of a statement that hit the lock timeout
//! migration_lock_timeout = "1h"   # the wait for another run's migration lock
//! backup = true                   # back up before upgrade / downgrade (or a directory)
//! record_revisions = true         # keep file checksums in aludel_revisions (for `status`)
//! tenants = ["acme", "globex"]    # schema per tenant: each migrated with its own version table
//!
//! [tool.aludel.databases]         # several databases, each with its own version table
//! main = "postgresql://app@db/main"
//! analytics = { url_env = "ANALYTICS_URL" }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::database_url::redacted_url;
use super::error::ConfigError;
use crate::duration::{parse_duration, seconds_duration};

/// The environment variable read for the database URL unless `url_env` says otherwise.
pub const DEFAULT_URL_ENV: &str = "DATABASE_URL";

/// The version table's name unless `version_table` says otherwise.
pub const DEFAULT_VERSION_TABLE: &str = "alembic_version";

/// The settings as written (unknown keys are rejected with their line).
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AludelToml {
    url: Option<String>,
    url_env: Option<String>,
    models: Option<Vec<String>>,
    version_table: Option<String>,
    version_table_schema: Option<String>,
    transaction_per_migration: Option<bool>,
    lock_timeout: Option<DurationSetting>,
    statement_timeout: Option<DurationSetting>,
    retries: Option<u32>,
    migration_lock_timeout: Option<DurationSetting>,
    backup: Option<BackupSetting>,
    record_revisions: Option<bool>,
    databases: Option<toml::Table>,
    tenants: Option<Vec<String>>,
}

/// One entry of `[tool.aludel.databases]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseEntry {
    /// The database's name.
    pub name: String,
    /// Its URL, when written in the settings.
    pub url: Option<String>,
    /// The environment variable holding its URL.
    pub url_env: Option<String>,
}

/// `backup = true` or `backup = "directory"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum BackupSetting {
    On(bool),
    Directory(String),
}

/// A duration as written: a number of seconds or a text such as `"5s"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum DurationSetting {
    Seconds(f64),
    Text(String),
}

impl DurationSetting {
    fn read(&self) -> Result<Duration, String> {
        match self {
            DurationSetting::Seconds(seconds) => seconds_duration(*seconds)
                .ok_or_else(|| format!("{seconds} is not a duration; give 0 or more seconds")),
            DurationSetting::Text(text) => parse_duration(text),
        }
    }
}

impl AludelToml {
    /// Parses an `aludel.toml` file's text.
    pub(crate) fn from_text(path: &Path, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Toml {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })
    }
}

/// aludel's settings with defaults applied. `Debug` masks the URL's password.
#[derive(Clone, PartialEq, Eq)]
pub struct AludelSettings {
    /// `url`: a database URL.
    pub url: Option<String>,
    /// `url_env`: the environment variable that may hold the URL.
    pub url_env: String,
    /// `models`: model module paths (`app.models`) to read for autogenerate / check.
    pub models: Vec<String>,
    /// `version_table`.
    pub version_table: String,
    /// `version_table_schema`.
    pub version_table_schema: Option<String>,
    /// `transaction_per_migration` (env.py's `context.configure` option):
    /// commit after each revision rather than once for the whole run.
    pub transaction_per_migration: bool,
    /// `lock_timeout`: how long each statement may wait for a lock.
    pub lock_timeout: Option<Duration>,
    /// `statement_timeout`: how long each statement may run.
    pub statement_timeout: Option<Duration>,
    /// `retries`: how often a statement that hit the lock timeout is retried.
    pub retries: Option<u32>,
    /// `migration_lock_timeout`: how long to wait for another run's lock.
    pub migration_lock_timeout: Option<Duration>,
    /// `backup`: back up before each upgrade / downgrade, into this
    /// directory (relative to the settings file) or, when empty, the default.
    pub backup: Option<PathBuf>,
    /// `record_revisions`: keep each applied revision's file checksum in
    /// `aludel_revisions`. Off by default: Alembic's own autogenerate would
    /// see the table and propose to drop it.
    pub record_revisions: bool,
    /// `[tool.aludel.databases]`, in the order written.
    pub databases: Vec<DatabaseEntry>,
    /// `tenants`: the schemas of a schema-per-tenant database.
    pub tenants: Vec<String>,
    /// The file the settings came from, if any.
    pub file: Option<PathBuf>,
    /// `[tool.aludel]` in pyproject.toml (true) or `aludel.toml` (false).
    pub in_pyproject: bool,
}

impl fmt::Debug for AludelToml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AludelToml")
            .field("url", &self.url.as_deref().map(redacted_url))
            .field("url_env", &self.url_env)
            .field("models", &self.models)
            .field("version_table", &self.version_table)
            .field("version_table_schema", &self.version_table_schema)
            .field("transaction_per_migration", &self.transaction_per_migration)
            .field("lock_timeout", &self.lock_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .field("retries", &self.retries)
            .field("migration_lock_timeout", &self.migration_lock_timeout)
            .field("backup", &self.backup)
            .field("record_revisions", &self.record_revisions)
            .field(
                "databases",
                &self
                    .databases
                    .as_ref()
                    .map(|d| d.keys().collect::<Vec<_>>()),
            )
            .finish()
    }
}

impl fmt::Debug for AludelSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AludelSettings")
            .field("url", &self.url.as_deref().map(redacted_url))
            .field("url_env", &self.url_env)
            .field("models", &self.models)
            .field("version_table", &self.version_table)
            .field("version_table_schema", &self.version_table_schema)
            .field("transaction_per_migration", &self.transaction_per_migration)
            .field("lock_timeout", &self.lock_timeout)
            .field("statement_timeout", &self.statement_timeout)
            .field("retries", &self.retries)
            .field("migration_lock_timeout", &self.migration_lock_timeout)
            .field("backup", &self.backup)
            .field("record_revisions", &self.record_revisions)
            .field(
                "databases",
                &self.databases.iter().map(|d| &d.name).collect::<Vec<_>>(),
            )
            .field("tenants", &self.tenants)
            .field("file", &self.file)
            .field("in_pyproject", &self.in_pyproject)
            .finish()
    }
}

impl Default for AludelSettings {
    fn default() -> Self {
        AludelSettings {
            url: None,
            url_env: DEFAULT_URL_ENV.to_string(),
            models: Vec::new(),
            version_table: DEFAULT_VERSION_TABLE.to_string(),
            version_table_schema: None,
            transaction_per_migration: false,
            lock_timeout: None,
            statement_timeout: None,
            retries: None,
            migration_lock_timeout: None,
            backup: None,
            record_revisions: false,
            databases: Vec::new(),
            tenants: Vec::new(),
            file: None,
            in_pyproject: false,
        }
    }
}

impl AludelSettings {
    /// Applies defaults to settings read from `file`, and checks the values.
    pub(crate) fn from_toml(
        raw: &AludelToml,
        file: &Path,
        in_pyproject: bool,
    ) -> Result<Self, ConfigError> {
        let table = if in_pyproject { "[tool.aludel] " } else { "" };
        let invalid = |message: String| ConfigError::Toml {
            path: file.to_path_buf(),
            message: format!("{table}{message}"),
        };
        let non_empty = |key: &str, value: &Option<String>| -> Result<(), ConfigError> {
            match value {
                Some(v) if v.trim().is_empty() => Err(invalid(format!(
                    "{key} is empty; remove it to use the default or give a value"
                ))),
                _ => Ok(()),
            }
        };
        non_empty("url", &raw.url)?;
        non_empty("url_env", &raw.url_env)?;
        non_empty("version_table", &raw.version_table)?;
        non_empty("version_table_schema", &raw.version_table_schema)?;
        if let Some(name) = &raw.url_env {
            if name.contains(['=', '\0']) {
                return Err(invalid(format!(
                    "url_env = {name:?} is not an environment variable name"
                )));
            }
        }
        let models = raw.models.clone().unwrap_or_default();
        if let Some(bad) = models.iter().find(|m| !is_module_path(m)) {
            return Err(invalid(format!(
                "models entry {bad:?} is not a module path; write dotted names such as \"app.models\""
            )));
        }
        let duration = |key: &str, value: &Option<DurationSetting>| {
            value
                .as_ref()
                .map(|v| v.read().map_err(|e| invalid(format!("{key}: {e}"))))
                .transpose()
        };
        let lock_timeout = duration("lock_timeout", &raw.lock_timeout)?;
        let statement_timeout = duration("statement_timeout", &raw.statement_timeout)?;
        let migration_lock_timeout =
            duration("migration_lock_timeout", &raw.migration_lock_timeout)?;
        Ok(AludelSettings {
            url: raw.url.clone(),
            url_env: raw
                .url_env
                .clone()
                .unwrap_or_else(|| DEFAULT_URL_ENV.to_string()),
            models,
            version_table: raw
                .version_table
                .clone()
                .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_string()),
            version_table_schema: raw.version_table_schema.clone(),
            transaction_per_migration: raw.transaction_per_migration.unwrap_or(false),
            lock_timeout,
            statement_timeout,
            retries: raw.retries,
            migration_lock_timeout,
            backup: match &raw.backup {
                None | Some(BackupSetting::On(false)) => None,
                Some(BackupSetting::On(true)) => Some(PathBuf::new()),
                Some(BackupSetting::Directory(dir)) if dir.trim().is_empty() => {
                    return Err(invalid(
                        "backup is empty; write backup = true or a directory".to_string(),
                    ))
                }
                Some(BackupSetting::Directory(dir)) => Some(
                    file.parent()
                        .map_or_else(|| PathBuf::from(dir), |base| base.join(dir)),
                ),
            },
            record_revisions: raw.record_revisions.unwrap_or(false),
            databases: database_entries(raw.databases.as_ref()).map_err(invalid)?,
            tenants: tenant_names(raw.tenants.as_deref()).map_err(invalid)?,
            file: Some(file.to_path_buf()),
            in_pyproject,
        })
    }

    /// Where `url` is set, for messages: `/p/pyproject.toml [tool.aludel]` or `/p/aludel.toml`.
    pub fn describe_file(&self) -> String {
        match (&self.file, self.in_pyproject) {
            (Some(file), true) => format!("{} [tool.aludel]", file.display()),
            (Some(file), false) => file.display().to_string(),
            (None, _) => "aludel's defaults".to_string(),
        }
    }
}

/// `[tool.aludel.databases]`: `name = "URL"` or `name = { url_env = "VAR" }`.
fn database_entries(table: Option<&toml::Table>) -> Result<Vec<DatabaseEntry>, String> {
    let Some(table) = table else {
        return Ok(Vec::new());
    };
    table
        .iter()
        .map(|(name, value)| {
            let bad = || {
                format!(
                    "databases.{name}: write a URL (\"postgresql://...\") or {{ url_env = \"VARIABLE\" }}"
                )
            };
            if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!(
                    "databases.{name}: a database name is letters, digits and _ (revision files call upgrade_{name}())"
                ));
            }
            match value {
                toml::Value::String(url) => Ok(DatabaseEntry {
                    name: name.clone(),
                    url: Some(url.clone()),
                    url_env: None,
                }),
                toml::Value::Table(inner) => match (inner.get("url_env"), inner.len()) {
                    (Some(toml::Value::String(var)), 1) => Ok(DatabaseEntry {
                        name: name.clone(),
                        url: None,
                        url_env: Some(var.clone()),
                    }),
                    _ => Err(bad()),
                },
                _ => Err(bad()),
            }
        })
        .collect()
}

/// `tenants = [...]`: schema names, each once.
fn tenant_names(names: Option<&[String]>) -> Result<Vec<String>, String> {
    let names = names.unwrap_or_default();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!(
                "tenants: {name:?} is not a schema name aludel takes (letters, digits and _)"
            ));
        }
        if names[..i].contains(name) {
            return Err(format!("tenants: {name:?} is listed twice"));
        }
    }
    Ok(names.to_vec())
}

/// `a.b.c` where each part is a Python identifier.
fn is_module_path(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && chars.all(|c| c == '_' || c.is_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<AludelSettings, ConfigError> {
        let path = Path::new("/p/aludel.toml");
        AludelSettings::from_toml(&AludelToml::from_text(path, text)?, path, false)
    }

    #[test]
    fn defaults() {
        let s = parse("").unwrap();
        assert_eq!(s.url, None);
        assert_eq!(s.url_env, "DATABASE_URL");
        assert!(s.models.is_empty());
        assert_eq!(s.version_table, "alembic_version");
        assert_eq!(s.version_table_schema, None);
        assert_eq!(s.describe_file(), "/p/aludel.toml");
    }

    #[test]
    fn all_keys() {
        let s = parse(
            "url = 'sqlite:///x.db'\nurl_env = 'APP_DB'\nmodels = ['app.models', 'app.extra']\n\
             version_table = 'versions'\nversion_table_schema = 'meta'\n",
        )
        .unwrap();
        assert_eq!(s.url.as_deref(), Some("sqlite:///x.db"));
        assert_eq!(s.url_env, "APP_DB");
        assert_eq!(s.models, vec!["app.models", "app.extra"]);
        assert_eq!(s.version_table, "versions");
        assert_eq!(s.version_table_schema.as_deref(), Some("meta"));
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = parse("url = 'x'\nversion_tabel = 'v'\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("/p/aludel.toml: TOML parse error at line 2"),
            "{e}"
        );
        assert!(e.contains("unknown field `version_tabel`"), "{e}");
        assert!(e.contains("`version_table`"), "{e}");
    }

    #[test]
    fn bad_values() {
        assert!(parse("models = 'app.models'").is_err());
        assert!(parse("models = ['app models']")
            .unwrap_err()
            .to_string()
            .contains("module path"));
        assert!(parse("version_table = ''")
            .unwrap_err()
            .to_string()
            .contains("empty"));
        assert!(parse("url_env = 'A=B'").is_err());
        assert!(parse("url = 5").is_err());
    }

    #[test]
    fn timeouts_take_seconds_or_text() {
        let s = parse(
            "lock_timeout = '5s'\nstatement_timeout = 90\nretries = 3\nmigration_lock_timeout = '2m'\n",
        )
        .unwrap();
        assert_eq!(s.lock_timeout, Some(Duration::from_secs(5)));
        assert_eq!(s.statement_timeout, Some(Duration::from_secs(90)));
        assert_eq!(s.retries, Some(3));
        assert_eq!(s.migration_lock_timeout, Some(Duration::from_secs(120)));
        let e = parse("lock_timeout = 'soon'").unwrap_err().to_string();
        assert!(
            e.contains("lock_timeout: \"soon\" is not a duration"),
            "{e}"
        );
        assert!(parse("statement_timeout = -1").is_err());
        assert!(parse("retries = -1").is_err());
    }

    #[test]
    fn backup_is_on_off_or_a_directory() {
        assert_eq!(parse("").unwrap().backup, None);
        assert_eq!(parse("backup = false").unwrap().backup, None);
        assert_eq!(parse("backup = true").unwrap().backup, Some(PathBuf::new()));
        assert_eq!(
            parse("backup = 'saved'").unwrap().backup,
            Some(PathBuf::from("/p/saved"))
        );
        assert!(parse("backup = ''").is_err());
        assert!(parse("backup = 3").is_err());
    }

    #[test]
    fn databases_are_urls_or_variables_in_order() {
        let s = parse("[databases]\nmain = 'sqlite:///m.db'\nanalytics = { url_env = 'A_URL' }\n")
            .unwrap();
        let names: Vec<&str> = s.databases.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["main", "analytics"]);
        assert_eq!(s.databases[0].url.as_deref(), Some("sqlite:///m.db"));
        assert_eq!(s.databases[1].url_env.as_deref(), Some("A_URL"));
        assert!(parse("[databases]\nx = 5\n").is_err());
        assert!(parse("[databases]\n'a-b' = 'sqlite://'\n").is_err());
    }

    #[test]
    fn module_paths() {
        assert!(is_module_path("app.models"));
        assert!(is_module_path("_x.y1"));
        assert!(!is_module_path("app..models"));
        assert!(!is_module_path("1app"));
        assert!(!is_module_path("app/models"));
    }
}
