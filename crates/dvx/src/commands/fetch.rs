use dvx_repo::fetch::fetch;
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
            dvx_repo::transfer::run_cache::fetch(&tx, &transfer::options(&a), &env.progress())?;
        entries = n;
        stages.extend(outs);
    }
    let opts = transfer::granular(env, &a, &stages);
    let report = fetch(&tx, &stages, &opts, &env.progress())?;
    transfer::check(env, &report, "fetch data from the remote")?;
    env.printer.out(
        transfer::summary(&[(report.transferred + entries, "fetched")])
            .unwrap_or_else(|| "Everything is up to date.".into()),
    );
    Ok(0)
}
