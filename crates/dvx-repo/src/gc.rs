//! `gc`: remove cache objects (and with `-c`, remote objects) that no pointer file in scope
//! references. The workspace is always in scope; branches, tags, commits and `--rev [-n N]`
//! add revisions, read from git objects.
//!
//! It never removes what it could not account for: a pointer file in scope that cannot be read
//! stops it, and so does a directory whose `.dir` manifest is not in the cache (its files could
//! not be told apart from unused ones).

use std::collections::HashSet;
use std::path::PathBuf;

use dvx_odb::HashKind;
use dvx_odb::{list_object_keys, object_key};

use crate::digest::load_manifest;
use crate::error::{Error, Result};
use crate::remotes;
use crate::repo::Repo;
use crate::scm::Scope;
use crate::stage::TrackedStage;
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
}

/// The object keys the pointer files in scope reference, `.dir` manifests and their files.
pub fn used_keys(repo: &Repo, opts: &GcOptions) -> Result<HashSet<String>> {
    let odb = repo.odb()?;
    let stages: Vec<TrackedStage> =
        crate::history::stages_in_scope(repo, &opts.scope, opts.rev.as_deref(), opts.num)?;
    let mut used = HashSet::new();
    for st in &stages {
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = out.oid else { continue };
            let kind = HashKind::of(out);
            used.insert(object_key(&oid, kind));
            if !oid.is_dir {
                continue;
            }
            let Some(m) = load_manifest(&odb, &oid, kind)? else {
                return Err(Error::user(format!(
                    "cannot tell which files '{}' (in {}) needs: its manifest {oid} is not in the cache",
                    repo.rel(&st.out_path(i)),
                    st.rel
                ))
                .with_hint("fetch it first (dvx fetch, with the same -a/-T/-A/--rev), then run gc again; nothing was removed"));
            };
            for e in &m.entries {
                used.insert(object_key(&e.oid, kind));
            }
        }
    }
    Ok(used)
}

/// What `gc` would remove: every object of the cache (and remote) not in `used`.
pub fn gc(tx: &Transaction, opts: &GcOptions) -> Result<GcReport> {
    let repo: &Repo = tx;
    let used = used_keys(repo, opts)?;
    let odb = repo.odb()?;
    let root = odb.root().to_path_buf();
    let keys = list_object_keys(&root).map_err(|e| Error::io("listing the cache at", &root, e))?;
    let mut unused: Vec<String> = keys.into_iter().filter(|k| !used.contains(k)).collect();
    // manifests first, as DVC: a directory is never left with its files gone and its .dir kept
    unused.sort_by_key(|k| (!k.ends_with(".dir"), k.clone()));
    let mut report = GcReport::default();
    for k in &unused {
        let path = odb.key_path(k);
        if !opts.dry {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("removing the cache object", &path, e)),
            }
        }
        if k.starts_with("files/") {
            report.removed.push(path);
        } else {
            report.removed_legacy.push(path);
        }
    }
    if opts.cloud {
        let cfg = remotes::resolve(&repo.config, opts.remote.as_deref())?;
        let remote = Opened::open(&cfg, opts.jobs)?;
        let err = |e| crate::transfer::remote_error(&remote.name, &remote.url, e);
        let mut gone: Vec<String> = remote
            .remote
            .list_all()
            .map_err(err)?
            .into_iter()
            .filter(|k| !used.contains(k))
            .collect();
        gone.sort_by_key(|k| (!k.ends_with(".dir"), k.clone()));
        if !opts.dry {
            let (dirs, files): (Vec<String>, Vec<String>) =
                gone.iter().cloned().partition(|k| k.ends_with(".dir"));
            for batch in [dirs, files] {
                for (k, r) in batch.iter().zip(remote.remote.delete(&batch, remote.jobs)) {
                    r.map_err(|e| {
                        crate::transfer::remote_error(&remote.name, &remote.url, e)
                            .with_hint(format!("'{k}' was not removed; run gc again"))
                    })?;
                }
            }
        }
        report.remote = Some((remote.name.clone(), gone));
    }
    Ok(report)
}
