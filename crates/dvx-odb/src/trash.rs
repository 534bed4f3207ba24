//! A store's trash: objects `gc` (and `op undo`) take out of a cache or a directory remote
//! are moved, not deleted, to `ROOT/dvx/trash/SECONDS-OPID/KEY` (the same file system, so a
//! rename), and kept for a retention period. DVC neither reads nor removes anything under
//! `dvx/` (checked with `dvc gc -w -f` and `dvc gc -w -c -f`), so the trash is invisible to it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The trash's place in the cache.
pub const TRASH_DIR: &str = "dvx/trash";

/// A new trash directory for operation `op` (relative to the cache root).
pub fn new_trash(op: &str) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{TRASH_DIR}/{secs}-{op}")
}

/// Moves cache object `key` into `trash`; false when it was not in the cache.
pub fn put(cache: &Path, key: &str, trash: &str) -> io::Result<bool> {
    move_to(&cache.join(key), &cache.join(trash).join(key))
}

/// Renames `from` to `to` (making `to`'s parents); false when `from` is not there (gone to
/// another thread or process in the meantime).
fn move_to(from: &Path, to: &Path) -> io::Result<bool> {
    if let Some(p) = to.parent() {
        fs::create_dir_all(p)?;
    }
    match fs::rename(from, to) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Moves `key` from `trash` back into the store; false when nothing was moved: the trash no
/// longer holds it, or the store has the object already (the trashed copy is then left).
pub fn take_back(cache: &Path, key: &str, trash: &str) -> io::Result<bool> {
    let from = cache.join(trash).join(key);
    let to = cache.join(key);
    if fs::symlink_metadata(&from).is_err() || to.exists() {
        return Ok(false);
    }
    move_to(&from, &to)
}

/// The trash directories (relative to the cache) holding `key`, newest first.
pub fn holding(cache: &Path, key: &str) -> Vec<String> {
    let mut found: Vec<(u64, String)> = entries(cache)
        .into_iter()
        .filter(|t| cache.join(&t.dir).join(key).exists())
        .map(|t| (t.secs, t.dir))
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, d)| d).collect()
}

/// One trash directory.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Relative to the cache root.
    pub dir: String,
    /// When it was made (Unix seconds).
    pub secs: u64,
}

fn entries(cache: &Path) -> Vec<Entry> {
    let Ok(rd) = fs::read_dir(cache.join(TRASH_DIR)) else {
        return Vec::new();
    };
    rd.flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let secs = name.split('-').next()?.parse().ok()?;
            Some(Entry {
                dir: format!("{TRASH_DIR}/{name}"),
                secs,
            })
        })
        .collect()
}

/// Files and bytes under `dir`.
fn usage_of(dir: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => {
                    files += 1;
                    bytes += m.len();
                }
                Err(_) => {}
            }
        }
    }
    (files, bytes)
}

/// Objects and bytes the trash holds.
pub fn usage(cache: &Path) -> (u64, u64) {
    usage_of(&cache.join(TRASH_DIR))
}

/// Empties the trash directories older than `older_than` (all with `None`); returns the objects
/// and bytes removed.
pub fn empty(cache: &Path, older_than: Option<Duration>) -> io::Result<(u64, u64)> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut removed = (0, 0);
    for t in entries(cache) {
        if let Some(age) = older_than {
            if now.saturating_sub(t.secs) < age.as_secs() {
                continue;
            }
        }
        let path: PathBuf = cache.join(&t.dir);
        let (f, b) = usage_of(&path);
        make_writable_tree(&path);
        fs::remove_dir_all(&path)?;
        removed.0 += f;
        removed.1 += b;
    }
    Ok(removed)
}

/// Cache objects are read-only, and so may be their directories on some systems.
fn make_writable_tree(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let _ = fs::set_permissions(&d, fs::Permissions::from_mode(0o755));
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trash_moves_objects_and_expires_by_age() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path();
        let key = "files/md5/ab/cdef";
        fs::create_dir_all(cache.join("files/md5/ab")).unwrap();
        fs::write(cache.join(key), "x").unwrap();
        let t = new_trash("op1");
        assert!(put(cache, key, &t).unwrap());
        assert!(!cache.join(key).exists());
        assert_eq!(holding(cache, key), vec![t.clone()]);
        assert_eq!(usage(cache), (1, 1));
        // an old trash directory goes with the age limit, a new one stays
        let old = format!("{TRASH_DIR}/1000-op0");
        fs::create_dir_all(cache.join(&old).join("files/md5/12")).unwrap();
        fs::write(cache.join(&old).join("files/md5/12/34"), "yy").unwrap();
        assert_eq!(
            empty(cache, Some(Duration::from_secs(86_400))).unwrap(),
            (1, 2)
        );
        assert!(take_back(cache, key, &t).unwrap());
        assert_eq!(fs::read(cache.join(key)).unwrap(), b"x");
        assert_eq!(empty(cache, None).unwrap(), (0, 0));
    }
}
