//! `fsck`: the cache checked, a line per problem with what needs the object.

use dvx_repo::fsck::{fsck, Problem};
use dvx_repo::scm::Scope;
use dvx_repo::Result;
use serde_json::json;

use super::Env;
use crate::cli::FsckArgs;
use crate::printer::python_json;

pub fn run(env: &Env, a: FsckArgs) -> Result<u8> {
    let repo = env.repo()?;
    let scope = Scope {
        all_branches: a.revs.all_branches,
        all_tags: a.revs.all_tags,
        all_commits: a.revs.all_commits,
        all_experiments: a.all_experiments,
    };
    let report = fsck(&repo, &scope)?;
    if a.json {
        let problems: Vec<serde_json::Value> = report
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
                };
                v["needed_by"] = json!(by);
                v
            })
            .collect();
        env.printer.answer(python_json(
            &json!({"checked": report.checked, "problems": problems}),
        ));
    } else {
        for (p, by) in &report.problems {
            let what = match p {
                Problem::Corrupt { object, hashes_to } => {
                    format!("corrupt: {object}: its content hashes to {hashes_to}")
                }
                Problem::BadManifest { object, why } => {
                    format!("bad manifest: {object}: {why}")
                }
                Problem::Missing { object } => format!("missing: {object}"),
            };
            env.printer.answer(what);
            for b in by {
                env.printer.answer(format!("\tneeded by {b}"));
            }
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
        if n > 0 {
            env.printer
                .note("hint: `dvx fetch` (or `dvx pull`) brings missing objects back from a remote; delete a corrupt object and fetch it again");
        }
    }
    Ok(u8::from(!report.problems.is_empty()))
}
