//! `exp clean`: what experiments left behind when a process was killed — temporary copies
//! nobody uses, private indexes, the queue's stale lock files. Nothing in use is touched.

use std::fs::File;
use std::time::{Duration, SystemTime};

use dvx_repo::{Repo, Result};

use crate::run::{exps_tmp, IN_USE};

/// What was removed: temporary copies and other files.
#[derive(Debug, Default)]
pub struct CleanReport {
    pub copies: usize,
    pub files: usize,
}

/// Older than this, a private index with no live owner is garbage (its owner holds it for the
/// seconds a commit takes).
const STALE: Duration = Duration::from_secs(3600);

pub fn clean(repo: &Repo) -> Result<CleanReport> {
    let dir = exps_tmp(repo)?;
    let mut report = CleanReport::default();
    let old = |m: &std::fs::Metadata| {
        m.modified()
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE)
    };
    for entry in std::fs::read_dir(&dir).map_err(|e| dvx_repo::Error::io("reading", &dir, e))? {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if name.starts_with("tmp") && meta.is_dir() {
            // a copy is in use while its lock is held; one without the file is being made
            // (or its maker died before it locked it): left for an hour
            let free = match File::open(path.join(IN_USE)) {
                Ok(f) => f.try_lock().is_ok(),
                Err(_) => old(&meta),
            };
            if free && std::fs::remove_dir_all(&path).is_ok() {
                report.copies += 1;
            }
        } else if name.starts_with("exp-index-")
            && meta.is_file()
            && old(&meta)
            && std::fs::remove_file(&path).is_ok()
        {
            report.files += 1;
        }
    }
    // the queue's lock files that nobody holds: workers gone, tasks finished
    let queue = crate::queue::Queue::open(repo)?;
    let live: Vec<String> = queue
        .tasks()?
        .into_iter()
        .filter(|t| {
            matches!(
                t.status,
                crate::queue::TaskStatus::Queued | crate::queue::TaskStatus::Running
            )
        })
        .map(|t| format!("{}.lock", t.id))
        .collect();
    for sub in ["workers", "tasks"] {
        let d = queue.dir.join(sub);
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".lock") || live.contains(&name) {
                continue;
            }
            let free = File::open(entry.path()).is_ok_and(|f| f.try_lock().is_ok());
            if free && std::fs::remove_file(entry.path()).is_ok() {
                report.files += 1;
            }
        }
    }
    Ok(report)
}
