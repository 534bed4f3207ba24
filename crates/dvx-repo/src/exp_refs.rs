//! Experiments as DVC keeps them in git: a ref `refs/exps/<baseline[:2]>/<baseline[2:]>/<name>`
//! to an ordinary commit whose first parent is the baseline. DVC and dvx read and write the same
//! refs, so each lists what the other made. Refs DVC uses while it runs (`exec/`, `apply/`,
//! `celery/`, `temp/`, the stashes) are not experiments and are skipped.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::{Error, Result};
use crate::scm::Git;

pub const NAMESPACE: &str = "refs/exps";
const SKIPPED: [&str; 4] = [
    "refs/exps/apply",
    "refs/exps/celery",
    "refs/exps/exec",
    "refs/exps/temp",
];
const STASHES: [&str; 2] = ["refs/exps/stash", "refs/exps/celery/stash"];

/// One experiment's ref: the commit it was run on and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExpRef {
    pub baseline: String,
    pub name: String,
}

impl ExpRef {
    /// `refs/exps/ab/cdef…/name`, or None for a ref that is not an experiment.
    pub fn parse(refname: &str) -> Option<ExpRef> {
        if STASHES.contains(&refname)
            || SKIPPED
                .iter()
                .any(|s| refname.strip_prefix(s).is_some_and(|r| r.starts_with('/')))
        {
            return None;
        }
        let parts: Vec<&str> = refname.split('/').collect();
        if parts.len() != 5 || parts[0] != "refs" || parts[1] != "exps" {
            return None;
        }
        Some(ExpRef {
            baseline: format!("{}{}", parts[2], parts[3]),
            name: parts[4].to_string(),
        })
    }

    pub fn refname(&self) -> String {
        format!(
            "{NAMESPACE}/{}/{}/{}",
            &self.baseline[..2.min(self.baseline.len())],
            &self.baseline[2.min(self.baseline.len())..],
            self.name
        )
    }
}

/// Every experiment with the commit its ref names, sorted by ref name.
pub fn all(git: &Git) -> Result<Vec<(ExpRef, String)>> {
    Ok(git
        .refs(NAMESPACE)?
        .into_iter()
        .filter_map(|(name, commit)| ExpRef::parse(&name).map(|r| (r, commit)))
        .collect())
}

/// The experiments of these baselines (all with None), by baseline, in ref order.
pub fn by_baseline(
    git: &Git,
    baselines: Option<&HashSet<String>>,
) -> Result<BTreeMap<String, Vec<(ExpRef, String)>>> {
    let mut out: BTreeMap<String, Vec<(ExpRef, String)>> = BTreeMap::new();
    for (r, commit) in all(git)? {
        if baselines.is_none_or(|b| b.contains(&r.baseline)) {
            out.entry(r.baseline.clone()).or_default().push((r, commit));
        }
    }
    Ok(out)
}

/// The commits `revs` name and up to `num - 1` first-parent ancestors of each, as DVC selects
/// baselines for `--rev` and `-n`.
pub fn baselines(git: &Git, revs: &[String], num: usize) -> Result<HashSet<String>> {
    let mut out = HashSet::new();
    for rev in revs {
        out.extend(git.first_parents(rev, num)?);
    }
    Ok(out)
}

/// Each name's experiment: a full ref name as given, else the one experiment of that name, or
/// among several the one whose baseline is HEAD. Names that match nothing are an error naming
/// all of them, as DVC words it; so is a name that stays ambiguous.
pub fn resolve_names(git: &Git, names: &[String]) -> Result<Vec<(String, ExpRef, String)>> {
    resolve_names_in(&all(git)?, git.head().as_deref(), names, None)
}

/// The experiments a git remote holds, with their commits.
pub fn remote(git: &Git, remote: &str) -> Result<Vec<(ExpRef, String)>> {
    Ok(git
        .remote_refs(remote, NAMESPACE)?
        .into_iter()
        .filter_map(|(n, c)| ExpRef::parse(&n).map(|r| (r, c)))
        .collect())
}

/// [`resolve_names`] among these experiments (those of `git_remote`, when it is given), HEAD
/// being `head`.
pub fn resolve_names_in(
    all: &[(ExpRef, String)],
    head: Option<&str>,
    names: &[String],
    git_remote: Option<&str>,
) -> Result<Vec<(String, ExpRef, String)>> {
    let mut out = Vec::new();
    let mut unresolved = Vec::new();
    for name in names {
        if name.starts_with("refs/") {
            match ExpRef::parse(name).and_then(|r| all.iter().find(|(a, _)| *a == r)) {
                Some((r, c)) => out.push((name.clone(), r.clone(), c.clone())),
                None => unresolved.push(name.clone()),
            }
            continue;
        }
        let matching: Vec<&(ExpRef, String)> =
            all.iter().filter(|(r, _)| r.name == *name).collect();
        let chosen = match matching.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => match many.iter().find(|(r, _)| Some(r.baseline.as_str()) == head) {
                Some(m) => Some(*m),
                None => {
                    let mut msg = format!(
                        "Ambiguous name '{name}' refers to multiple experiments. Use one of the following full refnames instead:\n"
                    );
                    for (r, _) in many {
                        msg.push_str(&format!("\n\t{}", r.refname()));
                    }
                    return Err(Error::user(msg));
                }
            },
        };
        match chosen {
            Some((r, c)) => out.push((name.clone(), r.clone(), c.clone())),
            None => unresolved.push(name.clone()),
        }
    }
    if !unresolved.is_empty() {
        let joined = unresolved.join("; ");
        if let Some(remote) = git_remote {
            return Err(Error::user(format!(
                "Experiment '{joined}' does not exist in '{remote}'"
            )));
        }
        return Err(Error::user(if unresolved.len() > 1 {
            format!("'{joined}' are not valid experiment names")
        } else {
            format!("'{joined}' is not a valid experiment name")
        }));
    }
    Ok(out)
}

/// A name for each baseline as DVC describes it: the current branch for HEAD, else a tag, else
/// a branch naming the commit (None when nothing names it).
pub fn describe(git: &Git, revs: &[String]) -> Result<HashMap<String, Option<String>>> {
    let head = git.head();
    let head_branch = git.current_branch();
    let mut tags: HashMap<String, String> = HashMap::new();
    let mut branches: HashMap<String, String> = HashMap::new();
    for (name, commit) in git.branches_and_tags()? {
        if let Some(t) = name.strip_prefix("refs/tags/") {
            tags.entry(commit).or_insert_with(|| t.to_string());
        } else if let Some(b) = name.strip_prefix("refs/heads/") {
            branches.entry(commit).or_insert_with(|| b.to_string());
        }
    }
    Ok(revs
        .iter()
        .map(|rev| {
            let name = match (&head, &head_branch) {
                (Some(h), Some(b)) if h == rev => Some(b.clone()),
                _ => tags.get(rev).or_else(|| branches.get(rev)).cloned(),
            };
            (rev.clone(), name)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experiment_refs_parse_and_skip_what_dvc_skips() {
        let r = ExpRef::parse("refs/exps/0c/911484d3087c4e4da4ecad086c041ac7b85b79/mine").unwrap();
        assert_eq!(r.baseline, "0c911484d3087c4e4da4ecad086c041ac7b85b79");
        assert_eq!(r.name, "mine");
        assert_eq!(
            r.refname(),
            "refs/exps/0c/911484d3087c4e4da4ecad086c041ac7b85b79/mine"
        );
        for skipped in [
            "refs/exps/exec/EXEC_HEAD",
            "refs/exps/stash",
            "refs/exps/celery/stash",
            "refs/exps/celery/failed",
            "refs/exps/apply/ORIG_HEAD",
            "refs/exps/temp/ab/cd/x",
            "refs/exps/0c/91",
            "refs/heads/main",
        ] {
            assert_eq!(ExpRef::parse(skipped), None, "{skipped}");
        }
    }
}
