//! Recording pipeline stages as they are now in their `dvc.lock` (DVC's `commit` of a stage
//! run by hand), shared by `commit` and by `exp apply` keeping the workspace's data.

use std::path::Path;

use super::save::save_stage;
use super::status::Checker;
use super::ReproUi;
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage;
use crate::Progress;

/// Records the current dependencies, params and outputs of pipeline stages in their `dvc.lock`
/// (all stages with no targets): what DVC's `commit` does for a stage run by hand. A stage whose
/// recorded outputs changed is committed only with `force` or `confirm`.
#[allow(clippy::too_many_arguments)]
pub fn commit_stages(
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
