//! Experiments' refs: list, remove, rename, branch (DVC's `exp list`, `exp remove`, `exp
//! rename`, `exp branch`), on the refs DVC and dvx share.

use std::collections::HashSet;

use dvx_repo::exp_refs::{self, ExpRef};
use dvx_repo::{Error, Repo, Result, Transaction};

use crate::select::{choose, git, resolve_commit, selected, Selection};

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
/// `exp rename`: the experiment's ref under its new name (written before the old one goes).
/// With `git_remote`, the name is resolved among that remote's experiments, as DVC does, and
/// the local experiment of that ref is renamed.
pub fn rename(
    tx: &Transaction,
    name: &str,
    new: &str,
    force: bool,
    git_remote: Option<&str>,
) -> Result<Vec<String>> {
    if name == new {
        return Ok(Vec::new());
    }
    let git = git(tx)?;
    let (shown, old, commit) = match git_remote {
        None => exp_refs::resolve_names(git, &[name.to_string()])?.remove(0),
        Some(remote) => {
            let theirs = exp_refs::remote(git, remote)?;
            let (shown, r, _) = exp_refs::resolve_names_in(
                &theirs,
                git.head().as_deref(),
                &[name.to_string()],
                Some(remote),
            )?
            .remove(0);
            let local = git.ref_target(&r.refname()).ok_or_else(|| {
                Error::user(format!(
                    "Experiment '{name}' is not here, only on '{remote}'"
                ))
                .with_hint(format!("fetch it first: dvx exp pull {remote} {name}"))
            })?;
            (shown, r, local)
        }
    };
    let renamed = ExpRef {
        baseline: old.baseline.clone(),
        name: new.to_string(),
    };
    crate::names::check_name(git, &old.baseline, new)?;
    if git.ref_target(&renamed.refname()).is_some() && !force {
        return Err(crate::names::conflict(new, "rename"));
    }
    let message = format!("dvc: renamed experiment '{}' to '{new}'", old.name);
    git.set_ref(&renamed.refname(), &commit, &message)?;
    git.delete_refs(&[(old.refname(), commit)])?;
    Ok(vec![shown])
}
