//! `exp apply`: an experiment's files and data over the workspace, HEAD unmoved, without
//! losing anything: what the workspace held (changes to tracked files, untracked files, and the
//! data of outputs that changed, stored in the cache) is first committed over HEAD under
//! `refs/dvx/saved/…` (a namespace DVC never reads), and `dvx exp apply` of that ref brings it
//! back.

use dvx_repo::checkout::{checkout_stages, CheckoutOptions};
use dvx_repo::status::{stages_status, OutState};
use dvx_repo::{Error, Progress, Result, Transaction};

use crate::select::git;

/// Where DVC records the last experiment applied.
const EXEC_APPLY: &str = "refs/exps/exec/EXEC_APPLY";
/// Where dvx keeps the workspace states it saved before overwriting them.
pub const SAVED_NAMESPACE: &str = "refs/dvx/saved/";

#[derive(Debug)]
pub struct ApplyReport {
    pub commit: String,
    /// The ref holding what the workspace had, when it had anything the experiment replaced.
    pub saved: Option<String>,
}

pub fn apply(tx: &Transaction, experiment: &str, progress: &dyn Progress) -> Result<ApplyReport> {
    let git = git(tx)?;
    let commit = crate::select::resolve_commit(git, experiment).map_err(|e| {
        if e.message.starts_with("Ambiguous") {
            e
        } else {
            Error::user(format!(
                "'{experiment}' does not appear to be an experiment commit."
            ))
            .with_hint("`dvx exp list -A` lists the experiments")
        }
    })?;
    let head = git
        .head()
        .ok_or_else(|| Error::user("cannot apply an experiment in a repository without commits"))?;
    let saved = save_workspace(tx, &head, experiment, progress)?;
    let index = crate::run::index_file(tx)?;
    let stage = dvx_repo::scm::Stage {
        work_tree: git.root.clone(),
        index: index.path().to_path_buf(),
        git_dir: git.git_dir()?,
    };
    // git writes these: the operation log keeps what they held (git's own files aside)
    for rel in git.files_differing(&head, &commit)? {
        let path = git.root.join(&rel);
        if tx.worktree.check(&path).is_ok() {
            tx.worktree.will_change(&path)?;
        }
    }
    git.write_commit_files(&stage, &head, &commit)?;
    drop(index);
    // the experiment's data, over whatever the workspace had (saved above)
    let (pointers, pipelines) = dvx_repo::index::load_with_pipelines(tx)?;
    let mut stages = pointers;
    stages.extend(pipelines.lock_stages());
    let report = checkout_stages(
        tx,
        &stages,
        &CheckoutOptions {
            force: true,
            relink: false,
            ..Default::default()
        },
        progress,
    )?;
    if let Some((path, e)) = report.failed.first() {
        return Err(Error::user(format!(
            "the experiment's files are in place, but not the data of '{path}': {e}"
        ))
        .with_hint(
            "fetch it (`dvx fetch`, or `dvx exp pull` of the experiment), then `dvx checkout`",
        ));
    }
    git.set_ref(EXEC_APPLY, &commit, &format!("dvx exp apply: {experiment}"))?;
    Ok(ApplyReport { commit, saved })
}

/// Commits what the workspace holds over HEAD, after storing the data of outputs that changed
/// in the cache (their pointer files and `dvc.lock` entries record it); None when the
/// workspace has nothing HEAD lacks.
fn save_workspace(
    tx: &Transaction,
    head: &str,
    experiment: &str,
    progress: &dyn Progress,
) -> Result<Option<String>> {
    let git = git(tx)?;
    commit_outputs(tx, progress)?;
    let index = crate::run::index_file(tx)?;
    let stage = git.private_index(index.path())?;
    let tree = git.stage_tree(&stage, &git.untracked_files()?)?;
    if tree == git.tree_of(head)? {
        return Ok(None);
    }
    let commit = git.commit_tree(
        &tree,
        head,
        &format!("dvx: the workspace before `exp apply {experiment}`"),
    )?;
    let mut n = git.refs(SAVED_NAMESPACE)?.len() + 1;
    let refname = loop {
        let name = format!("{SAVED_NAMESPACE}{n}");
        if git.ref_target(&name).is_none() {
            break name;
        }
        n += 1;
    };
    git.create_ref(&refname, &commit, &format!("dvx exp apply {experiment}"))?;
    Ok(Some(refname))
}

/// Records the outputs whose workspace content changed, as `commit -f` does: their data into
/// the cache, their pointer files and `dvc.lock` entries rewritten. Missing outputs are left
/// as they are.
pub(crate) fn commit_outputs(tx: &Transaction, progress: &dyn Progress) -> Result<()> {
    let (pointers, pipelines) = dvx_repo::index::load_with_pipelines(tx)?;
    let changed: Vec<String> = stages_status(tx, &pointers, &Default::default(), progress)?
        .into_iter()
        .filter(|s| {
            s.import.is_none()
                && matches!(s.state, Some(OutState::Modified | OutState::NotCommitted))
        })
        .map(|s| s.stage)
        .collect();
    let changed: Vec<_> = pointers
        .iter()
        .filter(|st| changed.contains(&st.rel))
        .cloned()
        .collect();
    dvx_repo::stage_lock::commit::commit_stages(
        tx,
        &tx.root,
        pipelines,
        &pointers,
        true,
        &[],
        true,
        &|_| true,
        progress,
    )?;
    dvx_repo::record::commit_pointer_stages(tx, changed, true, &|_| true, progress)?;
    Ok(())
}
