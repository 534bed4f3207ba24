use dvx_repo::add::{add, AddOptions};
use dvx_repo::Result;

use super::{display_rel, Env};
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
    if repo.scm.is_some() && !report.staged {
        let files: Vec<String> = report
            .git_paths()
            .iter()
            .map(|p| display_rel(&env.cwd, p))
            .collect();
        env.printer.out(format!(
            "\nTo track the changes with git, run:\n\n\tgit add {}\n\nTo enable auto staging, run:\n\n\tdvx config core.autostage true",
            files.join(" ")
        ));
    }
    Ok(0)
}
