//! Pointer files on disk: loading, selecting by target, saving.

use std::path::{Path, PathBuf};

use dvx_formats::{Output, PointerFile};
use dvx_odb::HashKind;

use crate::error::{Error, IoContext, Result};
use crate::fsutil::absolutize;
use crate::repo::Repo;

/// A `.dvc` file and what it says.
#[derive(Debug, Clone)]
pub struct PointerStage {
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

impl PointerStage {
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
        })?;
        Ok(PointerStage {
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

/// The hash an output's recorded md5 is: DVC 2.x entries (no `hash:`) are md5-dos2unix.
pub fn hash_kind(out: &Output) -> HashKind {
    if out.is_legacy() {
        HashKind::Dos2Unix
    } else {
        HashKind::Md5
    }
}

/// Every pointer file of the repository.
pub fn load_all(repo: &Repo) -> Result<Vec<PointerStage>> {
    crate::walk::find_pointer_files(&repo.root)?
        .iter()
        .map(|f| PointerStage::load(repo, f))
        .collect()
}

/// Every pointer file and every pipeline of the repository, found in one walk.
pub fn load_with_pipelines(repo: &Repo) -> Result<(Vec<PointerStage>, crate::pipeline::Pipelines)> {
    let files = crate::walk::find_dvc_files(&repo.root)?;
    let pointers = files
        .pointers
        .iter()
        .map(|f| PointerStage::load(repo, f))
        .collect::<Result<Vec<_>>>()?;
    let pipelines = crate::pipeline::Pipelines::load_files(repo, &files.pipelines)?;
    Ok((pointers, pipelines))
}

/// The pointer files named by `targets` (pointer files themselves, or tracked paths), or all of
/// them when there are no targets. A target inside a tracked directory selects that directory.
pub fn select(repo: &Repo, cwd: &Path, targets: &[String]) -> Result<Vec<PointerStage>> {
    select_from(repo, cwd, targets, load_all(repo)?)
}

pub(crate) fn select_from(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    all: Vec<PointerStage>,
) -> Result<Vec<PointerStage>> {
    if targets.is_empty() {
        return Ok(all);
    }
    let mut chosen: Vec<PointerStage> = Vec::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let found: Vec<&PointerStage> = all.iter().filter(|s| matches(repo, s, &abs)).collect();
        let found: Vec<&PointerStage> = if found.is_empty() && abs == repo.root {
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
fn matches(repo: &Repo, s: &PointerStage, abs: &Path) -> bool {
    s.file == abs
        || (0..s.pointer.outs.len()).any(|i| {
            abs.starts_with(s.out_path(i)) || s.out_path(i).starts_with(abs) && abs != repo.root
        })
}

/// Whether any of `targets` (relative to `cwd`) names this pointer file.
pub fn matches_any(repo: &Repo, s: &PointerStage, cwd: &Path, targets: &[String]) -> bool {
    targets
        .iter()
        .any(|t| matches(repo, s, &absolutize(cwd, Path::new(t))))
}

/// Refuses a pointer file (or a stage's recorded outputs) naming an output dvx must never
/// write: outside the repository, inside `.git`/`.dvc`/the cache, or through a symlink (see
/// [`crate::worktree`]). Called before anything is written.
pub fn check_inside(repo: &Repo, stage: &PointerStage) -> Result<()> {
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

/// Like [`select`], with the outputs of pipeline stages (from `dvc.lock`) as well: with no
/// targets every pointer file and every stage's recorded outputs; a target may name a pointer
/// file, a tracked path, a stage (`name`, `dvc.yaml:name`), a `dvc.yaml`, or a stage's output.
pub fn select_with_pipelines(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
) -> Result<Vec<PointerStage>> {
    let (all, pipelines) = load_with_pipelines(repo)?;
    if pipelines.stages.is_empty() {
        return select_from(repo, cwd, targets, all);
    }
    if targets.is_empty() {
        let mut v = all;
        v.extend(pipelines.lock_stages());
        return Ok(v);
    }
    let mut chosen: Vec<PointerStage> = Vec::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let mut found: Vec<PointerStage> = all
            .iter()
            .filter(|s| matches(repo, s, &abs))
            .cloned()
            .collect();
        if found.is_empty() {
            let by_stage = crate::pipeline::graph::select_stages(repo, &pipelines, cwd, t, false)
                .unwrap_or_default();
            for i in by_stage {
                let s = &pipelines.stages[i];
                found.push(crate::pipeline::lock_pointer_stage(
                    s,
                    &pipelines.file_of(s).rel,
                    pipelines.lock_entry(s),
                ));
            }
            if found.is_empty() {
                found.extend(
                    pipelines
                        .lock_stages()
                        .into_iter()
                        .filter(|s| matches(repo, s, &abs)),
                );
            }
        }
        if found.is_empty() {
            return Err(Error::user(format!(
                "'{t}' is not tracked by any pointer (.dvc) file or pipeline stage"
            ))
            .with_hint("check the path, or track it first with `dvx add` or a stage's outs"));
        }
        for s in found {
            if !chosen.iter().any(|c| c.file == s.file && c.rel == s.rel) {
                chosen.push(s);
            }
        }
    }
    Ok(chosen)
}
