//! `import-url`, `get-url` and `update` of URL imports: data from a path outside the
//! repository or from a bucket or web server (`url_source`), recorded with what tells whether
//! it changed.

use std::path::{Path, PathBuf};

use dvx_formats::yaml::Value;
use dvx_formats::{Output, PointerFile};

use super::{import_target, imported, place, ImportReport, Updated};
use crate::error::{Error, Result};
use crate::external::resolve_out;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;
use crate::url_source::{self, Location};
use crate::Progress;

#[derive(Debug, Default, Clone)]
pub struct UrlImportOptions {
    pub out: Option<String>,
    pub force: bool,
    /// Record the source's hash but download nothing (`--no-download`).
    pub no_download: bool,
    /// Write the pointer file only, hashing nothing (`--no-exec`).
    pub no_exec: bool,
    /// Options of the source's store (`--fs-config KEY=VALUE`), recorded in the pointer file.
    pub fs_config: Vec<(String, String)>,
    pub jobs: Option<usize>,
    /// Upload the data to the remote instead of the cache and workspace (`--to-remote`).
    pub to_remote: bool,
    /// The remote of `--to-remote` (the default one when `None`).
    pub remote: Option<String>,
    /// `--version-aware`: a store's files are recorded and read by their versions (a path
    /// has none; DVC records the option there too).
    pub version_aware: bool,
}

fn missing_source(url: &str) -> Error {
    Error::user(format!(
        "failed to import {url}. You could also try downloading it manually, and adding it with `dvx add`. - dependency '{url}' does not exist"
    ))
}

/// A local source's dependency entry: md5, size (and nfiles) of its content as it is now,
/// with `content` hashed, and the content for the output when `store` takes it into the
/// cache.
fn local_dep(
    repo: &Repo,
    source: &Path,
    path: String,
    store: Option<&dvx_odb::Odb>,
    progress: &dyn Progress,
) -> Result<(Output, crate::digest::Current)> {
    let state = repo.state();
    let hasher = crate::digest::Hasher {
        state: &state.reader,
        kind: dvx_odb::HashKind::Md5,
        store,
        progress,
        save_early: None,
    };
    let (current, records) = hasher.output(source)?;
    if matches!(current, crate::digest::Current::Missing) {
        return Err(missing_source(&path));
    }
    state.save(&records);
    let mut dep = Output::new(path);
    dep.hash = Some("md5".into());
    current.record_in(&mut dep);
    Ok((dep, current))
}

/// `dvx import-url URL [OUT]`: the data at `URL` (a path outside the repository, or a file or
/// directory on a bucket or web server) copied into the cache and checked out at `OUT` (by
/// default its name, here), with a frozen pointer file recording the source and what tells
/// whether it changed, as `dvc import-url` writes it.
pub fn import_url(
    tx: &Transaction,
    cwd: &Path,
    url: &str,
    opts: &UrlImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let repo: &Repo = tx;
    // the options are recorded as given, `--version-aware` after them (as DVC records them)
    let mut fs_config = opts.fs_config.clone();
    if opts.version_aware && !fs_config.iter().any(|(k, _)| k == "version_aware") {
        fs_config.push(("version_aware".into(), "true".into()));
    }
    let location = url_source::open(Some(repo), cwd, url, &fs_config)?;
    if let Location::Local(source) = &location {
        if !opts.no_exec && std::fs::symlink_metadata(source).is_err() {
            return Err(missing_source(url));
        }
        if source.starts_with(&repo.root) {
            return Err(Error::user(format!(
                "cannot import '{url}': it is inside the repository"
            ))
            .with_hint("track it where it is with `dvx add`"));
        }
    }
    let target = resolve_out(cwd, url, opts.out.as_deref(), opts.force)?;
    let (name, file) = import_target(repo, &target)?;
    if let Some(git) = &repo.scm {
        if !git.tracked(std::slice::from_ref(&target))?.is_empty() {
            let rel = repo.rel(&target);
            return Err(
                Error::user(format!("output '{rel}' is already tracked by git")).with_hint(
                    format!("stop tracking it in git first: git rm -r --cached '{rel}'"),
                ),
            );
        }
    }
    let mut out = Output::new(name);
    out.hash = Some("md5".into());
    let odb = repo.odb()?;
    let unhashed = |path: String| {
        let mut dep = Output::new(path);
        dep.hash = Some("md5".into());
        dep
    };
    let dep = match &location {
        Location::Local(source) => {
            // as given when absolute or a URL, else from the pointer file's directory
            let path = if url.contains("://") || Path::new(url).is_absolute() {
                url.to_string()
            } else {
                crate::fsutil::relative_path(file.parent().unwrap_or(&repo.root), source)
            };
            let mut dep = if opts.no_exec {
                unhashed(path).to_value()
            } else {
                let store = (!opts.no_download && !opts.to_remote).then_some(&odb);
                let (dep, current) = local_dep(repo, source, path, store, progress)?;
                if !opts.no_download && !opts.to_remote {
                    current.record_in(&mut out);
                }
                dep.to_value()
            };
            if let Value::Map(m) = &mut dep {
                m.extend(url_source::fs_config_entry(&fs_config));
            }
            dep
        }
        Location::Store(_) if opts.no_exec => {
            let mut dep = unhashed(url.to_string()).to_value();
            if let Value::Map(m) = &mut dep {
                m.extend(url_source::fs_config_entry(&fs_config));
            }
            dep
        }
        Location::Store(data) => {
            let found = data.find()?.ok_or_else(|| missing_source(url))?;
            let download = !opts.no_download && !opts.to_remote;
            let (dep, current) =
                data.look(&found, url, &fs_config, &odb, download, opts.jobs, progress)?;
            if let (Some(current), true) = (current, download) {
                current.record_in(&mut out);
            }
            dep
        }
    };
    if opts.version_aware && matches!(location, Location::Store(_)) {
        // its data is read again from the source by version, never pushed (as DVC marks it)
        out.extra.push(("push".into(), Value::Bool(false)));
    }
    let st = TrackedStage {
        rel: repo.rel(&file),
        file,
        pointer: PointerFile::new_url_import(dep, out, opts.no_exec),
        text: None,
        origin: crate::stage::Origin::PointerFile,
    };
    let mut st = st;
    if opts.to_remote && !opts.no_exec {
        let sent = location.to_remote(tx, opts.remote.as_deref(), opts.jobs, progress)?;
        let sent = sent.ok_or_else(|| missing_source(url))?;
        sent.record_in(&mut st.pointer.outs[0]);
        st.pointer
            .set_url_dep(st.pointer.url_dep().expect("a URL import").1, true);
    }
    if opts.no_download || opts.no_exec || opts.to_remote {
        st.save(repo)?;
    } else {
        place(repo, &st, None, opts.force, progress)?;
    }
    imported(tx, target, &st)
}

/// `update` of a URL import: the source looked at again; when it changed, copied into the
/// cache, checked out and recorded.
pub(super) fn update_url_import(
    tx: &Transaction,
    mut st: TrackedStage,
    odb: &dvx_odb::Odb,
    jobs: Option<usize>,
    to_remote: Option<Option<&str>>,
    progress: &dyn Progress,
) -> Result<Updated> {
    let repo: &Repo = tx;
    stage::check_inside(repo, &st)?;
    let (path, old_dep) = st
        .pointer
        .url_dep()
        .ok_or_else(|| Error::user(format!("'{}' is not a URL import", st.rel)))?;
    let dir = st.file.parent().unwrap_or(&repo.root).to_path_buf();
    let fs_config = dvx_formats::import::recorded_fs_config(&old_dep);
    let location = url_source::open(Some(repo), &dir, &path, &fs_config)?;
    let (dep, current, source) = match &location {
        Location::Local(source) => {
            let store = to_remote.is_none().then_some(odb);
            let (dep, current) = local_dep(repo, source, path.clone(), store, progress)?;
            // the message names the source as DVC does, resolved
            (dep.to_value(), Some(current), source.display().to_string())
        }
        Location::Store(data) => {
            let found = data.find()?.ok_or_else(|| missing_source(&path))?;
            let (dep, current) =
                data.look(&found, &path, &fs_config, odb, false, jobs, progress)?;
            (dep, current, path.clone())
        }
    };
    let out_missing = st.pointer.outs.first().is_none_or(|o| o.oid.is_none());
    if dep == old_dep && !out_missing {
        return Ok(Updated::Unchanged {
            pointer: st.rel.clone(),
        });
    }
    if let Some(remote) = to_remote {
        // the data goes to the remote only; the pointer records it (and, unlike DVC 3.67.1,
        // the stage md5 that follows)
        let sent = location.to_remote(tx, remote, jobs, progress)?;
        let sent = sent.ok_or_else(|| missing_source(&path))?;
        if let Some(out) = st.pointer.outs.first_mut() {
            sent.record_in(out);
        }
        st.pointer.set_url_dep(dep, true);
        st.save(repo)?;
        return Ok(Updated::Imported {
            pointer: st.rel.clone(),
            path: source,
            url: String::new(),
            out: repo.rel(&st.out_path(0)),
        });
    }
    let current = match (current, &location) {
        (Some(c), _) => c,
        (None, Location::Store(data)) => {
            let found = data.find()?.ok_or_else(|| missing_source(&path))?;
            data.download_to_cache(&found, odb, jobs, progress)?
        }
        (None, Location::Local(_)) => unreachable!("a local source is hashed above"),
    };
    let old_text = st.text.clone();
    if let Some(out) = st.pointer.outs.first_mut() {
        current.record_in(out);
    }
    st.pointer.set_url_dep(dep, true);
    place(repo, &st, old_text.as_deref(), false, progress)?;
    Ok(Updated::Imported {
        pointer: st.rel.clone(),
        path: source,
        url: String::new(),
        out: repo.rel(&st.out_path(0)),
    })
}

/// `dvx get-url URL [OUT]`: the data at `URL` copied to `OUT` (by default its name, here);
/// nothing is tracked. The copy is made under a temporary name and renamed into place.
pub fn get_url(
    cwd: &Path,
    url: &str,
    out: Option<&str>,
    force: bool,
    fs_config: &[(String, String)],
    jobs: Option<usize>,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    let repo = Repo::discover(cwd).ok();
    let location = url_source::open(repo.as_ref(), cwd, url, fs_config)?;
    let found = match &location {
        Location::Local(source) => {
            if std::fs::symlink_metadata(source).is_err() {
                return Err(Error::user(format!("'{url}' does not exist")));
            }
            None
        }
        Location::Store(data) => Some(
            data.find()?
                .ok_or_else(|| Error::user(format!("'{url}' does not exist")))?,
        ),
    };
    let target = resolve_out(cwd, url, out, force)?;
    let parent = target.parent().unwrap_or(cwd);
    let tmp = tempfile::Builder::new()
        .prefix(".dvx-get-url.")
        .tempdir_in(parent)
        .map_err(|e| Error::io("creating a temporary directory in", parent, e))?;
    let staged = tmp.path().join("data");
    match (&location, &found) {
        (Location::Store(data), Some(found)) => data.download_to(found, &staged, jobs, progress)?,
        (Location::Local(source), _) => copy_tree(source, &staged)?,
        (Location::Store(_), None) => unreachable!("a store's data is found above"),
    }
    if std::fs::symlink_metadata(&target).is_ok() {
        let r = if target.is_dir() {
            std::fs::remove_dir_all(&target)
        } else {
            std::fs::remove_file(&target)
        };
        r.map_err(|e| Error::io("replacing", &target, e))?;
    }
    std::fs::rename(&staged, &target).map_err(|e| Error::io("moving into place", &target, e))?;
    Ok(target)
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let meta = std::fs::metadata(from).map_err(|e| Error::io("reading", from, e))?;
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| Error::io("creating", to, e))?;
        for entry in std::fs::read_dir(from).map_err(|e| Error::io("reading", from, e))? {
            let entry = entry.map_err(|e| Error::io("reading", from, e))?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| Error::io("copying", from, e))
    }
}
