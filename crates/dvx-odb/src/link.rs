//! Putting cache objects into the workspace: reflink, copy, hardlink or symlink (`cache.type`).
//!
//! Every link is made under a temporary name next to its destination and renamed over it, so an
//! interrupted checkout leaves either the old file or the new one, never a half-written file.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::odb::tmp_name;

/// Set once a reflink failed here, so the remaining files skip straight to the next type.
static REFLINK_FAILED: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkType {
    Reflink,
    Copy,
    Hardlink,
    Symlink,
}

impl LinkType {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "reflink" => Some(LinkType::Reflink),
            "copy" => Some(LinkType::Copy),
            "hardlink" => Some(LinkType::Hardlink),
            "symlink" => Some(LinkType::Symlink),
            _ => None,
        }
    }

    /// Parses a `cache.type` priority list (`"reflink,copy"`); None names the bad entry.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|p| Self::parse(p).ok_or_else(|| p.trim().to_string()))
            .collect()
    }

    /// Whether the workspace file is the cache object itself (read-only; `unprotect` copies it).
    pub fn shares_object(self) -> bool {
        matches!(self, LinkType::Hardlink | LinkType::Symlink)
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkType::Reflink => "reflink",
            LinkType::Copy => "copy",
            LinkType::Hardlink => "hardlink",
            LinkType::Symlink => "symlink",
        })
    }
}

/// Creates `dest` from `object` with the first link type in `types` that works here, replacing
/// whatever `dest` was atomically. Returns the type used.
pub fn link(object: &Path, dest: &Path, types: &[LinkType]) -> io::Result<LinkType> {
    link_via(object, dest, types, None)
}

/// As [`link`], making the new file in `staging` (a directory on the same file system) and
/// renaming it into place. New files get their inodes near the staging directory rather than
/// near a workspace directory whose files were just deleted, where ext4 searches long for an
/// inode that was not recently freed (a `checkout` right after `rm -rf` of the data).
/// Falls back to the destination's directory if the rename crosses file systems.
pub fn link_via(
    object: &Path,
    dest: &Path,
    types: &[LinkType],
    staging: Option<&Path>,
) -> io::Result<LinkType> {
    if let Some(stage) = staging {
        match link_in(object, dest, types, stage) {
            Err(e) if e.raw_os_error() == Some(libc::EXDEV) => {}
            other => return other,
        }
    }
    link_in(object, dest, types, dest.parent().unwrap_or(Path::new(".")))
}

fn link_in(object: &Path, dest: &Path, types: &[LinkType], dir: &Path) -> io::Result<LinkType> {
    let mut last_err = None;
    for &t in types {
        if t == LinkType::Reflink && REFLINK_FAILED.load(Ordering::Relaxed) {
            continue;
        }
        let tmp = tmp_name(dir);
        let made = match t {
            LinkType::Reflink => reflink_copy::reflink(object, &tmp),
            LinkType::Copy => copy_writable(object, &tmp),
            LinkType::Hardlink => fs::hard_link(object, &tmp),
            LinkType::Symlink => std::os::unix::fs::symlink(object, &tmp),
        };
        match made {
            Ok(()) => {
                if matches!(t, LinkType::Reflink) {
                    // a reflink keeps the object's read-only mode; workspace copies are writable
                    let _ = fs::set_permissions(&tmp, fs::Permissions::from_mode(0o644));
                }
                return match fs::rename(&tmp, dest) {
                    Ok(()) => Ok(t),
                    Err(e) => {
                        let _ = fs::remove_file(&tmp);
                        Err(e)
                    }
                };
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                if t == LinkType::Reflink {
                    REFLINK_FAILED.store(true, Ordering::Relaxed);
                }
                last_err = Some(e);
            }
        }
    }
    Err(last_err.unwrap_or_else(|| io::Error::other("no link type configured")))
}

/// Whether linking an object at `probe` (a new temporary path beside the cache's objects) into
/// directory `dest_dir` with `types` makes a plain copy: copy comes first, or a reflink comes
/// first and does not work between the two places (tried on a one-byte file).
pub fn makes_copies(types: &[LinkType], probe: &Path, dest_dir: &Path) -> bool {
    match types {
        [LinkType::Copy, ..] => true,
        [LinkType::Reflink, LinkType::Copy, ..] => {
            if REFLINK_FAILED.load(Ordering::Relaxed) {
                return true;
            }
            let clone = tmp_name(dest_dir);
            let works =
                fs::write(probe, b"x").is_ok() && reflink_copy::reflink(probe, &clone).is_ok();
            let _ = fs::remove_file(probe);
            let _ = fs::remove_file(&clone);
            !works
        }
        _ => false,
    }
}

/// A plain copy with mode 0644, using the kernel's copy where it can.
fn copy_writable(src: &Path, dst: &Path) -> io::Result<()> {
    let mut from = File::open(src)?;
    let mut to = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode_0644()
        .open(dst)?;
    io::copy(&mut from, &mut to)?;
    Ok(())
}

trait Mode0644 {
    fn mode_0644(&mut self) -> &mut Self;
}

impl Mode0644 for OpenOptions {
    fn mode_0644(&mut self) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::mode(self, 0o644)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn each_link_type_produces_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let obj = dir.path().join("obj");
        fs::write(&obj, "data").unwrap();
        fs::set_permissions(&obj, fs::Permissions::from_mode(0o444)).unwrap();
        for t in [LinkType::Copy, LinkType::Hardlink, LinkType::Symlink] {
            let dest = dir.path().join(format!("ws-{t}"));
            fs::write(&dest, "old").unwrap();
            assert_eq!(link(&obj, &dest, &[t]).unwrap(), t);
            assert_eq!(fs::read(&dest).unwrap(), b"data");
            let same_inode =
                fs::metadata(&dest).unwrap().ino() == fs::metadata(&obj).unwrap().ino();
            assert_eq!(same_inode, t != LinkType::Copy, "{t}");
        }
        assert_eq!(
            LinkType::parse_list("reflink, copy").unwrap(),
            vec![LinkType::Reflink, LinkType::Copy]
        );
        assert_eq!(LinkType::parse_list("copy,bogus").unwrap_err(), "bogus");
    }
}
