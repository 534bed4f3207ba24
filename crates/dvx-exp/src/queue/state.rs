//! The queue's state: one JSON file per task, its log, its lock; the workers' slot locks.

use std::fs::File;
use std::path::{Path, PathBuf};

use dvx_repo::repro::ReproOptions;
use dvx_repo::{Error, Repo, Result};
use serde::{Deserialize, Serialize};

/// Where a task's files are kept until it has run (a namespace DVC never reads).
pub(super) const QUEUE_REFS: &str = "refs/dvx/queue/";

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
    pub repro: ReproOptions,
    /// The experiment's commit, once it succeeded.
    pub result: Option<String>,
    pub error: Option<String>,
    /// What runs it ([`super::Executor::name`]).
    #[serde(default = "local")]
    pub executor: String,
    /// The process running it (while it runs).
    pub pid: Option<u32>,
    /// The temporary copy it runs in (while it runs).
    #[serde(default)]
    pub root: Option<String>,
    /// Its log (once it started).
    #[serde(default)]
    pub log: Option<String>,
    /// The exit code of its run (once it ended): 0, or the failed stage's (else 1).
    #[serde(default)]
    pub returncode: Option<i32>,
}

fn local() -> String {
    "local".into()
}

/// The queue's directory and its files.
pub struct Queue {
    pub dir: PathBuf,
}

impl Queue {
    /// The queue of `repo`, to read (nothing is created until a task is queued or a worker
    /// starts: see [`Queue::create`]).
    pub fn open(repo: &Repo) -> Result<Queue> {
        Ok(Queue {
            dir: repo.tmp_dir().join("exps").join("dvx-queue"),
        })
    }

    /// The queue of `repo`, its directories made.
    pub fn create(repo: &Repo) -> Result<Queue> {
        let q = Queue::open(repo)?;
        for sub in ["tasks", "workers"] {
            let d = q.dir.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| Error::io("creating", &d, e))?;
        }
        Ok(q)
    }

    pub(super) fn task_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.json"))
    }

    pub fn log_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.log"))
    }

    pub(super) fn lock_file(&self, id: &str) -> PathBuf {
        self.dir.join("tasks").join(format!("{id}.lock"))
    }

    pub(super) fn stop_file(&self) -> PathBuf {
        self.dir.join("stop")
    }

    /// Serializes changes to the set of tasks (claims, removals) between processes.
    pub(super) fn guard(&self) -> Result<File> {
        let path = self.dir.join("queue.lock");
        let f = File::create(&path).map_err(|e| Error::io("opening", &path, e))?;
        f.lock().map_err(|e| Error::io("locking", &path, e))?;
        Ok(f)
    }

    pub(super) fn save(&self, task: &Task) -> Result<()> {
        let path = self.task_file(&task.id);
        let text = serde_json::to_vec_pretty(task).map_err(|e| Error::user(e.to_string()))?;
        dvx_repo::fsutil::write_atomic(&path, &text).map_err(|e| Error::io("writing", &path, e))
    }

    pub(super) fn load(&self, id: &str) -> Result<Task> {
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
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(Error::io("reading", &dir, e)),
        };
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
    pub(super) fn is_held(&self, path: &Path) -> bool {
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
