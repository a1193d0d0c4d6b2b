//! Everything that can be wrong with a project's configuration.
//!
//! Where Alembic has a message of its own (it prints it after `FAILED: `),
//! `Display` gives exactly that text, so scripts that look for it keep
//! working; [`ConfigError::hint`] then offers what to do, for the command
//! line to print on a line of its own. aludel's own messages say what is
//! wrong, where, and what to do in `Display` itself.

use std::path::PathBuf;

use aludel_db::url::UrlError;
use thiserror::Error;

/// A configuration error.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// `-c` named two files that are not `pyproject.toml` (Alembic's text).
    #[error("only one ini file may be indicated")]
    TwoIniFiles,

    /// `-c` named two `pyproject.toml` files (Alembic's text).
    #[error("pyproject.toml indicated more than once")]
    TwoTomlFiles,

    /// A configuration file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },

    /// A configuration file is not valid UTF-8.
    #[error("{path} is not valid UTF-8 text; save it as UTF-8")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },

    /// The ini file breaks the ConfigParser syntax.
    #[error("{path}:{line}: {problem}")]
    IniSyntax {
        /// The ini file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what to do.
        problem: String,
    },

    /// A `%` in an ini value that ConfigParser's interpolation cannot expand.
    #[error(
        "{location}: cannot expand option '{option}' in section [{section}]: {problem}; \
         write a literal '%' as '%%'"
    )]
    Interpolation {
        /// `file:line` of the option (or the file alone for built-in values).
        location: String,
        /// The section.
        section: String,
        /// The option being read.
        option: String,
        /// What the interpolation found.
        problem: String,
    },

    /// A lookup in a section that the ini file does not have (Alembic's text
    /// for `get_main_option` / `get_section_option`).
    #[error("No config file {file} found, or file has no '[{section}]' section")]
    NoSection {
        /// Python repr of the ini file name, e.g. `'alembic.ini'`.
        file: String,
        /// The section asked for.
        section: String,
    },

    /// No ini file where aludel looked, and no `script_location` in
    /// `[tool.alembic]` either: the command ran outside a project, or `-c`
    /// names a file that does not exist. (Alembic reports the missing
    /// `script_location` instead, which points at a file that is not there.)
    #[error("No config file {file} found: {} does not exist.", absolute.display())]
    ConfigFileNotFound {
        /// Python repr of the ini file name as given, e.g. `'alembic.ini'`.
        file: String,
        /// The ini file, absolute.
        absolute: PathBuf,
        /// The pyproject.toml that was also looked at.
        toml: PathBuf,
        /// The ini name came from `-c` or `ALEMBIC_CONFIG`, not the default.
        given: bool,
    },

    /// No `script_location` in the ini or in `[tool.alembic]` (Alembic's text).
    #[error("No 'script_location' key found in configuration.")]
    MissingScriptLocation {
        /// The ini file that was looked at.
        ini: PathBuf,
        /// The main section name.
        section: String,
    },

    /// `script_location` names a directory that does not exist (Alembic's text,
    /// two spaces included).
    #[error(
        "Path doesn't exist: {shown}.  Please use the 'init' command to create a new scripts folder."
    )]
    ScriptLocationNotFound {
        /// The value as Alembic shows it.
        shown: String,
        /// The absolute directory that was checked.
        absolute: PathBuf,
    },

    /// A `package:path` resource location, which needs Python's import system.
    #[error(
        "{key} = {value} names a Python package resource ('package:path'), which aludel \
         does not support; give a directory instead, e.g. %(here)s/migrations"
    )]
    PackageResource {
        /// `script_location` or `version_locations`.
        key: String,
        /// The value as configured.
        value: String,
    },

    /// A bad `path_separator` / `version_path_separator` value (Alembic's text).
    #[error(
        "'{value}' is not a valid value for {key}; expected 'space', 'newline', 'os', ':', ';'"
    )]
    BadPathSeparator {
        /// The option name.
        key: String,
        /// The value found.
        value: String,
    },

    /// An ini option that must be an integer is not one.
    #[error("{location}: {key} = {value} is not a whole number; write e.g. {key} = 40")]
    NotAnInteger {
        /// Where the value comes from.
        location: String,
        /// The option name.
        key: String,
        /// The value found.
        value: String,
    },

    /// A value that must be true or false is neither.
    #[error(
        "{location}: {key} = {value} is not a boolean; use true/false (also yes/no, on/off, 1/0)"
    )]
    NotABoolean {
        /// Where the value comes from.
        location: String,
        /// The option name.
        key: String,
        /// The value found.
        value: String,
    },

    /// A TOML file that does not parse, or whose settings have the wrong
    /// shape; the message carries the line and column.
    #[error("{path}: {message}")]
    Toml {
        /// The TOML file.
        path: PathBuf,
        /// The parser's message (with line, column and a caret).
        message: String,
    },

    /// `[tool.alembic]` is not a table (Alembic's text).
    #[error("Incorrect TOML format")]
    TomlIncorrectFormat {
        /// The pyproject.toml file.
        path: PathBuf,
    },

    /// A `[tool.alembic]` flag that is not a TOML boolean (Alembic's text).
    #[error("boolean value expected for TOML parameter '{key}'")]
    TomlBooleanExpected {
        /// The pyproject.toml file.
        path: PathBuf,
        /// The key.
        key: String,
    },

    /// A `[tool.alembic]` value of a type Alembic does not accept (Alembic's text).
    #[error("unsupported TOML value type for key: '{key}'")]
    TomlUnsupportedType {
        /// The pyproject.toml file.
        path: PathBuf,
        /// The key.
        key: String,
    },

    /// A `[tool.alembic]` value of an accepted type that does not fit the key.
    #[error("{path}: [tool.alembic] {key} must be {expected}")]
    TomlWrongType {
        /// The pyproject.toml file.
        path: PathBuf,
        /// The key.
        key: String,
        /// What the key takes.
        expected: String,
    },

    /// A `%` in a `[tool.alembic]` string that Python's `%` formatting rejects.
    #[error(
        "{path}: [tool.alembic] {key}: {problem}; only %(here)s is substituted, \
         write a literal '%' as '%%'"
    )]
    TomlSubstitution {
        /// The pyproject.toml file.
        path: PathBuf,
        /// The key.
        key: String,
        /// What went wrong.
        problem: String,
    },

    /// aludel settings in both pyproject.toml and aludel.toml.
    #[error(
        "aludel settings are given twice, in {pyproject} [tool.aludel] and in {aludel_toml}; \
         keep one of them"
    )]
    AludelSettingsTwice {
        /// The pyproject.toml file.
        pyproject: PathBuf,
        /// The aludel.toml file.
        aludel_toml: PathBuf,
    },

    /// A `.env` file that cannot be read.
    #[error("{path}: {message}; fix the line or remove the file")]
    DotEnv {
        /// The .env file.
        path: PathBuf,
        /// The reader's message.
        message: String,
    },

    /// The database URL that won the precedence does not parse.
    #[error("invalid database URL from {source_description}: {error}")]
    DatabaseUrl {
        /// Where the URL came from, e.g. `environment variable DATABASE_URL`.
        source_description: String,
        /// What is wrong with it (never includes the password).
        error: UrlError,
    },

    /// The URL is still the placeholder of the `init` templates.
    #[error(
        "the database URL from {source_description} is the placeholder that init writes \
         (driver://user:***@localhost/dbname), not a database"
    )]
    PlaceholderUrl {
        /// Where the URL came from.
        source_description: String,
        /// The environment variable aludel looks at.
        env_var: String,
        /// The .env file looked at.
        dotenv: PathBuf,
    },

    /// No database URL anywhere.
    #[error(
        "no database URL: pass --url, set the environment variable {env_var} \
         (or put it in {dotenv}), set url in [tool.aludel], or sqlalchemy.url in {ini}"
    )]
    NoDatabaseUrl {
        /// The environment variable aludel looks at.
        env_var: String,
        /// The .env file looked at.
        dotenv: PathBuf,
        /// The ini file.
        ini: PathBuf,
    },
}

impl ConfigError {
    /// What to do, for errors whose `Display` is Alembic's exact text.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::TwoIniFiles => {
                Some("give -c at most once for an ini file and once for a pyproject.toml".into())
            }
            ConfigError::TwoTomlFiles => Some("give -c pyproject.toml at most once".into()),
            ConfigError::PlaceholderUrl {
                env_var, dotenv, ..
            } => Some(format!(
                "set the project's database: {env_var}=sqlite:///app.db (or \
                 postgresql://user@host/db, mysql://...) in the environment or in {}, \
                 --url URL on the command line, url = \"...\" in [tool.aludel] of \
                 pyproject.toml, or replace sqlalchemy.url in the ini file",
                dotenv.display()
            )),
            ConfigError::ConfigFileNotFound { toml, given, .. } => Some(format!(
                "aludel looked for the ini file {}, and for script_location in [tool.alembic] \
                 of {}; {}, or create a project here with 'aludel init migrations'",
                if *given {
                    "named by -c/--config or ALEMBIC_CONFIG"
                } else {
                    "alembic.ini in the current directory"
                },
                toml.display(),
                if *given {
                    "check the path"
                } else {
                    "run aludel in the project's directory or give -c path/to/alembic.ini"
                }
            )),
            ConfigError::MissingScriptLocation { ini, section } => Some(format!(
                "add script_location = %(here)s/<migrations directory> to the [{section}] \
                 section of {} (or script_location to [tool.alembic] in pyproject.toml), \
                 or create a project with 'aludel init'",
                ini.display()
            )),
            ConfigError::ScriptLocationNotFound { absolute, .. } => Some(format!(
                "the directory {} does not exist; fix script_location or run 'aludel init'",
                absolute.display()
            )),
            ConfigError::BadPathSeparator { key, .. } => {
                Some(format!("set {key} to one of: os, :, ;, space, newline"))
            }
            ConfigError::NoSection { section, .. } => Some(format!(
                "check the -c option and that the file has a [{section}] section"
            )),
            ConfigError::TomlIncorrectFormat { path } => Some(format!(
                "{}: [tool.alembic] must be a table",
                path.display()
            )),
            ConfigError::TomlBooleanExpected { path, key } => Some(format!(
                "{}: write {key} = true or {key} = false (without quotes)",
                path.display()
            )),
            ConfigError::TomlUnsupportedType { path, key } => Some(format!(
                "{}: {key} must be a string, an integer, a list of strings or a table of strings",
                path.display()
            )),
            _ => None,
        }
    }
}
