use std::collections::HashSet;

use dvx_formats::{Manifest, Oid};
use dvx_odb::{object_key, Odb};
use dvx_remote::{RemoteError, Upload};

use super::{opened_groups, Named, Opened, TransferOptions, TransferReport, UsedOut, Wants, BATCH};
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
    let dirs: Vec<&UsedOut> = outs.iter().filter(|o| o.oid.is_dir).collect();
    // A `.dir` on the remote means the directory is complete there.
    let dir_keys: Vec<String> = dirs.iter().map(|o| object_key(&o.oid, o.kind)).collect();
    let dir_there = remote.exists(&dir_keys)?;
    let mut pending: Vec<(&UsedOut, Manifest)> = Vec::new();
    for (o, there) in dirs.iter().zip(dir_there) {
        if there {
            continue;
        }
        match load_manifest(odb, &o.oid, o.kind)? {
            Some(m) => pending.push((o, m)),
            None => report.missing.push(named(o)),
        }
    }
    // What to send, each object once.
    let dirs = pending.iter().map(|(o, m)| (*o, m)).collect();
    let wants = Wants::collect(outs, dirs, |_, _, _| true);
    // what an earlier version's `.dir` on the remote vouches for is not asked about; the rest
    // is asked about at once (the remote chooses between listing and asking key by key)
    let pending_outs: Vec<&UsedOut> = pending.iter().map(|p| p.0).collect();
    let vouched = super::vouched_by_earlier(tx, odb, remote, &pending_outs)?;
    let mut ask: Vec<String> = Vec::new();
    let mut asked_for: Vec<usize> = Vec::new();
    for (i, w) in wants.list.iter().enumerate() {
        let (oid, kind) = wants.object(w);
        let key = object_key(oid, kind);
        if !vouched.contains(&key) {
            ask.push(key);
            asked_for.push(i);
        }
    }
    drop(vouched);
    let answers = remote.exists(&ask)?;
    drop(ask);
    let mut there = vec![true; wants.list.len()];
    for (i, a) in asked_for.into_iter().zip(answers) {
        there[i] = a;
    }
    // the objects to send, and their bytes for the progress bar
    let mut failed: HashSet<Oid> = HashSet::new();
    let mut send: Vec<usize> = Vec::new();
    let mut bytes = 0u64;
    for (i, w) in wants.list.iter().enumerate().filter(|(i, _)| !there[*i]) {
        let (oid, kind) = wants.object(w);
        match std::fs::metadata(odb.path_for(oid, kind)) {
            Ok(m) if m.is_file() => {
                bytes += m.len();
                send.push(i);
            }
            _ => {
                report.missing.push(wants.named(w).1);
                failed.insert(*oid);
            }
        }
    }
    drop(there);
    if !send.is_empty() {
        progress.begin_transfer("pushing", send.len() as u64, bytes);
    }
    let sent = (|| {
        for batch in send.chunks(BATCH) {
            let (uploads, objs): (Vec<Upload>, Vec<Named>) = batch
                .iter()
                .map(|&i| {
                    let (key, obj, _) = wants.named(&wants.list[i]);
                    let from = odb.key_path(&key);
                    (Upload { from, key }, obj)
                })
                .unzip();
            let results = remote.remote.upload(&uploads, remote.jobs, progress);
            let sent = settle_uploads(tx, remote, &uploads, &objs, results, report)?;
            for (o, sent) in objs.iter().zip(sent) {
                if !sent {
                    failed.insert(o.oid);
                }
            }
        }
        Ok::<(), crate::error::Error>(())
    })();
    if !send.is_empty() {
        progress.end();
    }
    sent?;
    // Then the manifests of the directories whose files are all there.
    let (dir_uploads, dir_objs): (Vec<Upload>, Vec<Named>) = pending
        .iter()
        .filter(|(_, m)| m.entries.iter().all(|e| !failed.contains(&e.oid)))
        .map(|(o, _)| {
            let key = object_key(&o.oid, o.kind);
            (
                Upload {
                    from: odb.key_path(&key),
                    key,
                },
                named(o),
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
