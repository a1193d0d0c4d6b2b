//! The error of the body evaluator: what went wrong, where in the file, and
//! what to write instead.

use std::fmt;

use crate::location::SourceLocation;

/// An error met while parsing or evaluating a revision body.
///
/// Displays as `path:line:col: message`, then the source line with a caret
/// underline, then the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    location: Box<SourceLocation>,
    message: String,
    hint: String,
}

impl BodyError {
    /// An error at `location`.
    pub fn new(
        location: SourceLocation,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        BodyError {
            location: Box::new(location),
            message: message.into(),
            hint: hint.into(),
        }
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
