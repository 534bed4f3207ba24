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
use dvx_formats::{Output, PointerFile};

use crate::checkout::CheckoutOptions;
use crate::error::{Error, Result};
use crate::external::{resolve_out, source_path, Materialized};
use crate::record::ignore_in_git;
use crate::repo::Repo;
use crate::stage::{self, TrackedStage};
use crate::transaction::Transaction;
use crate::Progress;

mod url;
pub use url::{get_url, import_url, UrlImportOptions};

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
            ..Default::default()
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
        // DVC refuses it too, in these words
        return Err(Error::user(format!(
            "failed update {}: Data imported from other DVC or Git repositories can't be updated with --to-remote",
            st.rel
        ))
        .with_hint("update it without --to-remote, then `dvx push` it"));
    }
    let odb = repo.odb()?;
    let mut done = Vec::new();
    for st in url_imports {
        done.push(url::update_url_import(
            tx, st, &odb, jobs, to_remote, progress,
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
