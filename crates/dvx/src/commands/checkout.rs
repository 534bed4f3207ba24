use dvx_repo::checkout::{checkout, CheckoutOptions, CheckoutReport};
use dvx_repo::{Error, Repo, Result};

use super::Env;
use crate::cli::CheckoutArgs;

pub fn run(env: &Env, a: CheckoutArgs) -> Result<u8> {
    let repo = env.repo()?;
    let _lock = repo.lock(env.wait_for_lock)?;
    let report = checkout(
        &repo,
        &env.cwd,
        &a.targets,
        &CheckoutOptions {
            force: a.force,
            relink: a.relink,
        },
        &env.progress(),
    )?;
    print_changes(env, &report);
    problems(&repo, &report)?;
    Ok(0)
}

/// The changed outputs, as DVC lists them: modified, then added.
pub fn print_changes(env: &Env, report: &CheckoutReport) {
    for p in &report.modified {
        env.printer.out(format!("M       {p}"));
    }
    for p in &report.added {
        env.printer.out(format!("A       {p}"));
    }
}

/// Unsaved files that were kept and outputs that failed, as one error.
pub fn problems(repo: &Repo, report: &CheckoutReport) -> Result<()> {
    let mut msg = Vec::new();
    if !report.unsaved.is_empty() {
        let list: Vec<String> = report
            .unsaved
            .iter()
            .map(|p| repo.root.join(p).display().to_string())
            .collect();
        msg.push(format!(
            "Can't remove the following unsaved files without confirmation. Use `--force` to force.\n{}",
            list.join("\n")
        ));
    }
    if !report.failed.is_empty() {
        let list: Vec<String> = report
            .failed
            .iter()
            .map(|(p, why)| format!("{p}: {why}"))
            .collect();
        msg.push(format!(
            "Checkout failed for following targets:\n{}\nIs your cache up to date?",
            list.join("\n")
        ));
    }
    if msg.is_empty() {
        Ok(())
    } else {
        Err(Error::user(msg.join("\n")))
    }
}
