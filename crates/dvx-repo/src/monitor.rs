//! The optional file-system monitor: Debian's `watchman`, as git and jj use it. With
//! `[core] monitor = watchman` in dvx's own settings (`.dvx/config` or `.dvx/config.local`),
//! hashing a tracked directory asks watchman what changed since the directory was last read
//! instead of walking it (see `digest`). Anything watchman cannot vouch for — a fresh instance
//! (it was restarted), a re-crawl after its event queue overflowed, an error, no answer within
//! [`TIMEOUT`] — makes dvx walk as it does without it.
//!
//! dvx speaks to watchman through its command-line client (`watchman -j`, JSON in and out):
//! `watch-project` once, then a clock before a walk and `query` with `since` after. The client
//! starts watchman's server when none runs; `WATCHMAN_SOCK` names a server of one's own.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use dvx_odb::state::Watch;
use dvx_odb::HashKind;
use serde_json::{json, Value};

use crate::error::{Error, Result};

/// How long one answer of watchman may take before dvx walks instead.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Which monitor the repository's settings ask for (`core.monitor`): None without one.
pub fn configured(root: &Path) -> Result<Option<String>> {
    let Some((v, path)) = crate::settings::get(root, "core", "monitor")? else {
        return Ok(None);
    };
    match v.as_str() {
        "" | "none" | "false" => Ok(None),
        "watchman" => Ok(Some(v)),
        other => Err(Error::user(format!(
            "'{}': core.monitor '{other}' is not a monitor dvx knows",
            path.display()
        ))
        .with_hint("set it to 'watchman' or remove it")),
    }
}

/// Watchman, for one repository.
pub struct Watchman {
    root: PathBuf,
    /// Where the directory memos' manifests are kept (`.dvc/tmp/dvx/dirs`).
    memo_dir: PathBuf,
    /// The watched root and the repository's path inside it, once asked.
    project: OnceLock<std::result::Result<(PathBuf, String), String>>,
}

impl Watchman {
    pub fn new(root: &Path, memo_dir: PathBuf) -> Self {
        Watchman {
            root: root.to_path_buf(),
            memo_dir,
            project: OnceLock::new(),
        }
    }

    /// The root watchman watches (the repository's, or one above it holding a
    /// `.watchmanconfig`) and the repository's relative path inside it.
    fn project(&self) -> std::result::Result<&(PathBuf, String), String> {
        self.project
            .get_or_init(|| {
                let r = call(&json!(["watch-project", self.root]))?;
                let watch = r["watch"]
                    .as_str()
                    .ok_or_else(|| "watch-project gave no root".to_string())?;
                let rel = r["relative_path"].as_str().unwrap_or("").to_string();
                Ok((PathBuf::from(watch), rel))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// `dir`'s path relative to the watched root, when watchman can see it as it is: not
    /// through a symlink, inside the repository.
    fn rel_in_watch(&self, dir: &Path) -> std::result::Result<(PathBuf, String), String> {
        let (watch, prefix) = self.project()?;
        let rel = dir
            .strip_prefix(&self.root)
            .map_err(|_| "it is outside the repository".to_string())?;
        let real = |p: &Path| std::fs::canonicalize(p).map_err(|e| e.to_string());
        if real(dir)? != real(&self.root)?.join(rel) {
            return Err("a symlink leads to it".into());
        }
        let rel = rel
            .to_str()
            .ok_or_else(|| "its path is not UTF-8".to_string())?;
        let joined = [prefix.as_str(), rel]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        Ok((watch.clone(), joined))
    }
}

impl Watchman {
    /// The paths under `dir` that changed since `clock` (and, with `only`, match it).
    fn changed(
        &self,
        dir: &Path,
        clock: &str,
        only: Option<Value>,
    ) -> std::result::Result<(String, Vec<String>), String> {
        let old = Clock::decode(clock).ok_or("the remembered clock is unreadable")?;
        let (watch, rel) = self.rel_in_watch(dir)?;
        if watch != old.watch {
            return Err("watchman now watches another root".into());
        }
        // the directory's files, and any .dvcignore above it (it may hide or show files in it)
        let mut ignores: Vec<String> = vec![".dvcignore".into()];
        let mut acc = String::new();
        for part in rel.split('/').filter(|s| !s.is_empty()) {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            ignores.push(format!("{acc}/.dvcignore"));
        }
        ignores.pop(); // the directory's own .dvcignore is one of its files
        let inside = if rel.is_empty() {
            json!(["true"])
        } else {
            json!(["dirname", rel])
        };
        let r = call(&json!(["query", watch, {
            "since": old.clock,
            "fields": ["name"],
            "empty_on_fresh_instance": true,
            "expression": match only {
                None => json!(["anyof", inside, ["name", ignores, "wholename"]]),
                Some(only) => json!(["allof", inside, only]),
            },
        }]))?;
        if r["is_fresh_instance"].as_bool() != Some(false) {
            return Err("watchman started afresh since the directory was last read".into());
        }
        let n = recrawls(&r).ok_or("watchman gave a warning dvx cannot read")?;
        if n != old.recrawls {
            return Err("watchman's event queue overflowed since, and it re-crawled".into());
        }
        let new = Clock {
            clock: r["clock"]
                .as_str()
                .ok_or("watchman's answer has no clock")?
                .to_string(),
            recrawls: n,
            watch,
        };
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut paths = Vec::new();
        for f in r["files"]
            .as_array()
            .ok_or("watchman's answer has no files")?
        {
            let name = f
                .as_str()
                .ok_or("watchman's answer has a file without a name")?;
            match name.strip_prefix(&prefix) {
                Some(inner) if !inner.is_empty() => paths.push(inner.to_string()),
                _ if name.ends_with(".dvcignore") => {
                    return Err(format!("'{name}' changed"));
                }
                _ => {}
            }
        }
        Ok((new.encode(), paths))
    }
}

/// What the memo's clock holds: the watched root, watchman's clock there, and how many times
/// watchman had re-crawled that root (a re-crawl after an overflow loses what changed).
struct Clock {
    watch: PathBuf,
    clock: String,
    recrawls: u64,
}

impl Clock {
    fn encode(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.watch.display(),
            self.clock,
            self.recrawls
        )
    }

    fn decode(s: &str) -> Option<Clock> {
        let mut it = s.split('\n');
        let c = Clock {
            watch: PathBuf::from(it.next()?),
            clock: it.next()?.to_string(),
            recrawls: it.next()?.parse().ok()?,
        };
        it.next().is_none().then_some(c)
    }
}

/// The number of re-crawls watchman's warning reports ("Recrawled this watch N times…"), 0
/// without a warning; None for a warning dvx cannot read.
fn recrawls(answer: &Value) -> Option<u64> {
    let Some(w) = answer.get("warning") else {
        return Some(0);
    };
    let w = w.as_str()?;
    let rest = w.split("Recrawled this watch ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

impl Watch for Watchman {
    fn clock(&self, dir: &Path) -> std::result::Result<String, String> {
        let (watch, _) = self.rel_in_watch(dir)?;
        // a query matching nothing: its answer has the clock and, unlike `clock`'s, the
        // re-crawl warning. No sync: a change watchman has yet to see gets a later tick, so
        // the next `since` reports it all the same (and a first crawl is not waited for).
        let r = call(&json!(["query", watch, {
            "expression": ["false"],
            "fields": ["name"],
            "sync_timeout": 0,
        }]))?;
        Ok(Clock {
            clock: r["clock"]
                .as_str()
                .ok_or("watchman's answer has no clock")?
                .to_string(),
            recrawls: recrawls(&r).ok_or("watchman gave a warning dvx cannot read")?,
            watch,
        }
        .encode())
    }

    fn since(&self, dir: &Path, clock: &str) -> std::result::Result<(String, Vec<String>), String> {
        self.changed(dir, clock, None)
    }

    fn deleted_since(
        &self,
        dir: &Path,
        clock: &str,
    ) -> std::result::Result<(String, Vec<String>), String> {
        self.changed(dir, clock, Some(json!(["not", "exists"])))
    }

    fn manifest_path(&self, dir: &Path, kind: HashKind) -> PathBuf {
        use std::os::unix::ffi::OsStrExt;
        let mut key = vec![kind.tag()];
        key.extend_from_slice(dir.as_os_str().as_bytes());
        let name = dvx_formats::Oid::file(dvx_odb::hash::md5_bytes(&key)).hex();
        self.memo_dir.join(name)
    }
}

/// Runs one watchman command and returns its answer, or why there is none.
fn call(command: &Value) -> std::result::Result<Value, String> {
    let mut cmd = Command::new("watchman");
    if let Some(sock) = std::env::var_os("WATCHMAN_SOCK") {
        let mut arg = std::ffi::OsString::from("--sockname=");
        arg.push(sock);
        cmd.arg(arg);
    }
    let mut child = cmd
        .args(["-j", "--no-pretty"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run watchman: {e}"))?;
    let input = command.to_string();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .map_err(|e| format!("cannot talk to watchman: {e}"))?;
    }
    let mut stdout = child.stdout.take().ok_or("watchman has no output")?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(1)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "watchman did not answer within {}s",
                    TIMEOUT.as_secs()
                ));
            }
        }
    }
    let out = reader
        .join()
        .map_err(|_| "reading watchman's answer failed".to_string())?
        .map_err(|e| format!("reading watchman's answer: {e}"))?;
    let v: Value =
        serde_json::from_slice(&out).map_err(|e| format!("watchman's answer is not JSON: {e}"))?;
    if let Some(e) = v.get("error") {
        return Err(format!("watchman: {}", e.as_str().unwrap_or("an error")));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_round_trip() {
        let c = Clock {
            watch: "/r".into(),
            clock: "c:1:2:3:4".into(),
            recrawls: 2,
        };
        let d = Clock::decode(&c.encode()).unwrap();
        assert_eq!((d.watch, d.clock, d.recrawls), (c.watch, c.clock, 2));
        assert!(Clock::decode("x").is_none());
    }

    #[test]
    fn reads_the_recrawl_warning() {
        assert_eq!(recrawls(&json!({"clock": "c"})), Some(0));
        let w = json!({"warning": "Recrawled this watch 3 times, most recently because:\nIN_Q_OVERFLOW"});
        assert_eq!(recrawls(&w), Some(3));
        assert_eq!(recrawls(&json!({"warning": "something else"})), None);
    }
}
