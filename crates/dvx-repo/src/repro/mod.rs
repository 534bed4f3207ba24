//! `repro`: run the stages whose dependencies, params, command or outputs changed, in DAG
//! order; commit their outputs to the cache and record them in `dvc.lock`.

mod command;
pub mod run_cache;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dvx_formats::pipeline::params;
use dvx_formats::Oid;
use dvx_odb::HashKind;

use crate::error::{Error, Result};
use crate::pipeline::graph::{select_stages, Graph, Node, PlanOptions};
use crate::pipeline::{ParamsCache, Pipelines, Stage};
use crate::repo::Repo;
use crate::stage::TrackedStage;
use crate::stage_lock::save::save_stage;
use crate::stage_lock::status::Checker;
pub use crate::stage_lock::ReproUi;
use crate::transaction::Transaction;
use crate::Progress;

/// repro's flags. They serialize (a queued experiment keeps them), without `env` and `output`,
/// which belong to one run.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReproOptions {
    pub force: bool,
    pub single_item: bool,
    pub recursive: bool,
    pub pipeline: bool,
    pub dry: bool,
    pub downstream: bool,
    pub pull: bool,
    pub allow_missing: bool,
    pub keep_going: bool,
    pub no_run_cache: bool,
    pub force_downstream: bool,
    /// Targets are shell-style patterns of stage names (`--glob`).
    pub glob: bool,
    /// Ask before running each stage (`-i`, or `core.interactive`); a stage not confirmed
    /// ends the run.
    pub interactive: bool,
    /// Record the outputs in `dvc.lock` without putting them into the cache (`--no-commit`).
    pub no_commit: bool,
    /// Every stage and data source of the repository, in DVC's order (`--all-pipelines`).
    pub all_pipelines: bool,
    /// Variables for the stage commands besides `DVC_ROOT` and `DVC_STAGE` (an experiment's
    /// `DVC_EXP_*`; a `DVC_ROOT` here wins).
    #[serde(skip)]
    pub env: Vec<(String, String)>,
    /// Where the stage commands' output goes (appended), instead of dvx's own stdout and
    /// stderr: a queued experiment's log.
    #[serde(skip)]
    pub output: Option<PathBuf>,
}

/// What `repro` did.
#[derive(Debug, Default)]
pub struct ReproReport {
    /// Stages that ran (or were restored from the run-cache), by addressing.
    pub reproduced: Vec<String>,
    /// Files git should track: changed `dvc.lock` and `.gitignore` files.
    pub git_paths: Vec<PathBuf>,
    /// Stages that failed, with the reason, and the exit code of the first failed command.
    pub failed: Vec<(String, String)>,
    pub exit_code: Option<i32>,
}

pub fn repro(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    opts: &ReproOptions,
    ui: &mut dyn ReproUi,
    progress: &dyn Progress,
) -> Result<ReproReport> {
    let repo: &Repo = tx;
    let (pointers, mut p) = crate::index::load_with_pipelines(repo)?;
    let graph = Graph::build(repo, &p, &pointers)?;
    let mut target_nodes = Vec::new();
    let globbed;
    let targets = if opts.glob {
        // patterns of stage names (`train*`, `sub/dvc.yaml:eval_*`); matching none, DVC
        // reproduces the whole pipeline
        globbed = crate::pipeline::graph::glob_stages(&p, cwd, targets)?;
        globbed.as_slice()
    } else {
        targets
    };
    if opts.all_pipelines {
        target_nodes.extend(0..graph.nodes.len());
    } else if targets.is_empty() {
        let here = cwd.join("dvc.yaml");
        let Some(fi) = p.files.iter().position(|f| f.path == here) else {
            return Err(
                Error::user(format!("'{}' does not exist", here.display())).with_hint(
                    "run dvx repro where a dvc.yaml is, or name stages (`path/dvc.yaml:stage`)",
                ),
            );
        };
        let here: Vec<usize> = (0..p.stages.len())
            .filter(|&i| p.stages[i].file == fi)
            .collect();
        target_nodes.extend(graph.nodes_of(&here));
    } else {
        for t in targets {
            target_nodes.extend(graph.nodes_of(&select_stages(repo, &p, cwd, t, opts.recursive)?));
        }
    }
    let whole = opts.all_pipelines;
    let plan = graph.plan(
        &p,
        &target_nodes,
        PlanOptions {
            downstream: opts.downstream && !whole,
            pipeline: opts.pipeline && !whole,
            single_item: opts.single_item && !whole,
        },
    );

    if opts.pull && !opts.no_run_cache && !opts.dry {
        // as DVC: the remote's run-cache first, so that stages can be restored from it
        if let Err(e) = crate::transfer::run_cache::fetch(repo, &Default::default(), progress) {
            ui.say(&format!("Failed to pull run cache: {e}"));
        }
    }
    let odb = repo.odb()?;
    let link_types = repo.link_types()?;
    let mut report = ReproReport::default();
    let mut forced: Vec<bool> = vec![opts.force; graph.nodes.len()];
    let mut skip: Vec<Option<String>> = vec![None; graph.nodes.len()];
    let mut params_cache = ParamsCache::default();
    // data sources found unchanged since the last command a stage ran (see Checker::verified)
    let mut verified = HashMap::new();
    // the data sources' statuses before any command runs, all at once (thousands of .dvc files)
    let mut early = early_statuses(repo, &graph, &plan, &pointers, progress);
    // DVC separates a stage that ran from the next one with a blank line
    let mut prev_ran = false;
    for node in plan {
        if let Some(because) = &skip[node] {
            ui.say(&format!(
                "Stage '{}' skipped: {because} failed",
                label(&p, &pointers, graph.nodes[node])
            ));
            continue;
        }
        if prev_ran {
            ui.say("");
        }
        let ran = match graph.nodes[node] {
            Node::Pointer(i) => {
                let known = early.as_mut().and_then(|e| e.remove(&i));
                let committed =
                    data_source(repo, &pointers[i], known, opts, ui, progress, &mut verified)?;
                if committed && !opts.dry {
                    // the pointer file's new hash is for git too (DVC names and stages it)
                    report.git_paths.push(pointers[i].file.clone());
                }
                committed
            }
            Node::Stage(i) => {
                let state = repo.state();
                let mut checker = Checker::new(repo, &odb, &state.reader, progress, cwd);
                checker.no_commit = opts.no_commit;
                checker.params = std::mem::take(&mut params_cache);
                checker.verified = std::mem::take(&mut verified);
                let r = run_stage(
                    tx,
                    &mut p,
                    i,
                    forced[node],
                    opts,
                    &mut checker,
                    &link_types,
                    ui,
                    &mut report,
                );
                params_cache = std::mem::take(&mut checker.params);
                verified = std::mem::take(&mut checker.verified);
                let records = std::mem::take(&mut checker.records);
                drop(checker);
                state.save(&records);
                match r {
                    Ok(ran) => ran,
                    Err(e) => {
                        // its command may have run and written
                        verified.clear();
                        early = None;
                        let name = p.stages[i].addressing.clone();
                        if report.exit_code.is_none() {
                            report.exit_code = e.exit;
                        }
                        if !opts.keep_going {
                            let mut err = Error::user(format!("failed to reproduce '{name}': {e}"))
                                .with_exit_code(e.exit);
                            err.hint = e.hint;
                            return Err(err);
                        }
                        ui.say(&format!("failed to reproduce '{name}': {e}"));
                        report.failed.push((name.clone(), e.to_string()));
                        for d in downstream_of(&graph, node) {
                            skip[d].get_or_insert_with(|| name.clone());
                        }
                        continue;
                    }
                }
            }
        };
        prev_ran = ran;
        if ran {
            // a command ran: what it may have written is read again
            verified.clear();
            early = None;
            report
                .reproduced
                .push(label(&p, &pointers, graph.nodes[node]));
            if opts.force_downstream {
                for d in downstream_of(&graph, node) {
                    forced[d] = true;
                }
            }
        }
    }
    if !report.failed.is_empty() {
        let names: Vec<String> = report
            .failed
            .iter()
            .map(|(n, _)| format!("'{n}'"))
            .collect();
        return Err(Error::user(format!(
            "failed to reproduce{} {}",
            if names.len() > 1 { " stages:" } else { "" },
            names.join(", ")
        ))
        .with_exit_code(report.exit_code));
    }
    report.git_paths.sort();
    report.git_paths.dedup();
    Ok(report)
}

fn label(p: &Pipelines, pointers: &[TrackedStage], n: Node) -> String {
    crate::pipeline::graph::node_label(p, pointers, n)
}

/// Every node that depends on `node`, directly or not.
fn downstream_of(g: &Graph, node: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        for (m, ups) in g.upstream.iter().enumerate() {
            if ups.contains(&n) && !out.contains(&m) {
                out.push(m);
                stack.push(m);
            }
        }
    }
    out
}

/// The statuses of the data sources in `plan`, by pointer index, as they are before any stage
/// runs (computed on every core); None when one cannot be had (each is then looked at in turn,
/// failing where it did).
fn early_statuses(
    repo: &Repo,
    graph: &Graph,
    plan: &[usize],
    pointers: &[TrackedStage],
    progress: &dyn Progress,
) -> Option<HashMap<usize, Vec<crate::status::OutStatus>>> {
    let sources: Vec<usize> = plan
        .iter()
        .filter_map(|&n| match graph.nodes[n] {
            Node::Pointer(i) => Some(i),
            _ => None,
        })
        .collect();
    if sources.len() < 2 {
        return None;
    }
    let stages: Vec<&TrackedStage> = sources.iter().map(|&i| &pointers[i]).collect();
    let statuses =
        crate::status::stages_status_of(repo, &stages, &Default::default(), progress).ok()?;
    let mut statuses = statuses.into_iter();
    Some(
        sources
            .iter()
            .zip(&stages)
            .map(|(&i, st)| (i, statuses.by_ref().take(st.pointer.outs.len()).collect()))
            .collect(),
    )
}

/// A `.dvc` file in the graph: unchanged, it is skipped; changed, its new content is committed
/// (DVC's "Verifying data sources"). `known`: its statuses, when no command has run since they
/// were taken.
fn data_source(
    repo: &Repo,
    st: &TrackedStage,
    known: Option<Vec<crate::status::OutStatus>>,
    opts: &ReproOptions,
    ui: &mut dyn ReproUi,
    progress: &dyn Progress,
    verified: &mut HashMap<PathBuf, (Oid, HashKind)>,
) -> Result<bool> {
    let reread;
    let (st, statuses) = match known {
        Some(statuses) => (st, statuses),
        None => {
            // read again under the lock (a stage's command ran without it): one file, not a walk
            reread = TrackedStage::load(repo, &st.file)?;
            let statuses = crate::status::stages_status(
                repo,
                std::slice::from_ref(&reread),
                &Default::default(),
                progress,
            )?;
            (&reread, statuses)
        }
    };
    let changed = statuses
        .iter()
        .any(|s| s.state.is_some() && s.import.is_none());
    verified.extend(crate::status::unchanged_outputs(st, &statuses)?);
    if !changed && !opts.force {
        ui.say(&format!("'{}' didn't change, skipping", st.rel));
        return Ok(false);
    }
    if opts.dry {
        return Ok(true);
    }
    // only its data is missing (a fresh clone): with --pull it comes from the remote
    let only_missing = statuses.iter().all(|s| {
        use crate::status::OutState::{Deleted, NotInCache};
        matches!(s.state, None | Some(Deleted | NotInCache))
    });
    if opts.pull && !opts.force && only_missing {
        ui.say(&format!("Pulling data for stage: '{}'", st.rel));
        if pull_into_workspace(repo, std::slice::from_ref(st), progress)? {
            return Ok(false);
        }
        ui.say(&format!("Unable to pull data for stage: '{}'", st.rel));
    }
    ui.say(&format!("Verifying data sources in stage: '{}'", st.rel));
    crate::record::commit_pointer_stages(repo, vec![st.clone()], true, &|_| true, progress)?;
    Ok(true)
}

#[allow(clippy::too_many_arguments)]
fn run_stage(
    tx: &Transaction,
    p: &mut Pipelines,
    i: usize,
    force: bool,
    opts: &ReproOptions,
    checker: &mut Checker,
    link_types: &[dvx_odb::link::LinkType],
    ui: &mut dyn ReproUi,
    report: &mut ReproReport,
) -> Result<bool> {
    let s = p.stages[i].clone();
    let status = checker.stage_status(p, &s)?;
    if !force && !status.needs_run(s.def.frozen, opts.allow_missing) {
        ui.say(&format!("Stage '{}' didn't change, skipping", s.addressing));
        return Ok(false);
    }
    if opts.pull && !force && !opts.dry && !status.needs_run(s.def.frozen, true) {
        // only data is missing: download it instead of running the stage
        if let Some(entry) = p.lock_entry(&s) {
            ui.say(&format!("Pulling data for stage: '{}'", s.addressing));
            let st = crate::pipeline::lock_tracked_stage(&s, &p.file_of(&s).rel, Some(entry));
            if pull_into_workspace(checker.repo, &[st], checker.progress)? {
                return Ok(false);
            }
            ui.say(&format!(
                "Unable to pull data for stage: '{}'",
                s.addressing
            ));
        }
    }
    if opts.pull && !opts.dry {
        // missing dependencies tracked by pointer files or other stages come from the remote
        for dep in &s.def.deps {
            let path = s.dep_path(dep);
            if std::fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            let target = path.display().to_string();
            if let Ok(sts) =
                crate::index::select_with_pipelines(checker.repo, &checker.repo.root, &[target])
            {
                pull_into_workspace(checker.repo, &sts, checker.progress)?;
            }
        }
    }
    let interactive = opts.interactive
        || checker
            .repo
            .config
            .get_bool("core", "interactive")?
            .unwrap_or(false);
    if interactive
        && !ui.confirm(&format!(
            "Going to reproduce stage: '{}'. Are you sure you want to continue?",
            s.addressing
        ))
    {
        return Err(Error::user("reproduction aborted by the user"));
    }
    if s.def.frozen {
        if opts.dry {
            return Ok(true);
        }
        ui.say(&format!(
            "Verifying outputs in frozen stage: '{}'",
            s.addressing
        ));
        for o in &s.def.outs {
            if !s.out_path(o).exists() {
                return Err(Error::user(format!("output '{}' does not exist", o.path)));
            }
        }
        save_stage(p, i, checker, link_types, ui, &mut report.git_paths)?;
        return Ok(true);
    }
    if !force && !opts.dry && run_cache::restore(p, i, &status, opts, checker, ui)? {
        save_stage(p, i, checker, link_types, ui, &mut report.git_paths)?;
        return Ok(true);
    }
    // every dependency must be there before anything is removed
    for dep in &s.def.deps {
        let path = s.dep_path(dep);
        if std::fs::symlink_metadata(&path).is_err() && !opts.dry {
            return Err(Error::user(format!(
                "dependency '{}' does not exist",
                checker.repo.rel(&path)
            ))
            .with_hint("create it, or run the stage that produces it (dvx dag shows the order)"));
        }
    }
    if !opts.dry {
        check_params(&s, checker)?;
        remove_outs(checker.repo, &s)?;
    }
    ui.say(&format!("Running stage '{}':", s.addressing));
    for line in s.def.cmd.lines() {
        ui.say(&format!("> {line}"));
        if opts.dry {
            continue;
        }
        let mut command = command::shell_command(&line);
        command
            .current_dir(&s.wdir)
            .env("DVC_ROOT", &checker.repo.root)
            .env("DVC_STAGE", &s.addressing)
            .envs(opts.env.iter().map(|(k, v)| (k, v)));
        if let Some(log) = &opts.output {
            let open = || {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .map_err(|e| Error::io("opening the log", log, e))
            };
            command.stdout(open()?).stderr(open()?);
        }
        let status = tx.unlocked(|| command::run(&mut command))?;
        let status =
            status.map_err(|e| Error::user(format!("cannot start the shell for '{line}': {e}")))?;
        if !status.success() {
            let code = status.code();
            let how = match code {
                Some(c) => format!("exited with {c}"),
                None => "was killed by a signal".to_string(),
            };
            return Err(Error::user(format!("failed to run: {line}, {how}"))
                .kind(crate::ErrorKind::StageFailed)
                .with_exit_code(Some(code.unwrap_or(1)))
                .with_hint(
                    "its outputs were not committed and dvc.lock keeps the stage's previous entry",
                ));
        }
    }
    if opts.dry {
        return Ok(true);
    }
    // the command may have rewritten parameter files
    checker.params = ParamsCache::default();
    save_stage(p, i, checker, link_types, ui, &mut report.git_paths)?;
    Ok(true)
}

/// Fetches these outputs from their remotes and checks them out; false when any is missing.
fn pull_into_workspace(
    repo: &Repo,
    stages: &[TrackedStage],
    progress: &dyn Progress,
) -> Result<bool> {
    let staged = std::sync::Arc::new(crate::staged::Staged::for_pull(repo, stages));
    let fetched =
        crate::fetch::fetch_staging(repo, stages, &Default::default(), Some(&staged), progress)?;
    if !fetched.failed.is_empty() || !fetched.missing.is_empty() {
        return Ok(false);
    }
    let report = crate::checkout::checkout_stages(
        repo,
        stages,
        &crate::checkout::CheckoutOptions {
            force: true,
            relink: false,
            staged: Some(staged),
            ..Default::default()
        },
        progress,
    )?;
    Ok(report.failed.is_empty() && report.unsaved.is_empty())
}

/// Params files and keys a stage names must be readable before it runs.
fn check_params(s: &Stage, checker: &mut Checker) -> Result<()> {
    for pd in &s.def.params {
        let path = s.dep_path(&pd.file);
        let Some(values) = checker.params.get(checker.repo, &path)? else {
            return Err(Error::user(format!(
                "Parameters file '{}' does not exist",
                checker.repo.rel(&path)
            )));
        };
        let missing: Vec<&str> = pd
            .keys
            .iter()
            .filter(|k| params::select(values, k).is_none())
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::user(format!(
                "Parameters '{}' are missing from '{}'.",
                missing.join(", "),
                checker.repo.rel(&path)
            )));
        }
    }
    Ok(())
}

/// Removes a stage's outputs before it runs (a persistent output is made a writable copy instead).
fn remove_outs(repo: &Repo, s: &Stage) -> Result<()> {
    for o in &s.def.outs {
        let path = s.out_path(o);
        // the command writes it: the operation log keeps what was there (or that nothing was)
        repo.worktree.will_change(&path)?;
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        if o.persist {
            crate::record::unprotect_output(repo, &path)?;
            continue;
        }
        repo.worktree.remove_all(&path)?;
    }
    Ok(())
}
