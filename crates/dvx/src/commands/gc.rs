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
    if a.empty_trash {
        let age = match &a.older_than {
            Some(s) => Some(dvx_repo::trash::parse_age(s).ok_or_else(|| {
                Error::user(format!("--older-than: '{s}' is not an age"))
                    .with_hint("write it as a number and a unit: 14d, 12h, 30m, 90s")
            })?),
            None => None,
        };
        let repo = env.repo()?;
        let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
        let (files, bytes) = dvx_repo::gc::empty_trash(&tx, age)?;
        env.printer.out(format!(
            "Emptied the trash: {files} objects ({}) removed for good.",
            human_bytes(bytes)
        ));
        return Ok(0);
    }
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
    if !a.dry && (report.trash.0 > 0 || report.expired.0 > 0) {
        let expired = if report.expired.0 > 0 {
            format!(
                "; {} objects ({}) older than {} days removed for good",
                report.expired.0,
                human_bytes(report.expired.1),
                report.trash_days
            )
        } else {
            String::new()
        };
        env.printer.out(format!(
            "The cache's trash holds {} objects ({}), kept {} days: `dvx op undo` brings back what this gc removed{expired}.",
            report.trash.0,
            human_bytes(report.trash.1),
            report.trash_days
        ));
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
            if a.dry {
                // nothing was removed
            } else if report.remote_keeps_trash {
                env.printer.out(format!(
                    "The remote's trash keeps them {} days: `dvx op undo` brings them back.",
                    report.trash_days
                ));
            } else {
                env.printer.out(
                    "This remote keeps no trash: they are deleted for good (`dvx op show` lists them).",
                );
            }
        }
    }
    Ok(0)
}

/// Bytes for people: 1.5 MiB.
fn human_bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", units[u])
    }
}
