//! The one way to write: a [`Transaction`] holds the repository lock, and every operation that
//! changes pointer files, `dvc.lock`, `.gitignore`, the workspace or the cache takes one, so none
//! can run without the lock. It is where autostage is decided, and the seam the operation log
//! will hook into.

use std::cell::RefCell;
use std::ops::Deref;
use std::path::PathBuf;

use crate::error::Result;
use crate::lock::RepoLock;
use crate::repo::Repo;

/// A repository held under its lock (released when dropped).
pub struct Transaction<'r> {
    repo: &'r Repo,
    lock: RefCell<Option<RepoLock>>,
}

impl<'r> Transaction<'r> {
    /// Takes the repository lock: DVC's (`flock`, or its hard-link protocol with
    /// `core.hardlink_lock`), waiting for it with `wait`, else failing after DVC's timeout.
    pub fn start(repo: &'r Repo, wait: bool) -> Result<Transaction<'r>> {
        let lock = repo.lock(wait)?;
        Ok(Transaction {
            repo,
            lock: RefCell::new(Some(lock)),
        })
    }

    /// Runs `f` with the lock let go (as DVC does around a stage's command, which may run dvc
    /// or dvx itself), then waits for the lock again rather than lose what `f` did.
    pub fn unlocked<T>(&self, f: impl FnOnce() -> T) -> Result<T> {
        self.lock.borrow_mut().take();
        let out = f();
        let lock = self.repo.lock(true)?;
        *self.lock.borrow_mut() = Some(lock);
        // the command may have changed the workspace's directories
        self.repo.worktree.forget();
        Ok(out)
    }

    /// Lets go of the lock for good (for `destroy`, which removes `.dvc/tmp` where it lives).
    pub fn release(self) -> &'r Repo {
        self.repo
    }

    /// Stages files git should track with `git add` when `core.autostage` is on (the one place
    /// that decides it). Returns whether they were staged.
    pub fn stage_in_git(&self, paths: &[PathBuf]) -> Result<bool> {
        let Some(git) = &self.repo.scm else {
            return Ok(false);
        };
        if !self.repo.autostage()? {
            return Ok(false);
        }
        git.add(paths)?;
        Ok(true)
    }
}

impl Deref for Transaction<'_> {
    type Target = Repo;

    fn deref(&self) -> &Repo {
        self.repo
    }
}
