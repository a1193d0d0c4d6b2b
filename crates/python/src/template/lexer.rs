//! Splitting a Mako template into text, `${...}` expressions, `%` control
//! lines and `<% %>` code blocks, following Mako's lexer rule by rule (the
//! order in which it tries them, and what each consumes), so that the
//! whitespace of the output is Mako's.
//!
//! - `##` lines and `<%doc>...</%doc>` are dropped, their line break with
//!   them for `##` lines;
//! - `%` lines (optional leading spaces or tabs) are control lines; they
//!   consume their line break; `%%` at the start of a line is a literal `%`;
//! - a backslash before a line break removes both (in text);
//! - `<%text>...</%text>` is copied as is;
//! - other `<%tag>`s (`def`, `block`, `include`, `inherit`, `namespace`,
//!   `page`, ...) are not supported.

use std::ops::Range;

/// One lexical unit of a template. Ranges are byte ranges of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// Literal output.
    Text(String),
    /// `${code | filters}`; `start` is the offset of `${`.
    Expr {
        start: usize,
        code: Range<usize>,
        filters: Option<Range<usize>>,
    },
    /// A `%` control line; `text` starts at the keyword.
    Control {
        keyword: String,
        is_end: bool,
        text: Range<usize>,
    },
    /// `<% code %>` or, with `module`, `<%! code %>`; `start` is the offset
    /// of `<%`.
    Code {
        start: usize,
        code: Range<usize>,
        module: bool,
    },
}

/// A template syntax error at a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub range: Range<usize>,
    pub message: String,
    /// Whether the construct is valid Mako that aludel does not support.
    pub unsupported: bool,
}

impl LexError {
    fn syntax(range: Range<usize>, message: impl Into<String>) -> Self {
        LexError {
            range,
            message: message.into(),
            unsupported: false,
        }
    }
}

/// Tokenize `src`.
pub(crate) fn tokenize(src: &str) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.skip_coding_comment();
    lexer.run()?;
    Ok(lexer.tokens)
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    tokens: Vec<Token>,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.src.as_bytes().get(self.pos - 1) == Some(&b'\n')
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Token::Text(last)) = self.tokens.last_mut() {
            last.push_str(text);
        } else {
            self.tokens.push(Token::Text(text.to_string()));
        }
    }

    /// Mako skips a first line of the form `# ... coding: name ...`.
    fn skip_coding_comment(&mut self) {
        let Some(line_end) = self.src.find('\n') else {
            return;
        };
        let line = &self.src[..line_end];
        if line.starts_with('#') {
            if let Some(at) = line.find("coding") {
                let after = &line[at + "coding".len()..];
                if let Some(name) = after.strip_prefix([':', '=']) {
                    let name = name.trim_start();
                    if name
                        .starts_with(|c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    {
                        self.pos = line_end + 1;
                    }
                }
            }
        }
    }

    fn run(&mut self) -> Result<(), LexError> {
        while self.pos < self.src.len() {
            let rest = self.rest();
            if rest.starts_with("${") {
                self.expression()?;
            } else if self.at_line_start() && self.control_line()? {
            } else if rest.starts_with("<%doc>") {
                self.doc_comment()?;
            } else if self.tag()? {
            } else if rest.starts_with("</%") {
                return Err(LexError::syntax(
                    self.pos..self.pos + 3,
                    "closing tag without opening tag",
                ));
            } else if rest.starts_with("<%") {
                self.code_block()?;
            } else if self.at_line_start() && self.percent_escape() {
            } else {
                self.text()?;
            }
        }
        Ok(())
    }

    /// `${ code }` or `${ code | filters }`.
    fn expression(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        self.pos += 2;
        let (code, end) = self.until(true, &["|", "}"], start)?;
        let filters = if end == "|" {
            let (filters, _) = self.until(true, &["}"], start)?;
            Some(filters)
        } else {
            None
        };
        self.tokens.push(Token::Expr {
            start,
            code,
            filters,
        });
        Ok(())
    }

    /// Mako's `parse_until_text`: scan Python code up to one of `terms`,
    /// skipping string literals and comments and, with `watch_nesting`,
    /// terms inside brackets. Returns the code range and the term found.
    fn until(
        &mut self,
        watch_nesting: bool,
        terms: &[&'static str],
        construct_start: usize,
    ) -> Result<(Range<usize>, &'static str), LexError> {
        let start = self.pos;
        let mut depth: i64 = 0;
        let unterminated = || {
            LexError::syntax(
                construct_start..construct_start + 2,
                format!(
                    "expected {}; unterminated tag or expression beginning here",
                    terms.join(" or ")
                ),
            )
        };
        loop {
            let rest = self.rest();
            if rest.starts_with('#') {
                if let Some(newline) = rest.find('\n') {
                    self.pos += newline + 1;
                    continue;
                }
            }
            if let Some(len) = string_literal_len(rest) {
                self.pos += len;
                continue;
            }
            if let Some(term) = terms.iter().find(|t| rest.starts_with(**t)) {
                let end = self.pos;
                self.pos += term.len();
                if !watch_nesting || depth <= 0 {
                    return Ok((start..end, term));
                }
                depth += bracket_delta(term);
                continue;
            }
            let next = rest
                .char_indices()
                .find(|(i, c)| {
                    matches!(c, '"' | '\'' | '#') || terms.iter().any(|t| rest[*i..].starts_with(t))
                })
                .map(|(i, _)| i);
            match next {
                Some(0) | None => return Err(unterminated()),
                Some(len) => {
                    depth += bracket_delta(&rest[..len]);
                    self.pos += len;
                }
            }
        }
    }

    /// A `%` control line or a `##` comment line, at a line start.
    fn control_line(&mut self) -> Result<bool, LexError> {
        let rest = self.rest();
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after_indent = &rest[indent..];
        let (is_comment, marker_len) = if after_indent.starts_with("##") {
            (true, 2)
        } else if after_indent.starts_with('%') && !after_indent.starts_with("%%") {
            (false, 1)
        } else {
            return Ok(false);
        };
        let body = &after_indent[marker_len..];
        let body_indent = body.len() - body.trim_start_matches([' ', '\t']).len();
        let text_start = self.pos + indent + marker_len + body_indent;
        // The text runs to the end of the line; a backslash-newline
        // continues it on the next line.
        let bytes = self.src.as_bytes();
        let mut i = text_start;
        loop {
            match bytes.get(i) {
                None => break,
                Some(b'\\') if bytes.get(i + 1) == Some(&b'\n') => i += 2,
                Some(b'\\')
                    if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') =>
                {
                    i += 3
                }
                Some(b'\n') => break,
                Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => break,
                Some(_) => i += 1,
            }
        }
        let text_end = i;
        let line_end = if bytes.get(i) == Some(&b'\r') {
            i + 2
        } else if bytes.get(i) == Some(&b'\n') {
            i + 1
        } else {
            i
        };
        self.pos = line_end;
        if is_comment {
            return Ok(true);
        }
        let text = &self.src[text_start..text_end];
        let (is_end, word_start) = match text.strip_prefix("end") {
            Some(after) if after.starts_with(is_word) => (true, 3),
            _ => (false, 0),
        };
        let word: String = text[word_start..]
            .chars()
            .take_while(|c| is_word(*c))
            .collect();
        if word.is_empty() {
            return Err(LexError::syntax(
                text_start..text_end,
                format!("invalid control line: '{text}'"),
            ));
        }
        self.tokens.push(Token::Control {
            keyword: word,
            is_end,
            text: text_start..text_end,
        });
        Ok(true)
    }

    fn doc_comment(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        match self.rest().find("</%doc>") {
            Some(end) => {
                self.pos += end + "</%doc>".len();
                Ok(())
            }
            None => Err(LexError::syntax(start..start + 6, "unclosed tag: <%doc>")),
        }
    }

    /// `<%keyword attrs>` or `<%keyword attrs/>`: `<%text>` is supported,
    /// other tags are reported. Returns false when this is not a tag.
    fn tag(&mut self) -> Result<bool, LexError> {
        let start = self.pos;
        let Some(after) = self.rest().strip_prefix("<%") else {
            return Ok(false);
        };
        let keyword_len = after
            .char_indices()
            .find(|(_, c)| !(is_word(*c) || matches!(c, '.' | ':')))
            .map_or(after.len(), |(i, _)| i);
        if keyword_len == 0 {
            return Ok(false);
        }
        let keyword = &after[..keyword_len];
        let Some(attrs_len) = tag_attributes_len(&after[keyword_len..]) else {
            return Ok(false);
        };
        let close = &after[keyword_len + attrs_len..];
        let (self_closing, close_len) = if close.starts_with("/>") {
            (true, 2)
        } else if close.starts_with('>') {
            (false, 1)
        } else {
            return Ok(false);
        };
        let tag_end = start + 2 + keyword_len + attrs_len + close_len;
        let attrs = after[keyword_len..keyword_len + attrs_len].trim();
        if keyword != "text" || !attrs.is_empty() {
            return Err(LexError {
                range: start..tag_end,
                message: format!("the <%{keyword}> tag"),
                unsupported: true,
            });
        }
        self.pos = tag_end;
        if self_closing {
            return Ok(true);
        }
        let Some(content_len) = self.rest().find("</%text>") else {
            return Err(LexError::syntax(start..tag_end, "unclosed tag: <%text>"));
        };
        let content = &self.src[self.pos..self.pos + content_len];
        self.push_text(content);
        self.pos += content_len + "</%text>".len();
        Ok(true)
    }

    /// `<% code %>` / `<%! code %>`.
    fn code_block(&mut self) -> Result<(), LexError> {
        let start = self.pos;
        let module = self.rest().starts_with("<%!");
        self.pos += if module { 3 } else { 2 };
        let (code, _) = self.until(false, &["%>"], start)?;
        self.tokens.push(Token::Code {
            start,
            code,
            module,
        });
        Ok(())
    }

    /// `%%` at a line start (after any whitespace) is a literal `%`.
    fn percent_escape(&mut self) -> bool {
        let rest = self.rest();
        let ws = rest.len() - rest.trim_start().len();
        let after = &rest[ws..];
        if !after.starts_with("%%") {
            return false;
        }
        let extra = after[2..].len() - after[2..].trim_start_matches('%').len();
        let text = format!("{}%{}", &rest[..ws], &after[2..2 + extra]);
        self.pos += ws + 2 + extra;
        self.push_text(&text);
        true
    }

    /// Literal text up to the next construct.
    fn text(&mut self) -> Result<(), LexError> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'$' if bytes.get(i + 1) == Some(&b'{') => break,
                b'<' if rest[i..].starts_with("<%") || rest[i..].starts_with("</%") => break,
                b'\\' if rest[i + 1..].starts_with('\n') || rest[i + 1..].starts_with("\r\n") => {
                    let newline = if bytes[i + 1] == b'\r' { 2 } else { 1 };
                    self.push_text(&rest[..i]);
                    self.pos += i + 1 + newline;
                    return Ok(());
                }
                b'\n' => {
                    i += 1;
                    let line = &rest[i..];
                    let stripped = line.trim_start_matches([' ', '\t']);
                    if stripped.starts_with('%') || stripped.starts_with("##") {
                        break;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if i == 0 {
            // Mako would loop forever here (e.g. `</%` that is no tag).
            return Err(LexError::syntax(self.pos..self.pos + 1, "unexpected text"));
        }
        self.push_text(&rest[..i]);
        self.pos += i;
        Ok(())
    }
}

fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// `{ ( [` minus `} ) ]` in `text`.
fn bracket_delta(text: &str) -> i64 {
    text.bytes()
        .map(|b| match b {
            b'{' | b'(' | b'[' => 1,
            b'}' | b')' | b']' => -1,
            _ => 0,
        })
        .sum()
}

/// The length of the Python string literal (without prefix) that `text`
/// starts with, as Mako's lexer recognizes it: from an opening quote to the
/// same quote, backslash escapes skipped.
fn string_literal_len(text: &str) -> Option<usize> {
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| text.starts_with(q))?;
    let bytes = text.as_bytes();
    let mut i = quote.len();
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        // Byte comparison: `i` may be inside a multi-byte character, and an
        // ASCII quote byte never is.
        if bytes[i..].starts_with(quote.as_bytes()) {
            return Some(i + quote.len());
        }
        i += 1;
    }
    None
}

/// The length of a tag's attribute list (`name="value"` pairs, in Mako's
/// permissive form), or `None` when the text cannot be one.
fn tag_attributes_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        match bytes.get(i) {
            Some(b'"') | Some(b'\'') => {
                let quote = bytes[i];
                let close = text[i + 1..].find(quote as char)?;
                i += close + 2;
            }
            Some(b) if b.is_ascii_whitespace() || *b == b'=' || *b == b',' => i += 1,
            Some(_) => {
                let c = text[i..].chars().next()?;
                if is_word(c) {
                    i += c.len_utf8();
                } else {
                    return Some(i);
                }
            }
            None => return Some(i),
        }
    }
}

#[cfg(test)]
mod tests;
