//! The experiment queue: `exp run --queue` records each experiment as a task (its files as a
//! commit under `refs/dvx/queue/<id>`, the `-S` overrides already applied), and workers run the
//! tasks in temporary copies of the repository, sharing the cache.
//!
//! No broker and no daemon: the state is files under `.dvc/tmp/exps/dvx-queue/` — one JSON
//! file per task, written atomically, and file locks (`flock`) that the kernel releases when a
//! process dies. A worker holds its slot's lock while it lives, and a task's lock while it runs
//! it: a task marked running whose lock is free was running in a process that died, and is
//! failed. Finished runs are ordinary experiment refs; a failed one keeps its log.

use std::fs::File;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::overrides::expand_sweeps;
use dvx_formats::pipeline::params_edit;
use dvx_repo::exp_refs::ExpRef;
use dvx_repo::repro::{ReproOptions, ReproUi};
use dvx_repo::scm::Git;
use dvx_repo::{Error, Progress, Repo, Result};
use serde::{Deserialize, Serialize};

use crate::run::{self, CopyRun, Experiment, RunOptions};

/// Where a task's files are kept until it has run (a namespace DVC never reads).
const QUEUE_REFS: &str = "refs/dvx/queue/";

/// What becomes of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Queued,
    Running,
    Success,
    Failed,
}

impl TaskStatus {
    /// As DVC's `queue status` shows it.
    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::Queued => "Queued",
            TaskStatus::Running => "Running",
            TaskStatus::Success => "Success",
            TaskStatus::Failed => "Failed",
        }
    }
}

/// repro's flags a queued run keeps.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueuedRepro {
    pub force: bool,
    pub single_item: bool,
    pub recursive: bool,
    pub pipeline: bool,
    pub downstream: bool,
    pub pull: bool,
    pub allow_missing: bool,
    pub keep_going: bool,
    pub no_run_cache: bool,
    pub force_downstream: bool,
}

impl QueuedRepro {
    fn of(o: &ReproOptions) -> Self {
        QueuedRepro {
            force: o.force,
            single_item: o.single_item,
            recursive: o.recursive,
            pipeline: o.pipeline,
            downstream: o.downstream,
            pull: o.pull,
            allow_missing: o.allow_missing,
            keep_going: o.keep_going,
            no_run_cache: o.no_run_cache,
            force_downstream: o.force_downstream,
        }
    }

    fn options(&self) -> ReproOptions {
        ReproOptions {
            force: self.force,
            single_item: self.single_item,
            recursive: self.recursive,
            pipeline: self.pipeline,
            downstream: self.downstream,
            pull: self.pull,
            allow_missing: self.allow_missing,
            keep_going: self.keep_going,
            no_run_cache: self.no_run_cache,
            force_downstream: self.force_downstream,
            ..Default::default()
        }
    }
}

/// One queued experiment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub name: String,
    pub baseline: String,
    /// The commit holding the files to run (over the baseline), kept by a ref until the task
    /// is removed.
    pub snapshot: String,
    /// When it was queued: local time, `2026-11-21T19:58:22`.
    pub created: String,
    /// Nanoseconds since the Unix epoch when it was queued: the queue's order.
    #[serde(default)]
    pub seq: u128,
    pub status: TaskStatus,
    pub targets: Vec<String>,
    /// The user's directory, relative to the repository's root.
    pub cwd: String,
    pub copy_paths: Vec<String>,
    pub message: Option<String>,
    pub repro: QueuedRepro,
    /// The experiment's commit, once it succeeded.
    pub result: Option<String>,
    pub error: Option<String>,
    /// The process running it (while it runs).
    pub pid: Option<u32>,
}

/// The queue's directory and its files.
pub struct Queue {
    pub dir: PathBuf,
}

impl Queue {
    pub fn open(repo: &Repo) -> Result<Queue> {
        let dir = repo.tmp_dir().join("exps").join("dvx-queue");
        for sub in ["tasks", "workers"] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| Error::io("creating", &d, e))?;
        }
        Ok(Queue { dir })
    }

    fn task_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.json"))
    }

    pub fn log_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.log"))
    }

    fn lock_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.lock"))
    }

    fn stop_file(&self) -> PathBuf {
        self.dir.join("stop")
    }

    /// Serializes changes to the set of tasks (claims, removals) between processes.
    fn guard(&self) -> Result<File> {
        let path = self.dir.join("queue.lock");
        let f = File::create(&path).map_err(|e| Error::io("opening", &path, e))?;
        f.lock().map_err(|e| Error::io("locking", &path, e))?;
        Ok(f)
    }

    fn save(&self, task: &Task) -> Result<()> {
        let path = self.task_file(&task.id);
        let text = serde_json::to_vec_pretty(task).map_err(|e| Error::user(e.to_string()))?;
        dvx_repo::fsutil::write_atomic(&path, &text).map_err(|e| Error::io("writing", &path, e))
    }

    fn load(&self, id: &str) -> Result<Task> {
        let path = self.task_file(id);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("reading", &path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::user(format!(
                "queue task '{}' is unreadable: {e}",
                path.display()
            ))
        })
    }

    /// Every task, oldest first, with those whose process died shown as failed.
    pub fn tasks(&self) -> Result<Vec<Task>> {
        let mut out = Vec::new();
        let dir = self.dir.join("tasks");
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io("reading", &dir, e))?;
        for e in entries {
            let e = e.map_err(|e| Error::io("reading", &dir, e))?;
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            let mut t = self.load(id)?;
            if t.status == TaskStatus::Running && !self.is_held(&self.lock_file(&t.id)) {
                t.status = TaskStatus::Failed;
                t.error
                    .get_or_insert_with(|| "the process running it died".into());
            }
            out.push(t);
        }
        out.sort_by(|a, b| a.seq.cmp(&b.seq).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Whether another process holds the lock on `path`.
    fn is_held(&self, path: &Path) -> bool {
        match File::open(path) {
            Err(_) => false,
            Ok(f) => match f.try_lock() {
                Ok(()) => false,
                Err(std::fs::TryLockError::WouldBlock) => true,
                Err(_) => false,
            },
        }
    }

    /// Workers alive now.
    pub fn active_workers(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(self.dir.join("workers")) else {
            return 0;
        };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| self.is_held(&e.path()))
            .count()
    }
}

/// `exp run --queue`: one task per combination of the sweeps, the overrides applied to the
/// params files of the workspace's state; returns them in order.
pub fn enqueue(repo: &Repo, cwd: &Path, opts: &RunOptions) -> Result<Vec<Task>> {
    let git = crate::select::git(repo)?;
    let baseline = git
        .head()
        .ok_or_else(|| Error::user("cannot queue an experiment in a repository without commits"))?;
    let combos = expand_sweeps(&run::parse_overrides(&opts.set_params, true)?);
    let source = run::workspace_tree(repo, git)?;
    let rel_cwd = cwd.strip_prefix(&repo.root).unwrap_or(Path::new(""));
    let queue = Queue::open(repo)?;
    let taken: Vec<String> = queue.tasks()?.into_iter().map(|t| t.name).collect();
    let mut tasks = Vec::new();
    for (i, combo) in combos.iter().enumerate() {
        let name = match &opts.name {
            Some(n) if combos.len() > 1 => format!("{n}-{}", i + 1),
            Some(n) => n.clone(),
            None => loop {
                let n = crate::names::random_name(git, &baseline);
                if !taken.contains(&n) && !tasks.iter().any(|t: &Task| t.name == n) {
                    break n;
                }
            },
        };
        crate::names::check_name(git, &baseline, &name)?;
        let exists = ExpRef {
            baseline: baseline.clone(),
            name: name.clone(),
        };
        if !opts.repro.force && git.ref_target(&exists.refname()).is_some() {
            return Err(crate::names::conflict(&name, "run"));
        }
        let files = overridden_files(git, &source, rel_cwd, combo)?;
        let index = run::index_file(repo)?;
        let stage = git.private_index(index.path())?;
        let tree = git.tree_with_files(&stage, &source, &files)?;
        let snapshot =
            git.commit_tree(&tree, &baseline, &format!("dvx: queued experiment {name}"))?;
        let id = task_id(&snapshot, &name);
        git.create_ref(
            &format!("{QUEUE_REFS}{id}"),
            &snapshot,
            "dvx exp run --queue",
        )?;
        let task = Task {
            id,
            name,
            baseline: baseline.clone(),
            snapshot,
            created: now_local(),
            seq: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
            status: TaskStatus::Queued,
            targets: opts.targets.clone(),
            cwd: rel_cwd.to_string_lossy().into_owned(),
            copy_paths: opts.copy_paths.clone(),
            message: opts.message.clone(),
            repro: QueuedRepro::of(&opts.repro),
            result: None,
            error: None,
            pid: None,
        };
        queue.save(&task)?;
        tasks.push(task);
    }
    Ok(tasks)
}

/// The params files of `tree` with one combination's overrides applied (a file that is not
/// there is an empty one, as DVC reads it).
fn overridden_files(
    git: &Git,
    tree: &str,
    rel_cwd: &Path,
    combo: &[(String, dvx_formats::pipeline::overrides::Override)],
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (file, list) in run::by_file(combo.to_vec()) {
        let rel = dvx_repo::pipeline::normalize(&rel_cwd.join(&file));
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with("..") || Path::new(&rel).is_absolute() {
            return Err(Error::user(format!(
                "'{file}' is outside the repository: -S changes params files of this repository only"
            )));
        }
        let text = git
            .show(tree, &rel)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let new = params_edit::apply(&file, &text, &list)
            .map_err(|e| Error::user(format!("Invalid `--set-param` value: {e}")))?;
        out.push((rel, new.into_bytes()));
    }
    Ok(out)
}

fn task_id(snapshot: &str, name: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write(snapshot.as_bytes());
    h.write(name.as_bytes());
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{}{:016x}", &snapshot[..16.min(snapshot.len())], h.finish())
}

/// Local time without a zone, as DVC shows queue times.
fn now_local() -> String {
    std::process::Command::new("date")
        .arg("+%Y-%m-%dT%H:%M:%S")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Runs queued tasks in this process until none is left, holding worker slot `slot` (a second
/// worker for the same slot returns at once). Each task runs in a temporary copy, its output
/// in its log.
pub fn work(repo: &Repo, slot: usize, progress: &dyn Progress) -> Result<()> {
    let queue = Queue::open(repo)?;
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
            }
            Err(e) => {
                task.status = TaskStatus::Failed;
                task.error = Some(e.to_string());
                append_log(&queue, &task.id, &format!("ERROR: {e}\n"));
            }
        }
        task.pid = None;
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
        ..task.repro.options()
    };
    let copy = CopyRun {
        source_tree: &tree,
        rel_cwd: Path::new(&task.cwd),
        params: &Vec::new(),
        targets: &task.targets,
        copy_paths: &task.copy_paths,
        wait_for_lock: true,
    };
    let (_, commit) = run::run_in_copy(repo, &exp, &copy, &ropts, &mut ui, progress)?;
    commit.ok_or_else(|| Error::user("the run recorded no experiment"))
}

/// `queue start`: `jobs` worker processes of `exe` (`exe queue worker --slot K`), detached; a
/// slot whose worker is alive is left alone, so two `queue start` never double the workers.
pub fn start(repo: &Repo, exe: &Path, jobs: usize) -> Result<usize> {
    let queue = Queue::open(repo)?;
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
pub fn stop(repo: &Repo, kill_running: bool) -> Result<()> {
    let queue = Queue::open(repo)?;
    std::fs::write(queue.stop_file(), b"")
        .map_err(|e| Error::io("writing", &queue.stop_file(), e))?;
    if kill_running {
        let running: Vec<String> = queue
            .tasks()?
            .into_iter()
            .filter(|t| t.status == TaskStatus::Running)
            .map(|t| t.id)
            .collect();
        kill(repo, &running)?;
    }
    Ok(())
}

/// `queue kill`: kills the processes running these tasks (their worker and its commands); the
/// tasks become failed, other workers go on.
pub fn kill(repo: &Repo, tasks: &[String]) -> Result<Vec<String>> {
    let queue = Queue::open(repo)?;
    let all = queue.tasks()?;
    let mut killed = Vec::new();
    for wanted in tasks {
        let t = find(&all, wanted)?;
        if t.status != TaskStatus::Running {
            return Err(Error::user(format!("Task '{wanted}' is not running.")));
        }
        if let Some(pid) = t.pid {
            // the worker leads its process group: the group is the worker and its commands
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
        }
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

/// A task by its name or a prefix of its id.
pub fn find<'a>(all: &'a [Task], wanted: &str) -> Result<&'a Task> {
    let matching: Vec<&Task> = all
        .iter()
        .filter(|t| t.name == wanted || (wanted.len() >= 4 && t.id.starts_with(wanted)))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(
            Error::user(format!("'{wanted}' is not a queued experiment"))
                .with_hint("`dvx queue status` lists the tasks"),
        ),
        _ => Err(Error::user(format!("'{wanted}' names more than one task"))
            .with_hint("name the task by a longer prefix of its id")),
    }
}

/// What `queue remove` removes.
#[derive(Debug, Clone, Default)]
pub struct RemoveWhich {
    pub all: bool,
    pub queued: bool,
    pub success: bool,
    pub failed: bool,
    pub tasks: Vec<String>,
}

/// `queue remove`: forgets tasks (never a running one) and their logs; returns their names.
pub fn remove(repo: &Repo, which: &RemoveWhich) -> Result<Vec<String>> {
    let queue = Queue::open(repo)?;
    let git = crate::select::git(repo)?;
    let _guard = queue.guard()?;
    let all = queue.tasks()?;
    let mut chosen: Vec<&Task> = Vec::new();
    for t in &all {
        let by_status = match t.status {
            TaskStatus::Queued => which.all || which.queued,
            TaskStatus::Success => which.all || which.success,
            TaskStatus::Failed => which.all || which.failed,
            TaskStatus::Running => false,
        };
        if by_status {
            chosen.push(t);
        }
    }
    for w in &which.tasks {
        let t = find(&all, w)?;
        if t.status == TaskStatus::Running {
            return Err(Error::user(format!(
                "Task '{w}' is running: `dvx queue kill {w}` first"
            )));
        }
        if !chosen.iter().any(|c| c.id == t.id) {
            chosen.push(t);
        }
    }
    let mut removed = Vec::new();
    for t in chosen {
        let refname = format!("{QUEUE_REFS}{}", t.id);
        if let Some(c) = git.ref_target(&refname) {
            git.delete_refs(&[(refname, c)])?;
        }
        for p in [
            queue.task_file(&t.id),
            queue.log_file(&t.id),
            queue.lock_file(&t.id),
        ] {
            let _ = std::fs::remove_file(p);
        }
        removed.push(t.name.clone());
    }
    Ok(removed)
}
