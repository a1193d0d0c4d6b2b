//! Offline literal values (`literal_binds`).

use super::DialectKind;
use crate::schema::Literal;

/// A string literal: single quotes doubled; MySQL also doubles backslashes
/// (its default `_backslash_escapes`).
pub(crate) fn string(kind: DialectKind, value: &str) -> String {
    let mut escaped = value.replace('\'', "''");
    if kind == DialectKind::Mysql {
        escaped = escaped.replace('\\', "\\\\");
    }
    format!("'{escaped}'")
}

/// Any literal value: `NULL`, booleans (`1`/`0` on SQLite, `true`/`false`
/// elsewhere), numbers as written, strings quoted.
pub(crate) fn render(kind: DialectKind, value: &Literal) -> String {
    match value {
        Literal::Null => "NULL".to_string(),
        Literal::Bool(b) => match (kind, b) {
            (DialectKind::Sqlite, true) => "1".to_string(),
            (DialectKind::Sqlite, false) => "0".to_string(),
            (_, true) => "true".to_string(),
            (_, false) => "false".to_string(),
        },
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => f.clone(),
        Literal::Str(s) => string(kind, s),
    }
}
