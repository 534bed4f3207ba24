//! DVC's on-disk formats, as pure functions over bytes and strings.
//!
//! Nothing here touches the file system: callers read and write, this crate parses and renders,
//! byte for byte as DVC 3.x does.

pub mod cloud;
pub mod config;
#[doc(hidden)]
pub mod fuzzing;
pub mod gitignore;
pub mod gto;
pub mod import;
pub mod manifest;
pub mod oid;
pub mod pipeline;
pub mod pointer;
pub mod pyjson;
pub mod relpath;
pub mod url;
pub mod yaml;

pub use manifest::{DirEntry, Manifest, ManifestError};
pub use oid::Oid;
pub use pointer::{Output, PointerError, PointerFile};
