//! The relative part of the target grammar: `+N`, `-N`, `SYM+N`,
//! `LABEL@+N`, `LABEL@SYM-N`, and walking N steps along the graph.

/// A parsed relative target: `[label@][symbol](+|-)N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relative<'a> {
    /// Text before the `@`, when the match used one.
    pub label: Option<&'a str>,
    /// Word before the sign (`head`, a revision id...).
    pub symbol: Option<&'a str>,
    /// The signed step text as written (`+2`, `-1`).
    pub relative: &'a str,
    /// The signed step count.
    pub steps: i64,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Matches `(\w+)?([+-]\d+)` at the start of `text` (trailing text is
/// ignored, as Python's `re.match` does).
fn match_symbol_and_steps(text: &str) -> Option<(Option<&str>, &str)> {
    let word_end = text.find(|c: char| !is_word(c)).unwrap_or(text.len());
    let (symbol, rest) = text.split_at(word_end);
    // A word made only of digits can still be read as a symbol; the sign
    // must follow directly.
    let mut chars = rest.char_indices();
    let (_, sign) = chars.next()?;
    if sign != '+' && sign != '-' {
        return None;
    }
    let digits_end = rest[1..]
        .find(|c: char| !c.is_ascii_digit())
        .map(|i| i + 1)
        .unwrap_or(rest.len());
    if digits_end == 1 {
        return None;
    }
    let symbol = if symbol.is_empty() {
        None
    } else {
        Some(symbol)
    };
    Some((symbol, &rest[..digits_end]))
}

/// Parses a relative target the way Alembic's pattern
/// `(?:(.+?)@)?(\w+)?((?:\+|-)\d+)` matches it, or `None` when the text is
/// not relative.
pub fn parse_relative(text: &str) -> Option<Relative<'_>> {
    let mut found = None;
    for (at, _) in text.match_indices('@') {
        if at == 0 || text[..at].contains('\n') {
            continue;
        }
        if let Some((symbol, relative)) = match_symbol_and_steps(&text[at + 1..]) {
            found = Some((Some(&text[..at]), symbol, relative));
            break;
        }
    }
    let (label, symbol, relative) = match found {
        Some(hit) => hit,
        None => {
            let (symbol, relative) = match_symbol_and_steps(text)?;
            (None, symbol, relative)
        }
    };
    let magnitude: i64 = relative[1..].parse().unwrap_or(i64::MAX);
    let steps = if relative.starts_with('-') {
        -magnitude
    } else {
        magnitude
    };
    Some(Relative {
        label,
        symbol,
        relative,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(Option<&str>, Option<&str>, i64)> {
        parse_relative(text).map(|r| (r.label, r.symbol, r.steps))
    }

    #[test]
    fn plain_and_symbolic() {
        assert_eq!(parts("+2"), Some((None, None, 2)));
        assert_eq!(parts("-1"), Some((None, None, -1)));
        assert_eq!(parts("head-1"), Some((None, Some("head"), -1)));
        assert_eq!(parts("ae10+3"), Some((None, Some("ae10"), 3)));
        assert_eq!(parts("lib@+1"), Some((Some("lib"), None, 1)));
        assert_eq!(parts("lib@head-2"), Some((Some("lib"), Some("head"), -2)));
    }

    #[test]
    fn not_relative() {
        assert_eq!(parts("head"), None);
        assert_eq!(parts("abc123"), None);
        assert_eq!(parts("lib@head"), None);
        assert_eq!(parts("+"), None);
        assert_eq!(parts(""), None);
    }

    #[test]
    fn trailing_text_is_ignored_like_re_match() {
        assert_eq!(parts("+1junk"), Some((None, None, 1)));
        assert_eq!(parts("a@b@-1"), Some((Some("a@b"), None, -1)));
    }

    #[test]
    fn huge_counts_saturate() {
        assert_eq!(
            parts("+99999999999999999999999").map(|p| p.2),
            Some(i64::MAX)
        );
    }
}
