use dvx_formats::{DirEntry, Oid};
use dvx_odb::{object_key, HashKind};

use super::fetch::remote_manifests;
use super::{entries_vouched, entry_name, opened_groups, TransferOptions, TransferReport, UsedOut};
use crate::digest::is_not_sorted;
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::NoProgress;

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
    stages: &[TrackedStage],
    opts: &TransferOptions,
) -> Result<CloudStatus> {
    let odb = repo.odb()?;
    let mut rows = Vec::new();
    let mut names = Vec::new();
    let mut report = TransferReport::default();
    for (remote, outs) in opened_groups(repo, stages, opts, false)? {
        names.push(remote.name.clone());
        let in_cache = |oid: &Oid, kind: HashKind| odb.path_for(oid, kind).is_file();
        let dirs: Vec<&UsedOut> = outs.iter().filter(|o| o.oid.is_dir).collect();
        let dir_keys: Vec<String> = dirs.iter().map(|o| object_key(&o.oid, o.kind)).collect();
        let dir_there = remote.exists(&dir_keys)?;
        // objects whose place on the remote must be asked: (name, key, in cache); those known
        // to be there (their .dir is, or an earlier version's) only make a row when the cache
        // lacks them, so a directory the remote holds costs nothing per file
        let mut pending: Vec<(String, String, bool)> = Vec::new();
        for o in outs.iter().filter(|o| !o.oid.is_dir) {
            let cached = in_cache(&o.oid, o.kind);
            pending.push((o.name.clone(), object_key(&o.oid, o.kind), cached));
        }
        let missing_dirs: Vec<&UsedOut> = dirs
            .iter()
            .zip(&dir_there)
            .filter(|(_, there)| !**there)
            .map(|(o, _)| *o)
            .collect();
        // files of an earlier version whose `.dir` the remote holds are there (see push)
        let mut earlier = super::vouching_versions(repo, &odb, &remote, &missing_dirs)?.into_iter();
        let mut remote_only = Vec::new();
        for (o, there) in dirs.iter().zip(dir_there) {
            let earlier = if there {
                None
            } else {
                earlier.next().flatten()
            };
            // read as it comes; one in another order is read whole (rows are sorted below)
            let mut listed = false;
            for whole in [false, true] {
                let Some(entries) = entries_vouched(&odb, o, earlier.as_ref(), whole)? else {
                    break;
                };
                listed = true;
                let (rows_at, pending_at) = (rows.len(), pending.len());
                let mut each = |(e, vouched): (DirEntry, bool)| {
                    let cached = in_cache(&e.oid, o.kind);
                    if there || vouched {
                        if !cached {
                            rows.push((entry_name(&o.name, &e.relpath), CloudState::Deleted));
                        }
                    } else {
                        let key = object_key(&e.oid, o.kind);
                        pending.push((entry_name(&o.name, &e.relpath), key, cached));
                    }
                };
                match entries.map(|e| e.map(&mut each)).try_for_each(|r| r) {
                    Ok(()) => break,
                    Err(e) if !whole && is_not_sorted(&e) => {
                        rows.truncate(rows_at);
                        pending.truncate(pending_at);
                    }
                    Err(e) => return Err(e),
                }
            }
            if !listed && there {
                // DVC reads such a manifest from the remote and lists its files only.
                remote_only.push(*o);
                continue;
            }
            if let Some(s) = CloudState::of(listed, there) {
                rows.push((o.name.clone(), s));
            }
        }
        for (o, m, f) in remote_manifests(&odb, &remote, &remote_only, &NoProgress, &mut report)? {
            f.drop_tmp();
            for e in &m.entries {
                if !in_cache(&e.oid, o.kind) {
                    rows.push((entry_name(&o.name, &e.relpath), CloudState::Deleted));
                }
            }
        }
        let mut ask: Vec<&str> = pending.iter().map(|p| p.1.as_str()).collect();
        ask.sort_unstable();
        ask.dedup();
        let asked: Vec<String> = ask.iter().map(|k| k.to_string()).collect();
        drop(ask);
        let answers = remote.exists(&asked)?;
        for (name, key, cached) in pending {
            let there = asked
                .binary_search(&key)
                .is_ok_and(|i| answers.get(i).copied().unwrap_or(false));
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

/// `data status --not-in-remote`: the outputs whose objects their remote lacks, named as DVC
/// names them (`dir/` for a directory); with `granular`, each file of a directory too (from
/// its manifest in the cache; only the directory when the cache lacks it). In the outputs'
/// order. An output with no remote to go to (none given, none set) is not in one.
pub fn not_in_remote(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    granular: bool,
) -> Result<Vec<String>> {
    let odb = repo.odb()?;
    let default = opts.remote.is_some() || repo.config.get("core", "remote").is_some();
    // (name, key, remote): each object to ask about
    let mut asked: Vec<(String, String, Option<String>)> = Vec::new();
    for (wanted, o) in super::used_outs(repo, stages, opts, true)? {
        let shown = match o.oid.is_dir {
            true => format!("{}/", o.name),
            false => o.name.clone(),
        };
        asked.push((shown, object_key(&o.oid, o.kind), wanted.clone()));
        if !(granular && o.oid.is_dir) {
            continue;
        }
        if let Some(m) = crate::digest::load_manifest(&odb, &o.oid, o.kind)? {
            for e in m.entries {
                let name = entry_name(&o.name, &e.relpath);
                asked.push((name, object_key(&e.oid, o.kind), wanted.clone()));
            }
        }
    }
    let mut there = vec![false; asked.len()];
    let mut by_remote: std::collections::BTreeMap<Option<String>, Vec<usize>> = Default::default();
    for (i, (_, _, wanted)) in asked.iter().enumerate() {
        if wanted.is_some() || default {
            by_remote.entry(wanted.clone()).or_default().push(i);
        }
    }
    for (wanted, idx) in by_remote {
        let cfg = crate::remotes::resolve(&repo.config, wanted.as_deref())?;
        let remote = super::Opened::open(&cfg, opts.jobs)?;
        for chunk in idx.chunks(65_536) {
            let keys: Vec<String> = chunk.iter().map(|&i| asked[i].1.clone()).collect();
            for (&i, yes) in chunk.iter().zip(remote.exists(&keys)?) {
                there[i] = yes;
            }
        }
    }
    Ok(asked
        .into_iter()
        .zip(there)
        .filter(|(_, there)| !there)
        .map(|((name, _, _), _)| name)
        .collect())
}
