//! Errors met while finding and reading revision files.

use std::path::PathBuf;

use crate::location::SourceLocation;

/// Why a revision file could not be read.
///
/// Every message says what is wrong, where (`file:line:col` when the problem
/// is at a place in the file) and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum RevisionFileError {
    /// The file is not valid Python.
    #[error(
        "{location}: invalid Python syntax: {message}\n{snippet}\n  = help: fix the syntax error; Alembic cannot import this file either",
        snippet = location.snippet()
    )]
    Syntax {
        /// Where the parser stopped.
        location: Box<SourceLocation>,
        /// The parser's own message.
        message: String,
    },

    /// A header variable is given a value that is not a literal.
    #[error(
        "{location}: `{name}` is set to {construct}; aludel reads revision headers without running Python, so the value must be a literal\n{snippet}\n  = help: write {expected}",
        snippet = location.snippet()
    )]
    NonLiteral {
        /// Where the value is.
        location: Box<SourceLocation>,
        /// The header variable (`revision`, `down_revision`, ...).
        name: &'static str,
        /// What was found, e.g. "a function call".
        construct: String,
        /// What to write instead.
        expected: &'static str,
    },

    /// A header variable is bound in a way aludel does not follow (augmented
    /// assignment, `del`, import, conditional assignment, unpacking, ...).
    #[error(
        "{location}: `{name}` is bound by {construct}, which aludel does not evaluate\n{snippet}\n  = help: assign `{name}` once at module level, e.g. `{name} = {example}`",
        snippet = location.snippet()
    )]
    UnsupportedBinding {
        /// Where the binding is.
        location: Box<SourceLocation>,
        /// The header variable.
        name: &'static str,
        /// What binds it, e.g. "an assignment inside an `if` block".
        construct: String,
        /// An example of a supported assignment.
        example: &'static str,
    },

    /// No `revision` variable and the file name is not a bare hex id
    /// (Alembic's message, word for word).
    #[error("Could not determine revision id from filename {filename}. Be sure the 'revision' variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation).")]
    MissingRevision {
        /// The file's path.
        path: PathBuf,
        /// The file's name, as Alembic prints it.
        filename: String,
    },

    /// No `down_revision` variable.
    #[error("{}: no `down_revision` variable; every revision file must declare it\n  = help: add `down_revision = None` for a first revision, or `down_revision = '<parent id>'`", path.display())]
    MissingDownRevision {
        /// The file's path.
        path: PathBuf,
    },

    /// The file could not be read.
    #[error("{}: cannot read revision file: {source}", path.display())]
    Io {
        /// The file's path.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The file is not UTF-8.
    #[error("{}: the file is not valid UTF-8 (invalid byte at offset {offset})\n  = help: aludel reads revision files as UTF-8; re-save the file as UTF-8", path.display())]
    NotUtf8 {
        /// The file's path.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },

    /// A compiled `.pyc`/`.pyo` file without its source (`sourceless = true`).
    #[error("{}: compiled revision file without its source; aludel reads revisions from their `.py` source and cannot load bytecode\n  = help: restore the `.py` file next to it, or remove the compiled file", path.display())]
    SourcelessNotSupported {
        /// The compiled file's path.
        path: PathBuf,
    },
}
