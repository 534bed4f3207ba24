//! Whether a stage changed since its `dvc.lock` entry, and how, in DVC's terms: changed deps
//! (files and params keys), changed outs, always changed, changed command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::{params, LockStage};
use dvx_formats::{Oid, Output};
use dvx_odb::state::{Reader, Record};
use dvx_odb::{HashKind, Odb};

use crate::digest::{load_manifest, Current, Hasher};
use crate::error::Result;
use crate::pipeline::{ParamsCache, Pipelines, Stage};
use crate::repo::Repo;
use crate::Progress;

/// One changed dependency: a path with its state, or a params file with its changed keys (or
/// the file's own state when it is missing or was never recorded).
#[derive(Debug, Clone, PartialEq)]
pub enum DepChange {
    Path(&'static str),
    Params(Vec<(String, &'static str)>),
}

/// How a stage differs from its lock entry.
#[derive(Debug, Clone, Default)]
pub struct StageStatus {
    pub addressing: String,
    /// Shown path (relative to the current directory) and change.
    pub deps: Vec<(String, DepChange)>,
    pub outs: Vec<(String, &'static str)>,
    pub always_changed: bool,
    pub cmd_changed: bool,
}

impl StageStatus {
    pub fn is_clean(&self) -> bool {
        self.deps.is_empty() && self.outs.is_empty() && !self.always_changed && !self.cmd_changed
    }

    /// Whether `repro` must run the stage. With `allow_missing`, missing deps and outputs whose
    /// data is only absent (deleted, not in cache) do not count, as DVC's `--allow-missing`.
    pub fn needs_run(&self, frozen: bool, allow_missing: bool) -> bool {
        if self.cmd_changed {
            return true;
        }
        if !frozen
            && (self.always_changed
                || self
                    .deps
                    .iter()
                    .any(|(_, c)| !(allow_missing && *c == DepChange::Path("deleted"))))
        {
            return true;
        }
        self.outs
            .iter()
            .any(|(_, s)| !(allow_missing && matches!(*s, "deleted" | "not in cache")))
    }
}

/// What checking stages needs: state, cache, and parameter files read once.
pub struct Checker<'a> {
    pub repo: &'a Repo,
    pub odb: &'a Odb,
    pub reader: &'a Reader,
    pub progress: &'a dyn Progress,
    pub params: ParamsCache,
    pub records: Vec<Record>,
    pub cwd: &'a Path,
    /// Outputs are recorded but not put into the cache (`repro --no-commit`).
    pub no_commit: bool,
    /// Paths this command has just found holding the object they record (data sources that
    /// `repro` verified, with nothing run since): a dependency recording the same object needs
    /// no second walk.
    pub verified: HashMap<PathBuf, (Oid, HashKind)>,
}

impl<'a> Checker<'a> {
    pub fn new(
        repo: &'a Repo,
        odb: &'a Odb,
        reader: &'a Reader,
        progress: &'a dyn Progress,
        cwd: &'a Path,
    ) -> Self {
        Checker {
            repo,
            odb,
            reader,
            progress,
            params: ParamsCache::default(),
            records: Vec::new(),
            cwd,
            no_commit: false,
            verified: HashMap::new(),
        }
    }

    pub fn stage_status(&mut self, p: &Pipelines, s: &Stage) -> Result<StageStatus> {
        let lock = p.lock_entry(s);
        let mut st = StageStatus {
            addressing: s.addressing.clone(),
            ..Default::default()
        };
        if !s.def.frozen {
            self.deps_status(s, lock, &mut st)?;
        }
        for o in &s.def.outs {
            let path = s.out_path(o);
            let recorded = lock.and_then(|l| l.outs.iter().find(|e| e.path == o.path));
            if let Some(state) = self.entry_state(&path, recorded, o.cache)? {
                st.outs.push((self.shown(&path), state));
            }
        }
        // a command with no dependencies and no outputs is DVC's "callback" stage: always run
        let callback = s.def.deps.is_empty() && s.def.params.is_empty() && s.def.outs.is_empty();
        st.always_changed = s.def.always_changed || callback;
        st.cmd_changed = lock.is_some_and(|l| l.cmd != s.def.cmd.to_value());
        Ok(st)
    }

    fn deps_status(
        &mut self,
        s: &Stage,
        lock: Option<&LockStage>,
        st: &mut StageStatus,
    ) -> Result<()> {
        for dep in &s.def.deps {
            let path = s.dep_path(dep);
            let recorded = lock.and_then(|l| l.deps.iter().find(|e| e.path == *dep));
            let held = recorded.and_then(|r| Some((r.oid?, HashKind::of(r))));
            if held.is_some() && held.as_ref() == self.verified.get(&path) {
                continue;
            }
            if let Some(state) = self.entry_state(&path, recorded, false)? {
                st.deps.push((self.shown(&path), DepChange::Path(state)));
            }
        }
        for pd in &s.def.params {
            let path = s.dep_path(&pd.file);
            let shown = self.shown(&path);
            let Some(values) = self.params.get(self.repo, &path)? else {
                st.deps.push((shown, DepChange::Path("deleted")));
                continue;
            };
            let Some(recorded) = lock.and_then(|l| l.params_of(&pd.file)) else {
                st.deps.push((shown, DepChange::Path("new")));
                continue;
            };
            let actual = params::values(values, &pd.keys);
            let keys: Vec<String> = if pd.keys.is_empty() {
                let mut k: Vec<String> = actual.iter().map(|(k, _)| k.clone()).collect();
                for (r, _) in recorded {
                    if !k.contains(r) {
                        k.push(r.clone());
                    }
                }
                k
            } else {
                let mut k = pd.keys.clone();
                k.dedup();
                k
            };
            let mut changes = Vec::new();
            for k in keys {
                let a = actual.iter().find(|(x, _)| *x == k).map(|(_, v)| v);
                let r = recorded.iter().find(|(x, _)| *x == k).map(|(_, v)| v);
                let state = match (a, r) {
                    (None, _) => "deleted",
                    (Some(_), None) => "new",
                    (Some(a), Some(r)) if !params::same(a, r) => "modified",
                    _ => continue,
                };
                if !changes.iter().any(|(x, _): &(String, &str)| *x == k) {
                    changes.push((k, state));
                }
            }
            if !changes.is_empty() {
                st.deps.push((shown, DepChange::Params(changes)));
            }
        }
        Ok(())
    }

    /// DVC's output status: "not in cache" (recorded, cached, objects missing), "deleted",
    /// "modified" (including never recorded), or nothing.
    fn entry_state(
        &mut self,
        path: &Path,
        recorded: Option<&Output>,
        use_cache: bool,
    ) -> Result<Option<&'static str>> {
        let hasher = match recorded {
            Some(r) => Hasher::checking(r, self.reader, self.progress),
            None => Hasher {
                state: self.reader,
                kind: HashKind::Md5,
                store: None,
                progress: self.progress,
                save_early: None,
            },
        };
        let (current, recs) = hasher.output(path)?;
        self.records.extend(recs);
        let want = recorded.and_then(|r| r.oid);
        if use_cache {
            if let (Some(want), Some(r)) = (want, recorded) {
                let kind = HashKind::of(r);
                let manifest = match &current {
                    Current::Dir { oid, manifest, .. } if *oid == want => Some(manifest.clone()),
                    _ if want.is_dir => load_manifest(self.odb, &want, kind).ok().flatten(),
                    _ => None,
                };
                if !all_cached(self.odb, &want, manifest.as_ref(), kind) {
                    return Ok(Some("not in cache"));
                }
            }
        }
        Ok(match current {
            Current::Missing => Some("deleted"),
            cur if want.is_none() || cur.oid() != want => Some("modified"),
            _ => None,
        })
    }

    fn shown(&self, path: &Path) -> String {
        crate::fsutil::relative_path(self.cwd, path)
    }
}

fn all_cached(
    odb: &Odb,
    want: &Oid,
    manifest: Option<&dvx_formats::Manifest>,
    kind: HashKind,
) -> bool {
    if !odb.exists(want, kind) {
        return false;
    }
    match manifest {
        Some(m) => m.entries.iter().all(|e| odb.exists(&e.oid, kind)),
        None => !want.is_dir,
    }
}

/// The outputs of a stage that go to the cache (metrics and plots too, unless `cache: false`).
pub fn cached_outs(s: &Stage) -> impl Iterator<Item = &dvx_formats::pipeline::OutDef> {
    s.def.outs.iter().filter(|o| o.cache)
}

/// The status of pipeline stages: all of them (no targets), or those the targets name. Returns
/// the statuses of changed stages and the targets that named no stage (left for pointer files).
/// `verified`: paths this command found holding the objects they record (see
/// [`Checker::verified`]).
pub fn pipelines_status(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    (pointers, p): (&[crate::stage::TrackedStage], &Pipelines),
    verified: HashMap<PathBuf, (Oid, HashKind)>,
    progress: &dyn Progress,
) -> Result<(Vec<StageStatus>, Vec<String>, bool)> {
    let mut rest = Vec::new();
    let chosen: Vec<usize> = if targets.is_empty() {
        (0..p.stages.len()).collect()
    } else {
        let mut v = Vec::new();
        for t in targets {
            match crate::pipeline::graph::select_stages(repo, p, cwd, t, false) {
                Ok(found) if !found.is_empty() => v.extend(found),
                _ => rest.push(t.clone()),
            }
        }
        v
    };
    if chosen.is_empty() {
        return Ok((Vec::new(), rest, !p.stages.is_empty()));
    }
    crate::pipeline::graph::Graph::build(repo, p, pointers)?;
    let odb = repo.odb()?;
    let state = repo.state();
    let mut checker = Checker::new(repo, &odb, &state.reader, progress, cwd);
    checker.verified = verified;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for i in chosen {
        if !seen.insert(i) {
            continue;
        }
        let st = checker.stage_status(p, &p.stages[i])?;
        if !st.is_clean() {
            out.push(st);
        }
    }
    let records = std::mem::take(&mut checker.records);
    drop(checker);
    state.save(&records);
    Ok((out, rest, true))
}
