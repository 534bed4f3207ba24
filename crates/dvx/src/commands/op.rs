//! `dvx op log|show|undo|restore`: the operation log read, and operations taken back.

use dvx_repo::oplog::{self, PathState, Status, Summary};
use dvx_repo::undo::{restore, undo, UndoReport};
use dvx_repo::Result;
use serde_json::json;

use super::Env;
use crate::cli::{OpArgs, OpCommand};
use crate::printer::python_json;

pub fn run(env: &Env, a: OpArgs) -> Result<u8> {
    let repo = env.repo()?;
    match a.command {
        OpCommand::Log(a) => {
            let mut ops = oplog::list(&repo)?;
            ops.reverse();
            if let Some(n) = a.limit {
                ops.truncate(n);
            }
            if a.json {
                let v = serde_json::to_value(&ops).unwrap_or_default();
                env.printer.answer(python_json(&v));
                return Ok(0);
            }
            let mut out = String::new();
            for s in &ops {
                out += &heading(s);
                out.push('\n');
            }
            if !out.is_empty() {
                out.pop();
                env.printer.answer(out);
            }
            Ok(0)
        }
        OpCommand::Show(a) => {
            let s = oplog::find(&repo, &a.id)?;
            let op = oplog::load(&repo, &s.id)?;
            if a.json {
                let mut v = serde_json::to_value(&op).unwrap_or_default();
                v["exit"] = json!(s.exit);
                env.printer.answer(python_json(&v));
                return Ok(0);
            }
            let mut lines = vec![heading(&s)];
            for c in &op.paths {
                let mark = match (&c.before, &c.after) {
                    (PathState::Absent, _) => "A",
                    (_, PathState::Absent) => "D",
                    _ => "M",
                };
                lines.push(format!(
                    "  {mark} {}  ({} -> {})",
                    c.path,
                    c.before.describe(),
                    c.after.describe()
                ));
            }
            for k in op.cache_added.iter() {
                lines.push(format!("  cache: added {k}"));
            }
            for m in &op.cache_trashed {
                lines.push(format!("  cache: moved {} to {}", m.key, m.trash));
            }
            for m in &op.cache_untrashed {
                lines.push(format!("  cache: brought back {} from {}", m.key, m.trash));
            }
            for c in &op.refs {
                let show = |c: &Option<String>| {
                    c.as_deref()
                        .map_or("nothing".to_string(), |c| c[..c.len().min(12)].to_string())
                };
                lines.push(format!(
                    "  ref {}: {} -> {}",
                    c.name,
                    show(&c.before),
                    show(&c.after)
                ));
            }
            for (moves, what) in [
                (&op.remote_trashed, "moved to the trash"),
                (&op.remote_untrashed, "brought back from the trash"),
                (&op.remote_deleted, "deleted for good"),
            ] {
                for m in moves {
                    lines.push(format!("  remote '{}': {what} {}", m.remote, m.key));
                }
            }
            for up in &op.remote_uploaded {
                for k in up.keys.iter() {
                    lines.push(format!("  remote '{}': uploaded {k}", up.remote));
                }
            }
            env.printer.answer(lines.join("\n"));
            Ok(0)
        }
        OpCommand::Undo(a) => {
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let report = undo(&tx, a.id.as_deref(), &env.progress())?;
            said(env, &report);
            Ok(0)
        }
        OpCommand::Restore(a) => {
            let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
            let report = restore(&tx, &a.id, &env.progress())?;
            said(env, &report);
            Ok(0)
        }
    }
}

/// An operation's first lines in `op log` and `op show`.
fn heading(s: &Summary) -> String {
    let exit = match (s.status, s.exit) {
        (Status::Interrupted, _) => "interrupted".to_string(),
        (_, Some(c)) => format!("exit {c}"),
        (_, None) => "exit ?".to_string(),
    };
    let mut what = Vec::new();
    if s.paths > 0 {
        what.push(plural(s.paths, "path"));
    }
    for (n, verb) in [
        (s.cache_added, "added to"),
        (s.cache_trashed, "moved to the trash from"),
        (s.cache_untrashed, "brought back to"),
    ] {
        if n > 0 {
            what.push(format!("{} {verb} the cache", plural(n, "object")));
        }
    }
    if s.refs > 0 {
        what.push(format!("{} changed", plural(s.refs, "git ref")));
    }
    if s.remote_objects > 0 {
        what.push(format!(
            "{} changed on a remote",
            plural(s.remote_objects, "object")
        ));
    }
    if !s.undoes.is_empty() {
        what.push(format!("undoes {}", s.undoes.join(", ")));
    }
    format!(
        "{}  {} UTC  {}@{}  {exit}\n    {}\n    {}",
        s.id,
        oplog::utc(s.started),
        s.user,
        s.host,
        s.command.join(" "),
        what.join(", ")
    )
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn said(env: &Env, r: &UndoReport) {
    if r.undone.is_empty() {
        env.printer
            .out("Nothing to undo: no operation came after it.");
        return;
    }
    let mut what = Vec::new();
    for (n, thing, done) in [
        (r.paths, "path", "put back"),
        (r.untrashed, "cache object", "brought back from the trash"),
        (r.trashed, "cache object", "moved to the trash"),
        (r.refs, "git ref", "put back"),
        (
            r.remote_untrashed,
            "remote object",
            "brought back from the remote's trash",
        ),
        (
            r.remote_trashed,
            "remote object",
            "moved to the remote's trash",
        ),
    ] {
        if n > 0 {
            what.push(format!("{} {done}", plural(n, thing)));
        }
    }
    if what.is_empty() {
        what.push("nothing was left to put back".into());
    }
    env.printer.out(format!(
        "Undid {}: {}.",
        r.undone.join(", "),
        what.join(", ")
    ));
    for n in &r.not_undone {
        env.printer.warn(n.clone());
    }
}
