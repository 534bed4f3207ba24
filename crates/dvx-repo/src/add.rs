//! `add`: hash files and directories into the cache, write their pointer files, ignore them in git.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dvx_formats::{Output, PointerFile};
use dvx_odb::state::Record;
use dvx_odb::HashKind;

use crate::checkout::link_after_add;
use crate::digest::{Current, Hasher};
use crate::error::{Error, Result};
use crate::fsutil::absolutize;
use crate::record::{ignore_all_in_git, ignore_in_git, is_executable};
use crate::repo::Repo;
use crate::stage::{OutputPaths, Overlap, TrackedStage};
use crate::transaction::Transaction;
use crate::walk::DvcIgnores;
use crate::Progress;

#[derive(Debug, Default, Clone)]
pub struct AddOptions {
    /// Targets are glob patterns (`--glob`).
    pub glob: bool,
    /// Record the hashes in the pointer files without putting the data into the cache
    /// (`--no-commit`; `dvx commit` does it later).
    pub no_commit: bool,
    /// Where the one target's data goes (`-o`): the target is then read where it is (a path
    /// outside the repository, or a URL) and copied there.
    pub out: Option<String>,
    /// Upload the one target's data to the remote instead of the cache and workspace
    /// (`--to-remote`).
    pub to_remote: bool,
    /// The remote of `--to-remote` (the default one when `None`).
    pub remote: Option<String>,
    pub jobs: Option<usize>,
    /// Replace what is at `-o`'s path.
    pub force: bool,
}

/// What `add` changed: the files git should now track.
#[derive(Debug, Default)]
pub struct AddReport {
    pub pointer_files: Vec<PathBuf>,
    pub gitignores: Vec<PathBuf>,
    /// The above were `git add`ed (core.autostage).
    pub staged: bool,
}

impl AddReport {
    pub fn git_paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self
            .pointer_files
            .iter()
            .chain(&self.gitignores)
            .cloned()
            .collect();
        v.dedup();
        v
    }
}

pub fn add(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    opts: &AddOptions,
    progress: &dyn Progress,
) -> Result<AddReport> {
    let repo: &Repo = tx;
    if opts.out.is_some() || opts.to_remote {
        let [target] = targets else {
            return Err(Error::user("-o and --to-remote take one target")
                .with_hint("add the targets one at a time"));
        };
        return add_from(tx, cwd, target, opts, progress);
    }
    let paths: Vec<(String, PathBuf)> = if opts.glob {
        expand_globs(cwd, targets)?
            .into_iter()
            .map(|p| (p.display().to_string(), p))
            .collect()
    } else {
        targets
            .iter()
            .map(|t| (t.clone(), absolutize(cwd, Path::new(t))))
            .collect()
    };
    let (existing, pipelines) = crate::index::load_with_pipelines(repo)?;
    let mut known = Known::of(repo, existing);
    let mut plans = Vec::new();
    for (shown, abs) in &paths {
        check_not_a_stage_output(repo, abs, &pipelines)?;
        plans.push(check_target(repo, shown, abs, &mut known, true)?);
    }
    if let Some(git) = &repo.scm {
        let candidates: Vec<PathBuf> = plans.iter().map(|p| p.path.clone()).collect();
        if let Some(tracked) = git.tracked(&candidates)?.first() {
            let rel = repo.rel(tracked);
            return Err(Error::user(format!("output '{rel}' is already tracked by git"))
                .with_hint(format!("stop tracking it in git first: git rm -r --cached '{rel}' && git commit -m \"stop tracking {rel}\"")));
        }
    }

    let odb = repo.odb()?;
    let state = repo.state();
    let reader = &state.reader;
    let link_types = repo.link_types()?;
    let hasher = Hasher {
        state: reader,
        kind: HashKind::Md5,
        store: (!opts.no_commit).then_some(&odb),
        progress,
        save_early: Some(&state),
    };
    let mut report = AddReport::default();
    let mut records: Vec<Record> = Vec::new();
    let mut added: Vec<(PathBuf, String)> = Vec::new();
    let mut result = Ok(());
    for plan in plans {
        let path = plan.path.clone();
        match add_one(repo, &hasher, &odb, &link_types, opts.no_commit, plan) {
            Ok(((file, text), recs)) => {
                records.extend(recs);
                report.pointer_files.push(file);
                added.push((path, text));
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    // what was added is recorded and ignored in git even when a later target failed
    let files: Vec<(&Path, &[u8])> = report
        .pointer_files
        .iter()
        .zip(&added)
        .map(|(file, (_, text))| (file.as_path(), text.as_bytes()))
        .collect();
    repo.worktree.write_many(&files)?;
    let added: Vec<&Path> = added.iter().map(|(p, _)| p.as_path()).collect();
    let ignored = ignore_all_in_git(repo, &added);
    result?;
    let mut seen = HashSet::new();
    for g in ignored?.into_iter().flatten() {
        if seen.insert(g.clone()) {
            report.gitignores.push(g);
        }
    }
    state.save(&records);
    report.staged = tx.stage_in_git(&report.git_paths())?;
    Ok(report)
}

/// Hashes one target into the cache (unless `no_commit`) and links it back; returns its
/// pointer file to write (path and text) and the state records to save.
fn add_one(
    repo: &Repo,
    hasher: &Hasher,
    odb: &dvx_odb::Odb,
    link_types: &[dvx_odb::link::LinkType],
    no_commit: bool,
    plan: Plan,
) -> Result<((PathBuf, String), Vec<Record>)> {
    let progress = hasher.progress;
    let (current, recs) = hasher.output(&plan.path)?;
    let mut st = plan.stage;
    let out = &mut st.pointer.outs[plan.index];
    if matches!(current, Current::Missing) {
        return Err(Error::user(format!(
            "output '{}' does not exist",
            repo.rel(&plan.path)
        )));
    }
    current.record_in(out);
    out.isexec = matches!(current, Current::File { .. }) && is_executable(&plan.path);
    current.warn_if_changed(&repo.rel(&plan.path), progress);
    if !no_commit {
        link_after_add(
            &repo.worktree,
            odb,
            &plan.path,
            &current,
            HashKind::Md5,
            link_types,
        )?;
    }
    let text = st.rendered()?;
    Ok(((st.file, text), recs))
}

/// `add SOURCE -o OUT` and `add SOURCE [-o OUT] --to-remote`: the data read where it is (a
/// path, or a URL the remote layer reads), recorded at OUT (by default SOURCE's name, here);
/// copied into the cache and checked out there, or uploaded to the remote only, as DVC does.
fn add_from(
    tx: &Transaction,
    cwd: &Path,
    source: &str,
    opts: &AddOptions,
    progress: &dyn Progress,
) -> Result<AddReport> {
    let repo: &Repo = tx;
    let target = crate::external::resolve_out(cwd, source, opts.out.as_deref(), opts.force)?;
    let (existing, pipelines) = crate::index::load_with_pipelines(repo)?;
    check_not_a_stage_output(repo, &target, &pipelines)?;
    let plan = check_target(
        repo,
        &repo.rel(&target),
        &target,
        &mut Known::of(repo, existing),
        false,
    )?;
    let location = crate::url_source::open(Some(repo), cwd, source, &[])?;
    let current = if opts.to_remote {
        location.to_remote(tx, opts.remote.as_deref(), opts.jobs, progress)?
    } else {
        location.to_cache(repo, &repo.odb()?, opts.jobs, progress)?
    };
    let current = current.ok_or_else(|| Error::user(format!("'{source}' does not exist")))?;
    let mut st = plan.stage;
    current.record_in(&mut st.pointer.outs[plan.index]);
    st.save(repo)?;
    let mut report = AddReport::default();
    report.pointer_files.push(st.file.clone());
    if !opts.to_remote {
        let checked = crate::checkout::checkout_stages(
            repo,
            std::slice::from_ref(&st),
            &crate::checkout::CheckoutOptions {
                force: true,
                relink: false,
                ..Default::default()
            },
            progress,
        )?;
        if let Some((out, e)) = checked.failed.into_iter().next() {
            return Err(Error::user(format!("cannot check out '{out}': {e}")));
        }
        if let Some(g) = ignore_in_git(repo, &target)? {
            report.gitignores.push(g);
        }
    }
    report.staged = tx.stage_in_git(&report.git_paths())?;
    Ok(report)
}

struct Plan {
    path: PathBuf,
    stage: TrackedStage,
    index: usize,
}

/// What a target is checked against: the pointer files there are, their outputs by path, and
/// the `.dvcignore` files.
struct Known {
    stages: Vec<TrackedStage>,
    outputs: OutputPaths,
    ignores: DvcIgnores,
}

impl Known {
    fn of(repo: &Repo, stages: Vec<TrackedStage>) -> Self {
        Known {
            outputs: OutputPaths::of(&stages),
            stages,
            ignores: DvcIgnores::new(&repo.root),
        }
    }
}

fn check_target(
    repo: &Repo,
    shown: &str,
    abs: &Path,
    known: &mut Known,
    must_exist: bool,
) -> Result<Plan> {
    if !abs.starts_with(&repo.root) || abs == repo.root {
        return Err(Error::user(format!(
            "cannot add '{shown}': it is outside of the repository '{}'",
            repo.root.display()
        ))
        .with_hint("dvx tracks paths inside the repository; copy the data in first"));
    }
    if let Err(refused) = repo.worktree.check(abs) {
        return Err(refused.into_error(&format!("add '{shown}'")));
    }
    if abs.extension().is_some_and(|x| x == "dvc") {
        return Err(Error::user(format!(
            "cannot add '{shown}': it is a pointer file itself"
        )));
    }
    let rel = crate::fsutil::rel_slash(&repo.root, abs).ok_or_else(|| {
        Error::user(format!(
            "path '{}' is not valid UTF-8; DVC's formats cannot record it",
            abs.display()
        ))
        .with_hint("rename it")
    })?;
    if must_exist && std::fs::symlink_metadata(abs).is_err() {
        return Err(
            Error::user(format!("output '{shown}' does not exist")).with_hint("check the path")
        );
    }
    if known.ignores.matched(abs).is_some() {
        return Err(Error::user(format!("cannot add '{rel}': it is ignored by a .dvcignore file"))
            .with_hint("remove the matching pattern from .dvcignore, or use `dvx check-ignore -d PATH` to find it"));
    }
    if let Some((si, i, overlap)) = known.outputs.overlap(abs) {
        let s = &known.stages[si];
        return match overlap {
            Overlap::Same => Ok(Plan {
                path: abs.to_path_buf(),
                stage: s.clone(),
                index: i,
            }),
            Overlap::Inside(out) => Err(Error::user(format!(
                "cannot add '{rel}': it is inside '{}', already tracked by '{}'",
                repo.rel(out),
                s.rel
            ))
            .with_hint(format!(
                "to record its change, re-add the whole directory: dvx add {}",
                repo.rel(out)
            ))),
            Overlap::Holds(out) => Err(Error::user(format!(
                "cannot add '{rel}': it contains '{}', already tracked by '{}' (path: {})",
                repo.rel(out),
                s.rel,
                s.pointer.outs[i].path
            ))
            .with_hint(format!("remove that pointer first: dvx remove {}", s.rel))),
        };
    }
    let name = abs
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let file = abs.with_file_name(format!("{name}.dvc"));
    let st = TrackedStage {
        rel: repo.rel(&file),
        file,
        pointer: PointerFile::single(Output::new(name)),
        text: None,
        origin: crate::stage::Origin::PointerFile,
    };
    Ok(Plan {
        path: abs.to_path_buf(),
        stage: st,
        index: 0,
    })
}

/// A path a pipeline stage produces (or one inside or around such an output) is the stage's,
/// as DVC says.
fn check_not_a_stage_output(repo: &Repo, abs: &Path, p: &crate::pipeline::Pipelines) -> Result<()> {
    for s in &p.stages {
        for o in &s.def.outs {
            let out = s.out_path(o);
            if out == abs || abs.starts_with(&out) || out.starts_with(abs) {
                return Err(Error::user(format!(
                    "cannot add '{}': output '{}' is already specified in stage '{}'",
                    repo.rel(abs),
                    repo.rel(&out),
                    s.addressing
                ))
                .with_hint("run `dvx repro` (or `dvx commit` of the stage) to record it"));
            }
        }
    }
    Ok(())
}

/// `--glob`: the paths under `cwd` that match each pattern (matched directories are not
/// descended into). A pattern matching nothing is an error.
fn expand_globs(cwd: &Path, patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for pat in patterns {
        let g = globset::GlobBuilder::new(pat)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::user(format!("bad glob pattern '{pat}': {e}")))?
            .compile_matcher();
        let mut found = Vec::new();
        let mut stack = vec![cwd.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                let name = e.file_name();
                if name == ".git" || name == ".dvc" {
                    continue;
                }
                let rel = p.strip_prefix(cwd).unwrap_or(&p);
                if g.is_match(rel) {
                    if !rel.to_str().is_some_and(|r| r.ends_with(".dvc")) {
                        found.push(p);
                    }
                } else if e.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(p);
                }
            }
        }
        if found.is_empty() {
            return Err(Error::user(format!("glob '{pat}' matched no files")));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}
