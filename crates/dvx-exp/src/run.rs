//! `exp run`: the pipeline reproduced with `-S` overrides, in the workspace or in a temporary
//! copy of the repository, and recorded as an experiment: a commit over the baseline (HEAD)
//! whose tree is the baseline's plus the run's changes, named by `refs/exps/<2>/<38>/<name>`.
//!
//! The commit is made with a private index, so HEAD, the user's index and git hooks are never
//! touched; a workspace run leaves its results in the workspace as uncommitted changes.

use std::path::{Path, PathBuf};

use dvx_formats::pipeline::overrides::{self, Override};
use dvx_formats::pipeline::params_edit;
use dvx_repo::checkout::{checkout, CheckoutOptions};
use dvx_repo::exp_refs::ExpRef;
use dvx_repo::pipeline::Pipelines;
use dvx_repo::repro::{repro, ReproOptions, ReproReport, ReproUi};
use dvx_repo::scm::{Git, Stage};
use dvx_repo::{Error, Progress, Repo, Result, Transaction};

use crate::names;

/// What `exp run` was asked.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub targets: Vec<String>,
    /// `-S [FILE:]KEY=VALUE`, as given.
    pub set_params: Vec<String>,
    pub name: Option<String>,
    pub message: Option<String>,
    /// Run in a temporary copy of the repository (`--temp`).
    pub temp: bool,
    /// Untracked paths copied into the temporary copy (`-C`).
    pub copy_paths: Vec<String>,
    /// repro's flags; `force` also overwrites an experiment of the same name.
    pub repro: ReproOptions,
    pub wait_for_lock: bool,
}

/// What `exp run` did.
#[derive(Debug)]
pub struct RunReport {
    pub name: String,
    pub baseline: String,
    /// The experiment's commit (None for `--dry`).
    pub commit: Option<String>,
    pub repro: ReproReport,
}

/// Overrides grouped by params file (paths relative to `cwd`, as DVC takes them), in order.
pub type ParamOverrides = Vec<(String, Vec<Override>)>;

/// Parses `-S` values; a sweep is refused unless `sweeps_allowed` (only queued runs take them).
pub fn parse_overrides(
    set_params: &[String],
    sweeps_allowed: bool,
) -> Result<Vec<(String, Override)>> {
    let mut out = Vec::new();
    for p in set_params {
        let (file, text) = overrides::split_file(p);
        let o = Override::parse(&text)
            .map_err(|e| Error::user(format!("Invalid `--set-param` value: {e}")))?;
        if o.is_sweep() && !sweeps_allowed {
            return Err(
                Error::user("Sweep overrides can't be used without `--queue`").with_hint(
                    "add --queue to queue one experiment per combination, then `dvx queue start`",
                ),
            );
        }
        out.push((file, o));
    }
    Ok(out)
}

/// DVC composes `params.yaml` with Hydra when `hydra.enabled` is set; dvx does not, and says so
/// rather than apply the overrides to the file as it is.
pub(crate) fn refuse_hydra_composition(repo: &Repo, set_params: &[String]) -> Result<()> {
    if !set_params.is_empty() && repo.config.get_bool("hydra", "enabled")? == Some(true) {
        return Err(Error::user(
            "this repository composes params.yaml with Hydra (hydra.enabled), which dvx does not do yet",
        )
        .with_hint("run this experiment with dvc, or set the params in params.yaml by hand"));
    }
    Ok(())
}

/// Groups parsed overrides by file, keeping the order files were first named in.
pub fn by_file(list: Vec<(String, Override)>) -> ParamOverrides {
    let mut out: ParamOverrides = Vec::new();
    for (file, o) in list {
        match out.iter_mut().find(|(f, _)| *f == file) {
            Some((_, v)) => v.push(o),
            None => out.push((file, vec![o])),
        }
    }
    out
}

/// `exp run` of one experiment (not queued).
pub fn run(
    repo: &Repo,
    cwd: &Path,
    opts: &RunOptions,
    ui: &mut dyn ReproUi,
    progress: &dyn Progress,
) -> Result<RunReport> {
    let git = crate::select::git(repo)?;
    let baseline = git.head().ok_or_else(|| {
        Error::user("cannot run an experiment in a repository without commits").with_hint(
            "commit the pipeline first (git add, git commit), then run experiments over it",
        )
    })?;
    refuse_hydra_composition(repo, &opts.set_params)?;
    let params = by_file(parse_overrides(&opts.set_params, false)?);
    let name = choose_name(
        git,
        &baseline,
        opts.name.as_deref(),
        opts.repro.force,
        "run",
    )?;
    let rel_cwd = cwd
        .strip_prefix(&repo.root)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    ui.say(&format!("Reproducing experiment '{name}'"));
    let ropts = ReproOptions {
        env: exp_env(repo, &baseline, &name),
        ..opts.repro.clone()
    };
    let exp = Experiment {
        git,
        baseline: &baseline,
        name: &name,
        force: opts.repro.force,
        message: opts.message.as_deref(),
        verb: "run",
    };
    mark_running(repo, opts.wait_for_lock)?;
    let (report, commit) = if opts.temp {
        let tree = workspace_tree(repo, git)?;
        let copy = CopyRun {
            source_tree: &tree,
            rel_cwd: &rel_cwd,
            params: &params,
            targets: &opts.targets,
            copy_paths: &opts.copy_paths,
            wait_for_lock: opts.wait_for_lock,
            on_copy: None,
        };
        run_in_copy(repo, &exp, &copy, &ropts, ui, progress)?
    } else {
        run_in_workspace(repo, &exp, &rel_cwd, &params, opts, &ropts, ui, progress)?
    };
    Ok(RunReport {
        name,
        baseline,
        commit,
        repro: report,
    })
}

/// Takes DVC's experiments lock (`.dvc/tmp/exps/rwlock.lock`) for a moment, as DVC does when
/// an experiment starts: the file keeps this process's id, which is how the VS Code extension
/// finds a running experiment to stop. (With `core.hardlink_lock`, DVC's other protocol, it is
/// left alone.)
fn mark_running(repo: &Repo, wait: bool) -> Result<()> {
    if repo.config.get_bool("core", "hardlink_lock")? == Some(true) {
        return Ok(());
    }
    let path = repo.tmp_dir().join("exps").join("rwlock.lock");
    drop(dvx_repo::lock::acquire_file(&path, wait)?);
    Ok(())
}

/// The variables DVC gives an experiment's stage commands.
pub(crate) fn exp_env(repo: &Repo, baseline: &str, name: &str) -> Vec<(String, String)> {
    vec![
        ("DVC_EXP_BASELINE_REV".to_string(), baseline.to_string()),
        ("DVC_EXP_NAME".to_string(), name.to_string()),
        (
            "DVC_ROOT".to_string(),
            repo.root.to_string_lossy().into_owned(),
        ),
    ]
}

/// The experiment being recorded.
pub(crate) struct Experiment<'a> {
    pub git: &'a Git,
    pub baseline: &'a str,
    pub name: &'a str,
    pub force: bool,
    pub message: Option<&'a str>,
    /// The `exp` verb whose `-f` overwrites an experiment of the same name (for messages).
    pub verb: &'a str,
}

/// What a run in a temporary copy starts from.
pub(crate) struct CopyRun<'a> {
    /// The files of the copy (the workspace's tracked files, or a queued experiment's).
    pub source_tree: &'a str,
    /// The user's directory, relative to the repository's root.
    pub rel_cwd: &'a Path,
    pub params: &'a ParamOverrides,
    pub targets: &'a [String],
    pub copy_paths: &'a [String],
    pub wait_for_lock: bool,
    /// Told where the copy is, once it is made.
    pub on_copy: Option<&'a dyn Fn(&Path)>,
}

/// The workspace's tracked files with their uncommitted changes, as a tree (DVC's stash of an
/// experiment takes the same).
pub(crate) fn workspace_tree(repo: &Repo, git: &Git) -> Result<String> {
    let index = index_file(repo)?;
    Ok(git.stage_tree(&git.private_index(index.path())?, &[])?)
}

pub(crate) fn choose_name(
    git: &Git,
    baseline: &str,
    name: Option<&str>,
    force: bool,
    verb: &str,
) -> Result<String> {
    let Some(name) = name else {
        return Ok(names::random_name(git, baseline));
    };
    names::check_name(git, baseline, name)?;
    let refname = ExpRef {
        baseline: baseline.to_string(),
        name: name.to_string(),
    }
    .refname();
    if !force && git.ref_target(&refname).is_some() {
        return Err(names::conflict(name, verb));
    }
    Ok(name.to_string())
}

#[allow(clippy::too_many_arguments)]
fn run_in_workspace(
    repo: &Repo,
    exp: &Experiment,
    rel_cwd: &Path,
    params: &ParamOverrides,
    opts: &RunOptions,
    ropts: &ReproOptions,
    ui: &mut dyn ReproUi,
    progress: &dyn Progress,
) -> Result<(ReproReport, Option<String>)> {
    let tx = Transaction::start(repo, opts.wait_for_lock)?;
    let originals = apply_params(repo, &repo.root.join(rel_cwd), params)?;
    let report = match repro(
        &tx,
        &repo.root.join(rel_cwd),
        &opts.targets,
        ropts,
        ui,
        progress,
    ) {
        Ok(r) => r,
        Err(e) => {
            // the workspace as before the run: the params files as they were
            for (path, text) in originals {
                let _ = match text {
                    Some(t) => repo.worktree.write(&path, &t),
                    None => {
                        std::fs::remove_file(&path).map_err(|e| Error::io("removing", &path, e))
                    }
                };
            }
            return Err(e);
        }
    };
    if ropts.dry {
        return Ok((report, None));
    }
    let index = index_file(repo)?;
    let stage = exp.git.private_index(index.path())?;
    let commit = record(repo, exp, &stage, &report.reproduced, &[])?;
    Ok((report, Some(commit)))
}

pub(crate) fn run_in_copy(
    repo: &Repo,
    exp: &Experiment,
    copy: &CopyRun,
    ropts: &ReproOptions,
    ui: &mut dyn ReproUi,
    progress: &dyn Progress,
) -> Result<(ReproReport, Option<String>)> {
    let parent = exps_tmp(repo)?;
    let dir = tempfile::Builder::new()
        .prefix("tmp")
        .tempdir_in(&parent)
        .map_err(|e| Error::io("creating a temporary copy in", &parent, e))?;
    // held while the copy is in use: `exp clean` removes only copies nobody holds
    let _in_use = in_use_lock(dir.path())?;
    let copy_git = exp
        .git
        .share_into(dir.path(), exp.baseline, copy.source_tree)?;
    let root = copy_git.root.clone();
    if let Some(tell) = copy.on_copy {
        tell(&root);
    }
    write_copy_config(repo, &root)?;
    for p in copy.copy_paths {
        copy_path(&repo.root.join(p), &root.join(p))?;
    }
    let copied = Repo::open(&root)?;
    let cwd = root.join(copy.rel_cwd);
    apply_params(&copied, &cwd, copy.params)?;
    let tx = Transaction::start_in_copy(&copied, repo, copy.wait_for_lock)?;
    if !ropts.dry {
        // what the copy's pointer files and dvc.lock name, from the shared cache; what is
        // missing there is left for the stages to make
        checkout(
            &tx,
            &root,
            &[],
            &CheckoutOptions {
                force: true,
                relink: false,
                ..Default::default()
            },
            progress,
        )?;
    }
    let report = repro(&tx, &cwd, copy.targets, ropts, ui, progress)?;
    if ropts.dry {
        return Ok((report, None));
    }
    let stage = Stage {
        work_tree: root.clone(),
        index: root.join(".git").join("index"),
        git_dir: exp.git.git_dir()?,
    };
    let commit = record(&copied, exp, &stage, &report.reproduced, &[])?;
    drop(tx);
    Ok((report, Some(commit)))
}

/// The file whose lock says a temporary copy is in use.
pub(crate) const IN_USE: &str = ".dvx-in-use";

fn in_use_lock(dir: &Path) -> Result<std::fs::File> {
    let path = dir.join(IN_USE);
    let f = std::fs::File::create(&path).map_err(|e| Error::io("creating", &path, e))?;
    f.lock().map_err(|e| Error::io("locking", &path, e))?;
    Ok(f)
}

/// `.dvc/tmp/exps`, where private indexes and temporary copies live.
pub(crate) fn exps_tmp(repo: &Repo) -> Result<PathBuf> {
    let dir = repo.tmp_dir().join("exps");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("creating", &dir, e))?;
    Ok(dir)
}

/// A file for a private git index (removed when dropped).
pub(crate) fn index_file(repo: &Repo) -> Result<tempfile::NamedTempFile> {
    let dir = exps_tmp(repo)?;
    tempfile::Builder::new()
        .prefix("exp-index-")
        .tempfile_in(&dir)
        .map_err(|e| Error::io("creating a private git index in", &dir, e))
}

/// The copy's `config.local`: the repository's own local settings, every path option made
/// absolute (a relative remote or cache path would otherwise point inside the copy), and the
/// repository's cache as the copy's cache.
fn write_copy_config(repo: &Repo, copy_root: &Path) -> Result<()> {
    use dvx_repo::config::{is_path_option, level_path, read_level, write_level, Level};
    let mut local = read_level(&repo.dvc_dir.join("config.local"))?;
    for level in [Level::Repo, Level::Local] {
        let Some(path) = level_path(level, Some(&repo.dvc_dir)) else {
            continue;
        };
        let cfg = read_level(&path)?;
        for section in &cfg.sections {
            for (key, value) in &section.entries {
                if is_path_option(&section.name, key, value) && Path::new(value).is_relative() {
                    let abs = repo.dvc_dir.join(value);
                    local.set(&section.name, key, &abs.to_string_lossy());
                }
            }
        }
    }
    local.set("cache", "dir", &repo.cache_dir().to_string_lossy());
    write_level(&copy_root.join(".dvc").join("config.local"), &local)
}

fn copy_path(from: &Path, to: &Path) -> Result<()> {
    let meta = std::fs::metadata(from).map_err(|e| {
        Error::user(format!(
            "Unable to copy '{}'. It is not a file or directory: {e}",
            from.display()
        ))
    })?;
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
    }
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| Error::io("creating", to, e))?;
        let entries = std::fs::read_dir(from).map_err(|e| Error::io("reading", from, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("reading", from, e))?;
            copy_path(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| Error::io("copying to", to, e))
    }
}

/// Applies the overrides to the params files under `cwd` (of the workspace or the copy);
/// returns each file's content before (None: it did not exist), to put back on failure.
fn apply_params(
    repo: &Repo,
    cwd: &Path,
    params: &ParamOverrides,
) -> Result<Vec<(PathBuf, Option<Vec<u8>>)>> {
    let mut originals = Vec::new();
    for (file, list) in params {
        let path = dvx_repo::pipeline::normalize(&cwd.join(file));
        if !path.starts_with(&repo.root) {
            return Err(Error::user(format!(
                "'{file}' is outside the repository: -S changes params files of this repository only"
            )));
        }
        let old = match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io("reading", &path, e)),
        };
        let text = String::from_utf8_lossy(old.as_deref().unwrap_or_default()).into_owned();
        let new = params_edit::apply(file, &text, list)
            .map_err(|e| Error::user(format!("Invalid `--set-param` value: {e}")))?;
        if old.is_none() || new != text {
            repo.worktree.write(&path, new.as_bytes())?;
        }
        originals.push((path, old));
    }
    Ok(originals)
}

/// Commits the run's state over the baseline and points the experiment's ref at it. Without
/// `force`, an existing experiment of the same name is kept when it recorded the same tree,
/// and is a conflict otherwise.
pub(crate) fn record(
    repo: &Repo,
    exp: &Experiment,
    stage: &Stage,
    reproduced: &[String],
    forced: &[PathBuf],
) -> Result<String> {
    let p = Pipelines::load(repo)?;
    let tree = exp
        .git
        .stage_tree_with(stage, &stage_files(repo, &p), forced)?;
    let message = match exp.message {
        Some(m) => m.to_string(),
        None => format!("dvc: commit experiment {}", exp_hash(&p, reproduced)),
    };
    let commit = exp.git.commit_tree(&tree, exp.baseline, &message)?;
    let refname = ExpRef {
        baseline: exp.baseline.to_string(),
        name: exp.name.to_string(),
    }
    .refname();
    let reflog = format!("dvx exp: {}", exp.name);
    match exp.git.ref_target(&refname) {
        Some(old) if !exp.force => {
            if exp.git.tree_of(&old)? == tree {
                return Ok(old);
            }
            Err(names::conflict(exp.name, exp.verb))
        }
        Some(_) => {
            exp.git.set_ref(&refname, &commit, &reflog)?;
            Ok(commit)
        }
        None => {
            exp.git.create_ref(&refname, &commit, &reflog)?;
            Ok(commit)
        }
    }
}

/// What an experiment commits besides the changes to tracked files: every `dvc.yaml` and
/// `dvc.lock`, the outputs git keeps (`cache: false`), and the top-level params, metrics and
/// plots files; repository-relative.
fn stage_files(repo: &Repo, p: &Pipelines) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let mut add = |abs: PathBuf| {
        if let Ok(rel) = abs.strip_prefix(&repo.root) {
            let rel = rel.to_path_buf();
            if !rel.as_os_str().is_empty() && !out.contains(&rel) {
                out.push(rel);
            }
        }
    };
    for f in &p.files {
        add(f.path.clone());
        add(f.lock_path.clone());
        let top = f.project.params.iter().chain(&f.project.metrics);
        for rel in top {
            add(dvx_repo::pipeline::normalize(&f.dir.join(rel)));
        }
        for plot in &f.project.plots {
            if let dvx_formats::yaml::Value::Str(s) = plot {
                add(dvx_repo::pipeline::normalize(&f.dir.join(s)));
            }
        }
    }
    for s in &p.stages {
        for o in s.def.outs.iter().filter(|o| !o.cache) {
            add(s.out_path(o));
        }
    }
    out
}

/// DVC's experiment hash: sha256 of `json.dumps({name: lock entry}, sort_keys=True)` over the
/// stages the run reproduced.
fn exp_hash(p: &Pipelines, reproduced: &[String]) -> String {
    let mut entries: Vec<(String, dvx_formats::yaml::Value)> = Vec::new();
    for s in &p.stages {
        if !reproduced.contains(&s.addressing) {
            continue;
        }
        if let Some(entry) = p.lock_entry(s) {
            entries.retain(|(n, _)| *n != s.def.name);
            entries.push((s.def.name.clone(), entry.to_value()));
        }
    }
    dvx_formats::pyjson::dict_sha256(&dvx_formats::yaml::Value::Map(entries), &[])
}
