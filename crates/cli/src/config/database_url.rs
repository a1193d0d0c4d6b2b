//! Which database URL a command uses, and where it came from.
//!
//! Precedence, first found wins:
//! 1. `--url` on the command line;
//! 2. the environment variable named by `url_env` (default `DATABASE_URL`),
//!    from the process environment, else from a `.env` file beside the ini
//!    file (read, never loaded into the process environment);
//! 3. `url` in `[tool.aludel]` / `aludel.toml`;
//! 4. `sqlalchemy.url` in the ini's main section.
//!
//! An empty environment variable (or `.env` entry) counts as unset.

use std::fmt;
use std::path::{Path, PathBuf};

use aludel_db::url::DatabaseUrl;

use super::error::ConfigError;
use super::read_text_if_exists;

/// Where the database URL was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlSource {
    /// The `--url` option.
    CommandLine,
    /// An environment variable of the process.
    EnvironmentVariable {
        /// Its name.
        name: String,
    },
    /// An entry of a `.env` file.
    DotEnvFile {
        /// The variable name.
        name: String,
        /// The file.
        path: PathBuf,
    },
    /// `url` in aludel's settings.
    AludelSettings {
        /// `<file> [tool.aludel]` or `<aludel.toml>`.
        file: String,
    },
    /// `sqlalchemy.url` in the ini file.
    AlembicIni {
        /// The ini file.
        path: PathBuf,
        /// The section.
        section: String,
        /// The line of the option.
        line: usize,
    },
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlSource::CommandLine => write!(f, "the --url option"),
            UrlSource::EnvironmentVariable { name } => write!(f, "environment variable {name}"),
            UrlSource::DotEnvFile { name, path } => write!(f, "{name} in {}", path.display()),
            UrlSource::AludelSettings { file } => write!(f, "url in {file}"),
            // line 0: set by a program (Alembic's `Config.set_main_option`)
            UrlSource::AlembicIni {
                path,
                section,
                line: 0,
            } => write!(
                f,
                "sqlalchemy.url set on [{section}] of {} by the program",
                path.display()
            ),
            UrlSource::AlembicIni {
                path,
                section,
                line,
            } => write!(
                f,
                "sqlalchemy.url in [{section}] of {}:{line}",
                path.display()
            ),
        }
    }
}

/// The database URL text and its source. `Debug` masks the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrlSetting {
    value: String,
    source: UrlSource,
}

impl DatabaseUrlSetting {
    /// A URL from `source`.
    pub fn new(value: impl Into<String>, source: UrlSource) -> Self {
        DatabaseUrlSetting {
            value: value.into(),
            source,
        }
    }

    /// The URL text as configured (it may hold a password: do not print it).
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Where it came from.
    pub fn source(&self) -> &UrlSource {
        &self.source
    }

    /// Parses the URL; the error names the source and never the password.
    pub fn parse(&self) -> Result<DatabaseUrl, ConfigError> {
        DatabaseUrl::parse(&self.value).map_err(|error| ConfigError::DatabaseUrl {
            source_description: self.source.to_string(),
            error,
        })
    }
}

/// A URL for `Debug` output: password masked, or not shown at all when it
/// does not parse.
pub(crate) fn redacted_url(text: &str) -> String {
    DatabaseUrl::parse(text)
        .map_or_else(|_| "(unparsable, not shown)".to_string(), |u| u.redacted())
}

impl fmt::Debug for DatabaseUrlSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseUrlSetting")
            .field("value", &redacted_url(&self.value))
            .field("source", &self.source)
            .finish()
    }
}

/// Reads `name` from the `.env` file at `path` (last definition wins), without
/// touching the process environment. `Ok(None)` when the file does not exist
/// or does not define `name`. Errors never quote the file's lines, which may
/// hold secrets.
pub(crate) fn read_dotenv_var(path: &Path, name: &str) -> Result<Option<String>, ConfigError> {
    let Some(text) = read_text_if_exists(path)? else {
        return Ok(None);
    };
    let mut found = None;
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((key, value)) => {
                if key == name {
                    found = Some(value);
                }
            }
            Err(dotenvy::Error::LineParse(line, index)) => {
                let line_no = text
                    .lines()
                    .position(|l| l.trim() == line.trim() || l.starts_with(line.as_str()))
                    .map_or_else(String::new, |n| format!("line {}: ", n + 1));
                return Err(ConfigError::DotEnv {
                    path: path.to_path_buf(),
                    message: format!(
                        "{line_no}cannot parse the entry (at character {}); entries look like NAME=value",
                        index + 1
                    ),
                });
            }
            Err(other) => {
                return Err(ConfigError::DotEnv {
                    path: path.to_path_buf(),
                    message: other.to_string(),
                })
            }
        }
    }
    Ok(found.filter(|v| !v.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_describe_themselves() {
        assert_eq!(UrlSource::CommandLine.to_string(), "the --url option");
        assert_eq!(
            UrlSource::EnvironmentVariable {
                name: "DATABASE_URL".into()
            }
            .to_string(),
            "environment variable DATABASE_URL"
        );
        assert_eq!(
            UrlSource::AlembicIni {
                path: "/p/alembic.ini".into(),
                section: "alembic".into(),
                line: 9
            }
            .to_string(),
            "sqlalchemy.url in [alembic] of /p/alembic.ini:9"
        );
        assert_eq!(
            UrlSource::AlembicIni {
                path: "/p/alembic.ini".into(),
                section: "alembic".into(),
                line: 0
            }
            .to_string(),
            "sqlalchemy.url set on [alembic] of /p/alembic.ini by the program"
        );
    }

    #[test]
    fn debug_and_errors_hide_the_password() {
        let s = DatabaseUrlSetting::new("postgresql://u:hunter2@h/d", UrlSource::CommandLine);
        assert!(!format!("{s:?}").contains("hunter2"));
        let s = DatabaseUrlSetting::new("oracle://u:hunter2@h/d", UrlSource::CommandLine);
        let e = s.parse().unwrap_err().to_string();
        assert!(
            e.starts_with("invalid database URL from the --url option: "),
            "{e}"
        );
        assert!(!e.contains("hunter2"));
        let s = DatabaseUrlSetting::new("hunter2", UrlSource::CommandLine);
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn dotenv_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        assert_eq!(read_dotenv_var(&path, "DATABASE_URL").unwrap(), None);
        std::fs::write(
            &path,
            "# comment\nOTHER=1\nDATABASE_URL=sqlite:///first.db\nexport DATABASE_URL=\"sqlite:///x y.db\"\nEMPTY=\n",
        )
        .unwrap();
        assert_eq!(
            read_dotenv_var(&path, "DATABASE_URL").unwrap().as_deref(),
            Some("sqlite:///x y.db")
        );
        assert_eq!(read_dotenv_var(&path, "EMPTY").unwrap(), None);
        assert_eq!(read_dotenv_var(&path, "MISSING").unwrap(), None);
        std::fs::write(&path, "OK=1\nBAD LINE s3cret\n").unwrap();
        let e = read_dotenv_var(&path, "OK").unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        assert!(!e.contains("s3cret"), "{e}");
    }
}
