//! Positions in source text for error messages: `file:line:col` and a
//! one-line snippet with a caret underline, in the style of ruff and uv.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a file, resolved from a byte offset: 1-based line, 1-based
/// column counted in characters, and the text of that line for the snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// The file the offset points into.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The whole line (without its line break), for the snippet.
    pub line_text: String,
    /// How many characters the caret underline covers (at least 1).
    pub width: usize,
}

impl SourceLocation {
    /// Resolve the byte range `start..end` of `source` (clamped to the text
    /// and to character boundaries, so any input is safe).
    pub fn new(path: &Path, source: &str, start: usize, end: usize) -> Self {
        let start = floor_char_boundary(source, start.min(source.len()));
        let end = floor_char_boundary(source, end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..line_start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let line_text = source[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        let underline_end = end.min(line_end);
        let width = source[start..underline_end.max(start)]
            .chars()
            .count()
            .max(1);
        SourceLocation {
            path: path.to_path_buf(),
            line,
            column,
            line_text,
            width,
        }
    }

    /// The snippet: the source line with a gutter and a caret underline.
    ///
    /// ```text
    ///   |
    /// 3 | down_revision = parent()
    ///   |                 ^^^^^^^^
    /// ```
    pub fn snippet(&self) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        let mut pad = String::new();
        for c in self.line_text.chars().take(self.column - 1) {
            pad.push(if c == '\t' { '\t' } else { ' ' });
        }
        format!(
            "{gutter} |\n{number} | {}\n{gutter} | {pad}{}",
            self.line_text,
            "^".repeat(self.width)
        )
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// The largest character boundary of `s` that is `<= index`.
pub(crate) fn floor_char_boundary(s: &str, index: usize) -> usize {
    let mut i = index.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_line_and_column_in_characters() {
        let src = "a = 1\nné = f(x)\n";
        let start = src.find("f(x)").unwrap();
        let loc = SourceLocation::new(Path::new("v.py"), src, start, start + 4);
        assert_eq!(loc.to_string(), "v.py:2:6");
        assert_eq!(loc.snippet(), "  |\n2 | né = f(x)\n  |      ^^^^");
    }

    #[test]
    fn any_offset_is_safe() {
        let src = "é\r\n";
        for start in 0..8 {
            for end in 0..8 {
                let loc = SourceLocation::new(Path::new("x"), src, start, end);
                assert!(loc.line >= 1 && loc.column >= 1);
                let _ = loc.snippet();
            }
        }
        let loc = SourceLocation::new(Path::new("x"), "", 3, 9);
        assert_eq!(loc.to_string(), "x:1:1");
    }
}
