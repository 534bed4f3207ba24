//! Tasks by name or id, and `queue remove`.

use dvx_repo::{Error, Repo, Result};

use super::state::{Queue, Task, TaskStatus, QUEUE_REFS};

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
