use dvx_repo::transfer::push;
use dvx_repo::Result;

use super::{transfer, Env};
use crate::cli::TransferArgs;

pub fn run(env: &Env, a: TransferArgs) -> Result<u8> {
    let repo = env.repo()?;
    let _lock = repo.lock(env.wait_for_lock)?;
    let stages = transfer::stages(env, &repo, &a.targets, a.recursive, &a.revs)?;
    let report = push(&repo, &stages, &transfer::options(&a), &env.progress())?;
    transfer::check(env, &report, "push data to the remote")?;
    env.printer.out(
        transfer::summary(&[(report.transferred, "pushed")])
            .unwrap_or_else(|| "Everything is up to date.".into()),
    );
    Ok(0)
}
