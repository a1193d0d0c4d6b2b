//! Python's `json.dumps(value)` with its defaults (`", "` and `": "`
//! separators, `ensure_ascii=True`), which SQLAlchemy's `JSON` type uses to
//! send dicts and lists to the database.

use super::pyfloat;
use super::value::Value;

/// The JSON text of `value`, or `None` when it holds something JSON cannot
/// encode (Python raises `TypeError` there).
pub(crate) fn dumps(value: &Value) -> Option<String> {
    let mut out = String::new();
    write(value, &mut out)?;
    Some(out)
}

fn write(value: &Value, out: &mut String) -> Option<()> {
    match value {
        Value::None => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&float(*f)),
        Value::Str(s) | Value::Conv(s) => string(s, out),
        Value::List(items) | Value::Tuple(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Value::Dict(items) => {
            out.push('{');
            for (i, (k, v)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                // Non-string keys become strings, as json.dumps converts them.
                let key = match k {
                    Value::Str(s) | Value::Conv(s) => s.clone(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => float(*f),
                    Value::Bool(true) => "true".into(),
                    Value::Bool(false) => "false".into(),
                    Value::None => "null".into(),
                    _ => return None,
                };
                string(&key, out);
                out.push_str(": ");
                write(v, out)?;
            }
            out.push('}');
        }
        _ => return None,
    }
    Some(())
}

fn float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        pyfloat::repr(f)
    }
}

/// A JSON string with every non-ASCII character as `\uXXXX` (surrogate
/// pairs beyond the BMP), as `ensure_ascii=True` writes it.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_json_dumps() {
        let v = Value::Dict(vec![
            (
                Value::Str("u".into()),
                Value::Str("\u{e9}'\"\n\u{1}\u{1d11e}".into()),
            ),
            (
                Value::Str("l".into()),
                Value::List(vec![
                    Value::Int(1),
                    Value::Float(2.5),
                    Value::None,
                    Value::Bool(true),
                    Value::Float(1e20),
                ]),
            ),
            (Value::Int(3), Value::Str("k".into())),
        ]);
        // Python: json.dumps({"u": "é'\"\n\x01𝄞", "l": [1, 2.5, None, True, 1e20], 3: "k"})
        assert_eq!(
            dumps(&v).as_deref(),
            Some(
                r#"{"u": "\u00e9'\"\n\u0001\ud834\udd1e", "l": [1, 2.5, null, true, 1e+20], "3": "k"}"#
            )
        );
        assert_eq!(dumps(&Value::Bind), None);
    }
}
