//! What `data status` shows: git's HEAD, the pointer files (and `dvc.lock`), the workspace, the
//! cache and a remote compared, in DVC's sections, for the outputs the cache holds.

use std::path::Path;

use crate::error::Result;
use crate::fsutil::{absolutize, rel_slash, relative_path};
use crate::status::{stages_status, Change, OutState, StatusOptions};
use crate::transaction::Transaction;
use crate::transfer::TransferOptions;
use crate::Progress;

/// What to compare and list.
#[derive(Debug, Default, Clone)]
pub struct DataStatusOptions {
    /// Only these paths (and what is under them), relative to the current directory.
    pub targets: Vec<String>,
    /// List the files inside tracked directories too.
    pub granular: bool,
    /// List what has not changed (DVC's "unchanged").
    pub unchanged: bool,
    /// List the files git neither tracks nor ignores.
    pub untracked_files: bool,
    /// Ask the remote which outputs it lacks.
    pub not_in_remote: bool,
    /// The remote to ask (else each output's own, or the default).
    pub remote: Option<String>,
}

/// Changes of one kind ("added", "modified", "deleted") and their paths.
pub type Group = (&'static str, Vec<String>);

/// DVC's sections, in its order; paths relative to the repository's root (a directory ends
/// with `/`), untracked files relative to the current directory.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DataStatus {
    pub not_in_cache: Vec<String>,
    pub not_in_remote: Vec<String>,
    /// HEAD's pointer files against the current ones.
    pub committed: Vec<Group>,
    /// The pointer files against the workspace.
    pub uncommitted: Vec<Group>,
    pub untracked: Vec<String>,
    pub unchanged: Vec<String>,
    /// git reports changes (untracked files count with `untracked_files`).
    pub git_dirty: bool,
    /// git's HEAD has no commit yet.
    pub git_empty: bool,
}

impl DataStatus {
    /// Nothing to list in any section.
    pub fn is_empty(&self) -> bool {
        self.not_in_cache.is_empty()
            && self.not_in_remote.is_empty()
            && self.committed.is_empty()
            && self.uncommitted.is_empty()
            && self.untracked.is_empty()
            && self.unchanged.is_empty()
    }
}

/// Targets as repository-relative paths ("" for the root); None for one outside it.
fn target_keys(root: &Path, cwd: &Path, targets: &[String]) -> Vec<Option<String>> {
    targets
        .iter()
        .map(|t| {
            let abs = absolutize(cwd, Path::new(t));
            rel_slash(root, &abs).map(|r| r.trim_end_matches('/').to_string())
        })
        .collect()
}

/// Whether `path` (a directory may end with `/`) is one of `keys` or under one.
fn under(keys: &[Option<String>], path: &str) -> bool {
    let p = path.trim_end_matches('/');
    keys.iter().flatten().any(|k| {
        k.is_empty() || p == k || (p.starts_with(k.as_str()) && p.as_bytes()[k.len()] == b'/')
    })
}

/// Whether `a` is `b`, or one is under the other.
fn related(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.is_empty()
        || long == short
        || (long.starts_with(short) && long.as_bytes()[short.len()] == b'/')
}

pub fn data_status(
    tx: &Transaction,
    cwd: &Path,
    opts: &DataStatusOptions,
    progress: &dyn Progress,
) -> Result<DataStatus> {
    let repo: &crate::repo::Repo = tx;
    let keys = target_keys(&repo.root, cwd, &opts.targets);
    let filtered = !opts.targets.is_empty();
    let mut stages = crate::index::select_with_pipelines(repo, cwd, &[])?;
    // as DVC: only what the cache holds (a `cache: false` output is git's)
    for st in &mut stages {
        let keep: Vec<bool> = (0..st.pointer.outs.len())
            .map(|i| st.options(i).cache)
            .collect();
        if keep.iter().all(|k| *k) {
            continue;
        }
        let mut i = 0;
        st.pointer.outs.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        if let crate::stage::Origin::Lock { options } = &mut st.origin {
            let mut i = 0;
            options.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
    }
    stages.retain(|st| !st.pointer.outs.is_empty());
    if filtered {
        stages.retain(|st| {
            (0..st.pointer.outs.len()).any(|i| {
                let out = repo.rel(&st.out_path(i));
                keys.iter().flatten().any(|k| related(k, &out))
            })
        });
    }
    let status_opts = StatusOptions {
        data_status: true,
        unchanged: opts.unchanged,
        granular: opts.granular,
    };
    let all = stages_status(repo, &stages, &status_opts, progress)?;
    let shown = |p: &String, out: &str| {
        (opts.granular || p.trim_end_matches('/') == out) && (!filtered || under(&keys, p))
    };
    let mut report = DataStatus::default();
    let (mut committed, mut uncommitted) = (Vec::new(), Vec::new());
    for s in &all {
        if !s.missing_in_cache.is_empty() && s.state != Some(OutState::Deleted) {
            if opts.granular {
                report
                    .not_in_cache
                    .extend(s.missing_in_cache.iter().cloned());
            } else if !s.is_dir {
                report.not_in_cache.push(s.out.clone());
            } else if s.missing_in_cache.contains(&s.out) {
                // as DVC: without --granular a directory is not in cache when its .dir is not
                report.not_in_cache.push(format!("{}/", s.out));
            }
        }
        committed.extend(
            s.committed
                .iter()
                .filter(|(_, p)| shown(p, &s.out))
                .cloned(),
        );
        uncommitted.extend(
            s.uncommitted
                .iter()
                .filter(|(_, p)| shown(p, &s.out))
                .cloned(),
        );
        report
            .unchanged
            .extend(s.unchanged.iter().filter(|p| shown(p, &s.out)).cloned());
    }
    report.not_in_cache.retain(|p| !filtered || under(&keys, p));
    report.not_in_cache.sort();
    report.not_in_cache.dedup();
    report.committed = group(committed);
    report.uncommitted = group(uncommitted);
    if opts.not_in_remote {
        let t = TransferOptions {
            remote: opts.remote.clone(),
            ..Default::default()
        };
        let missing = crate::transfer::not_in_remote(repo, &stages, &t, opts.granular)?;
        report.not_in_remote = missing
            .into_iter()
            .filter(|p| !filtered || under(&keys, p))
            .collect();
    }
    if let Some(git) = repo.scm.as_ref() {
        report.git_empty = git.resolve("HEAD").is_err();
        report.git_dirty = git.has_changes();
        if opts.untracked_files {
            let untracked = git.untracked()?;
            report.git_dirty |= !untracked.is_empty();
            let git_keys = target_keys(&git.root, cwd, &opts.targets);
            let cwd = absolutize(cwd, Path::new("."));
            report.untracked = untracked
                .into_iter()
                .filter(|p| !filtered || under(&git_keys, p))
                .map(|p| git.root.join(p))
                .filter(|p| p.starts_with(&repo.root))
                .map(|p| relative_path(&cwd, &p))
                .collect();
        }
    }
    Ok(report)
}

/// Groups (change, path) pairs by change kind, in order of first appearance over sorted paths.
fn group(mut items: Vec<(Change, String)>) -> Vec<Group> {
    items.sort_by(|a, b| a.1.cmp(&b.1));
    items.dedup();
    let mut out: Vec<Group> = Vec::new();
    for (c, p) in items {
        match out.iter_mut().find(|(k, _)| *k == c.label()) {
            Some((_, v)) => v.push(p),
            None => out.push((c.label(), vec![p])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_select_themselves_and_what_is_under_them() {
        let keys = target_keys(
            Path::new("/r"),
            Path::new("/r/sub"),
            &["../dir/".into(), "x".into(), "/elsewhere".into()],
        );
        assert_eq!(keys, [Some("dir".into()), Some("sub/x".into()), None]);
        assert!(under(&keys, "dir/"));
        assert!(under(&keys, "dir/a/b"));
        assert!(under(&keys, "sub/x"));
        assert!(!under(&keys, "dir2/a"));
        assert!(!under(&keys, "sub/xy"));
        assert!(!under(&keys, "sub"));
        let root = target_keys(Path::new("/r"), Path::new("/r"), &[".".into()]);
        assert!(under(&root, "anything/at/all"));
        assert!(related("dir", "dir/a") && related("dir/a", "dir") && related("", "x"));
        assert!(!related("dir", "dir2") && !related("dir/a", "dir/b"));
    }
}
