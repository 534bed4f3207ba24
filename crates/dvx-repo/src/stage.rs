//! Tracked outputs and where their record comes from: pointer files on disk (loading, selecting
//! by target, saving), pointer files at a git revision, a pipeline stage's `dvc.lock` entry, the
//! run-cache.

use std::path::{Path, PathBuf};

use dvx_formats::import::ImportDep;
use dvx_formats::PointerFile;

use crate::error::{Error, IoContext, Result};
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
    /// Where the record comes from: only a workspace pointer file is ever saved.
    pub origin: Origin,
}

/// Where a tracked stage's record comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A `.dvc` file in the workspace; its outputs' options are its own keys.
    PointerFile,
    /// A `.dvc` file read from git at a revision.
    Revision,
    /// A pipeline stage: the hashes its `dvc.lock` entry records, the options its `dvc.yaml`
    /// definition gives (one per output).
    Lock { options: Vec<OutOptions> },
    /// Entries of the run-cache: objects only, every one cached.
    RunCache,
}

/// How an output is stored and moved: in the cache or by git, to which remote, pushed or not.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOptions {
    /// `cache: false`: git tracks the output, the cache does not.
    pub cache: bool,
    /// The remote the output goes to instead of the default.
    pub remote: Option<String>,
    /// `push: false`: never pushed (fetch and pull still take it).
    pub push: bool,
}

impl Default for OutOptions {
    fn default() -> Self {
        OutOptions {
            cache: true,
            remote: None,
            push: true,
        }
    }
}

impl TrackedStage {
    pub fn load(repo: &Repo, file: &Path) -> Result<Self> {
        let bytes = std::fs::read(file).ctx("reading pointer file", file)?;
        let (text, pointer) = parse_pointer(bytes, &format!("pointer file '{}'", repo.rel(file)))
            .map_err(|e| {
            e.with_hint("fix the file by hand, or restore it from git (git checkout -- FILE)")
        })?;
        Ok(TrackedStage {
            file: file.to_path_buf(),
            rel: repo.rel(file),
            pointer,
            text: Some(text),
            origin: Origin::PointerFile,
        })
    }

    /// Whether its record is a pipeline stage's (a `dvc.lock` entry).
    pub fn is_pipeline(&self) -> bool {
        matches!(self.origin, Origin::Lock { .. })
    }

    /// Output `i`'s options: a pointer file's keys, or the stage's `dvc.yaml` definition.
    pub fn options(&self, i: usize) -> OutOptions {
        match &self.origin {
            Origin::Lock { options } => options.get(i).cloned().unwrap_or_default(),
            Origin::RunCache => OutOptions::default(),
            Origin::PointerFile | Origin::Revision => {
                let o = &self.pointer.outs[i];
                OutOptions {
                    cache: o.use_cache(),
                    remote: o.remote().map(str::to_string),
                    push: o.push(),
                }
            }
        }
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
        repo.worktree.write(&self.file, self.rendered()?.as_bytes())
    }

    /// The text of the pointer file as [`TrackedStage::save`] writes it (keeping the comments
    /// and order of the text it was read from).
    pub fn rendered(&self) -> Result<String> {
        match self.origin {
            Origin::PointerFile => {}
            Origin::Lock { .. } => {
                return Err(Error::user(format!(
                "'{}' is a pipeline stage: its outputs are recorded by `dvx repro` or `dvx commit` in dvc.lock",
                self.rel
            )))
            }
            Origin::Revision | Origin::RunCache => {
                return Err(Error::user(format!(
                    "'{}' is a record read from git or the run-cache, not a file to save",
                    self.rel
                )))
            }
        }
        Ok(match &self.text {
            Some(old) => self.pointer.render_over(old),
            None => self.pointer.render(),
        })
    }
}

/// Every pointer file of the repository.
pub fn load_all(repo: &Repo) -> Result<Vec<TrackedStage>> {
    load_files(repo, &crate::walk::find_pointer_files(&repo.root)?)
}

/// The pointer files `files`, in order, read and parsed on every core (a repository of
/// thousands of `.dvc` files); the first one that cannot be read is the error.
pub fn load_files(repo: &Repo, files: &[PathBuf]) -> Result<Vec<TrackedStage>> {
    use rayon::prelude::*;
    let loaded: Vec<Result<TrackedStage>> = files
        .par_iter()
        .map(|f| TrackedStage::load(repo, f))
        .collect();
    loaded.into_iter().collect()
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
    let index = crate::index::OutputPaths::of(&all);
    let mut chosen: Vec<TrackedStage> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let found: Vec<&TrackedStage> = index
            .named(&repo.root, &abs)
            .into_iter()
            .map(|i| &all[i])
            .collect();
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
            if seen.insert(s.file.clone()) {
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

/// A pointer file's text and what it says. The error names the file as `described` ("pointer
/// file 'x' at revision abc") and keeps the parser's error as its cause.
pub fn parse_pointer(bytes: Vec<u8>, described: &str) -> Result<(String, PointerFile)> {
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::invalid_file(
            format!("{described} is invalid: it is not UTF-8 text"),
            dvx_formats::PointerError::NotUtf8,
        )
    })?;
    let pointer = PointerFile::parse(&text)
        .map_err(|e| Error::invalid_file(format!("{described} is invalid: {e}"), e))?;
    Ok((text, pointer))
}

/// Refuses a pointer file (or a stage's recorded outputs) naming an output dvx must never
/// write: outside the repository, inside `.git`/`.dvc`/the cache, or through a symlink (see
/// [`crate::worktree`]). Called before anything is written.
pub fn check_inside(repo: &Repo, stage: &TrackedStage) -> Result<()> {
    for (i, o) in stage.pointer.outs.iter().enumerate() {
        if let Err(refused) = repo.worktree.check(&stage.out_path(i)) {
            let what = if stage.is_pipeline() {
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
