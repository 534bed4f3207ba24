//! What a workspace path holds, as the log records it, and how it is read from the disk.

use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use dvx_odb::state::{Reader, Record};
use dvx_odb::{object_key, HashKind, NoProgress, Odb};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::digest::{Current, Hasher};
use crate::error::{Error, Result};

/// A path's content: kept in the log itself for the small files dvx and DVC write (pointer
/// files, `dvc.yaml`, `dvc.lock`, `.gitignore`), by its cache object for everything else.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PathState {
    Absent,
    Text {
        text: String,
    },
    Object {
        key: String,
        /// Unknown for content dvx linked from the cache itself (not looked at again).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<u64>,
        #[serde(default, skip_serializing_if = "is_false")]
        exec: bool,
    },
    Symlink {
        target: String,
    },
    /// A directory (its files are recorded one by one); only seen when checking a path.
    Directory,
    /// A directory made whole, by the `.dir` object listing its files (what a checkout of a
    /// directory output puts where nothing was: one path, not one per file).
    Tree {
        key: String,
        files: u64,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl PathState {
    /// Whether two states hold the same content (an object by its key alone).
    pub fn same(&self, other: &PathState) -> bool {
        match (self, other) {
            (PathState::Object { key: a, .. }, PathState::Object { key: b, .. }) => a == b,
            (PathState::Tree { key: a, .. }, PathState::Tree { key: b, .. }) => a == b,
            _ => self == other,
        }
    }

    /// How the state reads in `op show`.
    pub fn describe(&self) -> String {
        match self {
            PathState::Absent => "absent".into(),
            PathState::Text { text } => {
                let md5 = dvx_formats::Oid::file(dvx_odb::hash::md5_bytes(text.as_bytes())).hex();
                format!("text of {} bytes, md5 {}", text.len(), &md5[..8])
            }
            PathState::Object { key, size, .. } => {
                let md5 = dvx_odb::key_object(key).map_or(key.clone(), |(o, _)| o.to_string());
                match size {
                    Some(size) => format!("md5 {md5}, {size} bytes"),
                    None => format!("md5 {md5}"),
                }
            }
            PathState::Symlink { target } => format!("symlink to {target}"),
            PathState::Directory => "a directory".into(),
            PathState::Tree { key, files } => {
                let md5 = dvx_odb::key_object(key).map_or(key.clone(), |(o, _)| o.to_string());
                format!("a directory of {files} files, md5 {md5}")
            }
        }
    }
}

/// Files whose content the log keeps in itself (when valid UTF-8 and at most this large).
const TEXT_LIMIT: u64 = 256 * 1024;

fn is_text_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".dvc") || matches!(name, "dvc.lock" | "dvc.yaml" | ".gitignore" | ".dvcignore")
}

/// Paths (relative) and what they hold, with the state records hashing them produced.
pub(crate) type Captured = (Vec<(String, PathState)>, Vec<Record>);

/// How paths are read: the root, the cache, the state database.
pub(crate) struct Reading<'a> {
    pub root: &'a Path,
    pub odb: &'a Odb,
    pub state: &'a Reader,
    /// Whether content not in the cache is put there (before it is overwritten).
    pub store: bool,
}

impl Reading<'_> {
    /// The state of `path` and, for a directory, of every file under it (relative paths).
    pub fn capture(&self, path: &Path) -> Result<Captured> {
        let meta = match fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok((vec![(self.rel(path), PathState::Absent)], Vec::new()))
            }
            Err(e) => return Err(Error::io("reading metadata of", path, e)),
        };
        if !meta.is_dir() {
            let (state, records) = self.file(path, &meta)?;
            return Ok((vec![(self.rel(path), state)], records));
        }
        let mut files = Vec::new();
        list_files(path, &mut files).map_err(|e| Error::io("listing", path, e))?;
        let captured: Vec<(String, PathState, Vec<Record>)> = files
            .par_iter()
            .map(|(p, m)| {
                let (s, r) = self.file(p, m)?;
                Ok((self.rel(p), s, r))
            })
            .collect::<Result<_>>()?;
        let mut records = Vec::new();
        let states = captured
            .into_iter()
            .map(|(p, s, r)| {
                records.extend(r);
                (p, s)
            })
            .collect();
        Ok((states, records))
    }

    /// What `path` holds, a directory as a [`PathState::Tree`] (its files hashed, through
    /// the state database; nothing stored).
    pub fn tree(&self, path: &Path) -> Result<PathState> {
        match fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => {
                let hasher = Hasher {
                    state: self.state,
                    kind: HashKind::Md5,
                    store: None,
                    progress: &NoProgress,
                    save_early: None,
                };
                Ok(match hasher.output(path)?.0 {
                    Current::Dir { oid, manifest, .. } => PathState::Tree {
                        key: object_key(&oid, HashKind::Md5),
                        files: manifest.entries.len() as u64,
                    },
                    _ => PathState::Directory,
                })
            }
            Ok(m) => Ok(self.file(path, &m)?.0),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(PathState::Absent),
            Err(e) => Err(Error::io("reading metadata of", path, e)),
        }
    }

    fn rel(&self, path: &Path) -> String {
        crate::fsutil::rel_slash(self.root, path).unwrap_or_else(|| path.display().to_string())
    }

    fn file(&self, path: &Path, meta: &fs::Metadata) -> Result<(PathState, Vec<Record>)> {
        if meta.file_type().is_symlink() {
            let target = fs::read_link(path).map_err(|e| Error::io("reading link", path, e))?;
            let abs = crate::fsutil::absolutize(path.parent().unwrap_or(self.root), &target);
            if let Some(key) = abs
                .strip_prefix(self.odb.root())
                .ok()
                .and_then(|k| k.to_str())
                .filter(|k| dvx_odb::is_object_key(k))
            {
                let size = fs::metadata(&abs).map(|m| m.len()).ok();
                return Ok((
                    PathState::Object {
                        key: key.to_string(),
                        size,
                        exec: false,
                    },
                    Vec::new(),
                ));
            }
            return Ok((
                PathState::Symlink {
                    target: target.to_string_lossy().into_owned(),
                },
                Vec::new(),
            ));
        }
        if meta.is_dir() {
            return Ok((PathState::Directory, Vec::new()));
        }
        if is_text_name(path) && meta.len() <= TEXT_LIMIT {
            let bytes = fs::read(path).map_err(|e| Error::io("reading", path, e))?;
            if let Ok(text) = String::from_utf8(bytes) {
                return Ok((PathState::Text { text }, Vec::new()));
            }
        }
        let hasher = Hasher {
            state: self.state,
            kind: HashKind::Md5,
            store: self.store.then_some(self.odb),
            progress: &NoProgress,
            save_early: None,
        };
        let (current, records) = hasher.output(path)?;
        let Current::File { oid, size, .. } = current else {
            return Ok((PathState::Absent, records));
        };
        Ok((
            PathState::Object {
                key: object_key(&oid, HashKind::Md5),
                size: Some(size),
                exec: meta.permissions().mode() & 0o100 != 0,
            },
            records,
        ))
    }
}

/// Every non-directory entry under `dir` (symlinks are not followed).
fn list_files(dir: &Path, out: &mut Vec<(PathBuf, fs::Metadata)>) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let meta = e.metadata()?;
        if meta.is_dir() {
            list_files(&e.path(), out)?;
        } else {
            out.push((e.path(), meta));
        }
    }
    Ok(())
}

/// What `path` holds now, nothing stored. A directory is [`PathState::Directory`], or with
/// `as_tree` a [`PathState::Tree`] (its files hashed).
pub fn capture_current(
    repo: &crate::Repo,
    odb: &Odb,
    state: &Reader,
    path: &Path,
    as_tree: bool,
) -> Result<PathState> {
    let reading = Reading {
        root: &repo.root,
        odb,
        state,
        store: false,
    };
    if as_tree {
        return reading.tree(path);
    }
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Ok(PathState::Directory),
        Ok(m) => Ok(reading.file(path, &m)?.0),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(PathState::Absent),
        Err(e) => Err(Error::io("reading metadata of", path, e)),
    }
}
