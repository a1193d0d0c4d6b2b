//! Python's `text % mapping`, as Alembic applies it to every string in
//! `[tool.alembic]` with `{"here": <directory of pyproject.toml>}`:
//! `%(name)s` is replaced and `%%` becomes `%`.
//!
//! Python accepts more (`%(here)r`, widths, ...), none of which makes sense
//! in a path or a file template; those are reported as errors here instead
//! of being half-supported.

/// Formats `template` with `args`; the error says what is wrong.
pub(crate) fn percent_format(template: &str, args: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(p) = rest.find('%') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        if let Some(tail) = after.strip_prefix('%') {
            out.push('%');
            rest = tail;
            continue;
        }
        let Some(inner) = after.strip_prefix('(') else {
            return Err(match after.chars().next() {
                None => "the text ends with a lone '%'".to_string(),
                Some(c) => format!("'%{c}' is not a substitution (use %(here)s)"),
            });
        };
        let Some(close) = inner.find(')') else {
            return Err("a '%(' has no closing ')'".to_string());
        };
        let name = &inner[..close];
        let tail = &inner[close + 1..];
        let Some(tail) = tail.strip_prefix('s') else {
            return Err(format!("only the 's' format is supported after %({name})"));
        };
        let Some((_, value)) = args.iter().find(|(key, _)| *key == name) else {
            let known: Vec<String> = args.iter().map(|(k, _)| format!("%({k})s")).collect();
            return Err(format!(
                "%({name})s is unknown (known: {})",
                known.join(", ")
            ));
        };
        out.push_str(value);
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HERE: &[(&str, &str)] = &[("here", "/p")];

    #[test]
    fn substitutes_here_and_escapes() {
        assert_eq!(
            percent_format("%(here)s/alembic", HERE).unwrap(),
            "/p/alembic"
        );
        assert_eq!(
            percent_format("%%(rev)s_%%(slug)s", HERE).unwrap(),
            "%(rev)s_%(slug)s"
        );
        assert_eq!(percent_format("plain", HERE).unwrap(), "plain");
        assert_eq!(percent_format("", HERE).unwrap(), "");
    }

    #[test]
    fn rejects_what_python_would_reject_or_misuse() {
        assert!(percent_format("50%", HERE)
            .unwrap_err()
            .contains("lone '%'"));
        assert!(percent_format("%s", HERE).unwrap_err().contains("'%s'"));
        assert!(percent_format("%(here", HERE)
            .unwrap_err()
            .contains("no closing"));
        assert!(percent_format("%(there)s", HERE)
            .unwrap_err()
            .contains("%(there)s is unknown"));
        assert!(percent_format("%(here)d", HERE)
            .unwrap_err()
            .contains("'s' format"));
        assert!(percent_format("%(here)", HERE).is_err());
        assert!(percent_format("é%", HERE).is_err());
    }
}
