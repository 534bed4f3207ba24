use std::collections::HashSet;

use dvx_odb::{object_key, HashKind, Odb};
use dvx_remote::{RemoteError, Upload};

use super::{
    dedup, entry_name, opened_groups, Named, Opened, TransferOptions, TransferReport, UsedOut,
};
use crate::digest::load_manifest;
use crate::error::Result;
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::transaction::Transaction;
use crate::Progress;

/// Uploads what the remotes lack of the selected outputs (recorded in the operation log).
pub fn push(
    tx: &Transaction,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<TransferReport> {
    let repo: &Repo = tx;
    let odb = repo.odb()?;
    let mut report = TransferReport::default();
    for (remote, outs) in opened_groups(repo, stages, opts, true)? {
        push_to(tx, &odb, &remote, &outs, progress, &mut report)?;
    }
    Ok(report)
}

fn push_to(
    tx: &Transaction,
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
    let mut pending_outs: Vec<&UsedOut> = Vec::new();
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
        pending_outs.push(*o);
    }
    let objs = dedup(objs);
    // what an earlier version's `.dir` on the remote vouches for is not asked about
    let vouched = super::vouched_by_earlier(tx, odb, remote, &pending_outs)?;
    let ask: Vec<String> = objs
        .iter()
        .map(|(k, _, _)| k)
        .filter(|k| !vouched.contains(*k))
        .cloned()
        .collect();
    let asked: HashSet<String> = ask
        .iter()
        .zip(remote.exists(&ask)?)
        .filter(|(_, there)| *there)
        .map(|(k, _)| k.clone())
        .collect();
    let there: Vec<bool> = objs
        .iter()
        .map(|(k, _, _)| vouched.contains(k) || asked.contains(k))
        .collect();
    let mut not_there: HashSet<String> = HashSet::new();
    let mut uploads = Vec::new();
    let mut upload_objs = Vec::new();
    let mut bytes = 0u64;
    for ((key, obj, _), there) in objs.into_iter().zip(there) {
        if there {
            continue;
        }
        let from = odb.key_path(&key);
        match std::fs::metadata(&from) {
            Ok(m) if m.is_file() => bytes += m.len(),
            _ => {
                report.missing.push(obj);
                not_there.insert(key);
                continue;
            }
        }
        uploads.push(Upload { from, key });
        upload_objs.push(obj);
    }
    let results = run_uploads(remote, &uploads, bytes, progress);
    let sent = settle_uploads(tx, remote, &uploads, &upload_objs, results, report)?;
    for (u, sent) in uploads.iter().zip(sent) {
        if !sent {
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
    let results = run_uploads(remote, &dir_uploads, 0, progress);
    settle_uploads(tx, remote, &dir_uploads, &dir_objs, results, report)?;
    Ok(())
}

/// Sorts the results of a batch of uploads into the report and records in the operation log
/// the objects sent (before a failure of the whole remote is returned); says which were sent.
pub(super) fn settle_uploads(
    tx: &Transaction,
    remote: &Opened,
    uploads: &[Upload],
    objs: &[Named],
    results: Vec<std::result::Result<(), RemoteError>>,
    report: &mut TransferReport,
) -> Result<Vec<bool>> {
    let mut sent = Vec::new();
    let mut done = Vec::with_capacity(uploads.len());
    let mut fatal = None;
    for ((u, obj), r) in uploads.iter().zip(objs).zip(results) {
        let ok = match remote.settle(r, obj, report) {
            Ok(v) => v.is_some(),
            Err(e) => {
                fatal.get_or_insert(e);
                false
            }
        };
        if ok {
            report.transferred += 1;
            sent.push(u.key.clone());
        }
        done.push(ok);
    }
    tx.log_uploaded(&remote.name, &remote.url, sent);
    match fatal {
        Some(e) => Err(e),
        None => Ok(done),
    }
}

pub(super) fn run_uploads(
    remote: &Opened,
    uploads: &[Upload],
    bytes: u64,
    progress: &dyn Progress,
) -> Vec<std::result::Result<(), RemoteError>> {
    if uploads.is_empty() {
        return Vec::new();
    }
    progress.begin_transfer("pushing", uploads.len() as u64, bytes);
    let r = remote.remote.upload(uploads, remote.jobs, progress);
    progress.end();
    r
}
