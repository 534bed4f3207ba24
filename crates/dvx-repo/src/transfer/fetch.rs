use std::collections::HashSet;
use std::fs;

use dvx_formats::{Manifest, Oid};
use dvx_odb::{hash, object_key, HashKind, Odb};
use dvx_remote::{Download, RemoteError};
use rayon::prelude::*;

use super::{Failed, Named, Opened, TransferReport, UsedOut, Wants, BATCH};
use crate::digest::load_manifest;
use crate::error::{Error, Result};
use crate::parts::in_part;
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
    let m = load_manifest(odb, oid, kind).ok().flatten()?;
    let have = m
        .entries
        .iter()
        .filter(|e| odb.exists(&e.oid, kind))
        .count();
    Some((have, m.entries.len()))
}

/// A downloaded object waiting in the cache's scratch directory.
pub(super) struct Fetched {
    tmp: std::path::PathBuf,
    key: String,
}

impl Fetched {
    pub(super) fn drop_tmp(&self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

pub(crate) fn fetch_from(
    odb: &Odb,
    remote: &Opened,
    outs: &[UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let in_cache = |oid: &Oid, kind: HashKind| odb.path_for(oid, kind).is_file();
    let mut manifests: Vec<(&UsedOut, Manifest, Option<Fetched>)> = Vec::new();
    let mut dirs_to_fetch: Vec<&UsedOut> = Vec::new();
    for o in outs.iter().filter(|o| o.oid.is_dir) {
        match load_manifest(odb, &o.oid, o.kind)? {
            Some(m) => manifests.push((o, m, None)),
            None => dirs_to_fetch.push(o),
        }
    }
    // Manifests first: they say which files a directory needs.
    for (o, m, f) in remote_manifests(odb, remote, &dirs_to_fetch, progress, report)? {
        manifests.push((o, m, Some(f)));
    }
    // What is missing (of a part, the part's), each object once.
    let dirs = manifests.iter().map(|(o, m, _)| (*o, m)).collect();
    let wants = Wants::collect(outs, dirs, |o, oid, relpath| {
        let wanted = relpath.is_none_or(|r| o.part.as_deref().is_none_or(|p| in_part(r, p)));
        wanted && !in_cache(oid, o.kind)
    });
    let mut failed: HashSet<Oid> = HashSet::new();
    progress.begin_transfer("fetching", wants.list.len() as u64, 0);
    let fetched = (|| {
        for batch in wants.list.chunks(BATCH) {
            let objs: Vec<_> = batch.iter().map(|w| wants.named(w)).collect();
            let got = download_verified(odb, remote, objs, progress, report)?;
            let (good, bad): (Vec<_>, Vec<_>) = got.into_iter().partition(|(f, _)| f.is_some());
            failed.extend(bad.into_iter().map(|(_, n)| n.oid));
            let good: Vec<Fetched> = good.into_iter().filter_map(|(f, _)| f).collect();
            // moved into the cache from every core: a rename and its directory per object
            let settled: Vec<Result<()>> =
                good.par_iter().map(|f| settle_into_cache(odb, f)).collect();
            for r in settled {
                r?;
                report.transferred += 1;
            }
        }
        Ok::<(), Error>(())
    })();
    progress.end();
    drop(wants);
    if let Err(e) = fetched {
        for f in manifests.iter().filter_map(|(_, _, f)| f.as_ref()) {
            f.drop_tmp();
        }
        return Err(e);
    }
    // A fetched manifest enters the cache last, once its files are all there (of a part, the
    // part's: DVC keeps a part's manifest so too).
    for (o, m, fetched) in &manifests {
        let Some(f) = fetched else { continue };
        let wanted = m
            .entries
            .iter()
            .filter(|e| o.part.as_deref().is_none_or(|p| in_part(&e.relpath, p)));
        let mut lacking = wanted.filter(|e| failed.contains(&e.oid));
        if lacking.next().is_some() {
            f.drop_tmp();
        } else {
            settle_into_cache(odb, f)?;
            report.transferred += 1;
        }
    }
    Ok(())
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
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(Option<Fetched>, Named)>> {
    if objs.is_empty() {
        return Ok(Vec::new());
    }
    let mut items = Vec::with_capacity(objs.len());
    for (key, _, _) in &objs {
        let to = odb
            .tmp_path()
            .map_err(|e| Error::io("creating a temporary file in", odb.root(), e))?;
        items.push(Download {
            key: key.clone(),
            to,
            version: None,
        });
    }
    let results = remote.remote.download(&items, remote.jobs, progress);
    let mut out = Vec::with_capacity(objs.len());
    let mut fatal = None;
    for ((item, (key, obj, kind)), r) in items.into_iter().zip(objs).zip(results) {
        let fetched = Fetched { tmp: item.to, key };
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
    let objs = dirs
        .iter()
        .map(|o| {
            (
                object_key(&o.oid, o.kind),
                Named {
                    name: o.name.clone(),
                    oid: o.oid,
                },
                o.kind,
            )
        })
        .collect();
    progress.begin_transfer("fetching", dirs.len() as u64, 0);
    let got = download_verified(odb, remote, objs, progress, report);
    progress.end();
    let mut out = Vec::new();
    let got = got?;
    for ((f, obj), o) in got.into_iter().zip(dirs) {
        let Some(f) = f else { continue };
        let bytes = fs::read(&f.tmp).map_err(|e| Error::io("reading", &f.tmp, e))?;
        match Manifest::parse(&bytes) {
            Ok(m) => out.push((*o, m, f)),
            Err(e) => report.failed.push(Failed {
                name: obj.name,
                remote: remote.name.clone(),
                error: {
                    f.drop_tmp();
                    RemoteError::object(
                        &f.key,
                        format!("the directory manifest is invalid and was not used: {e}"),
                    )
                },
            }),
        }
    }
    Ok(out)
}
