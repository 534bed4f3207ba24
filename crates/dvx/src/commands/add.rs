use dvx_repo::add::{add, AddOptions};
use dvx_repo::Result;

use super::{git_add_hint, Env};
use crate::cli::AddArgs;

pub fn run(env: &Env, a: AddArgs) -> Result<u8> {
    let repo = env.repo()?;
    let _lock = repo.lock(env.wait_for_lock)?;
    let report = add(
        &repo,
        &env.cwd,
        &a.targets,
        &AddOptions { glob: a.glob },
        &env.progress(),
    )?;
    git_add_hint(env, &repo, &report.git_paths(), report.staged);
    Ok(0)
}
