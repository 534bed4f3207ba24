use dvx_repo::add::{add, AddOptions};
use dvx_repo::Result;

use super::{git_add_hint, Env};
use crate::cli::AddArgs;

pub fn run(env: &Env, a: AddArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let report = add(
        &tx,
        &env.cwd,
        &a.targets,
        &AddOptions {
            glob: a.glob,
            no_commit: a.no_commit,
            out: a.out,
            to_remote: a.to_remote,
            remote: a.remote,
            jobs: a.remote_jobs,
            force: a.force,
        },
        &env.progress(),
    )?;
    git_add_hint(env, &tx, &report.git_paths(), report.staged);
    Ok(0)
}
