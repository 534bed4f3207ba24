//! `dvx install` and `dvx git-hook`: the git hooks, with DVC's behaviour.

use clap::Parser;
use dvx_repo::{hooks, merge, Result};

use super::Env;
use crate::cli::{Cli, GitHook, GitHookArgs, InstallArgs};

pub fn install(env: &Env, a: InstallArgs) -> Result<u8> {
    let repo = env.repo()?;
    if a.use_pre_commit_tool {
        let (path, changed) = hooks::install_pre_commit(&repo)?;
        if changed {
            env.printer.out(format!(
                "Added dvx's hooks to {}; run `pre-commit install --hook-type pre-commit --hook-type pre-push --hook-type post-checkout`",
                super::display_rel(&env.cwd, &path)
            ));
        }
    } else {
        hooks::install(&repo)?;
    }
    Ok(0)
}

pub fn run(env: &Env, a: GitHookArgs) -> Result<u8> {
    // outside a dvx repository a hook does nothing, as DVC's
    let Ok(repo) = env.repo() else {
        return Ok(0);
    };
    let command = match a.hook {
        GitHook::MergeDriver(m) => {
            let p = |s: &str| dvx_repo::fsutil::absolutize(&env.cwd, std::path::Path::new(s));
            let tx = dvx_repo::Transaction::start_unlocked(&repo);
            merge::merge_driver(&tx, &p(&m.ancestor), &p(&m.our), &p(&m.their))?;
            return Ok(0);
        }
        GitHook::PreCommit(_) => "status",
        GitHook::PrePush(_) => "push",
        GitHook::PostCheckout(h) => {
            // git passes (old ref, new ref, flag): flag 1 is a branch checkout, 0 a checkout
            // of files; the pre-commit framework passes it in the environment instead
            let flag = std::env::var("PRE_COMMIT_CHECKOUT_TYPE")
                .ok()
                .or_else(|| h.args.get(2).cloned());
            if flag.as_deref() != Some("1") {
                return Ok(0);
            }
            // never in the middle of a rebase: a failing checkout would break it
            let git_root = repo.scm.as_ref().map_or(&repo.root, |g| &g.root);
            if git_root.join(".git").join("rebase-merge").is_dir() {
                return Ok(0);
            }
            "checkout"
        }
    };
    let cli = Cli::try_parse_from(["dvx", command]).expect("a known command parses");
    super::run(cli, env.printer)
}
