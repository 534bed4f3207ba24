use std::io::IsTerminal;

use dvx_repo::commit::commit;
use dvx_repo::Result;

use super::Env;
use crate::cli::CommitArgs;

pub fn run(env: &Env, a: CommitArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    // Without --force DVC asks on a terminal and refuses otherwise.
    let confirm = |name: &str| -> bool {
        if !std::io::stdin().is_terminal() {
            return false;
        }
        let q =
            format!("outputs of '{name}' changed. Are you sure you want to commit them? [y/n] ");
        env.printer.ask(&q, true) == Some(true)
    };
    commit(
        &tx,
        &env.cwd,
        &a.targets,
        a.force,
        &confirm,
        &env.progress(),
    )?;
    Ok(0)
}
