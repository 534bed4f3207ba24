//! Refs: listing (loose and packed alike), creating with a reflog line, deleting, and the
//! first-parent history of a revision.

use crate::{git_out, Git, GitError, Result};

impl Git {
    /// Every ref under `prefix` (`refs/exps`) with the commit it names, sorted by name; loose
    /// and packed refs alike.
    pub fn refs(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let out = git_out(
            &self.root,
            &["for-each-ref", "--format=%(objectname) %(refname)", prefix],
        )?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
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
        Ok(())
    }

    /// Deletes `name` if it still names `commit` (another writer's change is never undone).
    pub fn delete_ref(&self, name: &str, commit: &str) -> Result<()> {
        git_out(&self.root, &["update-ref", "-d", name, commit])?;
        Ok(())
    }

    /// `rev` and up to `n - 1` of its first-parent ancestors, as full ids.
    pub fn first_parents(&self, rev: &str, n: usize) -> Result<Vec<String>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let commit = self.resolve(rev)?;
        let out = git_out(
            &self.root,
            &[
                "rev-list",
                "--first-parent",
                &format!("--max-count={}", n.min(i32::MAX as usize)),
                &commit,
            ],
        )?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
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
        let out = git_out(
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
        })?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// Branches and tags by the commit they name (a tag's peeled commit), for naming baselines.
    pub fn branches_and_tags(&self) -> Result<Vec<(String, String)>> {
        let out = git_out(
            &self.root,
            &[
                "for-each-ref",
                "--format=%(objectname) %(*objectname) %(refname)",
                "refs/heads",
                "refs/tags",
            ],
        )?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
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

impl Git {
    /// The refs under `prefix` a git remote (a name or URL) holds, without fetching them.
    pub fn remote_refs(&self, remote: &str, prefix: &str) -> Result<Vec<String>> {
        let pattern = format!("{prefix}/*");
        let out = git_out(&self.root, &["ls-remote", "--refs", remote, &pattern])?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| l.split_once('\t').map(|(_, n)| n.to_string()))
            .collect())
    }
}
