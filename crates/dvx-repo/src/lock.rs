//! The repository lock, taken as DVC takes it, so that dvc and dvx never write to one
//! repository at once:
//!
//! - by default `flock` on `.dvc/tmp/lock`, which holds ` PID` (zc.lockfile's protocol);
//! - with `core.hardlink_lock = true` (for NFS and Lustre, where `flock` may not work), the
//!   protocol of DVC's `HardlinkLock` (flufl.lock): a claim file
//!   `.dvc/tmp/<md5 of "lockfile|host|pid|random">.lock` holding its own path, dated a year
//!   ahead, hard-linked to `.dvc/tmp/lock`; the lock is held while that link exists with a link
//!   count of 2, and released by removing both names.

use std::fs::{File, OpenOptions};
use std::io::{Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::error::{Error, ErrorKind, IoContext, Result};

/// Held for the life of a command; released when dropped (or, for `flock`, when the process
/// dies).
pub struct RepoLock {
    held: Held,
}

enum Held {
    Flock(#[allow(dead_code)] File),
    Hardlink { lockfile: PathBuf, claim: PathBuf },
}

/// DVC gives up after three seconds; `wait` waits for as long as it takes.
const TIMEOUT: Duration = Duration::from_secs(3);
const RETRY_DELAY: Duration = Duration::from_millis(100);

fn locked_error(path: &Path, hardlink: bool) -> Error {
    let hint = if hardlink {
        "wait for it to finish, or pass --wait-for-lock to wait; with core.hardlink_lock a killed dvc or dvx leaves the lock behind: if none is running, remove .dvc/tmp/lock"
    } else {
        "wait for it to finish, or pass --wait-for-lock to wait"
    };
    Error::user(format!(
        "unable to acquire the repository lock '{}': another dvx or dvc process is running in this repository",
        path.display()
    ))
    .with_hint(hint)
    .kind(ErrorKind::Locked)
}

/// Takes the lock of the repository whose scratch directory is `tmp_dir`.
pub fn acquire(tmp_dir: &Path, wait: bool, hardlink: bool) -> Result<RepoLock> {
    std::fs::create_dir_all(tmp_dir).ctx("creating", tmp_dir)?;
    let path = tmp_dir.join("lock");
    let held = if hardlink {
        hardlink_lock(tmp_dir, &path, wait)?
    } else {
        Held::Flock(flock(&path, wait)?)
    };
    Ok(RepoLock { held })
}

/// Takes another of DVC's lock files (`.dvc/tmp/exps/rwlock.lock`) with `flock`, as
/// zc.lockfile takes it: the file holds ` PID` while the lock is held.
pub fn acquire_file(path: &Path, wait: bool) -> Result<RepoLock> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ctx("creating", dir)?;
    }
    Ok(RepoLock {
        held: Held::Flock(flock(path, wait)?),
    })
}

/// `flock(LOCK_EX | LOCK_NB)`, as zc.lockfile takes DVC's lock.
fn try_flock(file: &File) -> bool {
    file.try_lock().is_ok()
}

fn flock(path: &Path, wait: bool) -> Result<File> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .ctx("opening the lock file", path)?;
    let start = Instant::now();
    while !try_flock(&file) {
        if !wait && start.elapsed() > TIMEOUT {
            return Err(locked_error(path, false));
        }
        std::thread::sleep(RETRY_DELAY);
    }
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = writeln!(file, " {}", std::process::id());
    Ok(file)
}

pub(crate) fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into a buffer we own.
    #[allow(unsafe_code)]
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if r != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish() >> 1
}

fn hardlink_lock(tmp_dir: &Path, lockfile: &Path, wait: bool) -> Result<Held> {
    let name = format!(
        "{}|{}|{}|{}",
        lockfile.display(),
        hostname(),
        std::process::id(),
        random_u64()
    );
    let digest = dvx_odb::hash::md5_bytes(name.as_bytes());
    let claim = tmp_dir.join(format!("{}.lock", dvx_formats::Oid::file(digest)));
    let claim_text = claim.display().to_string();
    std::fs::write(&claim, &claim_text).ctx("writing the lock claim", &claim)?;
    // dated a year ahead, as DVC's lock lifetime: nobody breaks it as expired
    let ahead = SystemTime::now() + Duration::from_secs(365 * 24 * 3600);
    let _ = File::options()
        .write(true)
        .open(&claim)
        .and_then(|f| f.set_modified(ahead));
    let start = Instant::now();
    loop {
        match std::fs::hard_link(&claim, lockfile) {
            Ok(()) => {
                return Ok(Held::Hardlink {
                    lockfile: lockfile.to_path_buf(),
                    claim,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if remove_flock_leftover(lockfile) {
                    continue;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let _ = std::fs::remove_file(&claim);
                return Err(Error::io("taking the repository lock", lockfile, e));
            }
        }
        if !wait && start.elapsed() > TIMEOUT {
            let _ = std::fs::remove_file(&claim);
            return Err(locked_error(lockfile, true));
        }
        std::thread::sleep(RETRY_DELAY);
    }
}

/// With `core.hardlink_lock` newly on, `.dvc/tmp/lock` may still be the plain file of the
/// `flock` protocol (one link, ` PID` inside), which would block every hard-link lock forever.
/// It is removed when nobody holds a `flock` on it; true if it was.
fn remove_flock_leftover(lockfile: &Path) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(lockfile) else {
        return false;
    };
    if !meta.is_file() || meta.nlink() != 1 {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(lockfile) else {
        return false;
    };
    let t = text.trim();
    if !(t.is_empty() || t.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let Ok(file) = OpenOptions::new().read(true).open(lockfile) else {
        return false;
    };
    try_flock(&file) && std::fs::remove_file(lockfile).is_ok()
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        if let Held::Hardlink { lockfile, claim } = &self.held {
            // only our own link is removed: the lock file must still be our claim
            let ours = std::fs::metadata(lockfile).is_ok_and(|m| m.nlink() == 2)
                && std::fs::read_to_string(lockfile)
                    .is_ok_and(|t| t == claim.display().to_string());
            if ours {
                let _ = std::fs::remove_file(lockfile);
            }
            let _ = std::fs::remove_file(claim);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardlink_lock_excludes_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path();
        let a = acquire(tmp, false, true).unwrap();
        let lockfile = tmp.join("lock");
        assert_eq!(std::fs::metadata(&lockfile).unwrap().nlink(), 2);
        let e = acquire(tmp, false, true).err().expect("a second lock");
        assert_eq!(e.kind, ErrorKind::Locked);
        drop(a);
        assert_eq!(std::fs::read_dir(tmp).unwrap().count(), 0, "claims left");
        // a plain lock file of the flock protocol is no obstacle once nobody holds it
        let f = acquire(tmp, false, false).unwrap();
        assert!(acquire(tmp, false, true).is_err(), "flock holder ignored");
        drop(f);
        let h = acquire(tmp, false, true).unwrap();
        drop(h);
        assert!(!lockfile.exists());
    }
}
