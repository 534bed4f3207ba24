//! Commits of a work tree's state made through a private index: what an experiment records.
//! The user's index, HEAD and branches are never touched and no hook runs (plumbing only:
//! `add` into a private index, `write-tree`, `commit-tree`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{Git, GitError, Result};

/// A private index and the work tree it describes.
#[derive(Debug, Clone)]
pub struct Stage {
    pub work_tree: PathBuf,
    pub index: PathBuf,
    /// The repository's git directory, where the objects go.
    pub git_dir: PathBuf,
}

impl Git {
    /// The repository's git directory, absolute.
    pub fn git_dir(&self) -> Result<PathBuf> {
        let out = crate::git_out(&self.root, &["rev-parse", "--absolute-git-dir"])?;
        Ok(PathBuf::from(String::from_utf8_lossy(&out).trim()))
    }

    /// A private index at `index` for this work tree, holding what the user's index holds.
    pub fn private_index(&self, index: &Path) -> Result<Stage> {
        let git_dir = self.git_dir()?;
        let real = git_dir.join("index");
        let copied = if real.exists() {
            std::fs::copy(&real, index)
                .map(|_| ())
                .map_err(|e| failed("copy the index", e))
        } else {
            Ok(())
        };
        copied?;
        let stage = Stage {
            work_tree: self.root.clone(),
            index: index.to_path_buf(),
            git_dir,
        };
        if real.exists() {
            // the same entries without their file stamps, so that git compares every tracked
            // file's content: an index another tool wrote may carry a stamp that matches a
            // file whose content it does not record
            let tree = self.staged(&stage, &["write-tree"])?;
            let tree = String::from_utf8_lossy(&tree).trim().to_string();
            self.staged(&stage, &["read-tree", &tree])?;
        } else if let Some(head) = self.head() {
            self.staged(&stage, &["read-tree", &head])?;
        }
        Ok(stage)
    }

    /// Stages the work tree's changes to tracked files (`git add -u`) and the untracked `paths`
    /// that exist and git does not ignore; returns the tree.
    pub fn stage_tree(&self, stage: &Stage, paths: &[PathBuf]) -> Result<String> {
        self.stage_tree_with(stage, paths, &[])
    }

    /// [`Git::stage_tree`], and `forced` paths added even where git ignores them (`add -f`).
    pub fn stage_tree_with(
        &self,
        stage: &Stage,
        paths: &[PathBuf],
        forced: &[PathBuf],
    ) -> Result<String> {
        self.staged(stage, &["add", "-u"])?;
        let forced: Vec<String> = forced
            .iter()
            .filter(|p| stage.work_tree.join(p).exists())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if !forced.is_empty() {
            let mut args = vec!["add", "-f", "--"];
            args.extend(forced.iter().map(|s| s.as_str()));
            self.staged(stage, &args)?;
        }
        let candidates: Vec<String> = paths
            .iter()
            .filter(|p| stage.work_tree.join(p).exists())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if !candidates.is_empty() {
            let ignored = self.ignored_in(stage, &candidates)?;
            let mut args = vec!["add", "--"];
            let kept: Vec<&String> = candidates.iter().filter(|p| !ignored.contains(p)).collect();
            args.extend(kept.iter().map(|s| s.as_str()));
            if !kept.is_empty() {
                self.staged(stage, &args)?;
            }
        }
        let out = self.staged(stage, &["write-tree"])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The tree a commit records.
    pub fn tree_of(&self, commit: &str) -> Result<String> {
        let out = crate::git_out(&self.root, &["rev-parse", &format!("{commit}^{{tree}}")])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// `base`'s tree with `files` (work-tree-relative path, content) written into it, through
    /// the private index of `stage`; the new tree's id. The work tree is not touched.
    pub fn tree_with_files(
        &self,
        stage: &Stage,
        base: &str,
        files: &[(String, Vec<u8>)],
    ) -> Result<String> {
        self.staged(stage, &["read-tree", base])?;
        for (path, bytes) in files {
            let blob = self.write_blob(bytes)?;
            self.staged(
                stage,
                &[
                    "update-index",
                    "--add",
                    "--cacheinfo",
                    &format!("100644,{blob},{path}"),
                ],
            )?;
        }
        let out = self.staged(stage, &["write-tree"])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    fn write_blob(&self, bytes: &[u8]) -> Result<String> {
        use std::io::Write;
        let mut child = Command::new("git")
            .current_dir(&self.root)
            .args(["hash-object", "-w", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        if let Some(mut w) = child.stdin.take() {
            w.write_all(bytes).map_err(GitError::Spawn)?;
        }
        let out = child.wait_with_output().map_err(GitError::Spawn)?;
        if !out.status.success() {
            return Err(GitError::Failed {
                command: "hash-object".into(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Files git does not track and does not ignore, work-tree-relative.
    pub fn untracked_files(&self) -> Result<Vec<PathBuf>> {
        let out = crate::git_out(
            &self.root,
            &["ls-files", "-z", "--others", "--exclude-standard"],
        )?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| PathBuf::from(String::from_utf8_lossy(s).as_ref()))
            .collect())
    }

    /// Writes every file of `commit`'s tree into the work tree of `stage` (overwriting what is
    /// there) and removes the files `from` has and `commit` has not; the user's index and HEAD
    /// are not touched.
    pub fn write_commit_files(&self, stage: &Stage, from: &str, commit: &str) -> Result<()> {
        self.staged(stage, &["read-tree", commit])?;
        self.staged(stage, &["checkout-index", "-a", "-f"])?;
        let gone = crate::git_out(
            &self.root,
            &[
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=D",
                from,
                commit,
            ],
        )?;
        for rel in gone.split(|b| *b == 0).filter(|s| !s.is_empty()) {
            let path = stage.work_tree.join(String::from_utf8_lossy(rel).as_ref());
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(failed(&format!("remove {}", path.display()), e)),
            }
        }
        Ok(())
    }

    /// The files [`Git::write_commit_files`] from `from` to `commit` may change: those the
    /// work tree holds differently from `commit`, and those `from` and `commit` differ in
    /// (relative, `/`-separated).
    pub fn files_differing(&self, from: &str, commit: &str) -> Result<Vec<String>> {
        let mut out = std::collections::BTreeSet::new();
        for args in [
            &["diff", "--name-only", "-z", "--no-renames", commit][..],
            &["diff", "--name-only", "-z", "--no-renames", from, commit][..],
        ] {
            let names = crate::git_out(&self.root, args)?;
            for rel in names.split(|b| *b == 0).filter(|s| !s.is_empty()) {
                out.insert(String::from_utf8_lossy(rel).into_owned());
            }
        }
        Ok(out.into_iter().collect())
    }

    /// A commit of `tree` over `parent` with `message`; no hook runs.
    pub fn commit_tree(&self, tree: &str, parent: &str, message: &str) -> Result<String> {
        let out = crate::git_out(
            &self.root,
            &["commit-tree", tree, "-p", parent, "-m", message],
        )?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// A fresh git work tree at `dir` that borrows this repository's objects (alternates),
    /// with `tree`'s files checked out and HEAD detached at `head`: an experiment's copy.
    pub fn share_into(&self, dir: &Path, head: &str, tree: &str) -> Result<Git> {
        crate::git_out(dir, &["init", "-q", "."])?;
        let objects = self.git_dir()?.join("objects");
        let info = dir.join(".git/objects/info");
        std::fs::create_dir_all(&info).map_err(|e| failed("create .git/objects/info", e))?;
        std::fs::write(
            info.join("alternates"),
            format!("{}\n", objects.to_string_lossy()),
        )
        .map_err(|e| failed("write .git/objects/info/alternates", e))?;
        crate::git_out(dir, &["update-ref", "--no-deref", "HEAD", head])?;
        crate::git_out(dir, &["read-tree", "-u", "--reset", tree])?;
        Ok(Git {
            root: dir.to_path_buf(),
        })
    }

    fn ignored_in(&self, stage: &Stage, paths: &[String]) -> Result<Vec<String>> {
        let mut input = paths.join("\0");
        input.push('\0');
        let out = self
            .staged_cmd(stage, &["check-ignore", "-z", "--stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                if let Some(mut w) = child.stdin.take() {
                    w.write_all(input.as_bytes())?;
                }
                child.wait_with_output()
            })
            .map_err(GitError::Spawn)?;
        // 1: none ignored; 0: some ignored; anything else: an error
        if !matches!(out.status.code(), Some(0 | 1)) {
            return Err(GitError::Failed {
                command: "check-ignore".into(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(out
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect())
    }

    fn staged_cmd(&self, stage: &Stage, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.current_dir(&stage.work_tree)
            .arg(format!("--git-dir={}", stage.git_dir.to_string_lossy()))
            .arg(format!("--work-tree={}", stage.work_tree.to_string_lossy()))
            .args(args)
            .env("GIT_INDEX_FILE", &stage.index)
            .stdin(Stdio::null());
        c
    }

    /// Runs git on the private index of `stage`; its output.
    fn staged(&self, stage: &Stage, args: &[&str]) -> Result<Vec<u8>> {
        crate::run(self.staged_cmd(stage, args), args)
    }
}

fn failed(what: &str, e: std::io::Error) -> GitError {
    GitError::Failed {
        command: what.into(),
        stderr: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    #[test]
    fn a_snapshot_reads_files_whose_index_stamp_lies() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        git(&root, &["init", "-q"]);
        git(&root, &["config", "core.trustctime", "false"]);
        git(&root, &["config", "core.checkStat", "minimal"]);
        // a stamp well before the index is written: git trusts it (not racily clean)
        let stamp = std::time::SystemTime::now() - std::time::Duration::from_secs(100);
        let set_stamp = || {
            std::fs::File::options()
                .write(true)
                .open(root.join("p"))
                .unwrap()
                .set_modified(stamp)
                .unwrap()
        };
        std::fs::write(root.join("p"), "lr: 1").unwrap();
        set_stamp();
        git(&root, &["add", "p"]);
        git(&root, &["commit", "-qm", "base"]);
        git(&root, &["update-index", "--refresh"]);
        // same size, same mtime: git's stamp check cannot tell
        std::fs::write(root.join("p"), "lr: 2").unwrap();
        set_stamp();
        // git itself is fooled
        assert_eq!(git(&root, &["status", "--porcelain"]), "");
        let g = Git { root: root.clone() };
        let stage = g.private_index(&t.path().join("idx")).unwrap();
        let tree = g.stage_tree(&stage, &[]).unwrap();
        assert_eq!(git(&root, &["show", &format!("{tree}:p")]), "lr: 2");
    }

    #[test]
    fn a_snapshot_leaves_the_index_and_head_alone() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        git(&root, &["init", "-q"]);
        std::fs::write(root.join("a"), "1").unwrap();
        std::fs::write(root.join(".gitignore"), "ignored\n").unwrap();
        git(&root, &["add", "a", ".gitignore"]);
        git(&root, &["commit", "-qm", "base"]);
        let head = git(&root, &["rev-parse", "HEAD"]);
        std::fs::write(root.join("a"), "2").unwrap();
        std::fs::write(root.join("new"), "n").unwrap();
        std::fs::write(root.join("ignored"), "i").unwrap();
        std::fs::write(root.join("stray"), "s").unwrap();
        let g = Git {
            root: root.canonicalize().unwrap(),
        };
        let stage = g.private_index(&t.path().join("idx")).unwrap();
        let tree = g
            .stage_tree(&stage, &["new".into(), "ignored".into(), "missing".into()])
            .unwrap();
        let commit = g.commit_tree(&tree, &head, "exp").unwrap();
        let files = git(&root, &["ls-tree", "--name-only", &commit]);
        assert_eq!(
            files.lines().collect::<Vec<_>>(),
            [".gitignore", "a", "new"]
        );
        assert_eq!(git(&root, &["show", &format!("{commit}:a")]), "2");
        assert_eq!(git(&root, &["rev-parse", "HEAD"]), head);
        // the user's index still has the old a and no new
        assert_eq!(git(&root, &["diff", "--cached", "--name-only"]), "");
        // a copy sharing the objects
        let copy = t.path().join("copy");
        std::fs::create_dir(&copy).unwrap();
        let c = g.share_into(&copy, &head, &tree).unwrap();
        assert_eq!(std::fs::read_to_string(copy.join("a")).unwrap(), "2");
        assert_eq!(git(&c.root, &["rev-parse", "HEAD"]), head);
        assert_eq!(git(&c.root, &["status", "--porcelain"]), "M  a\nA  new");
    }
}
