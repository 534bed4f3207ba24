//! Workers (processes, one per slot) and what they run; stopping and killing them.

use std::fs::File;
use std::path::{Path, PathBuf};

use dvx_repo::repro::{ReproOptions, ReproUi};
use dvx_repo::{Error, Progress, Repo, Result};

use super::remove::find;
use super::state::{Queue, Task, TaskStatus};
use crate::run::{self, CopyRun, Experiment};

/// Runs queued tasks in this process until none is left, holding worker slot `slot` (a second
/// worker for the same slot returns at once). Each task runs in a temporary copy, its output
/// in its log.
pub fn work(repo: &Repo, slot: usize, progress: &dyn Progress) -> Result<()> {
    let queue = Queue::create(repo)?;
    let slot_path = queue.dir.join("workers").join(format!("{slot}.lock"));
    let slot_lock = File::create(&slot_path).map_err(|e| Error::io("opening", &slot_path, e))?;
    // a reader checking whether the slot is alive holds its lock for a moment: try a while
    let mut tries = 0;
    while slot_lock.try_lock().is_err() {
        tries += 1;
        if tries > 20 {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    loop {
        if queue.stop_file().exists() {
            break;
        }
        let Some((mut task, lock)) = claim(&queue)? else {
            break;
        };
        let outcome = run_task(repo, &queue, &task, progress);
        match outcome {
            Ok(commit) => {
                task.status = TaskStatus::Success;
                task.result = Some(commit);
                task.returncode = Some(0);
            }
            Err(e) => {
                task.status = TaskStatus::Failed;
                task.error = Some(e.to_string());
                task.returncode = Some(e.exit.unwrap_or(1));
                append_log(&queue, &task.id, &format!("ERROR: {e}\n"));
            }
        }
        task.pid = None;
        task.root = None;
        queue.save(&task)?;
        drop(lock);
    }
    drop(slot_lock);
    Ok(())
}

/// Takes the oldest queued task: marks it running under the queue's lock and holds its lock.
fn claim(queue: &Queue) -> Result<Option<(Task, File)>> {
    let _guard = queue.guard()?;
    for mut t in queue.tasks()? {
        if t.status != TaskStatus::Queued {
            continue;
        }
        let path = queue.lock_file(&t.id);
        let lock = File::create(&path).map_err(|e| Error::io("opening", &path, e))?;
        // a queued task's lock is held only for a moment by a reader checking it
        lock.lock().map_err(|e| Error::io("locking", &path, e))?;
        t.status = TaskStatus::Running;
        t.pid = Some(std::process::id());
        t.log = Some(queue.log_file(&t.id).to_string_lossy().into_owned());
        queue.save(&t)?;
        return Ok(Some((t, lock)));
    }
    Ok(None)
}

struct LogUi {
    path: PathBuf,
}

impl ReproUi for LogUi {
    fn say(&self, msg: &str) {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
        {
            let _ = writeln!(f, "{msg}");
        }
    }
}

fn append_log(queue: &Queue, id: &str, text: &str) {
    LogUi {
        path: queue.log_file(id),
    }
    .say(text.trim_end_matches('\n'));
}

/// Runs one task in a temporary copy; the experiment's commit.
fn run_task(repo: &Repo, queue: &Queue, task: &Task, progress: &dyn Progress) -> Result<String> {
    let git = crate::select::git(repo)?;
    let log = queue.log_file(&task.id);
    let mut ui = LogUi { path: log.clone() };
    ui.say(&format!("Reproducing experiment '{}'", task.name));
    let tree = git.tree_of(&task.snapshot)?;
    let exp = Experiment {
        git,
        baseline: &task.baseline,
        name: &task.name,
        force: task.repro.force,
        message: task.message.as_deref(),
        verb: "run",
    };
    let ropts = ReproOptions {
        env: run::exp_env(repo, &task.baseline, &task.name),
        output: Some(log),
        ..task.repro.clone()
    };
    let copy = CopyRun {
        source_tree: &tree,
        rel_cwd: Path::new(&task.cwd),
        params: &Vec::new(),
        targets: &task.targets,
        copy_paths: &task.copy_paths,
        wait_for_lock: true,
        on_copy: Some(&|root: &Path| {
            // where it runs, for `exp show` (re-read and written under the queue's lock)
            if let Ok(_guard) = queue.guard() {
                if let Ok(mut t) = queue.load(&task.id) {
                    t.root = Some(root.to_string_lossy().into_owned());
                    let _ = queue.save(&t);
                }
            }
        }),
    };
    let (_, commit) = run::run_in_copy(repo, &exp, &copy, &ropts, &mut ui, progress)?;
    commit.ok_or_else(|| Error::user("the run recorded no experiment"))
}

/// Where queued tasks run. dvx's own workers on this machine today ([`LocalWorkers`]); the
/// queue's state names each task's executor, so another (a cluster's scheduler) can take the
/// same tasks.
pub trait Executor {
    /// The name a task records (`local`).
    fn name(&self) -> &'static str;
    /// Starts up to `jobs` runners of queued tasks; how many were started.
    fn start(&self, repo: &Repo, jobs: usize) -> Result<usize>;
    /// Ends a running task at once (it is then failed).
    fn kill(&self, task: &Task);
}

/// Worker processes of this executable (`EXE queue worker --slot K`), detached, one per slot:
/// a slot whose worker is alive is left alone, so two `queue start` never double the workers.
pub struct LocalWorkers {
    pub exe: PathBuf,
}

impl Executor for LocalWorkers {
    fn name(&self) -> &'static str {
        "local"
    }

    fn start(&self, repo: &Repo, jobs: usize) -> Result<usize> {
        start_local(repo, &self.exe, jobs)
    }

    fn kill(&self, task: &Task) {
        if let Some(pid) = task.pid {
            // the worker leads its process group: the group is the worker and its commands
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
        }
    }
}

/// `queue start`.
pub fn start(repo: &Repo, executor: &dyn Executor, jobs: usize) -> Result<usize> {
    executor.start(repo, jobs)
}

fn start_local(repo: &Repo, exe: &Path, jobs: usize) -> Result<usize> {
    let queue = Queue::create(repo)?;
    let _ = std::fs::remove_file(queue.stop_file());
    let mut started = 0;
    for slot in 1..=jobs.max(1) {
        let path = queue.dir.join("workers").join(format!("{slot}.lock"));
        if queue.is_held(&path) {
            continue;
        }
        use std::os::unix::process::CommandExt;
        std::process::Command::new(exe)
            .args(["queue", "worker", "--slot", &slot.to_string()])
            .current_dir(&repo.root)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| Error::io("starting a queue worker", exe, e))?;
        started += 1;
    }
    Ok(started)
}

/// `queue stop`: workers finish their current task and take no other; with `kill`, the running
/// tasks are killed too (they are failed).
pub fn stop(repo: &Repo, executor: &dyn Executor, kill_running: bool) -> Result<()> {
    let queue = Queue::create(repo)?;
    std::fs::write(queue.stop_file(), b"")
        .map_err(|e| Error::io("writing", &queue.stop_file(), e))?;
    if kill_running {
        let running: Vec<String> = queue
            .tasks()?
            .into_iter()
            .filter(|t| t.status == TaskStatus::Running)
            .map(|t| t.id)
            .collect();
        kill(repo, executor, &running)?;
    }
    Ok(())
}

/// `queue kill`: kills the processes running these tasks (their worker and its commands); the
/// tasks become failed, other workers go on.
pub fn kill(repo: &Repo, executor: &dyn Executor, tasks: &[String]) -> Result<Vec<String>> {
    let queue = Queue::open(repo)?;
    let all = queue.tasks()?;
    let mut killed = Vec::new();
    for wanted in tasks {
        let t = find(&all, wanted)?;
        if t.status != TaskStatus::Running {
            return Err(Error::user(format!("Task '{wanted}' is not running.")));
        }
        executor.kill(t);
        // wait for the kernel to let the task's lock go, then record the failure
        for _ in 0..100 {
            if !queue.is_held(&queue.lock_file(&t.id)) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let mut t = t.clone();
        t.status = TaskStatus::Failed;
        t.error = Some("killed".into());
        t.pid = None;
        queue.save(&t)?;
        append_log(&queue, &t.id, "ERROR: killed by `queue kill`");
        killed.push(t.name.clone());
    }
    Ok(killed)
}
