//! A tracked directory read through the file-system monitor: what it held at one of the
//! monitor's clocks (a memo in the state database, its manifest with each file's size in a file
//! beside it) patched with what the monitor says changed since, each changed file hashed as
//! usual. When the monitor cannot vouch for its answer, or the change is one a patch cannot
//! follow (a `.dvcignore`, a symlink, a file written while read), the directory is walked, and
//! the walk leaves a new memo taken at a clock read before it.
//!
//! With the cache inside the watched root, the monitor also vouches that a directory's objects
//! are all still in the cache (none deleted since they all were), sparing `status` a look at
//! each ([`known_in_cache`]).
//!
//! A memo's manifest file: `dvxdirs1`, the `.dir` digest (16 bytes), the number of files (8,
//! little-endian), then per file its md5 (16), its size (8) and its path's length (4) and bytes.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::Path;

use dvx_formats::{DirEntry, Manifest, Oid};
use dvx_odb::state::{DirMemo, FileStamp, Reader, Record, Watching};
use dvx_odb::{HashKind, Odb};
use rayon::prelude::*;

use super::{Current, Hasher};
use crate::error::Result;
use crate::fsutil::is_tmp_name;
use crate::walk::{always_ignored, dvcignore_match};

const MAGIC: &[u8; 8] = b"dvxdirs1";

/// A patched directory and the state records of the files it hashed, or why there is none.
type Patched = std::result::Result<(Current, Vec<Record>), String>;

/// What a patch starts from: the memo's files and their sizes, in the manifest's order.
struct Files {
    entries: Vec<DirEntry>,
    sizes: Vec<u64>,
}

impl Hasher<'_> {
    /// The directory at `root` through the monitor `w`.
    pub(super) fn watched_dir(&self, w: &Watching, root: &Path) -> Result<(Current, Vec<Record>)> {
        let shown = root.display();
        match self.state.dir_memo(root, self.kind) {
            None => self.progress.debug(&format!(
                "watchman: walking '{shown}', which dvx has not read with watchman before"
            )),
            Some(memo) => match w.watch.since(root, &memo.clock) {
                Ok((clock, changes)) => match self.patched(w, root, &memo, clock, changes)? {
                    Ok(done) => return Ok(done),
                    Err(why) => self
                        .progress
                        .debug(&format!("watchman: walking '{shown}': {why}")),
                },
                Err(why) => self
                    .progress
                    .debug(&format!("watchman: walking '{shown}': {why}")),
            },
        }
        let clock = w.watch.clock(root);
        if let Err(why) = &clock {
            self.progress
                .debug(&format!("watchman: cannot watch '{shown}': {why}"));
        }
        let (current, records, sizes) = self.dir(root, true)?;
        if let (
            Ok(clock),
            Current::Dir {
                oid,
                manifest,
                size,
                symlinks,
                changed,
            },
        ) = (clock, &current)
        {
            // a symlink's target is not watched, and a file written while read changes again
            if symlinks.is_empty() && changed.is_empty() {
                let held = Held {
                    oid: *oid,
                    size: *size,
                    entries: &manifest.entries,
                    sizes: &sizes,
                };
                remember(w, root, self.kind, clock, &held);
            }
        }
        Ok((current, records))
    }

    /// Whether the monitor vouches that the directory at `root` still holds `want`: its memo
    /// says so and nothing in it changed since. Its manifest is not read: a no-op `status` or
    /// `checkout` of a million files need not hold a million entries.
    pub fn still_holds(&self, root: &Path, want: &Oid) -> bool {
        let Some(w) = self.state.watching() else {
            return false;
        };
        match self.state.dir_memo(root, self.kind) {
            Some(memo) if want.is_dir && memo.digest == want.digest => {
                matches!(w.watch.since(root, &memo.clock), Ok((_, changes)) if changes.is_empty())
            }
            _ => false,
        }
    }

    /// The memo patched with `changes` (paths relative to `root`), or why it cannot be.
    fn patched(
        &self,
        w: &Watching,
        root: &Path,
        memo: &DirMemo,
        clock: String,
        changes: Vec<String>,
    ) -> Result<Patched> {
        let Some(old) = read_memo(&w.watch.manifest_path(root, self.kind), memo) else {
            return Ok(Err("its remembered manifest is missing or damaged".into()));
        };
        let mut records = Vec::new();
        // a changed path: its new entry, or None when it is no file of the directory now
        let mut touched: BTreeMap<String, Option<(Oid, u64)>> = BTreeMap::new();
        // paths gone: whatever was below them is gone too
        let mut gone: HashSet<String> = HashSet::new();
        for rel in changes {
            let mut parts = rel.split('/');
            if parts.any(|c| always_ignored(c.as_ref()))
                || rel.rsplit('/').next().is_some_and(is_tmp_name)
            {
                continue;
            }
            if rel == ".dvcignore" || rel.ends_with("/.dvcignore") {
                return Ok(Err(format!("'{rel}' changed")));
            }
            let path = root.join(&rel);
            let meta = match fs::symlink_metadata(&path) {
                Ok(m) => m,
                // gone, or a file where a directory above it was
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    touched.insert(rel.clone(), None);
                    gone.insert(rel);
                    continue;
                }
                Err(e) => return Err(crate::Error::io("reading metadata of", &path, e)),
            };
            if meta.file_type().is_symlink() {
                return Ok(Err(format!("'{rel}' is a symlink")));
            }
            // a directory's files are reported one by one; sockets and fifos are no files
            if !meta.is_file() || dvcignore_match(Path::new("/"), &path).is_some() {
                touched.insert(rel, None);
                continue;
            }
            let h = self.file(&path, FileStamp::of(&meta))?;
            if h.changed {
                return Ok(Err(format!("'{rel}' changed while it was read")));
            }
            records.extend(h.records.into_iter().flatten());
            touched.insert(rel, Some((h.oid, h.size)));
        }
        let unchanged = touched.is_empty();
        let (entries, sizes) = if unchanged {
            (old.entries, old.sizes)
        } else {
            merged(old, &touched, &gone)
        };
        let vouched =
            |odb: &Odb| known_in_cache(self.state, odb, &Oid::dir(memo.digest), self.kind);
        if let Some(odb) = self.store.filter(|odb| !vouched(odb)) {
            // the cache must hold every file it names, as after a walk: the unchanged files it
            // lacks (read before without storing them) are stored from the workspace now (the
            // changed ones were stored as they were hashed; the monitor may vouch for the rest)
            let kind = self.kind;
            let missing: Vec<usize> = (0..entries.len())
                .into_par_iter()
                .filter(|&i| {
                    let (e, size) = (&entries[i], sizes[i]);
                    fs::metadata(odb.path_for(&e.oid, kind)).map_or(true, |m| m.len() != size)
                })
                .collect();
            for i in missing {
                let e = &entries[i];
                let path = root.join(&e.relpath);
                let meta = fs::metadata(&path)
                    .map_err(|err| crate::Error::io("reading metadata of", &path, err))?;
                let h = self.file(&path, FileStamp::of(&meta))?;
                if h.changed || h.oid != e.oid {
                    return Ok(Err(format!("'{}' is not what it was", e.relpath)));
                }
                records.extend(h.records.into_iter().flatten());
            }
        }
        let size = sizes.iter().sum();
        let manifest = Manifest { entries };
        let oid = match self.store {
            None if unchanged => Oid::dir(memo.digest),
            Some(odb) if unchanged && odb.exists(&Oid::dir(memo.digest), self.kind) => {
                Oid::dir(memo.digest)
            }
            _ => self.manifest_oid(root, &manifest)?,
        };
        if !unchanged {
            let held = Held {
                oid,
                size,
                entries: &manifest.entries,
                sizes: &sizes,
            };
            remember(w, root, self.kind, clock, &held);
        }
        Ok(Ok((
            Current::Dir {
                oid,
                manifest,
                size,
                symlinks: Vec::new(),
                changed: Vec::new(),
            },
            records,
        )))
    }
}

/// The memo's files (sorted) without the changed and gone ones, merged with the changed files
/// that exist (sorted too), with their sizes.
fn merged(
    old: Files,
    touched: &BTreeMap<String, Option<(Oid, u64)>>,
    gone: &HashSet<String>,
) -> (Vec<DirEntry>, Vec<u64>) {
    let below_gone = |relpath: &str| {
        !gone.is_empty()
            && relpath
                .match_indices('/')
                .any(|(i, _)| gone.contains(&relpath[..i]))
    };
    let mut entries = Vec::with_capacity(old.entries.len());
    let mut sizes = Vec::with_capacity(old.entries.len());
    let mut new_files = touched
        .iter()
        .filter_map(|(relpath, new)| new.map(|(oid, size)| (relpath, oid, size)))
        .peekable();
    for (e, size) in old.entries.into_iter().zip(old.sizes) {
        while let Some((relpath, oid, size)) =
            new_files.next_if(|(relpath, ..)| relpath.as_str() < e.relpath.as_str())
        {
            entries.push(DirEntry {
                relpath: relpath.clone(),
                oid,
            });
            sizes.push(size);
        }
        if !touched.contains_key(&e.relpath) && !below_gone(&e.relpath) {
            entries.push(e);
            sizes.push(size);
        }
    }
    for (relpath, oid, size) in new_files {
        entries.push(DirEntry {
            relpath: relpath.clone(),
            oid,
        });
        sizes.push(size);
    }
    (entries, sizes)
}

/// What a directory held: its `.dir` id, its size, and its files with their sizes.
struct Held<'a> {
    oid: Oid,
    size: u64,
    entries: &'a [DirEntry],
    sizes: &'a [u64],
}

/// Writes the memo of `root` (its manifest file first, so a memo always finds its files; a
/// failure only costs a walk next time).
fn remember(w: &Watching, root: &Path, kind: HashKind, clock: String, held: &Held) {
    let Held {
        oid,
        size,
        entries,
        sizes,
    } = *held;
    let path = w.watch.manifest_path(root, kind);
    let mut bytes = Vec::with_capacity(32 + entries.len() * 64);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&oid.digest);
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (e, size) in entries.iter().zip(sizes) {
        bytes.extend_from_slice(&e.oid.digest);
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&(e.relpath.len() as u32).to_le_bytes());
        bytes.extend_from_slice(e.relpath.as_bytes());
    }
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|_| write_replacing(&path, &bytes));
    if written.is_err() {
        return;
    }
    let memo = DirMemo {
        clock,
        digest: oid.digest,
        size,
        nfiles: entries.len() as u64,
    };
    let _ = w.state.record_dir(root, kind, Some(&memo));
}

/// Writes `bytes` to `path` through a temporary file renamed over it.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The memo's files, when its manifest file is the one the memo names.
fn read_memo(path: &Path, memo: &DirMemo) -> Option<Files> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC)?;
    if rest.get(..16)? != memo.digest {
        return None;
    }
    let n = u64::from_le_bytes(rest.get(16..24)?.try_into().ok()?);
    if n != memo.nfiles {
        return None;
    }
    let mut at = &rest[24..];
    let mut entries = Vec::with_capacity(n as usize);
    let mut sizes = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let digest: [u8; 16] = at.get(..16)?.try_into().ok()?;
        let size = u64::from_le_bytes(at.get(16..24)?.try_into().ok()?);
        let len = u32::from_le_bytes(at.get(24..28)?.try_into().ok()?) as usize;
        let relpath = std::str::from_utf8(at.get(28..28 + len)?).ok()?.to_string();
        at = &at[28 + len..];
        entries.push(DirEntry {
            relpath,
            oid: Oid::file(digest),
        });
        sizes.push(size);
    }
    (at.is_empty() && sizes.iter().sum::<u64>() == memo.size).then_some(Files { entries, sizes })
}

/// Whether the monitor vouches that every file of the directory `oid` is in the cache: they all
/// were at a clock remembered by [`remember_in_cache`], and no object was deleted since.
pub fn known_in_cache(state: &Reader, odb: &Odb, oid: &Oid, kind: HashKind) -> bool {
    let Some(w) = state.watching() else {
        return false;
    };
    let Some(memo) = state.dir_memo(&odb.path_for(oid, kind), kind) else {
        return false;
    };
    if memo.digest != oid.digest {
        return false;
    }
    match w.watch.deleted_since(odb.root(), &memo.clock) {
        // temporary files come and go; only an object's deletion counts
        Ok((_, deleted)) => !deleted.iter().any(|rel| dvx_odb::is_object_key(rel)),
        Err(_) => false,
    }
}

/// The monitor's clock of the cache now, to be taken before its objects are looked for.
pub fn cache_clock(state: &Reader, odb: &Odb) -> Option<String> {
    state.watching()?.watch.clock(odb.root()).ok()
}

/// Remembers that every file of the directory `oid` was in the cache at `clock`.
pub fn remember_in_cache(state: &Reader, odb: &Odb, oid: &Oid, kind: HashKind, clock: String) {
    if let Some(w) = state.watching() {
        let memo = DirMemo {
            clock,
            digest: oid.digest,
            size: 0,
            nfiles: 0,
        };
        let _ = w
            .state
            .record_dir(&odb.path_for(oid, kind), kind, Some(&memo));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so failures can be replayed.
    struct Gen(u64);
    impl Gen {
        fn next(&mut self, below: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % below
        }
        fn path(&mut self) -> String {
            let depth = 1 + self.next(3);
            (0..depth)
                .map(|_| ["a", "b", "a.b", "a-b", "c", "ä"][self.next(6) as usize].to_string())
                .collect::<Vec<_>>()
                .join("/")
        }
    }

    /// The merge equals the plain way (drop what changed or went, add what is new, sort) on
    /// random manifests and random changes.
    #[test]
    fn merging_changes_equals_sorting_them_in() {
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for _ in 0..500 {
            let mut old: BTreeMap<String, (Oid, u64)> = BTreeMap::new();
            for _ in 0..g.next(40) {
                let n = g.next(1000);
                old.insert(g.path(), (Oid::file([n as u8; 16]), n));
            }
            let mut touched = BTreeMap::new();
            let mut gone = HashSet::new();
            for _ in 0..g.next(10) {
                let p = g.path();
                match g.next(3) {
                    0 => {
                        touched.insert(p.clone(), None);
                        gone.insert(p);
                    }
                    1 => {
                        touched.insert(p, None);
                    }
                    _ => {
                        let n = g.next(1000);
                        touched.insert(p, Some((Oid::file([n as u8; 16]), n)));
                    }
                }
            }
            let files = Files {
                entries: old
                    .iter()
                    .map(|(p, (oid, _))| DirEntry {
                        relpath: p.clone(),
                        oid: *oid,
                    })
                    .collect(),
                sizes: old.values().map(|(_, s)| *s).collect(),
            };
            let (entries, sizes) = merged(files, &touched, &gone);
            let mut want: Vec<(String, Oid, u64)> = old
                .iter()
                .filter(|(p, _)| {
                    !touched.contains_key(*p)
                        && !gone.iter().any(|g| p.starts_with(&format!("{g}/")))
                })
                .map(|(p, (o, s))| (p.clone(), *o, *s))
                .chain(
                    touched
                        .iter()
                        .filter_map(|(p, n)| n.map(|(o, s)| (p.clone(), o, s))),
                )
                .collect();
            want.sort_by(|a, b| a.0.cmp(&b.0));
            let got: Vec<(String, Oid, u64)> = entries
                .into_iter()
                .zip(sizes)
                .map(|(e, s)| (e.relpath, e.oid, s))
                .collect();
            assert_eq!(got, want);
        }
    }
}
