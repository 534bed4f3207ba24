//! The run-cache, in DVC's layout: `<cache>/runs/<key[:2]>/<key>/<value>`, where key is the
//! sha256 of a stage's command, dependencies and params (outputs by path only) and the file
//! is the whole lock entry. A stage about to run whose key has an entry gets its outputs
//! checked out from the cache instead.

use std::path::PathBuf;

use dvx_formats::pipeline::{Lock, LockStage};
use dvx_formats::yaml::{Emitter, Value};
use dvx_odb::HashKind;

use super::repro::ReproOptions;
use super::repro::ReproUi;
use super::status::{Checker, StageStatus};
use super::{Pipelines, Stage};
use crate::checkout::{checkout_stages, CheckoutOptions};
use crate::digest::Hasher;
use crate::error::{Error, IoContext, Result};
use crate::repo::Repo;

/// The run-cache directory of a repository.
pub fn runs_dir(repo: &Repo) -> PathBuf {
    repo.cache_dir().join("runs")
}

/// Whether DVC would keep a run-cache entry for this stage: a command, dependencies and
/// outputs, none of them persistent, and not always changed.
fn can_hash(s: &Stage) -> bool {
    !s.def.always_changed
        && !s.def.deps.is_empty()
        && !s.def.outs.is_empty()
        && !s.def.outs.iter().any(|o| o.persist)
}

/// Restores a stage's outputs instead of running it: from its own lock entry when only its
/// outputs are missing, else from the run-cache entry for its current deps and params.
/// Returns whether it did.
pub fn restore(
    p: &Pipelines,
    i: usize,
    status: &StageStatus,
    opts: &ReproOptions,
    checker: &mut Checker,
    ui: &mut dyn ReproUi,
) -> Result<bool> {
    let s = &p.stages[i];
    if !can_hash(s) {
        return Ok(false);
    }
    let own = p.lock_entry(s).filter(|l| {
        !status.cmd_changed
            && status.deps.is_empty()
            && s.def
                .outs
                .iter()
                .all(|o| l.outs.iter().any(|e| e.path == o.path && e.oid.is_some()))
    });
    let entry = match own {
        Some(e) => e.clone(),
        None => {
            if opts.no_run_cache {
                return Ok(false);
            }
            let Some(key) = current_key(s, checker)? else {
                return Ok(false);
            };
            match load(checker.repo, &key)? {
                Some(e) => e,
                None => return Ok(false),
            }
        }
    };
    // every output's objects must be in the cache (with --pull, fetched first)
    let st = super::lock_pointer_stage(s, &p.file_of(s).rel, Some(&entry));
    let mut cached = st.clone();
    for o in &mut cached.pointer.outs {
        o.extra.retain(|(k, _)| k != "cache");
    }
    if opts.pull {
        let _ = crate::transfer::fetch(
            checker.repo,
            std::slice::from_ref(&cached),
            &Default::default(),
            checker.progress,
        );
    }
    for o in &cached.pointer.outs {
        let Some(oid) = o.oid else { return Ok(false) };
        if !checker.odb.exists(&oid, HashKind::Md5) {
            return Ok(false);
        }
        if oid.is_dir {
            match crate::digest::load_manifest(checker.odb, &oid, HashKind::Md5)? {
                Some(m)
                    if m.entries
                        .iter()
                        .all(|e| checker.odb.exists(&e.oid, HashKind::Md5)) => {}
                _ => return Ok(false),
            }
        }
    }
    ui.say(&format!(
        "Stage '{}' is cached - skipping run, checking out outputs",
        s.addressing
    ));
    let report = checkout_stages(
        checker.repo,
        std::slice::from_ref(&cached),
        &CheckoutOptions {
            force: true,
            relink: false,
        },
        checker.progress,
    )?;
    if let Some((path, why)) = report.failed.first() {
        return Err(Error::user(format!(
            "cannot check out '{path}' from the cache: {why}"
        )));
    }
    Ok(true)
}

/// The run-cache key of a stage as its dependencies and params are now (None when one is
/// missing: the stage cannot have run with them).
fn current_key(s: &Stage, checker: &mut Checker) -> Result<Option<String>> {
    let mut probe = s.clone();
    probe.def.outs.clear();
    for dep in &s.def.deps {
        if std::fs::symlink_metadata(s.dep_path(dep)).is_err() {
            return Ok(None);
        }
    }
    let mut entry = match super::save::lock_entry(&probe, checker, &[]) {
        Ok(e) => e,
        Err(_) => return Ok(None),
    };
    entry.outs = s
        .def
        .outs
        .iter()
        .map(|o| {
            let mut out = dvx_formats::Output::new(o.path.clone());
            out.hash = Some("md5".into());
            out
        })
        .collect();
    entry.outs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Some(entry.run_cache_key()))
}

/// The newest entry filed under `key`.
fn load(repo: &Repo, key: &str) -> Result<Option<LockStage>> {
    let dir = runs_dir(repo).join(&key[..2]).join(key);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = rd
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort();
    let Some((_, newest)) = files.pop() else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&newest).ctx("reading run-cache entry", &newest)?;
    // a corrupted entry is no entry (DVC removes it)
    Ok(load_entry(&text))
}

/// A run-cache entry's text (a lock entry at the top level), None when it is not one.
pub fn load_entry(text: &str) -> Option<LockStage> {
    let wrapped = format!("schema: '2.0'\nstages:\n  x:\n{}", indent(text, 4));
    Lock::parse(&wrapped).ok()?.get("x").cloned()
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

/// Files a run-cache entry for a stage that just ran (unless DVC would not: see `can_hash`, and
/// not for stages with `cache: false` outs other than metrics and plots). Outputs kept out of the
/// cache (metrics with `cache: false`) are stored so that the entry can restore them.
pub fn save(checker: &mut Checker, s: &Stage, entry: &LockStage) -> Result<()> {
    if !can_hash(s)
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
        };
        let (_, recs) = hasher.output(&s.out_path(o))?;
        checker.records.extend(recs);
    }
    let key = entry.run_cache_key();
    let value = entry.run_cache_value();
    let dir = runs_dir(checker.repo).join(&key[..2]).join(&key);
    let path = dir.join(&value);
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).ctx("creating", &dir)?;
    let Value::Map(m) = entry.to_value() else {
        return Ok(());
    };
    let mut e = Emitter::new();
    e.map(&m, 0, false);
    crate::fsutil::write_atomic(&path, e.finish().as_bytes())
        .ctx("writing run-cache entry", &path)?;
    Ok(())
}
