//! Making the header prefix cheaper to parse without changing its meaning:
//! single-line `import` statements and the annotations of header
//! assignments (`down_revision: Union[str, Sequence[str], None] = ...`) are
//! replaced by spaces, so the parser sees `down_revision = ...` and no
//! imports. Byte offsets are unchanged, so error locations stay right.
//!
//! A line is only blanked when a small grammar proves it is a complete,
//! valid statement (or annotation) that binds no header name. After the
//! blanked text is parsed, [`verify`] checks that every blanked import line
//! sat between top-level statements and that every blanked annotation
//! belongs to a top-level assignment to that name; if not (say the line was
//! inside a string), the caller parses the original text instead.

use std::ops::Range;

use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_text_size::Ranged;

use super::header_name;
use crate::keywords::is_keyword;

/// What was blanked, for [`verify`].
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Blanked {
    /// A whole import line (without its line break).
    Import(Range<usize>),
    /// The `: annotation` of `name: annotation = value`; `name` is the
    /// range of the target name.
    Annotation { name: Range<usize> },
}

/// The prefix with imports and header annotations blanked, and what was
/// blanked; `None` when there is nothing to blank.
pub(super) fn blank(prefix: &str) -> Option<(String, Vec<Blanked>)> {
    let mut text: Option<Vec<u8>> = None;
    let mut blanked = Vec::new();
    let mut line_start = 0;
    for line in prefix.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let range = line_start..line_start + content.len();
        line_start += line.len();
        let span = if content.starts_with("import ") || content.starts_with("from ") {
            is_import_line(content).then(|| (range.clone(), Blanked::Import(range.clone())))
        } else {
            annotation_span(content).map(|(name, annotation)| {
                (
                    range.start + annotation.start..range.start + annotation.end,
                    Blanked::Annotation {
                        name: range.start + name.start..range.start + name.end,
                    },
                )
            })
        };
        if let Some((span, what)) = span {
            let bytes = text.get_or_insert_with(|| prefix.as_bytes().to_vec());
            bytes[span].fill(b' ');
            blanked.push(what);
        }
    }
    let text = String::from_utf8(text?).ok()?;
    Some((text, blanked))
}

/// Whether the parse of the blanked text shows every blanked piece where
/// [`blank`] assumed it to be: imports after the first statement and
/// between statements, annotations in top-level assignments.
pub(super) fn verify(module: &ModModule, blanked: &[Blanked]) -> bool {
    // A blanked import before the first statement could turn a later
    // string into the docstring.
    let first_start = module
        .body
        .first()
        .map_or(usize::MAX, |s| s.range().start().to_usize());
    blanked.iter().all(|what| match what {
        Blanked::Import(line) => {
            line.start > first_start
                && module.body.iter().all(|stmt| {
                    let range = stmt.range();
                    !(range.start().to_usize() <= line.start && line.start < range.end().to_usize())
                })
        }
        Blanked::Annotation { name } => module.body.iter().any(|stmt| match stmt {
            Stmt::Assign(assign) => match assign.targets.as_slice() {
                [Expr::Name(target)] => {
                    target.range.start().to_usize() == name.start
                        && target.range.end().to_usize() == name.end
                }
                _ => false,
            },
            _ => false,
        }),
    })
}

/// `name: annotation = ...` at the start of a line, with `name` a header
/// variable and the annotation valid: the ranges of the name and of the
/// text to blank (the colon and the annotation).
fn annotation_span(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    let name_len = identifier_len(line);
    header_name(&line[..name_len])?;
    let mut cursor = Cursor {
        text: line,
        pos: name_len,
    };
    cursor.skip_spaces();
    if !cursor.eat(":") {
        return None;
    }
    let blank_start = cursor.pos - 1;
    cursor.skip_spaces();
    if !annotation(&mut cursor) {
        return None;
    }
    cursor.skip_spaces();
    let blank_end = cursor.pos;
    if !cursor.eat("=") || cursor.peek() == Some(b'=') {
        return None;
    }
    Some((0..name_len, blank_start..blank_end))
}

/// A complete one-line `import ...` or `from ... import ...` statement
/// (with an optional trailing comment) that binds no header name.
fn is_import_line(line: &str) -> bool {
    let code = match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    };
    let mut cursor = Cursor {
        text: code.trim_end_matches([' ', '\t']),
        pos: 0,
    };
    let ok = if cursor.eat_word("import") {
        list(&mut cursor, |c| {
            let first = dotted(c)?;
            bound_name(c).or(Some(first))
        })
    } else if cursor.eat_word("from") {
        cursor.skip_spaces();
        let mut dots = 0;
        while cursor.eat(".") {
            dots += 1;
            cursor.skip_spaces();
        }
        // `from . import x` names no module; otherwise a dotted name.
        if !(dots > 0 && cursor.eat_word("import")) {
            if dotted(&mut cursor).is_none() {
                return false;
            }
            cursor.skip_spaces();
            if !cursor.eat_word("import") {
                return false;
            }
        }
        cursor.skip_spaces();
        cursor.eat("*")
            || list(&mut cursor, |c| {
                let name = identifier(c)?;
                bound_name(c).or(Some(name))
            })
    } else {
        false
    };
    ok && cursor.at_end()
}

/// `item (, item)*` where each item yields the name it binds, none of
/// which may be a header variable.
fn list<'a>(
    cursor: &mut Cursor<'a>,
    mut item: impl FnMut(&mut Cursor<'a>) -> Option<&'a str>,
) -> bool {
    loop {
        cursor.skip_spaces();
        match item(cursor) {
            Some(bound) if header_name(bound).is_none() => {}
            _ => return false,
        }
        cursor.skip_spaces();
        if !cursor.eat(",") {
            return true;
        }
    }
}

/// An optional ` as name`; the name bound.
fn bound_name<'a>(cursor: &mut Cursor<'a>) -> Option<&'a str> {
    let save = cursor.pos;
    cursor.skip_spaces();
    if cursor.eat_word("as") {
        cursor.skip_spaces();
        if let Some(name) = identifier(cursor) {
            return Some(name);
        }
    }
    cursor.pos = save;
    None
}

/// `a.b.c`; the first name (what `import a.b.c` binds).
fn dotted<'a>(cursor: &mut Cursor<'a>) -> Option<&'a str> {
    let first = identifier(cursor)?;
    while cursor.eat(".") {
        identifier(cursor)?;
    }
    Some(first)
}

/// An annotation of the restricted form `dotted ('[' annotation (','
/// annotation)* [','] ']')* ('|' ...)*`, where names may be `None`.
fn annotation(cursor: &mut Cursor<'_>) -> bool {
    loop {
        if !annotation_primary(cursor) {
            return false;
        }
        let save = cursor.pos;
        cursor.skip_spaces();
        if !cursor.eat("|") {
            cursor.pos = save;
            return true;
        }
        cursor.skip_spaces();
    }
}

fn annotation_primary(cursor: &mut Cursor<'_>) -> bool {
    let name_len = identifier_len(&cursor.text[cursor.pos..]);
    let name = &cursor.text[cursor.pos..cursor.pos + name_len];
    if name_len == 0 || (is_keyword(name) && name != "None") {
        return false;
    }
    cursor.pos += name_len;
    while cursor.eat(".") {
        if identifier(cursor).is_none() {
            return false;
        }
    }
    loop {
        let save = cursor.pos;
        cursor.skip_spaces();
        if !cursor.eat("[") {
            cursor.pos = save;
            return true;
        }
        let mut items = 0;
        loop {
            cursor.skip_spaces();
            if items > 0 && cursor.eat("]") {
                break;
            }
            if !annotation(cursor) {
                return false;
            }
            items += 1;
            cursor.skip_spaces();
            if cursor.eat("]") {
                break;
            }
            if !cursor.eat(",") {
                return false;
            }
        }
    }
}

/// An ASCII identifier that is not a keyword.
fn identifier<'a>(cursor: &mut Cursor<'a>) -> Option<&'a str> {
    let text = cursor.text;
    let len = identifier_len(&text[cursor.pos..]);
    let name = &text[cursor.pos..cursor.pos + len];
    if len == 0 || is_keyword(name) {
        return None;
    }
    cursor.pos += len;
    Some(name)
}

/// The length of the ASCII identifier `text` starts with (0 if none).
fn identifier_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
        _ => return 0,
    }
    bytes
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(bytes.len())
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.text[self.pos..].starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    /// A keyword followed by a space, a tab or the end.
    fn eat_word(&mut self, word: &str) -> bool {
        let rest = &self.text[self.pos..];
        if rest.starts_with(word)
            && matches!(rest.as_bytes().get(word.len()), None | Some(b' ' | b'\t'))
        {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_valid_import_lines() {
        for line in [
            "import os",
            "import sqlalchemy as sa",
            "import a.b.c, d as e  # comment",
            "from typing import Sequence, Union",
            "from alembic import op",
            "from . import x",
            "from ..pkg.mod import a as b, c",
            "from x import *",
            "from\t.\timport\tx",
            "from importlib import x",
            "from .import x",
        ] {
            assert!(is_import_line(line), "{line:?}");
        }
        for line in [
            "import",
            "import os,",
            "import os as",
            "import 1x",
            "import os.",
            "import if",
            "from x import",
            "from x import (a, b)",
            "from x import a,",
            "from import x",
            "from x import a b",
            "import revision",
            "import pkg as depends_on",
            "from m import branch_labels",
            "from m import x as down_revision",
            "import os; revision = 'x'",
            "importos",
            "from x import é",
        ] {
            assert!(!is_import_line(line), "{line:?}");
        }
    }

    #[test]
    fn finds_valid_header_annotations() {
        fn span(line: &str) -> Option<(&str, &str)> {
            annotation_span(line).map(|(name, blank)| (&line[name], &line[blank]))
        }
        assert_eq!(span("revision: str = 'a'"), Some(("revision", ": str ")));
        assert_eq!(
            span("down_revision: Union[str, Sequence[str], None] = None"),
            Some(("down_revision", ": Union[str, Sequence[str], None] "))
        );
        assert_eq!(
            span("depends_on : str | None=None"),
            Some(("depends_on", ": str | None"))
        );
        assert_eq!(
            span("branch_labels: typing.Tuple[str,] = ()"),
            Some(("branch_labels", ": typing.Tuple[str,] "))
        );
        for line in [
            "revision = 'a'",
            "revision: str",
            "revision: str == 'a'",
            "revision: Union[] = 'a'",
            "revision: Union[str = 'a'",
            "revision: 'str' = 'a'",
            "revision: Tuple[str, ...] = ()",
            "revision: if = 'a'",
            "revision: str | = 'a'",
            "revisions: str = 'a'",
            "other: str = 'a'",
            "revision: Literal['x'] = 'x'",
        ] {
            assert_eq!(span(line), None, "{line:?}");
        }
    }

    #[test]
    fn blanking_keeps_offsets() {
        let prefix = "\"\"\"doc\"\"\"\nimport os\nrevision: str = 'a'\nx = 1\n";
        let (text, blanked) = blank(prefix).unwrap();
        assert_eq!(
            text,
            "\"\"\"doc\"\"\"\n         \nrevision      = 'a'\nx = 1\n"
        );
        assert_eq!(text.len(), prefix.len());
        assert_eq!(
            blanked,
            [
                Blanked::Import(10..19),
                Blanked::Annotation { name: 20..28 }
            ]
        );
        assert_eq!(blank("x = 1\n"), None);
    }
}
