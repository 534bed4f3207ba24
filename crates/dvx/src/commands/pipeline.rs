//! `repro`, `stage add`, `stage list` and `dag`.

use dvx_repo::pipeline::graph::select_stages;
use dvx_repo::pipeline::Pipelines;
use dvx_repo::repo::Repo;
use dvx_repo::repro::{repro, ReproOptions, ReproUi};
use dvx_repo::stage_add::{stage_add, StageAddOptions};
use dvx_repo::Result;

use super::Env;
use crate::cli::{ReproArgs, ReproCmdArgs, StageAddArgs, StageArgs, StageCommand, StageListArgs};

pub struct Ui<'a> {
    pub env: &'a Env<'a>,
}

impl ReproUi for Ui<'_> {
    fn say(&self, msg: &str) {
        self.env.printer.out(msg);
    }

    fn confirm(&mut self, statement: &str) -> bool {
        crate::printer::confirm(statement)
    }
}

pub fn repro_cmd(env: &Env, a: ReproCmdArgs) -> Result<u8> {
    let repo = env.repo()?;
    let mut opts = repro_options(&a.repro);
    opts.no_commit = a.no_commit;
    run_repro(env, &repo, &a.repro.targets, &opts)
}

/// repro's flags as the repro engine takes them (`exp run` takes them too).
pub fn repro_options(a: &ReproArgs) -> ReproOptions {
    ReproOptions {
        force: a.force,
        single_item: a.single_item,
        recursive: a.recursive,
        pipeline: a.pipeline,
        dry: a.dry,
        downstream: a.downstream,
        pull: a.pull,
        allow_missing: a.allow_missing,
        keep_going: a.keep_going,
        no_run_cache: a.no_run_cache,
        force_downstream: a.force_downstream,
        glob: a.glob,
        interactive: a.interactive,
        all_pipelines: a.all_pipelines,
        no_commit: false,
        env: Vec::new(),
        output: None,
    }
}

fn run_repro(env: &Env, repo: &Repo, targets: &[String], opts: &ReproOptions) -> Result<u8> {
    let tx = dvx_repo::Transaction::start(repo, env.wait_for_lock)?;
    let report = repro(
        &tx,
        &env.cwd,
        targets,
        opts,
        &mut Ui { env },
        &env.progress(),
    )?;
    if !report.git_paths.is_empty() {
        let staged = tx.stage_in_git(&report.git_paths)?;
        super::git_add_hint(env, repo, &report.git_paths, staged);
    }
    if report.reproduced.is_empty() {
        env.printer.out("Data and pipelines are up to date.");
    } else {
        env.printer
            .out("Use `dvx push` to send your updates to remote storage.");
    }
    Ok(0)
}

pub fn stage(env: &Env, a: StageArgs) -> Result<u8> {
    match a.command {
        StageCommand::Add(a) => add(env, *a),
        StageCommand::List(a) => list(env, a),
    }
}

fn add(env: &Env, a: StageAddArgs) -> Result<u8> {
    let repo = env.repo()?;
    let opts = StageAddOptions {
        name: a.name,
        cmd: a.command,
        deps: a.deps,
        params: a.params,
        outs: a.outs,
        outs_no_cache: a.outs_no_cache,
        outs_persist: a.outs_persist,
        outs_persist_no_cache: a.outs_persist_no_cache,
        metrics: a.metrics,
        metrics_no_cache: a.metrics_no_cache,
        plots: a.plots,
        plots_no_cache: a.plots_no_cache,
        wdir: a.wdir,
        force: a.force,
        always_changed: a.always_changed,
        desc: a.desc,
    };
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let report = stage_add(&tx, &env.cwd, &opts)?;
    env.printer.out(format!(
        "Added stage '{}' in '{}'",
        report
            .addressing
            .rsplit_once(':')
            .map_or(report.addressing.as_str(), |(_, n)| n),
        repo.rel(&report.dvc_yaml)
    ));
    if a.run {
        drop(tx);
        let target = report.addressing.clone();
        let code = run_repro(
            env,
            &repo,
            &[target],
            &ReproOptions {
                single_item: true,
                ..Default::default()
            },
        )?;
        return Ok(code);
    }
    let staged = tx.stage_in_git(&report.git_paths)?;
    drop(tx);
    super::git_add_hint(env, &repo, &report.git_paths, staged);
    Ok(0)
}

fn list(env: &Env, a: StageListArgs) -> Result<u8> {
    let repo = env.repo()?;
    let p = Pipelines::load(&repo)?;
    let chosen: Vec<usize> = if a.targets.is_empty() {
        (0..p.stages.len()).collect()
    } else {
        let mut v = Vec::new();
        for t in &a.targets {
            for i in select_stages(&repo, &p, &env.cwd, t, false)? {
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        v
    };
    let width = chosen
        .iter()
        .map(|&i| p.stages[i].addressing.len())
        .max()
        .unwrap_or(0);
    for i in chosen {
        let s = &p.stages[i];
        if a.name_only {
            env.printer.answer(&s.addressing);
            continue;
        }
        let desc = s.def.desc.clone().unwrap_or_else(|| describe_outs(s));
        env.printer
            .answer(format!("{:<width$}  {desc}", s.addressing).trim_end());
    }
    Ok(0)
}

/// DVC's stage list line when a stage has no description: "Outputs a, b".
fn describe_outs(s: &dvx_repo::pipeline::Stage) -> String {
    let outs: Vec<&str> = s.def.outs.iter().map(|o| o.path.as_str()).collect();
    if outs.is_empty() {
        String::new()
    } else {
        format!("Outputs {}", outs.join(", "))
    }
}
