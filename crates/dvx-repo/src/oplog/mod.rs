//! The operation log: what each dvx command changed in the workspace and the cache, so that it
//! can be shown and undone (`dvx op log|show|undo|restore`). Its format is described in
//! `docs/oplog.md`.
//!
//! A [`crate::Transaction`] starts a [`Recorder`] and installs it as the observer of the
//! workspace gate and of new cache objects; the recorder journals each path's content before
//! it is first touched (content not in the cache yet is put there first) and, when the
//! transaction ends, writes the operation whole (`ops/ID.json`, renamed into place) and
//! appends its summary to `log.jsonl`. A journal whose process died is turned into an
//! "interrupted" operation by the next command.

mod keys;
mod recorder;
mod state;
mod store;

use serde::{Deserialize, Serialize};

pub use keys::Keys;
pub use recorder::{recover, Recorder};
pub use state::{capture_current, PathState};
pub use store::{find, list, load, record_exit, Summary};

/// The log's format version (`version` of every operation).
pub const VERSION: u32 = 1;

/// How a recorded operation ended.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Its transaction ended (the command's exit code is recorded apart, see [`record_exit`]).
    Done,
    /// Its process died before the end; found and recorded by a later command.
    Interrupted,
}

/// One path's content before and after an operation.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PathChange {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub before: PathState,
    pub after: PathState,
}

/// A cache object moved into (or out of) a trash directory.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TrashMove {
    /// The object's key (`files/md5/ab/cdef…`).
    pub key: String,
    /// The trash directory, relative to the cache root (`dvx/trash/…`).
    pub trash: String,
}

/// An object of a remote moved to its trash, brought back, or deleted for good.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RemoteMove {
    /// The remote's name and URL.
    pub remote: String,
    pub url: String,
    pub key: String,
    /// The trash directory, relative to the remote's root (none when deleted for good).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trash: Option<String>,
}

/// Objects uploaded to one remote (by `push`, `add --to-remote`, ...): keys the remote lacked.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RemoteUploads {
    pub remote: String,
    pub url: String,
    pub keys: Keys,
}

/// A git ref (an experiment's, `refs/exps/…`) created, moved or deleted.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RefChange {
    pub name: String,
    /// The commit it named before (none: it did not exist) and after (none: deleted).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What happened to a remote object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoteChange {
    Trashed,
    Untrashed,
    Deleted,
}

/// One recorded operation.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Operation {
    pub version: u32,
    pub id: String,
    /// Unix time in seconds.
    pub started: f64,
    pub finished: f64,
    pub command: Vec<String>,
    /// The directory the command ran in, relative to the root ("" for the root).
    pub cwd: String,
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub status: Status,
    /// The operations this one took back (`op undo`, `op restore`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undoes: Vec<String>,
    #[serde(default)]
    pub paths: Vec<PathChange>,
    /// Cache objects this operation created.
    #[serde(default)]
    pub cache_added: Keys,
    /// Cache objects it moved to a trash.
    #[serde(default)]
    pub cache_trashed: Vec<TrashMove>,
    /// Cache objects it brought back from a trash.
    #[serde(default)]
    pub cache_untrashed: Vec<TrashMove>,
    /// Remote objects it moved to the remote's trash, brought back, or deleted for good.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_trashed: Vec<RemoteMove>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_untrashed: Vec<RemoteMove>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_deleted: Vec<RemoteMove>,
    /// Objects it uploaded, by remote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remote_uploaded: Vec<RemoteUploads>,
    /// Git refs it created, moved or deleted, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<RefChange>,
}

impl Operation {
    pub fn changes_nothing(&self) -> bool {
        self.paths.is_empty()
            && self.cache_added.is_empty()
            && self.cache_trashed.is_empty()
            && self.cache_untrashed.is_empty()
            && self.remote_trashed.is_empty()
            && self.remote_untrashed.is_empty()
            && self.remote_deleted.is_empty()
            && self.remote_uploaded.is_empty()
            && self.refs.is_empty()
    }

    /// Remote objects it changed.
    pub fn remote_objects(&self) -> usize {
        self.remote_trashed.len()
            + self.remote_untrashed.len()
            + self.remote_deleted.len()
            + self
                .remote_uploaded
                .iter()
                .map(|u| u.keys.len())
                .sum::<usize>()
    }
}

/// Where the log lives: `.dvc/tmp/dvx/oplog` (DVC ignores `.dvc/tmp`).
pub fn dir(repo: &crate::Repo) -> std::path::PathBuf {
    repo.tmp_dir().join("dvx").join("oplog")
}

/// `secs` (Unix time) as `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn utc(secs: f64) -> String {
    let s = secs.max(0.0) as i64;
    let (days, rem) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    // civil date from days since 1970-01-01 (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0.0), "1970-01-01 00:00:00");
        assert_eq!(super::utc(951_782_400.0), "2000-02-29 00:00:00");
        assert_eq!(super::utc(1_796_300_096.5), "2026-12-03 12:14:56");
    }
}
