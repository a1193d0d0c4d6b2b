//! Static evaluation of revision bodies: `upgrade()` / `downgrade()` read
//! with a real Python parser and evaluated, without Python, into
//! [`aludel_core::ops::Op`] values.
//!
//! The supported subset is what Alembic's autogenerate writes plus what
//! hand-written migrations commonly use: every `op.*` operation, `with
//! op.batch_alter_table(...) as batch_op:` blocks, SQLAlchemy column,
//! constraint and type constructors (also `sqlmodel` and dialect types),
//! `sa.text`, `sa.func`, `sa.table`/`sa.column` data statements, local and
//! module-level variables, `for` loops over literal lists and `if` on the
//! dialect name. Anything else is a [`BodyError`] at the construct, saying
//! what it is and how to write it instead; no statement is skipped silently.

mod args;
mod calls;
mod convert;
mod error;
mod expr;
mod interp;
mod json;
mod methods;
mod ops;
pub(crate) mod pyfloat;
mod sa;
mod sql;
mod typed;
mod types;
mod value;

use std::path::{Path, PathBuf};

use aludel_core::dialect::DialectKind;
use aludel_core::ops::Op;
use ruff_python_ast::{ModModule, Stmt};
use ruff_text_size::{TextRange, TextSize};

pub(crate) use args::Args;
pub use error::{BodyError, BodyErrorKind};
pub(crate) use interp::{Interp, PathResolver};
pub(crate) use value::{ColumnDef, EnumClass, Value};

use crate::location::SourceLocation;

/// What the evaluation is for: the database, and whether the SQL is printed
/// (`--sql`) rather than run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyContext {
    /// The database the operations are for (`op.get_bind().dialect.name`).
    pub dialect: DialectKind,
    /// MariaDB rather than MySQL (`dialect` is then `Mysql`): SQLAlchemy
    /// names the dialect `mariadb` for `mariadb://` URLs and MariaDB servers.
    pub mariadb: bool,
    /// True in offline (`--sql`) mode, where Alembic's connection is a mock
    /// that drops the parameters of `connection.execute(text, params)`.
    pub offline: bool,
    /// The project runs SQLAlchemy 2.0 (see
    /// [`crate::models::DetectedVersion::sqlalchemy_20`]).
    pub sqlalchemy_20: bool,
}

impl BodyContext {
    /// The SQL renderer of the database (MariaDB's flavour when `mariadb`).
    pub fn renderer(&self) -> &'static dyn aludel_core::dialect::Dialect {
        if self.mariadb {
            aludel_core::dialect::mariadb_for(self.sqlalchemy_20)
        } else {
            self.dialect.dialect()
        }
    }
}

/// An operation and the 1-based position of the statement or call that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct LocatedOp {
    /// The operation.
    pub op: Op,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A parsed revision file, ready to evaluate any of its functions for any
/// database without parsing again.
#[derive(Debug)]
pub struct RevisionBody {
    path: PathBuf,
    source: String,
    module: ModModule,
    /// Byte offsets where lines start, for positions of operations.
    line_starts: Vec<u32>,
}

impl RevisionBody {
    /// Parses the whole file; a syntax error anywhere is an error with file:line:col.
    ///
    /// A leading byte order mark is ignored and line breaks are read as
    /// Python reads them.
    pub fn parse(path: &Path, source: &str) -> Result<RevisionBody, BodyError> {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let source = if source.contains('\r') {
            source.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            source.to_string()
        };
        match ruff_python_parser::parse_module(&source) {
            Ok(parsed) => Ok(RevisionBody {
                path: path.to_path_buf(),
                module: parsed.into_syntax(),
                // The parser has accepted the text, so it is below 4 GiB.
                line_starts: std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i as u32 + 1))
                    .collect(),
                source,
            }),
            Err(e) => {
                let r = e.location;
                Err(BodyError::new(
                    SourceLocation::new(path, &source, r.start().to_usize(), r.end().to_usize()),
                    format!("invalid Python syntax: {}", e.error),
                    "fix the syntax error; Alembic cannot import this file either",
                )
                .with_kind(BodyErrorKind::Syntax))
            }
        }
    }

    /// The file's path as given to [`RevisionBody::parse`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the module defines a function named `function`.
    pub fn has_function(&self, function: &str) -> bool {
        self.find(function).is_some()
    }

    /// Whether the module defines a function of this name at its top level
    /// (`upgrade_engine1` in a several-database project's revision).
    pub fn defines(&self, function: &str) -> bool {
        self.find(function).is_some()
    }

    fn find(&self, function: &str) -> Option<&ruff_python_ast::StmtFunctionDef> {
        self.module.body.iter().rev().find_map(|s| match s {
            Stmt::FunctionDef(f) if f.name.as_str() == function => Some(f),
            _ => None,
        })
    }

    /// Evaluates `upgrade` or `downgrade` (the `function` name; also e.g.
    /// `upgrade_engine1`) for a dialect: module-level code first, then the
    /// function body with its own locals.
    pub fn evaluate(&self, function: &str, ctx: &BodyContext) -> Result<Vec<LocatedOp>, BodyError> {
        let Some(def) = self.find(function) else {
            return Err(BodyError::new(
                SourceLocation::new(&self.path, &self.source, 0, 0),
                format!("this revision file defines no `{function}()` function"),
                format!(
                    "add `def {function}() -> None:` at module level; Alembic fails without it too"
                ),
            )
            .with_kind(BodyErrorKind::Fails));
        };
        let mut interp = interp::Interp::new(&self.path, &self.source, &self.line_starts, ctx);
        if def.is_async {
            let start = def.range.start();
            return Err(interp.err(
                TextRange::at(start, TextSize::from(5)),
                format!("`async def {function}()`"),
                "Alembic calls the function without awaiting it; define it with plain `def`",
            ));
        }
        interp.run_module(&self.module.body);
        interp.current_function = Some(function.to_string());
        interp.run_function(&def.body)?;
        Ok(interp.out)
    }
}
