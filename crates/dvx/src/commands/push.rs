use dvx_repo::transfer::push;
use dvx_repo::Result;

use super::{transfer, Env};
use crate::cli::TransferArgs;

pub fn run(env: &Env, a: TransferArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let mut stages = transfer::stages(env, &tx, &a.targets, a.recursive, &a.revs)?;
    let mut entries = 0;
    if a.run_cache {
        let (n, outs) =
            dvx_repo::transfer::run_cache::push(&tx, &transfer::options(&a), &env.progress())?;
        entries = n;
        stages.extend(outs);
    }
    let report = push(&tx, &stages, &transfer::options(&a), &env.progress())?;
    transfer::check(env, &report, "push data to the remote")?;
    env.printer.out(
        transfer::summary(&[(report.transferred + entries, "pushed")])
            .unwrap_or_else(|| "Everything is up to date.".into()),
    );
    Ok(0)
}
