//! Mako's built-in expression filters and Alembic's `comma`.

use super::value::Value;

/// `h` (`markupsafe.escape`) and `x` (`mako.filters.xml_escape`): both
/// replace `& < > " '` with `&amp; &lt; &gt; &#34; &#39;`.
pub(crate) fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `u` (`urllib.parse.quote_plus` of the UTF-8 bytes).
pub(crate) fn url_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Alembic's `util.format_as_comma`: `None` → `""`, a string → itself, a
/// sequence of strings → `", "`-joined. `Err` carries Python's message.
pub(crate) fn format_as_comma(value: &Value) -> Result<String, String> {
    match value {
        Value::None => Ok(String::new()),
        Value::Str(s) => Ok(s.clone()),
        Value::Tuple(items) | Value::List(items) => join(", ", items),
        other => Err(format!("Don't know how to comma-format {}", other.repr())),
    }
}

/// `sep.join(items)`: every item must be a `str`.
pub(crate) fn join(separator: &str, items: &[Value]) -> Result<String, String> {
    let mut parts = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Str(s) => parts.push(s.as_str()),
            other => {
                return Err(format!(
                    "sequence item {i}: expected str instance, {} found",
                    other.type_name()
                ))
            }
        }
    }
    Ok(parts.join(separator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_match_mako() {
        // markupsafe.escape / mako.filters.xml_escape / url_escape outputs.
        assert_eq!(
            html_escape("<a & 'b' \"c\">"),
            "&lt;a &amp; &#39;b&#39; &#34;c&#34;&gt;"
        );
        assert_eq!(url_escape("a b/é~_.-"), "a+b%2F%C3%A9~_.-");
    }

    #[test]
    fn comma_formats_like_alembic() {
        assert_eq!(format_as_comma(&Value::None).unwrap(), "");
        assert_eq!(format_as_comma(&Value::str("ab")).unwrap(), "ab");
        assert_eq!(
            format_as_comma(&Value::str_tuple(&["a", "b"])).unwrap(),
            "a, b"
        );
        assert_eq!(format_as_comma(&Value::List(vec![])).unwrap(), "");
        assert_eq!(
            format_as_comma(&Value::Int(3)).unwrap_err(),
            "Don't know how to comma-format 3"
        );
        assert_eq!(
            format_as_comma(&Value::Tuple(vec![Value::None])).unwrap_err(),
            "sequence item 0: expected str instance, NoneType found"
        );
    }
}
