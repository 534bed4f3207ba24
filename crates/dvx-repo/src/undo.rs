//! `op undo` and `op restore`: recorded operations taken back, as a new operation (itself
//! recorded, so it can be undone in turn).
//!
//! An operation is taken back only where the repository is still as it left it: every path it
//! changed must hold what it wrote. A path changed since (by a later command, by DVC, by hand)
//! stops the undo before anything is touched, and is named.

use std::fs;
use std::path::Path;

use dvx_odb::LinkType;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::oplog::{self, Operation, PathChange, PathState, Recorder, TrashMove};
use crate::repo::Repo;
use crate::transaction::Transaction;
use crate::Progress;

/// What an undo did.
#[derive(Debug, Default)]
pub struct UndoReport {
    /// The operations taken back, newest first.
    pub undone: Vec<String>,
    /// Workspace paths put back.
    pub paths: usize,
    /// Cache objects brought back from the trash, and moved to it.
    pub untrashed: usize,
    pub trashed: usize,
    /// Remote objects brought back from (or moved to) a remote's trash.
    pub remote_untrashed: usize,
    pub remote_trashed: usize,
    /// Git refs put back.
    pub refs: usize,
    /// What could not be taken back, said plainly, with what to do instead.
    pub not_undone: Vec<String>,
}

/// Takes back operation `id` (a unique prefix), or the newest one.
pub fn undo(tx: &Transaction, id: Option<&str>, progress: &dyn Progress) -> Result<UndoReport> {
    let repo: &Repo = tx;
    let summary = match id {
        Some(id) => oplog::find(repo, id)?,
        None => oplog::list(repo)?
            .pop()
            .ok_or_else(|| Error::user("the operation log is empty: there is nothing to undo"))?,
    };
    let op = oplog::load(repo, &summary.id)?;
    let mut report = UndoReport::default();
    check(repo, &op)?;
    take_back(tx, &op, &mut report, progress)?;
    Ok(report)
}

/// Puts the repository back as it was right after operation `id`: every later operation is
/// taken back, newest first.
pub fn restore(tx: &Transaction, id: &str, progress: &dyn Progress) -> Result<UndoReport> {
    let repo: &Repo = tx;
    let target = oplog::find(repo, id)?;
    let all = oplog::list(repo)?;
    let later = match all.iter().position(|s| s.id == target.id) {
        Some(at) => &all[at + 1..],
        None => &[],
    };
    let mut report = UndoReport::default();
    for s in later.iter().rev() {
        let op = oplog::load(repo, &s.id)?;
        check(repo, &op)?;
        take_back(tx, &op, &mut report, progress)?;
    }
    Ok(report)
}

/// Refuses when a path `op` changed holds something else now.
fn check(repo: &Repo, op: &Operation) -> Result<()> {
    let state = repo.state();
    let odb = repo.odb()?;
    let found: Vec<Option<String>> = op
        .paths
        .par_iter()
        .map(|c| {
            let tree = matches!(c.after, PathState::Tree { .. });
            let now =
                oplog::capture_current(repo, &odb, &state.reader, &repo.root.join(&c.path), tree)?;
            Ok((!now.same(&c.after)).then(|| {
                format!(
                    "  {}: now {}, operation {} left {}",
                    c.path,
                    now.describe(),
                    op.id,
                    c.after.describe()
                )
            }))
        })
        .collect::<Result<_>>()?;
    let mut changed: Vec<String> = found.into_iter().flatten().collect();
    if let Some(git) = &repo.scm {
        for (name, (_, after)) in ref_spans(op) {
            let now = git.ref_target(name);
            if now.as_deref() != after {
                let show = |c: Option<&str>| {
                    c.map_or("nothing".to_string(), |c| c[..c.len().min(12)].to_string())
                };
                changed.push(format!(
                    "  ref {name}: now {}, operation {} left {}",
                    show(now.as_deref()),
                    op.id,
                    show(after)
                ));
            }
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    let n = changed.len();
    changed.truncate(20);
    Err(Error::user(format!(
        "cannot undo operation {} ({}): {n} path(s) changed since, by a later command or another tool:\n{}",
        op.id,
        op.command.join(" "),
        changed.join("\n")
    ))
    .with_hint("`dvx op log` shows later operations (undo those first); a change made by another tool (dvc, git, an editor) is not dvx's to take back: put those files back as the operation left them, or keep them"))
}

fn take_back(
    tx: &Transaction,
    op: &Operation,
    report: &mut UndoReport,
    progress: &dyn Progress,
) -> Result<()> {
    let repo: &Repo = tx;
    let cache = repo.cache_dir();
    tx.log_undoes(&op.id);
    // what it trashed comes back first: the paths may need it
    for m in &op.cache_trashed {
        if crate::trash::take_back(&cache, &m.key, &m.trash)
            .map_err(|e| Error::io("bringing back from the trash", &cache.join(&m.trash), e))?
        {
            tx.log_untrashed(&m.key, &m.trash);
            report.untrashed += 1;
        }
    }
    remote_objects(tx, op, report)?;
    if let Some(git) = &repo.scm {
        let message = format!("dvx op undo {}", op.id);
        for (name, (before, after)) in ref_spans(op) {
            match (before, after) {
                (Some(c), _) => git.set_ref(name, c, &message)?,
                (None, Some(c)) => git.delete_refs(&[(name.to_string(), c.to_string())])?,
                (None, None) => {}
            }
            report.refs += 1;
        }
    }
    progress.begin("restoring", op.paths.len() as u64);
    // files first (in parallel), then what became absent (parents emptied last)
    let (gone, put): (Vec<&PathChange>, Vec<&PathChange>) = op
        .paths
        .iter()
        .partition(|c| matches!(c.before, PathState::Absent));
    let rec = tx.recorder();
    let one = |c: &PathChange| {
        let path = repo.root.join(&c.path);
        put_back(repo, rec.as_deref(), &cache, &path, &c.before)?;
        progress.advance(1);
        Ok(())
    };
    put.par_iter()
        .map(|c| one(c))
        .collect::<Result<Vec<()>>>()?;
    for c in gone {
        one(c)?;
    }
    report.paths += op.paths.len();
    progress.end();
    // what it created or brought back goes (to a trash: nothing is deleted)
    let bin = crate::trash::new_trash(tx.op_id().unwrap_or("nolog"));
    let added: Vec<String> = op.cache_added.iter().collect();
    let keys = added.iter().map(|k| (k.as_str(), bin.as_str())).chain(
        op.cache_untrashed
            .iter()
            .map(|m| (m.key.as_str(), m.trash.as_str())),
    );
    // an object something still references stays: the workspace's and every branch's and
    // tag's pointer files may use what this operation added (a later add of the same content
    // found it there); when that cannot be told, nothing is moved
    let used = crate::history::used_keys(
        repo,
        &crate::scm::Scope {
            all_branches: true,
            all_tags: true,
            ..Default::default()
        },
        None,
        None,
    )
    .ok();
    let keys: Vec<(&str, &str)> = keys
        .filter(|(k, _)| used.as_ref().is_some_and(|u| !u.contains_key(k)))
        .collect();
    let moved: Vec<bool> = keys
        .par_iter()
        .map(|(key, trash)| {
            let moved = crate::trash::put(&cache, key, trash)
                .map_err(|e| Error::io("moving to the trash", &cache.join(key), e))?;
            if let Some(r) = rec.as_deref().filter(|_| moved) {
                r.trashed(TrashMove {
                    key: key.to_string(),
                    trash: trash.to_string(),
                });
            }
            Ok(moved)
        })
        .collect::<Result<_>>()?;
    report.trashed += moved.iter().filter(|m| **m).count();
    report.undone.push(op.id.clone());
    Ok(())
}

/// The commits a ref named before an operation and after it (none: it did not exist).
type Span<'a> = (Option<&'a str>, Option<&'a str>);

/// Each ref `op` changed, with the commit it named before the operation and after it.
fn ref_spans(op: &Operation) -> Vec<(&str, Span<'_>)> {
    let mut spans: Vec<(&str, Span<'_>)> = Vec::new();
    for c in &op.refs {
        match spans.iter_mut().find(|(n, _)| *n == c.name) {
            Some((_, (_, after))) => *after = c.after.as_deref(),
            None => spans.push((&c.name, (c.before.as_deref(), c.after.as_deref()))),
        }
    }
    spans
}

/// Remote objects: what went to a remote's trash comes back, what came back goes again; what
/// was deleted for good is reported.
fn remote_objects(tx: &Transaction, op: &Operation, report: &mut UndoReport) -> Result<()> {
    use crate::oplog::RemoteChange::{Trashed, Untrashed};
    use std::collections::BTreeMap;
    let repo: &Repo = tx;
    for (moves, back) in [(&op.remote_trashed, true), (&op.remote_untrashed, false)] {
        let mut groups: BTreeMap<(&str, &str, &str), Vec<String>> = BTreeMap::new();
        for m in moves {
            let Some(trash) = &m.trash else { continue };
            groups
                .entry((m.remote.as_str(), m.url.as_str(), trash.as_str()))
                .or_default()
                .push(m.key.clone());
        }
        for ((name, url, trash), keys) in groups {
            let opened = open_remote(repo, op, name, url)?;
            let results = if back {
                opened.remote.take_back(&keys, trash)
            } else {
                opened.remote.trash(&keys, trash)
            };
            let Some(results) = results else { continue };
            for (k, r) in keys.iter().zip(results) {
                let moved = r.map_err(|e| crate::transfer::remote_error(name, url, e))?;
                if moved {
                    let change = if back { Untrashed } else { Trashed };
                    tx.log_remote(change, name, url, k, Some(trash));
                    if back {
                        report.remote_untrashed += 1;
                    } else {
                        report.remote_trashed += 1;
                    }
                }
            }
        }
    }
    // what it uploaded goes to the remote's trash, manifests first (a `.dir` on a remote
    // means its files are all there); a remote without a trash keeps it
    let bin = crate::trash::new_trash(tx.op_id().unwrap_or("nolog"));
    for up in &op.remote_uploaded {
        let opened = open_remote(repo, op, &up.remote, &up.url)?;
        let mut keys: Vec<String> = up.keys.iter().collect();
        keys.sort_by_key(|k| !k.ends_with(".dir"));
        let Some(results) = opened.remote.trash(&keys, &bin) else {
            report.not_undone.push(format!(
                "{} object(s) operation {} uploaded to remote '{}' ({}) stay there: that remote keeps no trash, and removing them could take data someone has used since. `dvx gc -c -r {}` removes what no revision needs",
                up.keys.len(),
                op.id,
                up.remote,
                dvx_formats::url::redact(&up.url),
                up.remote
            ));
            continue;
        };
        for (k, r) in keys.iter().zip(results) {
            let moved = r.map_err(|e| crate::transfer::remote_error(&up.remote, &up.url, e))?;
            if moved {
                tx.log_remote(Trashed, &up.remote, &up.url, k, Some(&bin));
                report.remote_trashed += 1;
            }
        }
    }
    if !op.remote_deleted.is_empty() {
        let m = &op.remote_deleted[0];
        report.not_undone.push(format!(
            "{} object(s) operation {} deleted from remote '{}' ({}) are gone for good: that remote keeps no trash. `dvx push` uploads them again from a cache that still holds them (`dvx op undo` of the gc brought this cache's back)",
            op.remote_deleted.len(),
            op.id,
            m.remote,
            m.url
        ));
    }
    Ok(())
}

/// Remote `name` opened, as long as it still points where operation `op` found it.
fn open_remote(
    repo: &Repo,
    op: &Operation,
    name: &str,
    url: &str,
) -> Result<crate::transfer::Opened> {
    let cfg = crate::remotes::resolve(&repo.config, Some(name))?;
    if cfg.url != url {
        return Err(Error::user(format!(
            "cannot undo operation {} on remote '{name}': it pointed to '{}' and now points to '{}'",
            op.id,
            dvx_formats::url::redact(url),
            dvx_formats::url::redact(&cfg.url)
        ))
        .with_hint(format!(
            "point '{name}' at '{}' again (dvx remote modify) and run the undo again",
            dvx_formats::url::redact(url)
        )));
    }
    crate::transfer::Opened::open(&cfg, None)
}

/// Makes `path` hold `state` again, through the workspace gate.
fn put_back(
    repo: &Repo,
    rec: Option<&Recorder>,
    cache: &Path,
    path: &Path,
    state: &PathState,
) -> Result<()> {
    let wt = &repo.worktree;
    let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
    match state {
        // never recorded as a path's content (its files are), only seen when checking
        PathState::Directory | PathState::Tree { .. } => {}
        PathState::Absent => {
            wt.remove_all(path)?;
            if let Some(parent) = path.parent() {
                wt.remove_empty_dirs_up(parent, &repo.root);
            }
        }
        PathState::Text { text } => {
            if is_dir {
                wt.remove_all(path)?;
            }
            wt.write(path, text.as_bytes())?;
        }
        PathState::Object { key, exec, .. } => {
            let object = cache.join(key);
            if !object.exists() {
                // gc (or an undo) may have trashed it since; another path of the same content
                // may be bringing it back at this moment
                if let Some(bin) = crate::trash::holding(cache, key).into_iter().next() {
                    let moved = crate::trash::take_back(cache, key, &bin).map_err(|e| {
                        Error::io("bringing back from the trash", &cache.join(&bin), e)
                    })?;
                    if let Some(r) = rec.filter(|_| moved) {
                        r.untrashed(TrashMove {
                            key: key.clone(),
                            trash: bin.clone(),
                        });
                    }
                }
                if !object.exists() {
                    return Err(Error::user(format!(
                        "cannot put back '{}': its content (cache object {key}) is neither in the cache nor in its trash",
                        repo.rel(path)
                    ))
                    .with_hint("fetch it from a remote (dvx fetch) if one holds it, then run the undo again"));
                }
            }
            if is_dir {
                wt.remove_all(path)?;
            }
            // a copy of its own, as a file of the user's was (never a link into the cache)
            wt.link(&object, path, &[LinkType::Reflink, LinkType::Copy], None)?;
            use std::os::unix::fs::PermissionsExt;
            let mode = if *exec { 0o755 } else { 0o644 };
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
        }
        PathState::Symlink { target } => {
            wt.remove_all(path)?;
            wt.allow(path, "write")?;
            if let Some(parent) = path.parent() {
                wt.create_dir_all(parent)?;
            }
            std::os::unix::fs::symlink(target, path)
                .map_err(|e| Error::io("making the symbolic link", path, e))?;
        }
    }
    Ok(())
}
