//! `fsck`: the cache checked, a line per problem with what needs the object; `--repair` mends
//! what a remote holds good copies of.

use dvx_repo::fsck::{fsck, repair, FsckReport, Problem, RemoteCheck};
use dvx_repo::scm::Scope;
use dvx_repo::Result;
use serde_json::{json, Value as J};

use super::Env;
use crate::cli::FsckArgs;
use crate::printer::python_json;

/// Exit statuses: all well, something wrong, everything found mended.
const CLEAN: u8 = 0;
const BROKEN: u8 = 1;
const REPAIRED: u8 = 3;

pub fn run(env: &Env, a: FsckArgs) -> Result<u8> {
    let repo = env.repo()?;
    let scope = Scope {
        all_branches: a.revs.all_branches,
        all_tags: a.revs.all_tags,
        all_commits: a.revs.all_commits,
        all_experiments: a.all_experiments,
    };
    let check = a.remote.as_deref().map(|name| RemoteCheck {
        name,
        jobs: a.jobs,
        verify: a.verify_remote,
    });
    let report = fsck(&repo, &scope, check, &env.progress())?;
    if !a.repair || report.problems.is_empty() {
        if a.json {
            env.printer.answer(python_json(&to_json(&report)));
        } else {
            print_report(env, &report);
        }
        return Ok(if report.problems.is_empty() {
            CLEAN
        } else {
            BROKEN
        });
    }
    let _tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let progress = env.progress();
    let done = repair(
        &repo,
        &scope,
        &report,
        (a.remote.as_deref(), a.jobs, a.remote.is_some()),
        &progress,
    )?;
    if a.json {
        let mut v = to_json(&report);
        v["quarantined"] = json!(done
            .quarantined
            .iter()
            .map(|(k, p)| json!({"object": k, "moved_to": p.display().to_string()}))
            .collect::<Vec<_>>());
        v["fetched"] = json!(done.fetched);
        v["after"] = to_json(&done.after);
        env.printer.answer(python_json(&v));
    } else {
        print_report(env, &report);
        for (key, to) in &done.quarantined {
            env.printer
                .answer(format!("moved {key} to {}", to.display()));
        }
        env.printer
            .answer(format!("{} objects fetched from the remote", done.fetched));
        if done.after.problems.is_empty() {
            env.printer.answer("repaired: no problem left");
        } else {
            env.printer.answer("left after the repair:");
            print_report(env, &done.after);
        }
    }
    Ok(if done.after.problems.is_empty() {
        REPAIRED
    } else {
        BROKEN
    })
}

fn to_json(report: &FsckReport) -> J {
    let problems: Vec<J> = report
        .problems
        .iter()
        .map(|(p, by)| {
            let mut v = match p {
                Problem::Corrupt { object, hashes_to } => {
                    json!({"type": "corrupt", "object": object, "hashes_to": hashes_to})
                }
                Problem::BadManifest { object, why } => {
                    json!({"type": "bad manifest", "object": object, "why": why})
                }
                Problem::Missing { object } => json!({"type": "missing", "object": object}),
                Problem::NotOnRemote { object } => {
                    json!({"type": "not on the remote", "object": object})
                }
                Problem::CorruptOnRemote { object, hashes_to } => {
                    json!({"type": "corrupt on the remote", "object": object, "hashes_to": hashes_to})
                }
            };
            v["needed_by"] = json!(by);
            v
        })
        .collect();
    json!({"checked": report.checked, "problems": problems, "only_on_remote": report.only_on_remote})
}

fn print_report(env: &Env, report: &FsckReport) {
    for (p, by) in &report.problems {
        let what = match p {
            Problem::Corrupt { object, hashes_to } => {
                format!("corrupt: {object}: its content hashes to {hashes_to}")
            }
            Problem::BadManifest { object, why } => format!("bad manifest: {object}: {why}"),
            Problem::Missing { object } => format!("missing: {object}"),
            Problem::NotOnRemote { object } => format!("not on the remote: {object}"),
            Problem::CorruptOnRemote { object, hashes_to } => {
                format!("corrupt on the remote: {object}: its content hashes to {hashes_to}")
            }
        };
        env.printer.answer(what);
        for b in by {
            env.printer.answer(format!("\tneeded by {b}"));
        }
    }
    if report.only_on_remote > 0 {
        env.printer.answer(format!(
            "{} needed objects are on the remote only (`dvx fetch` brings them)",
            report.only_on_remote
        ));
    }
    let n = report.problems.len();
    let checked = match report.checked {
        1 => "1 object checked".to_string(),
        c => format!("{c} objects checked"),
    };
    env.printer.answer(match n {
        0 => format!("{checked}: no problem found"),
        1 => format!("{checked}: 1 problem"),
        _ => format!("{checked}: {n} problems"),
    });
}
