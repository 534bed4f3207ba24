use dvx_repo::stage_lock::status::DepChange;
use dvx_repo::status::{status as repo_status, Change, OutStatus, StatusOptions};
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

/// Groups (change, path) pairs by change kind, in order of first appearance over sorted paths.
fn group(mut items: Vec<(Change, String)>) -> Vec<(&'static str, Vec<String>)> {
    items.sort_by(|a, b| a.1.cmp(&b.1));
    items.dedup();
    let mut out: Vec<(&'static str, Vec<String>)> = Vec::new();
    for (c, p) in items {
        match out.iter_mut().find(|(k, _)| *k == c.label()) {
            Some((_, v)) => v.push(p),
            None => out.push((c.label(), vec![p])),
        }
    }
    out
}

/// `dvx data status [--granular] [--json]`.
pub fn data_status(env: &Env, a: DataStatusArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let all = repo_status(
        &tx,
        &env.cwd,
        &[],
        &StatusOptions { data_status: true },
        &env.progress(),
    )?;
    let keep = |p: &String, s: &OutStatus| a.granular || p.trim_end_matches('/') == s.out;
    let mut not_in_cache = Vec::new();
    let mut committed = Vec::new();
    let mut uncommitted = Vec::new();
    for s in &all {
        if !s.missing_in_cache.is_empty() && s.state != Some(dvx_repo::status::OutState::Deleted) {
            if a.granular {
                not_in_cache.extend(s.missing_in_cache.iter().cloned());
            } else if !s.is_dir {
                not_in_cache.push(s.out.clone());
            } else if s.missing_in_cache.contains(&s.out) {
                // as DVC: without --granular a directory is not in cache when its .dir is not
                not_in_cache.push(format!("{}/", s.out));
            }
        }
        committed.extend(s.committed.iter().filter(|(_, p)| keep(p, s)).cloned());
        uncommitted.extend(s.uncommitted.iter().filter(|(_, p)| keep(p, s)).cloned());
    }
    not_in_cache.sort();
    not_in_cache.dedup();
    let committed = group(committed);
    let uncommitted = group(uncommitted);
    if a.json {
        let mut top = Map::new();
        if !not_in_cache.is_empty() {
            top.insert("not_in_cache".into(), json!(not_in_cache));
        }
        for (key, groups) in [("committed", &committed), ("uncommitted", &uncommitted)] {
            if !groups.is_empty() {
                let m: Map<String, Value> = groups
                    .iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect();
                top.insert(key.into(), Value::Object(m));
            }
        }
        env.printer
            .answer(crate::printer::python_json(&Value::Object(top)));
        return Ok(0);
    }
    let tab = "        ";
    let mut blocks: Vec<String> = Vec::new();
    if !not_in_cache.is_empty() {
        let items: Vec<String> = not_in_cache.iter().map(|p| format!("{tab}{p}")).collect();
        blocks.push(format!(
            "Not in cache:\n  (use \"dvx fetch <file>...\" to download files)\n{}",
            items.join("\n")
        ));
    }
    if !committed.is_empty() {
        blocks.push(format!(
            "DVC committed changes:\n  (git commit the corresponding dvc files to update the repo)\n{}",
            lines(&committed, tab)
        ));
    }
    if !uncommitted.is_empty() {
        blocks.push(format!(
            "DVC uncommitted changes:\n  (use \"dvx commit <file>...\" to track changes)\n  (use \"dvx checkout <file>...\" to discard changes)\n{}",
            lines(&uncommitted, tab)
        ));
    }
    if blocks.is_empty() {
        env.printer.out("No changes.");
    } else {
        env.printer.out(blocks.join("\n\n"));
    }
    if repo.scm.as_ref().is_some_and(|g| g.has_changes()) {
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
