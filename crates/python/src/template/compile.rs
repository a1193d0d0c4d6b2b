//! Turning tokens into a tree of nodes: control lines nest their bodies,
//! and every piece of Python (expressions, control line conditions, code
//! blocks) is parsed with ruff's parser. Offsets in the parsed trees map to
//! template offsets by adding a per-piece `delta`.

use std::ops::Range;
use std::path::Path;

use ruff_python_ast::{Expr, Stmt};
use ruff_python_parser::{parse_module, parse_parenthesized_expression_range, ParseError};
use ruff_text_size::{TextRange, TextSize};

use super::lexer::{tokenize, LexError, Token};
use super::TemplateError;
use crate::location::SourceLocation;

/// Python code parsed out of the template: node offsets plus `delta` are
/// template offsets.
#[derive(Debug)]
pub(crate) struct Located<T> {
    pub node: T,
    pub delta: isize,
}

/// `${...}`.
#[derive(Debug)]
pub(crate) struct ExprNode {
    pub code: Located<Expr>,
    /// The filter names in order (`n` included).
    pub filters: Vec<Filter>,
}

/// One name of a `${... | a, b}` filter list.
#[derive(Debug)]
pub(crate) struct Filter {
    pub name: String,
    pub range: Range<usize>,
}

/// `<% ... %>` / `<%! ... %>`.
#[derive(Debug)]
pub(crate) struct CodeBlock {
    pub statements: Vec<Stmt>,
    pub delta: isize,
}

/// One branch of an `% if` chain; `condition` is `None` for `% else`.
#[derive(Debug)]
pub(crate) struct Branch {
    pub condition: Option<Located<Expr>>,
    pub body: Vec<Node>,
}

#[derive(Debug)]
pub(crate) enum Node {
    Text(String),
    Expr(ExprNode),
    If(Vec<Branch>),
    For {
        target: Located<Expr>,
        iter: Located<Expr>,
        body: Vec<Node>,
        orelse: Vec<Node>,
    },
    Code(CodeBlock),
}

/// An open control block while building the tree.
enum Frame {
    If {
        branches: Vec<Branch>,
        body: Vec<Node>,
        condition: Option<Located<Expr>>,
        has_else: bool,
    },
    For {
        target: Located<Expr>,
        iter: Located<Expr>,
        body: Vec<Node>,
        orelse: Option<Vec<Node>>,
    },
}

impl Frame {
    fn keyword(&self) -> &'static str {
        match self {
            Frame::If { .. } => "if",
            Frame::For { .. } => "for",
        }
    }

    fn body(&mut self) -> &mut Vec<Node> {
        match self {
            Frame::If { body, .. } => body,
            Frame::For { body, orelse, .. } => orelse.as_mut().unwrap_or(body),
        }
    }

    fn finish(self) -> Node {
        match self {
            Frame::If {
                mut branches,
                body,
                condition,
                ..
            } => {
                branches.push(Branch { condition, body });
                Node::If(branches)
            }
            Frame::For {
                target,
                iter,
                body,
                orelse,
            } => Node::For {
                target,
                iter,
                body,
                orelse: orelse.unwrap_or_default(),
            },
        }
    }
}

struct Compiler<'a> {
    path: &'a Path,
    source: &'a str,
}

/// Build the node tree and the module blocks of a template.
pub(crate) fn compile(
    path: &Path,
    source: &str,
) -> Result<(Vec<Node>, Vec<CodeBlock>), TemplateError> {
    let compiler = Compiler { path, source };
    let tokens = tokenize(source).map_err(|e| compiler.lex_error(e))?;
    compiler.build(tokens)
}

impl Compiler<'_> {
    fn location(&self, range: Range<usize>) -> Box<SourceLocation> {
        Box::new(SourceLocation::new(
            self.path,
            self.source,
            range.start,
            range.end,
        ))
    }

    fn syntax(&self, range: Range<usize>, message: impl Into<String>) -> TemplateError {
        TemplateError::Syntax {
            location: self.location(range),
            message: message.into(),
        }
    }

    fn unsupported(&self, range: Range<usize>, construct: impl Into<String>) -> TemplateError {
        TemplateError::Unsupported {
            location: self.location(range),
            construct: construct.into(),
        }
    }

    fn lex_error(&self, error: LexError) -> TemplateError {
        if error.unsupported {
            self.unsupported(error.range, error.message)
        } else {
            self.syntax(error.range, error.message)
        }
    }

    /// A parser error in code that starts at template offset `delta` of a
    /// synthetic source; offsets past `limit` are clamped to it.
    fn python_error(&self, error: &ParseError, delta: isize, limit: usize) -> TemplateError {
        let map = |offset: TextSize| {
            let offset = offset_in_template(offset.to_usize(), delta);
            offset.min(limit)
        };
        let start = map(error.location.start());
        let end = map(error.location.end()).max(start);
        self.syntax(start..end, format!("invalid Python: {}", error.error))
    }

    fn build(&self, tokens: Vec<Token>) -> Result<(Vec<Node>, Vec<CodeBlock>), TemplateError> {
        let mut root = Vec::new();
        let mut module_blocks = Vec::new();
        let mut stack: Vec<(Frame, Range<usize>)> = Vec::new();

        for token in tokens {
            let node = match token {
                Token::Text(text) => Node::Text(text),
                Token::Expr {
                    start,
                    code,
                    filters,
                } => Node::Expr(self.expression(start, code, filters)?),
                Token::Code {
                    start,
                    code,
                    module,
                } => {
                    let block = self.code_block(start, code)?;
                    if module {
                        module_blocks.push(block);
                        continue;
                    }
                    Node::Code(block)
                }
                Token::Control {
                    keyword,
                    is_end,
                    text,
                } => {
                    let line = &self.source[text.clone()];
                    if is_end {
                        let Some((frame, _)) = stack.pop() else {
                            return Err(self.syntax(
                                text,
                                format!("no starting keyword '{keyword}' for '{line}'"),
                            ));
                        };
                        if frame.keyword() != keyword {
                            return Err(self.syntax(
                                text,
                                format!(
                                    "keyword '{line}' doesn't match keyword '{}'",
                                    frame.keyword()
                                ),
                            ));
                        }
                        frame.finish()
                    } else {
                        match keyword.as_str() {
                            "if" => {
                                let condition = self.condition(text.clone(), "if")?;
                                stack.push((
                                    Frame::If {
                                        branches: Vec::new(),
                                        body: Vec::new(),
                                        condition: Some(condition),
                                        has_else: false,
                                    },
                                    text,
                                ));
                            }
                            "for" => {
                                let (target, iter) = self.for_header(text.clone())?;
                                stack.push((
                                    Frame::For {
                                        target,
                                        iter,
                                        body: Vec::new(),
                                        orelse: None,
                                    },
                                    text,
                                ));
                            }
                            "elif" | "else" => self.ternary(&mut stack, &keyword, text)?,
                            "while" | "try" | "with" | "except" | "finally" => {
                                return Err(self
                                    .unsupported(text, format!("the `% {keyword}` control line")))
                            }
                            _ => {
                                return Err(
                                    self.unsupported(text, format!("the control line `% {line}`"))
                                )
                            }
                        }
                        continue;
                    }
                }
            };
            match stack.last_mut() {
                Some((frame, _)) => frame.body().push(node),
                None => root.push(node),
            }
        }
        if let Some((frame, range)) = stack.pop() {
            return Err(self.syntax(
                range,
                format!("unterminated control keyword: '{}'", frame.keyword()),
            ));
        }
        Ok((root, module_blocks))
    }

    /// `% elif cond:` / `% else:` inside the innermost control block.
    fn ternary(
        &self,
        stack: &mut [(Frame, Range<usize>)],
        keyword: &str,
        text: Range<usize>,
    ) -> Result<(), TemplateError> {
        let Some((frame, _)) = stack.last_mut() else {
            return Err(self.syntax(
                text,
                format!("'{keyword}' outside of an '% if' or '% for' block"),
            ));
        };
        let not_legal = |frame: &Frame| {
            self.syntax(
                text.clone(),
                format!(
                    "keyword '{keyword}' not a legal ternary for keyword '{}'",
                    frame.keyword()
                ),
            )
        };
        let condition = if keyword == "elif" {
            Some(self.condition(text.clone(), "elif")?)
        } else {
            self.check_else(text.clone())?;
            None
        };
        match frame {
            Frame::If {
                branches,
                body,
                condition: current,
                has_else,
            } => {
                if *has_else {
                    return Err(self.syntax(text, format!("'{keyword}' after '% else'")));
                }
                branches.push(Branch {
                    condition: current.take(),
                    body: std::mem::take(body),
                });
                *has_else = condition.is_none();
                *current = condition;
                Ok(())
            }
            Frame::For { orelse, .. } => {
                if keyword == "elif" || orelse.is_some() {
                    return Err(not_legal(frame));
                }
                *orelse = Some(Vec::new());
                Ok(())
            }
        }
    }

    /// The condition of `% if cond:` / `% elif cond:`.
    fn condition(&self, text: Range<usize>, keyword: &str) -> Result<Located<Expr>, TemplateError> {
        let line = &self.source[text.clone()];
        // `elif` becomes `if  ` (same length, so offsets are kept).
        let synthetic = match keyword {
            "elif" => format!("if  {}\n pass\n", &line[4..]),
            _ => format!("{line}\n pass\n"),
        };
        let delta = to_isize(text.start);
        let statement = self.single_statement(&synthetic, delta, text.end)?;
        match statement {
            Stmt::If(stmt_if) if stmt_if.elif_else_clauses.is_empty() => Ok(Located {
                node: *stmt_if.test,
                delta,
            }),
            _ => Err(self.syntax(text, format!("invalid '% {keyword}' control line"))),
        }
    }

    /// `% for target in iterable:`.
    fn for_header(
        &self,
        text: Range<usize>,
    ) -> Result<(Located<Expr>, Located<Expr>), TemplateError> {
        let synthetic = format!("{}\n pass\n", &self.source[text.clone()]);
        let delta = to_isize(text.start);
        match self.single_statement(&synthetic, delta, text.end)? {
            Stmt::For(stmt_for) if !stmt_for.is_async && stmt_for.orelse.is_empty() => Ok((
                Located {
                    node: *stmt_for.target,
                    delta,
                },
                Located {
                    node: *stmt_for.iter,
                    delta,
                },
            )),
            _ => Err(self.syntax(text, "invalid '% for' control line")),
        }
    }

    /// `% else:` allows only a trailing comment.
    fn check_else(&self, text: Range<usize>) -> Result<(), TemplateError> {
        let line = &self.source[text.clone()];
        let after = line["else".len()..].trim_start_matches([' ', '\t']);
        let ok = after
            .strip_prefix(':')
            .map(|rest| rest.trim_start_matches([' ', '\t']))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'));
        if ok {
            Ok(())
        } else {
            Err(self.syntax(text, "expected '% else:'"))
        }
    }

    fn single_statement(
        &self,
        synthetic: &str,
        delta: isize,
        limit: usize,
    ) -> Result<Stmt, TemplateError> {
        let parsed = parse_module(synthetic).map_err(|e| self.python_error(&e, delta, limit))?;
        let mut body = parsed.into_syntax().body;
        if body.len() != 1 {
            let start = usize::try_from(delta).unwrap_or(0);
            return Err(self.syntax(start..limit, "expected a single control statement"));
        }
        Ok(body.remove(0))
    }

    fn expression(
        &self,
        start: usize,
        code: Range<usize>,
        filters: Option<Range<usize>>,
    ) -> Result<ExprNode, TemplateError> {
        if self.source[code.clone()].trim().is_empty() {
            return Err(self.syntax(start..code.end + 1, "empty expression"));
        }
        let range = TextRange::new(text_size(code.start), text_size(code.end));
        let parsed = parse_parenthesized_expression_range(self.source, range)
            .map_err(|e| self.python_error(&e, 0, code.end))?;
        let filters = match filters {
            Some(range) => self.filters(range)?,
            None => Vec::new(),
        };
        Ok(ExprNode {
            code: Located {
                node: *parsed.into_syntax().body,
                delta: 0,
            },
            filters,
        })
    }

    /// `a, b` of `${x | a, b}`: plain or dotted names separated by commas.
    fn filters(&self, range: Range<usize>) -> Result<Vec<Filter>, TemplateError> {
        let text = &self.source[range.clone()];
        let mut filters = Vec::new();
        let mut offset = range.start;
        for part in text.split(',') {
            let leading = part.len() - part.trim_start().len();
            let name = part.trim();
            let part_range = offset + leading..offset + leading + name.len();
            offset += part.len() + 1;
            if name.is_empty() {
                continue;
            }
            let is_name = name
                .split('.')
                .all(|seg| !seg.is_empty() && seg.chars().all(|c| c == '_' || c.is_alphanumeric()));
            if !is_name {
                return Err(self.unsupported(part_range, format!("the filter expression `{name}`")));
            }
            filters.push(Filter {
                name: name.to_string(),
                range: part_range,
            });
        }
        Ok(filters)
    }

    /// `<% ... %>`: the statements, parsed in an `if 1:` wrapper when the
    /// block's code is indented (as it usually is).
    fn code_block(&self, start: usize, code: Range<usize>) -> Result<CodeBlock, TemplateError> {
        let text = &self.source[code.clone()];
        let indented = text
            .lines()
            .find(|line| !line.trim().is_empty())
            .is_some_and(|line| line.starts_with([' ', '\t']));
        const WRAPPER: &str = "if 1:\n";
        let (synthetic, delta) = if indented {
            (
                format!("{WRAPPER}{text}\n"),
                to_isize(code.start) - to_isize(WRAPPER.len()),
            )
        } else {
            (format!("{text}\n"), to_isize(code.start))
        };
        let parsed =
            parse_module(&synthetic).map_err(|e| self.python_error(&e, delta, code.end))?;
        let mut statements: Vec<Stmt> = parsed.into_syntax().body.into_iter().collect();
        if indented {
            match statements.pop() {
                Some(Stmt::If(wrapper)) if statements.is_empty() => {
                    statements = wrapper.body.into_iter().collect();
                }
                _ => {
                    return Err(self.syntax(start..code.end, "unexpected indentation in code block"))
                }
            }
        }
        Ok(CodeBlock { statements, delta })
    }
}

/// Template offset of a synthetic-source offset.
pub(crate) fn offset_in_template(offset: usize, delta: isize) -> usize {
    usize::try_from(to_isize(offset).saturating_add(delta)).unwrap_or(0)
}

fn to_isize(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

fn text_size(n: usize) -> TextSize {
    TextSize::new(u32::try_from(n).unwrap_or(u32::MAX))
}
