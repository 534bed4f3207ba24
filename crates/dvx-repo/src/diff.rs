//! `diff`: what data was added, deleted, renamed or modified between two revisions, or between
//! a revision and the workspace, down to the files inside tracked directories — DVC's rules:
//! a directory whose `.dir` is not in the cache is compared as a whole; a deletion and an
//! addition with the same hash are a rename; against the workspace, recorded objects missing
//! from the cache are listed as "not in cache". Pointer files at a revision are read from git
//! objects; nothing is checked out.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;

use dvx_odb::{HashKind, Odb};

use crate::digest::{load_manifest, Current, Hasher};
use crate::error::Result;
use crate::history::pointer_stages_at;
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::Progress;

/// One tracked path at one side: an output, or a file inside a tracked directory.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The hash as DVC shows it (`<md5>` or `<md5>.dir`); None for an output never committed.
    hash: Option<String>,
    is_dir: bool,
    kind: HashKind,
    /// A directory whose files cannot be listed (its `.dir` is not in the cache).
    unknown: bool,
}

/// The tracked paths of one side, by repository-relative path.
type Index = BTreeMap<String, Entry>;

/// A path that changed, as DVC shows it: directories end with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub path: String,
    pub hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modified {
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub old: String,
    pub new: String,
    pub hash: Option<String>,
}

/// Every list sorted by path (the old path for renames), as DVC prints them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffReport {
    pub added: Vec<Changed>,
    pub deleted: Vec<Changed>,
    pub modified: Vec<Modified>,
    pub renamed: Vec<Renamed>,
    /// Only against the workspace.
    pub not_in_cache: Vec<Changed>,
    /// Whether the new side is the workspace.
    pub against_workspace: bool,
}

impl DiffReport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.deleted.is_empty()
            && self.modified.is_empty()
            && self.renamed.is_empty()
            && self.not_in_cache.is_empty()
    }
}

/// Compares `a_rev` with `b_rev`, or with the workspace when `b_rev` is None. Targets limit
/// the comparison to those paths (and what is under them).
pub fn diff(
    repo: &Repo,
    cwd: &Path,
    a_rev: &str,
    b_rev: Option<&str>,
    targets: &[String],
    progress: &dyn Progress,
) -> Result<DiffReport> {
    let odb = repo.odb()?;
    // a repository without commits has nothing to compare yet, as DVC says nothing
    if repo.scm.is_some() && repo.resolve("HEAD").is_err() {
        return Ok(DiffReport::default());
    }
    let a = repo.resolve(a_rev)?;
    let old = index_of(
        repo,
        &odb,
        &pointer_stages_at(repo, std::slice::from_ref(&a), cwd, &[])?,
    );
    let new = match b_rev {
        Some(b) => {
            let b = repo.resolve(b)?;
            if b == a {
                return Ok(DiffReport::default());
            }
            index_of(repo, &odb, &pointer_stages_at(repo, &[b], cwd, &[])?)
        }
        None => workspace_index(repo, progress)?,
    };
    let wanted: Vec<String> = targets
        .iter()
        .map(|t| repo.rel(&crate::fsutil::absolutize(cwd, Path::new(t))))
        .collect();
    let keep = |k: &str| {
        wanted.is_empty()
            || wanted
                .iter()
                .any(|t| k == t || k.starts_with(&format!("{}/", t.trim_end_matches('/'))))
    };
    Ok(compare(&old, &new, b_rev.is_none(), &odb, &keep))
}

/// The paths an output's pointer names, with the files of directories whose `.dir` is cached.
fn index_of(repo: &Repo, odb: &Odb, stages: &[TrackedStage]) -> Index {
    let mut index = Index::new();
    for st in stages {
        for (i, out) in st.pointer.outs.iter().enumerate() {
            if !st.options(i).cache {
                continue; // git tracks it; DVC's diff leaves it out
            }
            let path = repo.rel(&st.out_path(i));
            let kind = HashKind::of(out);
            let manifest = out
                .oid
                .filter(|o| o.is_dir)
                .map(|o| load_manifest(odb, &o, kind).ok().flatten());
            let is_dir = out.oid.is_some_and(|o| o.is_dir);
            index.insert(
                path.clone(),
                Entry {
                    hash: out.oid.map(|o| o.to_string()),
                    is_dir,
                    kind,
                    unknown: is_dir && manifest.as_ref().is_some_and(|m| m.is_none()),
                },
            );
            if let Some(Some(m)) = manifest {
                insert_files(&mut index, &path, &m, kind);
            }
        }
    }
    index
}

/// The files of the directory output at `path`, by their paths in the repository.
fn insert_files(index: &mut Index, path: &str, manifest: &dvx_formats::Manifest, kind: HashKind) {
    for e in &manifest.entries {
        index.insert(
            format!("{path}/{}", e.relpath),
            file_entry(e.oid.to_string(), kind),
        );
    }
}

fn file_entry(hash: String, kind: HashKind) -> Entry {
    Entry {
        hash: Some(hash),
        is_dir: false,
        kind,
        unknown: false,
    }
}

/// The workspace's outputs as they are now (hashed, through the state database).
fn workspace_index(repo: &Repo, progress: &dyn Progress) -> Result<Index> {
    let stages = crate::index::select_with_pipelines(repo, &repo.root, &[])?;
    let state = repo.state();
    let mut index = Index::new();
    let mut records = Vec::new();
    for st in &stages {
        for (i, out) in st.pointer.outs.iter().enumerate() {
            if !st.options(i).cache {
                continue;
            }
            let path = repo.rel(&st.out_path(i));
            let kind = HashKind::of(out);
            let (current, recs) =
                Hasher::checking(out, &state.reader, progress).output(&st.out_path(i))?;
            records.extend(recs);
            match current {
                Current::Missing => {}
                Current::File { oid, .. } => {
                    index.insert(path, file_entry(oid.to_string(), kind));
                }
                Current::Dir { oid, manifest, .. } => {
                    insert_files(&mut index, &path, &manifest, kind);
                    index.insert(
                        path,
                        Entry {
                            hash: Some(oid.to_string()),
                            is_dir: true,
                            kind,
                            unknown: false,
                        },
                    );
                }
            }
        }
    }
    state.save(&records);
    Ok(index)
}

/// The directory output above `path` in `index`, if any, and whether its files are unknown.
fn under_unknown_dir(index: &Index, path: &str) -> bool {
    let mut p = path;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if let Some(e) = index.get(p) {
            return e.is_dir && e.unknown;
        }
    }
    false
}

fn shown(path: &str, e: &Entry) -> String {
    if e.is_dir {
        format!("{path}/")
    } else {
        path.to_string()
    }
}

fn compare(
    old: &Index,
    new: &Index,
    with_missing: bool,
    odb: &Odb,
    keep: &dyn Fn(&str) -> bool,
) -> DiffReport {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut report = DiffReport {
        against_workspace: with_missing,
        ..Default::default()
    };
    let mut added: Vec<(&str, &Entry)> = Vec::new();
    let mut deleted: Vec<(&str, &Entry)> = Vec::new();
    for k in keys {
        if !keep(k) || under_unknown_dir(old, k) || under_unknown_dir(new, k) {
            continue;
        }
        let (o, n) = (old.get(k), new.get(k));
        // an output never committed has nothing to compare
        if o.is_some_and(|e| e.is_dir && e.hash.is_none())
            || n.is_some_and(|e| e.is_dir && e.hash.is_none())
        {
            continue;
        }
        if with_missing {
            if let Some(e) = o {
                if !in_cache(odb, e) {
                    report.not_in_cache.push(Changed {
                        path: shown(k, e),
                        hash: e.hash.clone(),
                    });
                }
            }
        }
        match (o, n) {
            (None, Some(n)) => added.push((k, n)),
            (Some(o), None) => deleted.push((k, o)),
            (Some(o), Some(n)) if o.hash != n.hash || o.is_dir != n.is_dir => {
                report.modified.push(Modified {
                    path: shown(k, o),
                    old: o.hash.clone(),
                    new: n.hash.clone(),
                })
            }
            _ => {}
        }
    }
    // a deletion and an addition of the same content are a rename, paired in path order
    let mut by_hash: HashMap<&str, VecDeque<(&str, &Entry)>> = HashMap::new();
    for d in &deleted {
        if let Some(h) = &d.1.hash {
            by_hash.entry(h.as_str()).or_default().push_back(*d);
        }
    }
    let mut renamed_from: BTreeSet<&str> = BTreeSet::new();
    for (k, n) in added {
        let pair = n
            .hash
            .as_deref()
            .and_then(|h| by_hash.get_mut(h))
            .and_then(|q| q.pop_front());
        match pair {
            Some((ok, o)) => {
                renamed_from.insert(ok);
                report.renamed.push(Renamed {
                    old: shown(ok, o),
                    new: shown(k, n),
                    hash: o.hash.clone(),
                });
            }
            None => report.added.push(Changed {
                path: shown(k, n),
                hash: n.hash.clone(),
            }),
        }
    }
    for (k, o) in deleted {
        if !renamed_from.contains(k) {
            report.deleted.push(Changed {
                path: shown(k, o),
                hash: o.hash.clone(),
            });
        }
    }
    report.added.sort_by(|a, b| a.path.cmp(&b.path));
    report.deleted.sort_by(|a, b| a.path.cmp(&b.path));
    report.modified.sort_by(|a, b| a.path.cmp(&b.path));
    report.renamed.sort_by(|a, b| a.old.cmp(&b.old));
    report.not_in_cache.sort_by(|a, b| a.path.cmp(&b.path));
    report
}

fn in_cache(odb: &Odb, e: &Entry) -> bool {
    match e.hash.as_deref().map(dvx_formats::Oid::parse) {
        Some(Ok(oid)) => odb.exists(&oid, e.kind),
        _ => true,
    }
}
