//! The index of the repository: every pointer file and every pipeline, found in one walk, and
//! the selection of what a command's targets name among them.

use std::collections::HashSet;
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
    let index = stage::OutputPaths::of(&all);
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
