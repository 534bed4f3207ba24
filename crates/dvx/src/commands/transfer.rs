//! What push, pull and fetch share: choosing pointer files, DVC's summary line, and reporting
//! objects that were missing or failed.

use dvx_repo::stage::TrackedStage;
use dvx_repo::transfer::{self, TransferOptions, TransferReport};
use dvx_repo::{Error, Repo, Result};

use super::Env;
use crate::cli::{RevArgs, TransferArgs};

/// [`options`], with the parts of tracked directories that targets inside them name (fetch
/// and pull move only those; `-R` takes directories of pointer files, never parts).
pub fn granular(env: &Env, a: &TransferArgs, stages: &[TrackedStage]) -> TransferOptions {
    let mut opts = options(a);
    if !a.recursive {
        opts.parts = dvx_repo::parts::Parts::of(&env.cwd, &a.targets, stages);
    }
    opts
}

pub fn options(a: &TransferArgs) -> TransferOptions {
    TransferOptions {
        remote: a.remote.clone(),
        jobs: a.jobs,
        ..Default::default()
    }
}

/// The pointer files to work on: the targets in the workspace, plus those of the revisions
/// that -a/-T/-A name.
pub fn stages(
    env: &Env,
    repo: &Repo,
    targets: &[String],
    recursive: bool,
    revs: &RevArgs,
) -> Result<Vec<TrackedStage>> {
    let mut stages = transfer::select(repo, &env.cwd, targets, recursive)?;
    if revs.all_branches || revs.all_tags || revs.all_commits {
        let scope = dvx_repo::scm::Scope {
            all_branches: revs.all_branches,
            all_tags: revs.all_tags,
            all_commits: revs.all_commits,
            ..Default::default()
        };
        stages.extend(dvx_repo::history::pointer_stages(
            repo, &scope, &env.cwd, targets,
        )?);
    }
    Ok(stages)
}

/// DVC's summary: "3 files pushed", "1 file fetched and 2 files added"; None when all are 0.
pub fn summary(parts: &[(usize, &str)]) -> Option<String> {
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} file{} {what}", if *n > 1 { "s" } else { "" }))
        .collect();
    match words.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

/// Warns about objects that are neither in the cache nor on the remote, and turns failed
/// transfers into one error naming each object, its remote and what happened.
pub fn check(env: &Env, report: &TransferReport, action: &str) -> Result<()> {
    if !report.missing.is_empty() {
        let list: Vec<String> = report
            .missing
            .iter()
            .map(|m| format!("name: {}, md5: {}", m.name, m.oid))
            .collect();
        env.printer.warn(format!(
            "Some of the cache files do not exist neither locally nor on remote. Missing cache files:\n{}",
            list.join("\n")
        ));
    }
    if report.failed.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = report
        .failed
        .iter()
        .map(|f| format!("  {} (remote '{}'): {}", f.name, f.remote, f.error))
        .collect();
    let n = report.failed.len();
    Err(Error::user(format!(
        "failed to {action}: {n} file{} failed:\n{}",
        if n > 1 { "s" } else { "" },
        list.join("\n")
    ))
    .with_hint("run the command again to retry: what was transferred stays transferred"))
}
