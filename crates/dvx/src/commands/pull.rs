use dvx_repo::checkout::{checkout, CheckoutOptions};
use dvx_repo::fetch::fetch_staging;
use dvx_repo::staged::Staged;
use dvx_repo::Result;

use super::{checkout as co, transfer, Env};
use crate::cli::PullArgs;

/// `dvx pull`: fetch, then check out what the workspace's pointer files name.
pub fn run(env: &Env, a: PullArgs) -> Result<u8> {
    let t = &a.transfer;
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let mut stages = transfer::stages(env, &tx, &t.targets, t.recursive, &t.revs)?;
    let mut entries = 0;
    if t.run_cache {
        let (n, outs) =
            dvx_repo::transfer::run_cache::fetch(&tx, &transfer::options(t), &env.progress())?;
        entries = n;
        stages.extend(outs);
    }
    // large files missing from the workspace: their copy there is written as they download
    let staged = std::sync::Arc::new(Staged::for_pull(&tx, &stages));
    let fetched = fetch_staging(
        &tx,
        &stages,
        &transfer::granular(env, t, &stages),
        Some(&staged),
        &env.progress(),
    )?;
    let targets: Vec<String> = if t.recursive {
        stages
            .iter()
            .filter(|s| s.file.exists())
            .map(|s| s.file.display().to_string())
            .collect()
    } else {
        t.targets.clone()
    };
    let mut report = if t.recursive && targets.is_empty() {
        Default::default()
    } else {
        checkout(
            &tx,
            &env.cwd,
            &targets,
            &CheckoutOptions {
                force: a.force,
                relink: false,
                staged: Some(staged),
                ..Default::default()
            },
            &env.progress(),
        )?
    };
    // imports whose pointer file records no data: their source's, not recorded
    let unrecorded = dvx_repo::checkout::checkout_stages(
        &tx,
        &fetched.unrecorded_imports,
        &CheckoutOptions {
            force: a.force,
            relink: false,
            ..Default::default()
        },
        &env.progress(),
    )?;
    report.merge(unrecorded);
    co::print_changes(env, &report);
    let f = report.files;
    let failed =
        !fetched.failed.is_empty() || !report.failed.is_empty() || !report.unsaved.is_empty();
    match transfer::summary(&[
        (fetched.transferred + entries, "fetched"),
        (f.modified, "modified"),
        (f.added, "added"),
        (f.deleted, "deleted"),
    ]) {
        Some(s) => env.printer.out(s),
        // nothing moved because something failed: that is not "up to date"
        None if !failed => env.printer.out("Everything is up to date."),
        None => {}
    }
    transfer::check(env, &fetched, "pull data from the remote")?;
    co::problems(&tx, &report)?;
    Ok(0)
}
