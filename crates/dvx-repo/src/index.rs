//! The index of the repository: every pointer file and every pipeline, found in one walk, and
//! the selection of what a command's targets name among them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil::absolutize;
use crate::pipeline::Pipelines;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};

/// Every pointer file and every pipeline of the repository, found in one walk.
pub fn load_with_pipelines(repo: &Repo) -> Result<(Vec<TrackedStage>, Pipelines)> {
    let files = crate::walk::find_dvc_files(&repo.root)?;
    let pointers = stage::load_files(repo, &files.pointers)?;
    let pipelines = Pipelines::load_files(repo, &files.pipelines)?;
    Ok((pointers, pipelines))
}

/// Like [`stage::select`](crate::stage::select), with the outputs of pipeline stages (from `dvc.lock`) as well: with no
/// targets every pointer file and every stage's recorded outputs; a target may name a pointer
/// file, a tracked path, a stage (`name`, `dvc.yaml:name`), a `dvc.yaml`, or a stage's output.
pub fn select_with_pipelines(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<TrackedStage>> {
    let (all, pipelines) = load_with_pipelines(repo)?;
    if pipelines.stages.is_empty() {
        return stage::select_from(repo, cwd, targets, all);
    }
    if targets.is_empty() {
        let mut v = all;
        v.extend(pipelines.lock_stages());
        return Ok(v);
    }
    let index = OutputPaths::of(&all);
    let mut chosen: Vec<TrackedStage> = Vec::new();
    let mut seen: HashSet<(PathBuf, String)> = HashSet::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let mut found: Vec<TrackedStage> = index
            .named(&repo.root, &abs)
            .into_iter()
            .map(|i| all[i].clone())
            .collect();
        if found.is_empty() {
            let by_stage = crate::pipeline::graph::select_stages(repo, &pipelines, cwd, t, false)
                .unwrap_or_default();
            for i in by_stage {
                let s = &pipelines.stages[i];
                found.push(crate::pipeline::lock_tracked_stage(
                    s,
                    &pipelines.file_of(s).rel,
                    pipelines.lock_entry(s),
                ));
            }
            if found.is_empty() {
                found.extend(
                    pipelines
                        .lock_stages()
                        .into_iter()
                        .filter(|s| stage::matches(repo, s, &abs)),
                );
            }
        }
        if found.is_empty() {
            return Err(Error::user(format!(
                "'{t}' is not tracked by any pointer (.dvc) file or pipeline stage"
            ))
            .with_hint("check the path, or track it first with `dvx add` or a stage's outs"));
        }
        for s in found {
            if seen.insert((s.file.clone(), s.rel.clone())) {
                chosen.push(s);
            }
        }
    }
    Ok(chosen)
}

/// How a path stands to a tracked output (see [`OutputPaths::overlap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap<'a> {
    /// The path is the output.
    Same,
    /// The path is inside this output.
    Inside(&'a Path),
    /// This output is inside the path.
    Holds(&'a Path),
}

/// The outputs of pointer files by path: which one a path is, is inside or holds, found in
/// logarithmic time (an `add` or `push` of thousands of targets in a repository of thousands of
/// pointer files would otherwise compare every pair).
pub struct OutputPaths {
    /// Each output path, with the (stage, output) pairs recording it, in stage order.
    outs: BTreeMap<PathBuf, Vec<(usize, usize)>>,
    /// Each pointer file, with its stages.
    files: HashMap<PathBuf, Vec<usize>>,
}

impl OutputPaths {
    /// The outputs of `stages`, as (stage, output) indices.
    pub fn of(stages: &[TrackedStage]) -> Self {
        let mut outs: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
        let mut files: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (si, s) in stages.iter().enumerate() {
            files.entry(s.file.clone()).or_default().push(si);
            for oi in 0..s.pointer.outs.len() {
                outs.entry(s.out_path(oi)).or_default().push((si, oi));
            }
        }
        OutputPaths { outs, files }
    }

    /// The output `abs` is, else one it is inside, else one inside it (the first pointer
    /// file's, when several record a path).
    pub fn overlap(&self, abs: &Path) -> Option<(usize, usize, Overlap<'_>)> {
        if let Some(&(s, o)) = self.outs.get(abs).and_then(|v| v.first()) {
            return Some((s, o, Overlap::Same));
        }
        for up in abs.ancestors().skip(1) {
            if let Some((p, v)) = self.outs.get_key_value(up) {
                return Some((v[0].0, v[0].1, Overlap::Inside(p)));
            }
        }
        self.inside(abs)
            .next()
            .map(|(p, v)| (v[0].0, v[0].1, Overlap::Holds(p.as_path())))
    }

    /// The stages (indices, in order) a target `abs` names, as [`stage::matches`] says: the
    /// pointer file itself, one of its outputs, a path inside one, or a directory holding one
    /// (not the repository's root).
    pub fn named(&self, root: &Path, abs: &Path) -> Vec<usize> {
        let mut found: Vec<usize> = self.files.get(abs).cloned().unwrap_or_default();
        for up in abs.ancestors() {
            if let Some(v) = self.outs.get(up) {
                found.extend(v.iter().map(|(s, _)| *s));
            }
        }
        if abs != root {
            for (_, v) in self.inside(abs) {
                found.extend(v.iter().map(|(s, _)| *s));
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The outputs strictly inside `abs`: paths order by components, so they follow it.
    fn inside(&self, abs: &Path) -> impl Iterator<Item = (&PathBuf, &Vec<(usize, usize)>)> {
        let under = abs.to_path_buf();
        self.outs
            .range::<Path, _>((Bound::Excluded(abs), Bound::Unbounded))
            .take_while(move |(p, _)| p.starts_with(&under))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_finds_the_output_a_path_is_is_inside_or_holds() {
        let paths = [
            "/r/data", "/r/data2", "/r/a/b/c", "/r/a/bb", "/r/x.csv", "/r/data",
        ];
        let mut by_path: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
        for (i, p) in paths.iter().enumerate() {
            by_path.entry(PathBuf::from(p)).or_default().push((i, 0));
        }
        let outs = OutputPaths {
            outs: by_path,
            files: HashMap::from([(PathBuf::from("/r/x.csv.dvc"), vec![4])]),
        };
        let o = |p: &str| outs.overlap(Path::new(p));
        assert_eq!(o("/r/data"), Some((0, 0, Overlap::Same)));
        assert_eq!(
            o("/r/data/sub/f"),
            Some((0, 0, Overlap::Inside(Path::new("/r/data"))))
        );
        assert_eq!(
            o("/r/a/b"),
            Some((2, 0, Overlap::Holds(Path::new("/r/a/b/c"))))
        );
        assert_eq!(
            o("/r/a"),
            Some((2, 0, Overlap::Holds(Path::new("/r/a/b/c"))))
        );
        assert_eq!(o("/r/a/b/"), o("/r/a/b"));
        assert_eq!(o("/r/dat"), None);
        assert_eq!(o("/r/a/bbb"), None);
        assert_eq!(o("/r/x"), None);
        assert_eq!(o("/r/b"), None);
        // every pair compared, as before: the same answers
        for q in [
            "/r",
            "/r/data",
            "/r/data2/z",
            "/r/a/b",
            "/r/a/bb/q",
            "/r/zz",
            "/",
        ] {
            let q = Path::new(q);
            let slow = paths.iter().enumerate().find_map(|(i, p)| {
                let p = Path::new(p);
                (p == q || q.starts_with(p) || p.starts_with(q)).then_some(i)
            });
            assert_eq!(
                o(q.to_str().unwrap()).map(|(s, _, _)| s).is_some(),
                slow.is_some(),
                "{q:?}"
            );
        }
        // what a target names: every stage, in order, as comparing each pair says
        let root = Path::new("/r");
        let named = |p: &str| outs.named(root, Path::new(p));
        assert_eq!(named("/r/data"), [0, 5]);
        assert_eq!(named("/r/data/f"), [0, 5]);
        assert_eq!(named("/r/a"), [2, 3]);
        assert_eq!(named("/r/x.csv.dvc"), [4]);
        assert_eq!(
            named("/r"),
            Vec::<usize>::new(),
            "the root names nothing by itself"
        );
        assert_eq!(named("/r/zz"), Vec::<usize>::new());
        assert_eq!(named("/"), [0, 1, 2, 3, 4, 5]);
    }
}
