//! Pipelines on disk: every `dvc.yaml` of the repository with its `dvc.lock`, the stages they
//! define, and the outputs their lock files record (which push, pull, checkout and gc treat as
//! they treat pointer files).

pub mod graph;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::{self, params, Lock, LockStage, OutDef, Project, StageDef};
use dvx_formats::yaml::Value;
use dvx_formats::PointerFile;

use crate::error::{Error, IoContext, Result};
use crate::repo::Repo;
use crate::stage::{Origin, OutOptions, TrackedStage};

/// One `dvc.yaml` and its `dvc.lock`.
#[derive(Debug, Clone)]
pub struct DvcFile {
    pub path: PathBuf,
    /// Repository-relative, with `/`.
    pub rel: String,
    pub dir: PathBuf,
    pub lock_path: PathBuf,
    pub lock: Lock,
    /// Whether `dvc.lock` existed when read.
    pub lock_existed: bool,
    pub project: Project,
}

/// A stage of a `dvc.yaml`, resolved.
#[derive(Debug, Clone)]
pub struct Stage {
    pub def: StageDef,
    /// Index of its file in [`Pipelines::files`].
    pub file: usize,
    /// Absolute working directory.
    pub wdir: PathBuf,
    /// How DVC names it: `name` in the root `dvc.yaml`, `sub/dvc.yaml:name` elsewhere.
    pub addressing: String,
}

impl Stage {
    pub fn dep_path(&self, dep: &str) -> PathBuf {
        normalize(&self.wdir.join(dep))
    }

    pub fn out_path(&self, out: &OutDef) -> PathBuf {
        normalize(&self.wdir.join(&out.path))
    }
}

/// Every pipeline of the repository.
#[derive(Debug, Clone, Default)]
pub struct Pipelines {
    pub files: Vec<DvcFile>,
    pub stages: Vec<Stage>,
}

impl Pipelines {
    /// Reads every `dvc.yaml` (and `dvc.lock`) the walk finds.
    pub fn load(repo: &Repo) -> Result<Pipelines> {
        let files = crate::walk::find_dvc_files(&repo.root)?.pipelines;
        Self::load_files(repo, &files)
    }

    pub fn load_files(repo: &Repo, paths: &[PathBuf]) -> Result<Pipelines> {
        let mut p = Pipelines::default();
        for path in paths {
            let file = load_file(repo, path)?;
            let idx = p.files.len();
            for def in &file.project.stages {
                let wdir = normalize(&file.dir.join(&def.wdir));
                if !wdir.starts_with(&repo.root) {
                    return Err(Error::user(format!(
                        "stage '{}' in '{}' has its working directory '{}' outside the repository",
                        def.name, file.rel, def.wdir
                    )));
                }
                let addressing = if file.rel == "dvc.yaml" {
                    def.name.clone()
                } else {
                    format!("{}:{}", file.rel, def.name)
                };
                let st = Stage {
                    def: def.clone(),
                    file: idx,
                    wdir,
                    addressing,
                };
                for o in &st.def.outs {
                    check_output(repo, &st, o)?;
                }
                p.stages.push(st);
            }
            p.files.push(file);
        }
        Ok(p)
    }

    pub fn file_of(&self, s: &Stage) -> &DvcFile {
        &self.files[s.file]
    }

    /// The stage's entry in its `dvc.lock`.
    pub fn lock_entry(&self, s: &Stage) -> Option<&LockStage> {
        self.files[s.file].lock.get(&s.def.name)
    }

    /// Each stage's outputs, with what its lock entry records for them (nothing for a stage
    /// that never ran), as pointer stages the transfer, checkout, diff and gc code reads (never
    /// saved: their file is the `dvc.lock`). Flags (`cache`, `remote`, `push`) come from
    /// `dvc.yaml`.
    pub fn lock_stages(&self) -> Vec<TrackedStage> {
        self.stages
            .iter()
            .map(|s| lock_tracked_stage(s, &self.files[s.file].rel, self.lock_entry(s)))
            .collect()
    }
}

/// A stage's declared outputs as a pointer stage rooted at its working directory, each with the
/// hash its lock entry records (if any).
pub(crate) fn lock_tracked_stage(
    s: &Stage,
    dvcfile: &str,
    entry: Option<&LockStage>,
) -> TrackedStage {
    let outs = s
        .def
        .outs
        .iter()
        .map(|def| {
            entry
                .and_then(|e| e.outs.iter().find(|o| o.path == def.path))
                .cloned()
                .unwrap_or_else(|| dvx_formats::Output::new(def.path.clone()))
        })
        .collect();
    let options = s
        .def
        .outs
        .iter()
        .map(|def| OutOptions {
            cache: def.cache,
            remote: def.remote.clone(),
            push: def.push,
        })
        .collect();
    TrackedStage {
        file: s.wdir.join("dvc.lock"),
        rel: format!("{dvcfile}:{}", s.def.name),
        pointer: PointerFile::with_outs(outs),
        text: None,
        origin: Origin::Lock { options },
    }
}

fn load_file(repo: &Repo, path: &Path) -> Result<DvcFile> {
    let dir = path.parent().unwrap_or(&repo.root).to_path_buf();
    let rel = repo.rel(path);
    let text = std::fs::read_to_string(path).ctx("reading", path)?;
    let root = repo.root.clone();
    let mut read = |name: &str| -> std::result::Result<Option<String>, String> {
        let p = normalize(&dir.join(name));
        if !p.starts_with(&root) {
            return Err(format!("'{name}' is outside the repository"));
        }
        match std::fs::read_to_string(&p) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read '{name}': {e}")),
        }
    };
    let project = pipeline::project::load(&text, &rel, &mut read).map_err(|e| {
        Error::invalid_file(e.to_string(), e).with_hint(format!("fix '{rel}'; nothing was changed"))
    })?;
    let lock_path = dir.join("dvc.lock");
    let (lock, lock_existed) = read_lock(repo, &lock_path)?;
    Ok(DvcFile {
        path: path.to_path_buf(),
        rel,
        dir,
        lock_path,
        lock,
        lock_existed,
        project,
    })
}

/// Reads a `dvc.lock` (an empty lock when there is none); true if it existed.
pub(crate) fn read_lock(repo: &Repo, lock_path: &Path) -> Result<(Lock, bool)> {
    match std::fs::read_to_string(lock_path) {
        Ok(t) => {
            let lock = Lock::parse(&t).map_err(|e| {
                Error::invalid_file(format!("'{}' is invalid: {e}", repo.rel(lock_path)), e)
                    .with_hint("restore it from git (git checkout -- dvc.lock), or delete it to rerun every stage")
            })?;
            Ok((lock, true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Lock::default(), false)),
        Err(e) => Err(Error::io("reading", lock_path, e)),
    }
}

/// Refuses an output dvx must never write (see [`crate::worktree`]), before anything runs.
fn check_output(repo: &Repo, s: &Stage, o: &OutDef) -> Result<()> {
    repo.worktree.check(&s.out_path(o)).map_err(|refused| {
        Error::user(format!(
            "output '{}' of stage '{}' cannot be used: {refused}",
            o.path, s.addressing
        ))
        .with_hint("outputs are paths inside the repository, relative to the stage's wdir, never in .git or .dvc nor through a symlink")
    })
}

/// A path with `.` and `..` components resolved lexically.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// Parsed parameter files, each read once per command.
#[derive(Default)]
pub struct ParamsCache {
    files: HashMap<PathBuf, std::result::Result<Option<Value>, String>>,
}

impl ParamsCache {
    /// The parsed file, `None` when it does not exist; a parse error names the file.
    pub fn get(&mut self, repo: &Repo, path: &Path) -> Result<Option<&Value>> {
        let entry = self.files.entry(path.to_path_buf()).or_insert_with(|| {
            match std::fs::read_to_string(path) {
                Ok(t) => params::parse(&path.to_string_lossy(), &t)
                    .map(Some)
                    .map_err(|e| e.to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) if e.kind() == std::io::ErrorKind::IsADirectory || path.is_dir() => {
                    Err("it is a directory, expected a parameters file".into())
                }
                Err(e) => Err(e.to_string()),
            }
        });
        match entry {
            Ok(v) => Ok(v.as_ref()),
            Err(e) => Err(Error::user(format!(
                "unable to read parameters from '{}': {e}",
                repo.rel(path)
            ))
            .with_hint("fix the file's syntax; nothing was changed")),
        }
    }
}
