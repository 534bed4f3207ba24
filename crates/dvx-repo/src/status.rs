//! `status` and `data status`: how the workspace, the pointer files, the cache and git's HEAD differ.

use std::collections::BTreeMap;
use std::path::Path;

use dvx_formats::{Manifest, Oid, PointerFile};
use dvx_odb::HashKind;
use dvx_odb::Odb;

use crate::digest::{load_manifest, Current, Hasher};
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
    for st in stages {
        stage::check_inside(repo, st)?;
        let import = st.import_dep()?;
        let head = if opts.data_status {
            head_pointer(repo, &st.rel)
        } else {
            None
        };
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
            // Unchanged: the recorded manifest is the current one, no need to read it.
            // Changed: read it from the cache (its files decide "not in cache" too).
            let loaded;
            let old_manifest: Option<&Manifest> = if !is_dir || !use_cache {
                None
            } else if s.state.is_none() {
                current_manifest
            } else if known_cached && !opts.data_status {
                None
            } else {
                loaded = recorded.and_then(|o| load_manifest(&odb, &o, kind).ok().flatten());
                loaded.as_ref()
            };
            if opts.data_status && is_dir && s.state.is_some() {
                let empty = Manifest::default();
                let new = current_manifest.unwrap_or(&empty);
                if let Some(old) = old_manifest {
                    s.uncommitted.extend(
                        diff_manifests(old, new)
                            .into_iter()
                            .map(|(c, p)| (c, format!("{rel}/{p}"))),
                    );
                }
            }
            if use_cache {
                if let Some(want) = recorded {
                    if !known_cached {
                        s.missing_in_cache = if is_dir {
                            missing_dir_objects(reader, &odb, &want, old_manifest, kind, &rel)
                        } else {
                            missing_objects(&odb, &want, None, kind, &rel)
                        };
                    }
                    // As DVC: an output whose objects are not all cached is "not in cache",
                    // whatever the workspace holds.
                    if !s.missing_in_cache.is_empty() {
                        s.state = Some(OutState::NotInCache);
                    }
                }
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

fn head_pointer(repo: &Repo, rel: &str) -> Option<PointerFile> {
    let git = repo.scm.as_ref()?;
    let prefix = crate::fsutil::rel_slash(&git.root, &repo.root).unwrap_or_default();
    let path = if prefix.is_empty() {
        rel.to_string()
    } else {
        format!("{prefix}/{rel}")
    };
    let bytes = git.show("HEAD", &path)?;
    PointerFile::parse(&String::from_utf8(bytes).ok()?).ok()
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
            if a.is_dir && b.is_dir {
                if let (Ok(Some(ma)), Ok(Some(mb))) =
                    (load_manifest(odb, &a, kind), load_manifest(odb, &b, kind))
                {
                    v.extend(
                        diff_manifests(&ma, &mb)
                            .into_iter()
                            .map(|(c, p)| (c, format!("{rel}/{p}"))),
                    );
                }
            }
        }
        _ => {}
    }
    v
}

/// Files added, modified and deleted between two manifests, by relpath.
pub fn diff_manifests(old: &Manifest, new: &Manifest) -> Vec<(Change, String)> {
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
