//! Identifier quoting as SQLAlchemy's `IdentifierPreparer` does it.

/// True when SQLAlchemy would quote `ident`: a reserved word, mixed or upper
/// case, a character outside `[A-Za-z0-9_$]`, or a leading digit or `$`.
pub(crate) fn requires_quotes(ident: &str, reserved: &[&str]) -> bool {
    let lower = ident.to_lowercase();
    let Some(first) = ident.chars().next() else {
        return true;
    };
    reserved.binary_search(&lower.as_str()).is_ok()
        || first.is_ascii_digit()
        || first == '$'
        || !ident
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        || lower != ident
}

/// Quotes `ident` with `quote` (doubling embedded quotes) when required.
pub(crate) fn quote(ident: &str, reserved: &[&str], quote: char) -> String {
    if !requires_quotes(ident, reserved) {
        return ident.to_string();
    }
    let mut out = String::with_capacity(ident.len() + 2);
    out.push(quote);
    for c in ident.chars() {
        if c == quote {
            out.push(quote);
        }
        out.push(c);
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::reserved;

    #[test]
    fn lists_are_sorted() {
        for list in [
            reserved::SQLITE,
            reserved::POSTGRESQL,
            reserved::MYSQL,
            reserved::MARIADB,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn quotes_like_sqlalchemy() {
        let pg = reserved::POSTGRESQL;
        assert_eq!(quote("users", pg, '"'), "users");
        assert_eq!(quote("user", pg, '"'), "\"user\"");
        assert_eq!(quote("Members", pg, '"'), "\"Members\"");
        assert_eq!(quote("a b", pg, '"'), "\"a b\"");
        assert_eq!(quote("1a", pg, '"'), "\"1a\"");
        assert_eq!(quote("a\"b", pg, '"'), "\"a\"\"b\"");
        assert_eq!(quote("", pg, '"'), "\"\"");
        assert_eq!(quote("order", reserved::MYSQL, '`'), "`order`");
    }
}
