//! `push/pull/fetch --run-cache`: run-cache entries moved between the cache's `runs/` and the
//! remote's `runs/` (DVC's layout on both sides), with the objects their outputs name.

use std::collections::HashSet;
use std::path::PathBuf;

use dvx_formats::PointerFile;
use dvx_remote::{Download, Upload};

use super::{remote_error, Opened, TransferOptions};
use crate::error::{Error, IoContext, Result};
use crate::repo::Repo;
use crate::run_cache::{load_entry, runs_dir};
use crate::stage::TrackedStage;
use crate::transaction::Transaction;
use crate::Progress;

/// Whether a key names a run-cache entry: `runs/<2 hex>/<64 hex>/<64 hex>` (anything else
/// from a remote is ignored: it must not name a path of its own choosing).
fn is_entry_key(key: &str) -> bool {
    let parts: Vec<&str> = key.split('/').collect();
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    parts.len() == 4
        && parts[0] == "runs"
        && hex(parts[1], 2)
        && hex(parts[2], 64)
        && parts[2].starts_with(parts[1])
        && hex(parts[3], 64)
}

/// The local entries, as (key, file).
fn local_entries(repo: &Repo) -> Vec<(String, PathBuf)> {
    let root = repo.cache_dir();
    let mut out = Vec::new();
    let Ok(shards) = std::fs::read_dir(runs_dir(repo)) else {
        return out;
    };
    for shard in shards.flatten() {
        for key in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for value in std::fs::read_dir(key.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let p = value.path();
                if let Some(rel) = crate::fsutil::rel_slash(&root, &p) {
                    if is_entry_key(&rel) {
                        out.push((rel, p));
                    }
                }
            }
        }
    }
    out.sort();
    out
}

fn open(repo: &Repo, opts: &TransferOptions) -> Result<Opened> {
    let cfg = crate::remotes::resolve(&repo.config, opts.remote.as_deref())?;
    Opened::open(&cfg, opts.jobs)
}

fn remote_keys(opened: &Opened) -> Result<HashSet<String>> {
    Ok(opened
        .remote
        .list_under("runs")
        .map_err(|e| remote_error(&opened.name, &opened.url, e))?
        .into_iter()
        .filter(|k| is_entry_key(k))
        .collect())
}

/// Uploads the entries the remote lacks. Returns how many, and the outputs all local entries
/// name (for the objects to push with them).
pub fn push(
    tx: &Transaction,
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<(usize, Vec<TrackedStage>)> {
    let repo: &Repo = tx;
    let opened = open(repo, opts)?;
    let there = remote_keys(&opened)?;
    let uploads: Vec<Upload> = local_entries(repo)
        .into_iter()
        .filter(|(k, _)| !there.contains(k))
        .map(|(key, from)| Upload { from, key })
        .collect();
    let mut sent = crate::oplog::Keys::default();
    let mut failed = None;
    for (item, r) in uploads
        .iter()
        .zip(opened.remote.upload(&uploads, opened.jobs, progress))
    {
        match r {
            Ok(()) => sent.push(&item.key),
            Err(e) => {
                failed.get_or_insert_with(|| {
                    Error::user(format!(
                        "cannot push run-cache entry '{}' to remote '{}': {e}",
                        item.key, opened.name
                    ))
                    .with_hint("run the command again to retry")
                });
            }
        }
    }
    tx.log_uploaded(&opened.name, &opened.url, sent);
    if let Some(e) = failed {
        return Err(e);
    }
    Ok((uploads.len(), entry_outputs(repo)))
}

/// Downloads the entries the cache lacks (each checked to be a valid lock entry before it is
/// kept). Returns how many, and the outputs all local entries name (for the objects to fetch).
pub fn fetch(
    repo: &Repo,
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<(usize, Vec<TrackedStage>)> {
    let opened = open(repo, opts)?;
    let here: HashSet<String> = local_entries(repo).into_iter().map(|(k, _)| k).collect();
    let mut keys: Vec<String> = remote_keys(&opened)?
        .into_iter()
        .filter(|k| !here.contains(k))
        .collect();
    keys.sort();
    let tmp = repo
        .tmp_dir()
        .join(format!("run-cache-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).ctx("creating", &tmp)?;
    let items: Vec<Download> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| Download {
            key: key.clone(),
            to: tmp.join(i.to_string()),
            version: None,
            also: None,
        })
        .collect();
    let mut got = 0;
    let results = opened.remote.download(&items, opened.jobs, progress);
    for (item, r) in items.iter().zip(results) {
        if let Err(e) = r {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(Error::user(format!(
                "cannot fetch run-cache entry '{}' from remote '{}': {e}",
                item.key, opened.name
            ))
            .with_hint("run the command again to retry"));
        }
        let text = std::fs::read_to_string(&item.to).unwrap_or_default();
        if load_entry(&text).is_none() {
            // a corrupt entry is no entry (DVC drops it too)
            continue;
        }
        let dest = repo.cache_dir().join(&item.key);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).ctx("creating", parent)?;
        }
        std::fs::rename(&item.to, &dest).ctx("moving into the run-cache", &dest)?;
        got += 1;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok((got, entry_outputs(repo)))
}

/// Every output the local entries record, as one pointer stage for the transfer code.
fn entry_outputs(repo: &Repo) -> Vec<TrackedStage> {
    let mut outs = Vec::new();
    let mut seen = HashSet::new();
    for (_, path) in local_entries(repo) {
        let Some(entry) = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| load_entry(&t))
        else {
            continue;
        };
        for o in entry.outs {
            if o.oid.is_some_and(|oid| seen.insert(oid)) {
                outs.push(o);
            }
        }
    }
    if outs.is_empty() {
        return Vec::new();
    }
    vec![TrackedStage {
        file: repo.root.join(".run-cache"),
        rel: "run-cache".into(),
        pointer: PointerFile::with_outs(outs),
        text: None,
        origin: crate::stage::Origin::RunCache,
    }]
}
