//! Python's hard keywords, which are not identifiers: a name the header
//! reader must not take for a binding, a `sa.func.<name>` the writer
//! cannot spell.

/// Whether `word` is one of Python's hard keywords, which are not
/// identifiers.
pub(crate) fn is_keyword(word: &str) -> bool {
    // Most identifiers are ruled out by their first letter or length.
    let starts_like_keyword = matches!(
        word.as_bytes().first(),
        Some(
            b'F' | b'N' | b'T' | b'a'
                ..=b'g' | b'i' | b'l' | b'n' | b'o' | b'p' | b'r' | b't' | b'w' | b'y'
        )
    );
    starts_like_keyword
        && word.len() <= 8
        && matches!(
            word,
            "False"
                | "None"
                | "True"
                | "and"
                | "as"
                | "assert"
                | "async"
                | "await"
                | "break"
                | "class"
                | "continue"
                | "def"
                | "del"
                | "elif"
                | "else"
                | "except"
                | "finally"
                | "for"
                | "from"
                | "global"
                | "if"
                | "import"
                | "in"
                | "is"
                | "lambda"
                | "nonlocal"
                | "not"
                | "or"
                | "pass"
                | "raise"
                | "return"
                | "try"
                | "while"
                | "with"
                | "yield"
        )
}
