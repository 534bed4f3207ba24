//! The repository lock: `flock` on `.dvc/tmp/lock`, holding the PID, as DVC takes it, so that
//! dvc and dvx never write to one repository at once.

use std::fs::{File, OpenOptions};
use std::io::{Seek, Write};
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, ErrorKind, IoContext, Result};

/// Held for the life of a command; released when dropped (or when the process dies).
pub struct RepoLock {
    _file: File,
}

/// DVC retries six times over three seconds before giving up; `wait` retries forever.
const RETRIES: u32 = 6;
const RETRY_DELAY: Duration = Duration::from_millis(500);

pub fn acquire(tmp_dir: &Path, wait: bool) -> Result<RepoLock> {
    std::fs::create_dir_all(tmp_dir).ctx("creating", tmp_dir)?;
    let path = tmp_dir.join("lock");
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .ctx("opening the lock file", &path)?;
    let mut attempts = 0;
    loop {
        // SAFETY: flock on a file descriptor we own.
        let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r == 0 {
            break;
        }
        attempts += 1;
        if !wait && attempts > RETRIES {
            return Err(Error::user(format!(
                "unable to acquire the repository lock '{}': another dvx or dvc process is running in this repository",
                path.display()
            ))
            .with_hint("wait for it to finish, or pass --wait-for-lock to wait")
            .kind(ErrorKind::Locked));
        }
        std::thread::sleep(RETRY_DELAY);
    }
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = writeln!(file, " {}", std::process::id());
    Ok(RepoLock { _file: file })
}
