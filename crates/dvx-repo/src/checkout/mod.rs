//! `checkout`: make the workspace match the pointer files, from the cache.
//!
//! Cache objects are verified (by the state database or by hashing) before they are linked, so
//! a corrupt object never reaches the workspace. Files are replaced atomically. Content that is
//! in the workspace but not in the cache is only discarded with `force`.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use dvx_formats::{Manifest, Oid};
use dvx_odb::state::{FileStamp, Reader, Record};
use dvx_odb::{hash, HashKind, LinkType, Odb};
use rayon::prelude::*;

use crate::digest::{load_manifest, Current, Hasher, Have};
use crate::error::{Error, ErrorKind, IoContext, Result};
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;
use crate::worktree::Worktree;
use crate::Progress;

mod plan;

#[derive(Debug, Default, Clone)]
pub struct CheckoutOptions {
    pub force: bool,
    pub relink: bool,
    /// Place only these parts of tracked directories (targets inside them); the rest of each
    /// directory is left as it is.
    pub parts: crate::parts::Parts,
    /// Copies of objects made while they were fetched, to rename into place (a `pull`).
    pub staged: Option<std::sync::Arc<crate::staged::Staged>>,
}

#[derive(Debug, Default)]
pub struct CheckoutReport {
    /// Outputs created, changed, and (for directories) with files removed; repo-relative.
    pub added: Vec<String>,
    pub modified: Vec<String>,
    /// Outputs that could not be checked out, with the reason.
    pub failed: Vec<(String, Error)>,
    /// Workspace files holding data that is not in the cache (refused without `force`).
    pub unsaved: Vec<String>,
    /// Files (not outputs) created, replaced and removed, as DVC counts them for `pull`.
    pub files: FileCounts,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FileCounts {
    pub added: usize,
    pub modified: usize,
    pub deleted: usize,
}

impl CheckoutReport {
    /// Adds what another checkout did.
    pub fn merge(&mut self, other: CheckoutReport) {
        self.added.extend(other.added);
        self.modified.extend(other.modified);
        self.unsaved.extend(other.unsaved);
        self.failed.extend(other.failed);
        self.files.added += other.files.added;
        self.files.modified += other.files.modified;
        self.files.deleted += other.files.deleted;
    }
}

pub fn checkout(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    opts: &CheckoutOptions,
    progress: &dyn Progress,
) -> Result<CheckoutReport> {
    let repo: &Repo = tx;
    let stages = crate::index::select_with_pipelines(repo, cwd, targets)?;
    let opts = CheckoutOptions {
        parts: crate::parts::Parts::of(cwd, targets, &stages),
        ..opts.clone()
    };
    checkout_stages(repo, &stages, &opts, progress)
}

/// Checks out the outputs of these pointer stages (pointer files, or pipeline stages' lock
/// entries).
pub fn checkout_stages(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &CheckoutOptions,
    progress: &dyn Progress,
) -> Result<CheckoutReport> {
    let odb = repo.odb()?;
    let types = repo.link_types()?;
    let state = repo.state();
    let reader = &state.reader;
    let mut report = CheckoutReport::default();
    let mut records = Vec::new();
    let staging = staging_dir(repo);
    for st in stages {
        stage::check_inside(repo, st)?;
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(want) = out.oid else { continue };
            if !st.options(i).cache {
                continue;
            }
            let path = st.out_path(i);
            let rel = repo.rel(&path);
            let kind = HashKind::of(out);
            let hasher = Hasher::checking(out, reader, progress);
            if !opts.relink && hasher.still_holds(&path, &want) {
                continue;
            }
            let ctx = Ctx {
                staging: staging.clone(),
                staged: opts.staged.as_deref(),
                odb: &odb,
                kind,
                types: &types,
                reader,
                state: Some(&state),
                progress,
                wt: &repo.worktree,
            };
            // whether the output holds `want` already, whether it is missing, and the outcome
            let target = match want.is_dir {
                true => load_manifest(&odb, &want, kind).map_err(|e| (rel.clone(), e)),
                false => Ok(None),
            };
            let (holds, missing, result) = match target {
                Err(failed) => {
                    report.failed.push(failed);
                    continue;
                }
                Ok(Some(target)) => {
                    // compared while it is walked: never a second whole manifest
                    let (have, recs) = hasher.compare(&path, &target)?;
                    records.extend(recs);
                    let holds = matches!(&have, Have::Dir(c) if c.holds_all(target.entries.len()));
                    if holds && !opts.relink {
                        continue;
                    }
                    let part = opts.parts.get(st, i);
                    let result = ctx.dir(&path, &want, &target, &have, opts, part);
                    (holds, matches!(have, Have::Missing), result)
                }
                Ok(None) => {
                    let (current, recs) = hasher.output(&path)?;
                    records.extend(recs);
                    let holds = current.oid() == Some(want);
                    if holds && !opts.relink {
                        continue;
                    }
                    let result = match want.is_dir {
                        // the workspace does not hold it and the cache lacks its manifest
                        true => Err(ctx.missing_manifest(&want)),
                        false => ctx.file(&path, &want, &current, out.isexec, opts),
                    };
                    (holds, matches!(current, Current::Missing), result)
                }
            };
            match result {
                Ok(Outcome {
                    unsaved,
                    records: r,
                    ..
                }) if !unsaved.is_empty() => {
                    records.extend(r);
                    report.unsaved.extend(
                        unsaved
                            .iter()
                            .map(|u| repo.rel(&path.join(u)).trim_end_matches('/').to_string()),
                    );
                }
                Ok(Outcome {
                    records: r, files, ..
                }) => {
                    records.extend(r);
                    report.files.added += files.added;
                    report.files.modified += files.modified;
                    report.files.deleted += files.deleted;
                    if holds {
                        continue; // relinked, nothing changed
                    }
                    let shown = if want.is_dir { format!("{rel}/") } else { rel };
                    if missing {
                        report.added.push(shown)
                    } else {
                        report.modified.push(shown)
                    }
                }
                Err(e) => report.failed.push((rel, e)),
            }
        }
    }
    state.save(&records);
    Ok(report)
}

/// Makes `dest` (which does not exist yet, in a directory dvx just made) hold object `oid` of
/// `odb` (a file, or a directory by its manifest), linked with `types`; every object is
/// verified first.
pub fn build(
    odb: &Odb,
    oid: &Oid,
    dest: &Path,
    types: &[LinkType],
    progress: &dyn Progress,
) -> Result<()> {
    let reader = Reader::empty();
    let wt = Worktree::new(dest.parent().unwrap_or(Path::new("/")), None);
    let ctx = Ctx {
        staging: None,
        staged: None,
        odb,
        kind: HashKind::Md5,
        types,
        reader: &reader,
        state: None,
        progress,
        wt: &wt,
    };
    let opts = CheckoutOptions::default();
    if oid.is_dir {
        let target = load_manifest(odb, oid, ctx.kind)?.ok_or_else(|| ctx.missing_manifest(oid))?;
        ctx.dir(dest, oid, &target, &Have::Missing, &opts, None)?;
    } else {
        ctx.file(dest, oid, &Current::Missing, false, &opts)?;
    }
    Ok(())
}

/// A scratch directory under `.dvc/tmp/dvx/staging` (what interrupted runs left there is
/// removed); None if it cannot be made, and files are then made beside their destination.
fn staging_dir(repo: &Repo) -> Option<std::path::PathBuf> {
    dvx_odb::odb::scratch_dir(&repo.tmp_dir().join("dvx").join("staging")).ok()
}

struct Ctx<'a> {
    /// Where new workspace files are made before they are renamed into place.
    staging: Option<std::path::PathBuf>,
    /// Copies made ahead (see [`crate::staged`]), used instead of a copy from the cache.
    staged: Option<&'a crate::staged::Staged>,
    odb: &'a Odb,
    kind: HashKind,
    types: &'a [LinkType],
    reader: &'a Reader,
    /// Where the records of a directory's objects are saved, a batch at a time.
    state: Option<&'a crate::repo::StateSession>,
    progress: &'a dyn Progress,
    wt: &'a Worktree,
}

/// How many files of a directory are placed between two saves of their state records.
const SAVE_EVERY: usize = 1 << 16;

#[derive(Default)]
struct Outcome {
    /// Paths (relative to the output) whose content is not in the cache: nothing was changed.
    unsaved: Vec<String>,
    records: Vec<Record>,
    files: FileCounts,
}

impl Ctx<'_> {
    /// Verifies that a cache object holds what its name says; returns the state record of a
    /// large object hashed (small ones are cheaper to hash again than to record, as `add`
    /// decides too).
    fn verify(&self, oid: &Oid) -> Result<Option<Record>> {
        let p = self.odb.path_for(oid, self.kind);
        let meta = fs::metadata(&p).map_err(|_| {
            Error::user(format!(
                "cache object '{}' for {} is missing",
                p.display(),
                oid
            ))
            .with_hint("is your cache up to date? fetch the data (dvx pull) or re-add it")
            .kind(ErrorKind::Cache)
        })?;
        let stamp = FileStamp::of(&meta);
        if self.reader.lookup(&stamp, self.kind) == Some(oid.digest) {
            return Ok(None);
        }
        let (digest, _) = hash::hash_file(&p, self.kind).ctx("reading cache object", &p)?;
        if digest != oid.digest {
            return Err(Error::user(format!(
                "cache object '{}' is corrupt: its content hashes to {}, not {}",
                p.display(),
                Oid::file(digest),
                oid
            ))
            .with_hint("remove the object and fetch or re-add the data; it was not linked into the workspace")
            .kind(ErrorKind::Cache));
        }
        Ok(
            (stamp.size >= crate::digest::RECORD_OBJECTS_FROM).then_some(Record {
                stamp,
                kind: self.kind,
                digest,
                written_by_us: false,
            }),
        )
    }

    fn in_cache(&self, oid: &Oid) -> bool {
        self.odb.exists(oid, self.kind)
    }

    /// Links object `oid` at `dest`. A directory standing there was checked by the caller
    /// (empty, or its removal forced) and goes first. Returns the state records learnt: of
    /// the object when it was hashed, and of the file placed (so that the next `status` need
    /// not hash what checkout wrote).
    fn place(&self, oid: &Oid, dest: &Path, isexec: bool) -> Result<[Option<Record>; 2]> {
        let rec = self.verify(oid)?;
        if fs::symlink_metadata(dest).is_ok_and(|m| m.is_dir()) {
            self.wt.remove_all(dest)?;
        }
        let obj = self.odb.path_for(oid, self.kind);
        let made = self.staged.and_then(|s| s.take(oid)).and_then(|copy| {
            match self.wt.place_copy(&obj, &copy, dest) {
                Ok(()) => {
                    self.progress.debug(&format!(
                        "'{}': placed the copy written while it downloaded",
                        dest.display()
                    ));
                    Some(LinkType::Copy)
                }
                Err(e) => {
                    // another file system, say: copied from the cache as usual
                    self.progress.debug(&format!(
                        "'{}': the copy written while it downloaded could not be placed ({e}); copying from the cache",
                        dest.display()
                    ));
                    let _ = fs::remove_file(&copy);
                    None
                }
            }
        });
        let used = match made {
            Some(used) => used,
            None => self
                .wt
                .link(&obj, dest, self.types, self.staging.as_deref())?,
        };
        if isexec && !used.shares_object() {
            // the owner's execute bit added, as DVC sets it
            if let Ok(m) = fs::metadata(dest) {
                let mode = m.permissions().mode() | 0o100;
                let _ = fs::set_permissions(dest, fs::Permissions::from_mode(mode));
            }
        }
        let placed = fs::metadata(dest).ok().map(|m| Record {
            stamp: FileStamp::of(&m),
            kind: self.kind,
            digest: oid.digest,
            written_by_us: false,
        });
        Ok([rec, placed])
    }

    fn file(
        &self,
        path: &Path,
        want: &Oid,
        current: &Current,
        isexec: bool,
        opts: &CheckoutOptions,
    ) -> Result<Outcome> {
        let mut out = Outcome::default();
        if !opts.force {
            match current {
                Current::File { oid, .. } if oid != want && !self.in_cache(oid) => {
                    out.unsaved.push(String::new())
                }
                Current::Dir { manifest, .. } => {
                    out.unsaved.extend(
                        manifest
                            .entries
                            .iter()
                            .filter(|e| !self.in_cache(&e.oid))
                            .map(|e| e.relpath.clone()),
                    );
                    if out.unsaved.is_empty() && holds_more_than(path, manifest.entries.len()) {
                        // files dvx does not see (.dvcignored) would go with the directory
                        out.unsaved.push(String::new());
                    }
                }
                _ => {}
            }
            if !out.unsaved.is_empty() {
                return Ok(out);
            }
        }
        self.wt.allow(path, "write")?;
        out.records
            .extend(self.place(want, path, isexec)?.into_iter().flatten());
        match current {
            Current::Missing => out.files.added = 1,
            Current::File { oid, .. } if oid == want => {}
            _ => out.files.modified = 1,
        }
        Ok(out)
    }

    /// The error for a directory whose manifest is not in the cache.
    fn missing_manifest(&self, want: &Oid) -> Error {
        Error::user(format!(
            "cache object '{}' for directory {} is missing",
            self.odb.path_for(want, self.kind).display(),
            want
        ))
        .with_hint("is your cache up to date? fetch the data (dvx pull) or re-add it")
        .kind(ErrorKind::Cache)
    }

    /// Makes `path`, which holds `have`, hold directory `target` (with `part`, only the files
    /// under those paths: the rest is left as it is).
    fn dir(
        &self,
        path: &Path,
        want: &Oid,
        target: &Manifest,
        have: &Have,
        opts: &CheckoutOptions,
        part: Option<&[String]>,
    ) -> Result<Outcome> {
        let mut out = Outcome::default();
        let plan = plan::plan(target, have, part, opts.relink);
        let (todo, stale) = (&plan.todo, &plan.stale);
        // Directories standing where a file of the manifest belongs: once the stale files in
        // them are gone, whatever is left (.dvcignored files) is only removed with `force`.
        let in_the_way: Vec<&str> = match have {
            Have::Dir(_) => todo
                .iter()
                .map(|e| e.relpath.as_str())
                .filter(|r| fs::symlink_metadata(path.join(r)).is_ok_and(|m| m.is_dir()))
                .collect(),
            _ => Vec::new(),
        };
        if !opts.force {
            match have {
                Have::File(oid) if !self.in_cache(oid) => out.unsaved.push(String::new()),
                Have::Dir(_) => out.unsaved.extend(
                    plan.replaced
                        .iter()
                        .filter(|e| !self.in_cache(&e.oid))
                        .map(|e| e.relpath.clone()),
                ),
                _ => {}
            }
            if let Have::Dir(compared) = have {
                for r in &in_the_way {
                    let listed = compared.count_under(r);
                    if holds_more_than(&path.join(r), listed) {
                        out.unsaved.push(format!("{r}/"));
                    }
                }
            }
            if !out.unsaved.is_empty() {
                return Ok(out);
            }
        }
        // Nothing is written before every path is known to be writable. A symlink on the way
        // to a new file is fine when it is itself a stale file removed first (with a symlink
        // cache, a file that became a directory).
        self.wt.allow(path, "write")?;
        for rel in stale {
            self.wt.allow(&path.join(rel), "remove")?;
        }
        let stale_set: std::collections::HashSet<&str> = stale.iter().copied().collect();
        for e in todo {
            let p = path.join(&e.relpath);
            if let Err(refused) = self.wt.check(&p) {
                let removed_first = match &refused.why {
                    crate::worktree::Refusal::Symlink(link, _) => link
                        .strip_prefix(path)
                        .ok()
                        .and_then(|r| r.to_str())
                        .is_some_and(|r| stale_set.contains(r)),
                    _ => false,
                };
                if !removed_first {
                    return Err(refused.into_error(&format!("check out '{}'", e.relpath)));
                }
            }
        }
        if fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
            self.wt.remove_all(path)?;
        }
        for rel in stale {
            let p = path.join(rel);
            self.wt.remove_file(&p)?;
            out.files.deleted += 1;
            if let Some(parent) = p.parent() {
                self.wt.remove_empty_dirs_up(parent, path);
            }
        }
        // a whole directory where nothing was is one path for the operation log
        let whole =
            part.is_none() && matches!(have, Have::Missing) && fs::symlink_metadata(path).is_err();
        if whole {
            self.wt.making_tree(path)?;
        }
        self.wt.create_dir_all(path)?;
        out.files.added += plan.added;
        out.files.modified += plan.modified;
        self.progress.begin("checking out", todo.len() as u64);
        // only the state records are kept (a result per file would be an error's size each),
        // and saved a batch at a time; those of the files placed wait one batch, so that
        // their files are old enough to be trusted (see dvx_odb::state::RACY_MARGIN_NS)
        let first_err: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
        let mut placed: Vec<Record> = Vec::new();
        for batch in todo.chunks(SAVE_EVERY) {
            let records: Vec<[Option<Record>; 2]> = batch
                .par_iter()
                .map(|e| {
                    let r = self.place(&e.oid, &path.join(&e.relpath), false);
                    self.progress.advance(1);
                    r.unwrap_or_else(|err| {
                        let mut first = first_err.lock().unwrap_or_else(|p| p.into_inner());
                        first.get_or_insert(err);
                        [None, None]
                    })
                })
                .collect();
            let Some(state) = self.state else {
                continue;
            };
            out.records.extend(records.iter().filter_map(|r| r[0]));
            out.records.append(&mut placed);
            state.save_now(&out.records);
            out.records.clear();
            placed.extend(records.into_iter().filter_map(|r| r[1]));
        }
        out.records.append(&mut placed);
        self.progress.end();
        match first_err.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => {
                if whole {
                    let manifest = self.odb.path_for(want, self.kind);
                    self.wt
                        .made_tree(path, &manifest, target.entries.len() as u64);
                }
                Ok(out)
            }
        }
    }
}

/// Whether the directory `dir` holds more than `n` entries that are not directories (files,
/// symlinks, anything), counted without following symlinks and without `.dvcignore`.
fn holds_more_than(dir: &Path, n: usize) -> bool {
    let mut count = 0usize;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else {
                count += 1;
                if count > n {
                    return true;
                }
            }
        }
    }
    false
}

/// After `add`: links the output's files from the cache as DVC leaves them. With a
/// hardlink/symlink cache every file is linked; with reflink/copy only symlinks inside a
/// directory are replaced by their content (regular files already hold it). A file that changed
/// while it was read is left as it is now (the cache holds what was read). Every path is
/// checked before the first is linked.
pub fn link_after_add(
    wt: &Worktree,
    odb: &Odb,
    path: &Path,
    current: &Current,
    kind: HashKind,
    types: &[LinkType],
) -> Result<()> {
    let all = types.first().is_some_and(|t| t.shares_object());
    let one = |oid: &Oid, dest: &Path| {
        wt.relink(&odb.path_for(oid, kind), dest, types, None)
            .map(|_| ())
    };
    match current {
        Current::Missing => Ok(()),
        Current::File {
            oid,
            changed: false,
            ..
        } if all => one(oid, path),
        Current::File { .. } => Ok(()),
        Current::Dir {
            manifest,
            symlinks,
            changed,
            ..
        } => {
            let changed: std::collections::HashSet<&str> =
                changed.iter().map(String::as_str).collect();
            let set: std::collections::HashSet<&str> =
                symlinks.iter().map(String::as_str).collect();
            let pick: Vec<&dvx_formats::DirEntry> = manifest
                .entries
                .iter()
                .filter(|e| all || set.contains(e.relpath.as_str()))
                .filter(|e| !changed.contains(e.relpath.as_str()))
                .collect();
            for e in &pick {
                wt.allow(&path.join(&e.relpath), "link")?;
            }
            pick.par_iter()
                .map(|e| one(&e.oid, &path.join(&e.relpath)))
                .collect()
        }
    }
}
