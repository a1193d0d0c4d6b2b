//! The inputs of configuration loading: global command-line options, the
//! process environment, and which ini / pyproject.toml files they designate.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::database_url::redacted_url;
use super::error::ConfigError;
use super::python_path;

/// The ini section read when `-n` is not given.
pub const DEFAULT_SECTION_NAME: &str = "alembic";

/// The global options that shape the configuration (given before the command).
/// `Debug` masks the password of `url`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct GlobalOptions {
    /// `-c/--config`, at most one ini file and one `pyproject.toml`.
    pub config: Vec<PathBuf>,
    /// `-n/--name`: the main ini section (default `alembic`; not used for TOML).
    pub name: Option<String>,
    /// `-x KEY[=VALUE]`, in order.
    pub x: Vec<String>,
    /// `--url`: the database URL, which beats every other source.
    pub url: Option<String>,
    /// Values given by a program rather than the ini file (the Python
    /// `Config`'s `config_args`, `set_main_option`, `set_section_option`),
    /// applied in order.
    pub ini_overrides: Vec<IniOverride>,
}

/// A value put into the ini document from outside the file, as Alembic's
/// `Config` API does. `Debug` shows no value (it may be a database URL).
#[derive(Clone, PartialEq, Eq)]
pub enum IniOverride {
    /// `Config(config_args={name: value})`: a `[DEFAULT]` value given to
    /// `ConfigParser(defaults)`, which the file's own `[DEFAULT]` replaces.
    Default {
        /// The option name.
        name: String,
        /// The raw value (interpolated when read).
        value: String,
    },
    /// `Config.set_section_option(section, name, value)`: set after the
    /// file is read, so it replaces the file's value; the section is
    /// created when the file has none.
    Set {
        /// The section (`set_main_option` passes the main one).
        section: String,
        /// The option name.
        name: String,
        /// The raw value (interpolated when read, as `ConfigParser.set`
        /// stores it).
        value: String,
    },
}

impl fmt::Debug for IniOverride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IniOverride::Default { name, .. } => f
                .debug_struct("Default")
                .field("name", name)
                .finish_non_exhaustive(),
            IniOverride::Set { section, name, .. } => f
                .debug_struct("Set")
                .field("section", section)
                .field("name", name)
                .finish_non_exhaustive(),
        }
    }
}

impl fmt::Debug for GlobalOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GlobalOptions")
            .field("config", &self.config)
            .field("name", &self.name)
            .field("x", &self.x)
            .field("url", &self.url.as_deref().map(redacted_url))
            .field("ini_overrides", &self.ini_overrides)
            .finish()
    }
}

impl GlobalOptions {
    /// The main section name (`-n`, default `alembic`).
    pub fn section_name(&self) -> &str {
        self.name.as_deref().unwrap_or(DEFAULT_SECTION_NAME)
    }
}

/// The environment configuration is read in: the current directory and the
/// environment variables. A value, so that tests (and callers that change
/// neither) can pass their own. `Debug` shows no variable values.
#[derive(Clone, PartialEq, Eq)]
pub struct Environment {
    cwd: PathBuf,
    vars: BTreeMap<String, String>,
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Environment")
            .field("cwd", &self.cwd)
            .field("variables", &self.vars.len())
            .finish()
    }
}

impl Environment {
    /// The current process's directory and variables (variables that are not
    /// valid Unicode are left out).
    pub fn from_process() -> std::io::Result<Self> {
        Ok(Environment {
            cwd: std::env::current_dir()?,
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        })
    }

    /// An environment with the given absolute directory and variables.
    pub fn new(cwd: impl Into<PathBuf>, vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Environment {
            cwd: cwd.into(),
            vars: vars.into_iter().collect(),
        }
    }

    /// The current directory relative paths are resolved against.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// An environment variable.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    /// `path` made absolute against the current directory, pathlib-style.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        python_path::absolute(&self.cwd, path)
    }
}

/// The ini file and the pyproject.toml a command uses (neither needs to exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFiles {
    /// The ini file as given (`alembic.ini` by default), Alembic's `config_file_name`.
    pub ini: PathBuf,
    /// The ini file, absolute.
    pub ini_absolute: PathBuf,
    /// The pyproject.toml as given (`pyproject.toml` by default).
    pub toml: PathBuf,
    /// The pyproject.toml, absolute.
    pub toml_absolute: PathBuf,
}

impl ConfigFiles {
    /// Alembic's rule: each `-c` whose file name is exactly `pyproject.toml`
    /// is the TOML file, any other is the ini file; without `-c` the defaults
    /// are `alembic.ini` and `pyproject.toml` in the current directory, and
    /// `ALEMBIC_CONFIG` replaces the ini default (or the TOML default, when it
    /// names a `pyproject.toml`).
    pub fn resolve(options: &GlobalOptions, env: &Environment) -> Result<Self, ConfigError> {
        let mut default_ini = PathBuf::from("alembic.ini");
        let mut default_toml = PathBuf::from("pyproject.toml");
        if let Some(value) = env.var("ALEMBIC_CONFIG").filter(|v| !v.is_empty()) {
            if is_pyproject(Path::new(value)) {
                default_toml = PathBuf::from(value);
            } else {
                default_ini = PathBuf::from(value);
            }
        }
        let mut ini = None;
        let mut toml = None;
        for name in &options.config {
            if is_pyproject(name) {
                if toml.replace(name.clone()).is_some() {
                    return Err(ConfigError::TwoTomlFiles);
                }
            } else if ini.replace(name.clone()).is_some() {
                return Err(ConfigError::TwoIniFiles);
            }
        }
        let ini = ini.unwrap_or(default_ini);
        let toml = toml.unwrap_or(default_toml);
        Ok(ConfigFiles {
            ini_absolute: env.absolute(&ini),
            toml_absolute: env.absolute(&toml),
            ini,
            toml,
        })
    }

    /// The directory of the ini file (`%(here)s`), absolute.
    pub fn ini_dir(&self) -> PathBuf {
        self.ini_absolute
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
    }
}

/// `os.path.basename(path) == "pyproject.toml"`: the text after the last separator.
fn is_pyproject(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let base = text
        .rsplit(['/', std::path::MAIN_SEPARATOR])
        .next()
        .unwrap_or("");
    base == "pyproject.toml"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::new(
            "/work/app",
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        )
    }

    fn resolve(config: &[&str], vars: &[(&str, &str)]) -> Result<ConfigFiles, ConfigError> {
        let options = GlobalOptions {
            config: config.iter().map(PathBuf::from).collect(),
            ..GlobalOptions::default()
        };
        ConfigFiles::resolve(&options, &env(vars))
    }

    #[test]
    fn defaults_are_in_the_current_directory() {
        let files = resolve(&[], &[]).unwrap();
        assert_eq!(files.ini, PathBuf::from("alembic.ini"));
        assert_eq!(files.ini_absolute, PathBuf::from("/work/app/alembic.ini"));
        assert_eq!(
            files.toml_absolute,
            PathBuf::from("/work/app/pyproject.toml")
        );
        assert_eq!(files.ini_dir(), PathBuf::from("/work/app"));
    }

    #[test]
    fn config_option_sorts_by_file_name() {
        let files = resolve(&["conf/pyproject.toml", "../db.ini"], &[]).unwrap();
        assert_eq!(files.toml, PathBuf::from("conf/pyproject.toml"));
        assert_eq!(files.ini_absolute, PathBuf::from("/work/app/../db.ini"));
        assert_eq!(files.ini_dir(), PathBuf::from("/work/app/.."));
        let files = resolve(&["x/pyproject.toml"], &[]).unwrap();
        assert_eq!(files.ini, PathBuf::from("alembic.ini"));
    }

    #[test]
    fn alembic_config_variable() {
        let files = resolve(&[], &[("ALEMBIC_CONFIG", "/etc/app.ini")]).unwrap();
        assert_eq!(files.ini, PathBuf::from("/etc/app.ini"));
        assert_eq!(files.toml, PathBuf::from("pyproject.toml"));
        let files = resolve(&[], &[("ALEMBIC_CONFIG", "/etc/pyproject.toml")]).unwrap();
        assert_eq!(files.ini, PathBuf::from("alembic.ini"));
        assert_eq!(files.toml, PathBuf::from("/etc/pyproject.toml"));
        let files = resolve(&["mine.ini"], &[("ALEMBIC_CONFIG", "/etc/app.ini")]).unwrap();
        assert_eq!(files.ini, PathBuf::from("mine.ini"));
        let files = resolve(&[], &[("ALEMBIC_CONFIG", "")]).unwrap();
        assert_eq!(files.ini, PathBuf::from("alembic.ini"));
    }

    #[test]
    fn alembic_error_texts_for_duplicates() {
        let e = resolve(&["a.ini", "b.ini"], &[]).unwrap_err();
        assert_eq!(e.to_string(), "only one ini file may be indicated");
        assert!(e.hint().is_some());
        let e = resolve(&["pyproject.toml", "x/pyproject.toml"], &[]).unwrap_err();
        assert_eq!(e.to_string(), "pyproject.toml indicated more than once");
    }

    #[test]
    fn debug_shows_no_secrets() {
        let o = GlobalOptions {
            url: Some("postgresql://u:s3cret@h/d".into()),
            ini_overrides: vec![IniOverride::Set {
                section: "alembic".into(),
                name: "sqlalchemy.url".into(),
                value: "postgresql://u:s3cret@h/d".into(),
            }],
            ..GlobalOptions::default()
        };
        assert!(!format!("{o:?}").contains("s3cret"));
        let e = env(&[("AWS_SECRET", "s3cret")]);
        assert!(!format!("{e:?}").contains("s3cret"));
    }

    #[test]
    fn section_name_default() {
        assert_eq!(GlobalOptions::default().section_name(), "alembic");
        let o = GlobalOptions {
            name: Some("db2".into()),
            ..GlobalOptions::default()
        };
        assert_eq!(o.section_name(), "db2");
    }
}
