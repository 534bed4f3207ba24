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
    /// This process's scratch directory for new objects, made on first use.
    scratch: std::sync::Arc<(std::sync::OnceLock<PathBuf>, std::sync::Mutex<()>)>,
    /// `cache.shared = group`: objects 0664 and directories 2775 instead of 0444 and 0755.
    shared_group: bool,
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// How long a temporary file of another host (or container) is left alone: well above any
/// transfer, since its owner cannot be asked whether it still runs.
pub const FOREIGN_TMP_AGE: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Who makes temporary files here: this boot of this machine, in this PID namespace (a
/// container or `unshare -p` sees other PIDs). Twelve hex digits of an md5 of the boot id, the
/// PID namespace and the host name. A PID is only meaningful next to this key.
pub fn owner_key() -> &'static str {
    static KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let boot = fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap_or_default();
        let ns = fs::read_link("/proc/self/ns/pid")
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        let digest = hash::md5_bytes(format!("{}|{ns}|{}", boot.trim(), host.trim()).as_bytes());
        digest[..6].iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// A unique temporary file name in `dir`, recognisable as dvx's and tied to this process:
/// `.dvx-tmp.<owner key>.<pid>.<n>`.
pub fn tmp_name(dir: &Path) -> PathBuf {
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(
        ".dvx-tmp.{}.{}.{}",
        owner_key(),
        std::process::id(),
        n
    ))
}

/// Removes dvx temporary files in `dir` left by processes that no longer run.
pub fn clean_stale_tmp(dir: &Path) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        clean_stale_tmp_file(dir, &e.file_name());
    }
}

/// Whether a process with this PID runs in this PID namespace (one of another user counts).
#[allow(unsafe_code)]
pub fn pid_alive(pid: i32) -> bool {
    // SAFETY: kill(pid, 0) sends nothing; it fails with ESRCH when no such process exists.
    pid > 0
        && (unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM))
}

/// The newest modification time of `p` and, for a directory, of what it holds (one level).
fn newest_mtime(p: &Path) -> Option<std::time::SystemTime> {
    let meta = fs::symlink_metadata(p).ok()?;
    let mut newest = meta.modified().ok()?;
    if meta.is_dir() {
        for e in fs::read_dir(p).ok()?.flatten() {
            if let Some(t) = e.metadata().ok().and_then(|m| m.modified().ok()) {
                newest = newest.max(t);
            }
        }
    }
    Some(newest)
}

/// Whether the temporary `name` is certainly its owner's garbage: made here (same owner key)
/// by a process that no longer runs, or — made on another host or in another container, or by
/// a dvx that did not record its owner — untouched for [`FOREIGN_TMP_AGE`].
pub fn tmp_is_garbage(dir: &Path, name: &str) -> bool {
    let Some(rest) = name.strip_prefix(".dvx-tmp.") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('.').collect();
    if let [key, pid, _n] = parts.as_slice() {
        if *key == owner_key() {
            return pid.parse().is_ok_and(|pid: i32| !pid_alive(pid));
        }
    }
    newest_mtime(&dir.join(name))
        .is_some_and(|t| t.elapsed().is_ok_and(|age| age > FOREIGN_TMP_AGE))
}

/// Removes the dvx temporary file (or scratch directory) `name` in `dir` if it is certainly
/// garbage (see [`tmp_is_garbage`]): a shared cache or remote is written by other hosts too.
pub fn clean_stale_tmp_file(dir: &Path, name: &std::ffi::OsStr) {
    let Some(n) = name.to_str() else { return };
    if !tmp_is_garbage(dir, n) {
        return;
    }
    let p = dir.join(name);
    if fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_dir_all(&p);
    } else {
        let _ = fs::remove_file(&p);
    }
}

/// A new scratch directory for this process under `parent`, for files that are renamed into
/// place later (on the same file system).
///
/// `parent` is marked as a "top" directory (ext4's `chattr +T`), so the kernel places each new
/// scratch directory, and the inodes of the files made in it, in a block group of its choosing
/// rather than next to `parent`. That matters right after many files were deleted nearby:
/// ext4 then searches long for an inode it did not free in the last minute (a `cp -r` of 20k
/// small files takes 9 s instead of 1.6 s right after an `rm -rf` of as many). Where the flag
/// cannot be set, nothing changes but the speed.
pub fn scratch_dir(parent: &Path) -> io::Result<PathBuf> {
    fs::create_dir_all(parent)?;
    set_topdir_flag(parent);
    clean_stale_tmp(parent);
    let dir = tmp_name(parent);
    fs::create_dir(&dir)?;
    Ok(dir)
}

#[allow(unsafe_code)]
fn set_topdir_flag(dir: &Path) {
    use std::os::unix::io::AsRawFd;
    const FS_TOPDIR_FL: libc::c_long = 0x0002_0000;
    let Ok(f) = File::open(dir) else { return };
    let mut flags: libc::c_long = 0;
    // SAFETY: FS_IOC_GETFLAGS/SETFLAGS read and write one long through a valid pointer, on a
    // descriptor we own; failure (a file system without flags) is ignored.
    unsafe {
        if libc::ioctl(f.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) == 0
            && flags & FS_TOPDIR_FL == 0
        {
            flags |= FS_TOPDIR_FL;
            libc::ioctl(f.as_raw_fd(), libc::FS_IOC_SETFLAGS, &flags);
        }
    }
}

/// Whether two files hold the same bytes (false when either cannot be read).
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    if !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    let (Ok(mut fa), Ok(mut fb)) = (File::open(a), File::open(b)) else {
        return false;
    };
    let mut ba = vec![0u8; 1 << 16];
    let mut bb = vec![0u8; 1 << 16];
    loop {
        let n = match fa.read(&mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return true;
        }
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Where an object lives relative to a store's root: `files/md5/ab/cdef…` for DVC 3 entries,
/// `ab/cdef…` for DVC 2.x (legacy) entries. The same key names it in the cache and on remotes.
pub fn object_key(oid: &Oid, kind: HashKind) -> String {
    let (a, b) = oid.shard_path();
    match kind {
        HashKind::Md5 => format!("files/md5/{a}/{b}"),
        HashKind::Dos2Unix => format!("{a}/{b}"),
    }
}

/// The object `key` names and how it is hashed: the inverse of [`object_key`]; None when `key`
/// names no object.
pub fn key_object(key: &str) -> Option<(Oid, HashKind)> {
    if !is_object_key(key) {
        return None;
    }
    let (rest, kind) = match key.strip_prefix("files/md5/") {
        Some(rest) => (rest, HashKind::Md5),
        None => (key, HashKind::Dos2Unix),
    };
    Oid::parse(&rest.replace('/', ""))
        .ok()
        .map(|oid| (oid, kind))
}

/// Whether `key` names an object (see [`object_key`]): `files/md5/ab/<30 hex>[.dir]` or the
/// legacy `ab/<30 hex>[.dir]`. Temporary files and anything else in a store are not objects.
pub fn is_object_key(key: &str) -> bool {
    let rest = key.strip_prefix("files/md5/").unwrap_or(key);
    let Some((shard, name)) = rest.split_once('/') else {
        return false;
    };
    let name = name.strip_suffix(".dir").unwrap_or(name);
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    hex(shard, 2) && hex(name, 30)
}

/// The keys of every object under `root` (a cache or a directory remote), in no order.
pub fn list_object_keys(root: &Path) -> io::Result<Vec<String>> {
    let mut keys = Vec::new();
    for_each_object_key(root, |k| keys.push(k))?;
    Ok(keys)
}

/// Gives each object key of the cache at `root` to `each` as it is listed (see
/// [`list_object_keys`]): a caller that keeps few of them never holds them all.
pub fn for_each_object_key(root: &Path, mut each: impl FnMut(String)) -> io::Result<()> {
    for (base, prefix) in [
        (root.join("files/md5"), "files/md5/"),
        (root.to_path_buf(), ""),
    ] {
        let shards = match std::fs::read_dir(&base) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for shard in shards {
            let shard = shard?;
            let shard_name = shard.file_name().to_string_lossy().to_string();
            if shard_name.len() != 2 || !shard.file_type()?.is_dir() {
                continue;
            }
            for obj in std::fs::read_dir(shard.path())? {
                let key = format!(
                    "{prefix}{shard_name}/{}",
                    obj?.file_name().to_string_lossy()
                );
                if is_object_key(&key) {
                    each(key);
                }
            }
        }
    }
    Ok(())
}

/// Told of the path of every object the observed store creates (the operation log's record
/// of objects added; a replaced damaged object is not new).
pub type NewObjectObserver = std::sync::Arc<dyn Fn(&Path) + Send + Sync>;

/// The observed store's root and its observer.
pub type ObservedStore = (PathBuf, NewObjectObserver);

static NEW_OBJECTS: std::sync::RwLock<Option<ObservedStore>> = std::sync::RwLock::new(None);

/// Installs (or with `None` removes) the observer of the objects created in the store at a
/// root (the cache; other stores, such as a directory remote, are not observed); returns the
/// one it replaces (to be put back).
pub fn observe_new_objects(observed: Option<ObservedStore>) -> Option<ObservedStore> {
    std::mem::replace(
        &mut *NEW_OBJECTS.write().unwrap_or_else(|p| p.into_inner()),
        observed,
    )
}

/// Tells the observer of a new file in a store written some other way (a run-cache entry).
pub fn note_new_object(path: &Path) {
    let observed = NEW_OBJECTS.read().unwrap_or_else(|p| p.into_inner());
    if let Some((root, tell)) = observed.as_ref() {
        if path.starts_with(root) {
            tell(path);
        }
    }
}

fn new_object_observer(root: &Path) -> Option<NewObjectObserver> {
    let observed = NEW_OBJECTS.read().unwrap_or_else(|p| p.into_inner());
    match observed.as_ref() {
        Some((r, tell)) if r == root => Some(tell.clone()),
        _ => None,
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
            scratch: Default::default(),
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
        self.path_for(oid, HashKind::Md5)
    }

    /// Where a DVC 2.x object lives.
    pub fn legacy_path(&self, oid: &Oid) -> PathBuf {
        self.path_for(oid, HashKind::Dos2Unix)
    }

    /// The path of an object for an entry of the given kind (legacy entries use the 2.x layout).
    pub fn path_for(&self, oid: &Oid, kind: HashKind) -> PathBuf {
        self.root.join(object_key(oid, kind))
    }

    /// The path of the object stored under `key` (see [`object_key`]).
    pub fn key_path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Where temporary files for this store are written (same file system as the objects):
    /// per-process scratch directories under it.
    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join(".dvx-tmp")
    }

    fn scratch(&self) -> io::Result<&Path> {
        let (cell, init) = &*self.scratch;
        if let Some(p) = cell.get() {
            return Ok(p);
        }
        let _one_at_a_time = init.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = cell.get() {
            return Ok(p);
        }
        let dir = scratch_dir(&self.tmp_dir())?;
        Ok(cell.get_or_init(|| dir))
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
        let p = tmp_name(self.scratch()?);
        let f = OpenOptions::new().write(true).create_new(true).open(&p)?;
        Ok((p, f))
    }

    /// A fresh temporary path in this store (nothing is created); settle it with
    /// [`Odb::settle_tmp`].
    pub fn tmp_path(&self) -> io::Result<PathBuf> {
        Ok(tmp_name(self.scratch()?))
    }

    /// Removes this process's scratch directory if nothing is left in it.
    pub fn release_scratch(&self) {
        if let Some(p) = self.scratch.0.get() {
            let _ = fs::remove_dir(p);
            let _ = fs::remove_dir(self.tmp_dir());
        }
    }

    /// Moves a finished temporary file to `final_path`, read-only. If the object already exists
    /// (same content, by its name) the temporary is dropped.
    pub fn commit_tmp(&self, tmp: &Path, final_path: &Path) -> io::Result<()> {
        self.place_tmp(tmp, final_path, None)
    }

    /// [`Odb::commit_tmp`], knowing (or not) whether an object was there already.
    fn place_tmp(&self, tmp: &Path, final_path: &Path, new: Option<bool>) -> io::Result<()> {
        fs::set_permissions(tmp, fs::Permissions::from_mode(self.object_mode()))?;
        self.ensure_parent(final_path)?;
        let Some(tell) = new_object_observer(&self.root) else {
            return fs::rename(tmp, final_path);
        };
        let new = new.unwrap_or_else(|| fs::symlink_metadata(final_path).is_err());
        fs::rename(tmp, final_path)?;
        if new {
            tell(final_path);
        }
        Ok(())
    }

    /// Puts a finished temporary file, whose content the caller hashed to `dest`'s name, in
    /// place as `dest`. An object already there is kept only if it holds the same bytes (it is
    /// then left untouched); a damaged one gives way to the good content (the rename is
    /// atomic, so a reader sees the old object or the new one). The temporary never outlives
    /// a failure.
    pub fn settle_tmp(&self, tmp: &Path, dest: &Path) -> io::Result<()> {
        let there = fs::symlink_metadata(dest).is_ok();
        if there && same_bytes(tmp, dest) {
            let _ = fs::remove_file(tmp);
            return Ok(());
        }
        self.place_tmp(tmp, dest, Some(!there)).inspect_err(|_| {
            let _ = fs::remove_file(tmp);
        })
    }

    /// Copies `src` into the store, hashing it in the same read. Returns the object's id.
    /// An object already present is left as it is.
    pub fn add_file(&self, src: &Path, kind: HashKind) -> io::Result<Written> {
        let (tmp, mut out) = self.create_tmp()?;
        let result = hash::hash_and_copy_stable(src, &mut out, &tmp, kind);
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
        self.settle_tmp(&tmp, &dest)?;
        Ok(Written { oid, size })
    }

    /// Stores what `write` writes (a `.dir` manifest, streamed) under its md5; returns the id.
    pub fn add_generated(
        &self,
        kind: HashKind,
        is_dir: bool,
        write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<Oid> {
        let (tmp, f) = self.create_tmp()?;
        let result = (|| {
            let mut w = hash::HashingWriter::new(io::BufWriter::new(f));
            write(&mut w)?;
            let (digest, mut inner) = w.finish();
            io::Write::flush(&mut inner)?;
            Ok(Oid { digest, is_dir })
        })();
        let oid = match result {
            Ok(oid) => oid,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        let dest = self.path_for(&oid, kind);
        self.settle_tmp(&tmp, &dest)?;
        Ok(oid)
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

    #[test]
    fn object_keys_are_told_from_other_files() {
        let h30 = "0123456789abcdef0123456789abcd";
        for good in [
            format!("files/md5/ab/{h30}"),
            format!("files/md5/ab/{h30}.dir"),
            format!("ab/{h30}"),
        ] {
            assert!(super::is_object_key(&good), "{good}");
        }
        for bad in [
            format!("files/md5/ab/{h30}.tmp"),
            format!("files/md5/abc/{h30}"),
            format!("files/md5/ab/{h30}0"),
            "files/md5/ab/.".to_string(),
            format!(".dvx-tmp/{h30}"),
            format!("zz/{h30}"),
        ] {
            assert!(!super::is_object_key(&bad), "{bad}");
        }
    }
    use super::*;

    #[test]
    fn only_certain_garbage_is_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let mine_alive = format!(".dvx-tmp.{}.{}.0", owner_key(), std::process::id());
        // PIDs above the kernel's maximum (4194304) never run
        let mine_dead = format!(".dvx-tmp.{}.99999999.0", owner_key());
        let foreign_young = ".dvx-tmp.0123456789ab.1.0".to_string();
        let foreign_old = ".dvx-tmp.0123456789ab.2.0".to_string();
        let unowned_old = ".dvx-tmp.3.0".to_string();
        for n in [
            &mine_alive,
            &mine_dead,
            &foreign_young,
            &foreign_old,
            &unowned_old,
        ] {
            fs::write(d.join(n), "x").unwrap();
        }
        let week_ago =
            std::time::SystemTime::now() - FOREIGN_TMP_AGE - std::time::Duration::from_secs(60);
        for n in [&foreign_old, &unowned_old] {
            File::options()
                .write(true)
                .open(d.join(n))
                .unwrap()
                .set_modified(week_ago)
                .unwrap();
        }
        clean_stale_tmp(d);
        let left: std::collections::BTreeSet<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            left,
            [mine_alive, foreign_young].into_iter().collect(),
            "kept: this process's temporary and another host's recent one"
        );
        assert!(tmp_name(d)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .contains(owner_key()));
    }

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
        // nothing is left behind in the scratch directory
        for d in fs::read_dir(odb.tmp_dir()).unwrap() {
            assert_eq!(fs::read_dir(d.unwrap().path()).unwrap().count(), 0);
        }
        assert_eq!(
            odb.legacy_path(&w.oid),
            dir.path().join("cache/b1/946ac92492d2347c6235b4d2611184")
        );
    }
}
