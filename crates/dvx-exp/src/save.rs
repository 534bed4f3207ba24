//! `exp save`: the workspace as it is recorded as an experiment, without running anything
//! (outputs that changed are committed to the cache first, as `commit -f` does).

use std::path::PathBuf;

use dvx_repo::{Error, Progress, Result, Transaction};

use crate::run::{choose_name, index_file, record, Experiment};

#[derive(Debug, Clone, Default)]
pub struct SaveOptions {
    pub name: Option<String>,
    pub force: bool,
    /// Untracked paths to record too, even where git ignores them (`-I`).
    pub include_untracked: Vec<PathBuf>,
    pub message: Option<String>,
}

/// Returns the experiment's name and commit.
pub fn save(
    tx: &Transaction,
    opts: &SaveOptions,
    progress: &dyn Progress,
) -> Result<(String, String)> {
    let git = crate::select::git(tx)?;
    let baseline = git
        .head()
        .ok_or_else(|| Error::user("cannot save an experiment in a repository without commits"))?;
    let name = choose_name(git, &baseline, opts.name.as_deref(), opts.force, "save")?;
    crate::apply::commit_outputs(tx, progress)?;
    let index = index_file(tx)?;
    let stage = git.private_index(index.path())?;
    let exp = Experiment {
        git,
        baseline: &baseline,
        name: &name,
        force: opts.force,
        message: opts.message.as_deref(),
        verb: "save",
    };
    let lock_stages: Vec<String> = dvx_repo::pipeline::Pipelines::load(tx)?
        .stages
        .iter()
        .map(|s| s.addressing.clone())
        .collect();
    let commit = record(tx, &exp, &stage, &lock_stages, &opts.include_untracked)?;
    Ok((name, commit))
}
