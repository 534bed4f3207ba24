use std::collections::{HashMap, HashSet};

use dvx_formats::Oid;
use dvx_odb::{object_key, HashKind};

use super::fetch::remote_manifests;
use super::{entry_name, opened_groups, TransferOptions, TransferReport, UsedOut};
use crate::digest::load_manifest;
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
        // (name, key, in cache, known to be on the remote)
        let mut objs: Vec<(String, String, bool, bool)> = Vec::new();
        for (o, key) in outs.iter().filter(|o| !o.oid.is_dir).map(|o| {
            let k = object_key(&o.oid, o.kind);
            (o, k)
        }) {
            objs.push((o.name.clone(), key, in_cache(&o.oid, o.kind), false));
        }
        let missing_dirs: Vec<&UsedOut> = dirs
            .iter()
            .zip(&dir_there)
            .filter(|(_, there)| !**there)
            .map(|(o, _)| *o)
            .collect();
        // files of earlier versions whose `.dir` the remote holds are there (see push)
        let vouched = super::vouched_by_earlier(repo, &odb, &remote, &missing_dirs)?;
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
                let key = object_key(&e.oid, o.kind);
                let known = there || vouched.contains(&key);
                objs.push((
                    entry_name(&o.name, &e.relpath),
                    key,
                    in_cache(&e.oid, o.kind),
                    known,
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
        let answers: HashMap<String, bool> =
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
