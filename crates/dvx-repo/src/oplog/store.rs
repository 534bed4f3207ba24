//! The log's files: `log.jsonl` (one summary line per operation, and a line with each
//! command's exit code), `ops/ID.json` (each operation whole), `pending/ID.jsonl` (the journal
//! of an operation under way).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{Operation, Status};
use crate::error::{Error, IoContext, Result};
use crate::Repo;

/// An operation as `op log` lists it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Summary {
    pub id: String,
    pub started: f64,
    pub finished: f64,
    pub command: Vec<String>,
    pub user: String,
    pub host: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undoes: Vec<String>,
    /// Paths changed, cache objects added, trashed and brought back.
    pub paths: usize,
    pub cache_added: usize,
    pub cache_trashed: usize,
    pub cache_untrashed: usize,
    /// Remote objects trashed, brought back or deleted.
    #[serde(default)]
    pub remote_objects: usize,
    /// Git refs created, moved or deleted.
    #[serde(default)]
    pub refs: usize,
    /// The command's exit code, when it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<i32>,
}

/// The line of an operation's exit code (`{"type":"exit",…}`); an operation's line is its
/// [`Summary`] with `"type":"op"` first. Lines are told apart by that start, and parsed
/// straight into their struct (a tagged enum would buffer every line first: `op log` of
/// 10,000 operations is meant to take milliseconds).
#[derive(Serialize, Deserialize)]
struct ExitLine {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    code: i32,
}

const OP_START: &str = "{\"type\":\"op\",";
const EXIT_START: &str = "{\"type\":\"exit\",";

fn op_line(s: &Summary) -> serde_json::Result<String> {
    let body = serde_json::to_string(s)?;
    // `{"id":…}` becomes `{"type":"op","id":…}`
    Ok(format!("{OP_START}{}", &body[1..]))
}

fn log_path(dir: &Path) -> PathBuf {
    dir.join("log.jsonl")
}

pub(super) fn op_path(dir: &Path, id: &str) -> PathBuf {
    dir.join("ops").join(format!("{id}.json"))
}

pub(super) fn pending_dir(dir: &Path) -> PathBuf {
    dir.join("pending")
}

/// Appends one line with one write (`O_APPEND`), so lines never interleave and a crash leaves
/// at most a partial last line, which readers skip.
pub(super) fn append_line(path: &Path, line: &str) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let mut buf = Vec::with_capacity(line.len() + 1);
    buf.extend_from_slice(line.as_bytes());
    buf.push(b'\n');
    f.write_all(&buf)
}

/// The operation whose exit code the binary records at its end.
static LAST: Mutex<Option<(PathBuf, String)>> = Mutex::new(None);

/// Writes `op` whole, then its summary line: an operation is in the log once its line is.
pub(super) fn write_op(dir: &Path, op: &Operation) -> std::io::Result<()> {
    let ops = dir.join("ops");
    fs::create_dir_all(&ops)?;
    write_whole(&op_path(dir, &op.id), op)?;
    let summary = Summary {
        id: op.id.clone(),
        started: op.started,
        finished: op.finished,
        command: op.command.clone(),
        user: op.user.clone(),
        host: op.host.clone(),
        status: op.status,
        undoes: op.undoes.clone(),
        paths: op.paths.len(),
        cache_added: op.cache_added.len(),
        cache_trashed: op.cache_trashed.len(),
        cache_untrashed: op.cache_untrashed.len(),
        remote_objects: op.remote_objects(),
        refs: op.refs.len(),
        exit: None,
    };
    let line = op_line(&summary).map_err(std::io::Error::other)?;
    append_line(&log_path(dir), &line)?;
    if op.status == Status::Done {
        *LAST.lock().unwrap_or_else(|p| p.into_inner()) = Some((dir.to_path_buf(), op.id.clone()));
    }
    Ok(())
}

/// Writes `value` as JSON to `path` through a temporary file and a rename (streamed: an
/// operation of many paths is megabytes). Not synced to the disk: a kill cannot cut it, a power
/// loss may lose the newest operations, as it may lose the newest writes of the command.
fn write_whole(path: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dvx_odb::odb::tmp_name(dir);
    let r = (|| {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 18, file);
        serde_json::to_writer(&mut w, value).map_err(std::io::Error::other)?;
        w.flush()?;
        fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    r
}

/// Records the exit code of this process's last operation (called by the binary at its end;
/// nothing when no operation was recorded).
pub fn record_exit(code: i32) {
    let Some((dir, id)) = LAST.lock().unwrap_or_else(|p| p.into_inner()).take() else {
        return;
    };
    let exit = ExitLine {
        kind: "exit".into(),
        id,
        code,
    };
    if let Ok(line) = serde_json::to_string(&exit) {
        let _ = append_line(&log_path(&dir), &line);
    }
}

/// Every recorded operation, oldest first.
pub fn list(repo: &Repo) -> Result<Vec<Summary>> {
    let path = log_path(&super::dir(repo));
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    let mut ops: Vec<Summary> = Vec::new();
    let mut at = std::collections::HashMap::new();
    for line in text.lines() {
        // a line cut short by a crash parses as nothing
        if line.starts_with(OP_START) {
            if let Ok(s) = serde_json::from_str::<Summary>(line) {
                at.insert(s.id.clone(), ops.len());
                ops.push(s);
            }
        } else if line.starts_with(EXIT_START) {
            if let Ok(e) = serde_json::from_str::<ExitLine>(line) {
                if let Some(&i) = at.get(&e.id) {
                    ops[i].exit = Some(e.code);
                }
            }
        }
    }
    Ok(ops)
}

/// The operation whose id starts with `prefix` (unique), from the log.
pub fn find(repo: &Repo, prefix: &str) -> Result<Summary> {
    let all = list(repo)?;
    let found: Vec<&Summary> = all.iter().filter(|s| s.id.starts_with(prefix)).collect();
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(
            Error::user(format!("no operation '{prefix}' in the operation log"))
                .with_hint("`dvx op log` lists the recorded operations"),
        ),
        _ => Err(
            Error::user(format!("'{prefix}' names {} operations", found.len()))
                .with_hint("give more characters of the operation's id"),
        ),
    }
}

/// The operation `id` whole.
pub fn load(repo: &Repo, id: &str) -> Result<Operation> {
    let path = op_path(&super::dir(repo), id);
    let bytes = fs::read(&path).ctx("reading", &path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::user(format!(
            "the operation log's record '{}' is damaged: {e}",
            path.display()
        ))
    })
}
