//! `dvx gc`: DVC's checks, warning and confirmation, then the removal.

use dvx_repo::gc::{gc, GcOptions};
use dvx_repo::scm::Scope;
use dvx_repo::{Error, Result};

use super::Env;
use crate::cli::GcArgs;

/// DVC's warning of what will be kept.
fn warning(a: &GcArgs, num: Option<usize>) -> String {
    let mut msg = String::from("This will remove all cache except items used in the workspace");
    let r = &a.revs;
    if r.all_commits {
        msg += " and all git commits";
    } else {
        match (r.all_branches, r.all_tags, num) {
            (true, true, Some(n)) => {
                msg += &format!(" and last {n} commits from all git branches and all git tags")
            }
            (true, true, None) => msg += " and all git branches and tags",
            (true, false, Some(n)) => {
                msg += &format!(" and last {n} commits from all git branches")
            }
            (true, false, None) => msg += " and all git branches",
            (false, true, _) => msg += " and all git tags",
            _ => {}
        }
        if let Some(rev) = &a.rev {
            msg += &format!(" and last {} commits from {rev}", num.unwrap_or(1));
        }
    }
    if a.all_experiments {
        msg += " and all experiments";
    }
    msg += " of the current repo.";
    msg
}

/// DVC's question, on stdout; no answer (no terminal, end of input) is a no.
fn confirmed(env: &Env) -> bool {
    match env
        .printer
        .ask("Are you sure you want to proceed? [y/n]: ", false)
    {
        Some(yes) => yes,
        None => {
            env.printer.answer("");
            env.printer.warn(
                "no answer, nothing removed: pass -f (--force) to remove without asking, or --dry to see what would go",
            );
            false
        }
    }
}

pub fn run(env: &Env, a: GcArgs) -> Result<u8> {
    let r = &a.revs;
    if !(a.workspace
        || r.all_branches
        || r.all_tags
        || r.all_commits
        || a.all_experiments
        || a.rev.is_some())
    {
        return Err(Error::user(
            "Either of `-w|--workspace`, `-a|--all-branches`, `-T|--all-tags` `--all-experiments`, `--all-commits`, `--date` or `--rev` needs to be set.",
        ));
    }
    if a.num.is_some() && !(a.rev.is_some() || r.all_branches) {
        return Err(Error::user(
            "`--num` can only be used alongside `--rev` or `--all-branches`",
        ));
    }
    let num = if a.rev.is_some() {
        Some(a.num.unwrap_or(1))
    } else {
        a.num
    };
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    env.printer.warn(warning(&a, num));
    // a dry run only lists
    if !(a.force || a.dry || confirmed(env)) {
        return Ok(1);
    }
    let opts = GcOptions {
        scope: Scope {
            all_branches: r.all_branches,
            all_tags: r.all_tags,
            all_commits: r.all_commits,
            all_experiments: a.all_experiments,
        },
        rev: a.rev.clone(),
        num,
        cloud: a.cloud,
        remote: a.remote.clone(),
        jobs: a.jobs,
        dry: a.dry,
    };
    let report = gc(&tx, &opts)?;
    for (scheme, removed) in [
        ("repo", &report.removed),
        ("legacy", &report.removed_legacy),
    ] {
        if a.dry {
            for p in removed.iter() {
                env.printer.out(format!("Removing {}", p.display()));
            }
        }
        if removed.is_empty() {
            env.printer
                .out(format!("No unused '{scheme}' cache to remove."));
        } else {
            env.printer.out(format!(
                "Removed {} objects from {scheme} cache.",
                removed.len()
            ));
        }
    }
    if let Some((_, keys)) = &report.remote {
        if a.dry {
            for k in keys {
                env.printer.out(format!("Removing {k}"));
            }
        }
        if keys.is_empty() {
            env.printer.out("No unused cache to remove from remote.");
        } else {
            env.printer
                .out(format!("Removed {} objects from remote.", keys.len()));
        }
    }
    Ok(0)
}
