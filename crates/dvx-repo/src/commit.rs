//! `commit`: record the current content of tracked outputs in their pointer files.

use std::path::Path;

use crate::error::{Error, Result};
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
    let mut written = commit_stages(
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

/// Records the current dependencies, params and outputs of pipeline stages in their `dvc.lock`
/// (all stages with no targets): what DVC's `commit` does for a stage run by hand. A stage whose
/// recorded outputs changed is committed only with `force` or `confirm`.
#[allow(clippy::too_many_arguments)]
fn commit_stages(
    repo: &Repo,
    cwd: &Path,
    mut p: crate::pipeline::Pipelines,
    pointers: &[stage::TrackedStage],
    all: bool,
    chosen: &[usize],
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    use crate::stage_lock::save::save_stage;
    use crate::stage_lock::status::Checker;
    use crate::stage_lock::ReproUi;
    struct Quiet;
    impl ReproUi for Quiet {
        fn say(&self, _: &str) {}
    }
    let indices: Vec<usize> = if all {
        (0..p.stages.len()).collect()
    } else {
        chosen.to_vec()
    };
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    crate::pipeline::graph::Graph::build(repo, &p, pointers)?;
    let odb = repo.odb()?;
    let link_types = repo.link_types()?;
    let state = repo.state();
    let mut checker = Checker::new(repo, &odb, &state.reader, progress, cwd);
    let mut git_paths = Vec::new();
    for i in indices {
        let s = p.stages[i].clone();
        let st = checker.stage_status(&p, &s)?;
        if st.deps.is_empty() && st.outs.is_empty() && !st.cmd_changed {
            continue;
        }
        if all && st.outs.iter().any(|(_, o)| *o == "deleted") {
            // nothing to record from a stage whose outputs are not there
            continue;
        }
        let recorded = p.lock_entry(&s).is_some();
        if recorded && !force && !confirm(&s.addressing) {
            return Err(
                Error::user(format!("unable to commit changed stage '{}'", s.addressing))
                    .with_hint("use -f/--force to record its current dependencies and outputs"),
            );
        }
        save_stage(
            &mut p,
            i,
            &mut checker,
            &link_types,
            &mut Quiet,
            &mut git_paths,
        )?;
    }
    let records = std::mem::take(&mut checker.records);
    drop(checker);
    state.save(&records);
    let mut written: Vec<String> = git_paths.iter().map(|g| repo.rel(g)).collect();
    written.sort();
    written.dedup();
    Ok(written)
}
