//! `commit`: record the current content of tracked outputs in their pointer files.

use std::path::Path;

use dvx_odb::HashKind;

use crate::digest::{Current, Hasher};
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage;
use crate::Progress;

/// Commits the outputs of the selected pointer files. An output whose content changed is only
/// recorded with `force` or when `confirm` (asked with the pointer file's name) says yes, as DVC.
/// Returns the pointer files rewritten.
pub fn commit(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    let (pointers, pipelines) = stage::load_with_pipelines(repo)?;
    let mut stage_targets = Vec::new();
    let mut pointer_targets = Vec::new();
    for t in targets {
        match crate::pipeline::graph::select_stages(repo, &pipelines, cwd, t, false) {
            Ok(found) if !found.is_empty() => stage_targets.extend(found),
            _ => pointer_targets.push(t.clone()),
        }
    }
    let mut written = commit_stages(
        repo,
        cwd,
        pipelines,
        &pointers,
        targets.is_empty(),
        &stage_targets,
        force,
        confirm,
        progress,
    )?;
    if !targets.is_empty() && pointer_targets.is_empty() {
        return Ok(written);
    }
    let stages = stage::select_from(repo, cwd, &pointer_targets, pointers)?;
    let odb = repo.odb()?;
    let link_types = repo.link_types()?;
    let state = repo.state();
    let reader = &state.reader;
    let mut records = Vec::new();
    for mut st in stages {
        stage::check_inside(repo, &st)?;
        let mut changed = false;
        let mut updates = Vec::new();
        for (i, out) in st.pointer.outs.iter().enumerate() {
            if !out.use_cache() {
                continue;
            }
            let path = st.out_path(i);
            if out.is_legacy() {
                // A DVC 2.x entry whose content is unchanged is upgraded without asking.
                let (cur, recs) = Hasher::checking(out, reader, progress).output(&path)?;
                records.extend(recs);
                if cur.oid() != out.oid {
                    changed = true;
                }
            }
            let hasher = Hasher {
                state: reader,
                kind: HashKind::Md5,
                store: Some(&odb),
                progress,
            };
            let (current, recs) = hasher.output(&path)?;
            records.extend(recs);
            if matches!(current, Current::Missing) {
                return Err(Error::user(format!(
                    "output '{}' of '{}' does not exist",
                    repo.rel(&path),
                    st.rel
                ))
                .with_hint(
                    "restore it with `dvx checkout`, or remove the pointer with `dvx remove`",
                ));
            }
            if !out.is_legacy() && out.oid.is_some() && current.oid() != out.oid {
                changed = true;
            }
            updates.push((i, current));
        }
        if changed && !force && !confirm(&st.rel) {
            return Err(Error::user(format!(
                "unable to commit changed pointer file '{}'",
                st.rel
            ))
            .with_hint("use -f/--force to record the new content"));
        }
        let mut touched = false;
        for (i, current) in updates {
            // as DVC: the workspace is linked from the cache again (with a hardlink or
            // symlink cache, an edited file becomes a read-only link to its new object)
            crate::checkout::link_after_add(
                &repo.worktree,
                &odb,
                &st.out_path(i),
                &current,
                HashKind::Md5,
                &link_types,
            )?;
            let out = &mut st.pointer.outs[i];
            let before = out.clone();
            current.record_in(out); // missing content was refused above
            touched |= *out != before;
        }
        if touched {
            st.save(repo)?;
            written.push(st.rel.clone());
        }
    }
    state.save(&records);
    Ok(written)
}

/// Records the current dependencies, params and outputs of pipeline stages in their `dvc.lock`
/// (all stages with no targets): what DVC's `commit` does for a stage run by hand. A stage whose
/// recorded outputs changed is committed only with `force` or `confirm`.
#[allow(clippy::too_many_arguments)]
fn commit_stages(
    repo: &Repo,
    cwd: &Path,
    mut p: crate::pipeline::Pipelines,
    pointers: &[stage::PointerStage],
    all: bool,
    chosen: &[usize],
    force: bool,
    confirm: &dyn Fn(&str) -> bool,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    use crate::pipeline::repro::{ReproReport, ReproUi};
    use crate::pipeline::save::save_stage;
    use crate::pipeline::status::Checker;
    struct Quiet;
    impl ReproUi for Quiet {
        fn say(&self, _: &str) {}
        fn release_lock(&mut self) {}
        fn take_lock(&mut self) -> Result<()> {
            Ok(())
        }
    }
    let indices: Vec<usize> = if all {
        (0..p.stages.len()).collect()
    } else {
        chosen.to_vec()
    };
    if indices.is_empty() {
        return Ok(Vec::new());
    }
    crate::pipeline::graph::Graph::build(repo, &p, pointers)?;
    let odb = repo.odb()?;
    let link_types = repo.link_types()?;
    let state = repo.state();
    let mut checker = Checker::new(repo, &odb, &state.reader, progress, cwd);
    let mut report = ReproReport::default();
    for i in indices {
        let s = p.stages[i].clone();
        let st = checker.stage_status(&p, &s)?;
        if st.deps.is_empty() && st.outs.is_empty() && !st.cmd_changed {
            continue;
        }
        if all && st.outs.iter().any(|(_, o)| *o == "deleted") {
            // nothing to record from a stage whose outputs are not there
            continue;
        }
        let recorded = p.lock_entry(&s).is_some();
        if recorded && !force && !confirm(&s.addressing) {
            return Err(
                Error::user(format!("unable to commit changed stage '{}'", s.addressing))
                    .with_hint("use -f/--force to record its current dependencies and outputs"),
            );
        }
        save_stage(
            &mut p,
            i,
            &mut checker,
            &link_types,
            &mut Quiet,
            &mut report,
        )?;
    }
    let records = std::mem::take(&mut checker.records);
    drop(checker);
    state.save(&records);
    let mut written: Vec<String> = report.git_paths.iter().map(|g| repo.rel(g)).collect();
    written.sort();
    written.dedup();
    Ok(written)
}
