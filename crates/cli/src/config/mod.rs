//! Project configuration: alembic.ini, pyproject.toml, aludel.toml, environment.
//!
//! [`Config::load`] reads what Alembic reads, the way Alembic reads it:
//!
//! * the ini file (`-c`, `ALEMBIC_CONFIG`, default `alembic.ini`) with Python
//!   `ConfigParser` semantics and `%(here)s` = its absolute directory; a
//!   missing ini file counts as empty;
//! * `[tool.alembic]` of `pyproject.toml` for every key the ini's main section
//!   (`-n`, default `[alembic]`) does not set;
//! * aludel's own `[tool.aludel]` / `aludel.toml` (see [`AludelSettings`]);
//! * the database URL from `--url`, the environment, `.env`, aludel's settings
//!   or `sqlalchemy.url` (see [`Config::database_url`]).
//!
//! The settings `ScriptDirectory.from_config` reads are checked in its order,
//! with its error texts; everything else is read on demand.

mod aludel_settings;
mod database_url;
mod error;
mod ini;
pub mod logging;
mod options;
mod path_lists;
mod percent_format;
mod pyproject;
pub(crate) mod python_path;

use std::path::{Path, PathBuf};

use aludel_db::url::DatabaseUrl;

pub use aludel_settings::{AludelSettings, DEFAULT_URL_ENV, DEFAULT_VERSION_TABLE};
pub use database_url::{DatabaseUrlSetting, UrlSource};
pub use error::ConfigError;
pub use options::{ConfigFiles, Environment, GlobalOptions, IniOverride, DEFAULT_SECTION_NAME};

use crate::hooks::PostWriteHook;
use aludel_settings::AludelToml;
use ini::IniDocument;
use pyproject::{Pyproject, TomlValue};

/// The `sqlalchemy.url` that `alembic init` (and `aludel init`) writes as a
/// placeholder, to be replaced by the project's database.
pub const INIT_PLACEHOLDER_URL: &str = "driver://user:pass@localhost/dbname";

/// `file_template` when none is configured.
pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

/// `truncate_slug_length` when none is configured (or when it is 0).
pub const DEFAULT_TRUNCATE_SLUG_LENGTH: usize = 40;

/// A project's configuration, ready for the commands. `Debug` shows the
/// settings but no database URL or raw ini value (they may hold passwords).
#[derive(Clone)]
pub struct Config {
    files: ConfigFiles,
    ini_found: bool,
    ini: IniDocument,
    pyproject: Option<Pyproject>,
    main_section: String,
    x_arguments: Vec<String>,
    script_location: PathBuf,
    version_locations: Vec<PathBuf>,
    version_locations_configured: bool,
    recursive_version_locations: bool,
    sourceless: bool,
    file_template: String,
    truncate_slug_length: usize,
    timezone: Option<String>,
    output_encoding: String,
    revision_environment: bool,
    prepend_sys_path: Vec<String>,
    post_write_hooks: Vec<PostWriteHook>,
    aludel: AludelSettings,
    url_option: Option<String>,
    url_env_value: Option<String>,
    notices: Vec<String>,
    /// The one database of a several-database project this configuration
    /// is for ([`Config::for_database`]).
    database: Option<NamedDatabase>,
}

/// One database of a project that migrates several: a name listed in the
/// ini's `databases` option (Alembic's `multidb` template, its URL in the
/// section of that name) or in `[tool.aludel.databases]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDatabase {
    /// The name (`engine1`): revision files call `upgrade_<name>()`.
    pub name: String,
    /// The URL text (may hold a password: do not print it).
    url: Option<String>,
    /// Where the URL is set.
    source: UrlSource,
    /// A tenant of a schema-per-tenant project: the schema its tables and
    /// version table live in.
    pub tenant_schema: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("files", &self.files)
            .field("ini_found", &self.ini_found)
            .field("pyproject", &self.pyproject_path())
            .field("main_section", &self.main_section)
            .field("x_arguments", &self.x_arguments)
            .field("script_location", &self.script_location)
            .field("version_locations", &self.version_locations)
            .field(
                "recursive_version_locations",
                &self.recursive_version_locations,
            )
            .field("sourceless", &self.sourceless)
            .field("file_template", &self.file_template)
            .field("truncate_slug_length", &self.truncate_slug_length)
            .field("timezone", &self.timezone)
            .field("output_encoding", &self.output_encoding)
            .field("revision_environment", &self.revision_environment)
            .field("prepend_sys_path", &self.prepend_sys_path)
            .field("post_write_hooks", &self.post_write_hooks)
            .field("aludel", &self.aludel)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Loads the configuration designated by the global options.
    pub fn load(options: &GlobalOptions, env: &Environment) -> Result<Config, ConfigError> {
        let files = ConfigFiles::resolve(options, env)?;
        let here = python_path::posix(&files.ini_dir());
        let mut ini = IniDocument::new(&files.ini_absolute, &ini_defaults(options, &here));
        let ini_text = read_text_if_exists(&files.ini_absolute)?;
        if let Some(text) = &ini_text {
            ini.read_str(text)?;
        }
        for option in &options.ini_overrides {
            if let IniOverride::Set {
                section,
                name,
                value,
            } = option
            {
                ini.set(section, name, value);
            }
        }
        let pyproject = Pyproject::load(&files.toml_absolute)?;
        let aludel = load_aludel_settings(&files, pyproject.as_ref())?;
        let url_env_value = env
            .var(&aludel.url_env)
            .filter(|v| !v.is_empty())
            .map(str::to_string);

        let mut config = Config {
            ini_found: ini_text.is_some(),
            ini,
            pyproject,
            main_section: options.section_name().to_string(),
            x_arguments: options.x.clone(),
            script_location: PathBuf::new(),
            version_locations: Vec::new(),
            version_locations_configured: false,
            recursive_version_locations: false,
            sourceless: false,
            file_template: DEFAULT_FILE_TEMPLATE.to_string(),
            truncate_slug_length: DEFAULT_TRUNCATE_SLUG_LENGTH,
            timezone: None,
            output_encoding: "utf-8".to_string(),
            revision_environment: false,
            prepend_sys_path: Vec::new(),
            post_write_hooks: Vec::new(),
            aludel,
            url_option: options.url.clone(),
            url_env_value,
            notices: Vec::new(),
            database: None,
            files,
        };
        config.read_script_settings(env)?;
        Ok(config)
    }

    /// The settings Alembic's `ScriptDirectory.from_config` reads, in its order.
    fn read_script_settings(&mut self, env: &Environment) -> Result<(), ConfigError> {
        let Some(script_location) = self.alembic_string("script_location")? else {
            if !self.ini_found {
                return Err(ConfigError::ConfigFileNotFound {
                    file: python_repr(&self.files.ini.to_string_lossy()),
                    absolute: self.files.ini_absolute.clone(),
                    toml: self.files.toml_absolute.clone(),
                    given: self.files.ini != Path::new("alembic.ini"),
                });
            }
            return Err(ConfigError::MissingScriptLocation {
                ini: self.files.ini_absolute.clone(),
                section: self.main_section.clone(),
            });
        };
        if let Some(value) = self.alembic_option("truncate_slug_length")? {
            self.truncate_slug_length = self.slug_length(value)?;
        }
        self.prepend_sys_path = self.read_prepend_sys_path()?;
        self.recursive_version_locations = self.alembic_flag("recursive_version_locations")?;
        if is_package_resource(&script_location) {
            return Err(ConfigError::PackageResource {
                key: "script_location".into(),
                value: script_location,
            });
        }
        if let Some(template) = self.alembic_string("file_template")? {
            self.file_template = template;
        }
        self.sourceless = self.alembic_flag("sourceless")?;
        if let Some(encoding) = self.alembic_string("output_encoding")? {
            self.output_encoding = encoding;
        }
        let script_dir = python_path::tidy(Path::new(&script_location));
        self.script_location = env.absolute(&script_dir);
        let locations = self.read_version_locations()?;
        self.version_locations_configured = locations.is_some();
        self.version_locations = match locations {
            Some(list) => list
                .iter()
                .map(|location| {
                    if is_package_resource(location) {
                        Err(ConfigError::PackageResource {
                            key: "version_locations".into(),
                            value: location.clone(),
                        })
                    } else {
                        Ok(env.absolute(Path::new(location)))
                    }
                })
                .collect::<Result<_, _>>()?,
            None => vec![self.script_location.join("versions")],
        };
        self.timezone = self.alembic_string("timezone")?;
        self.post_write_hooks = self.read_hooks()?;
        if !self.script_location.exists() {
            return Err(ConfigError::ScriptLocationNotFound {
                shown: script_dir.display().to_string(),
                absolute: self.script_location.clone(),
            });
        }
        self.revision_environment = match self.alembic_option("revision_environment")? {
            None => false,
            Some(AlembicValue::Toml(TomlValue::Bool(b))) => b,
            Some(AlembicValue::Toml(TomlValue::Int(i))) => i != 0,
            Some(AlembicValue::Toml(TomlValue::Str(s))) | Some(AlembicValue::Ini(s, _)) => {
                parse_truthy(&s).ok_or_else(|| ConfigError::NotABoolean {
                    location: self.location_of("revision_environment"),
                    key: "revision_environment".into(),
                    value: s.clone(),
                })?
            }
            Some(AlembicValue::Toml(_)) => {
                return Err(self.toml_wrong_type("revision_environment", "true or false"))
            }
        };
        Ok(())
    }

    // ----- generic lookups -------------------------------------------------

    /// The main ini section's name (`-n`, default `alembic`).
    pub fn main_section(&self) -> &str {
        &self.main_section
    }

    /// Alembic's `get_main_option`: an option of the main ini section
    /// (interpolated; `[DEFAULT]` included; pyproject.toml not consulted).
    /// Fails, with Alembic's text, when the ini has no such section.
    pub fn get_main_option(&self, name: &str) -> Result<Option<String>, ConfigError> {
        self.get_section_option(&self.main_section, name)
    }

    /// Alembic's `get_section_option`: an option of any ini section.
    pub fn get_section_option(
        &self,
        section: &str,
        name: &str,
    ) -> Result<Option<String>, ConfigError> {
        if !self.ini.has_section(section) {
            return Err(ConfigError::NoSection {
                file: python_repr(&self.files.ini.to_string_lossy()),
                section: section.to_string(),
            });
        }
        self.ini.get(section, name)
    }

    /// Alembic's `get_section`: all options of an ini section, `[DEFAULT]`'s
    /// (including `here`) first, interpolated; `None` if there is no such section.
    pub fn get_section(&self, section: &str) -> Result<Option<Vec<(String, String)>>, ConfigError> {
        self.ini.items(section)
    }

    /// The ini's `-x` arguments, as given.
    pub fn x_arguments(&self) -> &[String] {
        &self.x_arguments
    }

    /// `-x` arguments as `KEY=VALUE` pairs (a missing `=` gives an empty
    /// value; a later key wins), as `get_x_argument(as_dictionary=True)`.
    pub fn x_argument_map(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for arg in &self.x_arguments {
            let (key, value) = arg.split_once('=').unwrap_or((arg.as_str(), ""));
            match out.iter_mut().find(|(k, _)| k == key) {
                Some(entry) => entry.1 = value.to_string(),
                None => out.push((key.to_string(), value.to_string())),
            }
        }
        out
    }

    // ----- files -----------------------------------------------------------

    /// The configuration files in use.
    pub fn files(&self) -> &ConfigFiles {
        &self.files
    }

    /// The ini file as named (Alembic's `config_file_name`).
    pub fn config_file_name(&self) -> &Path {
        &self.files.ini
    }

    /// Whether the ini file exists (a missing one is read as empty).
    pub fn ini_found(&self) -> bool {
        self.ini_found
    }

    /// The pyproject.toml file, if it exists.
    pub fn pyproject_path(&self) -> Option<&Path> {
        self.pyproject.as_ref().map(Pyproject::path)
    }

    /// `%(here)s`: the ini file's absolute directory.
    pub fn here(&self) -> PathBuf {
        self.files.ini_dir()
    }

    // ----- script directory settings ----------------------------------------

    /// `script_location`, absolute (relative values are relative to the
    /// current directory, as in Alembic). It exists.
    pub fn script_location(&self) -> &Path {
        &self.script_location
    }

    /// The version directories, absolute: `version_locations` split by
    /// `path_separator`, or `<script_location>/versions`. They need not exist.
    pub fn version_locations(&self) -> &[PathBuf] {
        &self.version_locations
    }

    /// Whether `version_locations` was configured (not the default).
    pub fn version_locations_configured(&self) -> bool {
        self.version_locations_configured
    }

    /// `recursive_version_locations` (ini: exactly `true`; TOML: a boolean).
    pub fn recursive_version_locations(&self) -> bool {
        self.recursive_version_locations
    }

    /// `sourceless` (ini: exactly `true`; TOML: a boolean).
    pub fn sourceless(&self) -> bool {
        self.sourceless
    }

    /// `file_template` after interpolation, e.g. `%(rev)s_%(slug)s`.
    pub fn file_template(&self) -> &str {
        &self.file_template
    }

    /// `truncate_slug_length` (default 40; 0 also means 40).
    pub fn truncate_slug_length(&self) -> usize {
        self.truncate_slug_length
    }

    /// `timezone` as written (`Some("")` for `timezone =`, on which Alembic
    /// fails: ZoneInfo rejects the empty key). Alembic tries the name as
    /// given, then upper-cased, else fails with `Can't locate timezone: <name>`.
    pub fn timezone(&self) -> Option<&str> {
        self.timezone.as_deref()
    }

    /// `output_encoding` (default `utf-8`).
    pub fn output_encoding(&self) -> &str {
        &self.output_encoding
    }

    /// `revision_environment` (true/yes/on/y/t/1, case-insensitive).
    pub fn revision_environment(&self) -> bool {
        self.revision_environment
    }

    /// `prepend_sys_path` entries, as written (only meaningful to Python).
    pub fn prepend_sys_path(&self) -> &[String] {
        &self.prepend_sys_path
    }

    /// The post-write hooks: the ini's `[post_write_hooks]` if the section
    /// exists, else `[[tool.alembic.post_write_hooks]]`.
    pub fn post_write_hooks(&self) -> &[PostWriteHook] {
        &self.post_write_hooks
    }

    /// aludel's own settings.
    pub fn aludel(&self) -> &AludelSettings {
        &self.aludel
    }

    /// Deprecation notices Alembic would raise as `DeprecationWarning`s
    /// (which Python does not show by default), e.g. legacy list splitting.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    // ----- database URL ------------------------------------------------------

    /// The database URL by precedence: `--url`, then the environment variable
    /// named by `url_env` (process environment, then `.env` beside the ini
    /// file), then `url` in aludel's settings, then `sqlalchemy.url` in the
    /// ini's main section. `None` if none is set. Sources are read only as
    /// far as needed, so a broken `.env` matters only when it is consulted.
    pub fn database_url(&self) -> Result<Option<DatabaseUrlSetting>, ConfigError> {
        if let Some(db) = &self.database {
            return Ok(db
                .url
                .clone()
                .map(|url| DatabaseUrlSetting::new(url, db.source.clone())));
        }
        if let Some(url) = &self.url_option {
            return Ok(Some(DatabaseUrlSetting::new(
                url.clone(),
                UrlSource::CommandLine,
            )));
        }
        let var = &self.aludel.url_env;
        if let Some(value) = &self.url_env_value {
            return Ok(Some(DatabaseUrlSetting::new(
                value.clone(),
                UrlSource::EnvironmentVariable { name: var.clone() },
            )));
        }
        let dotenv = self.dotenv_path();
        if let Some(value) = database_url::read_dotenv_var(&dotenv, var)? {
            return Ok(Some(DatabaseUrlSetting::new(
                value,
                UrlSource::DotEnvFile {
                    name: var.clone(),
                    path: dotenv,
                },
            )));
        }
        if let Some(url) = &self.aludel.url {
            return Ok(Some(DatabaseUrlSetting::new(
                url.clone(),
                UrlSource::AludelSettings {
                    file: self.aludel.describe_file(),
                },
            )));
        }
        if let Some(entry) = self.ini.raw(&self.main_section, "sqlalchemy.url") {
            let line = entry.line;
            if let Some(value) = self.ini.get(&self.main_section, "sqlalchemy.url")? {
                return Ok(Some(DatabaseUrlSetting::new(
                    value,
                    UrlSource::AlembicIni {
                        path: self.files.ini_absolute.clone(),
                        section: self.main_section.clone(),
                        line,
                    },
                )));
            }
        }
        Ok(None)
    }

    /// The databases of a project that migrates several, in order: the
    /// ini's `databases = a, b` (each URL in the section of that name), else
    /// `[tool.aludel.databases]`; empty for a one-database project.
    pub fn databases(&self) -> Result<Vec<NamedDatabase>, ConfigError> {
        if let Some(list) = self.get_main_option("databases").ok().flatten() {
            let names: Vec<String> = list
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect();
            let mut found = Vec::with_capacity(names.len());
            for name in names {
                let line = self.ini.raw(&name, "sqlalchemy.url").map_or(0, |e| e.line);
                let url = if self.ini.has_section(&name) {
                    self.ini.get(&name, "sqlalchemy.url")?
                } else {
                    None
                };
                found.push(NamedDatabase {
                    tenant_schema: None,
                    source: UrlSource::AlembicIni {
                        path: self.files.ini_absolute.clone(),
                        section: name.clone(),
                        line,
                    },
                    name,
                    url,
                });
            }
            return Ok(found);
        }
        if !self.aludel.tenants.is_empty() {
            return self.tenant_databases();
        }
        Ok(self
            .aludel
            .databases
            .iter()
            .map(|db| {
                let (url, source) = match &db.url_env {
                    Some(var) => (
                        std::env::var(var).ok().filter(|v| !v.is_empty()),
                        UrlSource::EnvironmentVariable { name: var.clone() },
                    ),
                    None => (
                        db.url.clone(),
                        UrlSource::AludelSettings {
                            file: format!(
                                "{} (databases.{})",
                                self.aludel.describe_file(),
                                db.name
                            ),
                        },
                    ),
                };
                NamedDatabase {
                    name: db.name.clone(),
                    url,
                    source,
                    tenant_schema: None,
                }
            })
            .collect())
    }

    /// `[tool.aludel] tenants`, each a schema of the configured database
    /// (`-x tenant=NAME` picks one, as env.py recipes do).
    fn tenant_databases(&self) -> Result<Vec<NamedDatabase>, ConfigError> {
        let setting = self.database_url()?;
        let picked = self
            .x_argument_map()
            .into_iter()
            .find(|(key, _)| key == "tenant")
            .map(|(_, value)| value);
        Ok(self
            .aludel
            .tenants
            .iter()
            .filter(|tenant| picked.as_ref().is_none_or(|p| p == *tenant))
            .map(|tenant| NamedDatabase {
                name: tenant.clone(),
                url: setting.as_ref().map(|s| s.as_str().to_string()),
                source: setting
                    .as_ref()
                    .map_or(UrlSource::CommandLine, |s| s.source().clone()),
                tenant_schema: Some(tenant.clone()),
            })
            .collect())
    }

    /// The tenant schema this configuration is for, if any.
    pub fn tenant_schema(&self) -> Option<&str> {
        self.database.as_ref()?.tenant_schema.as_deref()
    }

    /// This configuration for one of its [`Config::databases`]: its URL is
    /// that database's, and revision bodies run `upgrade_<name>()`.
    pub fn for_database(&self, database: &NamedDatabase) -> Config {
        let mut config = Config {
            database: Some(database.clone()),
            ..self.clone()
        };
        if let Some(schema) = &database.tenant_schema {
            config.aludel.version_table_schema = Some(schema.clone());
        }
        config
    }

    /// This configuration on a scratch database (`aludel test`): `url`
    /// replaces every configured URL, and each revision runs in its own
    /// transaction, so that the database can be read and copied between
    /// steps and a failing step leaves the one before it in place. `url`
    /// may hold a password: it is kept as `--url` is, never printed.
    pub fn for_scratch(&self, url: &str) -> Config {
        let mut config = Config {
            url_option: Some(url.to_string()),
            database: None,
            ..self.clone()
        };
        config.aludel.transaction_per_migration = true;
        config
    }

    /// The name of the database this configuration is for, in a project
    /// that migrates several.
    pub fn database_name(&self) -> Option<&str> {
        self.database.as_ref().map(|d| d.name.as_str())
    }

    /// The database URL, parsed; an error when there is none or it is invalid.
    pub fn require_database_url(&self) -> Result<(DatabaseUrl, DatabaseUrlSetting), ConfigError> {
        let Some(setting) = self.database_url()? else {
            return Err(ConfigError::NoDatabaseUrl {
                env_var: self.aludel.url_env.clone(),
                dotenv: self.dotenv_path(),
                ini: self.files.ini_absolute.clone(),
            });
        };
        if setting.as_str().trim() == INIT_PLACEHOLDER_URL {
            return Err(ConfigError::PlaceholderUrl {
                source_description: setting.source().to_string(),
                env_var: self.aludel.url_env.clone(),
                dotenv: self.dotenv_path(),
            });
        }
        Ok((setting.parse()?, setting))
    }

    /// The `.env` file consulted for the URL: beside the ini file.
    pub fn dotenv_path(&self) -> PathBuf {
        self.files.ini_dir().join(".env")
    }

    // ----- helpers -------------------------------------------------------------

    /// Alembic's `get_alembic_option`: the main ini section first, then `[tool.alembic]`.
    fn alembic_option(&self, key: &str) -> Result<Option<AlembicValue>, ConfigError> {
        if let Some(entry) = self.ini.raw(&self.main_section, key) {
            let location = self.ini_location(entry.line);
            let value = self.ini.get(&self.main_section, key)?.unwrap_or_default();
            return Ok(Some(AlembicValue::Ini(value, location)));
        }
        match &self.pyproject {
            None => Ok(None),
            Some(p) => Ok(p.value(key)?.map(AlembicValue::Toml)),
        }
    }

    fn alembic_string(&self, key: &str) -> Result<Option<String>, ConfigError> {
        match self.alembic_option(key)? {
            None => Ok(None),
            Some(AlembicValue::Ini(value, _)) | Some(AlembicValue::Toml(TomlValue::Str(value))) => {
                Ok(Some(value))
            }
            Some(AlembicValue::Toml(_)) => Err(self.toml_wrong_type(key, "a string")),
        }
    }

    /// Alembic's `get_alembic_boolean_option`: ini value exactly `true`, or a TOML boolean.
    fn alembic_flag(&self, key: &str) -> Result<bool, ConfigError> {
        if self.ini.has_option(&self.main_section, key) {
            return Ok(self.ini.get(&self.main_section, key)?.as_deref() == Some("true"));
        }
        match &self.pyproject {
            None => Ok(false),
            Some(p) => p.flag(key),
        }
    }

    fn slug_length(&self, value: AlembicValue) -> Result<usize, ConfigError> {
        let parsed = match &value {
            AlembicValue::Toml(TomlValue::Int(i)) => usize::try_from(*i).ok(),
            AlembicValue::Toml(TomlValue::Str(s)) | AlembicValue::Ini(s, _) => {
                s.trim().parse::<usize>().ok()
            }
            AlembicValue::Toml(_) => None,
        };
        match parsed {
            Some(0) => Ok(DEFAULT_TRUNCATE_SLUG_LENGTH),
            Some(n) => Ok(n),
            None => Err(match value {
                AlembicValue::Ini(s, location) => ConfigError::NotAnInteger {
                    location,
                    key: "truncate_slug_length".into(),
                    value: s,
                },
                AlembicValue::Toml(_) => {
                    self.toml_wrong_type("truncate_slug_length", "a non-negative integer")
                }
            }),
        }
    }

    /// The separator from the first of `keys` that is set in the main
    /// section, with the key it came from.
    fn path_separator(
        &self,
        keys: &[&'static str],
    ) -> Result<Option<(&'static str, &'static str)>, ConfigError> {
        for key in keys {
            if let Some(value) = self.get_main_option(key)? {
                return Ok(Some((path_lists::separator(key, &value)?, key)));
            }
        }
        Ok(None)
    }

    fn read_prepend_sys_path(&mut self) -> Result<Vec<String>, ConfigError> {
        let value = self.ini.get(&self.main_section, "prepend_sys_path")?;
        match value.filter(|v| !v.is_empty()) {
            Some(value) => Ok(match self.path_separator(&["path_separator"])? {
                Some((sep, _)) => path_lists::split_on(&value, sep),
                None => {
                    self.notices.push(
                        "no path_separator in the configuration: prepend_sys_path is split \
                         on spaces, commas and colons (legacy rule); add path_separator = os"
                            .into(),
                    );
                    path_lists::split_legacy(&value, true)
                }
            }),
            None => Ok(self
                .pyproject
                .as_ref()
                .map(|p| p.string_list("prepend_sys_path"))
                .transpose()?
                .flatten()
                .unwrap_or_default()),
        }
    }

    fn read_version_locations(&mut self) -> Result<Option<Vec<String>>, ConfigError> {
        let value = self.ini.get(&self.main_section, "version_locations")?;
        match value.filter(|v| !v.is_empty()) {
            Some(value) => {
                match self.path_separator(&["path_separator", "version_path_separator"])? {
                    Some((sep, key)) => {
                        if key == "version_path_separator" {
                            self.notices.push(
                                "version_path_separator is deprecated; use path_separator".into(),
                            );
                        }
                        Ok(Some(path_lists::split_on(&value, sep)))
                    }
                    None => {
                        self.notices.push(
                            "no path_separator in the configuration: version_locations is \
                             split on spaces and commas (legacy rule); add path_separator = os"
                                .into(),
                        );
                        Ok(Some(path_lists::split_legacy(&value, false)))
                    }
                }
            }
            None => match &self.pyproject {
                None => Ok(None),
                Some(p) => p.string_list("version_locations"),
            },
        }
    }

    fn read_hooks(&self) -> Result<Vec<PostWriteHook>, ConfigError> {
        if let Some(items) = self.ini.items("post_write_hooks")? {
            return Ok(crate::hooks::hooks_from_ini(&items));
        }
        let Some(pyproject) = &self.pyproject else {
            return Ok(Vec::new());
        };
        match pyproject.value("post_write_hooks")? {
            None => Ok(Vec::new()),
            Some(TomlValue::Tables(tables)) => crate::hooks::hooks_from_toml(tables)
                .map_err(|expected| self.toml_wrong_type("post_write_hooks", &expected)),
            Some(TomlValue::List(items)) if items.is_empty() => Ok(Vec::new()),
            Some(_) => Err(self.toml_wrong_type(
                "post_write_hooks",
                "an array of tables ([[tool.alembic.post_write_hooks]])",
            )),
        }
    }

    /// `file:line` of an ini option; an option a program set
    /// ([`IniOverride`]) is on no line.
    fn ini_location(&self, line: usize) -> String {
        let file = self.files.ini_absolute.display();
        if line == 0 {
            format!("{file} (a value set by the program, not in the file)")
        } else {
            format!("{file}:{line}")
        }
    }

    fn location_of(&self, key: &str) -> String {
        match self.ini.raw(&self.main_section, key) {
            Some(entry) => self.ini_location(entry.line),
            None => match &self.pyproject {
                Some(p) => format!("{} [tool.alembic]", p.path().display()),
                None => self.files.ini_absolute.display().to_string(),
            },
        }
    }

    fn toml_wrong_type(&self, key: &str, expected: &str) -> ConfigError {
        ConfigError::TomlWrongType {
            path: self.pyproject.as_ref().map_or_else(
                || self.files.toml_absolute.clone(),
                |p| p.path().to_path_buf(),
            ),
            key: key.to_string(),
            expected: expected.to_string(),
        }
    }
}

/// The `[DEFAULT]` options the ini starts with, as Alembic's
/// `ConfigParser(config_args)`: the `config_args` given (a later name
/// replaces an earlier one), then `here`, which Alembic always sets last.
fn ini_defaults<'a>(options: &'a GlobalOptions, here: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut defaults: Vec<(&str, &str)> = Vec::new();
    let given = options.ini_overrides.iter().filter_map(|o| match o {
        IniOverride::Default { name, value } => Some((name.as_str(), value.as_str())),
        IniOverride::Set { .. } => None,
    });
    for (name, value) in given.chain([("here", here)]) {
        match defaults
            .iter_mut()
            .find(|(n, _)| n.to_lowercase() == name.to_lowercase())
        {
            Some(entry) => entry.1 = value,
            None => defaults.push((name, value)),
        }
    }
    defaults
}

/// A value of `get_alembic_option`: from the ini (with its `file:line`) or from TOML.
enum AlembicValue {
    Ini(String, String),
    Toml(TomlValue),
}

/// Loads aludel's settings from `[tool.aludel]` or `aludel.toml` beside the ini.
fn load_aludel_settings(
    files: &ConfigFiles,
    pyproject: Option<&Pyproject>,
) -> Result<AludelSettings, ConfigError> {
    let aludel_toml_path = files.ini_dir().join("aludel.toml");
    let aludel_toml = read_text_if_exists(&aludel_toml_path)?
        .map(|text| AludelToml::from_text(&aludel_toml_path, &text))
        .transpose()?;
    let in_pyproject = pyproject.and_then(|p| p.aludel().map(|a| (p.path(), a)));
    match (in_pyproject, aludel_toml) {
        (Some((pyproject_path, _)), Some(_)) => Err(ConfigError::AludelSettingsTwice {
            pyproject: pyproject_path.to_path_buf(),
            aludel_toml: aludel_toml_path,
        }),
        (Some((path, raw)), None) => AludelSettings::from_toml(raw, path, true),
        (None, Some(raw)) => AludelSettings::from_toml(&raw, &aludel_toml_path, false),
        (None, None) => Ok(AludelSettings::default()),
    }
}

/// Reads a UTF-8 text file; `Ok(None)` when it does not exist.
pub(crate) fn read_text_if_exists(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ConfigError::NotUtf8 {
                path: path.to_path_buf(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::ReadFile {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// `pkg:path` (not absolute, with a colon) is a Python package resource.
fn is_package_resource(location: &str) -> bool {
    !Path::new(location).is_absolute() && location.contains(':')
}

/// Python's truthy strings (SQLAlchemy's `asbool`).
fn parse_truthy(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "on" | "y" | "t" | "1" => Some(true),
        "false" | "no" | "off" | "n" | "f" | "0" => Some(false),
        _ => None,
    }
}

/// Python's `repr()` of a string, for Alembic's messages that use `%r`.
pub(crate) fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests;
