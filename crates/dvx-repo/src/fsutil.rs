//! Small file-system helpers shared by the operations.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use dvx_odb::odb::tmp_name;

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so a
/// reader (or a crash) sees the old content or the new, never a part. The file keeps the
/// permissions of the one it replaces (a 0600 file stays 0600); a new file gets the umask's.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
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
        f.sync_data()?;
        fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    r
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
