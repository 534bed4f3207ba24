//! The content-addressed object store: where objects live and how they get there.
//!
//! Layout (cache and directory remotes alike): DVC 3 objects at `<root>/files/md5/ab/cdef…`,
//! DVC 2.x objects at `<root>/ab/cdef…`. Objects are written under a temporary name and renamed
//! into place, then made read-only (0444), so a crash never leaves a partial object under its name.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use dvx_formats::Oid;

use crate::hash::{self, HashKind};

/// A cache (or directory remote) root.
#[derive(Debug, Clone)]
pub struct Odb {
    root: PathBuf,
    /// `cache.shared = group`: objects 0664 and directories 2775 instead of 0444 and 0755.
    shared_group: bool,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A unique temporary file name in `dir`, recognisable as dvx's and tied to this process.
pub fn tmp_name(dir: &Path) -> PathBuf {
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".dvx-tmp.{}.{}", std::process::id(), n))
}

/// Removes dvx temporary files in `dir` left by processes that no longer run.
pub fn clean_stale_tmp(dir: &Path) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        clean_stale_tmp_file(dir, &e.file_name());
    }
}

/// Removes the dvx temporary file `name` in `dir` if the process that made it no longer runs.
pub fn clean_stale_tmp_file(dir: &Path, name: &std::ffi::OsStr) {
    let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(".dvx-tmp.")) else {
        return;
    };
    let pid: i32 = rest
        .split('.')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    // SAFETY: kill(pid, 0) sends nothing; it fails with ESRCH when no such process exists.
    let alive = pid > 0 && unsafe { libc::kill(pid, 0) } == 0;
    if !alive {
        let _ = fs::remove_file(dir.join(name));
    }
}

/// What an object write produced.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub oid: Oid,
    pub size: u64,
}

impl Odb {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Odb {
            root: root.into(),
            shared_group: false,
        }
    }

    pub fn with_shared_group(mut self, shared: bool) -> Self {
        self.shared_group = shared;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a DVC 3 object lives.
    pub fn path(&self, oid: &Oid) -> PathBuf {
        let (a, b) = oid.shard_path();
        self.root.join("files").join("md5").join(a).join(b)
    }

    /// Where a DVC 2.x object lives.
    pub fn legacy_path(&self, oid: &Oid) -> PathBuf {
        let (a, b) = oid.shard_path();
        self.root.join(a).join(b)
    }

    /// The path of an object for an entry of the given kind (legacy entries use the 2.x layout).
    pub fn path_for(&self, oid: &Oid, kind: HashKind) -> PathBuf {
        match kind {
            HashKind::Md5 => self.path(oid),
            HashKind::Dos2Unix => self.legacy_path(oid),
        }
    }

    /// Where temporary files for this store are written (same file system as the objects).
    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join(".dvx-tmp")
    }

    fn object_mode(&self) -> u32 {
        if self.shared_group {
            0o664
        } else {
            0o444
        }
    }

    fn dir_mode(&self) -> u32 {
        if self.shared_group {
            0o2775
        } else {
            0o755
        }
    }

    fn ensure_parent(&self, p: &Path) -> io::Result<()> {
        let parent = p.parent().expect("object paths have parents");
        if parent.is_dir() {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        if self.shared_group {
            let _ = fs::set_permissions(parent, fs::Permissions::from_mode(self.dir_mode()));
        }
        Ok(())
    }

    /// A new temporary file in this store; rename it into place with [`Odb::commit_tmp`].
    pub fn create_tmp(&self) -> io::Result<(PathBuf, File)> {
        let dir = self.tmp_dir();
        if !dir.is_dir() {
            fs::create_dir_all(&dir)?;
        }
        let p = tmp_name(&dir);
        let f = OpenOptions::new().write(true).create_new(true).open(&p)?;
        Ok((p, f))
    }

    /// Moves a finished temporary file to `final_path`, read-only. If the object already exists
    /// (same content, by its name) the temporary is dropped.
    pub fn commit_tmp(&self, tmp: &Path, final_path: &Path) -> io::Result<()> {
        fs::set_permissions(tmp, fs::Permissions::from_mode(self.object_mode()))?;
        self.ensure_parent(final_path)?;
        fs::rename(tmp, final_path)
    }

    /// Copies `src` into the store, hashing it in the same read. Returns the object's id.
    /// An object already present is left as it is.
    pub fn add_file(&self, src: &Path, kind: HashKind) -> io::Result<Written> {
        let (tmp, mut out) = self.create_tmp()?;
        let result = hash::hash_and_copy(src, &mut out, kind);
        drop(out);
        let (digest, size) = match result {
            Ok(r) => r,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let oid = Oid::file(digest);
        let dest = self.path_for(&oid, kind);
        if dest.exists() {
            let _ = fs::remove_file(&tmp);
        } else if let Err(e) = self.commit_tmp(&tmp, &dest) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(Written { oid, size })
    }

    /// Stores `bytes` (a `.dir` manifest, say) under `oid`.
    pub fn add_bytes(&self, oid: &Oid, bytes: &[u8], kind: HashKind) -> io::Result<PathBuf> {
        let dest = self.path_for(oid, kind);
        if dest.exists() {
            return Ok(dest);
        }
        let (tmp, mut f) = self.create_tmp()?;
        let r = io::Write::write_all(&mut f, bytes);
        drop(f);
        if let Err(e) = r.and_then(|_| self.commit_tmp(&tmp, &dest)) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        Ok(dest)
    }

    /// Whether the object file exists (content not checked).
    pub fn exists(&self, oid: &Oid, kind: HashKind) -> bool {
        self.path_for(oid, kind).is_file()
    }

    /// Re-hashes an object and reports whether its content matches its name.
    pub fn verify(&self, oid: &Oid, kind: HashKind) -> io::Result<bool> {
        let (digest, _) = hash::hash_file(&self.path_for(oid, kind), kind)?;
        Ok(digest == oid.digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_read_only_objects_at_dvc_paths() {
        let dir = tempfile::tempdir().unwrap();
        let odb = Odb::new(dir.path().join("cache"));
        let src = dir.path().join("a.txt");
        fs::write(&src, "hello\n").unwrap();
        let w = odb.add_file(&src, HashKind::Md5).unwrap();
        let p = dir
            .path()
            .join("cache/files/md5/b1/946ac92492d2347c6235b4d2611184");
        assert_eq!(odb.path(&w.oid), p);
        assert_eq!(fs::read(&p).unwrap(), b"hello\n");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o444
        );
        assert!(odb.verify(&w.oid, HashKind::Md5).unwrap());
        // nothing is left behind in the temp dir
        assert_eq!(fs::read_dir(odb.tmp_dir()).unwrap().count(), 0);
        assert_eq!(
            odb.legacy_path(&w.oid),
            dir.path().join("cache/b1/946ac92492d2347c6235b4d2611184")
        );
    }
}
