//! Pointer files on disk: loading, selecting by target, saving.

use std::path::{Path, PathBuf};

use dvx_formats::import::ImportDep;
use dvx_formats::PointerFile;

use crate::error::{Error, ErrorKind, IoContext, Result};
use crate::fsutil::absolutize;
use crate::repo::Repo;

/// A `.dvc` file and what it says.
#[derive(Debug, Clone)]
pub struct TrackedStage {
    /// Absolute path of the `.dvc` file.
    pub file: PathBuf,
    /// The same, relative to the repository root.
    pub rel: String,
    pub pointer: PointerFile,
    /// The text it was read from (None for a new file), so a rewrite keeps the user's comments.
    pub text: Option<String>,
    /// The outputs of a pipeline stage, read from `dvc.lock`: never saved as a pointer file.
    pub from_lock: bool,
}

impl TrackedStage {
    pub fn load(repo: &Repo, file: &Path) -> Result<Self> {
        let text = std::fs::read(file).ctx("reading pointer file", file)?;
        let text = String::from_utf8(text).map_err(|_| {
            Error::user(format!(
                "pointer file '{}' is not UTF-8 text",
                repo.rel(file)
            ))
        })?;
        let pointer = PointerFile::parse(&text).map_err(|e| {
            Error::user(format!("pointer file '{}' is invalid: {e}", repo.rel(file)))
                .with_hint("fix the file by hand, or restore it from git (git checkout -- FILE)")
                .kind(ErrorKind::InvalidFile)
        })?;
        Ok(TrackedStage {
            file: file.to_path_buf(),
            rel: repo.rel(file),
            pointer,
            text: Some(text),
            from_lock: false,
        })
    }

    pub fn dir(&self) -> &Path {
        self.file
            .parent()
            .expect("a pointer file has a parent directory")
    }

    /// Absolute path of output `i` in the workspace.
    pub fn out_path(&self, i: usize) -> PathBuf {
        self.dir().join(&self.pointer.outs[i].path)
    }

    /// The import dependency of the pointer file, if it is an import.
    pub fn import_dep(&self) -> Result<Option<ImportDep>> {
        self.pointer.import_dep().map_err(|e| {
            Error::user(format!(
                "pointer file '{}' has an invalid import: {e}",
                self.rel
            ))
            .with_hint("import the data again with `dvx import -f`")
        })
    }

    pub fn save(&self, repo: &Repo) -> Result<()> {
        if self.from_lock {
            return Err(Error::user(format!(
                "'{}' is a pipeline stage: its outputs are recorded by `dvx repro` or `dvx commit` in dvc.lock",
                self.rel
            )));
        }
        let text = match &self.text {
            Some(old) => self.pointer.render_over(old),
            None => self.pointer.render(),
        };
        repo.worktree.write(&self.file, text.as_bytes())
    }
}

/// Every pointer file of the repository.
pub fn load_all(repo: &Repo) -> Result<Vec<TrackedStage>> {
    crate::walk::find_pointer_files(&repo.root)?
        .iter()
        .map(|f| TrackedStage::load(repo, f))
        .collect()
}

/// The pointer files named by `targets` (pointer files themselves, or tracked paths), or all of
/// them when there are no targets. A target inside a tracked directory selects that directory.
pub fn select(repo: &Repo, cwd: &Path, targets: &[String]) -> Result<Vec<TrackedStage>> {
    select_from(repo, cwd, targets, load_all(repo)?)
}

pub(crate) fn select_from(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    all: Vec<TrackedStage>,
) -> Result<Vec<TrackedStage>> {
    if targets.is_empty() {
        return Ok(all);
    }
    let mut chosen: Vec<TrackedStage> = Vec::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let found: Vec<&TrackedStage> = all.iter().filter(|s| matches(repo, s, &abs)).collect();
        let found: Vec<&TrackedStage> = if found.is_empty() && abs == repo.root {
            all.iter().collect()
        } else {
            found
        };
        if found.is_empty() {
            return Err(
                Error::user(format!("'{t}' is not tracked by any pointer (.dvc) file"))
                    .with_hint("check the path, or track it first with `dvx add`"),
            );
        }
        for s in found {
            if !chosen.iter().any(|c| c.file == s.file) {
                chosen.push(s.clone());
            }
        }
    }
    Ok(chosen)
}

/// Whether the target `abs` names this pointer file: the file itself, one of its outputs, a
/// path inside one, or a directory holding one.
pub(crate) fn matches(repo: &Repo, s: &TrackedStage, abs: &Path) -> bool {
    s.file == abs
        || (0..s.pointer.outs.len()).any(|i| {
            abs.starts_with(s.out_path(i)) || s.out_path(i).starts_with(abs) && abs != repo.root
        })
}

/// Whether any of `targets` (relative to `cwd`) names this pointer file.
pub fn matches_any(repo: &Repo, s: &TrackedStage, cwd: &Path, targets: &[String]) -> bool {
    targets
        .iter()
        .any(|t| matches(repo, s, &absolutize(cwd, Path::new(t))))
}

/// Refuses a pointer file (or a stage's recorded outputs) naming an output dvx must never
/// write: outside the repository, inside `.git`/`.dvc`/the cache, or through a symlink (see
/// [`crate::worktree`]). Called before anything is written.
pub fn check_inside(repo: &Repo, stage: &TrackedStage) -> Result<()> {
    for (i, o) in stage.pointer.outs.iter().enumerate() {
        if let Err(refused) = repo.worktree.check(&stage.out_path(i)) {
            let what = if stage.from_lock {
                "stage"
            } else {
                "pointer file"
            };
            return Err(Error::user(format!(
                "{what} '{}' names output '{}': {refused}; refusing to use it",
                stage.rel, o.path
            ))
            .with_hint(match refused.why {
                crate::worktree::Refusal::Symlink(..) => {
                    "replace the symlink by a real directory (or remove it) and run the command again"
                }
                _ => "the pointer file was written by someone else or by hand: fix it, or restore it from git (git checkout -- FILE)",
            }));
        }
    }
    Ok(())
}
