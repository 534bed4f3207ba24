//! `exp run`.

use dvx_exp::queue::{Queue, TaskStatus};
use dvx_exp::run::{run as run_experiment, RunOptions};
use dvx_repo::{Repo, Result};

use super::pipeline::{repro_options, Ui};
use super::Env;
use crate::cli::ExpRunArgs;

pub fn run(env: &Env, a: ExpRunArgs) -> Result<u8> {
    let repo = env.repo()?;
    if a.run_all {
        return run_all(env, &repo, a.repro.jobs.unwrap_or(1));
    }
    let opts = RunOptions {
        targets: a.repro.targets.clone(),
        set_params: a.set_param,
        name: a.name,
        message: a.message,
        temp: a.temp,
        copy_paths: a.copy_paths,
        repro: repro_options(&a.repro),
        wait_for_lock: env.wait_for_lock,
    };
    if a.queue {
        for task in dvx_exp::queue::enqueue(&repo, &env.cwd, &opts)? {
            env.printer.out(format!(
                "Queued experiment '{}' for future execution.",
                task.name
            ));
        }
        return Ok(0);
    }
    let report = run_experiment(&repo, &env.cwd, &opts, &mut Ui { env }, &env.progress())?;
    if report.commit.is_none() {
        return Ok(0);
    }
    env.printer.out("");
    env.printer
        .out(format!("Ran experiment(s): {}", report.name));
    if a.temp {
        env.printer.out(
            "To apply the results of an experiment to your workspace run:\n\n\tdvx exp apply <exp>",
        );
    } else {
        env.printer
            .out("Experiment results have been applied to your workspace.");
    }
    Ok(0)
}

/// `exp run --run-all`: workers for the queue, each task's log followed in turn, and what ran.
fn run_all(env: &Env, repo: &Repo, jobs: usize) -> Result<u8> {
    let q = Queue::open(repo)?;
    let pending: Vec<String> = q
        .tasks()?
        .into_iter()
        .filter(|t| matches!(t.status, TaskStatus::Queued | TaskStatus::Running))
        .map(|t| t.id)
        .collect();
    if pending.is_empty() {
        return Ok(0);
    }
    super::queue::start_workers(repo, jobs)?;
    env.printer.out(
        "Following logs for all queued experiments. Use Ctrl+C to stop following logs (experiment execution will continue).\n",
    );
    for id in &pending {
        super::queue::follow(env, &q, id, true)?;
    }
    let tasks = q.tasks()?;
    let done = |status: TaskStatus| -> Vec<String> {
        tasks
            .iter()
            .filter(|t| pending.contains(&t.id) && t.status == status)
            .map(|t| t.name.clone())
            .collect()
    };
    let (ok, failed) = (done(TaskStatus::Success), done(TaskStatus::Failed));
    if !failed.is_empty() {
        env.printer.error(&dvx_repo::Error::user(format!(
            "Failed to reproduce experiment(s) '{}'",
            failed.join(", ")
        )));
    }
    if !ok.is_empty() {
        env.printer
            .out(format!("\nRan experiment(s): {}", ok.join(", ")));
        env.printer.out(
            "To apply the results of an experiment to your workspace run:\n\n\tdvx exp apply <exp>",
        );
    }
    Ok(0)
}
