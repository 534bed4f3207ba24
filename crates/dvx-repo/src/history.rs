//! Pointer files in git history: the outputs that branches, tags or all commits name, for
//! `push/fetch/pull/status -c -a -T -A`. Read straight from git objects, nothing checked out.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use dvx_formats::PointerFile;

use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::{self, PointerStage};

/// Which revisions to cover.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub all_branches: bool,
    pub all_tags: bool,
    pub all_commits: bool,
}

pub(crate) fn git_out(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::user(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(Error::user(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The commits the scope names, each once.
pub fn revisions(dir: &Path, scope: &Scope) -> Result<Vec<String>> {
    let mut revs: Vec<String> = Vec::new();
    let mut add = |bytes: Vec<u8>| {
        for l in String::from_utf8_lossy(&bytes).lines() {
            // for-each-ref prints "<object> <peeled commit>"; the peeled one wins when present
            let id = l.split_whitespace().last().unwrap_or("");
            if !id.is_empty() {
                revs.push(id.to_string());
            }
        }
    };
    if scope.all_commits {
        add(git_out(dir, &["rev-list", "--all"])?);
    }
    if scope.all_branches {
        add(git_out(
            dir,
            &["for-each-ref", "--format=%(objectname)", "refs/heads"],
        )?);
    }
    if scope.all_tags {
        add(git_out(
            dir,
            &[
                "for-each-ref",
                "--format=%(objectname) %(*objectname)",
                "refs/tags",
            ],
        )?);
    }
    let mut seen = HashSet::new();
    revs.retain(|r| seen.insert(r.clone()));
    Ok(revs)
}

/// The pointer files of every revision in `scope` (each distinct file once), limited to
/// `targets` when there are any.
pub fn pointer_stages(
    repo: &Repo,
    scope: &Scope,
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<PointerStage>> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(
            "-a/-T/-A need git history, and this repository has no git (core.no_scm)",
        ));
    };
    pointer_stages_at(repo, &revisions(&git.root, scope)?, cwd, targets)
}

/// The commit a revision names (full id), or an error naming the revision.
pub fn resolve(repo: &Repo, rev: &str) -> Result<String> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(format!(
            "cannot read revision '{rev}': this repository has no git (core.no_scm)"
        )));
    };
    let out = git_out(
        &git.root,
        &["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| {
        Error::user(format!("unknown Git revision '{rev}'"))
            .with_hint("name a commit, branch or tag that exists (git log --oneline shows them)")
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// The pointer files of the given commits (each distinct file once), limited to `targets`
/// when there are any.
pub fn pointer_stages_at(
    repo: &Repo,
    revs: &[String],
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<PointerStage>> {
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
        let rev = rev.clone();
        let tree = git_out(&git.root, &["ls-tree", "-r", "-z", "--full-tree", &rev])?;
        for entry in tree.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (_, kind, blob) = (meta.next(), meta.next(), meta.next().unwrap_or(""));
            let Some(rel) = path.strip_prefix(prefix.as_str()) else {
                continue;
            };
            if kind == Some("blob") && (rel == "dvc.yaml" || rel.ends_with("/dvc.yaml")) {
                // pipelines at this revision: read whole, with the files they interpolate
                if !lock_revs.contains(&rev) {
                    lock_revs.push(rev.clone());
                }
                continue;
            }
            if kind != Some("blob") || !rel.ends_with(".dvc") || rel.starts_with(".dvc/") {
                continue;
            }
            if seen.insert((blob.to_string(), rel.to_string())) {
                blobs.push((blob.to_string(), rev.clone(), rel.to_string()));
            }
        }
    }
    let contents = read_blobs(&git.root, blobs.iter().map(|(b, _, _)| b.as_str()))?;
    let mut stages = Vec::new();
    for ((_, rev, rel), text) in blobs.into_iter().zip(contents) {
        let short = &rev[..rev.len().min(7)];
        let pointer = String::from_utf8(text)
            .map_err(|_| "it is not UTF-8 text".to_string())
            .and_then(|t| PointerFile::parse(&t).map_err(|e| e.to_string()))
            .map_err(|e| {
                Error::user(format!(
                    "pointer file '{rel}' at revision {short} is invalid: {e}"
                ))
                .with_hint("fix it in a new commit; dvx will not guess what it meant")
            })?;
        let st = PointerStage {
            file: repo.root.join(&rel),
            rel: format!("{rel}@{short}"),
            pointer,
            text: None,
            from_lock: false,
        };
        if targets.is_empty() || stage::matches_any(repo, &st, cwd, targets) {
            stages.push(st);
        }
    }
    for st in crate::pipeline::at_revision::lock_stages(repo, &lock_revs)? {
        if targets.is_empty() || stage::matches_any(repo, &st, cwd, targets) {
            stages.push(st);
        }
    }
    Ok(stages)
}

/// The contents of blobs, in order, through one `git cat-file --batch`.
pub(crate) fn read_blobs<'a>(
    dir: &Path,
    ids: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>> {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::user(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input: String = ids.iter().map(|i| format!("{i}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut blobs = Vec::with_capacity(ids.len());
    let bad = |id: &str| Error::user(format!("git cannot read object {id}"));
    for id in &ids {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|_| bad(id))?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(id))?;
        let mut buf = vec![0; size + 1];
        out.read_exact(&mut buf).map_err(|_| bad(id))?;
        buf.truncate(size);
        blobs.push(buf);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}
