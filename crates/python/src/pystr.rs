//! Python `str` semantics that aludel must reproduce exactly: `str.strip()`,
//! the `\w` class of the `re` module, `str.isprintable()` and `repr(str)`.
//!
//! Rust's own notions (`char::is_whitespace`, `char::is_alphanumeric`) differ
//! from Python's in a few code points, and revision files / file names written
//! by aludel must be byte-for-byte those Alembic writes.

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Python's `str.isspace()` for one character: Unicode White_Space plus the
/// four information separators U+001C..U+001F.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()` with no argument.
pub fn strip(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// Whether `c` belongs to `\w` in a Python `re` pattern over `str`:
/// letters (Lu, Ll, Lt, Lm, Lo), numbers (Nd, Nl, No) and `_`.
///
/// Unlike Rust's `regex` `\w`, combining marks and other connector
/// punctuation are not word characters.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(
        c.general_category_group(),
        GeneralCategoryGroup::Letter | GeneralCategoryGroup::Number
    )
}

/// Python's `str.isprintable()` for one character: everything except the
/// categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs, where the ASCII space counts
/// as printable.
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    !matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::SpaceSeparator
    )
}

/// `repr(s)` exactly as CPython writes it: single quotes unless the text
/// holds a `'` and no `"`; `\\`, `\t`, `\n`, `\r` and the chosen quote are
/// escaped; other non-printable characters become `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
    out
}

/// The runs of [`is_word_char`] characters in `s`, in order (Python's
/// `re.findall(r"\w+", s)`).
pub fn word_runs(s: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(begin)) => {
                runs.push(&s[begin..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        runs.push(&s[begin..]);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_uses_python_whitespace() {
        assert_eq!(strip("\u{1c}\u{a0} doc \n\u{3000}"), "doc");
        assert_eq!(strip("\u{200b}x"), "\u{200b}x", "ZWSP is not whitespace");
        assert_eq!(strip(""), "");
    }

    #[test]
    fn repr_matches_cpython() {
        // Expected values printed by CPython 3.11.
        assert_eq!(repr_str("abc"), "'abc'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(repr_str("say \"hi\""), "'say \"hi\"'");
        assert_eq!(repr_str("a\\b\tc\nd\re"), "'a\\\\b\\tc\\nd\\re'");
        assert_eq!(
            repr_str("\u{0}\u{7f}\u{85}\u{a0}"),
            "'\\x00\\x7f\\x85\\xa0'"
        );
        assert_eq!(repr_str("ünï — 日本"), "'ünï — 日本'");
        assert_eq!(
            repr_str("\u{200b}\u{2028}\u{e000}"),
            "'\\u200b\\u2028\\ue000'"
        );
        assert_eq!(repr_str("\u{10ffff}\u{1f600}"), "'\\U0010ffff😀'");
        assert_eq!(repr_str(""), "''");
    }

    #[test]
    fn word_runs_follow_python_re() {
        assert_eq!(
            word_runs("it's \"quoted\" — ünïcode"),
            ["it", "s", "quoted", "ünïcode"]
        );
        assert_eq!(word_runs("x²_y ①"), ["x²_y", "①"]);
        // Combining marks (Mn/Mc) split words in Python's re.
        assert_eq!(word_runs("e\u{301}t"), ["e", "t"]);
        assert_eq!(word_runs("a‿b"), ["a", "b"]);
        assert!(word_runs("  -- ").is_empty());
    }
}
