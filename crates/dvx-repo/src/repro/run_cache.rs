//! The run-cache in a pipeline run: a stage about to run whose key has an entry gets its
//! outputs checked out from the cache instead, and a stage that ran files its entry.

use dvx_odb::HashKind;

use super::{ReproOptions, ReproUi};
use crate::checkout::{checkout_stages, CheckoutOptions};
use crate::error::{Error, Result};
use crate::pipeline::{Pipelines, Stage};
use crate::stage_lock::status::{Checker, StageStatus};

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
    if !crate::stage_lock::save::can_hash(s) {
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
            match crate::run_cache::load(checker.repo, &key)? {
                Some(e) => e,
                None => return Ok(false),
            }
        }
    };
    // every output's objects must be in the cache (with --pull, fetched first)
    let st = crate::pipeline::lock_tracked_stage(s, &p.file_of(s).rel, Some(&entry));
    // the run-cache keeps `cache: false` outputs too: fetch and look for every one
    let mut cached = st.clone();
    if let crate::stage::Origin::Lock { options } = &mut cached.origin {
        options.iter_mut().for_each(|o| o.cache = true);
    }
    if opts.pull {
        let _ = crate::fetch::fetch(
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
            ..Default::default()
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
    let mut entry = match crate::stage_lock::save::lock_entry(&probe, checker, &[]) {
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
