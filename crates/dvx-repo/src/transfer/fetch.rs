use std::collections::HashSet;
use std::fs;

use dvx_formats::{Manifest, Oid};
use dvx_odb::state::{FileStamp, Record};
use dvx_odb::{hash, object_key, HashKind, Odb};
use dvx_remote::{Download, RemoteError};
use rayon::prelude::*;

use super::{entry_name, EntryStream, Failed, Named, Opened, TransferReport, UsedOut, BATCH};
use crate::digest::{is_not_sorted, load_manifest_at, Entries, RECORD_OBJECTS_FROM};
use crate::error::{Error, Result};
use crate::parts::in_part;
use crate::repo::StateSession;
use crate::staged::Staged;
use crate::Progress;

/// How many of an output's files `odb` holds, of how many (a file output is one file); None
/// when the object itself (for a directory, its manifest) is not there.
pub(crate) fn cached_files(odb: &Odb, oid: &Oid, kind: HashKind) -> Option<(usize, usize)> {
    if !odb.exists(oid, kind) {
        return None;
    }
    if !oid.is_dir {
        return Some((1, 1));
    }
    // read as it comes; one in another order, whole
    for whole in [false, true] {
        let entries = Entries::cached(odb, oid, kind, whole).ok().flatten()?;
        let (mut have, mut all) = (0, 0);
        let counted = entries.map(|e| {
            e.map(|e| {
                all += 1;
                have += usize::from(odb.exists(&e.oid, kind));
            })
        });
        match counted.collect::<Result<()>>() {
            Ok(()) => return Some((have, all)),
            Err(e) if !whole && is_not_sorted(&e) => {}
            Err(_) => return None,
        }
    }
    None
}

/// A downloaded object waiting in the cache's scratch directory.
pub(super) struct Fetched {
    tmp: std::path::PathBuf,
    key: String,
    /// How many bytes were written (and hashed as they were: the object is what its name says).
    size: u64,
    kind: HashKind,
    digest: [u8; 16],
    /// The workspace's copy written from the same read (see [`Staged`]), once it is known to
    /// hold what was hashed.
    also: Option<std::path::PathBuf>,
}

impl Fetched {
    pub(super) fn drop_tmp(&self) {
        let _ = fs::remove_file(&self.tmp);
        if let Some(also) = &self.also {
            let _ = fs::remove_file(also);
        }
    }
}

/// Fetches what the cache lacks of `outs` (of a directory with a part, the part's): the file
/// outputs, then each directory's files as its manifest is read (from the cache, or fetched
/// first), a batch at a time, and a fetched manifest last, once its files all made it.
/// `staged`: where the workspace copies of some objects are made as they are downloaded.
pub(crate) fn fetch_from(
    odb: &Odb,
    remote: &Opened,
    outs: &[UsedOut],
    state: Option<&StateSession>,
    staged: Option<&Staged>,
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let in_cache = |oid: &Oid, kind: HashKind| odb.path_for(oid, kind).is_file();
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    let mut cached_dirs = Vec::new();
    let mut dirs_to_fetch = Vec::new();
    for o in outs
        .iter()
        .filter(|o| seen.insert((o.oid, o.kind, &o.part)))
    {
        match (o.oid.is_dir, in_cache(&o.oid, o.kind)) {
            (false, true) => {}
            (false, false) => files.push(want(o, &o.oid, o.name.clone())),
            (true, true) => cached_dirs.push(o),
            (true, false) => dirs_to_fetch.push(o),
        }
    }
    // Manifests first: they say which files a directory needs.
    let manifests = remote_manifest_files(odb, remote, &dirs_to_fetch, progress, report)?;
    let mut fetch = Fetcher {
        odb,
        remote,
        state,
        staged,
        progress,
        report,
        began: false,
    };
    let mut settled = vec![false; manifests.len()];
    let r = (|| {
        fetch.get(files)?;
        for o in cached_dirs {
            fetch.dir(o, |whole| Entries::cached(odb, &o.oid, o.kind, whole))?;
        }
        for (i, (o, f)) in manifests.iter().enumerate() {
            let complete = fetch.dir(o, |whole| Entries::at(&f.tmp, &o.oid, whole))?;
            // it enters the cache last, once its files are all there (of a part, the part's:
            // DVC keeps a part's manifest so too)
            if complete == Some(true) {
                settle_into_cache(odb, f)?;
                settled[i] = true;
                fetch.report.transferred += 1;
            }
        }
        Ok(())
    })();
    if fetch.began {
        progress.end();
    }
    for ((_, f), settled) in manifests.iter().zip(settled) {
        if !settled {
            f.drop_tmp();
        }
    }
    r
}

/// An object to fetch: its key, the name it is known by, and its hash kind.
type Want = (String, Named, HashKind);

fn want(o: &UsedOut, oid: &Oid, name: String) -> Want {
    (object_key(oid, o.kind), Named { name, oid: *oid }, o.kind)
}

struct Fetcher<'a> {
    odb: &'a Odb,
    remote: &'a Opened,
    /// Where the state records of the large objects downloaded are saved (they were hashed
    /// as they were written: a checkout right after need not read them again).
    state: Option<&'a StateSession>,
    staged: Option<&'a Staged>,
    progress: &'a dyn Progress,
    report: &'a mut TransferReport,
    /// The progress of the transfer was begun.
    began: bool,
}

impl Fetcher<'_> {
    /// Fetches what the cache lacks of directory `o`'s files (of its part), reading the
    /// manifest `open` gives as it comes; says whether they all are there now (None: there
    /// was no manifest).
    fn dir(
        &mut self,
        o: &UsedOut,
        open: impl Fn(bool) -> Result<Option<Entries>>,
    ) -> Result<Option<bool>> {
        let odb = self.odb;
        super::in_chunks(
            |whole| {
                let entries = open(whole)?;
                Ok(entries.map(|e| Box::new(e.map(|r| r.map(|e| (e, false)))) as EntryStream))
            },
            BATCH,
            |e, _| {
                let wanted = o.part.as_deref().is_none_or(|p| in_part(&e.relpath, p));
                wanted && !odb.path_for(&e.oid, o.kind).is_file()
            },
            |chunk| {
                let wants = chunk.into_iter().map(|e| {
                    let name = entry_name(&o.name, &e.relpath);
                    want(o, &e.oid, name)
                });
                self.get(wants.collect())
            },
        )
    }

    /// Downloads `wants` (each object once) into the cache, verified, in batches; says
    /// whether they all made it.
    fn get(&mut self, mut wants: Vec<Want>) -> Result<bool> {
        let mut seen = HashSet::new();
        wants.retain(|w| seen.insert(w.0.clone()));
        drop(seen);
        if wants.is_empty() {
            return Ok(true);
        }
        if !self.began {
            self.progress.begin_transfer("fetching", 0, 0);
            self.began = true;
        }
        self.progress.grow_transfer(wants.len() as u64, 0);
        let mut complete = true;
        while !wants.is_empty() {
            let batch: Vec<Want> = wants.drain(..wants.len().min(BATCH)).collect();
            let n = batch.len();
            let got = download_verified(
                self.odb,
                self.remote,
                batch,
                self.staged,
                self.progress,
                self.report,
            )?;
            let good: Vec<Fetched> = got.into_iter().filter_map(|(f, _)| f).collect();
            complete &= good.len() == n;
            // moved into the cache from every core: a rename and its directory per object
            let settled: Vec<Result<()>> = good
                .par_iter()
                .map(|f| settle_into_cache(self.odb, f))
                .collect();
            let mut first_err = None;
            for (r, f) in settled.into_iter().zip(&good) {
                match (r, &f.also, self.staged) {
                    (Err(e), _, _) => {
                        f.drop_tmp();
                        first_err.get_or_insert(e);
                    }
                    (Ok(()), Some(also), Some(staged)) => {
                        staged.made(Oid::file(f.digest), also.clone());
                        self.report.transferred += 1;
                    }
                    (Ok(()), _, _) => self.report.transferred += 1,
                }
            }
            if let Some(e) = first_err {
                return Err(e);
            }
            if let Some(state) = self.state {
                state.save_now(&written_records(self.odb, &good));
            }
        }
        Ok(complete)
    }
}

/// Downloads the `.dir` manifests of `dirs` into the cache (not their files).
pub(crate) fn fetch_manifests(
    odb: &Odb,
    remote: &Opened,
    dirs: &[UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let wanted: Vec<&UsedOut> = dirs
        .iter()
        .filter(|o| !odb.path_for(&o.oid, o.kind).is_file())
        .collect();
    for (_, _, f) in remote_manifests(odb, remote, &wanted, progress, report)? {
        settle_into_cache(odb, &f)?;
    }
    Ok(())
}

/// The state records of the large objects among `settled` (small ones cost more to record
/// than to hash again, as `add` decides too).
fn written_records(odb: &Odb, settled: &[Fetched]) -> Vec<Record> {
    settled
        .iter()
        .filter(|f| f.size >= RECORD_OBJECTS_FROM)
        .filter_map(|f| {
            let meta = fs::metadata(odb.key_path(&f.key)).ok()?;
            // what was hashed is what is there, unless someone replaced it since
            (meta.len() == f.size).then(|| Record {
                stamp: FileStamp::of(&meta),
                kind: f.kind,
                digest: f.digest,
                written_by_us: true,
            })
        })
        .collect()
}

fn settle_into_cache(odb: &Odb, f: &Fetched) -> Result<()> {
    let dest = odb.key_path(&f.key);
    odb.settle_tmp(&f.tmp, &dest)
        .map_err(|e| Error::io("moving a downloaded object into the cache at", &dest, e))
}

/// Downloads objects into the cache's scratch directory and verifies each against its name.
/// Returns, in order, the verified download (None if it failed: then it is in the report).
fn download_verified(
    odb: &Odb,
    remote: &Opened,
    objs: Vec<(String, Named, HashKind)>,
    staged: Option<&Staged>,
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(Option<Fetched>, Named)>> {
    if objs.is_empty() {
        return Ok(Vec::new());
    }
    let mut items = Vec::with_capacity(objs.len());
    for (key, obj, kind) in &objs {
        let to = odb
            .tmp_path()
            .map_err(|e| Error::io("creating a temporary file in", odb.root(), e))?;
        let also = match (staged, kind, obj.oid.is_dir) {
            (Some(staged), HashKind::Md5, false) => staged.copy_path(&obj.oid),
            _ => None,
        };
        items.push(Download {
            key: key.clone(),
            to,
            version: None,
            also,
        });
    }
    let results = remote.remote.download(&items, remote.jobs, progress);
    let mut out = Vec::with_capacity(objs.len());
    let mut fatal = None;
    for ((item, (key, obj, kind)), r) in items.into_iter().zip(objs).zip(results) {
        let mut fetched = Fetched {
            tmp: item.to,
            key,
            size: 0,
            kind,
            digest: obj.oid.digest,
            also: item.also,
        };
        if fatal.is_some() {
            fetched.drop_tmp();
            continue;
        }
        let ok = match remote.settle(r, &obj, report) {
            Ok(ok) => ok,
            Err(e) => {
                fatal = Some(e);
                fetched.drop_tmp();
                continue;
            }
        };
        let Some(d) = ok else {
            if let Some(also) = &fetched.also {
                let _ = fs::remove_file(also);
            }
            out.push((None, obj));
            continue;
        };
        // Legacy (DVC 2.x) file objects are named by their md5-dos2unix hash.
        let digest = if kind == HashKind::Dos2Unix && !obj.oid.is_dir {
            hash::hash_file(&fetched.tmp, kind)
                .map(|(d, _)| d)
                .unwrap_or(d.md5)
        } else {
            d.md5
        };
        if digest != obj.oid.digest {
            fetched.drop_tmp();
            report.failed.push(Failed {
                name: obj.name.clone(),
                remote: remote.name.clone(),
                error: RemoteError::object(
                    &fetched.key,
                    format!(
                        "the object on the remote is corrupt (its content hashes to {}); it was not used",
                        Oid::file(digest).hex()
                    ),
                ),
            });
            out.push((None, obj));
            continue;
        }
        fetched.size = d.size;
        // the remote wrote the second copy from the read it hashed, or left none
        let also_made = fetched.also.as_ref().is_some_and(|p| {
            fs::symlink_metadata(p).is_ok_and(|m| m.is_file() && m.len() == d.size)
        });
        if !also_made {
            if let Some(p) = fetched.also.take() {
                let _ = fs::remove_file(p);
            }
        }
        out.push((Some(fetched), obj));
    }
    match fatal {
        Some(e) => {
            for (f, _) in out.into_iter().filter_map(|(f, o)| f.map(|f| (f, o))) {
                f.drop_tmp();
            }
            Err(e)
        }
        None => Ok(out),
    }
}

/// Downloads directory manifests from the remote, verified and parsed as untrusted input; each
/// stays in a temporary file for the caller to settle into the cache or drop.
pub(super) fn remote_manifests<'a>(
    odb: &Odb,
    remote: &Opened,
    dirs: &[&'a UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(&'a UsedOut, Manifest, Fetched)>> {
    let mut out = Vec::new();
    for (o, f) in download_manifests(odb, remote, dirs, progress, report)? {
        match load_manifest_at(&f.tmp, &o.oid) {
            Ok(Some(m)) => out.push((o, m, f)),
            Ok(None) => {}
            Err(e) => invalid_manifest(remote, o, &f, &e, report),
        }
    }
    Ok(out)
}

/// [`remote_manifests`] checked as they are read, not held: what a transfer that reads them
/// again as it goes needs.
fn remote_manifest_files<'a>(
    odb: &Odb,
    remote: &Opened,
    dirs: &[&'a UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(&'a UsedOut, Fetched)>> {
    let mut out = Vec::new();
    for (o, f) in download_manifests(odb, remote, dirs, progress, report)? {
        let mut checked = Entries::at(&f.tmp, &o.oid, false)
            .and_then(|e| e.into_iter().flatten().try_for_each(|r| r.map(drop)));
        if checked.as_ref().is_err_and(is_not_sorted) {
            // in another order: checked whole, as it will be read
            checked = load_manifest_at(&f.tmp, &o.oid).map(drop);
        }
        match checked {
            Ok(()) => out.push((o, f)),
            Err(e) => invalid_manifest(remote, o, &f, &e, report),
        }
    }
    Ok(out)
}

/// A downloaded manifest that is not valid: dropped, and reported as a failure.
fn invalid_manifest(
    remote: &Opened,
    o: &UsedOut,
    f: &Fetched,
    e: &Error,
    report: &mut TransferReport,
) {
    f.drop_tmp();
    let why = match e.cause.as_deref() {
        Some(crate::error::Cause::Manifest(m)) => m.to_string(),
        _ => e.to_string(),
    };
    report.failed.push(Failed {
        name: o.name.clone(),
        remote: remote.name.clone(),
        error: RemoteError::object(
            &f.key,
            format!("the directory manifest is invalid and was not used: {why}"),
        ),
    });
}

/// Downloads the `.dir` manifests of `dirs`, verified, into temporary files.
fn download_manifests<'a>(
    odb: &Odb,
    remote: &Opened,
    dirs: &[&'a UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(&'a UsedOut, Fetched)>> {
    if dirs.is_empty() {
        return Ok(Vec::new());
    }
    let objs = dirs
        .iter()
        .map(|o| want(o, &o.oid, o.name.clone()))
        .collect();
    progress.begin_transfer("fetching", dirs.len() as u64, 0);
    let got = download_verified(odb, remote, objs, None, progress, report);
    progress.end();
    Ok(got?
        .into_iter()
        .zip(dirs)
        .filter_map(|((f, _), o)| f.map(|f| (*o, f)))
        .collect())
}
