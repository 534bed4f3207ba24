//! Editing a stage where it is written: `remove` deletes a `.dvc` file, or takes a pipeline
//! stage out of `dvc.yaml` and `dvc.lock`; `freeze`/`unfreeze` set a stage's `frozen` flag
//! (in `dvc.yaml`, or in a `.dvc` file).

use std::fs;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::{remove_stage_text, set_stage_frozen, stage_text_interpolates};

use crate::error::{Error, IoContext, Result};
use crate::fsutil::absolutize;
use crate::pipeline::Pipelines;
use crate::record::unignore_in_git;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;

/// A stage a target names, as DVC resolves `remove` and `freeze` targets: a `.dvc` file, or a
/// stage of `./dvc.yaml` (`NAME`) or of another one (`path/dvc.yaml:NAME`); exact names, not
/// groups of generated stages.
enum Target {
    Pointer(TrackedStage),
    Stage {
        pipelines: Pipelines,
        index: usize,
        file: PathBuf,
        text: String,
    },
}

fn resolve(repo: &Repo, cwd: &Path, target: &str, action: &str) -> Result<Target> {
    let abs = absolutize(cwd, Path::new(target));
    if abs.extension().is_some_and(|x| x == "dvc") && abs.is_file() {
        let st = TrackedStage::load(repo, &abs)?;
        stage::check_inside(repo, &st)?;
        return Ok(Target::Pointer(st));
    }
    if PathBuf::from(format!("{}.dvc", abs.display())).is_file() {
        return Err(Error::user(format!(
            "'{target}' is not a .dvc file. Do you mean '{target}.dvc'?"
        )));
    }
    let (file, name) = match target.rsplit_once(':') {
        Some((f, n)) if f.ends_with(".yaml") || f.ends_with(".yml") => {
            (absolutize(cwd, Path::new(f)), n)
        }
        _ => (cwd.join("dvc.yaml"), target),
    };
    let file = crate::pipeline::normalize(&file);
    let rel = repo.rel(&file);
    if !file.is_file() {
        return Err(Error::user(format!("'{rel}' does not exist"))
            .with_hint("name a .dvc file, a stage of ./dvc.yaml, or path/dvc.yaml:stage"));
    }
    let pipelines = Pipelines::load_files(repo, std::slice::from_ref(&file))?;
    let text = fs::read_to_string(&file).ctx("reading", &file)?;
    let parametrized = || Error::user(format!("cannot {action} a parametrized stage: '{name}'"));
    let Some(index) = pipelines.stages.iter().position(|s| s.def.name == name) else {
        if pipelines
            .stages
            .iter()
            .any(|s| s.def.name.rsplit_once('@').is_some_and(|(g, _)| g == name))
        {
            return Err(parametrized());
        }
        return Err(
            Error::user(format!("Stage '{name}' not found inside '{rel}' file"))
                .with_hint("`dvx stage list` names the stages"),
        );
    };
    if name.contains('@') || stage_text_interpolates(&text, name) {
        return Err(parametrized());
    }
    Ok(Target::Stage {
        pipelines,
        index,
        file,
        text,
    })
}

/// `remove X.dvc [--outs]`: stop tracking; the data stays in the workspace unless `outs`.
/// `remove STAGE` (or `path/dvc.yaml:STAGE`): the stage leaves `dvc.yaml` and `dvc.lock`
/// (a file left without stages is deleted, as DVC does) and its outputs leave `.gitignore`.
/// Returns the files git should pick up.
pub fn remove(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    outs: bool,
) -> Result<Vec<PathBuf>> {
    let repo: &Repo = tx;
    let mut changed = Vec::new();
    for t in targets {
        let st = match resolve(repo, cwd, t, "remove")? {
            Target::Pointer(st) => st,
            Target::Stage {
                pipelines,
                index,
                file,
                text,
            } => {
                changed.extend(remove_stage(repo, &pipelines, index, &file, &text, outs)?);
                continue;
            }
        };
        for i in 0..st.pointer.outs.len() {
            let p = st.out_path(i);
            unignore_in_git(repo, &p)?;
            changed.push(p.parent().unwrap_or(&repo.root).join(".gitignore"));
            if outs {
                repo.worktree.remove_all(&p)?;
            }
        }
        repo.worktree.remove_file(&st.file)?;
    }
    changed.dedup();
    Ok(changed)
}

/// `remove` of a pipeline stage; the files git should pick up.
fn remove_stage(
    repo: &Repo,
    pipelines: &Pipelines,
    index: usize,
    file: &Path,
    text: &str,
    outs: bool,
) -> Result<Vec<PathBuf>> {
    let stage = &pipelines.stages[index];
    let name = stage.def.name.as_str();
    let new_text = remove_stage_text(text, name).ok_or_else(|| {
        Error::user(format!(
            "cannot find stage '{name}' in the text of '{}' to remove it",
            repo.rel(file)
        ))
        .with_hint("edit the file by hand")
    })?;
    let mut changed = Vec::new();
    for o in stage.def.outs.iter() {
        let path = stage.out_path(o);
        if o.cache {
            unignore_in_git(repo, &path)?;
            changed.push(path.parent().unwrap_or(&repo.root).join(".gitignore"));
        }
        if outs {
            repo.worktree.remove_all(&path)?;
        }
    }
    // dvc.lock first: read again under the lock, the other stages' entries kept
    let lock_path = &pipelines.files[stage.file].lock_path;
    let (mut lock, existed) = crate::pipeline::read_lock(repo, lock_path)?;
    if existed && lock.get(name).is_some() {
        lock.remove(name);
        if lock.stages.is_empty() {
            repo.worktree.remove_file(lock_path)?;
        } else {
            repo.worktree.write(lock_path, lock.render().as_bytes())?;
        }
        changed.push(lock_path.clone());
    }
    match new_text {
        Some(t) => repo.worktree.write(file, t.as_bytes())?,
        None => repo.worktree.remove_file(file)?,
    }
    changed.push(file.to_path_buf());
    Ok(changed)
}

/// What `freeze`/`unfreeze` changed: a pipeline stage (for DVC's "Modifying stage" line) or
/// a `.dvc` file.
pub enum Frozen {
    Stage { name: String, dvc_yaml: String },
    Pointer(String),
}

/// `freeze`/`unfreeze TARGETS`: each target's `frozen` flag set (`frozen: true`) or removed.
/// Targets are all resolved before anything is written.
pub fn freeze(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    frozen: bool,
) -> Result<Vec<Frozen>> {
    let repo: &Repo = tx;
    let action = if frozen { "freeze" } else { "unfreeze" };
    let mut done = Vec::new();
    for t in targets {
        let target = resolve(repo, cwd, t, "dump").map_err(|mut e| {
            e.message = format!("failed to {action} '{t}' - {}", e.message);
            e
        })?;
        match target {
            Target::Pointer(mut st) => {
                st.pointer.set_frozen(frozen);
                st.save(repo)?;
                done.push(Frozen::Pointer(st.rel.clone()));
            }
            Target::Stage {
                pipelines,
                index,
                file,
                ..
            } => {
                // read again under the lock: an earlier target may have changed the same file
                let text = fs::read_to_string(&file).ctx("reading", &file)?;
                let name = &pipelines.stages[index].def.name;
                let new = set_stage_frozen(&text, name, frozen).ok_or_else(|| {
                    Error::user(format!(
                        "cannot find stage '{name}' in the text of '{}' to {action} it",
                        repo.rel(&file)
                    ))
                    .with_hint("edit the file by hand")
                })?;
                if new != text {
                    repo.worktree.write(&file, new.as_bytes())?;
                }
                done.push(Frozen::Stage {
                    name: name.clone(),
                    dvc_yaml: repo.rel(&file),
                });
            }
        }
    }
    Ok(done)
}
