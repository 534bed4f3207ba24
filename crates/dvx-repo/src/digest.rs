//! What an output holds now: its hash (and for a directory its manifest), computed from the
//! state database where it can be and by hashing (in parallel) where it must. With an odb it
//! also stores what it hashes, reading every file once.

use std::fs;
use std::path::Path;

use dvx_formats::{DirEntry, Manifest, Oid};
use dvx_odb::hash::{self, md5_bytes};
use dvx_odb::state::{FileStamp, Reader, Record};
use dvx_odb::{HashKind, Odb};
use rayon::prelude::*;

use crate::error::{Error, IoContext, Result};
use crate::walk::{walk_dir, WalkedFile};
use crate::Progress;

/// An output's current content.
#[derive(Debug, Clone)]
pub enum Current {
    Missing,
    File {
        oid: Oid,
        size: u64,
    },
    Dir {
        oid: Oid,
        manifest: Manifest,
        size: u64,
        sizes: Vec<u64>,
        symlinks: Vec<String>,
    },
}

impl Current {
    pub fn oid(&self) -> Option<Oid> {
        match self {
            Current::Missing => None,
            Current::File { oid, .. } | Current::Dir { oid, .. } => Some(*oid),
        }
    }
}

/// What hashing needs: the state to consult, the kind of hash, and where to store (if anywhere).
pub struct Hasher<'a> {
    pub state: &'a Reader,
    pub kind: HashKind,
    pub store: Option<&'a Odb>,
    pub progress: &'a dyn Progress,
}

/// The result of hashing one file, with the state records it produced.
struct Hashed {
    oid: Oid,
    records: Vec<Record>,
}

impl Hasher<'_> {
    /// Hashes (and with a store, stores) the file at `path` whose metadata is `stamp`.
    fn file(&self, path: &Path, stamp: FileStamp) -> Result<Hashed> {
        if let Some(d) = self.state.lookup(&stamp, self.kind) {
            let oid = Oid::file(d);
            match self.store {
                Some(odb) if !odb.exists(&oid, self.kind) => {}
                _ => {
                    return Ok(Hashed {
                        oid,
                        records: Vec::new(),
                    })
                }
            }
        }
        let mut records = Vec::with_capacity(2);
        let oid = match self.store {
            None => Oid::file(hash::hash_file(path, self.kind).ctx("reading", path)?.0),
            Some(odb) => {
                let w = odb
                    .add_file(path, self.kind)
                    .ctx("copying into the cache", path)?;
                let obj = odb.path_for(&w.oid, self.kind);
                if let Ok(m) = fs::metadata(&obj) {
                    records.push(Record {
                        stamp: FileStamp::of(&m),
                        kind: self.kind,
                        digest: w.oid.digest,
                        written_by_us: true,
                    });
                }
                w.oid
            }
        };
        records.push(Record {
            stamp,
            kind: self.kind,
            digest: oid.digest,
            written_by_us: false,
        });
        Ok(Hashed { oid, records })
    }

    /// The current content of the output at `path`, and the state records to save.
    pub fn output(&self, path: &Path) -> Result<(Current, Vec<Record>)> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Current::Missing, Vec::new()))
            }
            Err(e) => return Err(Error::io("reading metadata of", path, e)),
        };
        if meta.is_file() {
            let h = self.file(path, FileStamp::of(&meta))?;
            return Ok((
                Current::File {
                    oid: h.oid,
                    size: meta.len(),
                },
                h.records,
            ));
        }
        if !meta.is_dir() {
            return Err(Error::user(format!(
                "'{}' is neither a file nor a directory",
                path.display()
            )));
        }
        let files = walk_dir(path)?;
        self.dir(path, files)
    }

    fn dir(&self, root: &Path, files: Vec<WalkedFile>) -> Result<(Current, Vec<Record>)> {
        self.progress.begin("hashing", files.len() as u64);
        let symlinks: Vec<String> = files
            .iter()
            .filter(|f| f.via_symlink)
            .map(|f| f.relpath.clone())
            .collect();
        let results: Vec<Result<(DirEntry, u64, Vec<Record>)>> = files
            .into_par_iter()
            .map(|f| {
                let p = root.join(&f.relpath);
                let h = self.file(&p, f.stamp)?;
                self.progress.advance(1);
                Ok((
                    DirEntry {
                        relpath: f.relpath,
                        oid: h.oid,
                    },
                    f.stamp.size,
                    h.records,
                ))
            })
            .collect();
        self.progress.end();
        let mut entries = Vec::with_capacity(results.len());
        let mut records = Vec::new();
        let mut pairs = Vec::with_capacity(results.len());
        for r in results {
            let (e, size, recs) = r?;
            records.extend(recs);
            pairs.push((e, size));
        }
        pairs.sort_unstable_by(|a, b| a.0.relpath.cmp(&b.0.relpath));
        let mut sizes = Vec::with_capacity(pairs.len());
        let mut total = 0;
        for (e, s) in pairs {
            total += s;
            sizes.push(s);
            entries.push(e);
        }
        let manifest = Manifest { entries };
        let json = manifest.to_json();
        let oid = Oid::dir(md5_bytes(&json));
        if let Some(odb) = self.store {
            odb.add_bytes(&oid, &json, self.kind)
                .ctx("writing the .dir object to", odb.root())?;
        }
        Ok((
            Current::Dir {
                oid,
                manifest,
                size: total,
                sizes,
                symlinks,
            },
            records,
        ))
    }
}

/// Reads and validates a `.dir` manifest from the cache.
pub fn load_manifest(odb: &Odb, oid: &Oid, kind: HashKind) -> Result<Option<Manifest>> {
    let p = odb.path_for(oid, kind);
    let bytes = match fs::read(&p) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("reading", &p, e)),
    };
    if md5_bytes(&bytes) != oid.digest {
        return Err(Error::user(format!(
            "cache object '{}' is corrupt: its content does not match its name",
            p.display()
        ))
        .with_hint("remove it and fetch or re-add the data"));
    }
    Manifest::parse(&bytes).map(Some).map_err(|e| {
        Error::user(format!(
            "directory manifest '{}' is invalid: {e}",
            p.display()
        ))
    })
}
