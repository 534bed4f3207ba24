//! DVC's merge driver for `.dvc` files (`git-hook merge-driver`, registered by `install` as
//! git's `merge.dvc.driver`): when two branches changed the same tracked directory, their
//! manifests are merged file by file and "our" pointer file records the merged directory.
//! A repository opts in with `*.dvc merge=dvc` in `.gitattributes`, as with DVC.

use std::path::Path;

use dvx_formats::manifest::merge3;
use dvx_formats::{Manifest, Oid, Output, PointerFile};
use dvx_odb::{HashKind, Odb};

use crate::digest::load_manifest;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::repo::Repo;

/// The git config that `install` writes (DVC's, with dvx as the driver).
pub const DRIVER: &str = "dvx git-hook merge-driver --ancestor %O --our %A --their %B ";

fn refuse(why: &str) -> Error {
    Error::user(format!("unable to auto-merge: {why}"))
        .with_hint("resolve the conflict in the .dvc file by hand (git shows both sides)")
}

/// A side of the merge: its pointer file, None when git passes an empty file (the file did
/// not exist on that side).
fn load(path: &Path) -> Result<Option<PointerFile>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("reading", path, e))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let p = PointerFile::parse(&text).map_err(|e| {
        Error::user(format!(
            "'{}' is not a valid pointer file: {e}",
            path.display()
        ))
    })?;
    Ok(Some(p))
}

/// The single output of a pointer file `dvc add` wrote, or why it cannot be merged.
fn single_out(p: &PointerFile) -> Result<Option<&Output>> {
    if p.import_dep().ok().flatten().is_some() || p.outs.len() > 1 {
        return Err(refuse("DVC files that weren't created by `dvc add`"));
    }
    Ok(p.outs.first())
}

/// The output's options (everything but what its content decides).
fn options(o: &Output) -> Output {
    let mut o = o.clone();
    o.oid = None;
    o.size = None;
    o.nfiles = None;
    o.hash = None;
    o
}

fn manifest(odb: &Odb, o: &Output) -> Result<(Oid, Manifest)> {
    let oid = o
        .oid
        .filter(|oid| oid.is_dir)
        .ok_or_else(|| refuse("outputs that are not directories"))?;
    let m = load_manifest(odb, &oid, HashKind::Md5)?.ok_or_else(|| {
        Error::user(format!(
            "cannot merge '{}': its directory manifest {oid} is not in the cache",
            o.path
        ))
        .with_hint("fetch both branches' data first (dvx fetch -a), then merge again")
    })?;
    Ok((oid, m))
}

/// Merges `their` into `our` (the file git will keep), given the common `ancestor`.
pub fn merge_driver(repo: &Repo, ancestor: &Path, our: &Path, their: &Path) -> Result<()> {
    let (base, mut ours, theirs) = (load(ancestor)?, load(our)?, load(their)?);
    let Some(theirs) = theirs.filter(|t| !t.outs.is_empty()) else {
        return Ok(()); // nothing on their side: ours stands
    };
    let Some(ours_p) = ours.as_mut().filter(|o| !o.outs.is_empty()) else {
        // nothing on our side: theirs stands
        let text = theirs.render();
        return write_atomic(our, text.as_bytes()).map_err(|e| Error::io("writing", our, e));
    };
    let base_out = match &base {
        Some(b) => single_out(b)?.cloned(),
        None => None,
    };
    let our_out = single_out(ours_p)?.cloned().expect("checked above");
    let their_out = single_out(&theirs)?.cloned().expect("checked above");
    for other in base_out.iter().chain([&their_out]) {
        if options(other) != options(&our_out) || other.is_legacy() != our_out.is_legacy() {
            return Err(refuse("outputs with different options"));
        }
    }
    if our_out.is_legacy() {
        return Err(refuse(
            "DVC 2.x entries (run `dvx cache migrate --dvc-files` first)",
        ));
    }
    let odb = repo.odb()?;
    let base_m = match &base_out {
        Some(b) => manifest(&odb, b)?.1,
        None => Manifest::default(),
    };
    let (_, our_m) = manifest(&odb, &our_out)?;
    let (_, their_m) = manifest(&odb, &their_out)?;
    let merged = merge3(&base_m, &our_m, &their_m).map_err(|paths| {
        Error::user(format!(
            "unable to auto-merge the following paths:\n{}",
            paths.join("\n")
        ))
        .with_hint("resolve the conflict in the .dvc file by hand (git shows both sides)")
    })?;
    let oid = odb
        .add_generated(HashKind::Md5, true, |w| merged.write_json(w))
        .map_err(|e| Error::io("writing a cache object in", odb.root(), e))?;
    let mut size = Some(0u64);
    for e in &merged.entries {
        let len = std::fs::metadata(odb.path_for(&e.oid, HashKind::Md5)).map(|m| m.len());
        size = match (size, len) {
            (Some(s), Ok(l)) => Some(s + l),
            _ => None,
        };
    }
    let out = &mut ours_p.outs[0];
    out.oid = Some(oid);
    out.size = size;
    out.nfiles = Some(merged.entries.len() as u64);
    out.hash = Some("md5".into());
    let text = ours_p.render();
    write_atomic(our, text.as_bytes()).map_err(|e| Error::io("writing", our, e))
}
