//! `diff`: what data was added, deleted, renamed or modified between two revisions, or between
//! a revision and the workspace, down to the files inside tracked directories — DVC's rules:
//! a directory whose `.dir` is not in the cache is compared as a whole; a deletion and an
//! addition with the same hash are a rename; against the workspace, recorded objects missing
//! from the cache are listed as "not in cache". Pointer files at a revision are read from git
//! objects; nothing is checked out.

mod compare;
mod side;

use std::collections::BTreeSet;
use std::path::Path;

use dvx_odb::{HashKind, Odb};

use crate::digest::{is_not_sorted, Current, Entries, Hasher};
use crate::error::Result;
use crate::history::pointer_stages_at;
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::Progress;
use side::{Entry, Paths, Resolved, Side};

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
/// the comparison to those paths (and what is under them): other outputs are not read.
///
/// Memory: the sides are merged as streams sorted by path, and only what changed is held. A
/// directory's manifest at a revision is read from the cache an entry at a time; in the
/// workspace, the directory being hashed is held whole (as `status` holds it). A manifest not
/// sorted as DVC writes them (made by another tool) is read whole and sorted instead.
pub fn diff(
    repo: &Repo,
    cwd: &Path,
    a_rev: &str,
    b_rev: Option<&str>,
    targets: &[String],
    progress: &dyn Progress,
) -> Result<DiffReport> {
    // a repository without commits has nothing to compare yet, as DVC says nothing
    if repo.scm.is_some() && repo.resolve("HEAD").is_err() {
        return Ok(DiffReport::default());
    }
    let a = repo.resolve(a_rev)?;
    let old = pointer_stages_at(repo, std::slice::from_ref(&a), cwd, &[])?;
    let new = match b_rev {
        Some(b) => {
            let b = repo.resolve(b)?;
            if b == a {
                return Ok(DiffReport::default());
            }
            Some(pointer_stages_at(repo, &[b], cwd, &[])?)
        }
        None => None,
    };
    let wanted: Vec<String> = targets
        .iter()
        .map(|t| {
            let t = repo.rel(&crate::fsutil::absolutize(cwd, Path::new(t)));
            t.trim_end_matches('/').to_string()
        })
        .collect();
    let sides = Sides {
        repo,
        odb: repo.odb()?,
        old: &old,
        new: new.as_deref(),
        wanted: &wanted,
        progress,
    };
    match sides.compare(true) {
        Err(e) if is_not_sorted(&e) => sides.compare(false),
        r => r,
    }
}

/// Whether `path` is, holds or is under one of the targets (all paths without targets).
fn overlaps(wanted: &[String], path: &str) -> bool {
    wanted.is_empty()
        || wanted
            .iter()
            .any(|t| path == t || is_under(path, t) || is_under(t, path))
}

fn is_under(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

struct Sides<'a> {
    repo: &'a Repo,
    odb: Odb,
    old: &'a [TrackedStage],
    /// None: the workspace.
    new: Option<&'a [TrackedStage]>,
    wanted: &'a [String],
    progress: &'a dyn Progress,
}

impl Sides<'_> {
    /// Streaming: each side's paths in order, manifests read as they come. Otherwise each side
    /// is collected and sorted first.
    fn compare(&self, streaming: bool) -> Result<DiffReport> {
        let keep = |k: &str| {
            self.wanted.is_empty()
                || self
                    .wanted
                    .iter()
                    .any(|t| k == t.as_str() || is_under(k, t))
        };
        let mut unknown = BTreeSet::new();
        let old = self.at_revision(self.old, streaming, &mut unknown);
        let state = self.repo.state();
        let mut records = Vec::new();
        let report = match self.new {
            Some(new) => {
                let new = self.at_revision(new, streaming, &mut unknown);
                compare::compare(
                    sorted(old, streaming)?,
                    sorted(new, streaming)?,
                    &unknown,
                    &keep,
                    None,
                )
            }
            None => {
                let new = self.in_workspace(&state, &mut records, streaming)?;
                let in_cache = |oid: &dvx_formats::Oid, kind: HashKind| self.odb.exists(oid, kind);
                compare::compare(
                    sorted(old, streaming)?,
                    sorted(new, streaming)?,
                    &unknown,
                    &keep,
                    Some(&in_cache),
                )
            }
        };
        state.save(&records);
        report
    }

    /// The paths an output's pointer names at a revision, with the files of directories whose
    /// `.dir` is cached; those whose `.dir` is not are added to `unknown`.
    fn at_revision<'s>(
        &'s self,
        stages: &'s [TrackedStage],
        streaming: bool,
        unknown: &mut BTreeSet<String>,
    ) -> Side<'s> {
        let mut outs = Vec::new();
        for st in stages {
            for (i, out) in st.pointer.outs.iter().enumerate() {
                if !st.options(i).cache {
                    continue; // git tracks it; DVC's diff leaves it out
                }
                let path = self.repo.rel(&st.out_path(i));
                if !overlaps(self.wanted, &path) {
                    continue;
                }
                let kind = HashKind::of(out);
                let dir = out.oid.filter(|o| o.is_dir);
                let listed = dir.is_some_and(|o| self.odb.exists(&o, kind));
                if dir.is_some() && !listed {
                    unknown.insert(path.clone());
                }
                outs.push((path, listed, out.oid, kind));
            }
        }
        let paths = outs.iter().map(|o| (o.0.clone(), o.1)).collect();
        Side::new(paths, streaming, move |i| {
            let (_, listed, oid, kind) = outs[i];
            let entry = Entry {
                oid,
                is_dir: oid.is_some_and(|o| o.is_dir),
                kind,
            };
            let files = match oid.filter(|_| listed) {
                None => None,
                Some(o) => Entries::cached(&self.odb, &o, kind, !streaming)?.map(|f| (f, kind)),
            };
            Ok(Resolved {
                entry: Some(entry),
                files,
            })
        })
    }

    /// The workspace's outputs as they are now (hashed, through the state database), each
    /// when its turn comes.
    fn in_workspace<'s>(
        &'s self,
        state: &'s crate::repo::StateSession,
        records: &'s mut Vec<dvx_odb::state::Record>,
        streaming: bool,
    ) -> Result<Side<'s>> {
        let stages = crate::index::select_with_pipelines(self.repo, &self.repo.root, &[])?;
        let mut outs = Vec::new();
        for st in stages.iter() {
            for (i, out) in st.pointer.outs.iter().enumerate() {
                let path = self.repo.rel(&st.out_path(i));
                if st.options(i).cache && overlaps(self.wanted, &path) {
                    outs.push((path, st.out_path(i), out.clone()));
                }
            }
        }
        let paths = outs.iter().map(|o| (o.0.clone(), true)).collect();
        Ok(Side::new(paths, streaming, move |i| {
            let (_, full, out) = &outs[i];
            let kind = HashKind::of(out);
            let (current, recs) =
                Hasher::checking(out, &state.reader, self.progress).output(full)?;
            records.extend(recs);
            Ok(match current {
                Current::Missing => Resolved {
                    entry: None,
                    files: None,
                },
                Current::File { oid, .. } => Resolved {
                    entry: Some(Entry::file(oid, kind)),
                    files: None,
                },
                Current::Dir { oid, manifest, .. } => Resolved {
                    entry: Some(Entry {
                        oid: Some(oid),
                        is_dir: true,
                        kind,
                    }),
                    files: Some((Entries::Loaded(manifest.entries.into_iter()), kind)),
                },
            })
        }))
    }
}

/// A side as it streams, or (not streaming) collected, sorted by path, the last of each path
/// kept.
fn sorted<'s>(side: Side<'s>, streaming: bool) -> Result<Paths<'s>> {
    if streaming {
        return Ok(Box::new(side));
    }
    let mut all = side.collect::<Result<Vec<_>>>()?;
    all.reverse();
    all.sort_by(|a, b| a.0.cmp(&b.0)); // stable: the last of each path comes first
    all.dedup_by(|a, b| a.0 == b.0);
    Ok(Box::new(all.into_iter().map(Ok)))
}
