//! `gc`: move cache objects that no pointer file in scope references to the cache's trash
//! (see [`crate::trash`]; `dvx op undo` brings them back), and with `-c` remove them from the
//! remote. Trash older than the retention is emptied on the way. The workspace is always in scope; branches, tags, commits and `--rev [-n N]`
//! add revisions, read from git objects.
//!
//! It never removes what it could not account for: a pointer file in scope that cannot be read
//! stops it, and so does a directory whose `.dir` manifest is not in the cache (its files could
//! not be told apart from unused ones).

use std::path::PathBuf;

use dvx_odb::for_each_object_key;

use crate::error::{Error, Result};
use crate::oplog::RemoteChange::{Deleted, Trashed};
use crate::remotes;
use crate::repo::Repo;
use crate::scm::Scope;
use crate::transaction::Transaction;
use crate::transfer::Opened;

#[derive(Debug, Clone, Default)]
pub struct GcOptions {
    pub scope: Scope,
    /// `--rev`: a revision whose last `num` commits are kept.
    pub rev: Option<String>,
    /// `-n`: commits kept from `--rev`, or from each branch with `-a` (default 1).
    pub num: Option<usize>,
    /// `-c`: collect on the remote too.
    pub cloud: bool,
    /// `-r`: the remote for `-c` (default: the default remote).
    pub remote: Option<String>,
    pub jobs: Option<usize>,
    /// `--dry`: list what would go, remove nothing.
    pub dry: bool,
}

#[derive(Debug, Default)]
pub struct GcReport {
    /// Cache objects removed (or that would be, with `--dry`), DVC 3 layout.
    pub removed: Vec<PathBuf>,
    /// Of the DVC 2.x layout.
    pub removed_legacy: Vec<PathBuf>,
    /// With `-c`: the remote's name and the keys removed from it.
    pub remote: Option<(String, Vec<String>)>,
    /// Objects and bytes emptied from the trash (older than the retention).
    pub expired: (u64, u64),
    /// Objects and bytes the trash holds now.
    pub trash: (u64, u64),
    /// The retention, in days.
    pub trash_days: u64,
    /// With `-c`: whether the remote kept what gc took in its trash (else it is deleted).
    pub remote_keeps_trash: bool,
    /// Objects and bytes emptied from the remote's trash.
    pub remote_expired: (u64, u64),
}

/// What `gc` would remove: every object of the cache (and remote) not in `used`.
pub fn gc(tx: &Transaction, opts: &GcOptions) -> Result<GcReport> {
    let repo: &Repo = tx;
    let used = crate::history::used_keys(repo, &opts.scope, opts.rev.as_deref(), opts.num)?;
    let odb = repo.odb()?;
    let root = odb.root().to_path_buf();
    let mut unused: Vec<String> = Vec::new();
    for_each_object_key(&root, |k| {
        if !used.contains_key(&k) {
            unused.push(k)
        }
    })
    .map_err(|e| Error::io("listing the cache at", &root, e))?;
    // manifests first, as DVC: a directory is never left with its files gone and its .dir kept
    unused.sort_by_key(|k| (!k.ends_with(".dir"), k.clone()));
    let mut report = GcReport::default();
    let retention = crate::trash::retention(repo)?;
    report.trash_days = retention.as_secs() / 86_400;
    let bin = crate::trash::new_trash(tx.op_id().unwrap_or("nolog"));
    for k in &unused {
        let path = odb.key_path(k);
        if !opts.dry {
            match crate::trash::put(&root, k, &bin) {
                Ok(true) => tx.log_trashed(k, &bin),
                Ok(false) => {}
                Err(e) => return Err(Error::io("moving to the trash the cache object", &path, e)),
            }
        }
        if k.starts_with("files/") {
            report.removed.push(path);
        } else {
            report.removed_legacy.push(path);
        }
    }
    if !opts.dry {
        report.expired = crate::trash::empty(&root, Some(retention))
            .map_err(|e| Error::io("emptying the trash in", &root, e))?;
    }
    report.trash = crate::trash::usage(&root);
    if opts.cloud {
        let cfg = remotes::resolve(&repo.config, opts.remote.as_deref())?;
        let remote = Opened::open(&cfg, opts.jobs)?;
        let err = |e| crate::transfer::remote_error(&remote.name, &remote.url, e);
        let mut gone: Vec<String> = remote
            .remote
            .list_all()
            .map_err(err)?
            .into_iter()
            .filter(|k| !used.contains_key(k))
            .collect();
        gone.sort_by_key(|k| (!k.ends_with(".dir"), k.clone()));
        if !opts.dry {
            let (dirs, files): (Vec<String>, Vec<String>) =
                gone.iter().cloned().partition(|k| k.ends_with(".dir"));
            let failed = |k: &str, e| {
                crate::transfer::remote_error(&remote.name, &remote.url, e)
                    .with_hint(format!("'{k}' was not removed; run gc again"))
            };
            for batch in [dirs, files] {
                // a remote with a trash keeps what gc takes (undoable), others delete (as DVC)
                if let Some(moved) = remote.remote.trash(&batch, &bin) {
                    for (k, r) in batch.iter().zip(moved) {
                        if r.map_err(|e| failed(k, e))? {
                            tx.log_remote(Trashed, &remote.name, &remote.url, k, Some(&bin));
                        }
                    }
                    report.remote_keeps_trash = true;
                    continue;
                }
                for (k, r) in batch.iter().zip(remote.remote.delete(&batch, remote.jobs)) {
                    r.map_err(|e| failed(k, e))?;
                    tx.log_remote(Deleted, &remote.name, &remote.url, k, None);
                }
            }
            if let Some(r) = remote.remote.empty_trash(Some(retention)) {
                report.remote_expired = r.map_err(err)?;
            }
        }
        report.remote = Some((remote.name.clone(), gone));
    }
    Ok(report)
}

/// `gc --empty-trash [--older-than AGE]`: empties the cache's trash (what is older than `AGE`);
/// returns the objects and bytes removed. Nothing trashed can be brought back afterwards.
pub fn empty_trash(
    tx: &Transaction,
    older_than: Option<std::time::Duration>,
) -> Result<(u64, u64)> {
    let repo: &Repo = tx;
    let cache = repo.cache_dir();
    crate::trash::empty(&cache, older_than)
        .map_err(|e| Error::io("emptying the trash in", &cache, e))
}
