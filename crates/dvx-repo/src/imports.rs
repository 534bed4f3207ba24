//! `import` and `update`: outputs whose data comes from another repository (the "data
//! registry" pattern). The pointer file records the source (`deps: - path, repo: {url, rev,
//! rev_lock}`) and is frozen; `update` moves it to a newer revision; `fetch`/`pull` take its
//! objects from the source's remote, `push` leaves them out.
//!
//! `import-url` and `get-url`: data from a path outside the repository or from a bucket or web
//! server (`url_source`). The pointer file records the source with what tells whether it
//! changed (`deps: - md5|etag|checksum, size, hash, path[, fs_config]`); `update` imports it
//! again when that changed; its data is cached and pushed as any output's.

use std::path::{Path, PathBuf};

use dvx_formats::import::ImportDep;
use dvx_formats::yaml::Value;
use dvx_formats::{Output, PointerFile};

use crate::checkout::CheckoutOptions;
use crate::error::{Error, Result};
use crate::external::{resolve_out, source_path, Materialized};
use crate::record::ignore_in_git;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;
use crate::url_source::{self, Location};
use crate::Progress;

#[derive(Debug, Default, Clone)]
pub struct ImportOptions {
    pub out: Option<String>,
    pub rev: Option<String>,
    pub force: bool,
    pub jobs: Option<usize>,
    /// Record the source's commit but download nothing (`--no-download`).
    pub no_download: bool,
    /// Write the pointer file only, resolving nothing (`--no-exec`).
    pub no_exec: bool,
    /// `--config`, `--remote`, `--remote-config` for the source, recorded in the pointer.
    pub source_config: crate::external::SourceConfig,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    /// The output, and the files to `git add` (the pointer file, a changed `.gitignore`).
    pub out: PathBuf,
    pub git_paths: Vec<PathBuf>,
    pub staged: bool,
}

fn output_of(name: String, m: &Materialized, old: Option<&Output>) -> Output {
    let mut out = old.cloned().unwrap_or_else(|| Output::new(name));
    out.oid = Some(m.oid);
    out.size = Some(m.size);
    out.nfiles = m.nfiles;
    out.hash = Some("md5".into());
    out
}

/// `dvx import URL PATH`: copies `PATH` of the repository at `URL` into the workspace and
/// cache and writes a frozen pointer file that records where it came from.
pub fn import(
    tx: &Transaction,
    cwd: &Path,
    url: &str,
    path: &str,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let repo: &Repo = tx;
    let src_path = source_path(path)?;
    let target = resolve_out(cwd, &src_path, opts.out.as_deref(), opts.force)?;
    let (name, file) = import_target(repo, &target)?;
    let mut dep = ImportDep {
        path: src_path.clone(),
        url: url.to_string(),
        rev: opts.rev.clone(),
        rev_lock: None,
        config: opts.source_config.config.clone(),
        remote: opts.source_config.remote.clone(),
    };
    let mut out = Output::new(name);
    out.hash = Some("md5".into());
    if !opts.no_exec {
        let source = crate::external::open_import_source(repo, cwd, &dep, opts.rev.as_deref())?;
        dep.rev_lock = Some(source.commit.clone());
        if !opts.no_download {
            let tree = source.tree()?;
            let odb = repo.odb()?;
            let m = source.materialize(&tree, &src_path, &odb, opts.jobs, progress)?;
            out = output_of(out.path, &m, None);
        }
    }
    let st = TrackedStage {
        rel: repo.rel(&file),
        file,
        pointer: PointerFile::new_import(&dep, out, opts.no_exec),
        text: None,
        origin: crate::stage::Origin::PointerFile,
    };
    if opts.no_download || opts.no_exec {
        st.save(repo)?;
    } else {
        place(repo, &st, None, opts.force, progress)?;
    }
    imported(tx, target, &st)
}

/// Where an import's output and pointer file go: inside the workspace, not a pointer file's
/// name, overlapping no other tracked output. Returns the output's name and the pointer file.
fn import_target(repo: &Repo, target: &Path) -> Result<(String, PathBuf)> {
    if let Err(refused) = repo.worktree.check(target) {
        return Err(Error::user(format!(
            "cannot import to '{}': {refused}",
            target.display()
        ))
        .with_hint("pick an output path inside the workspace with -o"));
    }
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::user(format!("'{}' is not a valid output name", target.display())))?
        .to_string();
    if name.ends_with(".dvc") {
        return Err(Error::user(format!(
            "cannot import to '{name}': that is a pointer file's name"
        ))
        .with_hint("name a data file or directory with -o"));
    }
    let file = target.with_file_name(format!("{name}.dvc"));
    for s in stage::load_all(repo)? {
        for i in 0..s.pointer.outs.len() {
            let o = s.out_path(i);
            if s.file != file && (o == target || target.starts_with(&o) || o.starts_with(target)) {
                return Err(Error::user(format!(
                    "cannot import to '{}': it overlaps '{}', tracked by '{}'",
                    repo.rel(target),
                    repo.rel(&o),
                    s.rel
                ))
                .with_hint(format!(
                    "pick another output path with -o, or `dvx remove {}` first",
                    s.rel
                )));
            }
        }
    }
    Ok((name, file))
}

/// What an import leaves for git: its output ignored, its pointer file (staged with
/// `core.autostage`).
fn imported(tx: &Transaction, target: PathBuf, st: &TrackedStage) -> Result<ImportReport> {
    let repo: &Repo = tx;
    let mut report = ImportReport {
        out: target.clone(),
        git_paths: Vec::new(),
        staged: false,
    };
    if let Some(g) = ignore_in_git(repo, &target)? {
        report.git_paths.push(g);
    }
    report.git_paths.push(st.file.clone());
    report.staged = tx.stage_in_git(&report.git_paths)?;
    Ok(report)
}

/// Writes the pointer file and checks its output out, in the order that lets the same command
/// run again finish an interrupted one: a new import writes its pointer file first (its output
/// is then a tracked directory, which `import -f` replaces in place); an update checks the new
/// content out first and records it last (until then the pointer says the old revision, so
/// `update` runs again). If the checkout fails, the pointer file is as it was.
fn place(
    repo: &Repo,
    st: &TrackedStage,
    old_text: Option<&str>,
    force: bool,
    progress: &dyn Progress,
) -> Result<()> {
    let pointer_first = old_text.is_none();
    if pointer_first {
        st.save(repo)?;
    }
    let result = crate::checkout::checkout_stages(
        repo,
        std::slice::from_ref(st),
        &CheckoutOptions {
            force,
            relink: false,
        },
        progress,
    );
    let failure = match result {
        Err(e) => Some(e),
        Ok(r) if !r.unsaved.is_empty() => Some(
            Error::user(format!(
                "'{}' has changes that are not in the cache; they were left as they are",
                r.unsaved.join("', '")
            ))
            .with_hint("save them elsewhere (or `dvx add` them), or re-run with --force (-f) to discard them"),
        ),
        Ok(mut r) if !r.failed.is_empty() => {
            let (path, e) = r.failed.swap_remove(0);
            Some(Error::user(format!("cannot check out '{path}': {e}")))
        }
        Ok(_) => None,
    };
    match failure {
        None if pointer_first => Ok(()),
        None => st.save(repo),
        Some(e) => {
            if pointer_first {
                let _ = repo.worktree.remove_file(&st.file);
            }
            Err(e)
        }
    }
}

/// `update -R DIRS`: the pointer files of the imports under the directories (all of them
/// without any), as targets.
pub fn imports_under(repo: &Repo, cwd: &Path, dirs: &[String]) -> Result<Vec<String>> {
    let roots: Vec<PathBuf> = if dirs.is_empty() {
        vec![cwd.to_path_buf()]
    } else {
        dirs.iter()
            .map(|d| crate::pipeline::normalize(&crate::fsutil::absolutize(cwd, Path::new(d))))
            .collect()
    };
    for r in &roots {
        if !r.is_dir() {
            return Err(Error::user(format!("'{}' is not a directory", r.display()))
                .with_hint("-R/--recursive takes directories to search for imports"));
        }
    }
    Ok(stage::load_all(repo)?
        .into_iter()
        .filter(|st| roots.iter().any(|r| st.file.starts_with(r)))
        .filter(|st| st.pointer.url_dep().is_some() || matches!(st.import_dep(), Ok(Some(_))))
        .map(|st| st.file.display().to_string())
        .collect())
}

/// What `update` did to one import.
#[derive(Debug)]
pub enum Updated {
    /// The source has nothing newer: nothing changed.
    Unchanged { pointer: String },
    /// Re-imported at a new revision.
    Imported {
        pointer: String,
        path: String,
        url: String,
        out: String,
    },
}

/// `dvx update [TARGETS] [--rev REV]`: brings imports to the newest commit of their revision
/// (or to `rev`, which is then recorded).
pub fn update(
    tx: &Transaction,
    cwd: &Path,
    targets: &[String],
    rev: Option<&str>,
    jobs: Option<usize>,
    to_remote: Option<Option<&str>>,
    progress: &dyn Progress,
) -> Result<Vec<Updated>> {
    let repo: &Repo = tx;
    let stages = stage::select(repo, cwd, targets)?;
    let mut imports = Vec::new();
    let mut url_imports = Vec::new();
    for st in stages {
        match st.import_dep()? {
            Some(dep) => imports.push((st, dep)),
            None if st.pointer.url_dep().is_some() => url_imports.push(st),
            None if !targets.is_empty() => {
                return Err(
                    Error::user(format!("'{}' is not an import", st.rel)).with_hint(
                        "update takes pointer files written by `dvx import` or `dvx import-url`",
                    ),
                )
            }
            None => {}
        }
    }
    if let (Some(_), Some((st, _))) = (to_remote, imports.first()) {
        return Err(Error::user(format!(
            "'{}' imports from a repository: dvx updates only URL imports --to-remote",
            st.rel
        ))
        .with_hint("update it without --to-remote, then `dvx push` it"));
    }
    let odb = repo.odb()?;
    let mut done = Vec::new();
    for st in url_imports {
        done.push(update_url_import(
            repo, st, &odb, jobs, to_remote, progress,
        )?);
    }
    for (mut st, mut dep) in imports {
        stage::check_inside(repo, &st)?;
        let wanted = rev.map(str::to_string).or_else(|| dep.rev.clone());
        let source = crate::external::open_import_source(repo, cwd, &dep, wanted.as_deref())?;
        if dep.rev_lock.as_deref() == Some(source.commit.as_str()) && wanted == dep.rev {
            done.push(Updated::Unchanged {
                pointer: st.rel.clone(),
            });
            continue;
        }
        let tree = source.tree()?;
        let m = source.materialize(&tree, &dep.path, &odb, jobs, progress)?;
        let old_text = st.text.clone();
        let old = st.pointer.outs.first().cloned();
        let name = old.as_ref().map(|o| o.path.clone()).unwrap_or_default();
        st.pointer.outs = vec![output_of(name, &m, old.as_ref())];
        dep.rev = wanted;
        dep.rev_lock = Some(source.commit.clone());
        st.pointer.set_import(&dep);
        place(repo, &st, old_text.as_deref(), false, progress)?;
        done.push(Updated::Imported {
            pointer: st.rel.clone(),
            path: dep.path.clone(),
            url: dep.url.clone(),
            out: repo.rel(&st.out_path(0)),
        });
    }
    Ok(done)
}

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
    /// `--version-aware`: a path has no versions (DVC ignores it there too); a store's are
    /// not read yet.
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
    let location = url_source::open(Some(repo), cwd, url, &opts.fs_config)?;
    if let (true, Location::Store(data)) = (opts.version_aware, &location) {
        return Err(Error::user(format!(
            "cannot import '{}' with --version-aware: dvx does not read object versions yet",
            data.url
        ))
        .with_hint("import it without --version-aware (its etag tells when it changes)"));
    }
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
            // the options are recorded as given, `--version-aware` among them (DVC does)
            if let (Value::Map(m), Some((k, Value::Map(mut o)))) = (
                &mut dep,
                url_source::fs_config_entry(&opts.fs_config).or_else(|| {
                    opts.version_aware
                        .then(|| ("fs_config".into(), Value::Map(vec![])))
                }),
            ) {
                if opts.version_aware {
                    o.push(("version_aware".into(), Value::Bool(true)));
                }
                m.push((k, Value::Map(o)));
            }
            dep
        }
        Location::Store(_) if opts.no_exec => {
            let mut dep = unhashed(url.to_string()).to_value();
            if let Value::Map(m) = &mut dep {
                m.extend(url_source::fs_config_entry(&opts.fs_config));
            }
            dep
        }
        Location::Store(data) => {
            let found = data.find()?.ok_or_else(|| missing_source(url))?;
            let download = !opts.no_download && !opts.to_remote;
            let (dep, current) = data.look(
                &found,
                url,
                &opts.fs_config,
                &odb,
                download,
                opts.jobs,
                progress,
            )?;
            if let (Some(current), true) = (current, download) {
                current.record_in(&mut out);
            }
            dep
        }
    };
    let st = TrackedStage {
        rel: repo.rel(&file),
        file,
        pointer: PointerFile::new_url_import(dep, out, opts.no_exec),
        text: None,
        origin: crate::stage::Origin::PointerFile,
    };
    let mut st = st;
    if opts.to_remote && !opts.no_exec {
        let sent = location.to_remote(repo, opts.remote.as_deref(), opts.jobs, progress)?;
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
fn update_url_import(
    repo: &Repo,
    mut st: TrackedStage,
    odb: &dvx_odb::Odb,
    jobs: Option<usize>,
    to_remote: Option<Option<&str>>,
    progress: &dyn Progress,
) -> Result<Updated> {
    stage::check_inside(repo, &st)?;
    let (path, old_dep) = st
        .pointer
        .url_dep()
        .ok_or_else(|| Error::user(format!("'{}' is not a URL import", st.rel)))?;
    let dir = st.file.parent().unwrap_or(&repo.root).to_path_buf();
    let fs_config = url_source::recorded_fs_config(&old_dep);
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
        let sent = location.to_remote(repo, remote, jobs, progress)?;
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
