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
mod to_remote;

pub use cloud_status::{cloud_status, not_in_remote, CloudState, CloudStatus};
pub(crate) use fetch::{cached_files, fetch_from, fetch_manifests};
pub use push::push;
pub use to_remote::upload_data;

use std::collections::BTreeMap;

use dvx_formats::{DirEntry, Oid};
use dvx_odb::HashKind;
use dvx_remote::{Remote, RemoteConfig, RemoteError};

use crate::digest::{merge_sorted, Entries};
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
    /// Fetch only these parts of tracked directories (targets inside them).
    pub parts: crate::parts::Parts,
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
    /// Imports whose pointer file records no data (`--no-download`, `--no-exec`), fetched
    /// from their source: as it is there now, to check out without recording it (as DVC's
    /// `pull` does).
    pub unrecorded_imports: Vec<crate::stage::TrackedStage>,
}

/// A cached output as transfers see it.
#[derive(Debug, Clone)]
pub(crate) struct UsedOut {
    pub(crate) name: String,
    pub(crate) oid: Oid,
    pub(crate) kind: HashKind,
    /// For a directory: only the files under these paths (see [`crate::parts`]).
    pub(crate) part: Option<Vec<String>>,
    /// The stage (pointer file or pipeline stage) that records it as its output `.1`: git's
    /// history of its record has its earlier versions.
    pub(crate) source: Option<Box<(TrackedStage, usize)>>,
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
    for (wanted, used) in used_outs(repo, stages, opts, for_push)? {
        let key = wanted.clone().unwrap_or_default();
        if !groups.contains_key(&key) {
            let cfg = remotes::resolve(&repo.config, wanted.as_deref())?;
            groups.insert(key.clone(), (cfg, Vec::new()));
        }
        groups.get_mut(&key).expect("inserted").1.push(used);
    }
    Ok(groups)
}

/// The outputs of `stages` that remotes hold, each with the remote it names (its own, or
/// `-r`; None: the default one).
pub(crate) fn used_outs(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    for_push: bool,
) -> Result<Vec<(Option<String>, UsedOut)>> {
    let mut used = Vec::new();
    for st in stages {
        stage::check_inside(repo, st)?;
        // An import's data lives in its source repository, a version-aware URL import's at
        // its source's recorded versions (fetch takes them from there).
        if st.import_dep()?.is_some() || version_aware_url_import(st) {
            continue;
        }
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = out.oid else { continue };
            let options = st.options(i);
            if !options.cache || (for_push && !options.push) {
                continue;
            }
            let own = options.remote.as_deref();
            let wanted = own.or(opts.remote.as_deref()).map(str::to_string);
            used.push((
                wanted,
                UsedOut {
                    name: repo.rel(&st.out_path(i)),
                    oid,
                    kind: HashKind::of(out),
                    // push sends directories whole: a `.dir` on a remote vouches for all its files
                    part: (!for_push)
                        .then(|| opts.parts.get(st, i).map(<[String]>::to_vec))
                        .flatten(),
                    source: oid.is_dir.then(|| Box::new((st.clone(), i))),
                },
            ));
        }
    }
    Ok(used)
}

/// For each of `dirs`, the newest earlier version (from git's history of the file recording
/// it) whose `.dir` both the remote and the cache hold: a `.dir` on a remote means its files
/// are all there, so a push or `status -c` of a version that changed 1% asks about that 1%
/// only (see [`entries_vouched`]). The remote is asked about every candidate at once.
pub(super) fn vouching_versions(
    repo: &Repo,
    odb: &dvx_odb::Odb,
    remote: &Opened,
    dirs: &[&UsedOut],
) -> Result<Vec<Option<Oid>>> {
    let candidates: Vec<Vec<Oid>> = dirs
        .iter()
        .map(|o| match &o.source {
            Some(source) => {
                let (st, i) = &**source;
                crate::history::earlier_dirs(repo, st, *i, &o.oid, 3)
                    .into_iter()
                    .filter(|oid| odb.exists(oid, o.kind))
                    .collect()
            }
            None => Vec::new(),
        })
        .collect();
    let mut keys: Vec<String> = dirs
        .iter()
        .zip(&candidates)
        .flat_map(|(o, c)| c.iter().map(|oid| dvx_odb::object_key(oid, o.kind)))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let there = remote.exists(&keys)?;
    let on_remote = |oid: &Oid, kind| {
        keys.binary_search(&dvx_odb::object_key(oid, kind))
            .is_ok_and(|i| there[i])
    };
    Ok(dirs
        .iter()
        .zip(candidates)
        .map(|(o, c)| c.into_iter().find(|oid| on_remote(oid, o.kind)))
        .collect())
}

/// Directory `o`'s entries in DVC's order, each with whether version `earlier` (whose `.dir`
/// the remote holds, see [`vouching_versions`]) has the same file at the same path, so that
/// the remote holds it too. Both manifests are read as they come and merged by path, never
/// held; with `whole` both are read whole and sorted (what a caller does again after an
/// error that [`is_not_sorted`]). None when the cache lacks `o`'s manifest.
pub(super) fn entries_vouched(
    odb: &dvx_odb::Odb,
    o: &UsedOut,
    earlier: Option<&Oid>,
    whole: bool,
) -> Result<Option<EntryStream<'static>>> {
    let Some(entries) = Entries::cached(odb, &o.oid, o.kind, whole)? else {
        return Ok(None);
    };
    let earlier = match earlier {
        Some(oid) => Entries::cached(odb, oid, o.kind, whole)?,
        None => None,
    };
    let pairs = merge_sorted(entries, earlier.into_iter().flatten(), |a, b| {
        a.relpath.cmp(&b.relpath)
    });
    Ok(Some(Box::new(pairs.filter_map(|pair| match pair {
        Ok((Some(e), before)) => {
            let vouched = before.is_some_and(|b| b.oid == e.oid);
            Some(Ok((e, vouched)))
        }
        Ok((None, _)) => None,
        Err(e) => Some(Err(e)),
    }))))
}

/// A directory's entries as a transfer reads them, each with whether the remote is known to
/// hold it (see [`entries_vouched`]).
pub(super) type EntryStream<'a> = Box<dyn Iterator<Item = Result<(DirEntry, bool)>> + 'a>;

/// Hands the entries of a directory's manifest that `keep` says to `chunk`, `n` at a time,
/// reading the manifest as it comes: a transfer holds a chunk, never the directory. A manifest
/// in another order is opened again whole and sorted (`open(true)`) and handed again from its
/// start (what the first pass moved is found moved). Says whether every chunk said all its
/// objects made it; None when `open` finds no manifest.
pub(super) fn in_chunks<'a>(
    open: impl Fn(bool) -> Result<Option<EntryStream<'a>>>,
    n: usize,
    mut keep: impl FnMut(&DirEntry, bool) -> bool,
    mut chunk: impl FnMut(Vec<DirEntry>) -> Result<bool>,
) -> Result<Option<bool>> {
    let mut whole = false;
    loop {
        let Some(entries) = open(whole)? else {
            return Ok(None);
        };
        let mut complete = true;
        let mut held = Vec::new();
        let pass = || {
            for entry in entries {
                let (e, vouched) = entry?;
                if keep(&e, vouched) {
                    held.push(e);
                    if held.len() >= n {
                        complete &= chunk(std::mem::take(&mut held))?;
                    }
                }
            }
            if !held.is_empty() {
                complete &= chunk(held)?;
            }
            Ok(Some(complete))
        };
        match pass() {
            Err(e) if !whole && crate::digest::is_not_sorted(&e) => whole = true,
            r => return r,
        }
    }
}

/// Whether `st` imports from a URL by object versions (DVC never pushes that data).
pub(crate) fn version_aware_url_import(st: &TrackedStage) -> bool {
    st.pointer
        .url_dep()
        .is_some_and(|(_, d)| dvx_formats::import::is_version_aware(&d))
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

    pub(crate) fn exists(&self, keys: &[String]) -> Result<Vec<bool>> {
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
    let mut err = Error::user(format!("remote '{name}' ({url}): {e}"));
    if let RemoteError::Remote {
        hint: Some(hint), ..
    } = &e
    {
        err = err.with_hint(hint.clone());
    }
    err.kind(crate::ErrorKind::Remote)
        .with_cause(crate::error::Cause::Remote {
            name: name.to_string(),
            url: url.into_owned(),
            error: e,
        })
}

/// Objects are sent or fetched this many at a time, so that what a transfer holds per object
/// (its name, key and paths) is bounded by the batch, not by the number of files. Debug builds
/// (which the test suite runs) use small batches, so that every transfer the tests make
/// crosses batch boundaries.
pub(super) const BATCH: usize = if cfg!(debug_assertions) { 3 } else { 16_384 };

/// The name a file of a tracked directory is shown by: `output/relpath`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    const MD5: [&str; 6] = [
        "a0000000000000000000000000000001",
        "a0000000000000000000000000000002",
        "a0000000000000000000000000000003",
        "a0000000000000000000000000000004",
        "a0000000000000000000000000000005",
        "a0000000000000000000000000000006",
    ];

    /// Pointer files and a pipeline stage whose outputs name their own remote, opt out of
    /// push, or are not cached: each lands in the group of the remote that holds it.
    fn repo(dir: &Path) -> Repo {
        fs::create_dir_all(dir.join(".dvc")).unwrap();
        fs::write(
            dir.join(".dvc/config"),
            "[core]\n    no_scm = True\n    remote = a\n['remote \"a\"']\n    url = /tmp/a\n\
             ['remote \"b\"']\n    url = /tmp/b\n['remote \"c\"']\n    url = /tmp/c\n",
        )
        .unwrap();
        let pointer = |name: &str, md5: &str, extra: &str| {
            let text =
                format!("outs:\n- md5: {md5}\n  size: 1\n  hash: md5\n  path: {name}\n{extra}");
            fs::write(dir.join(format!("{name}.dvc")), text).unwrap();
        };
        pointer("plain", MD5[0], "");
        pointer("own", MD5[1], "  remote: b\n");
        pointer("nopush", MD5[2], "  push: false\n");
        fs::write(
            dir.join("dvc.yaml"),
            "stages:\n  s:\n    cmd: c\n    outs:\n    - m1:\n        remote: b\n        push: false\n\
             \x20   - m2\n    - m3:\n        cache: false\n",
        )
        .unwrap();
        let out = |p: &str, md5: &str| {
            format!("    - path: {p}\n      hash: md5\n      md5: {md5}\n      size: 1\n")
        };
        fs::write(
            dir.join("dvc.lock"),
            format!(
                "schema: '2.0'\nstages:\n  s:\n    cmd: c\n    outs:\n{}{}{}",
                out("m1", MD5[3]),
                out("m2", MD5[4]),
                out("m3", MD5[5])
            ),
        )
        .unwrap();
        Repo::open(dir).unwrap()
    }

    fn groups(repo: &Repo, remote: Option<&str>, for_push: bool) -> Vec<(String, Vec<String>)> {
        let stages = crate::index::select_with_pipelines(repo, &repo.root, &[]).unwrap();
        let opts = TransferOptions {
            remote: remote.map(str::to_string),
            jobs: None,
            ..Default::default()
        };
        used_by_remote(repo, &stages, &opts, for_push)
            .unwrap()
            .into_iter()
            .map(|(_, (cfg, outs))| {
                let mut names: Vec<String> = outs.into_iter().map(|o| o.name).collect();
                names.sort();
                (cfg.name, names)
            })
            .collect()
    }

    #[test]
    fn outputs_go_to_their_own_remote_then_dash_r_then_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let repo = repo(dir.path());
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            groups(&repo, None, false),
            vec![
                ("a".to_string(), s(&["m2", "nopush", "plain"])),
                ("b".to_string(), s(&["m1", "own"])),
            ]
        );
        assert_eq!(
            groups(&repo, None, true),
            vec![
                ("a".to_string(), s(&["m2", "plain"])),
                ("b".to_string(), s(&["own"])),
            ]
        );
        assert_eq!(
            groups(&repo, Some("c"), true),
            vec![
                ("b".to_string(), s(&["own"])),
                ("c".to_string(), s(&["m2", "plain"])),
            ]
        );
    }

    #[test]
    fn a_remote_error_names_the_remote_and_keeps_its_cause() {
        let e = remote_error(
            "s3",
            "s3://user:secret@bucket/x",
            RemoteError::remote("access denied", Some("check the credentials")),
        );
        assert_eq!(e.kind, crate::ErrorKind::Remote);
        assert!(!e.message.contains("secret"), "{}", e.message);
        assert!(e.message.starts_with("remote 's3' (s3://"), "{}", e.message);
        assert!(e.message.ends_with(": access denied"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some("check the credentials"));
        match e.cause.map(|c| *c) {
            Some(crate::error::Cause::Remote { name, url, error }) => {
                assert_eq!(name, "s3");
                assert!(!url.contains("secret") && url.contains("bucket"), "{url}");
                assert!(error.is_fatal());
            }
            other => panic!("{other:?}"),
        }
    }
}
