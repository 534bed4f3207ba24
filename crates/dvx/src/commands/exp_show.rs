//! `exp show`: DVC's JSON, its CSV and Markdown tables, and a terminal table.

use dvx_exp::queue::{Task, TaskStatus};
use dvx_exp::show::{show as collect, ShowOptions, Shown, Snapshot};
use dvx_formats::yaml::Value;
use dvx_repo::compare::{DataEntry, FileValues};
use dvx_repo::Result;

use super::Env;
use crate::cli::{ExpDiffArgs, ExpShowArgs};

const DEFAULT_PRECISION: u32 = 5;

pub fn show(env: &Env, a: ExpShowArgs) -> Result<u8> {
    let repo = env.repo()?;
    let mut shown = collect(
        &repo,
        &ShowOptions {
            revs: a.rev.clone(),
            num: a.num,
            all_branches: a.all_branches,
            all_tags: a.all_tags,
            all_commits: a.all_commits,
            param_deps: a.param_deps,
            hide_queue_tasks: false,
        },
    )?;
    for b in &mut shown.baselines {
        b.experiments.retain(|e| match &e.task {
            Some(t) if t.status == TaskStatus::Queued => !a.hide_queued,
            Some(t) if t.status == TaskStatus::Failed => !a.hide_failed,
            _ => true,
        });
    }
    if a.json {
        env.printer
            .answer(json(&shown, a.hide_workspace).to_python_json());
        return Ok(0);
    }
    let csv = a.csv;
    let precision = if csv {
        a.precision
    } else {
        Some(a.precision.unwrap_or(DEFAULT_PRECISION))
    };
    let mut t = super::exp_table::tabulate(&shown, &a, precision)?;
    t.apply_column_filters(&a)?;
    if csv {
        // the last line's "\r" stays: the printer ends it with "\n"
        env.printer.answer(t.csv().trim_end_matches('\n'));
    } else if a.markdown {
        env.printer.answer(t.markdown());
    } else {
        env.printer.paged(t.terminal(), a.no_pager);
    }
    Ok(0)
}

/// `exp diff`: the metrics and params of two experiments, DVC's tables or JSON.
pub fn diff(env: &Env, a: ExpDiffArgs) -> Result<u8> {
    use dvx_repo::compare::{self, View};
    let repo = env.repo()?;
    if !compare::has_commits(&repo) {
        if a.json {
            env.printer.answer("{}");
        }
        return Ok(0);
    }
    let view = |rev: Option<&str>| -> Result<String> {
        match rev {
            None => Ok("workspace".into()),
            Some(r) => dvx_exp::select::resolve(&repo, r),
        }
    };
    let a_commit = view(Some(a.a_rev.as_deref().unwrap_or("HEAD")))?;
    let b_commit = view(a.b_rev.as_deref())?;
    let (old, new) = (View::open(&repo, &a_commit)?, View::open(&repo, &b_commit)?);
    let metrics = compare::diff(
        &compare::collect_metrics(&old, &[])?,
        &compare::collect_metrics(&new, &[])?,
        a.all,
    );
    let params = compare::diff(
        &compare::collect_params(&old, a.param_deps)?,
        &compare::collect_params(&new, a.param_deps)?,
        a.all,
    );
    if a.json {
        let both = Value::Map(vec![
            (
                "metrics".into(),
                super::compare::diff_json(&repo, env, &metrics),
            ),
            (
                "params".into(),
                super::compare::diff_json(&repo, env, &params),
            ),
        ]);
        env.printer.answer(both.to_python_json());
        return Ok(0);
    }
    let a_rev = a.a_rev.as_deref().unwrap_or("HEAD");
    let b_rev = a.b_rev.as_deref().unwrap_or("workspace");
    for (i, (diff, title, precision)) in [
        (
            &metrics,
            "Metric",
            Some(a.precision.unwrap_or(DEFAULT_PRECISION)),
        ),
        (&params, "Param", None),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            env.printer.answer("");
        }
        super::compare::show_diff(
            env,
            &repo,
            diff,
            &super::compare::DiffTable {
                title,
                json: false,
                markdown: a.markdown,
                no_path: a.no_path,
                changes: true,
                on_empty: Some("diff not supported"),
                precision,
                significant: true,
                a_rev,
                b_rev,
            },
        );
    }
    Ok(0)
}

// ---- JSON ----

fn json(shown: &Shown, hide_workspace: bool) -> Value {
    let mut list = Vec::new();
    if !hide_workspace {
        list.push(entry(&shown.workspace, Value::Null));
    }
    for b in &shown.baselines {
        let exps = if b.experiments.is_empty() {
            Value::Null
        } else {
            Value::Seq(
                b.experiments
                    .iter()
                    .map(|e| {
                        map(vec![
                            (
                                "revs",
                                Value::Seq(e.revs.iter().map(|r| entry(r, Value::Null)).collect()),
                            ),
                            ("executor", executor(e.task.as_ref())),
                            ("name", Value::Str(e.name.clone())),
                        ])
                    })
                    .collect(),
            )
        };
        list.push(entry(&b.snapshot, exps));
    }
    Value::Seq(list)
}

/// A queued, running, failed or successful task as DVC's JSON describes its executor (a failed
/// one has no name there; a finished one's process id is not kept).
fn executor(task: Option<&Task>) -> Value {
    let Some(t) = task else {
        return Value::Null;
    };
    let state = match t.status {
        TaskStatus::Queued => "queued",
        TaskStatus::Running => "running",
        TaskStatus::Success => "success",
        TaskStatus::Failed => "failed",
    };
    let name = match t.status {
        TaskStatus::Failed => Value::Null,
        _ => Value::Str("dvc-task".into()),
    };
    map(vec![
        ("state", Value::Str(state.into())),
        ("name", name),
        (
            "local",
            map(vec![
                ("root", opt_str(&t.root)),
                ("log", opt_str(&t.log)),
                (
                    "pid",
                    t.pid.map(|p| Value::Int(p as i64)).unwrap_or(Value::Null),
                ),
                (
                    "returncode",
                    t.returncode
                        .map(|c| Value::Int(c as i64))
                        .unwrap_or(Value::Null),
                ),
                ("task_id", Value::Str(t.snapshot.clone())),
            ]),
        ),
    ])
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn opt_str(s: &Option<String>) -> Value {
    s.clone().map(Value::Str).unwrap_or(Value::Null)
}

fn opt_num(n: Option<u64>) -> Value {
    n.map(|n| Value::Int(n as i64)).unwrap_or(Value::Null)
}

fn entry(s: &Snapshot, experiments: Value) -> Value {
    let files = |list: &[(String, FileValues)]| {
        Value::Map(
            list.iter()
                .map(|(f, v)| {
                    let inner = match v {
                        Ok(data) => map(vec![("data", data.clone())]),
                        Err(e) => map(vec![("error", error_value(f, e))]),
                    };
                    (f.clone(), inner)
                })
                .collect(),
        )
    };
    let data_entry = |d: &DataEntry, out: bool| {
        let mut m = vec![
            ("hash", opt_str(&d.hash)),
            ("size", opt_num(d.size)),
            ("nfiles", opt_num(d.nfiles)),
        ];
        if out {
            m.push(("use_cache", Value::Bool(d.use_cache)));
            m.push(("is_data_source", Value::Bool(d.is_data_source)));
        }
        map(m)
    };
    let data = map(vec![
        ("rev", Value::Str(s.rev.clone())),
        ("timestamp", opt_str(&s.timestamp)),
        ("params", files(&s.params)),
        ("metrics", files(&s.metrics)),
        (
            "deps",
            Value::Map(
                s.deps
                    .iter()
                    .map(|(p, d)| (p.clone(), data_entry(d, false)))
                    .collect(),
            ),
        ),
        (
            "outs",
            Value::Map(
                s.outs
                    .iter()
                    .map(|(p, d)| (p.clone(), data_entry(d, true)))
                    .collect(),
            ),
        ),
        ("meta", Value::Map(Vec::new())),
    ]);
    map(vec![
        ("rev", Value::Str(s.rev.clone())),
        ("name", opt_str(&s.name)),
        ("data", data),
        ("error", Value::Null),
        ("experiments", experiments),
    ])
}

/// A file that could not be read, as DVC's `encode_exception` writes the exception.
fn error_value(file: &str, e: &str) -> Value {
    if e.ends_with("does not exist") {
        map(vec![
            ("type", Value::Str("FileNotFoundError".into())),
            (
                "msg",
                Value::Str(format!("[Errno 2] No such file or directory: '{file}'")),
            ),
        ])
    } else {
        map(vec![
            ("type", Value::Str("YAMLFileCorruptedError".into())),
            ("msg", Value::Str(format!("unable to read: '{file}', {e}"))),
        ])
    }
}
