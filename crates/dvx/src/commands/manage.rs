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

/// `version` / `doctor`: DVC's report, with dvx's version first.
pub fn version(env: &Env) -> Result<u8> {
    let repo = env.repo().ok();
    let d = dvx_repo::doctor::doctor(repo.as_ref());
    let head = format!(
        "dvx version: {} (DVC {} compatible)",
        env!("CARGO_PKG_VERSION"),
        crate::DVC_VERSION
    );
    let show = |p: &Option<std::path::PathBuf>| {
        p.as_ref()
            .map_or_else(|| "none".to_string(), |p| p.display().to_string())
    };
    let mut lines = vec![
        head.clone(),
        "-".repeat(head.len()),
        format!("Platform: {}", d.platform),
        format!("Supports:\n\t{}", d.supports.join(",\n\t")),
        format!(
            "Config:\n\tGlobal: {}\n\tSystem: {}",
            show(&d.global_config),
            show(&d.system_config)
        ),
    ];
    if let Some(r) = d.repo {
        match (r.cache_types, r.cache_fs) {
            (Some(types), Some(fs)) => {
                lines.push(format!("Cache types: {}", types.join(", ")));
                lines.push(format!("Cache directory: {fs}"));
            }
            _ => lines.push("Cache types: no cache yet (it is made by the first `dvx add`)".into()),
        }
        lines.push("Caches: local".into());
        lines.push(format!(
            "Remotes: {}",
            if r.remotes.is_empty() {
                "None".to_string()
            } else {
                r.remotes.join(", ")
            }
        ));
        lines.push(format!("Workspace directory: {}", r.workspace_fs));
        lines.push(format!("Repo: {}", r.kind));
    }
    env.printer.answer(lines.join("\n"));
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
