//! `queue start|stop|status|logs|remove|kill`, and following tasks' logs for `exp run
//! --run-all`.

use std::io::{Read, Seek, SeekFrom};
use std::time::Duration;

use dvx_exp::queue::{self, LocalWorkers, Queue, RemoveWhich, TaskStatus};
use dvx_repo::{Error, Repo, Result};

use super::Env;
use crate::cli::{QueueArgs, QueueCommand};

pub fn run(env: &Env, a: QueueArgs) -> Result<u8> {
    let repo = env.repo()?;
    match a.command {
        QueueCommand::Start(a) => {
            let started = start_workers(&repo, a.jobs)?;
            let suffix = if started == 1 { "" } else { "s" };
            env.printer.out(format!(
                "Started '{started}' new experiments task queue worker{suffix}."
            ));
        }
        QueueCommand::Stop(a) => {
            queue::stop(&repo, &local_workers()?, a.kill)?;
            env.printer.out(if a.kill {
                "All running tasks in the queue have been killed.Queue workers are stopping."
            } else {
                "Queue workers will stop after running tasks finish."
            });
        }
        QueueCommand::Status => status(env, &repo)?,
        QueueCommand::Logs(a) => {
            let q = Queue::open(&repo)?;
            let task = queue::find(&q.tasks()?, &a.task)?.clone();
            follow(env, &q, &task.id, a.follow)?;
        }
        QueueCommand::Remove(a) => {
            if !(a.all || a.queued || a.success || a.failed) && a.task.is_empty() {
                return Err(Error::user(
                    "name tasks to remove, or use --all, --queued, --success or --failed",
                ));
            }
            let removed = queue::remove(
                &repo,
                &RemoveWhich {
                    all: a.all,
                    queued: a.queued,
                    success: a.success,
                    failed: a.failed,
                    tasks: a.task,
                },
            )?;
            if removed.is_empty() {
                env.printer.out("No tasks found.");
            } else {
                env.printer
                    .out(format!("Removed tasks in queue: {}", removed.join(", ")));
            }
        }
        QueueCommand::Kill(a) => {
            for name in queue::kill(&repo, &local_workers()?, &a.task)? {
                env.printer.out(format!("Task '{name}' has been killed."));
            }
        }
        QueueCommand::Worker(a) => queue::work(&repo, a.slot, &dvx_repo::NoProgress)?,
    }
    Ok(0)
}

/// dvx's own workers: processes of this executable.
fn local_workers() -> Result<LocalWorkers> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::user(format!("cannot find the dvx executable: {e}")))?;
    Ok(LocalWorkers { exe })
}

/// Starts `jobs` workers of this executable.
pub fn start_workers(repo: &Repo, jobs: usize) -> Result<usize> {
    queue::start(repo, &local_workers()?, jobs)
}

fn status(env: &Env, repo: &Repo) -> Result<()> {
    let q = Queue::open(repo)?;
    let tasks = q.tasks()?;
    if tasks.is_empty() {
        env.printer.out("No experiment tasks in the queue.");
    } else {
        let headers: Vec<String> = ["Task", "Name", "Created", "Status"]
            .map(String::from)
            .to_vec();
        let rows: Vec<Vec<String>> = tasks
            .iter()
            .map(|t| {
                vec![
                    t.id.chars().take(7).collect(),
                    t.name.clone(),
                    super::exp_table::short_time(&t.created),
                    t.status.label().to_string(),
                ]
            })
            .collect();
        if let Some(t) = super::compare::table(&headers, &rows, false) {
            env.printer.out(t);
        }
    }
    env.printer.out("");
    let active = q.active_workers();
    env.printer
        .out(format!("Worker status: {active} active, 0 idle"));
    Ok(())
}

/// Prints a task's log; with `follow`, keeps printing what is appended until the task ends.
pub fn follow(env: &Env, q: &Queue, id: &str, follow: bool) -> Result<()> {
    let path = q.log_file(id);
    let mut offset = 0u64;
    loop {
        let done = !follow
            || q.tasks()?
                .iter()
                .find(|t| t.id == id)
                .is_none_or(|t| !matches!(t.status, TaskStatus::Queued | TaskStatus::Running));
        if let Ok(mut f) = std::fs::File::open(&path) {
            f.seek(SeekFrom::Start(offset))
                .map_err(|e| Error::io("reading", &path, e))?;
            let mut buf = Vec::new();
            f.read_to_end(&mut buf)
                .map_err(|e| Error::io("reading", &path, e))?;
            offset += buf.len() as u64;
            if !buf.is_empty() {
                env.printer
                    .out(String::from_utf8_lossy(&buf).trim_end_matches('\n'));
            }
        }
        if done {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
