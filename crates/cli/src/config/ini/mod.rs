//! An ini reader with the semantics of Python's `configparser.ConfigParser`
//! as Alembic uses it (default options, strict mode, basic interpolation):
//!
//! * `[section]` headers (case-sensitive names); `[DEFAULT]` holds options
//!   every section inherits;
//! * `key = value` or `key: value`, split at the first `=` or `:`; keys are
//!   case-insensitive (stored lower-cased); values are trimmed;
//! * lines whose first non-blank character is `#` or `;` are comments; a `#`
//!   later in a line is part of the value;
//! * a line indented deeper than its option's line continues the value
//!   (joined with newlines; blank lines inside are kept, trailing ones dropped);
//! * a section or an option given twice is an error;
//! * `%(name)s` is replaced, when a value is read, by option `name` of the
//!   same section or of `[DEFAULT]` (recursively, at most 10 levels deep), and
//!   `%%` by `%`; any other `%` is an error.

use std::path::{Path, PathBuf};

use super::error::ConfigError;

/// The section every other section inherits from.
pub(crate) const DEFAULT_SECTION: &str = "DEFAULT";

/// How deep `%(name)s` references may nest (Python's limit).
const MAX_INTERPOLATION_DEPTH: usize = 10;

/// One option, with the line it started on (0 for built-in defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IniEntry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
struct Section {
    name: String,
    entries: Vec<IniEntry>,
}

impl Section {
    fn entry(&self, key: &str) -> Option<&IniEntry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// A parsed ini file.
#[derive(Debug, Clone)]
pub(crate) struct IniDocument {
    path: PathBuf,
    defaults: Section,
    sections: Vec<Section>,
}

/// An option being read, before its continuation lines are joined.
struct OpenValue {
    section: Option<usize>,
    entry: usize,
    lines: Vec<String>,
}

impl IniDocument {
    /// An empty document for `path` (used in messages) with built-in
    /// `[DEFAULT]` options, as `ConfigParser(defaults)` has.
    pub(crate) fn new(path: &Path, defaults: &[(&str, &str)]) -> Self {
        let entries = defaults
            .iter()
            .map(|(key, value)| IniEntry {
                key: key.to_lowercase(),
                value: value.to_string(),
                line: 0,
            })
            .collect();
        IniDocument {
            path: path.to_path_buf(),
            defaults: Section {
                name: DEFAULT_SECTION.to_string(),
                entries,
            },
            sections: Vec::new(),
        }
    }

    /// Reads ini text into the document.
    pub(crate) fn read_str(&mut self, text: &str) -> Result<(), ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        // `None` = before any header; `Some(None)` = [DEFAULT]; `Some(Some(i))` = sections[i].
        let mut current: Option<Option<usize>> = None;
        let mut seen_sections: Vec<String> = Vec::new();
        let mut open: Option<OpenValue> = None;
        let mut indent_level = 0usize;

        for (index, raw_line) in text.split('\n').enumerate() {
            let line_no = index + 1;
            let stripped = raw_line.trim();
            let is_comment = stripped.starts_with('#') || stripped.starts_with(';');
            if is_comment || stripped.is_empty() {
                if !is_comment {
                    if let Some(value) = open.as_mut() {
                        value.lines.push(String::new());
                    }
                }
                continue;
            }
            let indent = raw_line
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(0, |(i, _)| raw_line[..i].chars().count());
            if let Some(value) = open.as_mut() {
                if indent > indent_level {
                    value.lines.push(stripped.to_string());
                    continue;
                }
            }
            indent_level = indent;

            if let Some(header) = section_header(stripped) {
                self.close(open.take());
                if header == DEFAULT_SECTION {
                    current = Some(None);
                } else if let Some(i) = self.sections.iter().position(|s| s.name == header) {
                    if seen_sections.iter().any(|s| s == header) {
                        return Err(self.syntax(
                            line_no,
                            format!(
                                "section [{header}] appears a second time; \
                                 merge its options into the first one"
                            ),
                        ));
                    }
                    seen_sections.push(header.to_string());
                    current = Some(Some(i));
                } else {
                    self.sections.push(Section {
                        name: header.to_string(),
                        entries: Vec::new(),
                    });
                    seen_sections.push(header.to_string());
                    current = Some(Some(self.sections.len() - 1));
                }
                continue;
            }

            let Some(section) = current else {
                return Err(self.syntax(
                    line_no,
                    format!(
                        "'{stripped}' comes before any [section] header; \
                         start the file with a header such as [alembic]"
                    ),
                ));
            };
            let Some((key, value)) = split_option(stripped) else {
                return Err(self.syntax(
                    line_no,
                    format!(
                        "'{stripped}' is neither a [section] header nor a 'key = value' option"
                    ),
                ));
            };
            if key.is_empty() {
                return Err(self.syntax(
                    line_no,
                    format!("'{stripped}' has no option name before '=' or ':'"),
                ));
            }
            self.close(open.take());
            let key = key.to_lowercase();
            let target = self.section_mut(section);
            let entry = match target.entries.iter().position(|e| e.key == key) {
                // A built-in default (`here`) is simply replaced by the file's value.
                Some(i) if target.entries[i].line == 0 => {
                    target.entries[i].line = line_no;
                    i
                }
                Some(i) => {
                    let (name, first) = (target.name.clone(), target.entries[i].line);
                    return Err(self.syntax(
                        line_no,
                        format!(
                            "option '{key}' appears a second time in section [{name}] \
                             (first on line {first}); keep only one"
                        ),
                    ));
                }
                None => {
                    target.entries.push(IniEntry {
                        key,
                        value: String::new(),
                        line: line_no,
                    });
                    target.entries.len() - 1
                }
            };
            open = Some(OpenValue {
                section,
                entry,
                lines: vec![value.to_string()],
            });
        }
        self.close(open);
        Ok(())
    }

    /// Stores a finished value: lines joined with newlines, trailing blanks dropped.
    fn close(&mut self, open: Option<OpenValue>) {
        if let Some(open) = open {
            let joined = open.lines.join("\n");
            let value = joined.trim_end().to_string();
            let entry = &mut self.section_mut(open.section).entries[open.entry];
            entry.value = value;
        }
    }

    fn section_mut(&mut self, section: Option<usize>) -> &mut Section {
        match section {
            None => &mut self.defaults,
            Some(i) => &mut self.sections[i],
        }
    }

    fn syntax(&self, line: usize, problem: String) -> ConfigError {
        ConfigError::IniSyntax {
            path: self.path.clone(),
            line,
            problem,
        }
    }

    /// `ConfigParser.set` (after `add_section` when the section is
    /// missing), as Alembic's `set_section_option` calls it: the raw value
    /// replaces the section's own option or is added to it. The entry has
    /// line 0: it is on no line of the file.
    pub(crate) fn set(&mut self, section: &str, key: &str, value: &str) {
        let key = key.to_lowercase();
        let target = if section == DEFAULT_SECTION {
            &mut self.defaults
        } else {
            let index = match self.sections.iter().position(|s| s.name == section) {
                Some(i) => i,
                None => {
                    self.sections.push(Section {
                        name: section.to_string(),
                        entries: Vec::new(),
                    });
                    self.sections.len() - 1
                }
            };
            &mut self.sections[index]
        };
        match target.entries.iter_mut().find(|e| e.key == key) {
            Some(entry) => {
                entry.value = value.to_string();
                entry.line = 0;
            }
            None => target.entries.push(IniEntry {
                key,
                value: value.to_string(),
                line: 0,
            }),
        }
    }

    fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// Whether the file has `[name]` (never true for `DEFAULT`).
    pub(crate) fn has_section(&self, name: &str) -> bool {
        self.section(name).is_some()
    }

    /// The raw (not interpolated) option, looked up in the section and then
    /// in `[DEFAULT]`; `None` when the section does not exist.
    pub(crate) fn raw(&self, section: &str, key: &str) -> Option<&IniEntry> {
        let key = key.to_lowercase();
        if section == DEFAULT_SECTION {
            return self.defaults.entry(&key);
        }
        self.section(section)?
            .entry(&key)
            .or_else(|| self.defaults.entry(&key))
    }

    /// Whether the section exists and has the option (itself or through `[DEFAULT]`).
    pub(crate) fn has_option(&self, section: &str, key: &str) -> bool {
        self.raw(section, key).is_some()
    }

    /// The interpolated value of an option; `None` when the section or the
    /// option does not exist.
    pub(crate) fn get(&self, section: &str, key: &str) -> Result<Option<String>, ConfigError> {
        match self.raw(section, key) {
            None => Ok(None),
            Some(entry) => self.interpolate(section, entry).map(Some),
        }
    }

    /// All options of a section with `[DEFAULT]`'s first, interpolated, as
    /// `ConfigParser.items(section)`; `None` when the section does not exist.
    pub(crate) fn items(
        &self,
        section: &str,
    ) -> Result<Option<Vec<(String, String)>>, ConfigError> {
        let Some(own) = self.section(section) else {
            return Ok(None);
        };
        let mut keys: Vec<&str> = self
            .defaults
            .entries
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        for entry in &own.entries {
            if !keys.contains(&entry.key.as_str()) {
                keys.push(&entry.key);
            }
        }
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(value) = self.get(section, key)? {
                out.push((key.to_string(), value));
            }
        }
        Ok(Some(out))
    }

    fn interpolate(&self, section: &str, entry: &IniEntry) -> Result<String, ConfigError> {
        let mut out = String::new();
        self.expand(section, entry, &entry.value, 1, &mut out)?;
        Ok(out)
    }

    /// BasicInterpolation: expands `rest` into `out`; `entry` is the option
    /// originally asked for (named in errors).
    fn expand(
        &self,
        section: &str,
        entry: &IniEntry,
        rest: &str,
        depth: usize,
        out: &mut String,
    ) -> Result<(), ConfigError> {
        let error = |problem: String| ConfigError::Interpolation {
            location: if entry.line > 0 {
                format!("{}:{}", self.path.display(), entry.line)
            } else {
                self.path.display().to_string()
            },
            section: section.to_string(),
            option: entry.key.clone(),
            problem,
        };
        // Values that may hold a password are never quoted in messages.
        let sensitive = is_sensitive(&entry.key);
        let quote = |text: &str| {
            if sensitive {
                "(not shown: the value may hold a password)".to_string()
            } else {
                format!("'{}'", shorten(text))
            }
        };
        if depth > MAX_INTERPOLATION_DEPTH {
            return Err(error(format!(
                "references nest more than {MAX_INTERPOLATION_DEPTH} levels deep \
                 (is there a cycle?); raw value: {}",
                quote(&entry.value)
            )));
        }
        let mut rest = rest;
        while let Some(p) = rest.find('%') {
            out.push_str(&rest[..p]);
            rest = &rest[p..];
            let after = &rest[1..];
            if let Some(tail) = after.strip_prefix('%') {
                out.push('%');
                rest = tail;
            } else if let Some(inner) = after.strip_prefix('(') {
                let reference = inner
                    .find(')')
                    .filter(|&close| close > 0 && inner[close + 1..].starts_with('s'));
                let Some(close) = reference else {
                    return Err(error(format!(
                        "bad reference {}, expected %(name)s",
                        quote(rest)
                    )));
                };
                let name = inner[..close].to_lowercase();
                rest = &inner[close + 2..];
                let Some(referenced) = self.raw(section, &name) else {
                    return Err(error(format!(
                        "%({name})s refers to an option that section [{section}] \
                         and [DEFAULT] do not have"
                    )));
                };
                if referenced.value.contains('%') {
                    self.expand(section, entry, &referenced.value, depth + 1, out)?;
                } else {
                    out.push_str(&referenced.value);
                }
            } else {
                return Err(error(format!(
                    "'%' must be followed by '%' or '(', found {}",
                    quote(rest)
                )));
            }
        }
        out.push_str(rest);
        Ok(())
    }
}

/// The name inside `[...]`: from the leading `[` to the last `]`, not empty.
fn section_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let close = inner.rfind(']')?;
    (close > 0).then(|| &inner[..close])
}

/// `key = value` / `key: value`, split at the first `=` or `:`.
fn split_option(line: &str) -> Option<(&str, &str)> {
    let at = line.find(['=', ':'])?;
    Some((line[..at].trim_end(), line[at + 1..].trim()))
}

/// Whether an option's value may hold credentials (URLs, passwords, secrets).
fn is_sensitive(key: &str) -> bool {
    ["url", "password", "secret", "token"]
        .iter()
        .any(|word| key.contains(word))
}

/// At most 40 characters of a value, for messages.
fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}...")
    } else {
        head
    }
}

#[cfg(test)]
mod tests;
