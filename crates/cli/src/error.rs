//! The one error type commands return: Alembic's `FAILED: <message>` line
//! (exit status 255) plus aludel's explanation lines.

use aludel_core::{Failure, GraphError};

/// A command that could not do its job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandFailed {
    /// The message printed after `FAILED: `.
    pub message: String,
    /// Further lines printed on standard error.
    pub details: Vec<String>,
    /// The exit status instead of Alembic's 255 (`check` exits 1 when it
    /// finds differences, so that a script tells them from errors).
    pub exit_status: Option<u8>,
    /// The command has already printed its outcome (`check --json`):
    /// nothing more is printed, only the exit status is set.
    pub reported: bool,
}

impl CommandFailed {
    /// A failure with a message and no details.
    pub fn new(message: impl Into<String>) -> Self {
        CommandFailed {
            message: message.into(),
            ..Default::default()
        }
    }

    /// A failure that has already been reported on the output (its JSON
    /// document printed) and only sets the exit status.
    pub fn reported(exit_status: u8) -> Self {
        CommandFailed {
            exit_status: Some(exit_status),
            reported: true,
            ..Default::default()
        }
    }

    /// Exits with `status` instead of 255.
    pub fn with_exit_status(mut self, status: u8) -> Self {
        self.exit_status = Some(status);
        self
    }

    /// Adds an explanation line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    /// Any displayable error as a failure.
    pub fn from_display(err: impl std::fmt::Display) -> Self {
        CommandFailed::new(err.to_string())
    }
}

impl std::fmt::Display for CommandFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandFailed {}

impl From<Failure> for CommandFailed {
    fn from(f: Failure) -> Self {
        CommandFailed {
            message: f.message,
            details: f.details,
            ..Default::default()
        }
    }
}

impl From<GraphError> for CommandFailed {
    fn from(e: GraphError) -> Self {
        CommandFailed::from_display(e)
    }
}

impl From<std::io::Error> for CommandFailed {
    fn from(e: std::io::Error) -> Self {
        CommandFailed::from_display(e)
    }
}

/// Result of a command.
pub type CmdResult<T = ()> = Result<T, CommandFailed>;

/// Splits a multi-line error text into the `FAILED:` line and details.
fn split_message(text: String) -> CommandFailed {
    let mut lines = text.lines();
    let message = lines.next().unwrap_or_default().to_string();
    CommandFailed {
        message,
        details: lines.map(str::to_string).collect(),
        ..Default::default()
    }
}

impl From<crate::config::ConfigError> for CommandFailed {
    fn from(e: crate::config::ConfigError) -> Self {
        let mut failed = split_message(e.to_string());
        if let Some(hint) = e.hint() {
            failed.details.push(hint);
        }
        failed
    }
}

impl From<aludel_python::RevisionFileError> for CommandFailed {
    fn from(e: aludel_python::RevisionFileError) -> Self {
        split_message(e.to_string())
    }
}
