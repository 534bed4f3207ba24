//! Recording a stage: its dependencies, params and outputs hashed (cached outputs stored and
//! linked), `.gitignore` entries, the `dvc.lock` entry and a run-cache entry.

use std::path::Path;

use dvx_formats::pipeline::{params, LockStage, DEFAULT_PARAMS_FILE};
use dvx_formats::yaml::Value;
use dvx_formats::Output;
use dvx_odb::HashKind;

use super::status::Checker;
use super::ReproUi;
use crate::digest::{Current, Hasher};
use crate::error::{Error, Result};
use crate::pipeline::{Pipelines, Stage};

/// Hashes a stage's dependencies, params and outputs, commits cached outputs, ignores them in
/// git, writes the lock entry and saves a run-cache entry.
pub(crate) fn save_stage(
    p: &mut Pipelines,
    i: usize,
    checker: &mut Checker,
    link_types: &[dvx_odb::link::LinkType],
    ui: &mut dyn ReproUi,
    git_paths: &mut Vec<std::path::PathBuf>,
) -> Result<()> {
    let s = p.stages[i].clone();
    let repo = checker.repo;
    let entry = lock_entry(&s, checker, link_types)?;
    let outs: Vec<_> = super::status::cached_outs(&s)
        .map(|o| s.out_path(o))
        .collect();
    let outs: Vec<&std::path::Path> = outs.iter().map(|p| p.as_path()).collect();
    git_paths.extend(
        crate::record::ignore_all_in_git(repo, &outs)?
            .into_iter()
            .flatten(),
    );
    let file = &mut p.files[s.file];
    // Read again under the lock: another repro (dvc's or dvx's) may have recorded its stages
    // while this stage's command ran, and their entries must survive this write.
    (file.lock, file.lock_existed) = crate::pipeline::read_lock(repo, &file.lock_path)?;
    let before = file.lock.get(&s.def.name).cloned();
    if before.as_ref() != Some(&entry) {
        if !file.lock_existed {
            ui.say(&format!(
                "Generating lock file '{}'",
                repo.rel(&file.lock_path)
            ));
            file.lock_existed = true;
        }
        ui.say(&format!(
            "Updating lock file '{}'",
            repo.rel(&file.lock_path)
        ));
        file.lock.set(&s.def.name, entry.clone());
        repo.worktree
            .write(&file.lock_path, file.lock.render().as_bytes())?;
        git_paths.push(file.lock_path.clone());
    }
    file_run(checker, &s, &entry)?;
    Ok(())
}

/// The lock entry of a stage as it is now; cached outputs are stored in the cache.
pub(crate) fn lock_entry(
    s: &Stage,
    checker: &mut Checker,
    link_types: &[dvx_odb::link::LinkType],
) -> Result<LockStage> {
    let repo = checker.repo;
    let mut deps = Vec::new();
    for dep in &s.def.deps {
        let path = s.dep_path(dep);
        let cur = hash_path(checker, &path, None)?;
        if matches!(cur, Current::Missing) {
            return Err(Error::user(format!(
                "dependency '{}' does not exist",
                repo.rel(&path)
            )));
        }
        deps.push(entry_for(dep, &cur, &path));
    }
    deps.sort_by(|a, b| a.path.cmp(&b.path));
    let mut files: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    let mut pds: Vec<&dvx_formats::pipeline::ParamsDep> = s.def.params.iter().collect();
    pds.sort_by(|a, b| a.file.cmp(&b.file));
    for pd in pds {
        let path = s.dep_path(&pd.file);
        let Some(values) = checker.params.get(repo, &path)? else {
            return Err(Error::user(format!(
                "Parameters file '{}' does not exist",
                repo.rel(&path)
            )));
        };
        let mut kv = params::values(values, &pd.keys);
        kv.sort_by(|a, b| a.0.cmp(&b.0));
        let entry = (pd.file.clone(), kv);
        if pd.file == DEFAULT_PARAMS_FILE {
            files.insert(0, entry);
        } else {
            files.push(entry);
        }
    }
    let odb = checker.odb;
    let mut outs = Vec::new();
    for o in &s.def.outs {
        let path = s.out_path(o);
        let store = o.cache && !checker.no_commit;
        let cur = hash_path(checker, &path, store.then_some(odb))?;
        if matches!(cur, Current::Missing) {
            return Err(Error::user(format!(
                "output '{}' does not exist",
                crate::fsutil::relative_path(checker.cwd, &path)
            ))
            .with_hint("the command did not create it; fix the command or the stage's outs"));
        }
        if store {
            crate::checkout::link_after_add(
                &repo.worktree,
                odb,
                &path,
                &cur,
                HashKind::Md5,
                link_types,
            )?;
        }
        outs.push(entry_for(&o.path, &cur, &path));
    }
    outs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(LockStage {
        cmd: s.def.cmd.to_value(),
        deps,
        params: files,
        outs,
    })
}

fn hash_path(checker: &mut Checker, path: &Path, store: Option<&dvx_odb::Odb>) -> Result<Current> {
    let hasher = Hasher {
        state: checker.reader,
        kind: HashKind::Md5,
        store,
        progress: checker.progress,
        save_early: None,
    };
    let (cur, recs) = hasher.output(path)?;
    checker.records.extend(recs);
    cur.warn_if_changed(&checker.repo.rel(path), checker.progress);
    Ok(cur)
}

fn entry_for(def_path: &str, cur: &Current, path: &Path) -> Output {
    let mut o = Output::new(def_path.to_string());
    o.hash = Some("md5".into());
    cur.record_in(&mut o);
    o.isexec = matches!(cur, Current::File { .. }) && crate::record::is_executable(path);
    o
}

/// Whether DVC would keep a run-cache entry for this stage: a command, dependencies and
/// outputs, none of them persistent, and not always changed.
pub(crate) fn can_hash(s: &Stage) -> bool {
    !s.def.always_changed
        && !s.def.deps.is_empty()
        && !s.def.outs.is_empty()
        && !s.def.outs.iter().any(|o| o.persist)
}

/// Files a run-cache entry for a stage that just ran (unless DVC would not: see `can_hash`, and
/// not for stages with `cache: false` outs other than metrics and plots). Outputs kept out of the
/// cache (metrics with `cache: false`) are stored so that the entry can restore them.
fn file_run(checker: &mut Checker, s: &Stage, entry: &LockStage) -> Result<()> {
    // nothing cached, nothing to restore from: DVC saves no run either
    if checker.no_commit
        || !can_hash(s)
        || s.def
            .outs
            .iter()
            .any(|o| !o.cache && o.kind == dvx_formats::pipeline::OutKind::Out)
    {
        return Ok(());
    }
    for o in s.def.outs.iter().filter(|o| !o.cache) {
        let hasher = Hasher {
            state: checker.reader,
            kind: HashKind::Md5,
            store: Some(checker.odb),
            progress: checker.progress,
            save_early: None,
        };
        let (_, recs) = hasher.output(&s.out_path(o))?;
        checker.records.extend(recs);
    }
    crate::run_cache::file(checker.repo, entry)
}
