use dvx_repo::data_status::DataStatusOptions;
use dvx_repo::stage_lock::status::DepChange;
use dvx_repo::status_report::status_report;
use dvx_repo::Result;
use serde_json::{json, Map, Value};

use super::Env;
use crate::cli::{DataStatusArgs, StatusArgs};

/// `dvx status`: DVC's layout, `--json`, and with `-q` exit code 1 when anything changed.
pub fn status(env: &Env, a: StatusArgs) -> Result<u8> {
    if a.cloud || a.remote.is_some() {
        return cloud(env, a);
    }
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let report = status_report(&tx, &env.cwd, &a.targets, &env.progress())?;
    drop(tx);
    for w in &report.warnings {
        env.printer.warn(w);
    }
    let entries = report.entries;
    let any = !entries.is_empty();
    if a.json {
        let mut top = Map::new();
        for e in &entries {
            let mut parts = Vec::new();
            if !e.deps.is_empty() {
                let m: Map<String, Value> = e
                    .deps
                    .iter()
                    .map(|(k, c)| (k.clone(), dep_json(c)))
                    .collect();
                parts.push(json!({ "changed deps": m }));
            }
            if !e.outs.is_empty() {
                let m: Map<String, Value> =
                    e.outs.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
                parts.push(json!({ "changed outs": m }));
            }
            parts.extend(e.flags.iter().map(|f| json!(f)));
            top.insert(e.name.clone(), Value::Array(parts));
        }
        env.printer
            .answer(crate::printer::python_json(&Value::Object(top)));
    } else if report.tracks_nothing {
        env.printer
            .out("There are no data or pipelines tracked in this project yet.");
    } else if !any {
        env.printer.out("Data and pipelines are up to date.");
    } else {
        let row = |indent: &str, label: &str, name: &str| {
            let label = format!("{label}:");
            format!("{indent}{label:<20}{name}")
        };
        for e in &entries {
            env.printer.out(format!("{}:", e.name));
            if !e.deps.is_empty() {
                env.printer.out("\tchanged deps:");
                for (name, c) in &e.deps {
                    match c {
                        DepChange::Path(label) => env.printer.out(row("\t\t", label, name)),
                        DepChange::Params(keys) => {
                            env.printer.out(format!("\t\t{name}:"));
                            for (k, label) in keys {
                                env.printer.out(row("\t\t\t", label, k));
                            }
                        }
                    }
                }
            }
            if !e.outs.is_empty() {
                env.printer.out("\tchanged outs:");
                for (name, label) in &e.outs {
                    env.printer.out(row("\t\t", label, name));
                }
            }
            for f in &e.flags {
                env.printer.out(format!("\t{f}"));
            }
        }
    }
    Ok(if env.printer.quiet && any { 1 } else { 0 })
}

fn dep_json(c: &DepChange) -> Value {
    match c {
        DepChange::Path(s) => json!(s),
        DepChange::Params(keys) => {
            Value::Object(keys.iter().map(|(k, s)| (k.clone(), json!(s))).collect())
        }
    }
}

/// `dvx status -c`: objects that are not both in the cache and on the remote.
fn cloud(env: &Env, a: StatusArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let stages = super::transfer::stages(env, &tx, &a.targets, false, &a.revs)?;
    let opts = dvx_repo::transfer::TransferOptions {
        remote: a.remote.clone(),
        jobs: a.jobs,
        ..Default::default()
    };
    let dvx_repo::transfer::CloudStatus { rows, remotes } =
        dvx_repo::transfer::cloud_status(&tx, &stages, &opts)?;
    if a.json {
        let mut top = Map::new();
        for (name, state) in &rows {
            top.insert(name.clone(), json!(state.label()));
        }
        env.printer
            .answer(crate::printer::python_json(&Value::Object(top)));
    } else if rows.is_empty() {
        let names: Vec<String> = remotes.iter().map(|r| format!("'{r}'")).collect();
        let msg = match names.as_slice() {
            [] => "There are no data or pipelines tracked in this project yet.".to_string(),
            [one] => format!("Cache and remote {one} are in sync."),
            many => format!("Cache and remotes {} are in sync.", many.join(", ")),
        };
        env.printer.out(msg);
    } else {
        for (name, state) in &rows {
            let label = format!("{}:", state.label());
            env.printer.out(format!("\t{label:<20}{name}"));
        }
    }
    Ok(if env.printer.quiet && !rows.is_empty() {
        1
    } else {
        0
    })
}

/// `dvx data status`: DVC's sections, as text or `--json`.
pub fn data_status(env: &Env, a: DataStatusArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let opts = DataStatusOptions {
        targets: a.targets.clone(),
        granular: a.granular,
        unchanged: a.unchanged,
        untracked_files: a.untracked_files == "all",
        not_in_remote: a.not_in_remote,
        remote: a.remote.clone(),
    };
    let st = dvx_repo::data_status::data_status(&tx, &env.cwd, &opts, &env.progress())?;
    drop(tx);
    let lists = [
        ("not_in_cache", &st.not_in_cache),
        ("not_in_remote", &st.not_in_remote),
    ];
    let groups = [
        ("committed", &st.committed),
        ("uncommitted", &st.uncommitted),
    ];
    let tail = [("untracked", &st.untracked), ("unchanged", &st.unchanged)];
    if a.json {
        let mut top = Map::new();
        for (key, list) in lists {
            if !list.is_empty() {
                top.insert(key.into(), json!(list));
            }
        }
        for (key, groups) in groups {
            if !groups.is_empty() {
                let m: Map<String, Value> = groups
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                top.insert(key.into(), Value::Object(m));
            }
        }
        for (key, list) in tail {
            if !list.is_empty() {
                top.insert(key.into(), json!(list));
            }
        }
        env.printer
            .answer(crate::printer::python_json(&Value::Object(top)));
        return Ok(0);
    }
    let tab = "        ";
    let items = |v: &[String]| {
        v.iter()
            .map(|p| format!("{tab}{p}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut blocks: Vec<String> = Vec::new();
    let mut block = |head: &str, body: String| {
        if !body.is_empty() {
            blocks.push(format!("{head}\n{body}"));
        }
    };
    block(
        "Not in cache:\n  (use \"dvx fetch <file>...\" to download files)",
        items(&st.not_in_cache),
    );
    block(
        "Not in remote:\n  (use \"dvx push <file>...\" to upload files)",
        items(&st.not_in_remote),
    );
    block(
        "DVC committed changes:\n  (git commit the corresponding dvc files to update the repo)",
        lines(&st.committed, tab),
    );
    block(
        "DVC uncommitted changes:\n  (use \"dvx commit <file>...\" to track changes)\n  (use \"dvx checkout <file>...\" to discard changes)",
        lines(&st.uncommitted, tab),
    );
    block(
        "Untracked files:\n  (use \"git add <file> ...\" or \"dvx add <file>...\" to commit to git or to dvc)",
        items(&st.untracked),
    );
    block("DVC unchanged files:", items(&st.unchanged));
    if blocks.is_empty() {
        env.printer.out(match st.git_empty {
            true => "No changes in an empty git repo.",
            false => "No changes.",
        });
    } else {
        env.printer.out(blocks.join("\n\n"));
    }
    if st.git_dirty {
        let other = if blocks.is_empty() { "" } else { "other " };
        env.printer.out(format!(
            "(there are {other}changes not tracked by dvc, use \"git status\" to see)"
        ));
    }
    Ok(0)
}

fn lines(groups: &[(&str, Vec<String>)], tab: &str) -> String {
    groups
        .iter()
        .flat_map(|(k, v)| v.iter().map(move |p| format!("{tab}{k}: {p}")))
        .collect::<Vec<_>>()
        .join("\n")
}
