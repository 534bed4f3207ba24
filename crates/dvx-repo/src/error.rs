//! The one error type of repository operations: what happened, where, and what to do.

use std::io;
use std::path::Path;

/// How a failure maps to an exit code; DVC's codes are kept so scripts see the same numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input or a state the user can fix (exit 1).
    User,
    /// Not inside a repository (exit 253, as DVC).
    NotARepo,
    /// The repository lock is held by another process (exit 1).
    Locked,
    /// An I/O failure.
    Io,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// The exit code to pass on (a stage's command that failed), instead of the kind's.
    pub exit: Option<i32>,
    #[source]
    pub source: Option<io::Error>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn user(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::User,
            message: message.into(),
            hint: None,
            exit: None,
            source: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Keeps the exit code of a command that failed, to be passed on.
    pub fn with_exit_code(mut self, code: Option<i32>) -> Self {
        self.exit = code;
        self
    }

    pub fn kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// An I/O error on `path`, described as `what` ("reading", "writing the pointer file", ...).
    pub fn io(what: &str, path: &Path, e: io::Error) -> Self {
        Error {
            kind: ErrorKind::Io,
            message: format!("{what} '{}': {e}", path.display()),
            hint: None,
            exit: None,
            source: Some(e),
        }
    }
}

/// Adds the path and action to an `io::Result`.
pub trait IoContext<T> {
    fn ctx(self, what: &str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn ctx(self, what: &str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(what, path, e))
    }
}
