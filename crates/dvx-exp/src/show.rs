//! `exp show`: the workspace, the selected baseline commits and their experiments, each with
//! its params, metrics, dependencies and outputs, as DVC collects them.

use std::collections::{HashMap, HashSet};

use dvx_repo::compare::{self, DataEntry, FileValues, View};
use dvx_repo::exp_refs;
use dvx_repo::scm::{CommitInfo, Git};
use dvx_repo::{Repo, Result};

use crate::queue::{Queue, Task, TaskStatus};

/// Which baselines (`--rev` with `-n`, HEAD by default; `-a`, `-T`, `-A`).
#[derive(Debug, Clone, Default)]
pub struct ShowOptions {
    pub revs: Vec<String>,
    pub num: usize,
    pub all_branches: bool,
    pub all_tags: bool,
    pub all_commits: bool,
    /// Only params that stages depend on (`--param-deps`).
    pub param_deps: bool,
    /// Leave out the queue's tasks (queued, running, failed).
    pub hide_queue_tasks: bool,
}

/// One commit, or the workspace, with what `exp show` reports of it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// `workspace`, or the commit's id.
    pub rev: String,
    /// A baseline's branch or tag, an experiment's name.
    pub name: Option<String>,
    /// Committer time, local, without a zone; None for the workspace.
    pub timestamp: Option<String>,
    pub params: Vec<(String, FileValues)>,
    pub metrics: Vec<(String, FileValues)>,
    pub deps: Vec<(String, DataEntry)>,
    pub outs: Vec<(String, DataEntry)>,
}

/// An experiment: its name and its commits, tip first, down to (not including) the baseline;
/// for one of the queue (queued, running or failed), its task.
#[derive(Debug, Clone)]
pub struct ShownExperiment {
    pub name: String,
    pub revs: Vec<Snapshot>,
    pub task: Option<Task>,
}

#[derive(Debug, Clone)]
pub struct ShownBaseline {
    pub snapshot: Snapshot,
    /// Newest first.
    pub experiments: Vec<ShownExperiment>,
}

#[derive(Debug, Clone)]
pub struct Shown {
    pub workspace: Snapshot,
    pub baselines: Vec<ShownBaseline>,
}

pub fn show(repo: &Repo, opts: &ShowOptions) -> Result<Shown> {
    let snap = |rev: &str, name, time| snapshot(repo, rev, name, time, opts.param_deps);
    let workspace = snap("workspace", None, None)?;
    let Some(git) = repo.scm.as_ref().filter(|g| g.head().is_some()) else {
        return Ok(Shown {
            workspace,
            baselines: Vec::new(),
        });
    };
    let baselines = baseline_revs(git, opts)?;
    let tasks = if opts.hide_queue_tasks {
        Vec::new()
    } else {
        Queue::open(repo)?.tasks()?
    };
    let wanted: HashSet<String> = baselines.iter().cloned().collect();
    let mut exps = exp_refs::by_baseline(git, Some(&wanted))?;
    let names = exp_refs::describe(git, &baselines)?;
    // every commit shown, with its time and parents, in one git call; an experiment of one
    // commit (the usual) is its tip over the baseline, a longer one is walked
    let mut all: Vec<String> = baselines.clone();
    all.extend(exps.values().flatten().map(|(_, tip)| tip.clone()));
    let mut info: HashMap<String, CommitInfo> = git
        .commit_info(&all)?
        .into_iter()
        .map(|c| (c.id.clone(), c))
        .collect();
    let mut chains: HashMap<String, Vec<String>> = HashMap::new();
    let mut longer: Vec<String> = Vec::new();
    for (r, tip) in exps.values().flatten() {
        let over_baseline = info
            .get(tip)
            .is_some_and(|c| c.parents.first() == Some(&r.baseline));
        let chain = if over_baseline {
            vec![tip.clone()]
        } else {
            let chain = git.commits_between(tip, &r.baseline)?;
            longer.extend(chain.iter().filter(|c| !info.contains_key(*c)).cloned());
            chain
        };
        chains.insert(r.refname(), chain);
    }
    info.extend(
        git.commit_info(&longer)?
            .into_iter()
            .map(|c| (c.id.clone(), c)),
    );
    let time = |c: &str| info.get(c).map(|c| (c.local_time.clone(), c.time));
    let mut out = Vec::new();
    for b in &baselines {
        let mut experiments: Vec<(i64, ShownExperiment)> = Vec::new();
        for (r, tip) in exps.remove(b).unwrap_or_default() {
            let chain = chains.remove(&r.refname()).unwrap_or_default();
            let mut revs = Vec::new();
            for (i, c) in chain.iter().enumerate() {
                let name = (i == 0).then(|| r.name.clone());
                revs.push(snap(c, name, time(c).map(|t| t.0))?);
            }
            let when = time(&tip).map(|t| t.1).unwrap_or(0);
            experiments.push((
                when,
                ShownExperiment {
                    name: r.name.clone(),
                    revs,
                    task: None,
                },
            ));
        }
        experiments.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        // the queue's around them, in DVC's order: running first, then the successful ones,
        // queued, failed; newest first within each
        let of_status = |status: TaskStatus| -> Result<Vec<(i64, ShownExperiment)>> {
            let mut out = Vec::new();
            for t in tasks.iter().rev() {
                if t.baseline != *b || t.status != status {
                    continue;
                }
                let snap = snap(&t.snapshot, Some(t.name.clone()), Some(t.created.clone()))?;
                out.push((
                    0,
                    ShownExperiment {
                        name: t.name.clone(),
                        revs: vec![snap],
                        task: Some(t.clone()),
                    },
                ));
            }
            Ok(out)
        };
        let mut ordered = of_status(TaskStatus::Running)?;
        ordered.append(&mut experiments);
        ordered.extend(of_status(TaskStatus::Queued)?);
        ordered.extend(of_status(TaskStatus::Failed)?);
        let experiments = ordered;
        let name = names.get(b).cloned().flatten();
        out.push(ShownBaseline {
            snapshot: snap(b, name, time(b).map(|t| t.0))?,
            experiments: experiments.into_iter().map(|(_, e)| e).collect(),
        });
    }
    Ok(Shown {
        workspace,
        baselines: out,
    })
}

/// The baseline commits, in the order DVC shows them.
fn baseline_revs(git: &Git, opts: &ShowOptions) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |c: String| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    let revs = if opts.revs.is_empty() {
        vec!["HEAD".to_string()]
    } else {
        opts.revs.clone()
    };
    for rev in &revs {
        for c in git.first_parents(rev, opts.num.max(1))? {
            add(c);
        }
    }
    let scope = dvx_repo::scm::Scope {
        all_branches: opts.all_branches,
        all_tags: opts.all_tags,
        all_commits: opts.all_commits,
        all_experiments: false,
    };
    if opts.all_branches || opts.all_tags || opts.all_commits {
        for (_, rev) in git.named_revisions(&scope)? {
            add(git.resolve(&rev)?);
        }
    }
    Ok(out)
}

fn snapshot(
    repo: &Repo,
    rev: &str,
    name: Option<String>,
    timestamp: Option<String>,
    param_deps: bool,
) -> Result<Snapshot> {
    // a commit's files never change: what was collected from one is kept (unless something
    // could not be read: a cached metric fetched later must show then)
    let cache = (rev != "workspace").then(|| crate::show_cache::path(repo, rev, param_deps));
    if let Some(found) = cache.as_deref().and_then(crate::show_cache::read) {
        return Ok(Snapshot {
            rev: rev.to_string(),
            name,
            timestamp,
            params: found.params,
            metrics: found.metrics,
            deps: found.deps,
            outs: found.outs,
        });
    }
    let view = View::open(repo, rev)?;
    let (deps, outs) = compare::collect_deps_outs(&view)?;
    let collected = crate::show_cache::Collected {
        params: compare::collect_params(&view, param_deps)?,
        metrics: compare::collect_metrics(&view, &[])?,
        deps,
        outs,
    };
    if let Some(path) = cache {
        let complete = collected
            .params
            .iter()
            .chain(&collected.metrics)
            .all(|(_, v)| v.is_ok());
        if complete {
            crate::show_cache::write(&path, &collected);
        }
    }
    let snap = Snapshot {
        rev: rev.to_string(),
        name,
        timestamp,
        params: collected.params,
        metrics: collected.metrics,
        deps: collected.deps,
        outs: collected.outs,
    };
    Ok(snap)
}
