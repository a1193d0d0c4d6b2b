//! Splitting the ini's path lists (`version_locations`, `prepend_sys_path`).
//!
//! With `path_separator` (or, for version_locations only, the deprecated
//! `version_path_separator`) the value is split on that separator: `os` (the
//! platform's, `:` on POSIX), `:`, `;`, `space` or `newline`. Without it
//! Alembic's legacy rule applies: split on commas and runs of spaces (and,
//! for `prepend_sys_path`, also on colons).
//!
//! Unlike Alembic, entries that are empty after trimming are dropped rather
//! than read as the current directory.

use super::error::ConfigError;

/// The separator a `path_separator`-style value stands for.
pub(crate) fn separator(key: &str, value: &str) -> Result<&'static str, ConfigError> {
    Ok(match value {
        "space" => " ",
        "newline" => "\n",
        "os" => {
            if cfg!(windows) {
                ";"
            } else {
                ":"
            }
        }
        ":" => ":",
        ";" => ";",
        _ => {
            return Err(ConfigError::BadPathSeparator {
                key: key.to_string(),
                value: value.to_string(),
            })
        }
    })
}

/// Splits on `separator`, trimming entries and dropping empty ones.
pub(crate) fn split_on(value: &str, separator: &str) -> Vec<String> {
    value
        .split(separator)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// The legacy rule: commas (with the spaces after them) and runs of spaces
/// separate entries; with `colons`, every `:` does too.
pub(crate) fn split_legacy(value: &str, colons: bool) -> Vec<String> {
    value
        .split(|c: char| c == ',' || c == ' ' || (colons && c == ':'))
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(separator("path_separator", "space").unwrap(), " ");
        assert_eq!(separator("path_separator", "newline").unwrap(), "\n");
        assert_eq!(separator("path_separator", ";").unwrap(), ";");
        assert_eq!(separator("path_separator", ":").unwrap(), ":");
        #[cfg(unix)]
        assert_eq!(separator("path_separator", "os").unwrap(), ":");
        let e = separator("version_path_separator", "comma").unwrap_err();
        assert_eq!(
            e.to_string(),
            "'comma' is not a valid value for version_path_separator; \
             expected 'space', 'newline', 'os', ':', ';'"
        );
        assert!(separator("path_separator", "").is_err());
    }

    #[test]
    fn splitting_with_a_separator() {
        assert_eq!(split_on("/a/v1: /b/v2 ::", ":"), vec!["/a/v1", "/b/v2"]);
        assert_eq!(split_on("/a b/v1\n/c/v2\n", "\n"), vec!["/a b/v1", "/c/v2"]);
        assert_eq!(split_on("a b  c", " "), vec!["a", "b", "c"]);
    }

    #[test]
    fn legacy_splitting() {
        assert_eq!(split_legacy("a, b  c,d", false), vec!["a", "b", "c", "d"]);
        assert_eq!(split_legacy("/x/a:/x/b", false), vec!["/x/a:/x/b"]);
        assert_eq!(split_legacy(".:src, lib", true), vec![".", "src", "lib"]);
    }
}
