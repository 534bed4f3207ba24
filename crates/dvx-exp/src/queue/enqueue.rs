//! `exp run --queue`: tasks made from the workspace, the overrides applied.

use std::path::Path;

use dvx_formats::pipeline::overrides::expand_sweeps;
use dvx_formats::pipeline::params_edit;
use dvx_repo::exp_refs::ExpRef;
use dvx_repo::scm::Git;
use dvx_repo::{Error, Repo, Result};

use super::state::{Queue, Task, TaskStatus, QUEUE_REFS};
use crate::run::{self, RunOptions};

/// `exp run --queue`: one task per combination of the sweeps, the overrides applied to the
/// params files of the workspace's state; returns them in order.
pub fn enqueue(repo: &Repo, cwd: &Path, opts: &RunOptions) -> Result<Vec<Task>> {
    let git = crate::select::git(repo)?;
    let baseline = git
        .head()
        .ok_or_else(|| Error::user("cannot queue an experiment in a repository without commits"))?;
    run::refuse_hydra_composition(repo, &opts.set_params)?;
    let combos = expand_sweeps(&run::parse_overrides(&opts.set_params, true)?);
    let source = run::workspace_tree(repo, git)?;
    let rel_cwd = cwd.strip_prefix(&repo.root).unwrap_or(Path::new(""));
    let queue = Queue::create(repo)?;
    let taken: Vec<String> = queue.tasks()?.into_iter().map(|t| t.name).collect();
    let mut tasks = Vec::new();
    for (i, combo) in combos.iter().enumerate() {
        let name = match &opts.name {
            Some(n) if combos.len() > 1 => format!("{n}-{}", i + 1),
            Some(n) => n.clone(),
            None => loop {
                let n = crate::names::random_name(git, &baseline);
                if !taken.contains(&n) && !tasks.iter().any(|t: &Task| t.name == n) {
                    break n;
                }
            },
        };
        crate::names::check_name(git, &baseline, &name)?;
        let exists = ExpRef {
            baseline: baseline.clone(),
            name: name.clone(),
        };
        if !opts.repro.force && git.ref_target(&exists.refname()).is_some() {
            return Err(crate::names::conflict(&name, "run"));
        }
        let files = overridden_files(git, &source, rel_cwd, combo)?;
        let index = run::index_file(repo)?;
        let stage = git.private_index(index.path())?;
        let tree = git.tree_with_files(&stage, &source, &files)?;
        let snapshot =
            git.commit_tree(&tree, &baseline, &format!("dvx: queued experiment {name}"))?;
        let id = task_id(&snapshot, &name);
        git.create_ref(
            &format!("{QUEUE_REFS}{id}"),
            &snapshot,
            "dvx exp run --queue",
        )?;
        let task = Task {
            id,
            name,
            baseline: baseline.clone(),
            snapshot,
            created: now_local(),
            seq: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
            status: TaskStatus::Queued,
            targets: opts.targets.clone(),
            cwd: rel_cwd.to_string_lossy().into_owned(),
            copy_paths: opts.copy_paths.clone(),
            message: opts.message.clone(),
            repro: opts.repro.clone(),
            result: None,
            error: None,
            executor: "local".into(),
            pid: None,
            root: None,
            log: None,
            returncode: None,
        };
        queue.save(&task)?;
        tasks.push(task);
    }
    Ok(tasks)
}

/// The params files of `tree` with one combination's overrides applied (a file that is not
/// there is an empty one, as DVC reads it).
fn overridden_files(
    git: &Git,
    tree: &str,
    rel_cwd: &Path,
    combo: &[(String, dvx_formats::pipeline::overrides::Override)],
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for (file, list) in run::by_file(combo.to_vec()) {
        let rel = dvx_repo::pipeline::normalize(&rel_cwd.join(&file));
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with("..") || Path::new(&rel).is_absolute() {
            return Err(Error::user(format!(
                "'{file}' is outside the repository: -S changes params files of this repository only"
            )));
        }
        let text = git
            .show(tree, &rel)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let new = params_edit::apply(&file, &text, &list)
            .map_err(|e| Error::user(format!("Invalid `--set-param` value: {e}")))?;
        out.push((rel, new.into_bytes()));
    }
    Ok(out)
}

fn task_id(snapshot: &str, name: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write(snapshot.as_bytes());
    h.write(name.as_bytes());
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    format!("{}{:016x}", &snapshot[..16.min(snapshot.len())], h.finish())
}

/// Local time without a zone, as DVC shows queue times.
fn now_local() -> String {
    std::process::Command::new("date")
        .arg("+%Y-%m-%dT%H:%M:%S")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
