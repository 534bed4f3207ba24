//! Version-aware URL imports (`import-url --version-aware`): what they recorded read back from
//! the store at those versions (`fetch`, `pull`), and `status` of imports that follow their
//! source's versions, in DVC's words.

use dvx_formats::import::recorded_fs_config;
use dvx_formats::yaml::Value;
use dvx_odb::{Odb, Progress};
use dvx_remote::FileInfo;

use super::{fetch_url_import, open_recorded, Found, Location, StoreData};
use crate::digest::Current;
use crate::error::{Error, Result};
use crate::repo::Repo;

/// `status` of a versioned URL import: "update available" when its file changed at the
/// source, "modified" when its directory did (DVC's words); `None` when it did not.
pub fn versioned_import_status(
    repo: &Repo,
    st: &crate::stage::TrackedStage,
) -> Result<Option<&'static str>> {
    let (location, path, dep) = open_recorded(repo, st)?;
    let Location::Store(data) = location else {
        return Ok(None);
    };
    let fs_config = recorded_fs_config(&dep);
    let odb = repo.odb()?;
    let now = match data.find()? {
        Some(found) => Some(data.dep_entry(&found, &path, &fs_config, &odb)?),
        None => None,
    };
    if now.as_ref() == Some(&dep) {
        return Ok(None);
    }
    let is_dir =
        matches!(&dep, Value::Map(m) if m.iter().any(|(k, _)| k == "files" || k == "nfiles"));
    Ok(Some(if is_dir {
        "modified"
    } else {
        "update available"
    }))
}

/// The data a version-aware URL import recorded, at the recorded versions, taken into `odb`
/// (for `fetch` and `pull`: DVC does not push such data, it reads it again from its source).
pub fn fetch_versioned(
    repo: &Repo,
    st: &crate::stage::TrackedStage,
    odb: &Odb,
    jobs: Option<usize>,
    progress: &dyn Progress,
) -> Result<Current> {
    let (location, path, dep) = open_recorded(repo, st)?;
    let Location::Store(data) = location else {
        return fetch_url_import(repo, st, odb, jobs, progress);
    };
    let found = data.recorded(&dep).ok_or_else(|| {
        Error::user(format!(
            "'{}' records no versions of '{path}' to read",
            st.rel
        ))
        .with_hint(format!("run `dvx update {}`", st.rel))
    })?;
    data.download_to_cache(&found, odb, jobs, progress)
}

impl StoreData {
    /// Refuses to read by versions a store that keeps none.
    pub(super) fn check_versioned(&self, f: &FileInfo) -> Result<()> {
        if self.version_aware && f.version.is_none() {
            return Err(Error::user(format!(
                "{} keeps no versions of '{}': it cannot be read by versions",
                self.url, f.key
            ))
            .with_hint("enable versioning on the bucket, or import without --version-aware"));
        }
        Ok(())
    }

    /// What a version-aware dependency recorded (a file, or a directory's `files:`), as
    /// found on the store then.
    pub(super) fn recorded(&self, dep: &Value) -> Option<Found> {
        let Value::Map(m) = dep else { return None };
        let get = |m: &[(String, Value)], k: &str| {
            m.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone())
        };
        let info = |key: String, m: &[(String, Value)]| FileInfo {
            key,
            size: match get(m, "size") {
                Some(Value::Int(i)) => u64::try_from(i).ok(),
                _ => None,
            },
            etag: get(m, "etag").and_then(|v| v.as_text()),
            content_md5: None,
            content_type: None,
            last_modified: None,
            version: get(m, "version_id").and_then(|v| v.as_text()),
        };
        match get(m, "files") {
            Some(Value::Seq(items)) => {
                let mut files = Vec::new();
                for it in items {
                    let Value::Map(f) = it else { return None };
                    let rel = get(&f, "relpath")?.as_text()?;
                    dvx_formats::relpath::check_normal(&rel).ok()?;
                    let key = format!("{}/{rel}", self.key.trim_end_matches('/'));
                    files.push((rel, info(key.trim_start_matches('/').to_string(), &f)));
                }
                Some(Found::Dir(files))
            }
            _ => get(m, "version_id").map(|_| Found::File(info(self.key.clone(), m))),
        }
    }
}
