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
    if !report.changed.is_empty() {
        let mut shown: Vec<&str> = report.changed.iter().take(10).map(String::as_str).collect();
        if report.changed.len() > 10 {
            shown.push("…");
        }
        env.printer.warn(format!(
            "{} file(s) changed while they were being added: what was read is recorded and cached, the workspace keeps what they hold now:\n  {}\nrun the same `dvx add` again to record them as they are now",
            report.changed.len(),
            shown.join("\n  ")
        ));
    }
    git_add_hint(env, &tx, &report.git_paths(), report.staged);
    Ok(0)
}
