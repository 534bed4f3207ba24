//! `stage add`: write a stage into the `dvc.yaml` of the current directory, as DVC does.

use std::path::{Path, PathBuf};

use dvx_formats::pipeline::{self, Cmd, OutDef, OutKind, ParamsDep, StageDef, DEFAULT_PARAMS_FILE};

use crate::error::{Error, Result};
use crate::pipeline::Pipelines;
use crate::repo::Repo;
use crate::transaction::Transaction;

/// The stage's parts as given on the command line.
#[derive(Debug, Default, Clone)]
pub struct StageAddOptions {
    pub name: String,
    pub cmd: Vec<String>,
    pub deps: Vec<String>,
    pub params: Vec<String>,
    pub outs: Vec<String>,
    pub outs_no_cache: Vec<String>,
    pub outs_persist: Vec<String>,
    pub outs_persist_no_cache: Vec<String>,
    pub metrics: Vec<String>,
    pub metrics_no_cache: Vec<String>,
    pub plots: Vec<String>,
    pub plots_no_cache: Vec<String>,
    pub wdir: Option<String>,
    pub force: bool,
    pub always_changed: bool,
    pub desc: Option<String>,
}

/// What `stage add` wrote: the `dvc.yaml` and the `.gitignore` files it changed.
#[derive(Debug)]
pub struct StageAddReport {
    pub dvc_yaml: PathBuf,
    pub addressing: String,
    pub git_paths: Vec<PathBuf>,
}

/// DVC's `parse_cmd`: one argument is the command; several are joined, those with spaces
/// quoted.
pub fn parse_cmd(args: &[String]) -> String {
    if args.len() < 2 {
        return args.join(" ");
    }
    args.iter()
        .map(|a| {
            if a.is_empty() {
                "\"\"".to_string()
            } else if a.contains(' ') && !a.contains('"') {
                format!("\"{a}\"")
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// DVC's `parse_params`: `a,b` are keys of params.yaml, `file:a,b` keys of another file,
/// `file:` the whole file.
fn parse_params(specs: &[String]) -> Vec<ParamsDep> {
    let mut deps: Vec<ParamsDep> = Vec::new();
    for spec in specs {
        let (file, keys) = match spec.rsplit_once(':') {
            Some((f, k)) if !f.is_empty() => (f.to_string(), k),
            _ => (DEFAULT_PARAMS_FILE.to_string(), spec.as_str()),
        };
        let keys: Vec<String> = keys
            .split(',')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect();
        let whole = keys.is_empty() && file != DEFAULT_PARAMS_FILE;
        match deps.iter_mut().find(|d| d.file == file) {
            Some(d) if whole => d.keys.clear(),
            Some(d) if d.keys.is_empty() && d.file != DEFAULT_PARAMS_FILE => {}
            Some(d) => d.keys.extend(keys),
            None => deps.push(ParamsDep { file, keys }),
        }
    }
    deps
}

pub fn stage_add(tx: &Transaction, cwd: &Path, opts: &StageAddOptions) -> Result<StageAddReport> {
    let repo: &Repo = tx;
    let name = opts.name.trim();
    if name.is_empty() {
        return Err(Error::user("a stage needs a name: -n NAME"));
    }
    if name
        .chars()
        .any(|c| c.is_ascii_punctuation() && c != '_' && c != '-')
    {
        return Err(Error::user(format!(
            "stage name '{name}' cannot contain punctuation characters"
        ))
        .with_hint("use letters, digits, '_' and '-'"));
    }
    let cmd = parse_cmd(&opts.cmd);
    if cmd.trim().is_empty() {
        return Err(Error::user("a stage needs a command")
            .with_hint("dvx stage add -n NAME [options] COMMAND"));
    }
    let wdir = opts.wdir.clone().unwrap_or_default();
    let wdir_abs = crate::pipeline::normalize(&cwd.join(&wdir));
    if !wdir_abs.is_dir() {
        return Err(Error::user(format!(
            "stage working dir '{}' does not exist",
            wdir_abs.display()
        )));
    }
    let mut outs = Vec::new();
    // in DVC's order (it decides the order of .gitignore entries)
    let lists: [(&Vec<String>, OutKind, bool, bool); 8] = [
        (&opts.outs_persist, OutKind::Out, true, true),
        (&opts.outs_persist_no_cache, OutKind::Out, false, true),
        (&opts.metrics, OutKind::Metric, true, false),
        (&opts.metrics_no_cache, OutKind::Metric, false, false),
        (&opts.plots, OutKind::Plot, true, false),
        (&opts.plots_no_cache, OutKind::Plot, false, false),
        (&opts.outs_no_cache, OutKind::Out, false, false),
        (&opts.outs, OutKind::Out, true, false),
    ];
    for (paths, kind, cache, persist) in lists {
        for p in paths {
            outs.push(OutDef {
                path: p.clone(),
                kind,
                cache,
                persist,
                remote: None,
                push: true,
                flags: Vec::new(),
            });
        }
    }
    let wdir_rel = if wdir.is_empty() || wdir == "." {
        String::new()
    } else {
        wdir.trim_end_matches('/').to_string()
    };
    let def = StageDef {
        name: name.to_string(),
        cmd: Cmd::One(cmd),
        wdir: wdir_rel,
        deps: opts.deps.clone(),
        params: parse_params(&opts.params),
        outs,
        frozen: false,
        always_changed: opts.always_changed,
        desc: opts.desc.clone(),
        meta: None,
        tracked_vars: Vec::new(),
    };

    let path = cwd.join("dvc.yaml");
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("reading", &path, e)),
    };
    let rel = repo.rel(&path);
    let mut pipelines = Pipelines::load(repo)?;
    let old_def = pipelines
        .stages
        .iter()
        .find(|s| pipelines.file_of(s).path == path && s.def.name == name)
        .map(|s| s.def.clone());
    let exists = old_def.is_some();
    let mut def = def;
    if let Some(old) = &old_def {
        // as DVC: a replaced stage keeps its description and meta
        def.desc = old.desc.clone();
        def.meta = old.meta.clone();
    }
    if exists && !opts.force {
        return Err(
            Error::user(format!("Stage '{name}' already exists in '{rel}'."))
                .with_hint("use -f/--force to overwrite it"),
        );
    }
    let value = pipeline::stage_value(&def);
    let text = if exists {
        pipeline::replace_stage_text(old.as_deref().unwrap_or_default(), name, &value).ok_or_else(
            || {
                Error::user(format!(
                    "cannot find stage '{name}' in the text of '{rel}' to replace it"
                ))
                .with_hint("edit the file by hand")
            },
        )?
    } else {
        pipeline::add_stage_text(old.as_deref(), name, &value)
    };

    // check the pipeline with the new stage before writing anything
    let dir = path.parent().unwrap_or(&repo.root);
    let mut read = |f: &str| -> std::result::Result<Option<String>, String> {
        Ok(std::fs::read_to_string(dir.join(f)).ok())
    };
    let project = pipeline::project::load(&text, &rel, &mut read)
        .map_err(|e| Error::invalid_file(e.to_string(), e))?;
    let fi = match pipelines.files.iter().position(|f| f.path == path) {
        Some(i) => i,
        None => {
            pipelines.files.push(crate::pipeline::DvcFile {
                path: path.clone(),
                rel: rel.clone(),
                dir: dir.to_path_buf(),
                lock_path: dir.join("dvc.lock"),
                lock: Default::default(),
                lock_existed: false,
                project: Default::default(),
            });
            pipelines.files.len() - 1
        }
    };
    pipelines.stages.retain(|s| s.file != fi);
    for d in &project.stages {
        let addressing = if rel == "dvc.yaml" {
            d.name.clone()
        } else {
            format!("{rel}:{}", d.name)
        };
        pipelines.stages.push(crate::pipeline::Stage {
            def: d.clone(),
            file: fi,
            wdir: crate::pipeline::normalize(&dir.join(&d.wdir)),
            addressing,
        });
    }
    let pointers = crate::stage::load_all(repo)?;
    crate::pipeline::graph::Graph::build(repo, &pipelines, &pointers)?;

    repo.worktree.write(&path, text.as_bytes())?;
    let mut git_paths = vec![path.clone()];
    let outs: Vec<PathBuf> = def
        .outs
        .iter()
        .filter(|o| o.cache)
        .map(|o| crate::pipeline::normalize(&wdir_abs.join(&o.path)))
        .collect();
    let outs: Vec<&Path> = outs.iter().map(PathBuf::as_path).collect();
    git_paths.extend(
        crate::record::ignore_all_in_git(repo, &outs)?
            .into_iter()
            .flatten(),
    );
    git_paths.sort();
    git_paths.dedup();
    let addressing = if rel == "dvc.yaml" {
        name.to_string()
    } else {
        format!("{rel}:{name}")
    };
    Ok(StageAddReport {
        dvc_yaml: path,
        addressing,
        git_paths,
    })
}
