//! Normal forms for comparing a model with a database: a type and a server
//! default brought to the spelling the database itself would report, so
//! that `AutoString(length=50)` and a reflected `VARCHAR(50)` compare equal
//! and `'0'` equals PostgreSQL's `0` on an integer column. The generic rules
//! live here; each database refines them in its own [`super::Dialect`] impl.

use super::Dialect;
use crate::schema::SqlType;

/// The generic normal form of a type: its compiled DDL, upper-cased, with
/// single spaces and `NUMERIC` for `DECIMAL`. A type the database cannot
/// compile keeps a spelling of its own (it then equals only itself).
pub(crate) fn generic_type<D: Dialect + ?Sized>(d: &D, ty: &SqlType) -> String {
    let compiled = match d.compile_type(ty) {
        Ok(s) => s,
        Err(_) => return format!("{ty:?}"),
    };
    tidy_type(&compiled)
}

/// Upper case outside quotes, one space between words, none after `(` or
/// before `)`, `, ` between arguments, `DECIMAL` spelled `NUMERIC`.
pub(crate) fn tidy_type(compiled: &str) -> String {
    let mut out = String::with_capacity(compiled.len());
    let mut in_quote = false;
    let mut last_space = false;
    for c in compiled.trim().chars() {
        if c == '\'' {
            in_quote = !in_quote;
            out.push(c);
            last_space = false;
            continue;
        }
        if in_quote {
            out.push(c);
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        out.extend(c.to_uppercase());
    }
    let out = out.replace("( ", "(").replace(" )", ")").replace(" ,", ",");
    let out = out.replace(", ", ",").replace(',', ", ");
    match out.strip_prefix("DECIMAL") {
        Some(rest) => format!("NUMERIC{rest}"),
        None => out,
    }
}

/// The generic normal form of a server default's SQL: outer parentheses
/// off, a quoted number unquoted, keywords and function names lower-cased
/// outside string literals, spaces collapsed.
pub(crate) fn generic_default(sql: &str) -> String {
    let mut s = sql.trim().to_string();
    loop {
        let stripped = strip_outer_parens(&s);
        if stripped == s {
            break;
        }
        s = stripped;
    }
    let s = lower_outside_quotes(&s);
    unquote_number(&s)
}

/// `(x)` → `x` when the parentheses enclose the whole text.
pub(crate) fn strip_outer_parens(s: &str) -> String {
    let t = s.trim();
    if !(t.starts_with('(') && t.ends_with(')')) {
        return t.to_string();
    }
    let mut depth = 0i32;
    let mut in_quote = false;
    for (i, c) in t.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' if !in_quote => depth += 1,
            ')' if !in_quote => {
                depth -= 1;
                if depth == 0 && i != t.len() - 1 {
                    return t.to_string();
                }
            }
            _ => {}
        }
    }
    t[1..t.len() - 1].trim().to_string()
}

/// Lower case and single spaces outside single-quoted literals.
pub(crate) fn lower_outside_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_quote = false;
    let mut last_space = false;
    for c in s.chars() {
        if c == '\'' {
            in_quote = !in_quote;
        }
        if !in_quote && c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        if in_quote {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim().to_string()
}

/// `'12'` → `12`, `'1.50'` → `1.5`, `10.00` → `10`: numbers compare by value.
pub(crate) fn unquote_number(s: &str) -> String {
    let inner = s
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .unwrap_or(s);
    match inner.parse::<f64>() {
        Ok(v) if v.is_finite() && !inner.is_empty() => {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        }
        _ => s.to_string(),
    }
}

/// Removes PostgreSQL casts (`'x'::character varying`, `'{}'::jsonb`,
/// `'a'::"Color"`) outside string literals.
pub(crate) fn strip_casts(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut in_quote = false;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c == '\'' {
            in_quote = !in_quote;
            out.push(c);
            i += 1;
            continue;
        }
        if !in_quote && s[i..].starts_with("::") {
            i += 2;
            // a type name: words, spaces between words, quotes, dots, [] and (n)
            let mut depth = 0;
            while i < bytes.len() {
                let ch = bytes[i] as char;
                let word = ch.is_ascii_alphanumeric() || ch == '_' || ch == '"' || ch == '.';
                let space_inside = ch == ' '
                    && depth == 0
                    && s[i + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_ascii_alphabetic())
                    && is_type_word_continuation(&s[i + 1..]);
                if word
                    || ch == '['
                    || ch == ']'
                    || space_inside
                    || (depth > 0 && ch != ')' && ch != '(')
                {
                    i += 1;
                } else if ch == '(' {
                    depth += 1;
                    i += 1;
                } else if ch == ')' && depth > 0 {
                    depth -= 1;
                    i += 1;
                } else {
                    break;
                }
            }
            continue;
        }
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

/// True when `rest` continues a multi-word type name (`varying`, `time zone`,
/// `precision`, `with`, `without`).
fn is_type_word_continuation(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "varying" | "precision" | "with" | "without" | "time" | "zone"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_tidy() {
        assert_eq!(tidy_type("varchar( 50 )"), "VARCHAR(50)");
        assert_eq!(tidy_type("DECIMAL(10,2)"), "NUMERIC(10, 2)");
        assert_eq!(tidy_type("ENUM('a','B b')"), "ENUM('a', 'B b')");
        assert_eq!(
            tidy_type("timestamp  with time zone"),
            "TIMESTAMP WITH TIME ZONE"
        );
    }

    #[test]
    fn defaults_normalise() {
        assert_eq!(generic_default("'0'"), "0");
        assert_eq!(generic_default("(CURRENT_TIMESTAMP)"), "current_timestamp");
        assert_eq!(generic_default("'Abc'"), "'Abc'");
        assert_eq!(generic_default("10.00"), "10");
        assert_eq!(generic_default("(1) + (2)"), "(1) + (2)");
        assert_eq!(strip_casts("'x'::character varying"), "'x'");
        assert_eq!(strip_casts("'{}'::jsonb"), "'{}'");
        assert_eq!(strip_casts("'a'::\"Color\""), "'a'");
        assert_eq!(
            strip_casts("'2020-01-01 00:00:00'::timestamp without time zone"),
            "'2020-01-01 00:00:00'"
        );
        assert_eq!(strip_casts("now()"), "now()");
        assert_eq!(strip_casts("'a::b'::text"), "'a::b'");
        assert_eq!(strip_casts("(0)::numeric(10,2)"), "(0)");
    }
}
