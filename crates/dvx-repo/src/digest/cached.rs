//! `.dir` manifests read from the cache: whole, or an entry at a time. Either way the bytes are
//! hashed as they are read, and a manifest whose bytes do not match its name is an error.

use std::fs;
use std::path::{Path, PathBuf};

use dvx_formats::manifest::ManifestReader;
use dvx_formats::{DirEntry, Manifest, ManifestError, Oid};
use dvx_odb::hash::HashingReader;
use dvx_odb::{HashKind, Odb};

use crate::error::{Error, Result};

/// Reads and validates a `.dir` manifest from the cache, as it is read: its bytes are hashed
/// on the way and never all held beside the entries.
pub fn load_manifest(odb: &Odb, oid: &Oid, kind: HashKind) -> Result<Option<Manifest>> {
    load_manifest_at(&odb.path_for(oid, kind), oid)
}

/// [`load_manifest`] of the manifest at `p` (a downloaded one, say) named `oid`.
pub fn load_manifest_at(p: &Path, oid: &Oid) -> Result<Option<Manifest>> {
    let file = match fs::File::open(p) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("reading", p, e)),
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 18, HashingReader::new(file));
    let parsed = Manifest::parse_reader(&mut reader);
    let digest = reader
        .into_inner()
        .finish()
        .map_err(|e| Error::io("reading", p, e))?;
    if digest != oid.digest {
        return Err(corrupt(p));
    }
    parsed.map(Some).map_err(|e| invalid(p, e))
}

fn corrupt(p: &Path) -> Error {
    Error::user(format!(
        "cache object '{}' is corrupt: its content does not match its name",
        p.display()
    ))
    .with_hint("remove it and fetch or re-add the data")
    .kind(crate::ErrorKind::Cache)
}

fn invalid(p: &Path, e: ManifestError) -> Error {
    Error::user(format!(
        "directory manifest '{}' is invalid: {e}",
        p.display()
    ))
    .with_hint("remove it and fetch or re-add the data")
    .kind(crate::ErrorKind::Cache)
    .with_cause(e)
}

/// Whether `e` is a manifest that is valid but not sorted as DVC writes them.
pub fn is_not_sorted(e: &Error) -> bool {
    matches!(
        e.cause.as_deref(),
        Some(crate::error::Cause::Manifest(ManifestError::NotSorted(..)))
    )
}

/// A cached manifest's entries as they are read (see [`ManifestReader`]: checked one by one
/// and in order, never whole in memory). Its digest is checked after the last entry: a corrupt
/// object ends the entries with an error. An unsorted manifest ends them with an error that
/// [`is_not_sorted`]: read it whole instead ([`load_manifest`] sorts).
pub struct CachedEntries {
    reader: Option<ManifestReader<HashingReader<fs::File>>>,
    path: PathBuf,
    digest: [u8; 16],
}

impl CachedEntries {
    /// None when the object is not in the cache.
    pub fn open(odb: &Odb, oid: &Oid, kind: HashKind) -> Result<Option<Self>> {
        Self::at(odb.path_for(oid, kind), oid)
    }

    /// The entries of the manifest at `path` (a downloaded one, say) named `oid`.
    pub fn at(path: PathBuf, oid: &Oid) -> Result<Option<Self>> {
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("reading", &path, e)),
        };
        Ok(Some(CachedEntries {
            reader: Some(ManifestReader::new(HashingReader::new(file))),
            path,
            digest: oid.digest,
        }))
    }
}

impl Iterator for CachedEntries {
    type Item = Result<DirEntry>;

    fn next(&mut self) -> Option<Result<DirEntry>> {
        let next = self.reader.as_mut()?.next();
        match next {
            Some(Ok(e)) => Some(Ok(e)),
            Some(Err(e)) => {
                self.reader = None;
                Some(Err(invalid(&self.path, e)))
            }
            None => {
                let hashed = self.reader.take()?.into_inner().finish();
                match hashed {
                    Ok(d) if d == self.digest => None,
                    Ok(_) => Some(Err(corrupt(&self.path))),
                    Err(e) => Some(Err(Error::io("reading", &self.path, e))),
                }
            }
        }
    }
}

/// A cached manifest's entries in DVC's order: read as they come ([`CachedEntries`]), or held
/// whole (read whole and sorted, for a manifest in another order; or a manifest already in
/// memory).
pub enum Entries {
    Streamed(Box<CachedEntries>),
    Loaded(std::vec::IntoIter<DirEntry>),
}

impl Entries {
    /// The entries of cached manifest `oid` (None when it is not in the cache): streamed, or
    /// with `whole` read whole and sorted — what a caller does again when streaming failed
    /// with an error that [`is_not_sorted`].
    pub fn cached(odb: &Odb, oid: &Oid, kind: HashKind, whole: bool) -> Result<Option<Self>> {
        Self::at(&odb.path_for(oid, kind), oid, whole)
    }

    /// [`Entries::cached`] of the manifest at `path` (a downloaded one, say) named `oid`.
    pub fn at(path: &Path, oid: &Oid, whole: bool) -> Result<Option<Self>> {
        Ok(match whole {
            false => {
                CachedEntries::at(path.to_path_buf(), oid)?.map(|c| Entries::Streamed(Box::new(c)))
            }
            true => load_manifest_at(path, oid)?.map(|m| Entries::Loaded(m.entries.into_iter())),
        })
    }
}

impl Iterator for Entries {
    type Item = Result<DirEntry>;
    fn next(&mut self) -> Option<Result<DirEntry>> {
        match self {
            Entries::Streamed(s) => s.next(),
            Entries::Loaded(l) => l.next().map(Ok),
        }
    }
}

/// Two streams sorted by `cmp` merged as they come: each step is what each side has at the
/// next key (one side or both). The first error of either side ends the merge.
pub fn merge_sorted<T>(
    a: impl Iterator<Item = Result<T>>,
    b: impl Iterator<Item = Result<T>>,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> impl Iterator<Item = Result<(Option<T>, Option<T>)>> {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let order = match (a.peek(), b.peek()) {
            (None, None) => return None,
            (Some(Err(_)), _) | (_, Some(Err(_))) => {
                failed = true;
                let err = match a.peek() {
                    Some(Err(_)) => a.next(),
                    _ => b.next(),
                };
                return err.map(|e| e.map(|_| (None, None)));
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(Ok(x)), Some(Ok(y))) => cmp(x, y),
        };
        // (an error was peeked above: what is taken here is a value)
        let (take_a, take_b) = match order {
            Ordering::Less => (true, false),
            Ordering::Greater => (false, true),
            Ordering::Equal => (true, true),
        };
        let x = a.next_if(|_| take_a).and_then(|r| r.ok());
        let y = b.next_if(|_| take_b).and_then(|r| r.ok());
        Some(Ok((x, y)))
    })
}
