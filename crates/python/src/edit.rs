//! Finding statements of a revision's functions by the place the body
//! evaluator reports for their operations, so that a tool can rewrite one
//! statement (or insert before the first) and leave every other byte of
//! the file as the author wrote it.

use ruff_python_ast::{Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

/// A statement's bytes in the file and the indentation of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementSpan {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just after its last character.
    pub end: usize,
    /// The whitespace before it on its line.
    pub indent: String,
}

/// The expression statement of `function` (nested blocks included) that
/// starts at `line`:`column` (1-based, column in characters), as the body
/// evaluator locates an operation. `None` when the file does not parse or
/// no statement starts there.
pub fn statement_at(
    source: &str,
    function: &str,
    line: usize,
    column: usize,
) -> Option<StatementSpan> {
    let offset = offset_of(source, line, column)?;
    let module = ruff_python_parser::parse_module(source).ok()?.into_syntax();
    let def = find_function(&module.body, function)?;
    let stmt = find_statement(&def.body, offset)?;
    Some(span(
        source,
        stmt.range().start().to_usize(),
        stmt.range().end().to_usize(),
    ))
}

/// The first statement of `function`'s body (where statements that must
/// run first are inserted).
pub fn first_statement(source: &str, function: &str) -> Option<StatementSpan> {
    let module = ruff_python_parser::parse_module(source).ok()?.into_syntax();
    let def = find_function(&module.body, function)?;
    let first = def.body.first()?;
    Some(span(
        source,
        first.range().start().to_usize(),
        first.range().end().to_usize(),
    ))
}

fn span(source: &str, start: usize, end: usize) -> StatementSpan {
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    StatementSpan {
        start,
        end,
        indent: source[line_start..start]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect(),
    }
}

fn offset_of(source: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    let rest = &source[line_start..];
    let within = rest
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map(|(i, _)| i)?;
    Some(line_start + within)
}

fn find_function<'a>(body: &'a [Stmt], name: &str) -> Option<&'a StmtFunctionDef> {
    body.iter().rev().find_map(|s| match s {
        Stmt::FunctionDef(f) if f.name.as_str() == name => Some(f),
        _ => None,
    })
}

fn find_statement(body: &[Stmt], offset: usize) -> Option<&Stmt> {
    for stmt in body {
        let range = stmt.range();
        if range.start().to_usize() == offset && matches!(stmt, Stmt::Expr(_)) {
            return Some(stmt);
        }
        if range.start().to_usize() <= offset && offset < range.end().to_usize() {
            let nested: Vec<&[Stmt]> = match stmt {
                Stmt::With(w) => vec![&w.body],
                Stmt::If(i) => std::iter::once(&i.body[..])
                    .chain(i.elif_else_clauses.iter().map(|c| &c.body[..]))
                    .collect(),
                Stmt::For(f) => vec![&f.body, &f.orelse],
                Stmt::While(w) => vec![&w.body, &w.orelse],
                Stmt::Try(t) => vec![&t.body, &t.orelse, &t.finalbody],
                _ => Vec::new(),
            };
            return nested.into_iter().find_map(|b| find_statement(b, offset));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "def upgrade():\n    # ### commands ###\n    op.add_column('t', sa.Column('c', sa.Integer(), nullable=False))\n    if op.get_bind().dialect.name == 'postgresql':\n        op.create_index('ix', 't', ['c'])\n\n\ndef downgrade():\n    op.drop_column('t', 'c')\n";

    #[test]
    fn statements_are_found_where_the_evaluator_puts_their_operations() {
        let add = statement_at(FILE, "upgrade", 3, 5).unwrap();
        assert_eq!(
            &FILE[add.start..add.end],
            "op.add_column('t', sa.Column('c', sa.Integer(), nullable=False))"
        );
        assert_eq!(add.indent, "    ");
        let index = statement_at(FILE, "upgrade", 5, 9).unwrap();
        assert_eq!(
            &FILE[index.start..index.end],
            "op.create_index('ix', 't', ['c'])"
        );
        assert_eq!(index.indent, "        ");
        assert_eq!(statement_at(FILE, "upgrade", 3, 6), None);
        assert_eq!(statement_at(FILE, "downgrade", 3, 5), None);
        let first = first_statement(FILE, "downgrade").unwrap();
        assert_eq!(&FILE[first.start..first.end], "op.drop_column('t', 'c')");
    }
}
