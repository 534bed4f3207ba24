//! `list`, `get`, `import`, `update`: data from other repositories.

use dvx_repo::external::{self, GetOptions, LsOptions};
use dvx_repo::imports::{self, ImportOptions, Updated};
use dvx_repo::Result;
use serde_json::{json, Value};

use super::{display_rel, git_add_hint, Env};
use crate::cli::{
    ArtifactsGetArgs, DuArgs, GetUrlArgs, ImportArgs, ImportUrlArgs, ListArgs, ListUrlArgs,
    SourceArgs, UpdateArgs,
};
use crate::printer::python_json;

pub fn list(env: &Env, a: ListArgs) -> Result<u8> {
    let opts = LsOptions {
        rev: a.rev,
        recursive: a.recursive,
        dvc_only: a.dvc_only,
        jobs: a.jobs,
        maxdepth: a.level,
        source_config: source_config(&a.source_config)?,
    };
    if a.tree {
        let root = external::ls_tree(&env.cwd, &a.url, a.path.as_deref(), &opts, &env.progress())?;
        let row = super::listing::Row::of_ls(&root, a.size, a.show_hash);
        env.printer.answer(super::listing::tree(&row, a.size));
        return Ok(0);
    }
    let entries = external::ls(&env.cwd, &a.url, a.path.as_deref(), &opts, &env.progress())?;
    if a.json {
        let v: Vec<Value> = entries
            .iter()
            .map(|e| {
                json!({
                    "isout": e.isout,
                    "isdir": e.isdir,
                    "isexec": e.isexec,
                    "size": e.size,
                    "md5": e.md5,
                    "path": e.path,
                })
            })
            .collect();
        env.printer.answer(python_json(&Value::Array(v)));
    } else if !entries.is_empty() && (a.size || a.show_hash) {
        let rows: Vec<Vec<Option<String>>> = entries
            .iter()
            .map(|e| {
                let mut row = Vec::new();
                if a.size {
                    row.push(super::listing::size_cell(e.size, e.isdir));
                }
                if a.show_hash {
                    row.push(e.md5.clone());
                }
                row.push(Some(e.path.clone()));
                row
            })
            .collect();
        env.printer
            .answer(super::listing::table(&rows, a.size, false));
    } else if !entries.is_empty() {
        let lines: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        env.printer.answer(lines.join("\n"));
    }
    Ok(0)
}

/// `artifacts get`: downloads an artifact and says where, as DVC says it.
pub fn artifacts_get(env: &Env, a: ArtifactsGetArgs) -> Result<u8> {
    let (got, files) = dvx_repo::artifacts::get(
        &env.cwd,
        &a.url,
        &a.name,
        &dvx_repo::artifacts::ArtifactOptions {
            version: a.rev,
            stage: a.stage,
            out: a.out,
            force: a.force,
            jobs: a.jobs,
        },
        &env.progress(),
    )?;
    env.printer.out(format!(
        "Downloaded {files} file(s) to '{}'",
        display_rel(&env.cwd, &got)
    ));
    Ok(0)
}

/// `du`: a table of DVC's short sizes and paths.
pub fn du(env: &Env, a: DuArgs) -> Result<u8> {
    let entries = external::du(
        &env.cwd,
        &a.url,
        a.path.as_deref(),
        a.rev.as_deref(),
        a.summarize,
        &source_config(&a.source_config)?,
        &env.progress(),
    )?;
    let rows: Vec<Vec<Option<String>>> = entries
        .into_iter()
        .map(|(path, size)| vec![Some(super::listing::naturalsize(size)), Some(path)])
        .collect();
    env.printer
        .answer(super::listing::table(&rows, false, false));
    Ok(0)
}

pub fn list_url(env: &Env, a: ListUrlArgs) -> Result<u8> {
    use super::listing;
    let fs_config = dedup(a.fs_config);
    if a.tree {
        let tree = dvx_repo::url_list::ls_url_tree(&env.cwd, &a.url, &fs_config, a.level)?;
        env.printer
            .answer(listing::tree(&listing::Row::of_url(&tree, a.size), a.size));
        return Ok(0);
    }
    let entries = dvx_repo::url_list::ls_url(&env.cwd, &a.url, &fs_config, a.recursive, a.level)?;
    if entries.is_empty() {
        return Ok(0);
    }
    if a.size {
        let rows: Vec<Vec<Option<String>>> = entries
            .iter()
            .map(|e| vec![listing::size_cell(e.size, e.isdir), Some(e.path.clone())])
            .collect();
        env.printer.answer(listing::table(&rows, true, false));
    } else {
        let lines: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        env.printer.answer(lines.join("\n"));
    }
    Ok(0)
}

pub fn get(env: &Env, a: SourceArgs) -> Result<u8> {
    external::get(
        &env.cwd,
        &a.url,
        &a.path,
        &GetOptions {
            out: a.out,
            rev: a.rev,
            force: a.force,
            jobs: a.jobs,
            source_config: source_config(&a.source_config)?,
        },
        &env.progress(),
    )?;
    Ok(0)
}

/// The source config flags as the library takes them (and an import records them).
fn source_config(a: &crate::cli::SourceConfigArgs) -> Result<external::SourceConfig> {
    external::SourceConfig::from_flags(a.config.as_deref(), a.remote.as_deref(), &a.remote_config)
}

pub fn import(env: &Env, args: ImportArgs) -> Result<u8> {
    let a = args.source;
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let src = dvx_repo::external::source_path(&a.path)?;
    let out = dvx_repo::external::resolve_out(&env.cwd, &src, a.out.as_deref(), true)?;
    if !args.no_exec {
        env.printer.out(format!(
            "Importing '{} ({})' -> '{}'",
            a.path,
            a.url,
            display_rel(&env.cwd, &out)
        ));
    }
    let report = imports::import(
        &tx,
        &env.cwd,
        &a.url,
        &a.path,
        &ImportOptions {
            out: a.out,
            rev: a.rev,
            force: a.force,
            jobs: a.jobs,
            no_download: args.no_download,
            no_exec: args.no_exec,
            source_config: source_config(&a.source_config)?,
        },
        &env.progress(),
    )?;
    git_add_hint(env, &tx, &report.git_paths, report.staged);
    Ok(0)
}

pub fn import_url(env: &Env, a: ImportUrlArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let out = dvx_repo::external::resolve_out(&env.cwd, &a.url, a.out.as_deref(), true)?;
    if !a.no_exec {
        // a relative path is shown resolved, as DVC shows it
        let source = if a.url.contains("://") || std::path::Path::new(&a.url).is_absolute() {
            a.url.clone()
        } else {
            let abs = dvx_repo::fsutil::absolutize(&env.cwd, std::path::Path::new(&a.url));
            dvx_repo::pipeline::normalize(&abs).display().to_string()
        };
        env.printer.out(format!(
            "Importing '{source}' -> '{}'",
            display_rel(&env.cwd, &out)
        ));
    }
    let report = imports::import_url(
        &tx,
        &env.cwd,
        &a.url,
        &imports::UrlImportOptions {
            out: a.out,
            force: a.force,
            no_download: a.no_download,
            no_exec: a.no_exec,
            fs_config: dedup(a.fs_config),
            jobs: a.jobs,
            to_remote: a.to_remote,
            remote: a.remote,
            version_aware: a.version_aware,
        },
        &env.progress(),
    )?;
    git_add_hint(env, &tx, &report.git_paths, report.staged);
    Ok(0)
}

/// `--fs-config` options as DVC keeps them: a name given twice takes the later value, at the
/// place it was first given.
fn dedup(options: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in options {
        match out.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

pub fn get_url(env: &Env, a: GetUrlArgs) -> Result<u8> {
    imports::get_url(
        &env.cwd,
        &a.url,
        a.out.as_deref(),
        a.force,
        &dedup(a.fs_config),
        a.jobs,
        &env.progress(),
    )?;
    Ok(0)
}

pub fn update(env: &Env, a: UpdateArgs) -> Result<u8> {
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    let targets = if a.recursive {
        imports::imports_under(&tx, &env.cwd, &a.targets)?
    } else {
        a.targets.clone()
    };
    if a.recursive && targets.is_empty() {
        return Ok(0);
    }
    let done = imports::update(
        &tx,
        &env.cwd,
        &targets,
        a.rev.as_deref(),
        a.jobs,
        a.to_remote.then_some(a.remote.as_deref()),
        &env.progress(),
    )?;
    for u in done {
        match u {
            Updated::Unchanged { pointer } => env
                .printer
                .out(format!("'{pointer}' didn't change, skipping")),
            Updated::Imported { path, url, out, .. } if url.is_empty() => {
                env.printer.out(format!("Importing '{path}' -> '{out}'"))
            }
            Updated::Imported { path, url, out, .. } => env
                .printer
                .out(format!("Importing '{path} ({url})' -> '{out}'")),
        }
    }
    Ok(0)
}
