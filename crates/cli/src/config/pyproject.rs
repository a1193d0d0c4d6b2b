//! `pyproject.toml`: Alembic's `[tool.alembic]` table and aludel's
//! `[tool.aludel]` table.
//!
//! `[tool.alembic]` values are handed out the way Alembic's
//! `Config._get_toml_config_value` does: strings (also inside lists and
//! tables) are `%`-formatted with `here` (the file's directory), integers and
//! booleans are kept, anything else is "unsupported". The typed getters add
//! what Alembic leaves to a later traceback (a list where a string is needed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::aludel_settings::AludelToml;
use super::error::ConfigError;
use super::percent_format::percent_format;
use super::read_text_if_exists;

/// The parts of pyproject.toml that aludel reads.
#[derive(Debug, Deserialize, Default)]
struct PyprojectFile {
    #[serde(default)]
    tool: Option<ToolTables>,
}

#[derive(Debug, Deserialize, Default)]
struct ToolTables {
    alembic: Option<toml::Value>,
    aludel: Option<AludelToml>,
}

/// A `[tool.alembic]` value after `%`-formatting.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TomlValue {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean (Python treats it as an integer here).
    Bool(bool),
    /// A list of strings.
    List(Vec<String>),
    /// A list of tables of strings (`[[tool.alembic.post_write_hooks]]`).
    Tables(Vec<BTreeMap<String, String>>),
    /// A table of strings.
    Table(BTreeMap<String, String>),
}

/// A read pyproject.toml.
#[derive(Debug, Clone)]
pub(crate) struct Pyproject {
    path: PathBuf,
    here: String,
    alembic: Option<toml::Value>,
    aludel: Option<AludelToml>,
}

impl Pyproject {
    /// Reads the file at the absolute `path`; `Ok(None)` when it does not exist.
    pub(crate) fn load(path: &Path) -> Result<Option<Self>, ConfigError> {
        let Some(text) = read_text_if_exists(path)? else {
            return Ok(None);
        };
        Self::from_text(path, &text).map(Some)
    }

    /// Parses pyproject.toml text that was read from `path`.
    pub(crate) fn from_text(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let file: PyprojectFile = toml::from_str(text).map_err(|e| ConfigError::Toml {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let here = path
            .parent()
            .map(super::python_path::posix)
            .unwrap_or_default();
        let tool = file.tool.unwrap_or_default();
        Ok(Pyproject {
            path: path.to_path_buf(),
            here,
            alembic: tool.alembic,
            aludel: tool.aludel,
        })
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// `[tool.aludel]`, if present.
    pub(crate) fn aludel(&self) -> Option<&AludelToml> {
        self.aludel.as_ref()
    }

    fn alembic_table(&self) -> Result<Option<&toml::Table>, ConfigError> {
        match &self.alembic {
            None => Ok(None),
            Some(toml::Value::Table(table)) => Ok(Some(table)),
            Some(_) => Err(ConfigError::TomlIncorrectFormat {
                path: self.path.clone(),
            }),
        }
    }

    /// The raw `[tool.alembic]` value of `key`.
    pub(crate) fn raw(&self, key: &str) -> Result<Option<&toml::Value>, ConfigError> {
        Ok(self.alembic_table()?.and_then(|t| t.get(key)))
    }

    /// `[tool.alembic]` `key`, formatted as Alembic does.
    pub(crate) fn value(&self, key: &str) -> Result<Option<TomlValue>, ConfigError> {
        let Some(raw) = self.raw(key)? else {
            return Ok(None);
        };
        let format = |text: &str| {
            percent_format(text, &[("here", &self.here)]).map_err(|problem| {
                ConfigError::TomlSubstitution {
                    path: self.path.clone(),
                    key: key.to_string(),
                    problem,
                }
            })
        };
        let wrong = |expected: &str| ConfigError::TomlWrongType {
            path: self.path.clone(),
            key: key.to_string(),
            expected: expected.to_string(),
        };
        let string_table = |table: &toml::Table| -> Result<BTreeMap<String, String>, ConfigError> {
            table
                .iter()
                .map(|(k, v)| match v {
                    toml::Value::String(s) => Ok((k.clone(), format(s)?)),
                    _ => Err(wrong(&format!(
                        "a table whose values are strings ('{k}' is not)"
                    ))),
                })
                .collect()
        };
        Ok(Some(match raw {
            toml::Value::String(s) => TomlValue::Str(format(s)?),
            toml::Value::Integer(i) => TomlValue::Int(*i),
            toml::Value::Boolean(b) => TomlValue::Bool(*b),
            toml::Value::Table(table) => TomlValue::Table(string_table(table)?),
            toml::Value::Array(items) => match items.first() {
                Some(toml::Value::Table(_)) => TomlValue::Tables(
                    items
                        .iter()
                        .map(|item| match item {
                            toml::Value::Table(table) => string_table(table),
                            _ => Err(wrong("a list of tables")),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                _ => TomlValue::List(
                    items
                        .iter()
                        .map(|item| match item {
                            toml::Value::String(s) => format(s),
                            _ => Err(wrong("a list of strings")),
                        })
                        .collect::<Result<_, _>>()?,
                ),
            },
            toml::Value::Float(_) | toml::Value::Datetime(_) => {
                return Err(ConfigError::TomlUnsupportedType {
                    path: self.path.clone(),
                    key: key.to_string(),
                })
            }
        }))
    }

    /// A `[tool.alembic]` value that must be a list of strings.
    pub(crate) fn string_list(&self, key: &str) -> Result<Option<Vec<String>>, ConfigError> {
        match self.value(key)? {
            None => Ok(None),
            Some(TomlValue::List(items)) => Ok(Some(items)),
            Some(_) => Err(self.wrong_type(key, "a list of strings")),
        }
    }

    /// A `[tool.alembic]` flag: absent is false, anything but a boolean is
    /// Alembic's "boolean value expected" error.
    pub(crate) fn flag(&self, key: &str) -> Result<bool, ConfigError> {
        match self.raw(key)? {
            None => Ok(false),
            Some(toml::Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(ConfigError::TomlBooleanExpected {
                path: self.path.clone(),
                key: key.to_string(),
            }),
        }
    }

    pub(crate) fn wrong_type(&self, key: &str, expected: &str) -> ConfigError {
        ConfigError::TomlWrongType {
            path: self.path.clone(),
            key: key.to_string(),
            expected: expected.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Pyproject {
        fn string(&self, key: &str) -> Result<Option<String>, ConfigError> {
            match self.value(key)? {
                None => Ok(None),
                Some(TomlValue::Str(s)) => Ok(Some(s)),
                Some(_) => Err(self.wrong_type(key, "a string")),
            }
        }
    }

    fn load(text: &str) -> Pyproject {
        Pyproject::from_text(Path::new("/p/pyproject.toml"), text).unwrap()
    }

    #[test]
    fn values_are_formatted_with_here() {
        let p = load(
            r#"
[project]
name = "app"

[tool.alembic]
script_location = "%(here)s/alembic"
file_template = "%%(rev)s_%%(slug)s"
truncate_slug_length = 20
sourceless = true
prepend_sys_path = ["."]
version_locations = ["%(here)s/a", "%(here)s/b"]
[[tool.alembic.post_write_hooks]]
name = "ruff"
type = "exec"
executable = "%(here)s/bin/ruff"
"#,
        );
        assert_eq!(
            p.string("script_location").unwrap().as_deref(),
            Some("/p/alembic")
        );
        assert_eq!(
            p.string("file_template").unwrap().as_deref(),
            Some("%(rev)s_%(slug)s")
        );
        assert_eq!(
            p.value("truncate_slug_length").unwrap(),
            Some(TomlValue::Int(20))
        );
        assert!(p.flag("sourceless").unwrap());
        assert!(!p.flag("recursive_version_locations").unwrap());
        assert_eq!(
            p.string_list("version_locations").unwrap(),
            Some(vec!["/p/a".to_string(), "/p/b".to_string()])
        );
        let Some(TomlValue::Tables(hooks)) = p.value("post_write_hooks").unwrap() else {
            panic!("hooks")
        };
        assert_eq!(hooks[0]["executable"], "/p/bin/ruff");
        assert_eq!(p.value("missing").unwrap(), None);
    }

    #[test]
    fn alembic_error_texts() {
        let p = load("[tool]\nalembic = 3\n");
        assert_eq!(
            p.value("x").unwrap_err().to_string(),
            "Incorrect TOML format"
        );

        let p = load("[tool.alembic]\nsourceless = \"true\"\nratio = 1.5\nwhen = 1979-05-27\n");
        assert_eq!(
            p.flag("sourceless").unwrap_err().to_string(),
            "boolean value expected for TOML parameter 'sourceless'"
        );
        assert_eq!(
            p.value("ratio").unwrap_err().to_string(),
            "unsupported TOML value type for key: 'ratio'"
        );
        assert!(p.value("when").is_err());
    }

    #[test]
    fn shape_errors_name_the_file_and_key() {
        let p = load("[tool.alembic]\nscript_location = [\"a\"]\nversion_locations = \"x\"\nfile_template = \"%(rev)s\"\nl = [1]\n");
        let e = p.string("script_location").unwrap_err().to_string();
        assert_eq!(
            e,
            "/p/pyproject.toml: [tool.alembic] script_location must be a string"
        );
        assert!(p.string_list("version_locations").is_err());
        let e = p.string("file_template").unwrap_err().to_string();
        assert!(
            e.contains("%(rev)s is unknown") && e.contains("'%%'"),
            "{e}"
        );
        assert!(p
            .value("l")
            .unwrap_err()
            .to_string()
            .contains("a list of strings"));
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = Pyproject::from_text(Path::new("/p/pyproject.toml"), "x = [\n").unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("/p/pyproject.toml: TOML parse error at line 1"),
            "{text}"
        );
    }

    #[test]
    fn no_tool_table_is_fine() {
        let p = load("[project]\nname = 'x'\n");
        assert!(p.aludel().is_none());
        assert_eq!(p.string("script_location").unwrap(), None);
    }
}
