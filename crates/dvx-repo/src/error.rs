//! The one error type of repository operations: what happened, where, and what to do.

use std::io;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::PipelineError;
use dvx_formats::{ManifestError, PointerError};
use dvx_remote::RemoteError;
use dvx_scm::GitError;

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
    /// An object the command needs is missing from the cache, or corrupt (exit 1).
    Cache,
    /// A file dvx reads is not what its format says: a pointer file, `dvc.yaml`, `dvc.lock`
    /// (here or at a revision), a source repository's pointer file (exit 1).
    InvalidFile,
    /// A stage's command failed; its exit code is passed on.
    StageFailed,
    /// A remote cannot be used: configuration, credentials, bucket, endpoint (exit 1).
    Remote,
    /// Git failed, or named no such revision (exit 1).
    Git,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// The exit code to pass on (a stage's command that failed), instead of the kind's.
    pub exit: Option<i32>,
    /// What went wrong underneath, typed, for callers that act on it (and for `-v`).
    #[source]
    pub cause: Option<Box<Cause>>,
}

/// The typed failure under an [`Error`]: the parser's error of an invalid file, git's, a
/// remote's (with the remote's name and URL), an I/O error with its path.
#[derive(Debug, thiserror::Error)]
pub enum Cause {
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        error: io::Error,
    },
    #[error(transparent)]
    Pointer(#[from] PointerError),
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Git(#[from] GitError),
    /// `url` has its password redacted.
    #[error("remote '{name}' ({url}): {error}")]
    Remote {
        name: String,
        url: String,
        #[source]
        error: RemoteError,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn user(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::User,
            message: message.into(),
            hint: None,
            exit: None,
            cause: None,
        }
    }

    /// A file dvx reads is not what its format says: `message` names the file, `cause` is the
    /// parser's error.
    pub fn invalid_file(message: impl Into<String>, cause: impl Into<Cause>) -> Self {
        Error::user(message)
            .kind(ErrorKind::InvalidFile)
            .with_cause(cause)
    }

    pub fn with_cause(mut self, cause: impl Into<Cause>) -> Self {
        self.cause = Some(Box::new(cause.into()));
        self
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
    /// A full disk or an exceeded quota gets a hint saying so.
    pub fn io(what: &str, path: &Path, e: io::Error) -> Self {
        let hint = is_full(&e).then(|| {
            "the file system is full (or over quota): free space (`dvx gc` removes unused cache objects) and run the command again; what was written before stays".to_string()
        });
        Error {
            kind: ErrorKind::Io,
            message: format!("{what} '{}': {e}", path.display()),
            hint,
            exit: None,
            cause: Some(Box::new(Cause::Io {
                path: path.to_path_buf(),
                error: e,
            })),
        }
    }
}

impl From<GitError> for Error {
    fn from(e: GitError) -> Self {
        let hint = match &e {
            GitError::UnknownRevision(_) => {
                Some("name a commit, branch or tag that exists (git log --oneline shows them)")
            }
            GitError::Spawn(_) => Some("install git, or put it on PATH"),
            _ => None,
        };
        let message = e.to_string();
        Error {
            kind: ErrorKind::Git,
            message,
            hint: hint.map(str::to_string),
            exit: None,
            cause: Some(Box::new(Cause::Git(e))),
        }
    }
}

fn is_full(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EDQUOT))
}

/// Whether an error of a copy can only have come from its writing side (a full disk, a quota,
/// a read-only or size-limited file system), so that it is reported against the destination.
pub fn is_write_failure(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::ENOSPC) | Some(libc::EDQUOT) | Some(libc::EROFS) | Some(libc::EFBIG)
    )
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
