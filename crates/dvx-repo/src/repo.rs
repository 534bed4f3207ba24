//! A dvx (DVC) repository: its root, config, cache, state and git.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use dvx_odb::state::{Reader, Record, Watch, Watching};
use dvx_odb::{LinkType, Odb, State};

use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::lock::{self, RepoLock};
use crate::scm::Git;
use crate::worktree::Worktree;

pub struct Repo {
    /// Absolute path of the directory holding `.dvc/`.
    pub root: PathBuf,
    pub dvc_dir: PathBuf,
    pub config: Config,
    /// None with `core.no_scm` (a repository made with `init --no-scm`).
    pub scm: Option<Git>,
    /// The gate every workspace write goes through.
    pub worktree: Worktree,
    /// The state database, opened once for the process (redb allows one opening per process).
    state_db: OnceLock<Option<Arc<State>>>,
    /// The file-system monitor dvx's settings ask for (`core.monitor`), if any.
    monitor: Option<Arc<dyn dvx_odb::state::Watch>>,
}

impl Repo {
    /// The commit a revision names (full id), or an error naming the revision.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        let Some(git) = &self.scm else {
            return Err(Error::user(format!(
                "cannot read revision '{rev}': this repository has no git (core.no_scm)"
            )));
        };
        Ok(git.resolve(rev)?)
    }

    /// Finds the repository containing `start` (walking up to the first `.dvc` directory).
    pub fn discover(start: &Path) -> Result<Repo> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            if d.join(".dvc").is_dir() {
                return Repo::open(d);
            }
            dir = d.parent();
        }
        Err(Error::user(format!(
            "you are not inside of a DVC repository (checked up to '/' from '{}')",
            start.display()
        ))
        .with_hint("run `dvx init` at the top of your git repository first, or pass --cd DIR")
        .kind(ErrorKind::NotARepo))
    }

    pub fn open(root: &Path) -> Result<Repo> {
        let dvc_dir = root.join(".dvc");
        let config = Config::load(Some(&dvc_dir))?;
        let no_scm = config.get_bool("core", "no_scm")?.unwrap_or(false);
        let scm = if no_scm { None } else { Git::discover(root) };
        let cache = config.get_path("cache", "dir");
        let worktree = Worktree::new(root, cache.as_deref());
        let monitor = crate::monitor::configured(root)?.map(|_| {
            let memo_dir = dvc_dir.join("tmp").join("dvx").join("dirs");
            Arc::new(crate::monitor::Watchman::new(root, memo_dir)) as Arc<dyn Watch>
        });
        Ok(Repo {
            root: root.to_path_buf(),
            dvc_dir,
            config,
            scm,
            worktree,
            state_db: OnceLock::new(),
            monitor,
        })
    }

    pub fn tmp_dir(&self) -> PathBuf {
        self.dvc_dir.join("tmp")
    }

    /// Takes the repository lock for a command that writes (`core.hardlink_lock` chooses the
    /// protocol, as in DVC).
    pub(crate) fn lock(&self, wait: bool) -> Result<RepoLock> {
        let hardlink = self
            .config
            .get_bool("core", "hardlink_lock")?
            .unwrap_or(false);
        lock::acquire(&self.tmp_dir(), wait, hardlink)
    }

    /// The cache root: `cache.dir` (relative to the config file that set it) or `.dvc/cache`.
    pub fn cache_dir(&self) -> PathBuf {
        self.config
            .get_path("cache", "dir")
            .unwrap_or_else(|| self.dvc_dir.join("cache"))
    }

    pub fn odb(&self) -> Result<Odb> {
        let shared = self
            .config
            .get("cache", "shared")
            .map(|s| s.trim() == "group")
            .unwrap_or(false);
        Ok(Odb::new(self.cache_dir()).with_shared_group(shared))
    }

    /// The state database for one command: a reader to consult, records saved at the end.
    /// If the database cannot be opened everything is hashed and nothing is remembered.
    pub fn state(&self) -> StateSession {
        let state = self.state_db();
        let mut reader = state
            .as_ref()
            .map(|s| s.reader())
            .unwrap_or_else(Reader::empty);
        if let (Some(state), Some(watch)) = (&state, &self.monitor) {
            reader = reader.with_watching(Watching {
                watch: Arc::clone(watch),
                state: Arc::clone(state),
            });
        }
        StateSession {
            state,
            reader,
            unsynced: Default::default(),
        }
    }

    /// The state database itself (opened once), if it can be opened.
    pub fn state_db(&self) -> Option<Arc<State>> {
        self.state_db
            .get_or_init(|| {
                State::open(&self.tmp_dir().join("dvx").join("state.redb"))
                    .ok()
                    .map(Arc::new)
            })
            .clone()
    }

    /// `cache.type`, as a priority list (default `reflink,copy`).
    pub fn link_types(&self) -> Result<Vec<LinkType>> {
        let raw = self.config.get("cache", "type").unwrap_or("reflink,copy");
        let types = LinkType::parse_list(raw).map_err(|bad| {
            Error::user(format!(
                "config option cache.type has an unknown link type '{bad}'"
            ))
            .with_hint("use a comma-separated list of reflink, copy, hardlink, symlink")
        })?;
        if types.is_empty() {
            return Ok(vec![LinkType::Reflink, LinkType::Copy]);
        }
        Ok(types)
    }

    pub fn autostage(&self) -> Result<bool> {
        Ok(self.config.get_bool("core", "autostage")?.unwrap_or(false))
    }

    /// `path` relative to the repository root, `/`-separated.
    pub fn rel(&self, path: &Path) -> String {
        crate::fsutil::rel_slash(&self.root, path).unwrap_or_else(|| path.display().to_string())
    }
}

/// The state database as one command uses it.
pub struct StateSession {
    state: Option<Arc<State>>,
    pub reader: Reader,
    /// Records were saved with [`StateSession::save_now`] and not synced yet.
    unsynced: std::sync::atomic::AtomicBool,
}

impl StateSession {
    /// Saves records now, for a command that learns too many to hold to its end (the reader
    /// keeps what it saw when it was opened); they are synced to the disk by [`Self::save`].
    /// Failing to save only costs speed next time.
    pub fn save_now(&self, records: &[Record]) {
        if let Some(s) = &self.state {
            if !records.is_empty() && s.record_soon(records).is_ok() {
                self.unsynced
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// Saves what the command learnt. Failing to save only costs speed next time.
    pub fn save(self, records: &[Record]) {
        let StateSession {
            state,
            reader,
            unsynced,
        } = self;
        drop(reader);
        if let Some(s) = state {
            let _ = match records.is_empty() && unsynced.into_inner() {
                true => s.sync(),
                false => s.record(records),
            };
        }
    }
}
