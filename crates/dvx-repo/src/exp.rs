//! Experiments' refs: list, remove, branch (DVC's `exp list`, `exp remove`, `exp branch`), on
//! the refs DVC and dvx share.

use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::exp_refs::{self, ExpRef};
use crate::repo::Repo;
use crate::scm::Git;
use crate::scm::SyncStatus;
use crate::transaction::Transaction;
use crate::transfer::{TransferOptions, TransferReport};
use crate::Progress;

/// Which baselines: `--rev` (default HEAD) with `-n` first-parent ancestors, or `-A` all.
#[derive(Debug, Clone)]
pub struct Selection {
    pub revs: Vec<String>,
    pub num: usize,
    pub all_commits: bool,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            revs: Vec::new(),
            num: 1,
            all_commits: false,
        }
    }
}

/// The experiments of one baseline, as `exp list` shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    pub rev: String,
    /// The branch or tag that names it (None: shown by its short id).
    pub name: Option<String>,
    pub experiments: Vec<Named>,
}

/// An experiment's name and commit (None: listed from a git remote, commit not fetched).
type Named = (String, Option<String>);

fn git(repo: &Repo) -> Result<&Git> {
    repo.scm
        .as_ref()
        .ok_or_else(|| Error::user("experiments need git: this repository was made with --no-scm"))
}

fn selected(git: &Git, sel: &Selection) -> Result<Option<HashSet<String>>> {
    if sel.all_commits {
        return Ok(None);
    }
    let revs = if sel.revs.is_empty() {
        vec!["HEAD".to_string()]
    } else {
        sel.revs.clone()
    };
    Ok(Some(exp_refs::baselines(git, &revs, sel.num)?))
}

/// `exp list`: the experiments of the selected baselines, or those a git remote holds.
pub fn list(repo: &Repo, sel: &Selection, git_remote: Option<&str>) -> Result<Vec<Baseline>> {
    let git = git(repo)?;
    let wanted = selected(git, sel)?;
    let groups: Vec<(String, Vec<Named>)> = match git_remote {
        None => exp_refs::by_baseline(git, wanted.as_ref())?
            .into_iter()
            .map(|(b, exps)| {
                let named = exps.into_iter().map(|(r, c)| (r.name, Some(c))).collect();
                (b, named)
            })
            .collect(),
        Some(remote) => {
            let mut by: std::collections::BTreeMap<String, Vec<Named>> = Default::default();
            for (name, _) in git.remote_refs(remote, exp_refs::NAMESPACE)? {
                if let Some(r) = ExpRef::parse(&name) {
                    if wanted.as_ref().is_none_or(|w| w.contains(&r.baseline)) {
                        by.entry(r.baseline).or_default().push((r.name, None));
                    }
                }
            }
            by.into_iter().collect()
        }
    };
    let revs: Vec<String> = groups.iter().map(|(b, _)| b.clone()).collect();
    let names = exp_refs::describe(git, &revs)?;
    Ok(groups
        .into_iter()
        .map(|(rev, experiments)| Baseline {
            name: names.get(&rev).cloned().flatten(),
            rev,
            experiments,
        })
        .collect())
}

/// What `exp remove` removes: names, or the experiments of `--rev`/`-A` baselines; `keep`
/// inverts the choice.
#[derive(Debug, Clone, Default)]
pub struct RemoveOptions {
    pub names: Vec<String>,
    pub selection: Option<Selection>,
    pub keep: bool,
    /// Remove from this git remote instead (`-g`).
    pub git_remote: Option<String>,
}

/// `exp remove`: deletes the chosen experiments' refs (each only if it still names the commit
/// it named when chosen); returns the names removed, in DVC's order.
pub fn remove(tx: &Transaction, opts: &RemoveOptions) -> Result<Vec<String>> {
    let git = git(tx)?;
    let remote = opts.git_remote.as_deref();
    let all = match remote {
        Some(r) => exp_refs::remote(git, r)?,
        None => exp_refs::all(git)?,
    };
    let mut chosen = match &opts.selection {
        None if opts.names.is_empty() => Vec::new(),
        sel => choose(git, all.clone(), &opts.names, sel.as_ref(), remote)?,
    };
    if opts.keep {
        let kept: HashSet<ExpRef> = chosen.into_iter().map(|(r, _)| r).collect();
        chosen = all.into_iter().filter(|(r, _)| !kept.contains(r)).collect();
    }
    match remote {
        Some(remote) => {
            let names: Vec<String> = chosen.iter().map(|(r, _)| r.refname()).collect();
            git.delete_remote_refs(remote, &names)?;
        }
        None => {
            let refs: Vec<(String, String)> = chosen
                .iter()
                .map(|(r, c)| (r.refname(), c.clone()))
                .collect();
            git.delete_refs(&refs)?;
        }
    }
    // named experiments are reported as they were named (a full ref stays one), as DVC does
    if !opts.keep && !opts.names.is_empty() {
        return Ok(opts.names.clone());
    }
    Ok(chosen.into_iter().map(|(r, _)| r.name).collect())
}

/// `exp branch`: a git branch at an experiment's commit (default name `<exp>-branch`); returns
/// (branch, experiment name).
pub fn branch(tx: &Transaction, experiment: &str, name: Option<&str>) -> Result<(String, String)> {
    let git = git(tx)?;
    let commit = resolve_commit(git, experiment)?;
    let containing: Vec<ExpRef> = git
        .refs_containing(&commit, exp_refs::NAMESPACE)?
        .iter()
        .filter_map(|n| ExpRef::parse(n))
        .collect();
    let head = git.head();
    let exp = match containing.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => match many.iter().find(|r| Some(&r.baseline) == head.as_ref()) {
            Some(r) => Some(r.clone()),
            None => {
                let mut msg = format!(
                    "Ambiguous experiment name '{experiment}' can refer to multiple experiments. To create a branch use a full experiment ref:\n"
                );
                for r in many {
                    msg.push_str(&format!("\n{}", r.refname()));
                }
                return Err(Error::user(msg));
            }
        },
    }
    .ok_or_else(|| {
        Error::user(format!(
            "'{experiment}' does not appear to be an experiment commit."
        ))
    })?;
    let branch = name
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-branch", exp.name));
    let full = format!("refs/heads/{branch}");
    if git.ref_target(&full).is_some() {
        return Err(Error::user(format!(
            "Git branch '{branch}' already exists."
        )));
    }
    if !git.is_valid_ref_name(&full) {
        return Err(Error::user(format!(
            "'{branch}' is not a valid branch name"
        )));
    }
    let target = git
        .ref_target(&exp.refname())
        .ok_or_else(|| Error::user(format!("experiment '{}' was removed meanwhile", exp.name)))?;
    git.create_ref(
        &full,
        &target,
        &format!("dvc: Created from experiment '{}'", exp.name),
    )?;
    Ok((branch, exp.name))
}

/// `exp rename`: the experiment `name` resolves to gets the name `new` (same baseline); an
/// experiment already named so is replaced only with `force`. The new ref is written before the
/// old one goes, so an interruption leaves both names, never neither. Returns the names
/// renamed (empty when `new` is the old name).
pub fn rename(tx: &Transaction, name: &str, new: &str, force: bool) -> Result<Vec<String>> {
    if name == new {
        return Ok(Vec::new());
    }
    let git = git(tx)?;
    let (shown, old, commit) = exp_refs::resolve_names(git, &[name.to_string()])?.remove(0);
    let renamed = ExpRef {
        baseline: old.baseline.clone(),
        name: new.to_string(),
    };
    if new.contains('/') || !git.is_valid_ref_name(&renamed.refname()) {
        return Err(Error::user(format!(
            "Invalid exp name {new}, the exp name must follow rules in https://git-scm.com/docs/git-check-ref-format"
        )));
    }
    if git.ref_target(&renamed.refname()).is_some() && !force {
        return Err(Error::user(format!(
            "Experiment conflicts with existing experiment '{new}'. To overwrite the existing experiment run:\n\n\tdvx exp rename -f ...\n"
        )));
    }
    let message = format!("dvc: renamed experiment '{}' to '{new}'", old.name);
    git.set_ref(&renamed.refname(), &commit, &message)?;
    git.delete_refs(&[(old.refname(), commit)])?;
    Ok(vec![shown])
}

/// An experiment's commit from its name, full ref name, or a revision (as DVC's `resolve_rev`).
fn resolve_commit(git: &Git, experiment: &str) -> Result<String> {
    if let Ok(c) = git.resolve(experiment) {
        return Ok(c);
    }
    match exp_refs::resolve_names(git, &[experiment.to_string()]) {
        Ok(mut found) => Ok(found.remove(0).2),
        Err(e) if e.message.starts_with("Ambiguous") => Err(e),
        Err(_) => Err(Error::user(experiment.to_string())),
    }
}

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

/// Experiments chosen among `refs` (all of one side: here, or `git_remote`'s) as DVC chooses:
/// every one with `-A`, else by names, else those of the selected baselines (HEAD by default).
fn choose(
    git: &Git,
    refs: Vec<(ExpRef, String)>,
    names: &[String],
    selection: Option<&Selection>,
    git_remote: Option<&str>,
) -> Result<Vec<(ExpRef, String)>> {
    if selection.is_some_and(|s| s.all_commits) {
        return Ok(refs);
    }
    if names.is_empty() {
        let wanted = selected(git, selection.unwrap_or(&Selection::default()))?.unwrap_or_default();
        return Ok(refs
            .into_iter()
            .filter(|(r, _)| wanted.contains(&r.baseline))
            .collect());
    }
    let mut out: Vec<(ExpRef, String)> =
        exp_refs::resolve_names_in(&refs, git.head().as_deref(), names, git_remote)?
            .into_iter()
            .map(|(_, r, c)| (r, c))
            .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// The tracked outputs of every commit of these experiments (down to their baselines).
fn experiment_stages(
    tx: &Transaction,
    git: &Git,
    exps: &[&ExpRef],
) -> Result<Vec<crate::stage::TrackedStage>> {
    let mut revs: Vec<String> = Vec::new();
    for r in exps {
        for c in git.commits_between(&r.refname(), &r.baseline)? {
            if !revs.contains(&c) {
                revs.push(c);
            }
        }
    }
    crate::history::pointer_stages_at(tx, &revs, &tx.root, &[])
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
        let stages = experiment_stages(tx, git, &moved)?;
        report.transfer = Some(crate::transfer::push(
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
        let stages = experiment_stages(tx, git, &moved)?;
        report.transfer = Some(crate::fetch::fetch(tx, &stages, &opts.transfer, progress)?);
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
