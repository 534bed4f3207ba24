//! `dvx diff`: DVC's text, `--json`, `--md` and `--show-hash` layouts.

use dvx_repo::diff::{diff, DiffReport};
use dvx_repo::Result;
use serde_json::{json, Map, Value};

use super::Env;
use crate::cli::DiffArgs;
use crate::printer::python_json;

/// The first 8 characters of a hash, as DVC shows it.
fn digest(h: &Option<String>) -> String {
    h.as_deref()
        .map_or(String::new(), |h| h.chars().take(8).collect())
}

/// One displayed row: state, hash column, path.
struct Row {
    state: &'static str,
    hash: String,
    path: String,
}

fn rows(r: &DiffReport, hide_missing: bool) -> Vec<Row> {
    let mut rows = Vec::new();
    for c in &r.added {
        rows.push(Row {
            state: "added",
            hash: digest(&c.hash),
            path: c.path.clone(),
        });
    }
    for c in &r.deleted {
        rows.push(Row {
            state: "deleted",
            hash: digest(&c.hash),
            path: c.path.clone(),
        });
    }
    for c in &r.renamed {
        rows.push(Row {
            state: "renamed",
            hash: digest(&c.hash),
            path: format!("{} -> {}", c.old, c.new),
        });
    }
    for c in &r.modified {
        rows.push(Row {
            state: "modified",
            hash: format!("{}..{}", digest(&c.old), digest(&c.new)),
            path: c.path.clone(),
        });
    }
    if !hide_missing {
        for c in &r.not_in_cache {
            rows.push(Row {
                state: "not in cache",
                hash: digest(&c.hash),
                path: c.path.clone(),
            });
        }
    }
    rows
}

fn to_json(r: &DiffReport, show_hash: bool, hide_missing: bool) -> Value {
    if r.is_empty() {
        return json!({});
    }
    let entry = |path: Value, hash: Value| {
        let mut m = Map::new();
        m.insert("path".into(), path);
        if show_hash {
            m.insert("hash".into(), hash);
        }
        Value::Object(m)
    };
    let changed = |list: &[dvx_repo::diff::Changed]| -> Value {
        list.iter()
            .map(|c| entry(json!(c.path), json!(c.hash)))
            .collect()
    };
    let mut top = Map::new();
    top.insert("added".into(), changed(&r.added));
    top.insert("deleted".into(), changed(&r.deleted));
    top.insert(
        "modified".into(),
        r.modified
            .iter()
            .map(|c| entry(json!(c.path), json!({"old": c.old, "new": c.new})))
            .collect(),
    );
    top.insert(
        "renamed".into(),
        r.renamed
            .iter()
            .map(|c| entry(json!({"old": c.old, "new": c.new}), json!(c.hash)))
            .collect(),
    );
    if !hide_missing {
        top.insert("not in cache".into(), changed(&r.not_in_cache));
    }
    Value::Object(top)
}

/// A GitHub-flavoured Markdown table, columns padded as DVC's (tabulate) pads them.
fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(headers[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!(" {c}{} ", " ".repeat(w - c.chars().count())))
            .collect();
        format!("|{}|", padded.join("|"))
    };
    let mut out = vec![line(headers.to_vec())];
    out.push(format!(
        "|{}|",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in rows {
        out.push(line(r.iter().map(String::as_str).collect()));
    }
    out.join("\n")
}

pub fn run(env: &Env, a: DiffArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let report = diff(
        &tx,
        &env.cwd,
        &a.a_rev,
        a.b_rev.as_deref(),
        &a.targets,
        &env.progress(),
    )?;
    let hide_missing = a.b_rev.is_some() || a.hide_missing;
    if a.json {
        env.printer
            .answer(python_json(&to_json(&report, a.show_hash, hide_missing)));
        return Ok(0);
    }
    let rows = rows(&report, hide_missing);
    if a.markdown {
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.state.to_string()];
                if a.show_hash {
                    cells.push(r.hash.clone());
                }
                cells.push(r.path.clone());
                cells
            })
            .collect();
        let headers: &[&str] = if a.show_hash {
            &["Status", "Hash", "Path"]
        } else {
            &["Status", "Path"]
        };
        // DVC ends the table with an empty line
        env.printer
            .answer(format!("{}\n", markdown(headers, &table)));
        return Ok(0);
    }
    if report.is_empty() {
        return Ok(0);
    }
    let mut summary: Vec<(&str, usize)> = Vec::new();
    for state in ["added", "deleted", "renamed", "modified", "not in cache"] {
        let group: Vec<&Row> = rows.iter().filter(|r| r.state == state).collect();
        if group.is_empty() {
            continue;
        }
        let mut header = state.to_string();
        header[..1].make_ascii_uppercase();
        env.printer.out(format!("{header}:"));
        for r in &group {
            if a.show_hash {
                env.printer.out(format!("    {}  {}", r.hash, r.path));
            } else {
                env.printer.out(format!("    {}", r.path));
            }
        }
        env.printer.out("");
        let files = group.iter().filter(|r| !r.path.ends_with('/')).count();
        if files > 0 {
            summary.push((state, files));
        }
    }
    if !summary.is_empty() {
        let parts: Vec<String> = summary.iter().map(|(s, n)| format!("{n} {s}")).collect();
        env.printer
            .out(format!("files summary: {}", parts.join(", ")));
    }
    Ok(0)
}
