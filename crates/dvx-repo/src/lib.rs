//! Repository operations: what each dvx command does, over pointer files, the cache and git.
//!
//! Nothing here prints or exits: operations return reports and typed errors, and report
//! progress through the [`Progress`] handle the caller passes.

pub mod add;
pub mod checkout;
pub mod commit;
pub mod config;
pub mod digest;
pub mod error;
pub mod fsutil;
pub mod init;
pub mod lock;
pub mod manage;
pub mod remotes;
pub mod repo;
pub mod scm;
pub mod stage;
pub mod status;
pub mod walk;

pub use error::{Error, ErrorKind, Result};
pub use repo::Repo;

/// Progress of a long step (hashing, linking): shown by the CLI, ignored by tests.
pub trait Progress: Sync {
    fn begin(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn end(&self) {}
}

/// Reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}
