//! Editing one level of config: a read-modify-write under a lock, so that no concurrent
//! writer (dvc or dvx) loses a change.

use std::path::Path;

use dvx_formats::config::ConfigFile;

use crate::config::{read_level, write_level};
use crate::error::{Error, IoContext, Result};
use crate::transaction::Transaction;

/// Edits one level's file: reads it under a lock, lets `change` edit it (with the file's
/// directory, for relative paths), and writes it back. The repository and local levels are
/// edited in a [`Transaction`] (under the repository lock, which dvc's writers respect too);
/// the global and system levels under a `flock` of the file's directory, so that two dvx
/// processes never lose each other's change.
pub fn edit_level<T>(
    path: &Path,
    tx: Option<&Transaction>,
    change: impl FnOnce(&mut ConfigFile, &Path) -> Result<T>,
) -> Result<T> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let _dir_lock = match tx {
        Some(_) => None,
        None => Some(lock_dir(&dir)?),
    };
    let mut file = read_level(path)?;
    let out = change(&mut file, &dir)?;
    write_level(path, &file)?;
    Ok(out)
}

/// An exclusive `flock` of a directory (made if missing), released when dropped.
fn lock_dir(dir: &Path) -> Result<std::fs::File> {
    std::fs::create_dir_all(dir).ctx("creating", dir)?;
    let f = std::fs::File::open(dir).ctx("opening", dir)?;
    // blocks until the other editor is done
    f.lock().map_err(|e| Error::io("locking", dir, e))?;
    Ok(f)
}
