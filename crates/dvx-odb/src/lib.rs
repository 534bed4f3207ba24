//! The local object store: hashing, the cache layout, links into the workspace, and the state
//! database that spares unchanged files a second hashing.

pub mod hash;
pub mod link;
pub mod odb;
pub mod state;

pub use hash::HashKind;
pub use link::LinkType;
pub use odb::{object_key, Odb};
pub use state::State;

/// Progress of a long step (hashing, linking, transfers): shown by the CLI, ignored by tests.
pub trait Progress: Sync {
    fn begin(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn end(&self) {}
}

/// Reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}
