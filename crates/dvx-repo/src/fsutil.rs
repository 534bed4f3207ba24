//! Small file-system helpers shared by the operations.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use dvx_odb::odb::tmp_name;

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// reader (or a crash) sees the old content or the new, never a part. The file keeps the
/// permissions of the one it replaces (a 0600 file stays 0600); a new file gets the umask's.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let (tmp, f) = write_tmp(path, bytes)?;
    let r = f.sync_data().and_then(|()| fs::rename(&tmp, path));
    if r.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    r
}

/// Below this many files, [`write_atomic_all`] syncs each file: one sync of the whole file
/// system also waits for whatever else is being written there (a big file just added).
const SYNC_EACH_BELOW: usize = 64;

/// [`write_atomic`] of many files, made durable together: every temporary file is written,
/// the file system synced once, then each is renamed (an `add` of thousands of targets would
/// otherwise wait for the disk once per pointer file). A reader or a crash still sees each
/// file old or new, never a part. Returns how many were renamed into place, and the first
/// error with the index of the file it concerns; the temporary files of the others are removed.
pub fn write_atomic_all(files: &[(&Path, &[u8])]) -> (usize, Result<(), (usize, io::Error)>) {
    if files.len() < SYNC_EACH_BELOW {
        for (i, (path, bytes)) in files.iter().enumerate() {
            if let Err(e) = write_atomic(path, bytes) {
                return (i, Err((i, e)));
            }
        }
        return (files.len(), Ok(()));
    }
    use std::os::unix::fs::MetadataExt;
    let mut tmps: Vec<PathBuf> = Vec::with_capacity(files.len());
    // one open file per file system written to (with the index of a file there), to sync it
    let mut devices: Vec<(u64, usize, fs::File)> = Vec::new();
    let mut renamed = 0;
    let r = (|| {
        for (i, (path, bytes)) in files.iter().enumerate() {
            let (tmp, f) = write_tmp(path, bytes).map_err(|e| (i, e))?;
            tmps.push(tmp);
            let dev = f.metadata().map_err(|e| (i, e))?.dev();
            if !devices.iter().any(|(d, _, _)| *d == dev) {
                devices.push((dev, i, f));
            }
        }
        for (_, i, f) in &devices {
            syncfs(f).map_err(|e| (*i, e))?;
        }
        for (i, ((path, _), tmp)) in files.iter().zip(&tmps).enumerate() {
            fs::rename(tmp, path).map_err(|e| (i, e))?;
            renamed += 1;
        }
        Ok(())
    })();
    if r.is_err() {
        for tmp in &tmps[renamed..] {
            let _ = fs::remove_file(tmp);
        }
    }
    (renamed, r)
}

/// Writes out everything cached for the file system `f` is on, and waits for it.
#[allow(unsafe_code)]
fn syncfs(f: &fs::File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: syncfs only reads the descriptor, which `f` keeps open for the call
    match unsafe { libc::syncfs(f.as_raw_fd()) } {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}

/// A temporary file beside `path` holding `bytes` (not yet synced), with the permissions of
/// the file at `path` (a 0600 file stays 0600) or, for a new file, the umask's.
fn write_tmp(path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, fs::File)> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tmp_name(dir);
    let old_mode = fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions().mode() & 0o7777);
    let r = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            // never readable by others before the mode is set, when the old file was not
            .mode(old_mode.map_or(0o666, |m| m & 0o700 | 0o600))
            .open(&tmp)?;
        if let Some(m) = old_mode {
            f.set_permissions(fs::Permissions::from_mode(m))?;
        }
        f.write_all(bytes)?;
        Ok(f)
    })();
    match r {
        Ok(f) => Ok((tmp, f)),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The file `path` names once symlinks of the file itself are followed (a config file linked
/// from elsewhere is written where it lives, keeping the link); `path` when it is not a link.
pub fn resolve_file_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                let base = p.parent().unwrap_or(Path::new("/")).to_path_buf();
                p = absolutize(&base, &target);
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at '{}'",
        path.display()
    )))
}

/// `path` made absolute against `cwd` and cleaned of `.` and `..` without touching the disk.
pub fn absolutize(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` with `/` separators, if it is inside `base`.
pub fn rel_slash(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let s = rel.to_str()?;
    Some(s.to_string())
}

/// Whether a file name is one of dvx's temporary files (skipped by walks, cleaned by checkout).
pub fn is_tmp_name(name: &str) -> bool {
    name.starts_with(".dvx-tmp.")
}

/// Makes a read-only file writable (before replacing it or unprotecting it).
pub fn make_writable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    let mode = meta.permissions().mode();
    if mode & 0o200 == 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(mode | 0o200))?;
    }
    Ok(())
}

/// `path` relative to `base` (both absolute and clean), with `..` as needed; `.` if equal.
pub fn relative_path(base: &Path, path: &Path) -> String {
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), b.len() - common).collect();
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn many_files_are_written_whole_with_their_modes_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let private = d.join("f000");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        let paths: Vec<PathBuf> = (0..100).map(|i| d.join(format!("f{i:03}"))).collect();
        let texts: Vec<String> = (0..100).map(|i| format!("text {i}\n")).collect();
        let files: Vec<(&Path, &[u8])> = paths
            .iter()
            .zip(&texts)
            .map(|(p, t)| (p.as_path(), t.as_bytes()))
            .collect();
        let (renamed, r) = write_atomic_all(&files);
        r.unwrap();
        assert_eq!(renamed, 100);
        for (p, t) in paths.iter().zip(&texts) {
            assert_eq!(fs::read_to_string(p).unwrap(), *t);
        }
        let mode = fs::metadata(&private).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(
            fs::read_dir(d).unwrap().count(),
            100,
            "no temporary file is left"
        );

        // one file that cannot be written: none is renamed, no temporary file is left
        let bad = d.join("missing/dir/f");
        let mut files = files;
        files[50] = (bad.as_path(), b"x");
        for (_, t) in files.iter_mut().take(50) {
            *t = b"new";
        }
        let (renamed, r) = write_atomic_all(&files);
        assert_eq!(
            r.map_err(|(i, _)| i),
            Err(50),
            "the error names the file it concerns"
        );
        assert_eq!(renamed, 0);
        assert_eq!(fs::read_to_string(&paths[0]).unwrap(), texts[0]);
        assert_eq!(
            fs::read_dir(d).unwrap().count(),
            100,
            "no temporary file is left"
        );
    }
}
