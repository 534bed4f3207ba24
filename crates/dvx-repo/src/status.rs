//! `status` and `data status`: how the workspace, the pointer files, the cache and git's HEAD differ.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dvx_formats::import::ImportDep;
use dvx_formats::{DirEntry, Manifest, Oid, PointerFile};
use dvx_odb::state::Record;
use dvx_odb::HashKind;
use dvx_odb::Odb;

use crate::digest::{is_not_sorted, load_manifest, Current, Entries, Hasher};
use crate::error::Result;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::Progress;

/// How one output differs from its pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutState {
    /// The workspace has other content than the pointer records.
    Modified,
    /// The output is missing from the workspace.
    Deleted,
    /// The workspace matches but the cache lacks the object(s).
    NotInCache,
    /// The pointer records no hash yet.
    NotCommitted,
}

impl OutState {
    /// DVC's wording in `dvc status`.
    pub fn label(self) -> &'static str {
        match self {
            OutState::Modified => "modified",
            OutState::Deleted => "deleted",
            OutState::NotInCache => "not in cache",
            // DVC compares the missing hash with the content's: changed
            OutState::NotCommitted => "modified",
        }
    }
}

/// A file-level change inside a directory (or of a file output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added,
    Modified,
    Deleted,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Modified => "modified",
            Change::Deleted => "deleted",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutStatus {
    /// The pointer file, repo-relative.
    pub stage: String,
    /// The output, repo-relative (a directory ends with `/` in the granular lists).
    pub out: String,
    pub is_dir: bool,
    pub state: Option<OutState>,
    /// Workspace against pointer, file by file (directories), repo-relative paths.
    pub uncommitted: Vec<(Change, String)>,
    /// HEAD's pointer against the current pointer, when git is there.
    pub committed: Vec<(Change, String)>,
    /// Files whose objects are missing from the cache.
    pub missing_in_cache: Vec<String>,
    /// Where the data comes from, when the pointer file is an import.
    pub import: Option<dvx_formats::import::ImportDep>,
    /// With [`StatusOptions::unchanged`]: what is the same in the workspace, the pointer file
    /// and HEAD's pointer file (the output, as `out` or `out/`; with `granular`, each file of a
    /// directory too).
    pub unchanged: Vec<String>,
}

#[derive(Debug, Default)]
pub struct StatusOptions {
    /// Compare with git's HEAD and list changes file by file (`data status`).
    pub data_status: bool,
    /// With `data_status`: list what has not changed too.
    pub unchanged: bool,
    /// With `unchanged`: list the unchanged files inside directories too.
    pub granular: bool,
}

pub fn status(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    opts: &StatusOptions,
    progress: &dyn Progress,
) -> Result<Vec<OutStatus>> {
    let stages = stage::select(repo, cwd, targets)?;
    stages_status(repo, &stages, opts, progress)
}

/// The outputs of pointer file `st` found holding the objects they record, by its outputs'
/// statuses `own`: the paths a later check in the same command may trust without walking them
/// again. All of them, or none when any changed or `st` is a repository import (its source is
/// looked at too).
pub(crate) fn unchanged_outputs(
    st: &TrackedStage,
    own: &[OutStatus],
) -> Result<Vec<(std::path::PathBuf, (Oid, HashKind))>> {
    if own.is_empty() || own.iter().any(|s| s.state.is_some()) || st.import_dep()?.is_some() {
        return Ok(Vec::new());
    }
    Ok(st
        .pointer
        .outs
        .iter()
        .enumerate()
        .filter_map(|(i, out)| Some((st.out_path(i), (out.oid?, HashKind::of(out)))))
        .collect())
}

/// The status of the outputs of the given pointer files (for `status`, and for `repro` checking
/// a pipeline's data sources).
pub fn stages_status(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &StatusOptions,
    progress: &dyn Progress,
) -> Result<Vec<OutStatus>> {
    let stages: Vec<&TrackedStage> = stages.iter().collect();
    stages_status_of(repo, &stages, opts, progress)
}

/// [`stages_status`] of pointer files held elsewhere (no copies of them).
pub fn stages_status_of(
    repo: &Repo,
    stages: &[&TrackedStage],
    opts: &StatusOptions,
    progress: &dyn Progress,
) -> Result<Vec<OutStatus>> {
    let odb = repo.odb()?;
    let state = repo.state();
    let heads = match opts.data_status {
        true => head_pointers(repo, stages),
        false => Vec::new(),
    };
    let head_locks = match opts.data_status {
        true => head_lock_outputs(repo, stages),
        false => HashMap::new(),
    };
    let mut outs = Vec::new();
    let mut imports = Vec::with_capacity(stages.len());
    for (n, &st) in stages.iter().enumerate() {
        stage::check_inside(repo, st)?;
        imports.push(st.import_dep()?);
        outs.extend((0..st.pointer.outs.len()).map(|i| (n, i)));
    }
    let ctx = Context {
        repo,
        odb: &odb,
        reader: &state.reader,
        opts,
        head_locks: &head_locks,
        progress,
    };
    // Each output on its own (a repository of thousands of pointer files: a stat or two each).
    use rayon::prelude::*;
    let done: Vec<Result<(OutStatus, Vec<Record>)>> = outs
        .par_iter()
        .map(|&(n, i)| {
            let head = heads.get(n).and_then(Option::as_ref);
            out_status(&ctx, stages[n], i, &imports[n], head)
        })
        .collect();
    let mut result = Vec::with_capacity(done.len());
    let mut records = Vec::new();
    for d in done {
        let (s, recs) = d?;
        result.push(s);
        records.extend(recs);
    }
    state.save(&records);
    Ok(result)
}

/// What [`out_status`] looks at besides the output.
struct Context<'a> {
    repo: &'a Repo,
    odb: &'a Odb,
    reader: &'a dvx_odb::state::Reader,
    opts: &'a StatusOptions,
    head_locks: &'a HashMap<PathBuf, Option<Oid>>,
    progress: &'a dyn Progress,
}

/// The status of output `i` of `st` (`head`: its pointer file in git's HEAD, for `data status`),
/// with the state records its hashing learnt.
fn out_status(
    ctx: &Context,
    st: &TrackedStage,
    i: usize,
    import: &Option<ImportDep>,
    head: Option<&PointerFile>,
) -> Result<(OutStatus, Vec<Record>)> {
    let (repo, odb, reader, opts) = (ctx.repo, ctx.odb, ctx.reader, ctx.opts);
    let (head_locks, progress) = (ctx.head_locks, ctx.progress);
    let out = &st.pointer.outs[i];
    let path = st.out_path(i);
    let rel = repo.rel(&path);
    let kind = HashKind::of(out);
    let hasher = Hasher::checking(out, reader, progress);
    if let Some(want) = out
        .oid
        .filter(|w| !opts.data_status && st.options(i).cache && hasher.still_holds(&path, w))
    {
        // unchanged, as the monitor vouches: only the cache is looked at
        let missing = if crate::digest::known_in_cache(reader, odb, &want, kind) {
            Vec::new()
        } else {
            let m = load_manifest(odb, &want, kind).ok().flatten();
            missing_dir_objects(reader, odb, &want, m.as_ref(), kind, &rel)
        };
        let s = OutStatus {
            stage: st.rel.clone(),
            out: rel,
            is_dir: true,
            state: (!missing.is_empty()).then_some(OutState::NotInCache),
            uncommitted: Vec::new(),
            committed: Vec::new(),
            missing_in_cache: missing,
            import: import.clone(),
            unchanged: Vec::new(),
        };
        return Ok((s, Vec::new()));
    }
    let (current, records) = hasher.output(&path)?;
    let is_dir = out
        .oid
        .map(|o| o.is_dir)
        .unwrap_or(matches!(current, Current::Dir { .. }));
    let mut s = OutStatus {
        stage: st.rel.clone(),
        out: rel.clone(),
        is_dir,
        state: None,
        uncommitted: Vec::new(),
        committed: Vec::new(),
        missing_in_cache: Vec::new(),
        import: import.clone(),
        unchanged: Vec::new(),
    };
    let recorded = out.oid;
    let shown = if is_dir {
        format!("{rel}/")
    } else {
        rel.clone()
    };
    match (recorded, &current) {
        // nothing recorded and nothing there (an import not downloaded): DVC's "deleted"
        (None, Current::Missing) => s.state = Some(OutState::Deleted),
        (None, _) => s.state = Some(OutState::NotCommitted),
        (Some(_), Current::Missing) => {
            s.state = Some(OutState::Deleted);
            s.uncommitted.push((Change::Deleted, shown.clone()));
        }
        (Some(want), cur) if cur.oid() != Some(want) => {
            s.state = Some(OutState::Modified);
            s.uncommitted.push((Change::Modified, shown.clone()));
        }
        _ => {}
    }
    let use_cache = st.options(i).cache;
    let current_manifest = match &current {
        Current::Dir { manifest, .. } => Some(manifest),
        _ => None,
    };
    // the files of a directory the workspace has as recorded (granular `--unchanged`)
    let list_same = opts.data_status && opts.unchanged && opts.granular && is_dir;
    let mut same_files: Vec<String> = match (s.state, current_manifest) {
        (None, Some(m)) if list_same && recorded.is_some() => {
            m.entries.iter().map(|e| e.relpath.clone()).collect()
        }
        _ => Vec::new(),
    };
    // The monitor may vouch that the recorded directory's objects are all cached.
    let known_cached = is_dir
        && use_cache
        && recorded.is_some_and(|w| crate::digest::known_in_cache(reader, odb, &w, kind));
    let check_cache = use_cache && !known_cached;
    match recorded.filter(|_| use_cache) {
        // As DVC: an output whose objects are not all cached is "not in cache",
        // whatever the workspace holds.
        Some(want) if !is_dir && check_cache => {
            s.missing_in_cache = missing_objects(odb, &want, None, kind, &rel);
        }
        // Unchanged: the recorded manifest is the current one, no need to read it.
        Some(want) if is_dir && s.state.is_none() && check_cache => {
            s.missing_in_cache =
                missing_dir_objects(reader, odb, &want, current_manifest, kind, &rel);
        }
        // Changed: the recorded manifest is read from the cache as it comes, for its
        // files' changes and for the objects the cache lacks.
        Some(want) if is_dir && s.state.is_some() && (check_cache || opts.data_status) => {
            let files = current_manifest.map_or(&[][..], |m| &m.entries[..]);
            let clock = crate::digest::cache_clock(reader, odb);
            let same = list_same.then_some(&mut same_files);
            let scanned =
                scan_recorded(odb, &want, kind, files, opts.data_status, check_cache, same);
            if let (true, Some((_, missing)), Some(clock)) = (check_cache, &scanned, clock) {
                if missing.is_empty() && odb.exists(&want, kind) {
                    crate::digest::remember_in_cache(reader, odb, &want, kind, clock);
                }
            }
            let (changes, missing) = scanned.unwrap_or_default();
            s.uncommitted
                .extend(changes.into_iter().map(|(c, p)| (c, format!("{rel}/{p}"))));
            if check_cache {
                s.missing_in_cache = match odb.exists(&want, kind) {
                    false => vec![rel.clone()],
                    true => missing.into_iter().map(|p| format!("{rel}/{p}")).collect(),
                };
            }
        }
        _ => {}
    }
    if !s.missing_in_cache.is_empty() {
        s.state = Some(OutState::NotInCache);
    }
    if opts.data_status {
        let mut same_head = Vec::new();
        let same = list_same.then_some(&mut same_head);
        let old = match st.origin {
            stage::Origin::Lock { .. } => head_locks.get(&path).copied().flatten(),
            _ => head
                .and_then(|h| h.outs.iter().find(|o| o.path == out.path))
                .and_then(|o| o.oid),
        };
        s.committed = committed_changes(odb, old, recorded, &shown, &rel, kind, same);
        if opts.unchanged {
            let head_same = repo.scm.is_none() || old == recorded;
            let workspace_same = recorded.is_some() && current.oid() == recorded;
            if head_same && workspace_same {
                s.unchanged.push(shown.clone());
            }
            if list_same && !(head_same && recorded.is_some()) {
                same_files = intersect_sorted(same_files, same_head);
            }
            s.unchanged
                .extend(same_files.into_iter().map(|p| format!("{rel}/{p}")));
        }
    }
    Ok((s, records))
}

/// The pointer files of `stages` as git's HEAD has them, in order (None: not there, or not a
/// pointer file): HEAD's tree listed once, and only the files whose blob differs from the
/// workspace's read from git.
fn head_pointers(repo: &Repo, stages: &[&TrackedStage]) -> Vec<Option<PointerFile>> {
    let Some(git) = repo.scm.as_ref() else {
        return Vec::new();
    };
    let own: Vec<&TrackedStage> = stages
        .iter()
        .copied()
        .filter(|st| st.origin == stage::Origin::PointerFile)
        .collect();
    let mut found = head_pointers_of(git, repo, &own).into_iter();
    stages
        .iter()
        .map(|st| match st.origin {
            stage::Origin::PointerFile => found.next().flatten(),
            _ => None,
        })
        .collect()
}

fn head_pointers_of(
    git: &crate::scm::Git,
    repo: &Repo,
    stages: &[&TrackedStage],
) -> Vec<Option<PointerFile>> {
    let prefix = crate::fsutil::rel_slash(&git.root, &repo.root).unwrap_or_default();
    let paths: Vec<String> = stages
        .iter()
        .map(|st| match prefix.is_empty() {
            true => st.rel.clone(),
            false => format!("{prefix}/{}", st.rel),
        })
        .collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let Ok(ids) = git.blob_ids("HEAD", &paths) else {
        return parsed(git.show_many("HEAD", &paths));
    };
    // unchanged since HEAD (the common case): parsed already
    let same: Vec<bool> = ids
        .iter()
        .zip(stages)
        .map(|(id, st)| {
            let text = st.text.as_deref().map(str::as_bytes);
            id.is_some() && id.as_deref() == text.map(dvx_scm::blob_id).as_deref()
        })
        .collect();
    let differing: Vec<&str> = ids
        .iter()
        .zip(&same)
        .filter(|(_, same)| !**same)
        .filter_map(|(id, _)| id.as_deref())
        .collect();
    let Ok(read) = crate::history::read_pointer_blobs(repo, &git.root, &differing) else {
        return parsed(git.show_many("HEAD", &paths));
    };
    let mut read = parsed(read.into_iter().map(Some).collect()).into_iter();
    ids.iter()
        .zip(stages)
        .zip(same)
        .map(|((id, st), same)| match (id, same) {
            (None, _) => None,
            (Some(_), true) => Some(st.pointer.clone()),
            (Some(_), false) => read.next().flatten(),
        })
        .collect()
}

/// Pointer files from git's blobs (None: not there, or not a valid pointer file).
fn parsed(blobs: Vec<Option<Vec<u8>>>) -> Vec<Option<PointerFile>> {
    blobs
        .into_iter()
        .map(|b| PointerFile::parse(&String::from_utf8(b?).ok()?).ok())
        .collect()
}

/// The hashes HEAD's `dvc.lock` files record for the outputs of the pipeline stages among
/// `stages`, by path (empty without git, a commit, or such stages).
fn head_lock_outputs(repo: &Repo, stages: &[&TrackedStage]) -> HashMap<PathBuf, Option<Oid>> {
    let any = stages
        .iter()
        .any(|st| matches!(st.origin, stage::Origin::Lock { .. }));
    if !any || repo.scm.is_none() {
        return HashMap::new();
    }
    let head = crate::history::lock_stages(repo, &["HEAD".to_string()]).unwrap_or_default();
    head.iter()
        .flat_map(|st| {
            st.pointer
                .outs
                .iter()
                .enumerate()
                .map(|(i, o)| (st.out_path(i), o.oid))
        })
        .collect()
}

/// The relpaths in both sorted lists.
fn intersect_sorted(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    let mut b = b.into_iter().peekable();
    let mut both = Vec::new();
    for x in a {
        while b.next_if(|y| *y < x).is_some() {}
        if b.next_if(|y| *y == x).is_some() {
            both.push(x);
        }
    }
    both
}

/// What HEAD records for an output (`old`) against what is recorded now (`new`); with `same`:
/// the files of a directory both record alike, when the two differ.
fn committed_changes(
    odb: &Odb,
    old: Option<Oid>,
    new: Option<Oid>,
    shown: &str,
    rel: &str,
    kind: dvx_odb::HashKind,
    mut same: Option<&mut Vec<String>>,
) -> Vec<(Change, String)> {
    let mut v = Vec::new();
    match (old, new) {
        // as DVC: a directory added or deleted since HEAD, with each of its files
        (None, Some(b)) => {
            v.push((Change::Added, shown.to_string()));
            v.extend(files_of(odb, &b, kind).map(|p| (Change::Added, format!("{rel}/{p}"))));
        }
        (Some(a), None) => {
            v.push((Change::Deleted, shown.to_string()));
            v.extend(files_of(odb, &a, kind).map(|p| (Change::Deleted, format!("{rel}/{p}"))));
        }
        (Some(a), Some(b)) if a != b => {
            v.push((Change::Modified, shown.to_string()));
            // both manifests read as they come (whole when one is not in DVC's order)
            for whole in [false, true].into_iter().filter(|_| a.is_dir && b.is_dir) {
                let (Ok(Some(ea)), Ok(Some(eb))) = (
                    Entries::cached(odb, &a, kind, whole),
                    Entries::cached(odb, &b, kind, whole),
                ) else {
                    break;
                };
                if let Some(same) = same.as_deref_mut() {
                    same.clear();
                }
                match diff_entries(ea, eb, same.as_deref_mut()) {
                    Ok(changes) => {
                        v.extend(changes.into_iter().map(|(c, p)| (c, format!("{rel}/{p}"))));
                        break;
                    }
                    Err(e) if !whole && is_not_sorted(&e) => continue,
                    Err(_) => break,
                }
            }
        }
        _ => {}
    }
    v
}

/// The relpaths a directory's manifest in the cache lists (none for a file, or a manifest
/// the cache lacks).
fn files_of(odb: &Odb, oid: &Oid, kind: HashKind) -> impl Iterator<Item = String> {
    let m = match oid.is_dir {
        true => load_manifest(odb, oid, kind).ok().flatten(),
        false => None,
    };
    m.into_iter().flat_map(|m| m.entries).map(|e| e.relpath)
}

/// Files changed in a directory, by relpath.
type Changes = Vec<(Change, String)>;

/// What the recorded directory `want` lists against the workspace's `files` (sorted): the
/// files changed (with `diff`: added and modified, then deleted, each by relpath), and those
/// whose objects the cache lacks (with `check`). The manifest is read once, as it comes (whole
/// when it is not in DVC's order); None when it cannot be read.
fn scan_recorded(
    odb: &Odb,
    want: &Oid,
    kind: HashKind,
    files: &[DirEntry],
    diff: bool,
    check: bool,
    mut same: Option<&mut Vec<String>>,
) -> Option<(Changes, Vec<String>)> {
    for whole in [false, true] {
        if let Some(same) = same.as_deref_mut() {
            same.clear();
        }
        let Ok(Some(entries)) = Entries::cached(odb, want, kind, whole) else {
            break;
        };
        let new = files.iter().cloned().map(Ok);
        let mut lookups: Vec<DirEntry> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        let mut flush = |lookups: &mut Vec<DirEntry>| {
            use rayon::prelude::*;
            missing.par_extend(
                lookups
                    .par_drain(..)
                    .filter(|e| !odb.exists(&e.oid, kind))
                    .map(|e| e.relpath),
            );
        };
        let mut checked = entries.inspect(|e| {
            if let (true, Ok(e)) = (check, e) {
                lookups.push(e.clone());
                if lookups.len() >= 4096 {
                    flush(&mut lookups);
                }
            }
        });
        let changes = match diff {
            true => diff_entries(checked, new, same.as_deref_mut()),
            false => checked.try_for_each(|e| e.map(drop)).map(|_| Vec::new()),
        };
        match changes {
            Ok(changes) => {
                flush(&mut lookups);
                return Some((changes, missing));
            }
            Err(e) if !whole && is_not_sorted(&e) => continue,
            Err(_) => break,
        }
    }
    None
}

/// Files added, modified and deleted between two lists of entries sorted by relpath (as DVC
/// writes manifests), merged as they come: added and modified first, then deleted, each in
/// relpath order. With `same`, the relpaths of the files both list alike are put there.
fn diff_entries(
    old: impl Iterator<Item = Result<DirEntry>>,
    new: impl Iterator<Item = Result<DirEntry>>,
    mut same: Option<&mut Vec<String>>,
) -> Result<Changes> {
    let (mut changed, mut deleted) = (Vec::new(), Vec::new());
    for pair in crate::digest::merge_sorted(old, new, |a, b| a.relpath.cmp(&b.relpath)) {
        match pair? {
            (Some(o), None) => deleted.push((Change::Deleted, o.relpath)),
            (None, Some(n)) => changed.push((Change::Added, n.relpath)),
            (Some(o), Some(n)) if o.oid != n.oid => changed.push((Change::Modified, n.relpath)),
            (Some(_), Some(n)) => {
                if let Some(same) = same.as_deref_mut() {
                    same.push(n.relpath);
                }
            }
            (None, None) => {}
        }
    }
    changed.append(&mut deleted);
    Ok(changed)
}

/// [`missing_objects`] of a directory; when all are there, the monitor (if any) remembers it,
/// at a clock read before they were looked for.
fn missing_dir_objects(
    reader: &dvx_odb::state::Reader,
    odb: &Odb,
    want: &Oid,
    manifest: Option<&Manifest>,
    kind: dvx_odb::HashKind,
    rel: &str,
) -> Vec<String> {
    let clock = crate::digest::cache_clock(reader, odb);
    let missing = missing_objects(odb, want, manifest, kind, rel);
    if let (true, Some(_), Some(clock)) = (missing.is_empty(), manifest, clock) {
        crate::digest::remember_in_cache(reader, odb, want, kind, clock);
    }
    missing
}

fn missing_objects(
    odb: &Odb,
    want: &Oid,
    manifest: Option<&Manifest>,
    kind: dvx_odb::HashKind,
    rel: &str,
) -> Vec<String> {
    if !odb.exists(want, kind) {
        return vec![rel.to_string()];
    }
    use rayon::prelude::*;
    match manifest {
        Some(m) => m
            .entries
            .par_iter()
            .filter(|e| !odb.exists(&e.oid, kind))
            .map(|e| format!("{rel}/{}", e.relpath))
            .collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The comparison the merge replaced: both manifests in maps.
    fn diff_manifests(old: &Manifest, new: &Manifest) -> Vec<(Change, String)> {
        let a: BTreeMap<&str, &Oid> = old
            .entries
            .iter()
            .map(|e| (e.relpath.as_str(), &e.oid))
            .collect();
        let b: BTreeMap<&str, &Oid> = new
            .entries
            .iter()
            .map(|e| (e.relpath.as_str(), &e.oid))
            .collect();
        let mut v = Vec::new();
        for (p, o) in &b {
            match a.get(p) {
                None => v.push((Change::Added, p.to_string())),
                Some(x) if x != o => v.push((Change::Modified, p.to_string())),
                _ => {}
            }
        }
        for p in a.keys().filter(|p| !b.contains_key(*p)) {
            v.push((Change::Deleted, p.to_string()));
        }
        v
    }

    #[test]
    fn the_merge_of_two_manifests_reports_what_the_maps_did() {
        let mut rng = fastrand::Rng::with_seed(7);
        let manifest = |rng: &mut fastrand::Rng| {
            let parts = ["a", "a-b", "a.b", "a/b", "a0", "b", "é"];
            let entries = (0..rng.usize(0..10))
                .map(|_| DirEntry {
                    relpath: format!("{}/{}", parts[rng.usize(..7)], parts[rng.usize(..7)]),
                    oid: Oid::file([rng.u8(0..3); 16]),
                })
                .collect();
            let mut m = Manifest::from_unsorted(entries);
            m.entries.dedup_by(|a, b| a.relpath == b.relpath);
            m
        };
        let (mut changes, mut unchanged) = (0, 0);
        for _ in 0..2000 {
            let (old, new) = (manifest(&mut rng), manifest(&mut rng));
            let stream = |m: &Manifest| m.entries.clone().into_iter().map(Ok);
            let mut same = Vec::new();
            let merged = diff_entries(stream(&old), stream(&new), Some(&mut same)).unwrap();
            assert_eq!(merged, diff_manifests(&old, &new), "{old:?} -> {new:?}");
            let alike: Vec<String> = new
                .entries
                .iter()
                .filter(|e| old.entries.iter().any(|o| o == *e))
                .map(|e| e.relpath.clone())
                .collect();
            assert_eq!(same, alike, "{old:?} -> {new:?}");
            let paths = |m: &Manifest| m.entries.iter().map(|e| e.relpath.clone()).collect();
            let both: Vec<String> = new
                .entries
                .iter()
                .filter(|e| old.entries.iter().any(|o| o.relpath == e.relpath))
                .map(|e| e.relpath.clone())
                .collect();
            assert_eq!(intersect_sorted(paths(&old), paths(&new)), both);
            unchanged += same.len();
            changes += merged.len();
        }
        assert!(changes > 1000, "{changes}");
        assert!(unchanged > 100, "{unchanged}");
    }
}
