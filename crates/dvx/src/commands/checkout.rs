use dvx_repo::checkout::{checkout, CheckoutOptions, CheckoutReport};
use dvx_repo::{Error, ErrorKind, Repo, Result};

use super::Env;
use crate::cli::CheckoutArgs;

pub fn run(env: &Env, a: CheckoutArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let report = checkout(
        &tx,
        &env.cwd,
        &a.targets,
        &CheckoutOptions {
            force: a.force,
            relink: a.relink,
            ..Default::default()
        },
        &env.progress(),
    )?;
    print_changes(env, &report);
    problems(&tx, &report)?;
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
            .map(|(p, e)| match &e.hint {
                Some(h) if e.kind != ErrorKind::Cache => format!("{p}: {e}\n  hint: {h}"),
                _ => format!("{p}: {e}"),
            })
            .collect();
        // DVC's question, only when the cache is what failed
        let about_cache = report
            .failed
            .iter()
            .any(|(_, e)| e.kind == ErrorKind::Cache);
        msg.push(format!(
            "Checkout failed for following targets:\n{}{}",
            list.join("\n"),
            if about_cache {
                "\nIs your cache up to date?"
            } else {
                ""
            }
        ));
    }
    if msg.is_empty() {
        Ok(())
    } else {
        Err(Error::user(msg.join("\n")))
    }
}
