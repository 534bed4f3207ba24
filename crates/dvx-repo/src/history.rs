//! Pointer files and pipeline outputs in git history: the outputs that branches, tags or all
//! commits name, for `push/fetch/pull/status -c -a -T -A`, `gc` and `diff`. Read straight
//! from git objects, nothing checked out; each revision's `dvc.yaml` files are resolved with
//! that revision's params and vars files.

use std::collections::HashSet;
use std::path::Path;

use dvx_formats::Oid;
use dvx_odb::HashKind;

use crate::compare::View;
use crate::digest::{is_not_sorted, Entries};
use crate::error::{Error, Result};
use crate::pipeline::{lock_tracked_stage, normalize, Stage};
use crate::repo::Repo;
use crate::scm::{self, git_out, revisions, Scope};
use crate::stage::{self, TrackedStage};

/// The commits in `scope` (and the last `num` of `rev`, or of each branch with `-a`), beyond
/// the workspace: what `gc` keeps and `fsck` checks.
pub fn scope_revisions(
    repo: &Repo,
    scope: &Scope,
    rev: Option<&str>,
    num: Option<usize>,
) -> Result<Vec<String>> {
    let Some(git) = &repo.scm else {
        if rev.is_some()
            || scope.all_branches
            || scope.all_tags
            || scope.all_commits
            || scope.all_experiments
        {
            return Err(Error::user(
                "this repository has no git (core.no_scm): only -w applies",
            ));
        }
        return Ok(Vec::new());
    };
    let n = num.unwrap_or(1).max(1).to_string();
    let mut revs = Vec::new();
    if scope.all_branches && num.is_some() {
        // the last N commits of each branch
        let branches = revisions(
            &git.root,
            &Scope {
                all_branches: true,
                ..Default::default()
            },
        )?;
        for b in branches {
            revs.extend(rev_list(&git.root, &b, &n)?);
        }
        revs.extend(revisions(
            &git.root,
            &Scope {
                all_tags: scope.all_tags,
                all_commits: scope.all_commits,
                all_experiments: scope.all_experiments,
                ..Default::default()
            },
        )?);
    } else {
        revs.extend(revisions(&git.root, scope)?);
    }
    if let Some(r) = rev {
        let id = repo.resolve(r)?;
        revs.extend(rev_list(&git.root, &id, &n)?);
    }
    let mut seen = HashSet::new();
    revs.retain(|r| seen.insert(r.clone()));
    Ok(revs)
}

fn rev_list(root: &Path, rev: &str, n: &str) -> Result<Vec<String>> {
    let out = git_out(root, &["rev-list", "-n", n, rev])
        .map_err(|_| Error::user(format!("unknown Git revision '{rev}'")))?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_string)
        .collect())
}

/// The tracked stages of the workspace and of the commits in scope (those named `file@rev`):
/// everything `gc` keeps and `fsck` checks.
pub fn stages_in_scope(
    repo: &Repo,
    scope: &Scope,
    rev: Option<&str>,
    num: Option<usize>,
) -> Result<Vec<TrackedStage>> {
    let mut stages = crate::index::select_with_pipelines(repo, &repo.root, &[])?;
    stages.extend(pointer_stages_at(
        repo,
        &scope_revisions(repo, scope, rev, num)?,
        &repo.root,
        &[],
    )?);
    Ok(stages)
}

/// The directory versions output `i` of `st` had in the newest `n` commits that changed the
/// file recording it (a pointer file, or the pipeline's `dvc.lock`), newest first, `current`
/// left out: what an earlier push may have sent whole. Empty without git, or when git cannot
/// tell.
pub fn earlier_dirs(
    repo: &Repo,
    st: &TrackedStage,
    i: usize,
    current: &dvx_formats::Oid,
    n: usize,
) -> Vec<dvx_formats::Oid> {
    let Some(git) = &repo.scm else {
        return Vec::new();
    };
    let out_abs = st.out_path(i);
    let (record, in_lock) = match &st.origin {
        crate::stage::Origin::PointerFile => (st.file.clone(), false),
        crate::stage::Origin::Lock { .. } => {
            // `dvc.yaml:stage` (or `dvc.lock:stage`): the lock file beside it
            let file = st.rel.split(':').next().unwrap_or_default();
            let lock = match file.strip_suffix("dvc.yaml") {
                Some(dir) => format!("{dir}dvc.lock"),
                None => file.to_string(),
            };
            (repo.root.join(lock), true)
        }
        _ => return Vec::new(),
    };
    let Some(rel) = crate::fsutil::rel_slash(&git.root, &record) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut keep = |oid: dvx_formats::Oid| {
        if oid.is_dir && oid != *current && !found.contains(&oid) {
            found.push(oid);
        }
    };
    for commit in git.commits_changing(&rel, n) {
        if in_lock {
            for t in lock_stages(repo, std::slice::from_ref(&commit)).unwrap_or_default() {
                (0..t.pointer.outs.len())
                    .filter(|&j| t.out_path(j) == out_abs)
                    .filter_map(|j| t.pointer.outs[j].oid)
                    .for_each(&mut keep);
            }
            continue;
        }
        let Some(bytes) = git.show(&commit, &rel) else {
            continue;
        };
        let Ok((_, p)) = crate::stage::parse_pointer(bytes, &rel) else {
            continue;
        };
        let path = &st.pointer.outs[i].path;
        p.outs
            .iter()
            .filter(|o| o.path == *path)
            .filter_map(|o| o.oid)
            .for_each(&mut keep);
    }
    found
}

/// The pointer files of every revision in `scope` (each distinct file once), limited to
/// `targets` when there are any.
pub fn pointer_stages(
    repo: &Repo,
    scope: &Scope,
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<TrackedStage>> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(
            "-a/-T/-A need git history, and this repository has no git (core.no_scm)",
        ));
    };
    pointer_stages_at(repo, &scm::revisions(&git.root, scope)?, cwd, targets)
}

/// The pointer files of the given commits (each distinct file once), limited to `targets`
/// when there are any.
pub fn pointer_stages_at(
    repo: &Repo,
    revs: &[String],
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<TrackedStage>> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(
            "reading revisions needs git, and this repository has no git (core.no_scm)",
        ));
    };
    // The repository may be a subdirectory of the git work tree.
    let prefix = crate::fsutil::relative_path(&git.root, &repo.root);
    let prefix = if prefix == "." || prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut blobs: Vec<(String, String, String)> = Vec::new(); // (blob, rev, repo-relative path)
    let mut seen = HashSet::new();
    let mut lock_revs: Vec<String> = Vec::new(); // revisions with pipelines
    for rev in revs {
        for e in scm::ls_tree(&git.root, rev, false, false)? {
            let Some(rel) = e.path.strip_prefix(prefix.as_str()) else {
                continue;
            };
            if e.kind == "blob" && (rel == "dvc.yaml" || rel.ends_with("/dvc.yaml")) {
                // pipelines at this revision: read whole, with the files they interpolate
                if !lock_revs.contains(rev) {
                    lock_revs.push(rev.clone());
                }
                continue;
            }
            if e.kind != "blob" || !rel.ends_with(".dvc") || rel.starts_with(".dvc/") {
                continue;
            }
            if seen.insert((e.id.clone(), rel.to_string())) {
                blobs.push((e.id.clone(), rev.clone(), rel.to_string()));
            }
        }
    }
    let ids: Vec<&str> = blobs.iter().map(|(b, _, _)| b.as_str()).collect();
    let contents = read_pointer_blobs(repo, &git.root, &ids)?;
    let mut stages = Vec::new();
    for ((_, rev, rel), text) in blobs.into_iter().zip(contents) {
        let short = &rev[..rev.len().min(7)];
        let (_, pointer) =
            stage::parse_pointer(text, &format!("pointer file '{rel}' at revision {short}"))
                .map_err(|e| {
                    e.with_hint("fix it in a new commit; dvx will not guess what it meant")
                })?;
        let st = TrackedStage {
            file: repo.root.join(&rel),
            rel: format!("{rel}@{short}"),
            pointer,
            text: None,
            origin: crate::stage::Origin::Revision,
        };
        if targets.is_empty() || stage::matches_any(repo, &st, cwd, targets) {
            stages.push(st);
        }
    }
    for st in lock_stages(repo, &lock_revs)? {
        if targets.is_empty() || stage::matches_any(repo, &st, cwd, targets) {
            stages.push(st);
        }
    }
    Ok(stages)
}

/// The outputs the `dvc.lock` files of each revision record (each distinct lock entry once).
pub fn lock_stages(repo: &Repo, revs: &[String]) -> Result<Vec<TrackedStage>> {
    let mut out: Vec<TrackedStage> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rev in revs {
        let short = &rev[..rev.len().min(7)];
        let view = View::open(repo, rev)?;
        let projects = view.projects().map_err(|mut e| {
            e.message = format!("a pipeline at revision {short} is invalid: {}", e.message);
            e.with_hint("fix it in a new commit; dvx will not guess what it meant")
                .kind(crate::ErrorKind::InvalidFile)
        })?;
        for (dir, project, lock) in projects {
            let dvcfile = format!("{dir}dvc.lock");
            // every stage of dvc.yaml, with what its lock entry records (a lock entry whose
            // stage is gone records nothing in use, as for DVC)
            for def in &project.stages {
                let name = &def.name;
                let entry = lock.get(name);
                let s = Stage {
                    def: def.clone(),
                    file: 0,
                    wdir: normalize(&repo.root.join(&dir).join(&def.wdir)),
                    addressing: name.clone(),
                };
                let mut st = lock_tracked_stage(&s, &dvcfile, entry);
                if crate::stage::check_inside(repo, &st).is_err() {
                    return Err(Error::user(format!(
                        "'{dvcfile}' at revision {short} names an output of stage '{name}' outside the repository; refusing to use it"
                    )));
                }
                let key: Vec<(String, Option<String>)> = st
                    .pointer
                    .outs
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (repo.rel(&st.out_path(i)), o.oid.map(|x| x.to_string())))
                    .collect();
                if seen.insert(key) {
                    st.rel = format!("{}@{short}", st.rel);
                    out.push(st);
                }
            }
        }
    }
    Ok(out)
}

/// Objects in use, by hash and kind (17 bytes each, not their keys' text).
#[derive(Debug, Default)]
pub struct UsedObjects(HashSet<(Oid, HashKind)>);

impl UsedObjects {
    /// Whether the object at cache key `key` is in use.
    pub fn contains_key(&self, key: &str) -> bool {
        dvx_odb::key_object(key).is_some_and(|o| self.0.contains(&o))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The objects the pointer files and `dvc.lock` outputs in scope reference, `.dir` manifests
/// and their files (what `gc` keeps), each manifest read as it comes. A directory whose
/// manifest is not in the cache is an error: its files could not be told apart from unused
/// ones.
pub fn used_keys(
    repo: &Repo,
    scope: &Scope,
    rev: Option<&str>,
    num: Option<usize>,
) -> Result<UsedObjects> {
    let odb = repo.odb()?;
    let stages: Vec<TrackedStage> = stages_in_scope(repo, scope, rev, num)?;
    let mut used = HashSet::new();
    for st in &stages {
        for (i, out) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = out.oid else { continue };
            let kind = HashKind::of(out);
            if !used.insert((oid, kind)) || !oid.is_dir {
                continue;
            }
            // the order does not matter here: one in another order is read whole
            for whole in [false, true] {
                let Some(entries) = Entries::cached(&odb, &oid, kind, whole)? else {
                    return Err(Error::user(format!(
                        "cannot tell which files '{}' (in {}) needs: its manifest {oid} is not in the cache",
                        repo.rel(&st.out_path(i)),
                        st.rel
                    ))
                    .with_hint("fetch it first (dvx fetch, with the same -a/-T/-A/--rev), then run gc again; nothing was removed"));
                };
                match entries
                    .map(|e| e.map(|e| used.insert((e.oid, kind))))
                    .try_for_each(|r| r.map(drop))
                {
                    Ok(()) => break,
                    Err(e) if !whole && is_not_sorted(&e) => continue,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(UsedObjects(used))
}

/// The git blobs `ids` of pointer files (in order), from the state database where it keeps
/// them (a blob's content never changes), the rest from git, then kept.
pub(crate) fn read_pointer_blobs(
    repo: &Repo,
    git_root: &Path,
    ids: &[&str],
) -> Result<Vec<Vec<u8>>> {
    let state = repo.state_db();
    let texts = state.as_ref().map(|s| s.texts());
    let mut found: Vec<Option<Vec<u8>>> = ids
        .iter()
        .map(|id| texts.as_ref().and_then(|t| t.blob(id)))
        .collect();
    drop(texts);
    let missing: Vec<&str> = ids
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(id, _)| *id)
        .collect();
    let read = scm::read_blobs(git_root, missing.iter().copied())?;
    if let (Some(state), false) = (&state, read.is_empty()) {
        let learnt: Vec<(&str, &[u8])> = missing
            .iter()
            .zip(&read)
            .map(|(id, c)| (*id, c.as_slice()))
            .collect();
        // bounded: a few times what one command reads; failing only costs reading them again
        let _ = state.record_blobs(&learnt, (4 * ids.len() as u64).max(100_000));
    }
    let mut read = read.into_iter();
    for slot in found.iter_mut().filter(|f| f.is_none()) {
        *slot = read.next();
    }
    Ok(found.into_iter().map(Option::unwrap_or_default).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_blobs_once_read_are_kept_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@t"])
                .args(args)
                .current_dir(&root)
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?}");
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        };
        git(&["init", "-q"]);
        std::fs::create_dir(root.join(".dvc")).unwrap();
        std::fs::write(root.join("a.dvc"), "one\n").unwrap();
        std::fs::write(root.join("b.dvc"), "two\n").unwrap();
        git(&["add", "a.dvc", "b.dvc"]);
        git(&["commit", "-qm", "c"]);
        let a = git(&["rev-parse", "HEAD:a.dvc"]);
        let b = git(&["rev-parse", "HEAD:b.dvc"]);
        let repo = Repo::open(&root).unwrap();
        let read = |ids: &[&str]| read_pointer_blobs(&repo, &root, ids);
        assert_eq!(read(&[&a]).unwrap(), [b"one\n".to_vec()]);
        // git loses both objects: the one read before is still known, the other is an error
        for id in [&a, &b] {
            std::fs::remove_file(root.join(".git/objects").join(&id[..2]).join(&id[2..])).unwrap();
        }
        assert_eq!(
            read(&[&a, &a]).unwrap(),
            [b"one\n".to_vec(), b"one\n".to_vec()]
        );
        assert!(read(&[&a, &b]).is_err());
    }
}
