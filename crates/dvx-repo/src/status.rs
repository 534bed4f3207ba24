//! `status` and `data status`: how the workspace, the pointer files, the cache and git's HEAD differ.

use std::path::Path;

use dvx_formats::{DirEntry, Manifest, Oid, PointerFile};
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
}

#[derive(Debug, Default)]
pub struct StatusOptions {
    /// Compare with git's HEAD and list changes file by file (`data status`).
    pub data_status: bool,
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
    let odb = repo.odb()?;
    let state = repo.state();
    let reader = &state.reader;
    let mut result = Vec::new();
    let mut records = Vec::new();
    let mut heads = match opts.data_status {
        true => head_pointers(repo, stages),
        false => Vec::new(),
    }
    .into_iter();
    for st in stages {
        stage::check_inside(repo, st)?;
        let import = st.import_dep()?;
        let head = heads.next().flatten();
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let path = st.out_path(i);
            let rel = repo.rel(&path);
            let kind = HashKind::of(out);
            let hasher = Hasher::checking(out, reader, progress);
            if let Some(want) = out.oid.filter(|w| {
                !opts.data_status && st.options(i).cache && hasher.still_holds(&path, w)
            }) {
                // unchanged, as the monitor vouches: only the cache is looked at
                let missing = if crate::digest::known_in_cache(reader, &odb, &want, kind) {
                    Vec::new()
                } else {
                    let m = load_manifest(&odb, &want, kind).ok().flatten();
                    missing_dir_objects(reader, &odb, &want, m.as_ref(), kind, &rel)
                };
                result.push(OutStatus {
                    stage: st.rel.clone(),
                    out: rel,
                    is_dir: true,
                    state: (!missing.is_empty()).then_some(OutState::NotInCache),
                    uncommitted: Vec::new(),
                    committed: Vec::new(),
                    missing_in_cache: missing,
                    import: import.clone(),
                });
                continue;
            }
            let (current, recs) = hasher.output(&path)?;
            records.extend(recs);
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
            // The monitor may vouch that the recorded directory's objects are all cached.
            let known_cached = is_dir
                && use_cache
                && recorded.is_some_and(|w| crate::digest::known_in_cache(reader, &odb, &w, kind));
            let check_cache = use_cache && !known_cached;
            match recorded.filter(|_| use_cache) {
                // As DVC: an output whose objects are not all cached is "not in cache",
                // whatever the workspace holds.
                Some(want) if !is_dir && check_cache => {
                    s.missing_in_cache = missing_objects(&odb, &want, None, kind, &rel);
                }
                // Unchanged: the recorded manifest is the current one, no need to read it.
                Some(want) if is_dir && s.state.is_none() && check_cache => {
                    s.missing_in_cache =
                        missing_dir_objects(reader, &odb, &want, current_manifest, kind, &rel);
                }
                // Changed: the recorded manifest is read from the cache as it comes, for its
                // files' changes and for the objects the cache lacks.
                Some(want) if is_dir && s.state.is_some() && (check_cache || opts.data_status) => {
                    let files = current_manifest.map_or(&[][..], |m| &m.entries[..]);
                    let clock = crate::digest::cache_clock(reader, &odb);
                    let scanned =
                        scan_recorded(&odb, &want, kind, files, opts.data_status, check_cache);
                    if let (true, Some((_, missing)), Some(clock)) = (check_cache, &scanned, clock)
                    {
                        if missing.is_empty() && odb.exists(&want, kind) {
                            crate::digest::remember_in_cache(reader, &odb, &want, kind, clock);
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
                s.committed = committed_changes(&odb, head.as_ref(), out, &shown, &rel, kind);
            }
            result.push(s);
        }
    }
    state.save(&records);
    Ok(result)
}

/// The pointer files of `stages` as git's HEAD has them, in order (None: not there): HEAD's
/// tree listed once, and only the files whose blob differs from the workspace's read from git.
fn head_pointers(repo: &Repo, stages: &[TrackedStage]) -> Vec<Option<PointerFile>> {
    let Some(git) = repo.scm.as_ref() else {
        return Vec::new();
    };
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
    let differing = ids
        .iter()
        .zip(&same)
        .filter(|(_, same)| !**same)
        .filter_map(|(id, _)| id.as_deref());
    let Ok(read) = dvx_scm::read_blobs(&git.root, differing) else {
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

fn committed_changes(
    odb: &Odb,
    head: Option<&PointerFile>,
    out: &dvx_formats::Output,
    shown: &str,
    rel: &str,
    kind: dvx_odb::HashKind,
) -> Vec<(Change, String)> {
    let old = head
        .and_then(|h| h.outs.iter().find(|o| o.path == out.path))
        .and_then(|o| o.oid);
    let new = out.oid;
    let mut v = Vec::new();
    match (old, new) {
        (None, Some(_)) => v.push((Change::Added, shown.to_string())),
        (Some(_), None) => v.push((Change::Deleted, shown.to_string())),
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
                match diff_entries(ea, eb) {
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
) -> Option<(Changes, Vec<String>)> {
    for whole in [false, true] {
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
            true => diff_entries(checked, new),
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
/// relpath order.
fn diff_entries(
    old: impl Iterator<Item = Result<DirEntry>>,
    new: impl Iterator<Item = Result<DirEntry>>,
) -> Result<Changes> {
    let (mut changed, mut deleted) = (Vec::new(), Vec::new());
    for pair in crate::digest::merge_sorted(old, new, |a, b| a.relpath.cmp(&b.relpath)) {
        match pair? {
            (Some(o), None) => deleted.push((Change::Deleted, o.relpath)),
            (None, Some(n)) => changed.push((Change::Added, n.relpath)),
            (Some(o), Some(n)) if o.oid != n.oid => changed.push((Change::Modified, n.relpath)),
            _ => {}
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
        let mut changes = 0;
        for _ in 0..2000 {
            let (old, new) = (manifest(&mut rng), manifest(&mut rng));
            let stream = |m: &Manifest| m.entries.clone().into_iter().map(Ok);
            let merged = diff_entries(stream(&old), stream(&new)).unwrap();
            assert_eq!(merged, diff_manifests(&old, &new), "{old:?} -> {new:?}");
            changes += merged.len();
        }
        assert!(changes > 1000, "{changes}");
    }
}
