use dvx_repo::exp::{self, RemoveOptions, Selection};
use dvx_repo::{Error, Result};

use super::Env;
use crate::cli::{ExpArgs, ExpCommand, ExpRevArgs};

pub fn run(env: &Env, a: ExpArgs) -> Result<u8> {
    match a.command {
        ExpCommand::List(a) => {
            let repo = env.repo()?;
            let sel = selection(&a.revs);
            for b in exp::list(&repo, &sel, a.git_remote.as_deref())? {
                if !(a.name_only || a.sha_only) {
                    let name = b
                        .name
                        .unwrap_or_else(|| b.rev[..7.min(b.rev.len())].to_string());
                    env.printer.answer(format!("{name}:"));
                }
                for (name, commit) in b.experiments {
                    let line = match (&commit, a.name_only, a.sha_only) {
                        (_, true, _) => name,
                        (Some(c), _, true) => c.clone(),
                        (None, _, true) => continue,
                        (Some(c), _, _) => format!("\t{} [{name}]", &c[..7.min(c.len())]),
                        (None, _, _) => format!("\t{name}"),
                    };
                    env.printer.answer(line);
                }
            }
            Ok(0)
        }
        ExpCommand::Remove(a) => {
            if a.git_remote.is_some() || a.queue {
                return Err(Error::user(
                    "`exp remove -g` and `--queue` are not supported yet by dvx",
                ));
            }
            let has_selection = a.revs.all_commits || !a.revs.rev.is_empty();
            if has_selection != a.experiment.is_empty() {
                return Err(Error::user(
                    "Either provide an `experiment` argument, or use the `--rev` or `--all-commits` or `--queue` flag.",
                ));
            }
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let removed = exp::remove(
                &tx,
                &RemoveOptions {
                    names: a.experiment,
                    selection: has_selection.then(|| selection(&a.revs)),
                    keep: a.keep,
                },
            )?;
            if removed.is_empty() {
                env.printer.out("No experiments to remove.");
            } else {
                let quoted: Vec<String> = removed.iter().map(|n| format!("'{n}'")).collect();
                env.printer
                    .out(format!("Removed experiments: {}", humanize_join(&quoted)));
            }
            Ok(0)
        }
        ExpCommand::Branch(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let (branch, name) = exp::branch(&tx, &a.experiment, a.branch.as_deref())?;
            env.printer.out(format!(
                "Git branch '{branch}' has been created from experiment '{name}'.\nTo switch to the new branch run:\n\n\tgit checkout {branch}"
            ));
            Ok(0)
        }
    }
}

fn selection(a: &ExpRevArgs) -> Selection {
    Selection {
        revs: a.rev.clone(),
        num: usize::try_from(a.num).unwrap_or(usize::MAX),
        all_commits: a.all_commits,
    }
}

/// `a`, `a and b`, `a, b and c`, as DVC joins names.
fn humanize_join(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
