//! The error of the body evaluator: what went wrong, where in the file, and
//! what to write instead.

use std::fmt;

use crate::location::SourceLocation;

/// What kind of problem a [`BodyError`] is, so a caller can tell a revision
/// that needs Python (a bridge could run it) from one that fails anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyErrorKind {
    /// The file is not valid Python.
    Syntax,
    /// Valid Python that aludel does not evaluate statically.
    Unsupported,
    /// The revision fails at this point under Python / Alembic too
    /// (`raise NotImplementedError`, an undefined name, a constraint without
    /// a name, a value SQLAlchemy cannot print...).
    Fails,
}

/// An error met while parsing or evaluating a revision body.
///
/// Displays as `path:line:col: message`, then the source line with a caret
/// underline, then the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    location: Box<SourceLocation>,
    message: String,
    hint: String,
    kind: BodyErrorKind,
}

impl BodyError {
    /// An error at `location`, of kind [`BodyErrorKind::Unsupported`].
    pub fn new(
        location: SourceLocation,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        BodyError {
            location: Box::new(location),
            message: message.into(),
            hint: hint.into(),
            kind: BodyErrorKind::Unsupported,
        }
    }

    /// The same error with another kind.
    pub fn with_kind(mut self, kind: BodyErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> BodyErrorKind {
        self.kind
    }

    /// Where in the file the problem is.
    pub fn location(&self) -> &SourceLocation {
        &self.location
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What to do about it.
    pub fn hint(&self) -> &str {
        &self.hint
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n{}",
            self.location,
            self.message,
            self.location.snippet()
        )?;
        if !self.hint.is_empty() {
            write!(f, "\n  = help: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for BodyError {}
