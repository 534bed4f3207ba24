//! Recording one operation while it runs: the journal of paths' content before they change,
//! and the operation written whole at its end (or by the next command, if its process died).

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use dvx_odb::state::Record;
use dvx_odb::Odb;
use hashlink::LinkedHashMap;
use serde::{Deserialize, Serialize};

use super::state::{PathState, Reading};
use super::store::{append_line, pending_dir, write_op};
use super::{
    Keys, Operation, PathChange, RefChange, RemoteChange, RemoteMove, RemoteUploads, Status,
    TrashMove, VERSION,
};
use crate::error::Result;
use crate::worktree::{Now, Observer};
use crate::Repo;

/// Who ran what, where: the head of an operation.
#[derive(Serialize, Deserialize, Clone, Debug)]
struct Head {
    id: String,
    started: f64,
    command: Vec<String>,
    cwd: String,
    user: String,
    host: String,
    pid: u32,
}

/// The journal's lines, appended as the operation runs.
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Entry {
    Start(Head),
    Before {
        path: String,
        state: PathState,
    },
    /// A directory about to be made and filled where nothing was (absent before): its files
    /// are not journalled one by one.
    Tree {
        path: String,
    },
    Trashed(TrashMove),
    Untrashed(TrashMove),
    Undoes {
        id: String,
    },
    RemoteTrashed(RemoteMove),
    RemoteUntrashed(RemoteMove),
    RemoteDeleted(RemoteMove),
    RemoteUploaded(RemoteUploads),
    Ref(RefChange),
}

enum After {
    /// Not changed yet (the write failed, or has not happened).
    NotYet,
    Known(PathState),
    /// To be read from the disk at the end.
    Unknown,
}

#[derive(Default)]
struct Inner {
    /// Buffered: a line is on disk before the change it guards (see [`Recorder::journal`]).
    journal: Option<std::io::BufWriter<fs::File>>,
    journal_failed: bool,
    /// Each path touched, in order, with its content before and what the gate says it became.
    paths: LinkedHashMap<String, (PathState, After)>,
    /// Directories captured whole (their files are in `paths`).
    dirs: HashSet<String>,
    /// Directories made whole where nothing was (in `paths` themselves, their files not).
    trees: Vec<String>,
    trashed: Vec<TrashMove>,
    untrashed: Vec<TrashMove>,
    undoes: Vec<String>,
    remote_trashed: Vec<RemoteMove>,
    remote_untrashed: Vec<RemoteMove>,
    remote_deleted: Vec<RemoteMove>,
    remote_uploaded: Vec<RemoteUploads>,
    refs: Vec<RefChange>,
    records: Vec<Record>,
}

/// The recorder of one operation (see the module [`crate::oplog`]).
pub struct Recorder {
    dir: PathBuf,
    root: PathBuf,
    odb: Odb,
    /// The state database, read (through a fresh reader) only when a file must be hashed.
    state: Option<std::sync::Arc<dvx_odb::State>>,
    head: Head,
    inner: Mutex<Inner>,
    /// Objects created (apart: they come from threads that touch no path).
    added: Mutex<Keys>,
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn new_id() -> String {
    let seed = format!(
        "{}|{}|{}",
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
        std::process::id(),
        crate::lock::hostname()
    );
    dvx_formats::Oid::file(dvx_odb::hash::md5_bytes(seed.as_bytes())).hex()[..12].to_string()
}

/// The user's login name: `$USER`, `$LOGNAME`, else the name `/etc/passwd` gives this
/// process's uid, else the uid.
fn user() -> String {
    if let Some(u) = ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
    {
        return u;
    }
    use std::os::unix::fs::MetadataExt;
    let Ok(uid) = fs::metadata("/proc/self").map(|m| m.uid()) else {
        return "unknown".into();
    };
    fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 2 && f[2] == uid.to_string()).then(|| f[0].to_string())
            })
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}

impl Recorder {
    /// A recorder for the command this process runs (nothing is written until something
    /// changes).
    pub fn start(repo: &Repo) -> Result<Recorder> {
        let mut command: Vec<String> = std::env::args().collect();
        if let Some(first) = command.first_mut() {
            if let Some(name) = Path::new(first.as_str()).file_name() {
                *first = name.to_string_lossy().into_owned();
            }
        }
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| crate::fsutil::rel_slash(&repo.root, &c))
            .unwrap_or_default();
        let head = Head {
            id: new_id(),
            started: now(),
            command,
            cwd: if cwd == "." { String::new() } else { cwd },
            user: user(),
            host: crate::lock::hostname(),
            pid: std::process::id(),
        };
        Recorder::with_head(repo, head)
    }

    fn with_head(repo: &Repo, head: Head) -> Result<Recorder> {
        Ok(Recorder {
            dir: super::dir(repo),
            root: repo.root.clone(),
            odb: repo.odb()?,
            state: repo.state_db(),
            head,
            inner: Mutex::new(Inner::default()),
            added: Mutex::new(Keys::default()),
        })
    }

    /// This operation's id.
    pub fn id(&self) -> &str {
        &self.head.id
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn journal_path(&self) -> PathBuf {
        pending_dir(&self.dir).join(format!("{}.jsonl", self.head.id))
    }

    /// Appends `entry` to the journal (created with its head on first use). Lines are
    /// buffered: only content that would be lost without its line (a path's content before it
    /// is overwritten) is flushed at once ([`Recorder::flush`]); a kill loses at most the last
    /// buffered lines of paths that did not exist and objects created, which the interrupted
    /// operation then does not list. A journal that cannot be written costs the record of this
    /// operation, never the command.
    fn journal(&self, inner: &mut Inner, entry: &Entry) {
        if let Ok(line) = serde_json::to_string(entry) {
            self.journal_line(inner, &line);
        }
    }

    /// Appends one serialized entry (see [`Recorder::journal`]).
    fn journal_line(&self, inner: &mut Inner, line: &str) {
        use std::io::Write;
        if !self.open_journal(inner) {
            return;
        }
        if let Some(f) = inner.journal.as_mut() {
            if f.write_all(line.as_bytes())
                .and_then(|_| f.write_all(b"\n"))
                .is_err()
            {
                inner.journal_failed = true;
            }
        }
    }

    /// Creates the journal with its head on first use; false when it cannot be written.
    fn open_journal(&self, inner: &mut Inner) -> bool {
        if inner.journal_failed {
            return false;
        }
        if inner.journal.is_some() {
            return true;
        }
        let path = self.journal_path();
        let opened = fs::create_dir_all(pending_dir(&self.dir)).and_then(|_| {
            let head = serde_json::to_string(&Entry::Start(self.head.clone()))
                .map_err(std::io::Error::other)?;
            append_line(&path, &head)?;
            fs::OpenOptions::new().append(true).open(&path)
        });
        match opened {
            Ok(f) => {
                inner.journal = Some(std::io::BufWriter::with_capacity(64 * 1024, f));
                true
            }
            Err(_) => {
                inner.journal_failed = true;
                false
            }
        }
    }

    /// Writes the buffered journal lines out.
    fn flush(&self, inner: &mut Inner) {
        use std::io::Write;
        if let Some(f) = inner.journal.as_mut() {
            if f.flush().is_err() {
                inner.journal_failed = true;
            }
        }
    }

    fn rel(&self, path: &Path) -> String {
        crate::fsutil::rel_slash(&self.root, path).unwrap_or_else(|| path.display().to_string())
    }

    fn reading<T>(&self, store: bool, f: impl FnOnce(&Reading<'_>) -> T) -> T {
        let reader = match &self.state {
            Some(s) => s.reader(),
            None => dvx_odb::state::Reader::empty(),
        };
        f(&Reading {
            root: &self.root,
            odb: &self.odb,
            state: &reader,
            store,
        })
    }

    /// A cache object (or run-cache entry) this operation created.
    pub fn added(&self, object: &Path) {
        let Some(key) = object
            .strip_prefix(self.odb.root())
            .ok()
            .and_then(|k| k.to_str())
            .filter(|k| dvx_odb::is_object_key(k) || k.starts_with("runs/"))
        else {
            return;
        };
        // not journalled: an object an interrupted command created is only unused, and gc
        // collects it (journalling each one would cost `add` of many files its speed)
        self.added
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(key);
    }

    /// A cache object moved to a trash by this operation.
    pub fn trashed(&self, m: TrashMove) {
        let mut inner = self.inner();
        self.journal(&mut inner, &Entry::Trashed(m.clone()));
        inner.trashed.push(m);
    }

    /// A cache object brought back from a trash by this operation.
    pub fn untrashed(&self, m: TrashMove) {
        let mut inner = self.inner();
        self.journal(&mut inner, &Entry::Untrashed(m.clone()));
        inner.untrashed.push(m);
    }

    /// A remote object trashed, brought back or deleted by this operation.
    pub fn remote(&self, change: RemoteChange, m: RemoteMove) {
        let mut inner = self.inner();
        let entry = match change {
            RemoteChange::Trashed => Entry::RemoteTrashed(m.clone()),
            RemoteChange::Untrashed => Entry::RemoteUntrashed(m.clone()),
            RemoteChange::Deleted => Entry::RemoteDeleted(m.clone()),
        };
        self.journal(&mut inner, &entry);
        match change {
            RemoteChange::Trashed => inner.remote_trashed.push(m),
            RemoteChange::Untrashed => inner.remote_untrashed.push(m),
            RemoteChange::Deleted => inner.remote_deleted.push(m),
        }
    }

    /// Objects this operation uploaded to a remote (one journal line per batch, written
    /// after the batch: an interrupted batch's objects stay on the remote unrecorded, as
    /// after any push).
    pub fn uploaded(&self, up: RemoteUploads) {
        if up.keys.is_empty() {
            return;
        }
        let mut inner = self.inner();
        self.journal(&mut inner, &Entry::RemoteUploaded(up.clone()));
        merge_uploads(&mut inner.remote_uploaded, up);
    }

    /// A git ref this operation created, moved or deleted (flushed at once: a deleted ref's
    /// commit is named nowhere else).
    pub fn ref_changed(&self, change: RefChange) {
        let mut inner = self.inner();
        self.journal(&mut inner, &Entry::Ref(change.clone()));
        self.flush(&mut inner);
        inner.refs.push(change);
    }

    /// This operation takes back operation `id`.
    pub fn undoes(&self, id: &str) {
        let mut inner = self.inner();
        self.journal(&mut inner, &Entry::Undoes { id: id.to_string() });
        inner.undoes.push(id.to_string());
    }

    /// Notes a path's content before it changes; `line` is its journal entry, serialized
    /// outside the lock.
    fn note_before(&self, inner: &mut Inner, path: String, state: PathState, line: &str) {
        if inner.paths.contains_key(&path) {
            return;
        }
        self.journal_line(inner, line);
        inner.paths.insert(path, (state, After::NotYet));
    }

    /// Writes the operation (when it changed anything) and removes its journal; returns its
    /// id when it was recorded.
    pub fn finish(&self, status: Status) -> Option<String> {
        let inner = std::mem::take(&mut *self.inner());
        let added = std::mem::take(&mut *self.added.lock().unwrap_or_else(|p| p.into_inner()));
        let Inner {
            journal,
            paths,
            trashed,
            untrashed,
            undoes,
            remote_trashed,
            remote_untrashed,
            remote_deleted,
            remote_uploaded,
            refs,
            mut records,
            trees,
            ..
        } = inner;
        // the journal is removed below: what it still buffers need not be written
        drop(journal.map(std::io::BufWriter::into_parts));
        let mut changes = Vec::new();
        for (path, (before, after)) in paths {
            let abs = || self.root.join(&path);
            if trees.contains(&path) && !matches!(after, After::Known(_)) {
                // made part way (the command failed or was killed): what it holds is hashed
                let after = self
                    .reading(false, |r| r.tree(&abs()))
                    .unwrap_or(PathState::Directory);
                if !before.same(&after) {
                    changes.push(PathChange {
                        path,
                        before,
                        after,
                    });
                }
                continue;
            }
            let mut read = || {
                // hashed, not stored: an undo's own record saves it before it is overwritten
                self.reading(false, |r| r.capture(&abs()))
                    .ok()
                    .and_then(|(mut states, recs)| {
                        records.extend(recs);
                        // a path that became a directory: its files are new paths
                        (states.len() == 1 && states[0].0 == path)
                            .then(|| states.pop().map(|s| s.1))
                            .flatten()
                    })
                    .unwrap_or(PathState::Directory)
            };
            // what the gate wrote (a path written again some other way, as git does in
            // `exp apply`, was announced with `will_change` and is read); small files are read
            // again all the same, being cheap
            let after = match after {
                After::Known(PathState::Absent) if fs::symlink_metadata(abs()).is_ok() => read(),
                After::Known(PathState::Text { .. }) => read(),
                After::Known(s) => s,
                After::NotYet | After::Unknown => read(),
            };
            if !before.same(&after) {
                changes.push(PathChange {
                    path,
                    before,
                    after,
                });
            }
        }
        let op = Operation {
            version: VERSION,
            id: self.head.id.clone(),
            started: self.head.started,
            finished: now(),
            command: self.head.command.clone(),
            cwd: self.head.cwd.clone(),
            user: self.head.user.clone(),
            host: self.head.host.clone(),
            pid: self.head.pid,
            status,
            undoes,
            paths: changes,
            cache_added: added,
            cache_trashed: trashed,
            cache_untrashed: untrashed,
            remote_trashed,
            remote_untrashed,
            remote_deleted,
            remote_uploaded,
            refs,
        };
        if let Some(state) = &self.state {
            // failing to save only costs speed next time
            let _ = state.record(&records);
        }
        let recorded =
            (!op.changes_nothing() || !op.undoes.is_empty()) && write_op(&self.dir, &op).is_ok();
        let _ = fs::remove_file(self.journal_path());
        recorded.then_some(op.id)
    }
}

/// Whether `path` lies inside one of `trees`.
fn under_tree(trees: &[String], path: &str) -> bool {
    trees.iter().any(|t| {
        path.len() > t.len() && path.starts_with(t.as_str()) && path.as_bytes()[t.len()] == b'/'
    })
}

impl Observer for Recorder {
    fn before(&self, path: &Path, fresh: bool) -> Result<()> {
        let rel = self.rel(path);
        {
            let inner = self.inner();
            if inner.paths.contains_key(&rel)
                || inner.dirs.contains(&rel)
                || under_tree(&inner.trees, &rel)
            {
                return Ok(());
            }
        }
        // nothing there (a checkout into an empty workspace): nothing to read or to save
        let (states, records) = if fresh || fs::symlink_metadata(path).is_err() {
            (vec![(rel.clone(), PathState::Absent)], Vec::new())
        } else {
            self.reading(true, |r| r.capture(path)).map_err(|e| {
                let hint = "dvx saves what it overwrites so that `dvx op undo` can bring it back; free space in the cache, or set DVX_NO_OPLOG=1 to run without the operation log";
                e.with_hint(hint)
            })?
        };
        let lines: Vec<String> = states
            .iter()
            .map(|(p, s)| {
                serde_json::to_string(&Entry::Before {
                    path: p.clone(),
                    state: s.clone(),
                })
                .unwrap_or_default()
            })
            .collect();
        let whole_dir = !(states.len() == 1 && states[0].0 == rel);
        let guards_content = states.iter().any(|(_, s)| *s != PathState::Absent);
        let mut inner = self.inner();
        if whole_dir {
            inner.dirs.insert(rel);
        }
        for ((p, s), line) in states.into_iter().zip(&lines) {
            self.note_before(&mut inner, p, s, line);
        }
        if guards_content {
            self.flush(&mut inner);
        }
        inner.records.extend(records);
        Ok(())
    }

    fn after(&self, path: &Path, now: Now<'_>) {
        let rel = self.rel(path);
        let state = match now {
            Now::Bytes(b) => match std::str::from_utf8(b) {
                Ok(t) => After::Known(PathState::Text {
                    text: t.to_string(),
                }),
                Err(_) => After::Unknown,
            },
            Now::Object(object) => match object
                .strip_prefix(self.odb.root())
                .ok()
                .and_then(|k| k.to_str())
            {
                Some(key) => After::Known(PathState::Object {
                    key: key.to_string(),
                    size: None,
                    exec: false,
                }),
                None => After::Unknown,
            },
            Now::Removed => After::Known(PathState::Absent),
            Now::Unknown => After::Unknown,
            Now::Tree { manifest, files } => match manifest
                .strip_prefix(self.odb.root())
                .ok()
                .and_then(|k| k.to_str())
            {
                Some(key) => After::Known(PathState::Tree {
                    key: key.to_string(),
                    files,
                }),
                None => After::Unknown,
            },
        };
        let mut inner = self.inner();
        if under_tree(&inner.trees, &rel) {
            return; // the directory is recorded whole
        }
        if matches!(now, Now::Removed) && inner.dirs.contains(&rel) {
            let prefix = format!("{rel}/");
            for (p, (_, a)) in inner.paths.iter_mut() {
                if p.starts_with(&prefix) {
                    *a = After::Known(PathState::Absent);
                }
            }
        }
        if let Some((_, a)) = inner.paths.get_mut(&rel) {
            *a = state;
        }
    }

    fn making_tree(&self, dir: &Path) -> Result<()> {
        let rel = self.rel(dir);
        let mut inner = self.inner();
        let known = inner.paths.contains_key(&rel) || under_tree(&inner.trees, &rel);
        // something there already: its files are recorded one by one as they change
        if known || fs::symlink_metadata(dir).is_ok() {
            return Ok(());
        }
        // written at once (one line per directory): a kill part way leaves it to be undone
        self.journal(&mut inner, &Entry::Tree { path: rel.clone() });
        self.flush(&mut inner);
        inner
            .paths
            .insert(rel.clone(), (PathState::Absent, After::NotYet));
        inner.trees.push(rel);
        Ok(())
    }
}

/// Turns the journals of operations whose process died into "interrupted" operations (what
/// they changed is read from the disk now). Journals of running processes are left alone.
pub fn recover(repo: &Repo) {
    let dir = pending_dir(&super::dir(repo));
    let Ok(rd) = fs::read_dir(&dir) else {
        return;
    };
    for e in rd.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("jsonl") {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let mut lines = text.lines().map(serde_json::from_str::<Entry>);
        let Some(Ok(Entry::Start(head))) = lines.next() else {
            // not even its head was written: nothing of it changed anything
            let _ = fs::remove_file(&path);
            continue;
        };
        // a process of another host (a repository on a shared disk) is not ours to judge
        if head.host != crate::lock::hostname()
            || head.pid == std::process::id()
            || dvx_odb::odb::pid_alive(head.pid as i32)
        {
            continue;
        }
        let Ok(rec) = Recorder::with_head(repo, head) else {
            continue;
        };
        {
            let mut inner = rec.inner();
            inner.journal_failed = true; // nothing more is journalled
            for entry in lines.flatten() {
                match entry {
                    Entry::Before { path, state } => {
                        inner.paths.insert(path, (state, After::Unknown));
                    }
                    Entry::Tree { path } => {
                        inner
                            .paths
                            .insert(path.clone(), (PathState::Absent, After::Unknown));
                        inner.trees.push(path);
                    }
                    Entry::Trashed(m) => inner.trashed.push(m),
                    Entry::Untrashed(m) => inner.untrashed.push(m),
                    Entry::Undoes { id } => inner.undoes.push(id),
                    Entry::RemoteTrashed(m) => inner.remote_trashed.push(m),
                    Entry::RemoteUntrashed(m) => inner.remote_untrashed.push(m),
                    Entry::RemoteDeleted(m) => inner.remote_deleted.push(m),
                    Entry::RemoteUploaded(u) => merge_uploads(&mut inner.remote_uploaded, u),
                    Entry::Ref(c) => inner.refs.push(c),
                    Entry::Start(_) => {}
                }
            }
        }
        rec.finish(Status::Interrupted);
    }
}

/// Adds a batch of uploads to the list, beside earlier ones to the same remote.
fn merge_uploads(all: &mut Vec<RemoteUploads>, up: RemoteUploads) {
    match all
        .iter_mut()
        .find(|u| u.remote == up.remote && u.url == up.url)
    {
        Some(u) => u.keys.append(up.keys),
        None => all.push(up),
    }
}
