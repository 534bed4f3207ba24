//! The one way to write: a [`Transaction`] holds the repository lock, and every operation that
//! changes pointer files, `dvc.lock`, `.gitignore`, the workspace or the cache takes one, so none
//! can run without the lock (save the merge driver, which git runs in the middle of a merge).
//! It is where autostage is decided, and where each operation is recorded in the operation log
//! ([`crate::oplog`]): its recorder watches the workspace gate and the cache while the
//! transaction lives, and writes the operation when it ends.

use std::cell::RefCell;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use dvx_odb::odb::{observe_new_objects, ObservedStore};

use crate::error::Result;
use crate::lock::RepoLock;
use crate::oplog::{
    Recorder, RefChange, RemoteChange, RemoteMove, RemoteUploads, Status, TrashMove,
};
use crate::repo::Repo;

/// A repository held under its lock (released when dropped).
pub struct Transaction<'r> {
    repo: &'r Repo,
    lock: RefCell<Option<RepoLock>>,
    recorder: Option<Arc<Recorder>>,
    /// The observer of new objects this transaction replaced (another repository's).
    outer_objects: Option<ObservedStore>,
    /// The git work trees whose refs are observed.
    refs_of: Vec<PathBuf>,
}

/// Set (to anything but `0`) to run without the operation log.
pub const NO_OPLOG_ENV: &str = "DVX_NO_OPLOG";

fn recording() -> bool {
    !std::env::var(NO_OPLOG_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

impl<'r> Transaction<'r> {
    /// Takes the repository lock: DVC's (`flock`, or its hard-link protocol with
    /// `core.hardlink_lock`), waiting for it with `wait`, else failing after DVC's timeout.
    /// Operations a killed dvx left half-recorded are recorded first; then this one's
    /// recording starts.
    pub fn start(repo: &'r Repo, wait: bool) -> Result<Transaction<'r>> {
        let mut tx = Transaction::locked(repo, wait)?;
        if recording() {
            crate::oplog::recover(repo);
            tx.record();
        }
        Ok(tx)
    }

    /// A transaction of `copy`, an experiment's temporary copy of `main` that shares its
    /// cache and its git refs: the objects it adds to the cache and the refs it changes are
    /// recorded in `main`'s log (the copy's workspace goes with the copy: it is not recorded).
    pub fn start_in_copy(copy: &'r Repo, main: &Repo, wait: bool) -> Result<Transaction<'r>> {
        let mut tx = Transaction::locked(copy, wait)?;
        if recording() {
            if let Ok(rec) = Recorder::start(main) {
                tx.observe(Arc::new(rec), main);
            }
        }
        Ok(tx)
    }

    /// A transaction without the repository lock, for what git runs in the middle of a
    /// merge (the merge driver, which DVC runs unlocked too: the command that started the
    /// merge may hold the lock). It is recorded all the same (a killed one's journal is left
    /// for the next locked command to recover).
    pub fn start_unlocked(repo: &'r Repo) -> Transaction<'r> {
        let mut tx = Transaction::with_lock(repo, None);
        if recording() {
            tx.record();
        }
        tx
    }

    /// Starts recording this repository's operation: its workspace, cache and refs.
    fn record(&mut self) {
        if let Ok(rec) = Recorder::start(self.repo) {
            let rec = Arc::new(rec);
            self.repo.worktree.observe(Some(rec.clone()));
            self.observe(rec, self.repo);
        }
    }

    fn locked(repo: &'r Repo, wait: bool) -> Result<Transaction<'r>> {
        Ok(Transaction::with_lock(repo, Some(repo.lock(wait)?)))
    }

    fn with_lock(repo: &'r Repo, lock: Option<RepoLock>) -> Transaction<'r> {
        Transaction {
            repo,
            lock: RefCell::new(lock),
            recorder: None,
            outer_objects: None,
            refs_of: Vec::new(),
        }
    }

    /// Makes `rec` the observer of the new objects of this repository's cache and of the refs
    /// of its git repository and of `also`'s.
    fn observe(&mut self, rec: Arc<Recorder>, also: &Repo) {
        let r = rec.clone();
        let tell: dvx_odb::odb::NewObjectObserver = Arc::new(move |p| r.added(p));
        self.outer_objects = observe_new_objects(Some((self.repo.cache_dir(), tell)));
        for git in [&self.repo.scm, &also.scm].into_iter().flatten() {
            if self.refs_of.contains(&git.root) {
                continue;
            }
            let r = rec.clone();
            crate::scm::observe_refs(
                &git.root,
                Arc::new(move |name, before, after| {
                    r.ref_changed(RefChange {
                        name: name.into(),
                        before: before.map(str::to_string),
                        after: after.map(str::to_string),
                    })
                }),
            );
            self.refs_of.push(git.root.clone());
        }
        self.recorder = Some(rec);
    }

    /// The id of the operation being recorded (None without the operation log).
    pub fn op_id(&self) -> Option<&str> {
        self.recorder.as_deref().map(Recorder::id)
    }

    /// The recorder itself, for work spread over threads (a transaction stays on one).
    pub fn recorder(&self) -> Option<Arc<Recorder>> {
        self.recorder.clone()
    }

    /// Records that cache object `key` was moved to the trash `trash` (relative to the cache).
    pub fn log_trashed(&self, key: &str, trash: &str) {
        if let Some(r) = &self.recorder {
            r.trashed(TrashMove {
                key: key.into(),
                trash: trash.into(),
            });
        }
    }

    /// Records that cache object `key` came back from the trash `trash`.
    pub fn log_untrashed(&self, key: &str, trash: &str) {
        if let Some(r) = &self.recorder {
            r.untrashed(TrashMove {
                key: key.into(),
                trash: trash.into(),
            });
        }
    }

    /// Records what happened to object `key` of remote `name` (at `url`).
    pub fn log_remote(
        &self,
        change: RemoteChange,
        name: &str,
        url: &str,
        key: &str,
        trash: Option<&str>,
    ) {
        if let Some(r) = &self.recorder {
            r.remote(
                change,
                RemoteMove {
                    remote: name.into(),
                    url: url.into(),
                    key: key.into(),
                    trash: trash.map(str::to_string),
                },
            );
        }
    }

    /// Records objects uploaded to remote `name` (at `url`): keys it did not hold before.
    pub fn log_uploaded(&self, name: &str, url: &str, keys: crate::oplog::Keys) {
        if let Some(r) = &self.recorder {
            r.uploaded(RemoteUploads {
                remote: name.into(),
                url: url.into(),
                keys,
            });
        }
    }

    /// Records that this operation takes back operation `id`.
    pub fn log_undoes(&self, id: &str) {
        if let Some(r) = &self.recorder {
            r.undoes(id);
        }
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

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        let Some(rec) = self.recorder.take() else {
            return;
        };
        self.repo.worktree.observe(None);
        observe_new_objects(self.outer_objects.take());
        for root in std::mem::take(&mut self.refs_of) {
            crate::scm::unobserve_refs(&root);
        }
        rec.finish(Status::Done);
    }
}

impl Deref for Transaction<'_> {
    type Target = Repo;

    fn deref(&self) -> &Repo {
        self.repo
    }
}
