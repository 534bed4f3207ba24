//! What an output holds now: its hash (and for a directory its manifest), computed from the
//! state database where it can be and by hashing (in parallel) where it must. With an odb it
//! also stores what it hashes, reading every file once. With a file-system monitor a directory
//! is not walked when the monitor can say what changed in it (`watched`).

mod cached;
mod compare;
mod watched;
pub use cached::{
    is_not_sorted, load_manifest, load_manifest_at, merge_sorted, CachedEntries, Entries,
};
use compare::Marker;
pub use compare::{Compared, Have};
pub use watched::{cache_clock, known_in_cache, remember_in_cache};

use std::fs;
use std::path::Path;

use dvx_formats::{DirEntry, Manifest, Oid};
use dvx_odb::hash;
use dvx_odb::state::{FileStamp, Reader, Record};
use dvx_odb::{HashKind, Odb};
use rayon::prelude::*;

use crate::error::{Error, IoContext, Result};
use crate::repo::StateSession;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::walk::{walk_dir_chunks, WalkedFile};
use crate::Progress;

/// An output's current content.
#[derive(Debug, Clone)]
pub enum Current {
    Missing,
    File {
        oid: Oid,
        size: u64,
        /// It changed while it was read: `oid` and `size` are of the bytes read.
        changed: bool,
    },
    Dir {
        oid: Oid,
        manifest: Manifest,
        size: u64,
        symlinks: Vec<String>,
        /// Files that changed while they were read (their entries are of the bytes read).
        changed: Vec<String>,
    },
}

impl Current {
    /// Records this content in a DVC 3 output entry: md5, size, and for a directory its number
    /// of files (an entry for missing content is left as it is). `isexec` is the caller's.
    pub fn record_in(&self, out: &mut dvx_formats::Output) {
        match self {
            Current::Missing => return,
            Current::File { oid, size, .. } => {
                out.oid = Some(*oid);
                out.size = Some(*size);
                out.nfiles = None;
            }
            Current::Dir {
                oid,
                manifest,
                size,
                ..
            } => {
                out.oid = Some(*oid);
                out.size = Some(*size);
                out.nfiles = Some(manifest.entries.len() as u64);
            }
        }
        out.hash = Some("md5".into());
    }

    pub fn oid(&self) -> Option<Oid> {
        match self {
            Current::Missing => None,
            Current::File { oid, .. } | Current::Dir { oid, .. } => Some(*oid),
        }
    }

    /// The files of this output (shown as `shown`) that changed while they were read.
    pub fn changed_while_read(&self, shown: &str) -> Vec<String> {
        match self {
            Current::File { changed: true, .. } => vec![shown.to_string()],
            Current::Dir { changed, .. } => {
                changed.iter().map(|r| format!("{shown}/{r}")).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Says which files changed while this output (shown as `shown`) was read to be recorded:
    /// what was read is what is recorded, and the workspace keeps what they hold now.
    pub fn warn_if_changed(&self, shown: &str, progress: &dyn Progress) {
        let changed = self.changed_while_read(shown);
        if changed.is_empty() {
            return;
        }
        let mut listed: Vec<&str> = changed.iter().take(10).map(String::as_str).collect();
        if changed.len() > 10 {
            listed.push("…");
        }
        progress.warn(&format!(
            "{} file(s) changed while they were read (written, or deleted): what was read is recorded, the workspace keeps what they hold now:\n  {}\nrun the command again to record them as they are now",
            changed.len(),
            listed.join("\n  ")
        ));
    }
}

/// What hashing needs: the state to consult, the kind of hash, and where to store (if anywhere).
pub struct Hasher<'a> {
    pub state: &'a Reader,
    pub kind: HashKind,
    pub store: Option<&'a Odb>,
    pub progress: &'a dyn Progress,
    /// Where a directory's walk saves its state records a batch at a time (`add` of a
    /// million files then holds none of them); without it every record is returned.
    pub save_early: Option<&'a StateSession>,
}

/// How many state records a walk gathers before it saves them (see [`Hasher::save_early`]).
const SAVE_EVERY: usize = 1 << 16;

/// The result of hashing one file, with the state records it produced.
struct Hashed {
    oid: Oid,
    /// The bytes read.
    size: u64,
    /// The file changed while it was read (its stamp after is not the one before).
    changed: bool,
    /// For the workspace file, and for a large cache object just written (so a later
    /// checkout need not hash it again; small objects are cheaper to re-hash than to record).
    records: [Option<Record>; 2],
}

/// Cache objects at least this large get a state record when dvx writes them.
pub(crate) const RECORD_OBJECTS_FROM: u64 = 64 * 1024;

impl<'a> Hasher<'a> {
    /// A hasher that checks an output against its pointer: the pointer's hash kind, no store.
    pub fn checking(
        out: &dvx_formats::Output,
        state: &'a Reader,
        progress: &'a dyn Progress,
    ) -> Self {
        Hasher {
            state,
            kind: HashKind::of(out),
            store: None,
            progress,
            save_early: None,
        }
    }
}

impl Hasher<'_> {
    /// Hashes (and with a store, stores) the file at `path` whose metadata is `stamp`.
    fn file(&self, path: &Path, stamp: FileStamp) -> Result<Hashed> {
        if let Some(d) = self.state.lookup(&stamp, self.kind) {
            let oid = Oid::file(d);
            // an object whose size is not the file's is damaged: store the file again
            let stored = |odb: &Odb| {
                fs::metadata(odb.path_for(&oid, self.kind))
                    .is_ok_and(|m| m.is_file() && m.len() == stamp.size)
            };
            match self.store {
                Some(odb) if !stored(odb) => {}
                _ => {
                    return Ok(Hashed {
                        oid,
                        size: stamp.size,
                        changed: false,
                        records: [None, None],
                    })
                }
            }
        }
        let mut object_record = None;
        let (oid, size) = match self.store {
            None => {
                let (digest, size) = hash::hash_file(path, self.kind).ctx("reading", path)?;
                (Oid::file(digest), size)
            }
            Some(odb) => {
                let w = odb.add_file(path, self.kind).map_err(|e| {
                    if crate::error::is_write_failure(&e) {
                        Error::io("writing into the cache", odb.root(), e)
                    } else {
                        Error::io("copying into the cache", path, e)
                    }
                })?;
                if w.size >= RECORD_OBJECTS_FROM {
                    if let Ok(m) = fs::metadata(odb.path_for(&w.oid, self.kind)) {
                        object_record = Some(Record {
                            stamp: FileStamp::of(&m),
                            kind: self.kind,
                            digest: w.oid.digest,
                            written_by_us: true,
                        });
                    }
                }
                (w.oid, w.size)
            }
        };
        // what was read is what is recorded; a file written meanwhile is said to have changed,
        // and its state is not recorded (its stamp is not that of the bytes read)
        let changed =
            size != stamp.size || fs::metadata(path).map_or(true, |m| FileStamp::of(&m) != stamp);
        let file_record = (!changed).then_some(Record {
            stamp,
            kind: self.kind,
            digest: oid.digest,
            written_by_us: false,
        });
        Ok(Hashed {
            oid,
            size,
            changed,
            records: [file_record, object_record],
        })
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
                    size: h.size,
                    changed: h.changed,
                },
                h.records.into_iter().flatten().collect(),
            ));
        }
        if !meta.is_dir() {
            return Err(Error::user(format!(
                "'{}' is neither a file nor a directory",
                path.display()
            )));
        }
        if let Some(w) = self.state.watching() {
            return self.watched_dir(w, path);
        }
        let (current, records, _) = self.dir(path, false)?;
        Ok((current, records))
    }

    /// A directory's current content, walked and hashed at once, and with `sizes` each
    /// entry's size (in the manifest's order).
    fn dir(&self, root: &Path, sizes: bool) -> Result<(Current, Vec<Record>, Vec<u64>)> {
        let collect = if sizes {
            Collect::WithSizes
        } else {
            Collect::Entries
        };
        let w = self.walk(root, collect)?;
        let manifest = Manifest { entries: w.entries };
        // The manifest is streamed into the hash (and the cache), never built in memory.
        let oid = self.manifest_oid(root, &manifest)?;
        Ok((
            Current::Dir {
                oid,
                manifest,
                size: w.size,
                symlinks: w.symlinks,
                changed: w.changed,
            },
            w.records,
            w.sizes,
        ))
    }

    /// What the output at `path` holds, compared with the directory manifest `target`: for a
    /// directory only the files that differ from it are kept (it is walked and compared at
    /// once), so a directory is never held as a second whole manifest.
    pub fn compare(&self, path: &Path, target: &Manifest) -> Result<(Have, Vec<Record>)> {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Have::Missing, Vec::new()))
            }
            Err(e) => return Err(Error::io("reading metadata of", path, e)),
        };
        if !meta.is_dir() || self.state.watching().is_some() {
            // a file, or a directory the monitor describes without a walk
            let (current, records) = self.output(path)?;
            let have = match current {
                Current::Missing => Have::Missing,
                Current::File { oid, .. } => Have::File(oid),
                Current::Dir { manifest, .. } => Have::Dir(Compared::of(&manifest, target)),
            };
            return Ok((have, records));
        }
        let marker = Marker::new(target);
        let w = self.walk(path, Collect::Differing(&marker))?;
        Ok((Have::Dir(marker.finish(w.entries)), w.records))
    }

    /// Walks and hashes a directory (each walked list is hashed as soon as a walker thread
    /// fills it), keeping the entries `collect` asks for, sorted.
    fn walk(&self, root: &Path, collect: Collect) -> Result<Walked> {
        self.progress.begin("hashing", 0);
        let mut symlinks: Vec<String> = Vec::new();
        let size = AtomicU64::new(0);
        let records: Mutex<Vec<Record>> = Mutex::new(Vec::new());
        let changed: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let failed: Mutex<Option<Error>> = Mutex::new(None);
        // listed, then deleted before they were read: left out, and said to have changed
        let vanished: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let stop = AtomicBool::new(false);
        // a placeholder for a file not hashed: the whole result is dropped for the error
        let skipped = |relpath| {
            (
                DirEntry {
                    relpath,
                    oid: Oid::file([0; 16]),
                },
                0,
            )
        };
        let hash = |f: WalkedFile| -> (DirEntry, u64) {
            if stop.load(Ordering::Relaxed) {
                return skipped(f.relpath);
            }
            let path = root.join(&f.relpath);
            let h = match self.file(&path, f.stamp) {
                Ok(h) => h,
                Err(_)
                    if fs::symlink_metadata(&path)
                        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                {
                    let mut v = vanished.lock().unwrap_or_else(|p| p.into_inner());
                    v.push(f.relpath.clone());
                    return skipped(f.relpath);
                }
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    failed
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .get_or_insert(e);
                    return skipped(f.relpath);
                }
            };
            size.fetch_add(h.size, Ordering::Relaxed);
            if h.changed {
                let mut c = changed.lock().unwrap_or_else(|p| p.into_inner());
                c.push(f.relpath.clone());
            }
            if h.records.iter().any(Option::is_some) {
                let mut r = records.lock().unwrap_or_else(|p| p.into_inner());
                r.extend(h.records.into_iter().flatten());
                if let Some(session) = self.save_early.filter(|_| r.len() >= SAVE_EVERY) {
                    let batch = std::mem::take(&mut *r);
                    drop(r);
                    session.save_now(&batch);
                }
            }
            self.progress.advance(1);
            let oid = h.oid;
            (
                DirEntry {
                    relpath: f.relpath,
                    oid,
                },
                h.size,
            )
        };
        // Each walked list is hashed into the entries in place (an indexed parallel extend
        // writes into the vector) and freed: a million entries are never held twice, nor
        // beside the walk's whole list. A few lists wait at most.
        let (lists, walked) = std::sync::mpsc::sync_channel::<Vec<WalkedFile>>(4);
        let mut pairs: Vec<(DirEntry, u64)> = Vec::new();
        let mut entries: Vec<DirEntry> = Vec::new();
        let walk = std::thread::scope(|s| {
            let stop = &stop; // a file that cannot be hashed ends the walk too
            let walker = s.spawn(move || {
                walk_dir_chunks(root, &|list| {
                    !stop.load(Ordering::Relaxed) && lists.send(list).is_ok()
                })
            });
            for list in walked {
                self.progress.grow(list.len() as u64);
                let linked = list.iter().filter(|f| f.via_symlink);
                symlinks.extend(linked.map(|f| f.relpath.clone()));
                let hashed = list.into_par_iter().map(hash);
                match collect {
                    Collect::WithSizes => pairs.par_extend(hashed),
                    Collect::Entries => entries.par_extend(hashed.map(|h| h.0)),
                    Collect::Differing(m) => {
                        entries.par_extend(hashed.filter_map(|h| m.differs(h.0)))
                    }
                }
            }
            walker.join().unwrap_or_else(|_| {
                Err(Error::user(format!("walking '{}' failed", root.display())))
            })
        });
        self.progress.end();
        walk?;
        if let Some(e) = failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e);
        }
        symlinks.sort();
        let mut changed = changed.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut vanished = vanished.into_inner().unwrap_or_else(|p| p.into_inner());
        if !vanished.is_empty() {
            // their placeholders go: a file hashed as differing is only kept when it was read
            vanished.sort();
            let read = |e: &DirEntry| vanished.binary_search(&e.relpath).is_err();
            entries.retain(read);
            pairs.retain(|p| read(&p.0));
            changed.append(&mut vanished);
        }
        let sizes = if matches!(collect, Collect::WithSizes) {
            pairs.par_sort_unstable_by(|a, b| a.0.relpath.cmp(&b.0.relpath));
            let (e, s) = pairs.into_iter().unzip();
            entries = e;
            s
        } else {
            entries.par_sort_unstable_by(|a, b| a.relpath.cmp(&b.relpath));
            Vec::new()
        };
        changed.sort();
        Ok(Walked {
            entries,
            sizes,
            size: size.into_inner(),
            symlinks,
            changed,
            records: records.into_inner().unwrap_or_else(|p| p.into_inner()),
        })
    }
}

/// Which walked entries to keep.
#[derive(Clone, Copy)]
enum Collect<'m> {
    Entries,
    /// Every entry, with its size.
    WithSizes,
    /// Only those that differ from a target (the rest are marked in it).
    Differing(&'m Marker<'m>),
}

/// A walked and hashed directory.
struct Walked {
    entries: Vec<DirEntry>,
    /// Each entry's size, when asked for.
    sizes: Vec<u64>,
    size: u64,
    symlinks: Vec<String>,
    changed: Vec<String>,
    records: Vec<Record>,
}

impl Hasher<'_> {
    /// The `.dir` object's id of a directory's manifest (with a store, the object stored).
    fn manifest_oid(&self, root: &Path, manifest: &Manifest) -> Result<Oid> {
        Ok(match self.store {
            Some(odb) => odb
                .add_generated(self.kind, true, |w| manifest.write_json(w))
                .ctx("writing the .dir object to", odb.root())?,
            None => Oid::dir(
                hash::md5_of_writes(|w| manifest.write_json(w))
                    .ctx("hashing the manifest of", root)?,
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Silent;
    impl Progress for Silent {}

    fn write(root: &Path, relpath: &str, content: &str) {
        let p = root.join(relpath);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, content).unwrap();
    }

    fn manifest_of(h: &Hasher, root: &Path) -> Manifest {
        match h.output(root).unwrap().0 {
            Current::Dir { manifest, .. } => manifest,
            other => panic!("not a directory: {other:?}"),
        }
    }

    /// Deletes files once the walk has listed them and before they are read (the walk says how
    /// many files it listed before it hashes them), and keeps the warnings.
    #[derive(Default)]
    struct Deleting {
        files: Vec<std::path::PathBuf>,
        warned: Mutex<Vec<String>>,
    }
    impl Progress for Deleting {
        fn grow(&self, _n: u64) {
            for p in &self.files {
                let _ = fs::remove_file(p);
            }
        }
        fn warn(&self, message: &str) {
            self.warned.lock().unwrap().push(message.to_string());
        }
    }

    #[test]
    fn a_file_deleted_after_it_was_listed_is_left_out_and_said_to_have_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");
        let make = || {
            for i in 0..50 {
                write(&root, &format!("{}/{i}.txt", i % 5), &format!("file {i}"));
            }
        };
        make();
        let state = Reader::empty();
        let deleting = Deleting {
            files: vec![root.join("2/7.txt"), root.join("1/1.txt")],
            ..Default::default()
        };
        let mut h = Hasher {
            state: &state,
            kind: HashKind::Md5,
            store: None,
            progress: &deleting,
            save_early: None,
        };
        let (current, _) = h.output(&root).unwrap();
        let Current::Dir {
            manifest, changed, ..
        } = &current
        else {
            panic!("{current:?}")
        };
        assert_eq!(manifest.entries.len(), 48);
        let listed = |r: &str| manifest.entries.iter().any(|e| e.relpath == r);
        assert!(!listed("1/1.txt") && !listed("2/7.txt") && listed("2/2.txt"));
        assert_eq!(changed, &["1/1.txt", "2/7.txt"]);
        current.warn_if_changed("data", &deleting);
        let warned = deleting.warned.lock().unwrap().join("");
        assert!(
            warned.starts_with("2 file(s) changed while they were read")
                && warned.contains("\n  data/1/1.txt\n  data/2/7.txt\n"),
            "{warned}"
        );
        // compared with a target while walked: the deleted files are missing, not differing
        make();
        h.progress = &Silent;
        let target = manifest_of(&h, &root);
        h.progress = &deleting;
        let (have, _) = h.compare(&root, &target).unwrap();
        let Have::Dir(c) = have else { panic!() };
        assert!(c.differing.is_empty(), "{:?}", c.differing);
        let at = |r: &str| target.entries.iter().position(|e| e.relpath == r).unwrap();
        assert!(!c.holds(at("1/1.txt")) && !c.holds(at("2/7.txt")) && c.holds(at("2/2.txt")));
    }

    #[test]
    fn comparing_while_walking_equals_comparing_the_whole_manifest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("data");
        for i in 0..300 {
            write(&root, &format!("{}/{i}.txt", i % 7), &format!("file {i}"));
        }
        write(&root, "b", "a file that becomes a directory");
        let state = Reader::empty();
        let h = Hasher {
            state: &state,
            kind: HashKind::Md5,
            store: None,
            progress: &Silent,
            save_early: None,
        };
        let target = manifest_of(&h, &root);
        let (have, _) = h.compare(&root, &target).unwrap();
        let Have::Dir(c) = &have else {
            panic!("{have:?}")
        };
        assert!(c.holds_all(target.entries.len()) && c.differing.is_empty());
        // edited, removed, added, a file replaced by a directory
        write(&root, "3/3.txt", "edited");
        fs::remove_file(root.join("4/4.txt")).unwrap();
        write(&root, "new/x", "added");
        fs::remove_file(root.join("b")).unwrap();
        write(&root, "b/inside", "in the way");
        let (have, _) = h.compare(&root, &target).unwrap();
        let Have::Dir(c) = have else { panic!() };
        assert_eq!(c, Compared::of(&manifest_of(&h, &root), &target));
        let differing: Vec<&str> = c.differing.iter().map(|e| e.relpath.as_str()).collect();
        assert_eq!(differing, ["3/3.txt", "b/inside", "new/x"]);
        assert!(!c.holds_all(target.entries.len()));
        // a file, and nothing
        assert!(matches!(
            h.compare(&root.join("3/3.txt"), &target).unwrap().0,
            Have::File(_)
        ));
        assert!(matches!(
            h.compare(&root.join("gone"), &target).unwrap().0,
            Have::Missing
        ));
    }

    #[test]
    fn a_manifest_is_checked_as_it_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let odb = Odb::new(tmp.path());
        let put = |bytes: &[u8], named: [u8; 16]| {
            let oid = Oid::dir(named);
            let p = odb.path_for(&oid, HashKind::Md5);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, bytes).unwrap();
            oid
        };
        let good = br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}]"#;
        let oid = put(good, hash::md5_bytes(good));
        let m = load_manifest(&odb, &oid, HashKind::Md5).unwrap().unwrap();
        assert_eq!(m.entries[0].relpath, "a");
        // a name that is not its content's hash: corrupt, even when the content parses
        let oid = put(good, [7; 16]);
        let e = load_manifest(&odb, &oid, HashKind::Md5).unwrap_err();
        assert!(e.to_string().contains("is corrupt"), "{e}");
        // content that hashes right but is no manifest dvx accepts
        let bad = br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "../a"}] "#;
        let oid = put(bad, hash::md5_bytes(bad));
        let e = load_manifest(&odb, &oid, HashKind::Md5).unwrap_err();
        assert!(e.to_string().contains("is invalid"), "{e}");
        // a truncated manifest under a wrong name is corrupt, not invalid
        let oid = put(&good[..20], [8; 16]);
        let e = load_manifest(&odb, &oid, HashKind::Md5).unwrap_err();
        assert!(e.to_string().contains("is corrupt"), "{e}");
        assert!(load_manifest(&odb, &Oid::dir([9; 16]), HashKind::Md5)
            .unwrap()
            .is_none());
    }
}
