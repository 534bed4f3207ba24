//! Git hooks, as `dvc install` sets them up: `pre-commit` runs `status`, `post-checkout` runs
//! `checkout` after a branch checkout, `pre-push` runs `push`; each hook file calls back into
//! `dvx git-hook NAME`. With the pre-commit framework, the same hooks go into
//! `.pre-commit-config.yaml` instead.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::repo::Repo;
use crate::scm::git_out;

/// The hooks dvx installs, in DVC's order.
pub const HOOKS: [&str; 3] = ["post-checkout", "pre-commit", "pre-push"];

/// What a hook file runs: the `dvx` on PATH, else the one that installed the hook (so that a
/// commit does not fail with "dvx: not found" when dvx was run by its path).
pub fn hook_script(hook: &str) -> String {
    let installer = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.to_str()?.to_string()));
    let fallback = match installer {
        Some(dir) => format!(
            "command -v dvx >/dev/null 2>&1 || PATH={}:\"$PATH\"\n",
            shell_quote(&dir)
        ),
        None => String::new(),
    };
    format!("#!/bin/sh\n{fallback}exec dvx git-hook {hook} \"$@\"\n")
}

/// `s` as one word for sh: in single quotes, each `'` written as `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The hooks directory git uses for the repository (`core.hooksPath` honoured).
fn hooks_dir(root: &Path) -> Result<PathBuf> {
    let out = git_out(root, &["rev-parse", "--git-path", "hooks"])?;
    let p = PathBuf::from(String::from_utf8_lossy(&out).trim_end_matches('\n'));
    Ok(if p.is_absolute() { p } else { root.join(p) })
}

/// Installs the three hooks. Refuses, changing nothing, when any of them exists already.
/// Registers DVC's merge driver for `.dvc` files in the repository's git config (`merge.dvc`),
/// with dvx as the driver; a `*.dvc merge=dvc` line in `.gitattributes` turns it on.
pub fn install_merge_driver(repo: &Repo) -> Result<()> {
    let Some(git) = &repo.scm else {
        return Ok(());
    };
    git_out(&git.root, &["config", "merge.dvc.name", "DVC merge driver"])?;
    git_out(
        &git.root,
        &["config", "merge.dvc.driver", crate::merge::DRIVER],
    )?;
    Ok(())
}

pub fn install(repo: &Repo) -> Result<Vec<PathBuf>> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(
            "this repository does not use git: there are no git hooks to install",
        ));
    };
    install_merge_driver(repo)?;
    let dir = hooks_dir(&git.root)?;
    for hook in HOOKS {
        if dir.join(hook).exists() {
            return Err(Error::user(format!(
                "failed to install DVC Git hooks - Hook '{hook}' already exists. Please refer to <https://man.dvc.org/install> for more info."
            ))
            .with_hint(format!(
                "add `exec dvx git-hook {hook} \"$@\"` to {} yourself, or remove it and run `dvx install` again",
                dir.join(hook).display()
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    let mut written = Vec::new();
    for hook in HOOKS {
        let path = dir.join(hook);
        write_atomic(&path, hook_script(hook).as_bytes())
            .map_err(|e| Error::io("writing the git hook", &path, e))?;
        set_executable(&path)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(unix)]
fn set_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("making the git hook executable:", path, e))
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> Result<()> {
    Ok(())
}

/// The `.pre-commit-config.yaml` entry that runs dvx's hooks (a local repo of system hooks:
/// dvx must be on PATH, as for the hook files).
pub const PRE_COMMIT_ENTRY: &str = "- repo: local
  hooks:
  - id: dvx-pre-commit
    name: dvx status
    entry: dvx git-hook pre-commit
    language: system
    pass_filenames: false
    always_run: true
    stages: [pre-commit]
  - id: dvx-pre-push
    name: dvx push
    entry: dvx git-hook pre-push
    language: system
    pass_filenames: false
    always_run: true
    stages: [pre-push]
  - id: dvx-post-checkout
    name: dvx checkout
    entry: dvx git-hook post-checkout
    language: system
    pass_filenames: false
    always_run: true
    stages: [post-checkout]
";

/// Adds dvx's hooks to `.pre-commit-config.yaml` at the git root (made if missing; left as it
/// is if it names them already). Returns the file, and whether it changed.
pub fn install_pre_commit(repo: &Repo) -> Result<(PathBuf, bool)> {
    let Some(git) = &repo.scm else {
        return Err(Error::user(
            "this repository does not use git: the pre-commit framework needs git",
        ));
    };
    install_merge_driver(repo)?;
    let path = git.root.join(".pre-commit-config.yaml");
    let old = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    if old.contains("dvx git-hook") {
        return Ok((path, false));
    }
    let new = with_entry(&old).ok_or_else(|| {
        Error::user(format!(
            "cannot add dvx's hooks to '{}': its top-level `repos:` list is not in block style",
            path.display()
        ))
        .with_hint(format!(
            "add this to its `repos:` list yourself:\n{PRE_COMMIT_ENTRY}"
        ))
    })?;
    write_atomic(&path, new.as_bytes()).map_err(|e| Error::io("writing", &path, e))?;
    Ok((path, true))
}

/// `config` with [`PRE_COMMIT_ENTRY`] appended to its top-level `repos:` block list (text kept
/// as it is, comments included), or a new `repos:` key; None if `repos:` is in flow style.
fn with_entry(config: &str) -> Option<String> {
    let mut lines: Vec<&str> = config.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("repos:")) else {
        let mut out = config.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("repos:\n");
        out.push_str(PRE_COMMIT_ENTRY);
        return Some(out);
    };
    if !lines[start]["repos:".len()..].trim().is_empty()
        && !lines[start]["repos:".len()..].trim().starts_with('#')
    {
        return None;
    }
    // the list ends at the next line that starts at column 0 and is not a list item
    let end = lines[start + 1..]
        .iter()
        .position(|l| {
            !l.is_empty() && !l.starts_with(' ') && !l.starts_with('-') && !l.starts_with('#')
        })
        .map_or(lines.len(), |i| start + 1 + i);
    // items at column 0 ("- repo:") or indented ("  - repo:"): ours follows their indentation
    let indent = lines[start + 1..end]
        .iter()
        .find_map(|l| {
            let t = l.trim_start();
            t.starts_with("- ").then(|| l.len() - t.len())
        })
        .unwrap_or(0);
    let pad = " ".repeat(indent);
    let entry: String = PRE_COMMIT_ENTRY
        .lines()
        .map(|l| format!("{pad}{l}\n"))
        .collect();
    let entry_lines: Vec<&str> = entry.lines().collect();
    lines.splice(end..end, entry_lines);
    let mut out = lines.join("\n");
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_goes_into_an_existing_list_keeping_the_rest() {
        let config = "# mine\nrepos:\n- repo: https://example.com/x\n  rev: v1\n  hooks:\n  - id: x\ndefault_stages: [pre-commit]\n";
        let out = with_entry(config).unwrap();
        assert!(out.starts_with("# mine\nrepos:\n- repo: https://example.com/x\n  rev: v1\n  hooks:\n  - id: x\n- repo: local\n"));
        assert!(out.ends_with("    stages: [post-checkout]\ndefault_stages: [pre-commit]\n"));
    }

    #[test]
    fn indented_lists_keep_their_indentation() {
        let config =
            "repos:\n  - repo: https://example.com/x\n    rev: v1\n    hooks:\n      - id: x\n";
        let out = with_entry(config).unwrap();
        assert!(
            out.contains("\n  - repo: local\n    hooks:\n    - id: dvx-pre-commit\n"),
            "{out}"
        );
    }

    #[test]
    fn a_file_without_repos_gets_the_key() {
        assert_eq!(
            with_entry("").unwrap(),
            format!("repos:\n{PRE_COMMIT_ENTRY}")
        );
        assert!(with_entry("fail_fast: true")
            .unwrap()
            .starts_with("fail_fast: true\nrepos:\n- repo: local\n"));
    }

    #[test]
    fn flow_style_is_left_to_the_user() {
        assert_eq!(with_entry("repos: []\n"), None);
    }
}
