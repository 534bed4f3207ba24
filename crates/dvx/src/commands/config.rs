use std::path::{Path, PathBuf};

use dvx_formats::config::ConfigFile;
use dvx_repo::config::{
    is_path_option, join_key, level_path, path_to_show, path_to_store, read_level, split_key,
    Config, Level,
};
use dvx_repo::config_edit::edit_level;
use dvx_repo::{Error, Result};

use super::Env;
use crate::cli::ConfigArgs;

/// The file of a level, which for repo levels needs a repository.
pub fn level_file(env: &Env, level: Level) -> Result<PathBuf> {
    let dvc_dir = match level {
        Level::Repo | Level::Local => Some(env.repo()?.dvc_dir),
        _ => None,
    };
    level_path(level, dvc_dir.as_deref()).ok_or_else(|| {
        Error::user(format!(
            "cannot locate the {} config file (is HOME set?)",
            level.name()
        ))
    })
}

/// Edits one level's file under its lock (see [`dvx_repo::config_edit::edit_level`]), with the
/// file's directory for relative paths.
pub fn edit(
    env: &Env,
    level: Level,
    change: impl FnOnce(&mut ConfigFile, &Path) -> Result<()>,
) -> Result<()> {
    let path = level_file(env, level)?;
    let repo = match level {
        Level::Repo | Level::Local => Some(env.repo()?),
        _ => None,
    };
    let tx = match &repo {
        Some(r) => Some(dvx_repo::Transaction::start(r, env.wait_for_lock)?),
        None => None,
    };
    edit_level(&path, tx.as_ref(), change)
}

pub fn run(env: &Env, a: ConfigArgs) -> Result<u8> {
    let level = a.level.chosen();
    if a.list {
        if a.name.is_some() {
            return Err(Error::user("-l/--list takes no option name"));
        }
        let lines: Vec<(String, String, String)> = match level {
            Some(l) => {
                let path = level_file(env, l)?;
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let file = read_level(&path)?;
                file.sections
                    .iter()
                    .flat_map(|s| {
                        s.entries.iter().map(|(k, v)| {
                            (
                                join_key(&s.name, k),
                                shown(&s.name, k, v, &dir),
                                path.display().to_string(),
                            )
                        })
                    })
                    .collect()
            }
            None => {
                let repo = env.repo().ok();
                let cfg = Config::load(repo.as_ref().map(|r| r.dvc_dir.as_path()))?;
                cfg.iter()
                    .map(|((s, k), v)| {
                        (
                            join_key(s, k),
                            shown(s, k, &v.value, &v.dir),
                            v.dir.join("config").display().to_string(),
                        )
                    })
                    .collect()
            }
        };
        for (k, v, origin) in lines {
            if a.show_origin {
                env.printer.answer(format!("{origin}\t{k}={v}"));
            } else {
                env.printer.answer(format!("{k}={v}"));
            }
        }
        return Ok(0);
    }
    let Some(name) = &a.name else {
        return Err(Error::user(
            "name an option (section.option), or pass -l to list them all",
        ));
    };
    let (section, option) = split_key(name)?;
    if a.unset || a.value.is_some() {
        let l = level.unwrap_or(Level::Repo);
        let path = level_file(env, l)?;
        edit(env, l, |file, dir| {
            if a.unset {
                if !file.unset(&section, &option) {
                    return Err(Error::user(format!(
                        "option '{name}' is not set in {}",
                        path.display()
                    )));
                }
            } else if let Some(v) = &a.value {
                let stored = if is_path_option(&section, &option, v) {
                    path_to_store(v, &env.cwd, dir)
                } else {
                    v.clone()
                };
                file.set(&section, &option, &stored);
            }
            Ok(())
        })?;
        return Ok(0);
    }
    let value = match level {
        Some(l) => {
            let path = level_file(env, l)?;
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            read_level(&path)?
                .get(&section, &option)
                .map(|v| shown(&section, &option, v, &dir))
        }
        None => {
            let repo = env.repo().ok();
            let cfg = Config::load(repo.as_ref().map(|r| r.dvc_dir.as_path()))?;
            cfg.setting(&section, &option)
                .map(|s| shown(&section, &option, &s.value, &s.dir))
        }
    };
    match value {
        Some(v) => {
            env.printer.answer(v);
            Ok(0)
        }
        None => Err(Error::user(format!("option '{name}' is not set"))
            .with_hint("list what is set with `dvx config -l`")),
    }
}

/// A value as DVC shows it: path options absolute.
fn shown(section: &str, option: &str, value: &str, dir: &Path) -> String {
    if is_path_option(section, option, value) {
        path_to_show(value, dir)
    } else {
        value.to_string()
    }
}
