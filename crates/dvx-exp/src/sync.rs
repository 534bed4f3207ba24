//! `exp push` and `exp pull`: experiments' refs over git, their data over the DVC remote.

use dvx_repo::exp_refs::{self, ExpRef};
use dvx_repo::scm::{Git, SyncStatus};
use dvx_repo::transfer::{TransferOptions, TransferReport};
use dvx_repo::{Error, Progress, Result, Transaction};

use crate::select::{choose, git, Selection};

/// Which experiments `exp push`/`exp pull` move, and how.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    pub names: Vec<String>,
    /// Without names: the experiments of these baselines (`--rev`, `-n`; HEAD by default), or
    /// all of them (`-A`).
    pub selection: Selection,
    /// Overwrite the other side's experiment of the same name where the two diverged.
    pub force: bool,
    /// Move the cached data of every commit of each experiment too (DVC's default).
    pub data: bool,
    /// Move the run-cache's entries (and the outputs they name) too.
    pub run_cache: bool,
    pub transfer: TransferOptions,
}

/// What moved: experiment names by outcome, and the data transfer when there was one.
#[derive(Debug, Default)]
pub struct SyncReport {
    pub success: Vec<String>,
    pub up_to_date: Vec<String>,
    pub diverged: Vec<String>,
    pub transfer: Option<TransferReport>,
}

impl SyncReport {
    fn add(&mut self, name: String, status: SyncStatus) {
        match status {
            SyncStatus::Success => self.success.push(name),
            SyncStatus::UpToDate => self.up_to_date.push(name),
            SyncStatus::Diverged => self.diverged.push(name),
        }
    }
}

/// The tracked outputs of every commit of these experiments (down to their baselines).
fn experiment_stages(
    tx: &Transaction,
    git: &Git,
    exps: &[&ExpRef],
) -> Result<Vec<dvx_repo::stage::TrackedStage>> {
    let mut revs: Vec<String> = Vec::new();
    for r in exps {
        for c in git.commits_between(&r.refname(), &r.baseline)? {
            if !revs.contains(&c) {
                revs.push(c);
            }
        }
    }
    dvx_repo::history::pointer_stages_at(tx, &revs, &tx.root, &[])
}

/// `exp push`: each chosen experiment's ref to `git_remote`, then (with `data`) the cached
/// outputs of its commits to the DVC remote.
pub fn push(
    tx: &Transaction,
    git_remote: &str,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let git = git(tx)?;
    let chosen = choose(
        git,
        exp_refs::all(git)?,
        &opts.names,
        Some(&opts.selection),
        None,
    )?;
    let names: Vec<String> = chosen.iter().map(|(r, _)| r.refname()).collect();
    let results = git.push_refs(git_remote, &names, opts.force)?;
    let statuses = chosen
        .iter()
        .map(|(r, _)| {
            results
                .iter()
                .find(|(n, _)| *n == r.refname())
                .map(|(_, s)| *s)
                .ok_or_else(|| {
                    Error::user(format!("git did not say what became of '{}'", r.refname()))
                })
        })
        .collect::<Result<Vec<SyncStatus>>>()?;
    let (mut report, moved) = outcome(&chosen, statuses);
    if opts.data && !moved.is_empty() {
        let mut stages = experiment_stages(tx, git, &moved)?;
        if opts.run_cache {
            stages.extend(dvx_repo::transfer::run_cache::push(tx, &opts.transfer, progress)?.1);
        }
        report.transfer = Some(dvx_repo::transfer::push(
            tx,
            &stages,
            &opts.transfer,
            progress,
        )?);
    }
    Ok(report)
}

/// `exp pull`: each chosen experiment of `git_remote` fetched to the same ref here, then (with
/// `data`) the cached outputs of its commits fetched from the DVC remote into the cache.
pub fn pull(
    tx: &Transaction,
    git_remote: &str,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let git = git(tx)?;
    let theirs = exp_refs::remote(git, git_remote)?;
    // an unknown name is worded as DVC's pull words it: as a local one
    let chosen = choose(git, theirs, &opts.names, Some(&opts.selection), None)?;
    let refs: Vec<(String, String)> = chosen
        .iter()
        .map(|(r, c)| (r.refname(), c.clone()))
        .collect();
    let statuses = git
        .fetch_refs(git_remote, &refs, opts.force)?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    let (mut report, moved) = outcome(&chosen, statuses);
    if opts.data && !moved.is_empty() {
        let mut stages = experiment_stages(tx, git, &moved)?;
        if opts.run_cache {
            stages.extend(dvx_repo::transfer::run_cache::fetch(tx, &opts.transfer, progress)?.1);
        }
        report.transfer = Some(dvx_repo::fetch::fetch(
            tx,
            &stages,
            &opts.transfer,
            progress,
        )?);
    }
    Ok(report)
}

/// The report of a push or pull, and the experiments that moved or were there already (whose
/// data goes along).
fn outcome(chosen: &[(ExpRef, String)], statuses: Vec<SyncStatus>) -> (SyncReport, Vec<&ExpRef>) {
    let mut report = SyncReport::default();
    let mut moved = Vec::new();
    for ((r, _), status) in chosen.iter().zip(statuses) {
        if status != SyncStatus::Diverged {
            moved.push(r);
        }
        report.add(r.name.clone(), status);
    }
    (report, moved)
}
