//! Managing tracked outputs: `move`, `unprotect`, `destroy`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext, Result};
use crate::fsutil::absolutize;
use crate::record::{ignore_in_git, unignore_in_git, unprotect_output};
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;

/// `move SRC DST`: rename a tracked output, its pointer file and its `.gitignore` line.
/// Returns the new pointer file.
pub fn move_output(tx: &Transaction, cwd: &Path, src: &str, dst: &str) -> Result<PathBuf> {
    let repo: &Repo = tx;
    let from = absolutize(cwd, Path::new(src));
    let mut to = absolutize(cwd, Path::new(dst));
    // into an existing directory; but with the source gone, a directory at the destination is
    // the source moved there by an interrupted move, which this one finishes
    if to.is_dir() && fs::symlink_metadata(&from).is_ok() {
        to = to.join(from.file_name().unwrap_or_default());
    }
    if let Err(refused) = repo.worktree.check(&to) {
        return Err(refused.into_error(&format!("move to '{dst}'")));
    }
    let file = from.with_file_name(format!(
        "{}.dvc",
        from.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    ));
    if !file.is_file() {
        return Err(Error::user(format!(
            "'{src}' is not tracked by a pointer file next to it ('{}' does not exist)",
            repo.rel(&file)
        )));
    }
    let mut st = TrackedStage::load(repo, &file)?;
    stage::check_inside(repo, &st)?;
    let name = from
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let idx = st
        .pointer
        .outs
        .iter()
        .position(|o| o.path == name)
        .ok_or_else(|| Error::user(format!("'{}' does not track '{src}'", st.rel)))?;
    let from_exists = fs::symlink_metadata(&from).is_ok();
    // with the source gone and the destination there, this finishes an interrupted move
    if from_exists && fs::symlink_metadata(&to).is_ok() {
        return Err(Error::user(format!(
            "cannot move to '{dst}': it already exists"
        )));
    }
    let new_name = to
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::user(format!("'{dst}' is not a valid UTF-8 name")))?
        .to_string();
    if from_exists {
        repo.worktree.rename(&from, &to)?;
    }
    unignore_in_git(repo, &from)?;
    st.pointer.outs[idx].path = new_name.clone();
    let new_file = to.with_file_name(format!("{new_name}.dvc"));
    let moved = TrackedStage {
        file: new_file.clone(),
        rel: repo.rel(&new_file),
        pointer: st.pointer.clone(),
        text: st.text.clone(),
        origin: crate::stage::Origin::PointerFile,
    };
    // the old pointer file goes last: an interrupted move is finished by running it again
    ignore_in_git(repo, &to)?;
    moved.save(repo)?;
    if new_file != st.file {
        repo.worktree.remove_file(&st.file)?;
    }
    Ok(new_file)
}

/// `unprotect`: turn linked (read-only) outputs into writable copies.
pub fn unprotect(tx: &Transaction, cwd: &Path, targets: &[String]) -> Result<()> {
    let repo: &Repo = tx;
    for t in targets {
        let p = absolutize(cwd, Path::new(t));
        if !p.starts_with(&repo.root) {
            return Err(Error::user(format!("'{t}' is outside the repository")));
        }
        if !p.exists() {
            return Err(Error::user(format!("'{t}' does not exist")));
        }
        unprotect_output(repo, &p)?;
    }
    Ok(())
}

/// `destroy`: remove every pointer file and `.dvc/`, leaving the data in the workspace as plain
/// files (linked outputs are unprotected first).
pub fn destroy(tx: Transaction) -> Result<()> {
    let repo: &Repo = &tx;
    let stages = stage::load_all(repo)?;
    for st in &stages {
        for i in 0..st.pointer.outs.len() {
            let p = st.out_path(i);
            if p.exists() {
                unprotect_output(repo, &p)?;
            }
            unignore_in_git(repo, &p)?;
        }
        repo.worktree.remove_file(&st.file)?;
    }
    // the lock file lives in .dvc/tmp, which goes now
    let repo = tx.release();
    fs::remove_dir_all(&repo.dvc_dir).ctx("removing", &repo.dvc_dir)?;
    Ok(())
}
