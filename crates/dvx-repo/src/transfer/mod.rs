//! `push`, `fetch` and `status -c`: moving objects between the cache and remotes.
//!
//! Only objects missing on the other side move. A directory's files go first and its `.dir`
//! manifest last, and only when every file made it: a `.dir` on a remote (or fetched into the
//! cache) means the whole directory is there, so a no-op push of a large directory costs one
//! existence check. Every downloaded object is verified against its name before it enters
//! the cache; a `.dir` from a remote is parsed as untrusted input (no `..`, no absolute paths).

mod cloud_status;
mod fetch;
mod push;
pub mod run_cache;

pub use cloud_status::{cloud_status, CloudState, CloudStatus};
pub(crate) use fetch::{cached_files, fetch_from, fetch_manifests};
pub use push::push;

use std::collections::{BTreeMap, HashSet};

use dvx_formats::Oid;
use dvx_odb::HashKind;
use dvx_remote::{Remote, RemoteConfig, RemoteError};

use crate::error::{Error, Result};
use crate::remotes;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};

#[derive(Debug, Default, Clone)]
pub struct TransferOptions {
    /// `-r`: the remote for outputs that do not name their own (default: `core.remote`).
    pub remote: Option<String>,
    /// `-j`: parallel transfers (default: the remote's `jobs` option, else 4 per CPU).
    pub jobs: Option<usize>,
}

/// An object by which it is known to the user.
#[derive(Debug, Clone)]
pub struct Named {
    /// The output path, or `output/relpath` for a file inside a tracked directory.
    pub name: String,
    pub oid: Oid,
}

/// One object that could not be transferred.
#[derive(Debug, Clone)]
pub struct Failed {
    pub name: String,
    pub remote: String,
    pub error: RemoteError,
}

#[derive(Debug, Default)]
pub struct TransferReport {
    /// Objects moved (`.dir` manifests count, as DVC counts them).
    pub transferred: usize,
    /// Objects neither in the cache nor on the remote.
    pub missing: Vec<Named>,
    pub failed: Vec<Failed>,
}

/// A cached output as transfers see it.
#[derive(Debug, Clone)]
pub(crate) struct UsedOut {
    pub(crate) name: String,
    pub(crate) oid: Oid,
    pub(crate) kind: HashKind,
}

/// The outputs of `stages` to move, grouped by the remote that holds them: an output's own
/// `remote:` wins over `-r`, which wins over the default remote. With `for_push`, outputs
/// marked `push: false` are left out.
fn used_by_remote(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    for_push: bool,
) -> Result<BTreeMap<String, (RemoteConfig, Vec<UsedOut>)>> {
    let mut groups: BTreeMap<String, (RemoteConfig, Vec<UsedOut>)> = BTreeMap::new();
    for st in stages {
        stage::check_inside(repo, st)?;
        // An import's data lives in its source repository (fetch takes it from there).
        if st.import_dep()?.is_some() {
            continue;
        }
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = out.oid else { continue };
            let options = st.options(i);
            if !options.cache || (for_push && !options.push) {
                continue;
            }
            let own = options.remote.as_deref();
            let wanted = own.or(opts.remote.as_deref());
            let key = wanted.unwrap_or("").to_string();
            if !groups.contains_key(&key) {
                let cfg = remotes::resolve(&repo.config, wanted)?;
                groups.insert(key.clone(), (cfg, Vec::new()));
            }
            groups.get_mut(&key).expect("inserted").1.push(UsedOut {
                name: repo.rel(&st.out_path(i)),
                oid,
                kind: HashKind::of(out),
            });
        }
    }
    Ok(groups)
}

/// The groups of [`used_by_remote`], each with its remote opened.
pub(crate) fn opened_groups(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    for_push: bool,
) -> Result<Vec<(Opened, Vec<UsedOut>)>> {
    used_by_remote(repo, stages, opts, for_push)?
        .into_values()
        .map(|(cfg, outs)| Ok((Opened::open(&cfg, opts.jobs)?, outs)))
        .collect()
}

/// An opened remote, with the name and URL that messages use.
pub(crate) struct Opened {
    pub(crate) remote: Box<dyn Remote>,
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) jobs: usize,
}

impl Opened {
    pub(crate) fn open(cfg: &RemoteConfig, jobs: Option<usize>) -> Result<Self> {
        let remote = dvx_remote::open(cfg).map_err(|e| remote_error(&cfg.name, &cfg.url, e))?;
        let jobs = jobs
            .or_else(|| cfg.option("jobs").and_then(|j| j.parse().ok()))
            .unwrap_or_else(|| remote.default_jobs())
            .max(1);
        Ok(Opened {
            remote,
            name: cfg.name.clone(),
            url: cfg.url.clone(),
            jobs,
        })
    }

    fn exists(&self, keys: &[String]) -> Result<Vec<bool>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        self.remote
            .exists(keys)
            .map_err(|e| remote_error(&self.name, &self.url, e))
    }

    /// Sorts one transfer result into the report; a failure of the whole remote ends the
    /// command at once.
    fn settle<T>(
        &self,
        r: std::result::Result<T, RemoteError>,
        obj: &Named,
        report: &mut TransferReport,
    ) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_fatal() => Err(remote_error(&self.name, &self.url, e)),
            Err(RemoteError::NotFound { .. }) => {
                report.missing.push(obj.clone());
                Ok(None)
            }
            Err(e) => {
                report.failed.push(Failed {
                    name: obj.name.clone(),
                    remote: self.name.clone(),
                    error: e,
                });
                Ok(None)
            }
        }
    }
}

/// A whole-remote failure as the user sees it: which remote, what happened, what to do.
pub(crate) fn remote_error(name: &str, url: &str, e: RemoteError) -> Error {
    let url = dvx_formats::url::redact(url);
    let err = match e {
        RemoteError::Remote { message, hint } => {
            let err = Error::user(format!("remote '{name}' ({url}): {message}"));
            match hint {
                Some(h) => err.with_hint(h),
                None => err,
            }
        }
        other => Error::user(format!("remote '{name}' ({url}): {other}")),
    };
    err.kind(crate::ErrorKind::Remote)
}

/// Keeps the first of each key.
fn dedup(objs: Vec<(String, Named, HashKind)>) -> Vec<(String, Named, HashKind)> {
    let mut seen = HashSet::new();
    objs.into_iter()
        .filter(|(k, _, _)| seen.insert(k.clone()))
        .collect()
}

fn entry_name(out: &str, relpath: &str) -> String {
    format!("{out}/{relpath}")
}

/// The pointer files a transfer command works on: `targets` (with `recursive`, every pointer
/// file under a target directory), or all of them.
pub fn select(
    repo: &Repo,
    cwd: &std::path::Path,
    targets: &[String],
    recursive: bool,
) -> Result<Vec<TrackedStage>> {
    if !recursive {
        return crate::index::select_with_pipelines(repo, cwd, targets);
    }
    let all = crate::index::select_with_pipelines(repo, cwd, &[])?;
    let mut chosen = Vec::new();
    for t in targets {
        let abs = crate::fsutil::absolutize(cwd, std::path::Path::new(t));
        if !abs.is_dir() {
            return Err(Error::user(format!("'{t}' is not a directory"))
                .with_hint("-R/--recursive takes directories to search for pointer files"));
        }
        for s in all.iter().filter(|s| s.file.starts_with(&abs)) {
            if !chosen
                .iter()
                .any(|c: &TrackedStage| c.file == s.file && c.rel == s.rel)
            {
                chosen.push(s.clone());
            }
        }
    }
    Ok(chosen)
}
