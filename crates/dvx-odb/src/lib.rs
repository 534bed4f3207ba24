//! The local object store: hashing, the cache layout, links into the workspace, and the state
//! database that spares unchanged files a second hashing.

pub mod hash;
pub mod link;
pub mod odb;
pub mod state;

pub use hash::HashKind;
pub use link::LinkType;
pub use odb::Odb;
pub use state::State;
