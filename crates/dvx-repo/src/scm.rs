//! Git, through the `git` command: the few questions dvx asks of the repository's SCM.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// The git work tree a dvx repository lives in.
#[derive(Debug, Clone)]
pub struct Git {
    pub root: PathBuf,
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).stdin(Stdio::null());
    c
}

impl Git {
    /// The work tree containing `dir`, if any.
    pub fn discover(dir: &Path) -> Option<Git> {
        let out = git(dir)
            .args(["rev-parse", "--show-toplevel"])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let s = String::from_utf8(out.stdout).ok()?;
        Some(Git {
            root: PathBuf::from(s.trim_end_matches('\n')),
        })
    }

    /// Which of `paths` git tracks (is in the index).
    pub fn tracked(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        let out = git(&self.root)
            .args(["ls-files", "-z", "--"])
            .args(paths)
            .stderr(Stdio::null())
            .output()
            .map_err(|e| Error::user(format!("running git ls-files: {e}")))?;
        let listed: Vec<PathBuf> = out
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| self.root.join(String::from_utf8_lossy(s).as_ref()))
            .collect();
        Ok(paths
            .iter()
            .filter(|p| listed.iter().any(|l| l == *p || l.starts_with(p)))
            .cloned()
            .collect())
    }

    /// Whether git ignores `path` already (then DVC adds no `.gitignore` line).
    pub fn is_ignored(&self, path: &Path) -> bool {
        git(&self.root)
            .args(["check-ignore", "-q", "--no-index", "--"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    /// `git add` for autostage.
    pub fn add(&self, paths: &[PathBuf]) -> Result<()> {
        if paths.is_empty() {
            return Ok(());
        }
        let out = git(&self.root)
            .args(["add", "--"])
            .args(paths)
            .output()
            .map_err(|e| Error::user(format!("running git add: {e}")))?;
        if !out.status.success() {
            return Err(Error::user(format!(
                "git add failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(())
    }

    /// The content of `path` (relative to the work tree) at `rev`, or None if it is not there.
    pub fn show(&self, rev: &str, rel: &str) -> Option<Vec<u8>> {
        let out = git(&self.root)
            .args(["cat-file", "blob", &format!("{rev}:{rel}")])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    }

    /// Whether the work tree has changes git would report (for `data status`'s closing hint).
    pub fn has_changes(&self) -> bool {
        git(&self.root)
            .args(["status", "--porcelain", "--untracked-files=no"])
            .stderr(Stdio::null())
            .output()
            .map(|o| !o.stdout.is_empty())
            .unwrap_or(false)
    }
}
