//! The run-cache, in DVC's layout: `<cache>/runs/<key[:2]>/<key>/<value>`, where key is the
//! sha256 of a stage's command, dependencies and params (outputs by path only) and the file
//! is the whole lock entry.

use std::path::PathBuf;

use dvx_formats::pipeline::{Lock, LockStage};
use dvx_formats::yaml::{Emitter, Value};

use crate::error::{IoContext, Result};
use crate::repo::Repo;

/// The run-cache directory of a repository.
pub fn runs_dir(repo: &Repo) -> PathBuf {
    repo.cache_dir().join("runs")
}

/// The newest entry filed under `key`.
pub fn load(repo: &Repo, key: &str) -> Result<Option<LockStage>> {
    let dir = runs_dir(repo).join(&key[..2]).join(key);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Ok(None);
    };
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = rd
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort();
    let Some((_, newest)) = files.pop() else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&newest).ctx("reading run-cache entry", &newest)?;
    // a corrupted entry is no entry (DVC removes it)
    Ok(load_entry(&text))
}

/// A run-cache entry's text (a lock entry at the top level), None when it is not one.
pub fn load_entry(text: &str) -> Option<LockStage> {
    let wrapped = format!("schema: '2.0'\nstages:\n  x:\n{}", indent(text, 4));
    Lock::parse(&wrapped).ok()?.get("x").cloned()
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

/// Files a run-cache entry under its key (once: an entry already there is kept).
pub fn file(repo: &Repo, entry: &LockStage) -> Result<()> {
    let key = entry.run_cache_key();
    let value = entry.run_cache_value();
    let dir = runs_dir(repo).join(&key[..2]).join(&key);
    let path = dir.join(&value);
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).ctx("creating", &dir)?;
    let Value::Map(m) = entry.to_value() else {
        return Ok(());
    };
    let mut e = Emitter::new();
    e.map(&m, 0, false);
    crate::fsutil::write_atomic(&path, e.finish().as_bytes())
        .ctx("writing run-cache entry", &path)?;
    dvx_odb::odb::note_new_object(&path);
    Ok(())
}
