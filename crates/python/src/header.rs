//! Reading the header of a revision file: the module docstring and the
//! `revision`, `down_revision`, `branch_labels` and `depends_on` variables.
//!
//! Alembic imports each revision file and reads these module attributes.
//! aludel parses the file instead and follows module execution for the
//! forms a revision file uses: plain or annotated assignments of literals at
//! module level, the last one winning. Anything that would need running
//! Python to know the value is an error that points at the place.
//!
//! Only the part of the file before the first column-0 `def`, `class`,
//! `async` or decorator line is parsed when that part is valid on its own
//! and the rest of the file never mentions a header name; otherwise the
//! whole file is parsed. The answer is the same either way, except that a
//! syntax error inside `upgrade()`/`downgrade()` is left for the body reader
//! to report. Within that part, one-line imports and the annotations of
//! the header assignments are blanked out before parsing when a small
//! grammar proves them valid (they cannot change the header).

use std::path::Path;
use std::sync::LazyLock;

use aludel_core::Revision;
use memchr::memmem::Finder;
use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_python_parser::parse_module;
use ruff_text_size::{Ranged, TextRange};

mod blanking;

use crate::location::SourceLocation;
use crate::pystr;
use crate::revision_file_error::RevisionFileError;

/// The four header variables Alembic reads from a revision module.
const HEADER_NAMES: [&str; 4] = ["revision", "down_revision", "branch_labels", "depends_on"];

/// What to write instead of a non-literal value, per variable.
const EXPECTED_ID: &str = "a string literal such as 'ae1027a6acf'";
const EXPECTED_IDS: &str =
    "None, a string literal such as 'ae1027a6acf', or a tuple of string literals such as ('ae1027a6acf', '27c6a30d7c24')";

/// How much of the file to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParseExtent {
    /// Parse only the module prefix that can hold the header when that is
    /// enough to know the answer (the default, used for listing revisions).
    #[default]
    HeaderOnly,
    /// Always parse the whole file, so that any syntax error is reported.
    WholeFile,
}

/// Read a revision file's header from its source text.
///
/// `path` is stored in [`Revision::path`] and used in error messages; it
/// should be the absolute path of the file. A leading UTF-8 byte order mark
/// is ignored and line breaks are normalized to `\n`, as Python does.
pub fn read_revision(path: &Path, source: &str) -> Result<Revision, RevisionFileError> {
    read_revision_with(path, source, ParseExtent::HeaderOnly)
}

/// [`read_revision`] with an explicit [`ParseExtent`].
pub fn read_revision_with(
    path: &Path,
    source: &str,
    extent: ParseExtent,
) -> Result<Revision, RevisionFileError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // Python reads source with universal newlines: `\r\n` and `\r` are `\n`
    // in string values (the docstring) and in positions.
    let normalized;
    let source = if memchr::memchr(b'\r', source.as_bytes()).is_some() {
        normalized = source.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        source
    };
    let module = parse_for_header(path, source, extent)?;
    let header = collect_header(path, source, &module)?;

    let id = match header.revision {
        Some(id) => id,
        None => legacy_revision_id(path)?,
    };
    let Some(down_revisions) = header.down_revision else {
        return Err(RevisionFileError::MissingDownRevision {
            path: path.to_path_buf(),
        });
    };
    Ok(Revision {
        id,
        down_revisions,
        branch_labels: header.branch_labels.unwrap_or_default(),
        depends_on: header.depends_on.unwrap_or_default(),
        longdoc: module_docstring(&module)
            .map(|doc| pystr::strip(doc).to_string())
            .unwrap_or_default(),
        path: path.to_string_lossy().into_owned(),
    })
}

/// Parse as little of `source` as gives the same header as a full parse.
fn parse_for_header(
    path: &Path,
    source: &str,
    extent: ParseExtent,
) -> Result<ModModule, RevisionFileError> {
    if extent == ParseExtent::HeaderOnly {
        let cut = header_prefix_end(source);
        if cut == source.len() || !mentions_header_name(&source[cut..]) {
            let prefix = &source[..cut];
            if let Some(module) = parse_blanked(prefix) {
                return Ok(module);
            }
            if cut < source.len() {
                if let Ok(parsed) = parse_module(prefix) {
                    return Ok(parsed.into_syntax());
                }
            }
        }
    }
    match parse_module(source) {
        Ok(parsed) => Ok(parsed.into_syntax()),
        Err(error) => {
            let range = error.location;
            Err(RevisionFileError::Syntax {
                location: Box::new(locate(path, source, range)),
                message: error.error.to_string(),
            })
        }
    }
}

/// Parse `prefix` with its imports and header annotations blanked (see
/// [`blanking`]); `None` when there is nothing to blank or the result does
/// not verify.
fn parse_blanked(prefix: &str) -> Option<ModModule> {
    let (text, blanked) = blanking::blank(prefix)?;
    let module = parse_module(&text).ok()?.into_syntax();
    blanking::verify(&module, &blanked).then_some(module)
}

/// Byte offset of the first line that starts, at column 0, a function or
/// class definition or a decorator; the length of `source` if there is none.
fn header_prefix_end(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut line_start = 0;
    loop {
        let line = &bytes[line_start..];
        if starts_definition(line) {
            return line_start;
        }
        match memchr::memchr(b'\n', line) {
            Some(i) => line_start += i + 1,
            None => return source.len(),
        }
    }
}

fn starts_definition(line: &[u8]) -> bool {
    if line.first() == Some(&b'@') {
        return true;
    }
    ["def", "class", "async"].iter().any(|keyword| {
        line.starts_with(keyword.as_bytes())
            && matches!(line.get(keyword.len()), Some(b' ' | b'\t'))
    })
}

/// Whether `text` contains any header variable name (a cheap, conservative
/// test: a hit only means the whole file gets parsed).
fn mentions_header_name(text: &str) -> bool {
    // "revision" also covers "down_revision".
    static FINDERS: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
        [
            Finder::new("revision"),
            Finder::new("branch_labels"),
            Finder::new("depends_on"),
        ]
    });
    let bytes = text.as_bytes();
    FINDERS.iter().any(|finder| finder.find(bytes).is_some())
}

/// The header variables as the module leaves them, `None` when unbound.
#[derive(Default)]
struct Header {
    revision: Option<String>,
    down_revision: Option<Vec<String>>,
    branch_labels: Option<Vec<String>>,
    depends_on: Option<Vec<String>>,
}

/// A header variable's literal value.
enum HeaderValue {
    None,
    Str(String),
    Seq(Vec<String>),
}

impl HeaderValue {
    /// Alembic's `util.to_tuple(value, default=())`.
    fn into_ids(self) -> Vec<String> {
        match self {
            HeaderValue::None => Vec::new(),
            HeaderValue::Str(s) => vec![s],
            HeaderValue::Seq(v) => v,
        }
    }
}

fn collect_header(
    path: &Path,
    source: &str,
    module: &ModModule,
) -> Result<Header, RevisionFileError> {
    let mut header = Header::default();
    for stmt in &module.body {
        match stmt {
            Stmt::Assign(assign) => {
                for target in &assign.targets {
                    if let Some(name) = header_name_of(target) {
                        let value = literal_value(path, source, name, &assign.value)?;
                        header.set(path, source, name, value, &assign.value)?;
                    } else if let Some((name, range)) = bound_header_name(target) {
                        return Err(unsupported(
                            path,
                            source,
                            name,
                            range,
                            "an unpacking assignment",
                        ));
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let (Some(name), Some(value)) = (header_name_of(&assign.target), &assign.value) {
                    let literal = literal_value(path, source, name, value)?;
                    header.set(path, source, name, literal, value)?;
                }
            }
            other => check_other_binding(path, source, other)?,
        }
    }
    Ok(header)
}

impl Header {
    fn set(
        &mut self,
        path: &Path,
        source: &str,
        name: &'static str,
        value: HeaderValue,
        expr: &Expr,
    ) -> Result<(), RevisionFileError> {
        match name {
            "revision" => match value {
                HeaderValue::Str(id) => self.revision = Some(id),
                HeaderValue::None => {
                    return Err(non_literal(
                        path,
                        source,
                        name,
                        expr.range(),
                        "None",
                        EXPECTED_ID,
                    ))
                }
                HeaderValue::Seq(_) => {
                    return Err(non_literal(
                        path,
                        source,
                        name,
                        expr.range(),
                        "a sequence",
                        EXPECTED_ID,
                    ))
                }
            },
            "down_revision" => self.down_revision = Some(value.into_ids()),
            "branch_labels" => self.branch_labels = Some(value.into_ids()),
            _ => self.depends_on = Some(value.into_ids()),
        }
        Ok(())
    }
}

/// The header name `target` is, if it is a plain name.
fn header_name_of(target: &Expr) -> Option<&'static str> {
    match target {
        Expr::Name(name) => header_name(name.id.as_str()),
        _ => None,
    }
}

fn header_name(name: &str) -> Option<&'static str> {
    HEADER_NAMES.iter().copied().find(|h| *h == name)
}

/// A header name bound anywhere inside an assignment target (names inside
/// tuples, lists and starred targets).
fn bound_header_name(target: &Expr) -> Option<(&'static str, TextRange)> {
    match target {
        Expr::Name(name) => header_name(name.id.as_str()).map(|h| (h, name.range)),
        Expr::Tuple(tuple) => tuple.elts.iter().find_map(bound_header_name),
        Expr::List(list) => list.elts.iter().find_map(bound_header_name),
        Expr::Starred(starred) => bound_header_name(&starred.value),
        _ => None,
    }
}

/// Reject any statement other than a plain assignment that binds a header
/// name, looking into compound statements (but not into function or class
/// bodies, which are other scopes).
fn check_other_binding(path: &Path, source: &str, stmt: &Stmt) -> Result<(), RevisionFileError> {
    if let Some((name, range, construct)) = other_binding(stmt, None) {
        return Err(unsupported(path, source, name, range, &construct));
    }
    Ok(())
}

/// Finds a binding of a header name made by `stmt`. `block` names the
/// enclosing compound statement, if any.
fn other_binding(stmt: &Stmt, block: Option<&str>) -> Option<(&'static str, TextRange, String)> {
    let inside = |what: &str| match block {
        Some(kind) => format!("{what} inside {kind}"),
        None => what.to_string(),
    };
    let in_targets = |targets: &mut dyn Iterator<Item = &Expr>, what: &str| {
        let mut found = None;
        for target in targets {
            if let Some((name, range)) = bound_header_name(target) {
                found = Some((name, range, inside(what)));
                break;
            }
        }
        found
    };
    let in_body = |body: &[Stmt], kind: &str| {
        let kind = block.unwrap_or(kind);
        body.iter().find_map(|s| other_binding(s, Some(kind)))
    };
    match stmt {
        Stmt::Assign(assign) => in_targets(&mut assign.targets.iter(), "an assignment"),
        Stmt::AnnAssign(assign) if assign.value.is_some() => {
            in_targets(&mut std::iter::once(&*assign.target), "an assignment")
        }
        Stmt::AugAssign(assign) => in_targets(
            &mut std::iter::once(&*assign.target),
            "an augmented assignment",
        ),
        Stmt::Delete(delete) => in_targets(&mut delete.targets.iter(), "a `del` statement"),
        Stmt::Import(import) => import.names.iter().find_map(|alias| {
            let bound = match &alias.asname {
                Some(asname) => asname.id.as_str(),
                None => alias.name.id.as_str().split('.').next().unwrap_or_default(),
            };
            header_name(bound).map(|name| (name, alias.range, inside("an import")))
        }),
        Stmt::ImportFrom(import) => import.names.iter().find_map(|alias| {
            let bound = alias.asname.as_ref().unwrap_or(&alias.name).id.as_str();
            header_name(bound).map(|name| (name, alias.range, inside("an import")))
        }),
        Stmt::FunctionDef(def) => header_name(def.name.id.as_str())
            .map(|name| (name, def.name.range, inside("a function definition"))),
        Stmt::ClassDef(def) => header_name(def.name.id.as_str())
            .map(|name| (name, def.name.range, inside("a class definition"))),
        Stmt::If(stmt_if) => in_body(&stmt_if.body, "an `if` block").or_else(|| {
            stmt_if
                .elif_else_clauses
                .iter()
                .find_map(|clause| in_body(&clause.body, "an `if` block"))
        }),
        Stmt::For(stmt_for) => in_targets(
            &mut std::iter::once(&*stmt_for.target),
            "a `for` loop target",
        )
        .or_else(|| in_body(&stmt_for.body, "a `for` loop"))
        .or_else(|| in_body(&stmt_for.orelse, "a `for` loop")),
        Stmt::While(stmt_while) => in_body(&stmt_while.body, "a `while` loop")
            .or_else(|| in_body(&stmt_while.orelse, "a `while` loop")),
        Stmt::With(with) => in_targets(
            &mut with
                .items
                .iter()
                .filter_map(|item| item.optional_vars.as_deref()),
            "a `with ... as` target",
        )
        .or_else(|| in_body(&with.body, "a `with` block")),
        Stmt::Try(stmt_try) => in_body(&stmt_try.body, "a `try` block")
            .or_else(|| {
                stmt_try.handlers.iter().find_map(|handler| {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(handler) = handler;
                    handler
                        .name
                        .as_ref()
                        .and_then(|n| {
                            header_name(n.id.as_str())
                                .map(|h| (h, n.range, inside("an `except ... as` name")))
                        })
                        .or_else(|| in_body(&handler.body, "a `try` block"))
                })
            })
            .or_else(|| in_body(&stmt_try.orelse, "a `try` block"))
            .or_else(|| in_body(&stmt_try.finalbody, "a `try` block")),
        Stmt::Match(stmt_match) => stmt_match
            .cases
            .iter()
            .find_map(|case| in_body(&case.body, "a `match` block")),
        _ => None,
    }
}

/// Evaluate the literal forms Alembic's header variables take.
fn literal_value(
    path: &Path,
    source: &str,
    name: &'static str,
    expr: &Expr,
) -> Result<HeaderValue, RevisionFileError> {
    let expected = if name == "revision" {
        EXPECTED_ID
    } else {
        EXPECTED_IDS
    };
    match expr {
        Expr::StringLiteral(s) => Ok(HeaderValue::Str(s.value.to_str().to_string())),
        Expr::NoneLiteral(_) => Ok(HeaderValue::None),
        Expr::Tuple(ruff_python_ast::ExprTuple { elts, .. })
        | Expr::List(ruff_python_ast::ExprList { elts, .. }) => {
            let mut ids = Vec::with_capacity(elts.len());
            for elt in elts {
                match elt {
                    Expr::StringLiteral(s) => ids.push(s.value.to_str().to_string()),
                    other => {
                        return Err(non_literal(
                            path,
                            source,
                            name,
                            other.range(),
                            &format!("a sequence holding {}", describe(other)),
                            expected,
                        ))
                    }
                }
            }
            Ok(HeaderValue::Seq(ids))
        }
        other => Err(non_literal(
            path,
            source,
            name,
            other.range(),
            &describe(other),
            expected,
        )),
    }
}

/// A short description of an expression kind for error messages.
fn describe(expr: &Expr) -> String {
    match expr {
        Expr::Call(_) => "a function call".into(),
        Expr::Name(name) => format!("the variable `{}`", name.id.as_str()),
        Expr::Attribute(_) => "an attribute access".into(),
        Expr::Subscript(_) => "a subscript".into(),
        Expr::FString(_) => "an f-string".into(),
        Expr::TString(_) => "a t-string".into(),
        Expr::BytesLiteral(_) => "a bytes literal".into(),
        Expr::NumberLiteral(_) => "a number".into(),
        Expr::BooleanLiteral(_) => "a boolean".into(),
        Expr::NoneLiteral(_) => "None".into(),
        Expr::EllipsisLiteral(_) => "`...`".into(),
        Expr::Set(_) => "a set (its order is not defined)".into(),
        Expr::Dict(_) => "a dict".into(),
        Expr::Tuple(_) | Expr::List(_) => "a nested sequence".into(),
        Expr::BinOp(_) | Expr::UnaryOp(_) | Expr::BoolOp(_) | Expr::Compare(_) => {
            "an operator expression".into()
        }
        Expr::If(_) => "a conditional expression".into(),
        Expr::Starred(_) => "a starred expression".into(),
        Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
            "a comprehension".into()
        }
        Expr::Lambda(_) => "a lambda".into(),
        Expr::Named(_) => "an assignment expression".into(),
        _ => "a computed expression".into(),
    }
}

/// The module docstring: the first statement, when it is a plain string
/// literal (possibly implicitly concatenated), with escapes decoded.
fn module_docstring(module: &ModModule) -> Option<&str> {
    match module.body.first() {
        Some(Stmt::Expr(stmt)) => match &*stmt.value {
            Expr::StringLiteral(s) => Some(s.value.to_str()),
            _ => None,
        },
        _ => None,
    }
}

/// Alembic's fallback when the file sets no `revision`: a file named
/// `<hex>.py` is revision `<hex>`.
fn legacy_revision_id(path: &Path) -> Result<String, RevisionFileError> {
    let filename = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Python's `$` also matches before one trailing newline.
    let name = filename.strip_suffix('\n').unwrap_or(&filename);
    if let Some(stem) = name.strip_suffix(".py") {
        if !stem.is_empty() && stem.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Ok(stem.to_string());
        }
    }
    Err(RevisionFileError::MissingRevision {
        path: path.to_path_buf(),
        filename,
    })
}

fn locate(path: &Path, source: &str, range: TextRange) -> SourceLocation {
    SourceLocation::new(
        path,
        source,
        range.start().to_usize(),
        range.end().to_usize(),
    )
}

fn non_literal(
    path: &Path,
    source: &str,
    name: &'static str,
    range: TextRange,
    construct: &str,
    expected: &'static str,
) -> RevisionFileError {
    RevisionFileError::NonLiteral {
        location: Box::new(locate(path, source, range)),
        name,
        construct: construct.to_string(),
        expected,
    }
}

fn unsupported(
    path: &Path,
    source: &str,
    name: &'static str,
    range: TextRange,
    construct: &str,
) -> RevisionFileError {
    RevisionFileError::UnsupportedBinding {
        location: Box::new(locate(path, source, range)),
        name,
        construct: construct.to_string(),
        example: if name == "revision" {
            "'ae1027a6acf'"
        } else {
            "None"
        },
    }
}

#[cfg(test)]
mod tests;
