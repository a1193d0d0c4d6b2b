//! Percent-encoding the way Python's `urllib.parse` does it, which is what
//! SQLAlchemy uses to read and to print URLs.
//!
//! * reading: `unquote` (invalid `%` sequences are kept as they are, bytes
//!   that are not UTF-8 become U+FFFD) and `parse_qsl` (pairs separated by
//!   `&`, `+` means a space, pairs without a value are dropped);
//! * printing: `quote` with a set of extra characters left alone, and
//!   `quote_plus` for query keys and values.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters Python never escapes: letters, digits and `_.-~`.
const PYTHON_ALWAYS_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// What SQLAlchemy leaves alone in user names and passwords (`safe=" +"`).
const USERINFO: &AsciiSet = &PYTHON_ALWAYS_SAFE.remove(b' ').remove(b'+');

/// What SQLAlchemy leaves alone in the database part (`safe=" +/"`).
const DATABASE: &AsciiSet = &USERINFO.remove(b'/');

/// Decodes `%XX` escapes; malformed escapes stay literal.
pub(crate) fn unquote(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Encodes a user name or a password for display.
pub(crate) fn quote_userinfo(text: &str) -> String {
    utf8_percent_encode(text, USERINFO).to_string()
}

/// Encodes the database part for display (slashes stay).
pub(crate) fn quote_database(text: &str) -> String {
    utf8_percent_encode(text, DATABASE).to_string()
}

/// Encodes a query key or value: spaces become `+`, everything else that is
/// not always-safe is escaped (including `/`).
pub(crate) fn quote_plus(text: &str) -> String {
    text.split(' ')
        .map(|part| utf8_percent_encode(part, PYTHON_ALWAYS_SAFE).to_string())
        .collect::<Vec<_>>()
        .join("+")
}

/// Splits a query string into `(key, value)` pairs, in order, as Python's
/// `parse_qsl(query)` does with its defaults: empty values are dropped.
pub(crate) fn parse_query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            if value.is_empty() {
                return None;
            }
            Some((
                unquote(&key.replace('+', " ")),
                unquote(&value.replace('+', " ")),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquote_keeps_malformed_escapes() {
        assert_eq!(unquote("p%40ss"), "p@ss");
        assert_eq!(unquote("%ZZ"), "%ZZ");
        assert_eq!(unquote("a%2Bb+c"), "a+b+c");
        assert_eq!(unquote("%C3%BC"), "ü");
        assert_eq!(unquote("%FF"), "\u{FFFD}");
    }

    #[test]
    fn quoting_matches_python() {
        assert_eq!(quote_userinfo("ü"), "%C3%BC");
        assert_eq!(quote_userinfo("us er+x@y:z/w"), "us er+x%40y%3Az%2Fw");
        assert_eq!(quote_database(":memory:"), "%3Amemory%3A");
        assert_eq!(quote_database("a b/c+d"), "a b/c+d");
        assert_eq!(quote_plus("x y/z"), "x+y%2Fz");
        assert_eq!(quote_plus("a_b.c-d~e"), "a_b.c-d~e");
    }

    #[test]
    fn query_pairs_drop_blank_and_keyless_entries() {
        assert_eq!(
            parse_query_pairs("a=1&a=2&b=x+y&c=&d&&e=%41"),
            vec![
                ("a".to_string(), "1".to_string()),
                ("a".to_string(), "2".to_string()),
                ("b".to_string(), "x y".to_string()),
                ("e".to_string(), "A".to_string()),
            ]
        );
        assert!(parse_query_pairs("").is_empty());
    }
}
