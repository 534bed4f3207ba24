use std::io::IsTerminal;

use dvx_repo::manage;
use dvx_repo::{Error, Result};

use super::{display_rel, Env};
use crate::cli::{DestroyArgs, MoveArgs, PathsArgs, RemoveArgs, StageTargetsArgs};

pub fn remove(env: &Env, a: RemoveArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    dvx_repo::stage_edit::remove(&tx, &env.cwd, &a.targets, a.outs)?;
    Ok(0)
}

/// `freeze` / `unfreeze`.
pub fn freeze(env: &Env, a: StageTargetsArgs, frozen: bool) -> Result<u8> {
    use dvx_repo::stage_edit::{self, Frozen};
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    for done in stage_edit::freeze(&tx, &env.cwd, &a.targets, frozen)? {
        if let Frozen::Stage { name, dvc_yaml } = done {
            env.printer
                .out(format!("Modifying stage '{name}' in '{dvc_yaml}'"));
        }
    }
    Ok(0)
}

pub fn move_(env: &Env, a: MoveArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let new = manage::move_output(&tx, &env.cwd, &a.src, &a.dst)?;
    if repo.scm.is_some() {
        let gi = new.parent().unwrap_or(&repo.root).join(".gitignore");
        env.printer.out(format!(
            "\nTo track the changes with git, run:\n\n\tgit add {} {}",
            display_rel(&env.cwd, &new),
            display_rel(&env.cwd, &gi)
        ));
    }
    Ok(0)
}

pub fn unprotect(env: &Env, a: PathsArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    manage::unprotect(&tx, &env.cwd, &a.targets)?;
    Ok(0)
}

pub fn destroy(env: &Env, a: DestroyArgs) -> Result<u8> {
    let repo = env.repo()?;
    if !a.force {
        let yes = std::io::stdin().is_terminal()
            && env.printer.ask("This will destroy all information about your pipelines, all data files, as well as cache in .dvc/cache.\nAre you sure you want to continue? [y/n] ", true) == Some(true);
        if !yes {
            return Err(
                Error::user("cannot destroy without a confirmation").with_hint("use -f/--force")
            );
        }
    }
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    manage::destroy(tx)?;
    Ok(0)
}

pub fn root(env: &Env) -> Result<u8> {
    let repo = env.repo()?;
    env.printer.answer(display_rel(&env.cwd, &repo.root));
    Ok(0)
}
