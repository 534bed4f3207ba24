use std::collections::HashSet;

use dvx_formats::Oid;
use dvx_odb::{object_key, Odb};
use dvx_remote::{RemoteError, Upload};

use super::{
    entry_name, opened_groups, Named, Opened, TransferOptions, TransferReport, UsedOut, BATCH,
};
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

/// Keys asked about at once of a remote that asks key by key (see
/// [`dvx_remote::Remote::asks_key_by_key`]; others are asked about a directory's files at
/// once, to choose between listing and asking): what a push holds per object stays bounded.
/// Debug builds (the tests) cross chunk boundaries.
const ASK_AT_ONCE: usize = if cfg!(debug_assertions) { 5 } else { 1 << 16 };

/// Pushes `outs` to `remote`: the file outputs, then each directory's files as its manifest
/// is read (a chunk at a time: asked about, the missing ones sent) and its `.dir` once they
/// all made it.
fn push_to(
    tx: &Transaction,
    odb: &Odb,
    remote: &Opened,
    outs: &[UsedOut],
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let mut push = Pusher {
        tx,
        odb,
        remote,
        progress,
        report,
        began: false,
    };
    let r = push.outs(outs);
    if push.began {
        progress.end();
    }
    r
}

struct Pusher<'a> {
    tx: &'a Transaction<'a>,
    odb: &'a Odb,
    remote: &'a Opened,
    progress: &'a dyn Progress,
    report: &'a mut TransferReport,
    /// The progress of the transfer was begun.
    began: bool,
}

/// An object to push, by which it is known.
type Item = (String, Named);

impl Pusher<'_> {
    fn outs(&mut self, outs: &[UsedOut]) -> Result<()> {
        let named = |o: &UsedOut| Named {
            name: o.name.clone(),
            oid: o.oid,
        };
        let mut files: Vec<Item> = Vec::new();
        let mut seen = HashSet::new();
        for o in outs.iter().filter(|o| !o.oid.is_dir) {
            if seen.insert((o.oid, o.kind)) {
                files.push((object_key(&o.oid, o.kind), named(o)));
            }
        }
        self.send(files)?;
        // A `.dir` on the remote means the directory is complete there.
        let dirs: Vec<&UsedOut> = outs.iter().filter(|o| o.oid.is_dir).collect();
        let dir_keys: Vec<String> = dirs.iter().map(|o| object_key(&o.oid, o.kind)).collect();
        let there = self.remote.exists(&dir_keys)?;
        let mut pending: Vec<&UsedOut> = Vec::new();
        for (o, there) in dirs.into_iter().zip(there) {
            if there || !seen.insert((o.oid, o.kind)) {
                continue;
            }
            match self.odb.exists(&o.oid, o.kind) {
                true => pending.push(o),
                false => self.report.missing.push(named(o)),
            }
        }
        // what an earlier version's `.dir` on the remote vouches for is not asked about
        let earlier = super::vouching_versions(self.tx, self.odb, self.remote, &pending)?;
        for (o, earlier) in pending.into_iter().zip(earlier) {
            if self.dir_files(o, earlier.as_ref())? {
                let key = object_key(&o.oid, o.kind);
                self.upload(vec![(key, named(o))])?;
            }
        }
        Ok(())
    }

    /// Sends what the remote lacks of directory `o`'s files, its manifest read a chunk at a
    /// time; says whether they all are there now (its `.dir` may follow).
    fn dir_files(&mut self, o: &UsedOut, earlier: Option<&Oid>) -> Result<bool> {
        let odb = self.odb;
        let sent = super::in_chunks(
            |whole| super::entries_vouched(odb, o, earlier, whole),
            match self.remote.remote.asks_key_by_key() {
                true => ASK_AT_ONCE,
                false => usize::MAX,
            },
            |_, vouched| !vouched,
            |chunk| {
                let items = chunk.into_iter().map(|e| {
                    let name = entry_name(&o.name, &e.relpath);
                    (object_key(&e.oid, o.kind), Named { name, oid: e.oid })
                });
                self.send(items.collect())
            },
        )?;
        if sent.is_none() {
            self.report.missing.push(Named {
                name: o.name.clone(),
                oid: o.oid,
            });
        }
        Ok(sent == Some(true))
    }

    /// Asks the remote about `items` (each object once) and uploads what it lacks, in
    /// batches; says whether they all are there now.
    fn send(&mut self, mut items: Vec<Item>) -> Result<bool> {
        let mut seen = HashSet::new();
        items.retain(|(key, _)| seen.insert(key.clone()));
        drop(seen);
        let keys: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
        let there = self.remote.exists(&keys)?;
        drop(keys);
        let mut complete = true;
        let mut send = Vec::new();
        let mut bytes = 0;
        for ((key, obj), there) in items.into_iter().zip(there) {
            if there {
                continue;
            }
            let from = self.odb.key_path(&key);
            match std::fs::metadata(&from) {
                Ok(m) if m.is_file() => {
                    bytes += m.len();
                    send.push((Upload { from, key }, obj));
                }
                _ => {
                    self.report.missing.push(obj);
                    complete = false;
                }
            }
        }
        if send.is_empty() {
            return Ok(complete);
        }
        if !self.began {
            self.progress.begin_transfer("pushing", 0, 0);
            self.began = true;
        }
        self.progress.grow_transfer(send.len() as u64, bytes);
        while !send.is_empty() {
            let batch: Vec<(Upload, Named)> = send.drain(..send.len().min(BATCH)).collect();
            let (uploads, objs): (Vec<Upload>, Vec<Named>) = batch.into_iter().unzip();
            let results = self
                .remote
                .remote
                .upload(&uploads, self.remote.jobs, self.progress);
            let sent = settle_uploads(self.tx, self.remote, &uploads, &objs, results, self.report)?;
            complete &= sent.iter().all(|s| *s);
        }
        Ok(complete)
    }

    /// Uploads one object (a `.dir`) with its own progress.
    fn upload(&mut self, items: Vec<Item>) -> Result<bool> {
        let (uploads, objs): (Vec<Upload>, Vec<Named>) = items
            .into_iter()
            .map(|(key, obj)| {
                let from = self.odb.key_path(&key);
                (Upload { from, key }, obj)
            })
            .unzip();
        let results = self
            .remote
            .remote
            .upload(&uploads, self.remote.jobs, self.progress);
        let sent = settle_uploads(self.tx, self.remote, &uploads, &objs, results, self.report)?;
        Ok(sent.iter().all(|s| *s))
    }
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
    let mut sent = crate::oplog::Keys::default();
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
            sent.push(&u.key);
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
