//! `push`, `fetch` and `status -c`: moving objects between the cache and remotes.
//!
//! Only objects missing on the other side move. A directory's files go first and its `.dir`
//! manifest last, and only when every file made it: a `.dir` on a remote (or fetched into the
//! cache) means the whole directory is there, so a no-op push of a large directory costs one
//! existence check. Every downloaded object is verified against its name before it enters
//! the cache; a `.dir` from a remote is parsed as untrusted input (no `..`, no absolute paths).

use std::collections::{BTreeMap, HashSet};
use std::fs;

use dvx_formats::{Manifest, Oid};
use dvx_odb::{hash, object_key, HashKind, Odb};
use dvx_remote::{Download, Remote, RemoteConfig, RemoteError, Upload};

use crate::digest::load_manifest;
use crate::error::{Error, Result};
use crate::remotes;
use crate::repo::Repo;
use crate::stage::{self, hash_kind, PointerStage};
use crate::{NoProgress, Progress};

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
struct UsedOut {
    name: String,
    oid: Oid,
    kind: HashKind,
}

/// The outputs of `stages` to move, grouped by the remote that holds them: an output's own
/// `remote:` wins over `-r`, which wins over the default remote. With `for_push`, outputs
/// marked `push: false` are left out.
fn used_by_remote(
    repo: &Repo,
    stages: &[PointerStage],
    opts: &TransferOptions,
    for_push: bool,
) -> Result<BTreeMap<String, (RemoteConfig, Vec<UsedOut>)>> {
    use dvx_formats::yaml::Value;
    let mut groups: BTreeMap<String, (RemoteConfig, Vec<UsedOut>)> = BTreeMap::new();
    for st in stages {
        stage::check_inside(repo, st)?;
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = out.oid else { continue };
            if !out.use_cache() {
                continue;
            }
            if for_push && matches!(out.extra_value("push"), Some(Value::Bool(false))) {
                continue;
            }
            let own = match out.extra_value("remote") {
                Some(Value::Str(r)) => Some(r.as_str()),
                _ => None,
            };
            let wanted = own.or(opts.remote.as_deref());
            let key = wanted.unwrap_or("").to_string();
            if !groups.contains_key(&key) {
                let cfg = remotes::resolve(&repo.config, wanted)?;
                groups.insert(key.clone(), (cfg, Vec::new()));
            }
            groups.get_mut(&key).expect("inserted").1.push(UsedOut {
                name: repo.rel(&st.out_path(i)),
                oid,
                kind: hash_kind(out),
            });
        }
    }
    Ok(groups)
}

/// An opened remote, with the name and URL that messages use.
struct Opened {
    remote: Box<dyn Remote>,
    name: String,
    url: String,
    jobs: usize,
}

impl Opened {
    fn open(cfg: &RemoteConfig, jobs: Option<usize>) -> Result<Self> {
        let remote = dvx_remote::open(cfg).map_err(|e| remote_error(&cfg.name, &cfg.url, e))?;
        let jobs = jobs
            .or_else(|| cfg.option("jobs").and_then(|j| j.parse().ok()))
            .unwrap_or_else(dvx_remote::default_jobs)
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
fn remote_error(name: &str, url: &str, e: RemoteError) -> Error {
    match e {
        RemoteError::Remote { message, hint } => {
            let err = Error::user(format!("remote '{name}' ({url}): {message}"));
            match hint {
                Some(h) => err.with_hint(h),
                None => err,
            }
        }
        other => Error::user(format!("remote '{name}' ({url}): {other}")),
    }
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

/// Uploads what the remotes lack of the selected outputs.
pub fn push(
    repo: &Repo,
    stages: &[PointerStage],
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<TransferReport> {
    let odb = repo.odb()?;
    let mut report = TransferReport::default();
    for (cfg, outs) in used_by_remote(repo, stages, opts, true)?.into_values() {
        let remote = Opened::open(&cfg, opts.jobs)?;
        push_to(&odb, &remote, &outs, progress, &mut report)?;
    }
    Ok(report)
}

fn push_to(
    odb: &Odb,
    remote: &Opened,
    outs: &[UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let named = |o: &UsedOut| Named {
        name: o.name.clone(),
        oid: o.oid,
    };
    let (dirs, files): (Vec<&UsedOut>, Vec<&UsedOut>) = outs.iter().partition(|o| o.oid.is_dir);
    let mut objs: Vec<(String, Named, HashKind)> = files
        .iter()
        .map(|o| (object_key(&o.oid, o.kind), named(o), o.kind))
        .collect();
    // A `.dir` on the remote means the directory is complete there.
    let dir_keys: Vec<String> = dirs.iter().map(|o| object_key(&o.oid, o.kind)).collect();
    let dir_there = remote.exists(&dir_keys)?;
    let mut pending_dirs: Vec<(String, Named, Vec<String>)> = Vec::new();
    for ((o, key), there) in dirs.iter().zip(dir_keys).zip(dir_there) {
        if there {
            continue;
        }
        let Some(manifest) = load_manifest(odb, &o.oid, o.kind)? else {
            report.missing.push(named(o));
            continue;
        };
        let mut entry_keys = Vec::with_capacity(manifest.entries.len());
        for e in &manifest.entries {
            let k = object_key(&e.oid, o.kind);
            entry_keys.push(k.clone());
            objs.push((
                k,
                Named {
                    name: entry_name(&o.name, &e.relpath),
                    oid: e.oid,
                },
                o.kind,
            ));
        }
        pending_dirs.push((key, named(o), entry_keys));
    }
    let objs = dedup(objs);
    let keys: Vec<String> = objs.iter().map(|(k, _, _)| k.clone()).collect();
    let there = remote.exists(&keys)?;
    let mut not_there: HashSet<String> = HashSet::new();
    let mut uploads = Vec::new();
    let mut upload_objs = Vec::new();
    for ((key, obj, _), there) in objs.into_iter().zip(there) {
        if there {
            continue;
        }
        let from = odb.key_path(&key);
        if !from.is_file() {
            report.missing.push(obj);
            not_there.insert(key);
            continue;
        }
        uploads.push(Upload { from, key });
        upload_objs.push(obj);
    }
    let results = run_uploads(remote, &uploads, progress);
    for ((u, obj), r) in uploads.iter().zip(&upload_objs).zip(results) {
        if remote.settle(r, obj, report)?.is_some() {
            report.transferred += 1;
        } else {
            not_there.insert(u.key.clone());
        }
    }
    // Then the manifests of the directories whose files are all there.
    let (dir_uploads, dir_objs): (Vec<Upload>, Vec<Named>) = pending_dirs
        .into_iter()
        .filter(|(_, _, entries)| entries.iter().all(|k| !not_there.contains(k)))
        .map(|(key, obj, _)| {
            (
                Upload {
                    from: odb.key_path(&key),
                    key,
                },
                obj,
            )
        })
        .unzip();
    let results = run_uploads(remote, &dir_uploads, progress);
    for (obj, r) in dir_objs.iter().zip(results) {
        if remote.settle(r, obj, report)?.is_some() {
            report.transferred += 1;
        }
    }
    Ok(())
}

fn run_uploads(
    remote: &Opened,
    uploads: &[Upload],
    progress: &dyn Progress,
) -> Vec<std::result::Result<(), RemoteError>> {
    if uploads.is_empty() {
        return Vec::new();
    }
    progress.begin("pushing", uploads.len() as u64);
    let r = remote.remote.upload(uploads, remote.jobs, progress);
    progress.end();
    r
}

/// Downloads into the cache what it lacks of the selected outputs.
pub fn fetch(
    repo: &Repo,
    stages: &[PointerStage],
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<TransferReport> {
    let odb = repo.odb()?;
    let mut report = TransferReport::default();
    for (cfg, outs) in used_by_remote(repo, stages, opts, false)?.into_values() {
        let remote = Opened::open(&cfg, opts.jobs)?;
        fetch_from(&odb, &remote, &outs, progress, &mut report)?;
    }
    Ok(report)
}

/// A downloaded object waiting in the cache's scratch directory.
struct Fetched {
    tmp: std::path::PathBuf,
    key: String,
}

impl Fetched {
    fn drop_tmp(&self) {
        let _ = fs::remove_file(&self.tmp);
    }
}

fn fetch_from(
    odb: &Odb,
    remote: &Opened,
    outs: &[UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let named = |o: &UsedOut| Named {
        name: o.name.clone(),
        oid: o.oid,
    };
    let in_cache = |oid: &Oid, kind: HashKind| odb.path_for(oid, kind).is_file();
    let mut wants: Vec<(String, Named, HashKind)> = Vec::new();
    let mut manifests: Vec<(&UsedOut, Manifest, Option<Fetched>)> = Vec::new();
    let mut dirs_to_fetch: Vec<&UsedOut> = Vec::new();
    for o in outs {
        if !o.oid.is_dir {
            if !in_cache(&o.oid, o.kind) {
                wants.push((object_key(&o.oid, o.kind), named(o), o.kind));
            }
        } else if let Some(m) = load_manifest(odb, &o.oid, o.kind)? {
            manifests.push((o, m, None));
        } else {
            dirs_to_fetch.push(o);
        }
    }
    // Manifests first: they say which files a directory needs.
    for (o, m, f) in remote_manifests(odb, remote, &dirs_to_fetch, progress, report)? {
        manifests.push((o, m, Some(f)));
    }
    let mut dir_entries: Vec<Vec<String>> = Vec::new();
    for (o, m, _) in &manifests {
        let mut keys = Vec::with_capacity(m.entries.len());
        for e in &m.entries {
            let k = object_key(&e.oid, o.kind);
            if !in_cache(&e.oid, o.kind) {
                wants.push((
                    k.clone(),
                    Named {
                        name: entry_name(&o.name, &e.relpath),
                        oid: e.oid,
                    },
                    o.kind,
                ));
            }
            keys.push(k);
        }
        dir_entries.push(keys);
    }
    let wants = dedup(wants);
    let want_keys: Vec<String> = wants.iter().map(|(k, _, _)| k.clone()).collect();
    let got = download_verified(odb, remote, wants, progress, report)?;
    let mut failed: HashSet<String> = HashSet::new();
    for (key, (f, _)) in want_keys.into_iter().zip(got) {
        match f {
            Some(f) => {
                settle_into_cache(odb, &f)?;
                report.transferred += 1;
            }
            None => {
                failed.insert(key);
            }
        }
    }
    // A fetched manifest enters the cache last, once its files are all there.
    for ((_, _, fetched), entries) in manifests.iter().zip(dir_entries) {
        let Some(f) = fetched else { continue };
        if entries.iter().any(|k| failed.contains(k)) {
            f.drop_tmp();
        } else {
            settle_into_cache(odb, f)?;
            report.transferred += 1;
        }
    }
    Ok(())
}

fn settle_into_cache(odb: &Odb, f: &Fetched) -> Result<()> {
    let dest = odb.key_path(&f.key);
    odb.settle_tmp(&f.tmp, &dest)
        .map_err(|e| Error::io("moving a downloaded object into the cache at", &dest, e))
}

/// Downloads objects into the cache's scratch directory and verifies each against its name.
/// Returns, in order, the verified download (None if it failed: then it is in the report).
fn download_verified(
    odb: &Odb,
    remote: &Opened,
    objs: Vec<(String, Named, HashKind)>,
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(Option<Fetched>, Named)>> {
    if objs.is_empty() {
        return Ok(Vec::new());
    }
    let mut items = Vec::with_capacity(objs.len());
    for (key, _, _) in &objs {
        let to = odb
            .tmp_path()
            .map_err(|e| Error::io("creating a temporary file in", odb.root(), e))?;
        items.push(Download {
            key: key.clone(),
            to,
        });
    }
    progress.begin("fetching", items.len() as u64);
    let results = remote.remote.download(&items, remote.jobs, progress);
    progress.end();
    let mut out = Vec::with_capacity(objs.len());
    let mut fatal = None;
    for ((item, (key, obj, kind)), r) in items.into_iter().zip(objs).zip(results) {
        let fetched = Fetched { tmp: item.to, key };
        if fatal.is_some() {
            fetched.drop_tmp();
            continue;
        }
        let ok = match remote.settle(r, &obj, report) {
            Ok(ok) => ok,
            Err(e) => {
                fatal = Some(e);
                fetched.drop_tmp();
                continue;
            }
        };
        let Some(d) = ok else {
            out.push((None, obj));
            continue;
        };
        // Legacy (DVC 2.x) file objects are named by their md5-dos2unix hash.
        let digest = if kind == HashKind::Dos2Unix && !obj.oid.is_dir {
            hash::hash_file(&fetched.tmp, kind)
                .map(|(d, _)| d)
                .unwrap_or(d.md5)
        } else {
            d.md5
        };
        if digest != obj.oid.digest {
            fetched.drop_tmp();
            report.failed.push(Failed {
                name: obj.name.clone(),
                remote: remote.name.clone(),
                error: RemoteError::object(
                    &fetched.key,
                    format!(
                        "the object on the remote is corrupt (its content hashes to {}); it was not used",
                        Oid::file(digest).hex()
                    ),
                ),
            });
            out.push((None, obj));
            continue;
        }
        out.push((Some(fetched), obj));
    }
    match fatal {
        Some(e) => {
            for (f, _) in out.into_iter().filter_map(|(f, o)| f.map(|f| (f, o))) {
                f.drop_tmp();
            }
            Err(e)
        }
        None => Ok(out),
    }
}

/// Where an object stands between the cache and a remote, as `status -c` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloudState {
    /// In the cache only: push would upload it.
    New,
    /// On the remote only: fetch would download it.
    Deleted,
    /// In neither.
    Missing,
}

impl CloudState {
    pub fn label(self) -> &'static str {
        match self {
            CloudState::New => "new",
            CloudState::Deleted => "deleted",
            CloudState::Missing => "missing",
        }
    }

    fn of(in_cache: bool, on_remote: bool) -> Option<Self> {
        match (in_cache, on_remote) {
            (true, true) => None,
            (true, false) => Some(CloudState::New),
            (false, true) => Some(CloudState::Deleted),
            (false, false) => Some(CloudState::Missing),
        }
    }
}

/// What `status -c` found.
#[derive(Debug, Default)]
pub struct CloudStatus {
    /// Objects not both in the cache and on their remote, by name.
    pub rows: Vec<(String, CloudState)>,
    /// The remotes compared.
    pub remotes: Vec<String>,
}

/// `status -c`: every object of the selected outputs that is not both in the cache and on its
/// remote, sorted by name; and the remotes compared.
pub fn cloud_status(
    repo: &Repo,
    stages: &[PointerStage],
    opts: &TransferOptions,
) -> Result<CloudStatus> {
    let odb = repo.odb()?;
    let mut rows = Vec::new();
    let mut names = Vec::new();
    let mut report = TransferReport::default();
    for (cfg, outs) in used_by_remote(repo, stages, opts, false)?.into_values() {
        let remote = Opened::open(&cfg, opts.jobs)?;
        names.push(remote.name.clone());
        let in_cache = |oid: &Oid, kind: HashKind| odb.path_for(oid, kind).is_file();
        let dirs: Vec<&UsedOut> = outs.iter().filter(|o| o.oid.is_dir).collect();
        let dir_keys: Vec<String> = dirs.iter().map(|o| object_key(&o.oid, o.kind)).collect();
        let dir_there = remote.exists(&dir_keys)?;
        // (name, key, in cache, known to be on the remote)
        let mut objs: Vec<(String, String, bool, bool)> = Vec::new();
        for (o, key) in outs.iter().filter(|o| !o.oid.is_dir).map(|o| {
            let k = object_key(&o.oid, o.kind);
            (o, k)
        }) {
            objs.push((o.name.clone(), key, in_cache(&o.oid, o.kind), false));
        }
        let mut remote_only = Vec::new();
        for (o, there) in dirs.iter().zip(dir_there) {
            let manifest = load_manifest(&odb, &o.oid, o.kind)?;
            if manifest.is_none() && there {
                // DVC reads such a manifest from the remote and lists its files only.
                remote_only.push(*o);
                continue;
            }
            if let Some(s) = CloudState::of(manifest.is_some(), there) {
                rows.push((o.name.clone(), s));
            }
            for e in manifest.iter().flat_map(|m| &m.entries) {
                objs.push((
                    entry_name(&o.name, &e.relpath),
                    object_key(&e.oid, o.kind),
                    in_cache(&e.oid, o.kind),
                    there,
                ));
            }
        }
        for (o, m, f) in remote_manifests(&odb, &remote, &remote_only, &NoProgress, &mut report)? {
            f.drop_tmp();
            for e in &m.entries {
                objs.push((
                    entry_name(&o.name, &e.relpath),
                    object_key(&e.oid, o.kind),
                    in_cache(&e.oid, o.kind),
                    true,
                ));
            }
        }
        let ask: Vec<String> = objs
            .iter()
            .filter(|(_, _, _, known)| !known)
            .map(|(_, k, _, _)| k.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let answers: std::collections::HashMap<String, bool> =
            ask.iter().cloned().zip(remote.exists(&ask)?).collect();
        for (name, key, cached, known) in objs {
            let there = known || answers.get(&key).copied().unwrap_or(false);
            if let Some(s) = CloudState::of(cached, there) {
                rows.push((name, s));
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(f) = report.failed.into_iter().next() {
        return Err(Error::user(format!(
            "remote '{}': cannot read the manifest of '{}': {}",
            f.remote, f.name, f.error
        )));
    }
    Ok(CloudStatus {
        rows,
        remotes: names,
    })
}

/// Downloads directory manifests from the remote, verified and parsed as untrusted input; each
/// stays in a temporary file for the caller to settle into the cache or drop.
fn remote_manifests<'a>(
    odb: &Odb,
    remote: &Opened,
    dirs: &[&'a UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<Vec<(&'a UsedOut, Manifest, Fetched)>> {
    let objs = dirs
        .iter()
        .map(|o| {
            (
                object_key(&o.oid, o.kind),
                Named {
                    name: o.name.clone(),
                    oid: o.oid,
                },
                o.kind,
            )
        })
        .collect();
    let got = download_verified(odb, remote, objs, progress, report)?;
    let mut out = Vec::new();
    for ((f, obj), o) in got.into_iter().zip(dirs) {
        let Some(f) = f else { continue };
        let bytes = fs::read(&f.tmp).map_err(|e| Error::io("reading", &f.tmp, e))?;
        match Manifest::parse(&bytes) {
            Ok(m) => out.push((*o, m, f)),
            Err(e) => report.failed.push(Failed {
                name: obj.name,
                remote: remote.name.clone(),
                error: {
                    f.drop_tmp();
                    RemoteError::object(
                        &f.key,
                        format!("the directory manifest is invalid and was not used: {e}"),
                    )
                },
            }),
        }
    }
    Ok(out)
}

/// The pointer files a transfer command works on: `targets` (with `recursive`, every pointer
/// file under a target directory), or all of them.
pub fn select(
    repo: &Repo,
    cwd: &std::path::Path,
    targets: &[String],
    recursive: bool,
) -> Result<Vec<PointerStage>> {
    if !recursive {
        return stage::select(repo, cwd, targets);
    }
    let all = stage::load_all(repo)?;
    let mut chosen = Vec::new();
    for t in targets {
        let abs = crate::fsutil::absolutize(cwd, std::path::Path::new(t));
        if !abs.is_dir() {
            return Err(Error::user(format!("'{t}' is not a directory"))
                .with_hint("-R/--recursive takes directories to search for pointer files"));
        }
        for s in all.iter().filter(|s| s.file.starts_with(&abs)) {
            if !chosen.iter().any(|c: &PointerStage| c.file == s.file) {
                chosen.push(s.clone());
            }
        }
    }
    Ok(chosen)
}
