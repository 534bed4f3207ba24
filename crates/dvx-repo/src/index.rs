//! The index of the repository: every pointer file and every pipeline, found in one walk, and
//! the selection of what a command's targets name among them.

use std::collections::BTreeMap;
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
    let mut chosen: Vec<TrackedStage> = Vec::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let mut found: Vec<TrackedStage> = all
            .iter()
            .filter(|s| stage::matches(repo, s, &abs))
            .cloned()
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
            if !chosen.iter().any(|c| c.file == s.file && c.rel == s.rel) {
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
/// logarithmic time (an `add` of thousands of targets in a repository of thousands of
/// pointer files would otherwise compare every pair).
pub struct OutputPaths(BTreeMap<PathBuf, (usize, usize)>);

impl OutputPaths {
    /// The outputs of `stages`, as (stage, output) indices; the first pointer file of a path
    /// recorded twice wins.
    pub fn of(stages: &[TrackedStage]) -> Self {
        let mut by_path = BTreeMap::new();
        for (si, s) in stages.iter().enumerate() {
            for oi in 0..s.pointer.outs.len() {
                by_path.entry(s.out_path(oi)).or_insert((si, oi));
            }
        }
        OutputPaths(by_path)
    }

    /// The output `abs` is, else one it is inside, else one inside it.
    pub fn overlap(&self, abs: &Path) -> Option<(usize, usize, Overlap<'_>)> {
        if let Some(&(s, o)) = self.0.get(abs) {
            return Some((s, o, Overlap::Same));
        }
        for up in abs.ancestors().skip(1) {
            if let Some((p, &(s, o))) = self.0.get_key_value(up) {
                return Some((s, o, Overlap::Inside(p)));
            }
        }
        // paths order by components: what lies inside `abs` follows it directly
        self.0
            .range::<Path, _>((Bound::Excluded(abs), Bound::Unbounded))
            .next()
            .filter(|(p, _)| p.starts_with(abs))
            .map(|(p, &(s, o))| (s, o, Overlap::Holds(p.as_path())))
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
        let mut by_path = BTreeMap::new();
        for (i, p) in paths.iter().enumerate() {
            by_path.entry(PathBuf::from(p)).or_insert((i, 0));
        }
        let outs = OutputPaths(by_path);
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
    }
}
