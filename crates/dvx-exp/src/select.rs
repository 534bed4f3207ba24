//! Which experiments a command is about: baselines (`--rev`, `-n`, `-A`) and names, chosen
//! as DVC chooses them.

use std::collections::HashSet;

use dvx_repo::exp_refs::{self, ExpRef};
use dvx_repo::scm::Git;
use dvx_repo::{Error, Repo, Result};

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

pub fn git(repo: &Repo) -> Result<&Git> {
    repo.scm
        .as_ref()
        .ok_or_else(|| Error::user("experiments need git: this repository was made with --no-scm"))
}

pub fn selected(git: &Git, sel: &Selection) -> Result<Option<HashSet<String>>> {
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

/// Experiments chosen among `refs` (all of one side: here, or `git_remote`'s) as DVC chooses:
/// every one with `-A`, else by names, else those of the selected baselines (HEAD by default).
pub fn choose(
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

/// The commit a revision or an experiment's name names (as DVC's `resolve_rev`).
pub fn resolve(repo: &Repo, rev: &str) -> Result<String> {
    resolve_commit(git(repo)?, rev).map_err(|e| {
        if e.message.starts_with("Ambiguous") {
            e
        } else {
            Error::user(format!("unknown Git revision '{rev}'"))
        }
    })
}

/// An experiment's commit from its name, full ref name, or a revision (as DVC's `resolve_rev`).
pub(crate) fn resolve_commit(git: &Git, experiment: &str) -> Result<String> {
    if let Ok(c) = git.resolve(experiment) {
        return Ok(c);
    }
    match exp_refs::resolve_names(git, &[experiment.to_string()]) {
        Ok(mut found) => Ok(found.remove(0).2),
        Err(e) if e.message.starts_with("Ambiguous") => Err(e),
        Err(_) => Err(Error::user(experiment.to_string())),
    }
}
