//! Fetching what outputs need into the cache: from their remote, an import's objects from its
//! source repository at the recorded commit, and the data of imports that record none
//! (`--no-download`, `--no-exec`) from their source as it is now.

use dvx_odb::{HashKind, Odb};

use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::staged::Staged;
use crate::transfer::{cached_files, fetch_from, opened_groups, TransferOptions, TransferReport};
use crate::Progress;

/// Downloads into the cache what it lacks of the selected outputs.
pub fn fetch(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    progress: &dyn Progress,
) -> Result<TransferReport> {
    fetch_staging(repo, stages, opts, None, progress)
}

/// [`fetch`] that also makes the workspace copies `staged` wants as it downloads (a `pull`).
pub fn fetch_staging(
    repo: &Repo,
    stages: &[TrackedStage],
    opts: &TransferOptions,
    staged: Option<&Staged>,
    progress: &dyn Progress,
) -> Result<TransferReport> {
    let odb = repo.odb()?;
    let mut report = TransferReport::default();
    let state = repo.state();
    for (remote, outs) in opened_groups(repo, stages, opts, false)? {
        fetch_from(
            &odb,
            &remote,
            &outs,
            Some(&state),
            staged,
            progress,
            &mut report,
        )?;
    }
    state.save(&[]);
    for st in stages {
        let recorded = st.pointer.outs.first().is_some_and(|o| o.oid.is_some());
        match st.import_dep()? {
            Some(dep) if recorded => {
                fetch_import(repo, &odb, st, &dep, opts, progress, &mut report)?
            }
            Some(dep) => {
                let rev = dep.rev_lock.as_deref().or(dep.rev.as_deref());
                let source = crate::external::open_import_source(repo, &repo.root, &dep, rev)?;
                let tree = source.tree()?;
                let got = source.materialize(&tree, &dep.path, &odb, opts.jobs, progress)?;
                let mut st = st.clone();
                if let Some(out) = st.pointer.outs.first_mut() {
                    out.oid = Some(got.oid);
                    out.size = Some(got.size);
                    out.nfiles = got.nfiles;
                }
                report.unrecorded_imports.push(st);
            }
            None if recorded && crate::transfer::version_aware_url_import(st) => {
                fetch_versioned(repo, &odb, st, opts, progress, &mut report)?
            }
            None if !recorded && st.pointer.url_dep().is_some() => {
                let current =
                    crate::url_source::fetch_url_import(repo, st, &odb, opts.jobs, progress)?;
                let mut st = st.clone();
                if let Some(out) = st.pointer.outs.first_mut() {
                    current.record_in(out);
                }
                report.unrecorded_imports.push(st);
            }
            None => {}
        }
    }
    // the data of imports fetched from their sources, each object once
    let mut oids: Vec<_> = report
        .unrecorded_imports
        .iter()
        .filter_map(|s| s.pointer.outs.first()?.oid)
        .collect();
    oids.sort_unstable_by_key(|o| o.to_string());
    oids.dedup();
    report.transferred += oids.len();
    // its scratch directory, empty now that every download is settled
    odb.release_scratch();
    Ok(report)
}

/// The object an import's output records, when the cache lacks any of its data.
fn lacking(odb: &Odb, st: &TrackedStage) -> Option<dvx_formats::Oid> {
    let want = st.pointer.outs.first().and_then(|o| o.oid)?;
    let complete = cached_files(odb, &want, HashKind::Md5).is_some_and(|(have, all)| have == all);
    (!complete).then_some(want)
}

/// Fetches a version-aware URL import's data from its source at the recorded versions, when
/// the cache lacks any of it; what arrives must be what the pointer file records.
fn fetch_versioned(
    repo: &Repo,
    odb: &Odb,
    st: &TrackedStage,
    opts: &TransferOptions,
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let Some(want) = lacking(odb, st) else {
        return Ok(());
    };
    let got = crate::url_source::fetch_versioned(repo, st, odb, opts.jobs, progress)?;
    if got.oid() != Some(want) {
        return Err(Error::user(format!(
            "the recorded versions of the source of '{}' are not the data it records",
            st.rel
        ))
        .with_hint(format!(
            "run `dvx update {}` to import the source again",
            st.rel
        )));
    }
    // counted by files, as DVC counts them
    report.transferred += match &got {
        crate::digest::Current::Dir { manifest, .. } => manifest.entries.len(),
        _ => 1,
    };
    Ok(())
}

/// Fetches an import's objects from its source repository at the recorded commit.
fn fetch_import(
    repo: &Repo,
    odb: &Odb,
    st: &TrackedStage,
    dep: &dvx_formats::import::ImportDep,
    opts: &TransferOptions,
    progress: &dyn Progress,
    report: &mut TransferReport,
) -> Result<()> {
    let Some(want) = lacking(odb, st) else {
        return Ok(());
    };
    let before = cached_files(odb, &want, HashKind::Md5);
    let rev = dep.rev_lock.as_deref().or(dep.rev.as_deref());
    let source = crate::external::open_import_source(repo, &repo.root, dep, rev)?;
    let tree = source.tree()?;
    let got = source.materialize(&tree, &dep.path, odb, opts.jobs, progress)?;
    if got.oid != want {
        return Err(Error::user(format!(
            "'{}' of '{}' at revision {} is {}, but '{}' records {}",
            dep.path,
            dep.url,
            source.short(),
            got.oid,
            st.rel,
            want
        ))
        .with_hint(format!("re-import it: dvx update {}", st.rel)));
    }
    let have = |c: Option<(usize, usize)>| c.map_or(0, |(have, _)| have);
    report.transferred +=
        have(cached_files(odb, &want, HashKind::Md5)).saturating_sub(have(before));
    Ok(())
}
