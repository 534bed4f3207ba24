//! The workspace as dvx writes it: every write or delete of a workspace path (outputs, pointer
//! files, `.gitignore`, `dvc.lock`, `dvc.yaml`) goes through [`Worktree`], which refuses, by
//! name and before anything is written:
//!
//! - a path outside the repository root, or the root itself;
//! - a path inside `.git` or `.dvc` (any letter case, any depth), or inside the cache when the
//!   cache lives in the workspace;
//! - a path reached through a symbolic link: every existing directory between the root and the
//!   path must be a real directory (the path itself may be a symlink: it is replaced or removed,
//!   never followed).
//!
//! This holds against what a repository holds (committed symlinks, pointer files, lock files and
//! manifests written by someone else). Directories found real are remembered for the life of
//! the value (one command), so checking every file of a large checkout costs one hash lookup.
//! A process that can already write the workspace and swaps a directory for a symlink while dvx
//! runs is not guarded against: that needs `openat`-style access to every file.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use dvx_formats::relpath::is_internal_name;
use dvx_odb::{link, LinkType};

use crate::error::{Error, IoContext, Result};

/// Why a workspace path cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Outside,
    Root,
    /// Inside `.git` or `.dvc` (the component as it is spelt).
    Internal(String),
    InsideCache,
    /// Reached through this symlink (absolute), which points at this target.
    Symlink(PathBuf, PathBuf),
}

/// A refusal with the path it is about, shown relative to the root.
#[derive(Debug, Clone)]
pub struct Refused {
    pub path: String,
    pub why: Refusal,
    root: PathBuf,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.why {
            Refusal::Outside => write!(f, "'{}' is outside the repository", self.path),
            Refusal::Root => write!(f, "'{}' is the repository's root itself", self.path),
            Refusal::Internal(c) => write!(
                f,
                "'{}' is inside '{c}', which git and DVC keep for themselves",
                self.path
            ),
            Refusal::InsideCache => write!(f, "'{}' is inside the cache", self.path),
            Refusal::Symlink(link, target) => write!(
                f,
                "'{}' is reached through the symbolic link '{}' (to '{}'); dvx never writes or deletes through a symlink",
                self.path,
                shown(&self.root, link),
                target.display()
            ),
        }
    }
}

impl Refused {
    /// The error for a refused write, saying what was being done.
    pub fn into_error(self, doing: &str) -> Error {
        let hint = match &self.why {
            Refusal::Symlink(link, _) => format!(
                "replace the symlink '{}' by a real directory (or remove it) and run the command again",
                shown(&self.root, link)
            ),
            _ => "the file that names this path was written by someone else or by hand: fix or restore it (git checkout -- FILE)".to_string(),
        };
        Error::user(format!("refusing to {doing}: {self}")).with_hint(hint)
    }
}

fn shown(root: &Path, p: &Path) -> String {
    crate::fsutil::rel_slash(root, p).unwrap_or_else(|| p.display().to_string())
}

/// What a path holds after a write through the gate (see [`Observer`]).
pub enum Now<'a> {
    /// These bytes.
    Bytes(&'a [u8]),
    /// A link to (or copy of) this cache object.
    Object(&'a Path),
    /// Nothing.
    Removed,
    /// Something the observer must look at (a file moved here).
    Unknown,
    /// A directory announced with [`Worktree::making_tree`], now holding the files that the
    /// manifest at this cache object lists.
    Tree { manifest: &'a Path, files: u64 },
}

/// Told of every workspace change made through the gate: the operation log's recorder. `before`
/// runs before the path is touched (and may fail the write: what it could not save is not
/// overwritten); `after` once it has changed.
pub trait Observer: Send + Sync {
    /// `fresh`: the path's directory was made by this command through the gate, so nothing is
    /// there unless the gate put it there (the observer need not look).
    fn before(&self, path: &Path, fresh: bool) -> Result<()>;
    fn after(&self, path: &Path, now: Now<'_>);
    /// `dir`, where nothing is, is about to be made and filled (see
    /// [`Worktree::making_tree`]); the writes under it that follow need not be told.
    fn making_tree(&self, dir: &Path) -> Result<()>;
}

/// The one gate of workspace writes for a repository rooted at `root`.
pub struct Worktree {
    root: PathBuf,
    /// The cache directory when it lies inside the root.
    cache: Option<PathBuf>,
    /// Directories found to be real (not symlinks), for this command, each with whether this
    /// command made it.
    real_dirs: Mutex<HashMap<PathBuf, bool>>,
    observer: RwLock<Option<Arc<dyn Observer>>>,
}

impl fmt::Debug for Worktree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Worktree")
            .field("root", &self.root)
            .finish()
    }
}

impl Worktree {
    pub fn new(root: &Path, cache: Option<&Path>) -> Self {
        let cache = cache
            .map(|c| crate::fsutil::absolutize(root, c))
            .filter(|c| c.starts_with(root) && c != root);
        Worktree {
            root: root.to_path_buf(),
            cache,
            real_dirs: Mutex::new(HashMap::new()),
            observer: RwLock::new(None),
        }
    }

    /// Installs (or with `None` removes) the observer told of every change.
    pub fn observe(&self, observer: Option<Arc<dyn Observer>>) {
        *self.observer.write().unwrap_or_else(|p| p.into_inner()) = observer;
    }

    fn observer(&self) -> Option<Arc<dyn Observer>> {
        self.observer
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Runs `change` on `path` between the observer's `before` and `after`.
    fn observed<T>(
        &self,
        path: &Path,
        fresh: bool,
        change: impl FnOnce() -> Result<T>,
        now: Now<'_>,
    ) -> Result<T> {
        let Some(obs) = self.observer() else {
            return change();
        };
        obs.before(path, fresh)?;
        let out = change()?;
        obs.after(path, now);
        Ok(out)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Forgets what was learnt about directories (after a command of the user's ran).
    pub fn forget(&self) {
        self.dirs().clear();
    }

    fn dirs(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, bool>> {
        self.real_dirs.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn refused(&self, path: &Path, why: Refusal) -> Refused {
        Refused {
            path: shown(&self.root, path),
            why,
            root: self.root.clone(),
        }
    }

    /// Whether `path` (absolute, clean) may be written or deleted; see the module's rules.
    pub fn check(&self, path: &Path) -> std::result::Result<(), Refused> {
        self.check_name(path)?;
        self.check_parents(path)
    }

    /// The rules that need no look at the disk: inside the root, not `.git`/`.dvc`/the cache.
    pub fn check_name(&self, path: &Path) -> std::result::Result<(), Refused> {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return Err(self.refused(path, Refusal::Outside));
        };
        let mut any = false;
        for c in rel.components() {
            match c {
                Component::Normal(name) => {
                    any = true;
                    let name = name.to_string_lossy();
                    if is_internal_name(&name) {
                        return Err(self.refused(path, Refusal::Internal(name.into_owned())));
                    }
                }
                _ => return Err(self.refused(path, Refusal::Outside)),
            }
        }
        if !any {
            return Err(self.refused(path, Refusal::Root));
        }
        if self.cache.as_ref().is_some_and(|c| path.starts_with(c)) {
            return Err(self.refused(path, Refusal::InsideCache));
        }
        Ok(())
    }

    /// Every existing directory between the root and `path` must be a real directory.
    fn check_parents(&self, path: &Path) -> std::result::Result<(), Refused> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if parent == self.root || self.dirs().contains_key(parent) {
            return Ok(());
        }
        let rel = parent.strip_prefix(&self.root).unwrap_or(Path::new(""));
        let mut dir = self.root.clone();
        for c in rel.components() {
            dir.push(c);
            if self.dirs().contains_key(&dir) {
                continue;
            }
            match fs::symlink_metadata(&dir) {
                Ok(m) if m.file_type().is_symlink() => {
                    let target = fs::read_link(&dir).unwrap_or_default();
                    return Err(self.refused(path, Refusal::Symlink(dir, target)));
                }
                Ok(m) if m.is_dir() => {
                    self.dirs().entry(dir.clone()).or_insert(false);
                }
                // A file where a directory belongs, or nothing yet: nothing can be written
                // through it (the write fails, or makes real directories).
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// [`Worktree::check`] as an error saying what was being done.
    pub fn allow(&self, path: &Path, doing: &str) -> Result<()> {
        self.check(path)
            .map_err(|r| r.into_error(&format!("{doing} '{}'", shown(&self.root, path))))
    }

    /// Writes `bytes` to `path` atomically (see [`crate::fsutil::write_atomic`]).
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        self.allow(path, "write")?;
        let fresh = self.make_parent(path)?;
        self.observed(
            path,
            fresh,
            || crate::fsutil::write_atomic(path, bytes).ctx("writing", path),
            Now::Bytes(bytes),
        )
    }

    /// [`Worktree::write`] of many files, made durable together (see
    /// [`crate::fsutil::write_atomic_all`]).
    pub fn write_many(&self, files: &[(&Path, &[u8])]) -> Result<()> {
        let obs = self.observer();
        for (path, _) in files {
            self.allow(path, "write")?;
            let fresh = self.make_parent(path)?;
            if let Some(obs) = &obs {
                obs.before(path, fresh)?;
            }
        }
        let (renamed, r) = crate::fsutil::write_atomic_all(files);
        if let Some(obs) = &obs {
            for (path, bytes) in &files[..renamed] {
                obs.after(path, Now::Bytes(bytes));
            }
        }
        r.map_err(|(i, e)| Error::io("writing", files[i].0, e))
    }

    /// Tells the observer that `path` is about to be changed by something other than this gate
    /// (a stage's command): what it holds is recorded now, what it will hold at the end.
    pub fn will_change(&self, path: &Path) -> Result<()> {
        self.allow(path, "write")?;
        if let Some(obs) = self.observer() {
            obs.before(path, false)?;
            obs.after(path, Now::Unknown);
        }
        Ok(())
    }

    /// Creates `dir` and its missing parents as real directories.
    pub fn create_dir_all(&self, dir: &Path) -> Result<()> {
        self.make_dir(dir).map(drop)
    }

    /// Creates `path`'s parent directory (see [`Worktree::create_dir_all`]); says whether this
    /// command made it.
    fn make_parent(&self, path: &Path) -> Result<bool> {
        match path.parent() {
            Some(parent) => self.make_dir(parent),
            None => Ok(false),
        }
    }

    /// [`Worktree::create_dir_all`], saying whether `dir` was made by this command.
    fn make_dir(&self, dir: &Path) -> Result<bool> {
        if dir == self.root {
            return Ok(false);
        }
        if let Some(made) = self.dirs().get(dir) {
            return Ok(*made);
        }
        self.allow(dir, "create the directory")?;
        let made = match fs::symlink_metadata(dir) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(dir).unwrap_or_default();
                return Err(self
                    .refused(dir, Refusal::Symlink(dir.to_path_buf(), target))
                    .into_error(&format!("write into '{}'", shown(&self.root, dir))));
            }
            Ok(m) if m.is_dir() => false,
            _ => {
                fs::create_dir_all(dir).ctx("creating directory", dir)?;
                true
            }
        };
        self.dirs().insert(dir.to_path_buf(), made);
        Ok(made)
    }

    /// Announces that `dir`, where nothing is, is about to be made and filled whole (a
    /// directory output checked out where nothing was): the operation log records it as one
    /// path, not one per file. [`Worktree::made_tree`] says when it holds all its files.
    pub fn making_tree(&self, dir: &Path) -> Result<()> {
        self.allow(dir, "write")?;
        match self.observer() {
            Some(obs) => obs.making_tree(dir),
            None => Ok(()),
        }
    }

    /// `dir`, announced with [`Worktree::making_tree`], holds the files that the manifest at
    /// cache object `manifest` lists.
    pub fn made_tree(&self, dir: &Path, manifest: &Path, files: u64) {
        if let Some(obs) = self.observer() {
            obs.after(dir, Now::Tree { manifest, files });
        }
    }

    /// Puts cache object `object` at `dest` with the first link type that works (see
    /// [`dvx_odb::link::link_via`]); parents are created as real directories.
    pub fn link(
        &self,
        object: &Path,
        dest: &Path,
        types: &[LinkType],
        staging: Option<&Path>,
    ) -> Result<LinkType> {
        self.allow(dest, "write")?;
        let fresh = self.make_parent(dest)?;
        self.observed(
            dest,
            fresh,
            || Self::link_unobserved(object, dest, types, staging),
            Now::Object(object),
        )
    }

    fn link_unobserved(
        object: &Path,
        dest: &Path,
        types: &[LinkType],
        staging: Option<&Path>,
    ) -> Result<LinkType> {
        link::link_via(object, dest, types, staging).ctx("linking from the cache to", dest)
    }

    /// [`Worktree::link`] of a copy of `object` made already: the file `copy` (holding the
    /// object's bytes, on the same file system) is made writable as workspace copies are and
    /// renamed to `dest`. Fails, leaving `copy` where it is, if the rename cannot be made.
    pub fn place_copy(&self, object: &Path, copy: &Path, dest: &Path) -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        self.allow(dest, "write")?;
        let fresh = self.make_parent(dest)?;
        self.observed(
            dest,
            fresh,
            || {
                std::fs::set_permissions(copy, std::fs::Permissions::from_mode(0o644))
                    .and_then(|()| std::fs::rename(copy, dest))
                    .ctx("moving a downloaded copy to", dest)
            },
            Now::Object(object),
        )
    }

    /// [`Worktree::link`] over a file known to hold the object's content already (only the
    /// kind of link changes), so the observer is not told: nothing it records changed.
    pub fn relink(
        &self,
        object: &Path,
        dest: &Path,
        types: &[LinkType],
        staging: Option<&Path>,
    ) -> Result<LinkType> {
        self.allow(dest, "write")?;
        Self::link_unobserved(object, dest, types, staging)
    }

    /// Removes the file (or symlink) at `path`; a missing file is not an error.
    pub fn remove_file(&self, path: &Path) -> Result<()> {
        self.allow(path, "remove")?;
        self.observed(
            path,
            false,
            || {
                let _ = crate::fsutil::make_writable(path);
                match fs::remove_file(path) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        Err(Error::io("removing", path, e))
                    }
                    _ => Ok(()),
                }
            },
            Now::Removed,
        )
    }

    /// Removes whatever is at `path` (a directory with everything in it; a symlink itself, never
    /// what it points to); nothing there is not an error.
    pub fn remove_all(&self, path: &Path) -> Result<()> {
        self.allow(path, "remove")?;
        let Ok(meta) = fs::symlink_metadata(path) else {
            return Ok(());
        };
        self.observed(
            path,
            false,
            || {
                if meta.is_dir() {
                    self.forget_under(path);
                    fs::remove_dir_all(path).ctx("removing", path)
                } else {
                    let _ = crate::fsutil::make_writable(path);
                    fs::remove_file(path).ctx("removing", path)
                }
            },
            Now::Removed,
        )
    }

    /// Removes `dir` if it is an empty directory; false when it is not (or is not there).
    pub fn remove_empty_dir(&self, dir: &Path) -> bool {
        if self.check(dir).is_err() {
            return false;
        }
        let gone = fs::remove_dir(dir).is_ok();
        if gone {
            self.dirs().remove(dir);
        }
        gone
    }

    /// Removes empty directories from `dir` upwards, stopping at `stop` (exclusive).
    pub fn remove_empty_dirs_up(&self, mut dir: &Path, stop: &Path) {
        while dir.starts_with(stop) && dir != stop {
            if !self.remove_empty_dir(dir) {
                break;
            }
            match dir.parent() {
                Some(p) => dir = p,
                None => break,
            }
        }
    }

    /// Renames `from` to `to`, both inside the workspace.
    pub fn rename(&self, from: &Path, to: &Path) -> Result<()> {
        self.allow(from, "move")?;
        self.allow(to, "write")?;
        if let Some(parent) = to.parent() {
            self.create_dir_all(parent)?;
        }
        self.forget_under(from);
        let Some(obs) = self.observer() else {
            return fs::rename(from, to).ctx("moving", from);
        };
        obs.before(from, false)?;
        obs.before(to, false)?;
        fs::rename(from, to).ctx("moving", from)?;
        obs.after(from, Now::Removed);
        obs.after(to, Now::Unknown);
        Ok(())
    }

    fn forget_under(&self, dir: &Path) {
        self.dirs().retain(|d, _| !d.starts_with(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_internal_outside_and_symlinked_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        let outside = tmp.path().join("outside");
        fs::create_dir_all(root.join("data/sub")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("data/sub/inner")).unwrap();
        let wt = Worktree::new(&root, Some(Path::new(".dvc/cache")));
        let why = |p: &str| wt.check(&root.join(p)).err().map(|r| r.why);
        assert_eq!(why("data/sub/x"), None);
        assert_eq!(why("new/dir/x"), None);
        assert_eq!(why("link"), None, "the symlink itself may be replaced");
        assert_eq!(
            why("link/x"),
            Some(Refusal::Symlink(root.join("link"), outside.clone()))
        );
        assert_eq!(
            why("data/sub/inner/deeper/x"),
            Some(Refusal::Symlink(
                root.join("data/sub/inner"),
                outside.clone()
            ))
        );
        assert_eq!(
            why(".git/hooks/pre-commit"),
            Some(Refusal::Internal(".git".into()))
        );
        assert_eq!(why("a/.DVC/config"), Some(Refusal::Internal(".DVC".into())));
        assert_eq!(why(""), Some(Refusal::Root));
        assert_eq!(
            wt.check(&tmp.path().join("x")).err().map(|r| r.why),
            Some(Refusal::Outside)
        );
        let custom = Worktree::new(&root, Some(Path::new("mycache")));
        assert_eq!(
            custom
                .check(&root.join("mycache/files/md5/ab/cd"))
                .err()
                .map(|r| r.why),
            Some(Refusal::InsideCache)
        );
        // writes and deletes through the symlink are refused and leave the outside alone
        fs::write(outside.join("victim"), "keep").unwrap();
        let e = wt.write(&root.join("link/victim"), b"x").unwrap_err();
        assert!(e.to_string().contains("symbolic link 'link'"), "{e}");
        assert!(wt.remove_file(&root.join("link/victim")).is_err());
        assert!(wt.remove_all(&root.join("link/victim")).is_err());
        assert_eq!(fs::read(outside.join("victim")).unwrap(), b"keep");
        // removing the symlink itself leaves its target alone
        wt.remove_all(&root.join("link")).unwrap();
        assert!(outside.join("victim").exists());
    }
}
