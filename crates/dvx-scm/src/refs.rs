//! Refs: listing (loose and packed alike), creating with a reflog line, deleting, and the
//! first-parent history of a revision.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::{git_lines, git_out, Git, GitError, Result};

/// Told of every ref this process creates, moves or deletes in one repository: (name, the
/// commit it named before, the one it names after). The operation log's record of refs.
pub type RefObserver = Arc<dyn Fn(&str, Option<&str>, Option<&str>) + Send + Sync>;

/// The observed repositories (by work tree root); an experiment's temporary copy is observed
/// beside the repository it runs for.
static REF_OBSERVERS: RwLock<Vec<(PathBuf, RefObserver)>> = RwLock::new(Vec::new());

/// Observes the refs of the repository at `root` (until [`unobserve_refs`]).
pub fn observe_refs(root: &Path, observer: RefObserver) {
    REF_OBSERVERS
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .push((root.to_path_buf(), observer));
}

/// Stops the newest observation of the refs of the repository at `root`.
pub fn unobserve_refs(root: &Path) {
    let mut all = REF_OBSERVERS.write().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = all.iter().rposition(|(r, _)| r == root) {
        all.remove(i);
    }
}

fn ref_observer(root: &Path) -> Option<RefObserver> {
    REF_OBSERVERS
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .rev()
        .find(|(r, _)| r == root)
        .map(|(_, o)| o.clone())
}

impl Git {
    /// Every ref under `prefix` (`refs/exps`) with the commit it names, sorted by name; loose
    /// and packed refs alike.
    pub fn refs(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let lines = git_lines(
            &self.root,
            &["for-each-ref", "--format=%(objectname) %(refname)", prefix],
        )?;
        Ok(lines
            .iter()
            .filter_map(|l| l.split_once(' '))
            .map(|(oid, name)| (name.to_string(), oid.to_string()))
            .collect())
    }

    /// The commits these full ref names point at (the ones that exist), in one git call.
    fn targets(&self, names: &[&str]) -> Result<std::collections::HashMap<String, String>> {
        let mut args = vec!["for-each-ref", "--format=%(objectname) %(refname)"];
        args.extend(names);
        Ok(git_lines(&self.root, &args)?
            .iter()
            .filter_map(|l| l.split_once(' '))
            .map(|(oid, name)| (name.to_string(), oid.to_string()))
            .collect())
    }

    /// The commit a ref names, if it exists.
    pub fn ref_target(&self, name: &str) -> Option<String> {
        git_out(&self.root, &["rev-parse", "--verify", "-q", name])
            .ok()
            .map(|o| String::from_utf8_lossy(&o).trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// Creates `name` at `commit`, with `message` in its reflog; fails if it exists already.
    pub fn create_ref(&self, name: &str, commit: &str, message: &str) -> Result<()> {
        git_out(
            &self.root,
            &[
                "update-ref",
                "--create-reflog",
                "-m",
                message,
                name,
                commit,
                "",
            ],
        )?;
        if let Some(tell) = ref_observer(&self.root) {
            tell(name, None, Some(commit));
        }
        Ok(())
    }

    /// Points `name` at `commit` whatever it named before, with `message` in its reflog.
    pub fn set_ref(&self, name: &str, commit: &str, message: &str) -> Result<()> {
        let observer = ref_observer(&self.root);
        let before = observer.as_ref().and_then(|_| self.ref_target(name));
        git_out(
            &self.root,
            &["update-ref", "--create-reflog", "-m", message, name, commit],
        )?;
        if let Some(tell) = observer {
            tell(name, before.as_deref(), Some(commit));
        }
        Ok(())
    }

    /// Deletes each (ref, commit) if the ref still names that commit (another writer's change is
    /// never undone), all or none, in one `git update-ref --stdin` transaction.
    pub fn delete_refs(&self, refs: &[(String, String)]) -> Result<()> {
        if refs.is_empty() {
            return Ok(());
        }
        let input: String = refs
            .iter()
            .map(|(name, commit)| format!("delete {name} {commit}\n"))
            .collect();
        let mut child = std::process::Command::new("git")
            .current_dir(&self.root)
            .args(["update-ref", "--stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("piped");
            stdin.write_all(input.as_bytes()).map_err(GitError::Spawn)?;
        }
        let out = child.wait_with_output().map_err(GitError::Spawn)?;
        if !out.status.success() {
            return Err(GitError::Failed {
                command: "update-ref --stdin".into(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        if let Some(tell) = ref_observer(&self.root) {
            for (name, commit) in refs {
                tell(name, Some(commit), None);
            }
        }
        Ok(())
    }

    /// `rev` and up to `n - 1` of its first-parent ancestors, as full ids.
    pub fn first_parents(&self, rev: &str, n: usize) -> Result<Vec<String>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let commit = self.resolve(rev)?;
        git_lines(
            &self.root,
            &[
                "rev-list",
                "--first-parent",
                &format!("--max-count={}", n.min(i32::MAX as usize)),
                &commit,
            ],
        )
    }

    /// Each commit's committer time (local, without a zone: `2026-11-21T19:58:22`, as Python's
    /// `datetime.fromtimestamp(...).isoformat()` writes it; and Unix) and its parents, in one
    /// git call.
    pub fn commit_info(&self, commits: &[String]) -> Result<Vec<CommitInfo>> {
        if commits.is_empty() {
            return Ok(Vec::new());
        }
        let mut args = vec![
            "show",
            "-s",
            "--format=%H|%ct|%P|%cd",
            "--date=format-local:%Y-%m-%dT%H:%M:%S",
        ];
        args.extend(commits.iter().map(|c| c.as_str()));
        Ok(git_lines(&self.root, &args)?
            .into_iter()
            .filter_map(|l| {
                let mut it = l.splitn(4, '|');
                let (id, t, parents, local) = (it.next()?, it.next()?, it.next()?, it.next()?);
                Some(CommitInfo {
                    id: id.to_string(),
                    local_time: local.to_string(),
                    time: t.parse().ok()?,
                    parents: parents.split_whitespace().map(str::to_string).collect(),
                })
            })
            .collect())
    }

    /// Whether `name` is a valid full ref name (`git check-ref-format`).
    pub fn is_valid_ref_name(&self, name: &str) -> bool {
        git_out(&self.root, &["check-ref-format", name]).is_ok()
    }

    /// The commit HEAD names, if any.
    pub fn head(&self) -> Option<String> {
        self.ref_target("HEAD")
    }

    /// Which of `refs` (under `prefix`) contain `commit` in their history.
    pub fn refs_containing(&self, commit: &str, prefix: &str) -> Result<Vec<String>> {
        git_lines(
            &self.root,
            &[
                "for-each-ref",
                "--format=%(refname)",
                "--contains",
                commit,
                prefix,
            ],
        )
        .map_err(|e| match e {
            GitError::Failed { .. } => GitError::UnknownRevision(commit.to_string()),
            other => other,
        })
    }

    /// Branches and tags by the commit they name (a tag's peeled commit), for naming baselines.
    pub fn branches_and_tags(&self) -> Result<Vec<(String, String)>> {
        let lines = git_lines(
            &self.root,
            &[
                "for-each-ref",
                "--format=%(objectname) %(*objectname) %(refname)",
                "refs/heads",
                "refs/tags",
            ],
        )?;
        Ok(lines
            .iter()
            .filter_map(|l| {
                let mut parts = l.split(' ');
                let oid = parts.next()?;
                let peeled = parts.next()?;
                let name = parts.next()?;
                let commit = if peeled.is_empty() { oid } else { peeled };
                Some((name.to_string(), commit.to_string()))
            })
            .collect())
    }
}

/// A commit's time and parents ([`Git::commit_info`]).
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: String,
    pub local_time: String,
    pub time: i64,
    pub parents: Vec<String>,
}

/// How a ref compares on both sides after a push or a fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStatus {
    /// Moved to the other side's commit.
    Success,
    /// Both sides named the same commit already.
    UpToDate,
    /// Both sides moved on differently: not overwritten without force.
    Diverged,
}

impl Git {
    /// The refs under `prefix` a git remote (a name or URL) holds, with their commits, without
    /// fetching them.
    pub fn remote_refs(&self, remote: &str, prefix: &str) -> Result<Vec<(String, String)>> {
        let pattern = format!("{prefix}/*");
        let lines = git_lines(&self.root, &["ls-remote", "--refs", remote, &pattern])?;
        Ok(lines
            .iter()
            .filter_map(|l| l.split_once('\t'))
            .map(|(oid, n)| (n.to_string(), oid.to_string()))
            .collect())
    }

    /// Deletes these refs on `remote`, in one `git push REMOTE :NAME...`.
    pub fn delete_remote_refs(&self, remote: &str, names: &[String]) -> Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        let specs: Vec<String> = names.iter().map(|n| format!(":{n}")).collect();
        let mut args = vec!["push", "--quiet", remote];
        args.extend(specs.iter().map(String::as_str));
        git_out(&self.root, &args)?;
        Ok(())
    }

    /// The commits of `tip` that `base` does not have (`rev-list tip ^base`).
    pub fn commits_between(&self, tip: &str, base: &str) -> Result<Vec<String>> {
        git_lines(&self.root, &["rev-list", tip, &format!("^{base}")])
    }

    /// Pushes each ref to the same name on `remote` (with `force`, over a diverged one).
    pub fn push_refs(
        &self,
        remote: &str,
        refs: &[String],
        force: bool,
    ) -> Result<Vec<(String, SyncStatus)>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        let specs: Vec<String> = refs
            .iter()
            .map(|r| format!("{}{r}:{r}", if force { "+" } else { "" }))
            .collect();
        let mut cmd = std::process::Command::new("git");
        cmd.current_dir(&self.root)
            .stdin(std::process::Stdio::null())
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(["push", "--porcelain", remote])
            .args(&specs);
        let out = cmd.output().map_err(GitError::Spawn)?;
        // `<flag>\t<from>:<to>\t<summary>`: '=' up to date, '!' rejected, else updated
        let mut found = Vec::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut fields = line.split('\t');
            let (Some(flag), Some(spec)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Some((_, to)) = spec.split_once(':') else {
                continue;
            };
            let status = match flag {
                "=" => SyncStatus::UpToDate,
                "!" => SyncStatus::Diverged,
                _ => SyncStatus::Success,
            };
            found.push((to.to_string(), status));
        }
        if found.len() < refs.len() && !out.status.success() {
            return Err(GitError::Failed {
                command: format!("push {remote}"),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(found)
    }

    /// Fetches each of `remote`'s refs (as `remote_refs` listed them, with their commits) to the
    /// same name here (with `force`, over a diverged one).
    pub fn fetch_refs(
        &self,
        remote: &str,
        refs: &[(String, String)],
        force: bool,
    ) -> Result<Vec<(String, SyncStatus)>> {
        if refs.is_empty() {
            return Ok(Vec::new());
        }
        let names: Vec<&str> = refs.iter().map(|(r, _)| r.as_str()).collect();
        let before = self.targets(&names)?;
        let specs: Vec<String> = refs
            .iter()
            .map(|(r, _)| format!("{}{r}:{r}", if force { "+" } else { "" }))
            .collect();
        let out = std::process::Command::new("git")
            .current_dir(&self.root)
            .stdin(std::process::Stdio::null())
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(["fetch", "--no-tags", remote])
            .args(&specs)
            .output()
            .map_err(GitError::Spawn)?;
        let mut result = Vec::new();
        // a ref that is still not the remote's: diverged if there was one here (git refuses to
        // move it without force), else the fetch itself failed
        let mut unexplained = false;
        let after = self.targets(&names)?;
        for (name, theirs) in refs {
            let old = before.get(name.as_str()).cloned();
            let now = after.get(name.as_str()).cloned();
            let status = if old.as_deref() == Some(theirs.as_str()) {
                SyncStatus::UpToDate
            } else if now.as_deref() == Some(theirs.as_str()) {
                SyncStatus::Success
            } else {
                unexplained |= old.is_none();
                SyncStatus::Diverged
            };
            result.push((name.clone(), status));
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() && unexplained {
            return Err(GitError::Failed {
                command: format!("fetch {remote}"),
                stderr: stderr.trim().to_string(),
            });
        }
        Ok(result)
    }
}
