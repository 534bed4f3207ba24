//! The state database: (device, inode, hash kind) → (mtime, size, md5), so a file whose metadata
//! has not changed is never hashed again.
//!
//! A second table remembers, for a directory a file-system monitor watches, what it held at one
//! of the monitor's clocks ([`DirMemo`]); the monitor itself is dvx-repo's ([`Watch`]).
//! A third remembers the texts of pointer files ([`Texts`]).
//!
//! An entry is trusted only when the file's mtime is older than the moment the entry was
//! recorded by more than [`RACY_MARGIN_NS`] (git's racy-clean rule): a file written in the same
//! clock tick as its hashing could change again without its mtime moving.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use crate::hash::HashKind;

mod texts;
pub use texts::{Text, TextStamp, Texts, MAX_TEXT};

/// Keys big-endian: files of one directory (near inode numbers) share the table's pages, so
/// looking up a walk's files in walk order reads each page about once.
const TABLE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("state-v2");
/// The same records under little-endian keys (dvx before 2026-12): moved to [`TABLE`] once.
const TABLE_V1: TableDefinition<&[u8], &[u8]> = TableDefinition::new("state-v1");
const DIRS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("dirs-v1");

/// How much older than its record a file's mtime must be for the record to be trusted.
pub const RACY_MARGIN_NS: i64 = 1_000_000_000;

/// The metadata a state entry is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub dev: u64,
    pub ino: u64,
    pub mtime_ns: i64,
    pub size: u64,
}

impl FileStamp {
    pub fn of(m: &Metadata) -> Self {
        FileStamp {
            dev: m.dev(),
            ino: m.ino(),
            mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
            size: m.size(),
        }
    }

    fn key(&self, kind: HashKind) -> [u8; 17] {
        let mut k = [0u8; 17];
        k[..8].copy_from_slice(&self.dev.to_be_bytes());
        k[8..16].copy_from_slice(&self.ino.to_be_bytes());
        k[16] = kind.tag();
        k
    }
}

/// One recorded hash, to be written with [`State::record`].
#[derive(Debug, Clone, Copy)]
pub struct Record {
    pub stamp: FileStamp,
    pub kind: HashKind,
    pub digest: [u8; 16],
    /// The file was written by dvx from bytes it had just hashed (a cache object): trust it now.
    pub written_by_us: bool,
}

/// What a watched directory held at a clock of the file-system monitor: its `.dir` digest, the
/// sum of its files' sizes and their number (the files themselves are in the memo's manifest,
/// which dvx-repo keeps beside the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirMemo {
    /// The monitor's clock, opaque here (taken before the directory was read).
    pub clock: String,
    pub digest: [u8; 16],
    pub size: u64,
    pub nfiles: u64,
}

impl DirMemo {
    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(32 + self.clock.len());
        v.extend_from_slice(&self.digest);
        v.extend_from_slice(&self.size.to_le_bytes());
        v.extend_from_slice(&self.nfiles.to_le_bytes());
        v.extend_from_slice(self.clock.as_bytes());
        v
    }

    fn decode(v: &[u8]) -> Option<Self> {
        Some(DirMemo {
            digest: v.get(..16)?.try_into().ok()?,
            size: u64::from_le_bytes(v.get(16..24)?.try_into().ok()?),
            nfiles: u64::from_le_bytes(v.get(24..32)?.try_into().ok()?),
            clock: String::from_utf8(v.get(32..)?.to_vec()).ok()?,
        })
    }
}

fn dir_key(dir: &Path, kind: HashKind) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let mut k = vec![kind.tag()];
    k.extend_from_slice(dir.as_os_str().as_bytes());
    k
}

/// A file-system monitor (watchman): what changed under a directory since one of its clocks.
pub trait Watch: Send + Sync {
    /// The monitor's clock for `dir` now, after every change made before this call was seen;
    /// Err(why) when the monitor cannot watch it.
    fn clock(&self, dir: &Path) -> Result<String, String>;
    /// The paths under `dir` (relative, `/`-separated) created, changed or deleted since
    /// `clock`, and the clock now; Err(why) when the monitor cannot say for certain (it was
    /// restarted, its queue overflowed, it is gone): then the directory must be walked.
    fn since(&self, dir: &Path, clock: &str) -> Result<(String, Vec<String>), String>;
    /// [`Watch::since`], only the paths that no longer exist.
    fn deleted_since(&self, dir: &Path, clock: &str) -> Result<(String, Vec<String>), String>;
    /// Where the memo of `dir` keeps its manifest.
    fn manifest_path(&self, dir: &Path, kind: HashKind) -> std::path::PathBuf;
}

/// A monitor and the database its directory memos are written to.
#[derive(Clone)]
pub struct Watching {
    pub watch: std::sync::Arc<dyn Watch>,
    pub state: std::sync::Arc<State>,
}

/// An open state database. Reads are lock-free and can be shared across threads.
pub struct State {
    db: Database,
}

/// Why the state database could not be used; callers may carry on without it.
#[derive(Debug, thiserror::Error)]
#[error("state database {path}: {source}")]
pub struct StateError {
    pub path: String,
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

pub fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// The state database's own page cache (reads and buffered writes).
const STATE_CACHE_BYTES: usize = 16 << 20;

impl State {
    pub fn open(path: &Path) -> Result<Self, StateError> {
        let err = |e: Box<dyn std::error::Error + Send + Sync>| StateError {
            path: path.display().to_string(),
            source: e,
        };
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| err(e.into()))?;
        }
        // redb keeps the pages it reads in memory, up to 1 GiB by default: the records of a
        // million files would all stay resident. The kernel's page cache holds them anyway, and
        // lookups in walk order reuse the pages they read (keys are big-endian).
        let db = redb::Builder::new()
            .set_cache_size(STATE_CACHE_BYTES)
            .create(path)
            .map_err(|e| err(e.into()))?;
        migrate_v1(&db).map_err(err)?;
        Ok(State { db })
    }

    /// A read view for many lookups.
    pub fn reader(&self) -> Reader {
        let table = self
            .db
            .begin_read()
            .ok()
            .and_then(|tx| tx.open_table(TABLE).ok());
        let dirs = self
            .db
            .begin_read()
            .ok()
            .and_then(|tx| tx.open_table(DIRS).ok());
        Reader {
            table,
            dirs,
            watching: None,
        }
    }

    /// Remembers (or with None forgets) what a watched directory held.
    pub fn record_dir(
        &self,
        dir: &Path,
        kind: HashKind,
        memo: Option<&DirMemo>,
    ) -> Result<(), StateError> {
        let err = |e: Box<dyn std::error::Error + Send + Sync>| StateError {
            path: "state".into(),
            source: e,
        };
        let tx = self.db.begin_write().map_err(|e| err(e.into()))?;
        {
            let mut t = tx.open_table(DIRS).map_err(|e| err(e.into()))?;
            let key = dir_key(dir, kind);
            match memo {
                Some(m) => {
                    t.insert(&key[..], &m.encode()[..])
                        .map_err(|e| err(e.into()))?;
                }
                None => {
                    t.remove(&key[..]).map_err(|e| err(e.into()))?;
                }
            }
        }
        tx.commit().map_err(|e| err(e.into()))?;
        Ok(())
    }

    /// Writes records in one transaction, on disk when it returns.
    pub fn record(&self, records: &[Record]) -> Result<(), StateError> {
        self.record_with(records, true)
    }

    /// Writes records in one transaction that is not synced to the disk (a command saving as
    /// it goes: a sync per batch would also flush every file it wrote meanwhile); the next
    /// [`State::record`] of the process, or [`State::sync`], makes them durable. A crash before
    /// that only loses records, which cost a hash to learn again.
    pub fn record_soon(&self, records: &[Record]) -> Result<(), StateError> {
        self.record_with(records, false)
    }

    /// Makes the records written by [`State::record_soon`] durable.
    pub fn sync(&self) -> Result<(), StateError> {
        let err = |e: Box<dyn std::error::Error + Send + Sync>| StateError {
            path: "state".into(),
            source: e,
        };
        self.insert_rows(&[], true).map_err(err)
    }

    fn record_with(&self, records: &[Record], durable: bool) -> Result<(), StateError> {
        if records.is_empty() {
            return Ok(());
        }
        let err = |e: Box<dyn std::error::Error + Send + Sync>| StateError {
            path: "state".into(),
            source: e,
        };
        let now = now_ns();
        // in key order: each page of the table is written once, whatever the cache holds
        let mut rows: Vec<([u8; 17], [u8; 40])> = records
            .iter()
            .map(|r| {
                let recorded = if r.written_by_us { i64::MAX } else { now };
                let mut v = [0u8; 40];
                v[..8].copy_from_slice(&r.stamp.mtime_ns.to_le_bytes());
                v[8..16].copy_from_slice(&r.stamp.size.to_le_bytes());
                v[16..32].copy_from_slice(&r.digest);
                v[32..40].copy_from_slice(&recorded.to_le_bytes());
                (r.stamp.key(r.kind), v)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        self.insert_rows(&rows, durable).map_err(err)
    }

    fn insert_rows(&self, rows: &[([u8; 17], [u8; 40])], durable: bool) -> Result<(), BoxError> {
        let mut tx = self.db.begin_write()?;
        if !durable {
            tx.set_durability(redb::Durability::None)?;
        }
        {
            let mut t = tx.open_table(TABLE)?;
            for (k, v) in rows {
                t.insert(&k[..], &v[..])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Moves the records of the little-endian table, if there is one, into the big-endian one (in
/// one transaction: an interrupted move leaves the old table as it was).
fn migrate_v1(db: &Database) -> Result<(), BoxError> {
    match db.begin_read()?.open_table(TABLE_V1) {
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    let tx = db.begin_write()?;
    let mut rows: Vec<([u8; 17], Vec<u8>)> = Vec::new();
    for row in tx.open_table(TABLE_V1)?.iter()? {
        let (k, v) = row?;
        let k = k.value();
        if k.len() != 17 {
            continue;
        }
        let mut key = [0u8; 17];
        for at in [0..8, 8..16] {
            let mut n = [0u8; 8];
            n.copy_from_slice(&k[at.clone()]);
            key[at].copy_from_slice(&u64::from_le_bytes(n).to_be_bytes());
        }
        key[16] = k[16];
        rows.push((key, v.value().to_vec()));
    }
    rows.sort_unstable_by_key(|r| r.0);
    {
        let mut t = tx.open_table(TABLE)?;
        for (k, v) in &rows {
            t.insert(&k[..], &v[..])?;
        }
    }
    tx.delete_table(TABLE_V1)?;
    tx.commit()?;
    Ok(())
}

/// A read transaction over the state table.
pub struct Reader {
    table: Option<redb::ReadOnlyTable<&'static [u8], &'static [u8]>>,
    dirs: Option<redb::ReadOnlyTable<&'static [u8], &'static [u8]>>,
    watching: Option<Watching>,
}

impl Reader {
    /// A reader that knows nothing (when the database could not be opened).
    pub fn empty() -> Self {
        Reader {
            table: None,
            dirs: None,
            watching: None,
        }
    }

    /// This reader with a file-system monitor to ask before walking a directory.
    pub fn with_watching(mut self, watching: Watching) -> Self {
        self.watching = Some(watching);
        self
    }

    pub fn watching(&self) -> Option<&Watching> {
        self.watching.as_ref()
    }

    /// What the directory held at a clock of the monitor, if that was recorded.
    pub fn dir_memo(&self, dir: &Path, kind: HashKind) -> Option<DirMemo> {
        let table = self.dirs.as_ref()?;
        let guard = table.get(&dir_key(dir, kind)[..]).ok()??;
        DirMemo::decode(guard.value())
    }

    /// The recorded md5 for a file with this metadata, if the record is still trustworthy.
    pub fn lookup(&self, stamp: &FileStamp, kind: HashKind) -> Option<[u8; 16]> {
        let table = self.table.as_ref()?;
        let guard = table.get(&stamp.key(kind)[..]).ok()??;
        let v = guard.value();
        if v.len() != 40 {
            return None;
        }
        let mtime = i64::from_le_bytes(v[..8].try_into().ok()?);
        let size = u64::from_le_bytes(v[8..16].try_into().ok()?);
        let recorded = i64::from_le_bytes(v[32..40].try_into().ok()?);
        if mtime != stamp.mtime_ns || size != stamp.size {
            return None;
        }
        if recorded != i64::MAX && stamp.mtime_ns.saturating_add(RACY_MARGIN_NS) >= recorded {
            return None;
        }
        v[16..32].try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusts_only_unchanged_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("s.redb")).unwrap();
        let old = FileStamp {
            dev: 1,
            ino: 2,
            mtime_ns: now_ns() - 10 * RACY_MARGIN_NS,
            size: 5,
        };
        let fresh = FileStamp {
            dev: 1,
            ino: 3,
            mtime_ns: now_ns(),
            size: 5,
        };
        let d = [7u8; 16];
        let rec = |stamp| Record {
            stamp,
            kind: HashKind::Md5,
            digest: d,
            written_by_us: false,
        };
        state.record(&[rec(old), rec(fresh)]).unwrap();
        let r = state.reader();
        assert_eq!(r.lookup(&old, HashKind::Md5), Some(d));
        assert_eq!(r.lookup(&old, HashKind::Dos2Unix), None);
        assert_eq!(r.lookup(&FileStamp { size: 6, ..old }, HashKind::Md5), None);
        assert_eq!(
            r.lookup(
                &FileStamp {
                    mtime_ns: old.mtime_ns + 1,
                    ..old
                },
                HashKind::Md5
            ),
            None
        );
        // recorded in the same instant it was written: racy, not trusted
        assert_eq!(r.lookup(&fresh, HashKind::Md5), None);
    }

    #[test]
    fn records_of_the_little_endian_table_are_moved_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.redb");
        let stamp = FileStamp {
            dev: 0x0102,
            ino: 0x0a0b0c,
            mtime_ns: now_ns() - 10 * RACY_MARGIN_NS,
            size: 5,
        };
        {
            // what dvx wrote before: little-endian device and inode
            let db = Database::create(&path).unwrap();
            let tx = db.begin_write().unwrap();
            {
                let mut t = tx.open_table(TABLE_V1).unwrap();
                let mut k = [0u8; 17];
                k[..8].copy_from_slice(&stamp.dev.to_le_bytes());
                k[8..16].copy_from_slice(&stamp.ino.to_le_bytes());
                k[16] = HashKind::Md5.tag();
                let mut v = [0u8; 40];
                v[..8].copy_from_slice(&stamp.mtime_ns.to_le_bytes());
                v[8..16].copy_from_slice(&stamp.size.to_le_bytes());
                v[16..32].copy_from_slice(&[3; 16]);
                v[32..40].copy_from_slice(&now_ns().to_le_bytes());
                t.insert(&k[..], &v[..]).unwrap();
            }
            tx.commit().unwrap();
        }
        let state = State::open(&path).unwrap();
        assert_eq!(state.reader().lookup(&stamp, HashKind::Md5), Some([3; 16]));
        let gone = state.db.begin_read().unwrap().open_table(TABLE_V1).err();
        assert!(matches!(gone, Some(redb::TableError::TableDoesNotExist(_))));
        drop(state);
        // opened again: nothing left to move, the record stays
        let state = State::open(&path).unwrap();
        assert_eq!(state.reader().lookup(&stamp, HashKind::Md5), Some([3; 16]));
    }

    #[test]
    fn remembers_and_forgets_directories() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("s.redb")).unwrap();
        assert_eq!(
            state.reader().dir_memo(Path::new("/d"), HashKind::Md5),
            None
        );
        let memo = DirMemo {
            clock: "c:1:2:3:4".into(),
            digest: [9; 16],
            size: 12,
            nfiles: 3,
        };
        state
            .record_dir(Path::new("/d"), HashKind::Md5, Some(&memo))
            .unwrap();
        let r = state.reader();
        assert_eq!(r.dir_memo(Path::new("/d"), HashKind::Md5), Some(memo));
        assert_eq!(r.dir_memo(Path::new("/d"), HashKind::Dos2Unix), None);
        assert_eq!(r.dir_memo(Path::new("/e"), HashKind::Md5), None);
        drop(r);
        state
            .record_dir(Path::new("/d"), HashKind::Md5, None)
            .unwrap();
        assert_eq!(
            state.reader().dir_memo(Path::new("/d"), HashKind::Md5),
            None
        );
    }
}
