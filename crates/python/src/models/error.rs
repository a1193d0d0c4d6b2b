//! The error of the model reader: a construct in a model module that
//! cannot be read statically (with its `file:line:col` and what to write
//! instead), or a problem finding the modules at all.

use std::fmt;

use crate::body::{BodyError, BodyErrorKind};
use crate::location::SourceLocation;

/// Why the models could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// A problem at a place in a model module (or in `env.py`).
    Located(Box<BodyError>),
    /// A problem with no one place: no modules found, a file unreadable.
    Plain {
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: String,
    },
}

impl ModelError {
    /// An error at `location`.
    pub fn located(
        location: SourceLocation,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        ModelError::Located(Box::new(BodyError::new(location, message, hint)))
    }

    /// An error with no location.
    pub fn plain(message: impl Into<String>, hint: impl Into<String>) -> Self {
        ModelError::Plain {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// What is wrong (without the location).
    pub fn message(&self) -> &str {
        match self {
            ModelError::Located(e) => e.message(),
            ModelError::Plain { message, .. } => message,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> &str {
        match self {
            ModelError::Located(e) => e.hint(),
            ModelError::Plain { hint, .. } => hint,
        }
    }

    /// What kind of problem it is: [`BodyErrorKind::Fails`] when importing
    /// the models fails under Python too, [`BodyErrorKind::Unsupported`]
    /// for what aludel does not read statically; `None` for a problem
    /// finding the modules.
    pub fn kind(&self) -> Option<BodyErrorKind> {
        match self {
            ModelError::Located(e) => Some(e.kind()),
            ModelError::Plain { .. } => None,
        }
    }

    /// True when Python fails at the same place (the models cannot be
    /// imported at all).
    pub fn fails_in_python(&self) -> bool {
        self.kind() == Some(BodyErrorKind::Fails)
    }

    /// Where, when the problem has a place.
    pub fn location(&self) -> Option<&SourceLocation> {
        match self {
            ModelError::Located(e) => Some(e.location()),
            ModelError::Plain { .. } => None,
        }
    }
}

impl From<BodyError> for ModelError {
    fn from(e: BodyError) -> Self {
        ModelError::Located(Box::new(e))
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Located(e) => e.fmt(f),
            ModelError::Plain { message, hint } => {
                write!(f, "{message}")?;
                if !hint.is_empty() {
                    write!(f, "\n  = help: {hint}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ModelError {}
