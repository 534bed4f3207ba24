use dvx_exp::manage::{self as exp, RemoveOptions};
use dvx_exp::sync::{self, SyncOptions, SyncReport};
use dvx_exp::Selection;
use dvx_repo::{Error, Result};

use super::Env;
use crate::cli::{ExpArgs, ExpCommand, ExpRevArgs, ExpSyncArgs};

pub fn run(env: &Env, a: ExpArgs) -> Result<u8> {
    match a.command {
        ExpCommand::Run(a) => super::exp_run::run(env, a),
        ExpCommand::Show(a) => super::exp_show::show(env, a),
        ExpCommand::Diff(a) => super::exp_show::diff(env, a),
        ExpCommand::Save(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let (name, commit) = dvx_exp::save::save(
                &tx,
                &dvx_exp::save::SaveOptions {
                    name: a.name,
                    force: a.force,
                    include_untracked: a
                        .include_untracked
                        .iter()
                        .map(|p| repo.rel(&env.cwd.join(p)).into())
                        .collect(),
                    message: a.message,
                },
                &env.progress(),
            )?;
            if a.json {
                env.printer.answer(format!("{{\"ref\": \"{commit}\"}}"));
            } else {
                env.printer
                    .out(format!("Experiment has been saved as: {name}"));
            }
            Ok(0)
        }
        ExpCommand::Clean => {
            let repo = env.repo()?;
            dvx_exp::clean::clean(&repo)?;
            Ok(0)
        }
        ExpCommand::Apply(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let report = dvx_exp::apply::apply(&tx, &a.experiment, &env.progress())?;
            if let Some(saved) = &report.saved {
                env.printer.note(format!(
                    "the workspace's changes were saved first; to get them back: dvx exp apply {saved}"
                ));
            }
            env.printer.out(format!(
                "Changes for experiment '{}' have been applied to your current workspace.",
                a.experiment
            ));
            Ok(0)
        }
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
            if a.queue && a.experiment.is_empty() && !a.revs.all_commits && a.revs.rev.is_empty() {
                let repo = env.repo()?;
                let removed = dvx_exp::queue::remove(
                    &repo,
                    &dvx_exp::queue::RemoveWhich {
                        queued: true,
                        ..Default::default()
                    },
                )?;
                say_done(env, "remove", "Removed", &removed);
                return Ok(0);
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
                    git_remote: a.git_remote,
                },
            )?;
            say_done(env, "remove", "Removed", &removed);
            Ok(0)
        }
        ExpCommand::Push(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let report = sync::push(&tx, &a.git_remote, &sync_options(&a)?, &env.progress())?;
            print_push(env, &a, &report)
        }
        ExpCommand::Pull(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let report = sync::pull(&tx, &a.git_remote, &sync_options(&a)?, &env.progress())?;
            if let Some(t) = &report.transfer {
                super::transfer::check(env, t, "pull experiments' data")?;
            }
            if !report.diverged.is_empty() {
                env.printer.warn(format!(
                    "Local experiment '{}' has diverged from remote experiment with the same name. To override the local experiment re-run with '--force'.",
                    python_list(&report.diverged)
                ));
            }
            if report.success.is_empty() {
                env.printer.out("No experiments to pull.");
            } else {
                env.printer.out(format!(
                    "Pulled experiment '{}' from Git remote '{}'.",
                    python_list(&report.success),
                    a.git_remote
                ));
            }
            if a.no_cache {
                env.printer.out("To pull cached outputs for this experimentfrom DVC remote storage,re-run this command without '--no-cache'.");
            }
            Ok(0)
        }
        ExpCommand::Rename(a) => {
            let repo = env.repo()?;
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let renamed = exp::rename(
                &tx,
                &a.experiment,
                &a.name,
                a.force,
                a.git_remote.as_deref(),
            )?;
            say_done(env, "rename", "Renamed", &renamed);
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

fn sync_options(a: &ExpSyncArgs) -> Result<SyncOptions> {
    Ok(SyncOptions {
        run_cache: a.run_cache,
        names: a.experiment.clone(),
        selection: selection(&a.revs),
        force: a.force,
        data: !a.no_cache,
        transfer: dvx_repo::transfer::TransferOptions {
            remote: a.dvc_remote.clone(),
            jobs: a.jobs,
            ..Default::default()
        },
    })
}

/// DVC's report of `exp push`.
fn print_push(env: &Env, a: &ExpSyncArgs, report: &SyncReport) -> Result<u8> {
    if let Some(t) = &report.transfer {
        super::transfer::check(env, t, "push experiments' data")?;
    }
    if !report.diverged.is_empty() {
        env.printer.note(format!(
            "Local experiment {} has diverged from remote experiment with the same name.\nTo override the remote experiment re-run with '--force'.",
            humanize_join(&report.diverged)
        ));
    }
    let remote = &a.git_remote;
    if !report.up_to_date.is_empty() {
        let verb = if report.up_to_date.len() > 1 {
            "are"
        } else {
            "is"
        };
        env.printer.out(format!(
            "Experiment {} {verb} up to date on Git remote '{remote}'.",
            humanize_join(&report.up_to_date)
        ));
    }
    if !report.success.is_empty() {
        env.printer.out(format!(
            "Pushed experiment {} to Git remote '{remote}'.",
            humanize_join(&report.success)
        ));
    }
    if report.up_to_date.is_empty() && report.success.is_empty() {
        env.printer.out("No experiments to push.");
    }
    if let Some(line) = report
        .transfer
        .as_ref()
        .and_then(|t| super::transfer::summary(&[(t.transferred, "uploaded")]))
    {
        env.printer.out(line);
    }
    if a.no_cache {
        env.printer.out("To push cached outputs for this experiment to DVC remote storage,re-run this command without '--no-cache'.");
    }
    Ok(0)
}

/// DVC's "Removed experiments: 'a' and 'b'" (or "No experiments to remove.").
fn say_done(env: &Env, verb: &str, done: &str, names: &[String]) {
    if names.is_empty() {
        env.printer.out(format!("No experiments to {verb}."));
    } else {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        env.printer
            .out(format!("{done} experiments: {}", humanize_join(&quoted)));
    }
}

/// `['a', 'b']`: how DVC prints a list of names (Python's repr).
fn python_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    format!("[{}]", quoted.join(", "))
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
