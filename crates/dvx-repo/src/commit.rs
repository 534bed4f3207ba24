//! `commit`: record the current content of tracked outputs in their pointer files.

use std::path::Path;

use crate::error::Result;
use crate::repo::Repo;
use crate::stage;
use crate::transaction::Transaction;
use crate::Progress;

/// Commits the outputs of the selected pointer files. An output whose content changed is only
/// recorded with `force` or when `confirm` (asked with the pointer file's name) says yes, as DVC.
/// Returns the pointer files rewritten.
pub fn commit(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    let repo: &Repo = tx;
    let (pointers, pipelines) = crate::index::load_with_pipelines(repo)?;
    let mut stage_targets = Vec::new();
    let mut pointer_targets = Vec::new();
    for t in targets {
        match crate::pipeline::graph::select_stages(repo, &pipelines, cwd, t, false) {
            Ok(found) if !found.is_empty() => stage_targets.extend(found),
            _ => pointer_targets.push(t.clone()),
        }
    }
    let mut written = crate::stage_lock::commit::commit_stages(
        repo,
        cwd,
        pipelines,
        &pointers,
        targets.is_empty(),
        &stage_targets,
        force,
        confirm,
        progress,
    )?;
    if !targets.is_empty() && pointer_targets.is_empty() {
        return Ok(written);
    }
    let stages = stage::select_from(repo, cwd, &pointer_targets, pointers)?;
    written.extend(crate::record::commit_pointer_stages(
        repo, stages, force, confirm, progress,
    )?);
    Ok(written)
}
