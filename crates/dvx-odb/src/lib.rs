//! The local object store: hashing, the cache layout, links into the workspace, and the state
//! database that spares unchanged files a second hashing.

pub mod hash;
pub mod link;
pub mod odb;
pub mod state;
pub mod trash;

pub use hash::HashKind;
pub use link::LinkType;
pub use odb::{for_each_object_key, is_object_key, key_object, list_object_keys, object_key, Odb};
pub use state::State;

/// Progress of a long step (hashing, linking, transfers): shown by the CLI, ignored by tests.
pub trait Progress: Sync {
    /// A step over `total` files begins.
    fn begin(&self, _what: &str, _total: u64) {}
    /// A transfer of `files` files holding `bytes` bytes (0 when not known) begins.
    fn begin_transfer(&self, what: &str, files: u64, _bytes: u64) {
        self.begin(what, files)
    }
    /// `n` more files to do in the step under way (one whose total is found as it goes).
    fn grow(&self, _n: u64) {}
    /// `files` more files holding `bytes` more bytes to move in the transfer under way (one
    /// whose total is found as it goes).
    fn grow_transfer(&self, _files: u64, _bytes: u64) {}
    /// `n` more files are done.
    fn advance(&self, _n: u64) {}
    /// `n` more bytes moved (transfers only).
    fn transferred(&self, _n: u64) {}
    fn end(&self) {}
    /// A detail for `-v` (why a shortcut was not taken, say).
    fn debug(&self, _message: &str) {}
    /// Something the user should know that does not stop the command (shown as a warning).
    fn warn(&self, _message: &str) {}
}

/// Reports nothing.
pub struct NoProgress;
impl Progress for NoProgress {}
