use dvx_formats::config::ConfigFile;
use dvx_repo::config::{is_path_option, path_to_show, path_to_store, read_level, Config, Level};
use dvx_repo::{remotes, Error, Result};

use super::config::{edit, level_file};
use super::Env;
use crate::cli::{RemoteArgs, RemoteCommand};

/// Every level's file, for checks that a remote exists somewhere.
fn all_levels(env: &Env) -> Result<Vec<ConfigFile>> {
    let mut v = Vec::new();
    for l in Level::ALL {
        if let Ok(p) = level_file(env, l) {
            v.push(read_level(&p)?);
        }
    }
    Ok(v)
}

/// `s` with tabs expanded to 8-column stops, as DVC prints its remote list.
fn expand_tabs(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch == '\t' {
            let pad = 8 - out.chars().count() % 8;
            out.extend(std::iter::repeat_n(' ', pad));
        } else {
            out.push(ch);
        }
    }
    out
}

pub fn run(env: &Env, a: RemoteArgs) -> Result<u8> {
    match a.command {
        RemoteCommand::Add {
            name,
            url,
            default,
            force,
            level,
        } => {
            let l = level.chosen().unwrap_or(Level::Repo);
            edit(env, l, |cfg, dir| {
                let stored = if is_path_option("remote", "url", &url) {
                    path_to_store(&url, &env.cwd, dir)
                } else {
                    url.clone()
                };
                remotes::add(cfg, &name, &stored, force)?;
                if default {
                    cfg.set("core", "remote", &name);
                }
                Ok(())
            })?;
            if default {
                env.printer
                    .out(format!("Setting '{name}' as a default remote."));
            }
        }
        RemoteCommand::Modify {
            name,
            option,
            value,
            unset,
            level,
        } => {
            remotes::require(&all_levels(env)?, &name)?;
            if value.is_none() && !unset {
                return Err(Error::user(format!("no value given for option '{option}'"))
                    .with_hint("pass a value, or -u to unset it"));
            }
            let l = level.chosen().unwrap_or(Level::Repo);
            edit(env, l, |cfg, dir| {
                let v = value.as_deref().map(|v| {
                    if is_path_option(&remotes::section(&name), &option, v) {
                        path_to_store(v, &env.cwd, dir)
                    } else {
                        v.to_string()
                    }
                });
                remotes::modify(cfg, &name, &option, if unset { None } else { v.as_deref() })
            })?;
        }
        RemoteCommand::List { level } => {
            let (urls, default): (Vec<(String, String)>, Option<String>) = match level.chosen() {
                Some(l) => {
                    let path = level_file(env, l)?;
                    let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
                    let file = read_level(&path)?;
                    let urls = remotes::names(&file)
                        .into_iter()
                        .map(|n| {
                            let u = file.get(&remotes::section(&n), "url").unwrap_or_default();
                            let shown = if is_path_option("remote", "url", u) {
                                path_to_show(u, &dir)
                            } else {
                                u.to_string()
                            };
                            (n, shown)
                        })
                        .collect();
                    (urls, file.get("core", "remote").map(str::to_string))
                }
                None => {
                    let repo = env.repo().ok();
                    let cfg = Config::load(repo.as_ref().map(|r| r.dvc_dir.as_path()))?;
                    // In file order, level by level, as DVC lists them.
                    let mut names: Vec<String> = Vec::new();
                    for file in all_levels(env)? {
                        for n in remotes::names(&file) {
                            if !names.contains(&n)
                                && cfg.get(&remotes::section(&n), "url").is_some()
                            {
                                names.push(n);
                            }
                        }
                    }
                    let urls = names
                        .into_iter()
                        .map(|n| {
                            let s = cfg.setting(&remotes::section(&n), "url").cloned();
                            let shown = s
                                .map(|s| {
                                    if is_path_option("remote", "url", &s.value) {
                                        path_to_show(&s.value, &s.dir)
                                    } else {
                                        s.value
                                    }
                                })
                                .unwrap_or_default();
                            (n, shown)
                        })
                        .collect();
                    (urls, cfg.get("core", "remote").map(str::to_string))
                }
            };
            for (n, u) in urls {
                let mark = if default.as_deref() == Some(n.as_str()) {
                    "\t(default)"
                } else {
                    ""
                };
                env.printer.answer(expand_tabs(&format!("{n}\t{u}{mark}")));
            }
        }
        RemoteCommand::Default { name, unset, level } => {
            let l = level.chosen().unwrap_or(Level::Repo);
            match (name, unset) {
                (_, true) => edit(env, l, |cfg, _| {
                    cfg.unset("core", "remote");
                    Ok(())
                })?,
                (Some(n), false) => {
                    remotes::require(&all_levels(env)?, &n)?;
                    edit(env, l, |cfg, _| {
                        cfg.set("core", "remote", &n);
                        Ok(())
                    })?
                }
                (None, false) => {
                    let repo = env.repo().ok();
                    let cfg = Config::load(repo.as_ref().map(|r| r.dvc_dir.as_path()))?;
                    match cfg.get("core", "remote") {
                        Some(d) => env.printer.answer(d),
                        None => {
                            return Err(Error::user("no default remote is set")
                                .with_hint("set one with `dvx remote default NAME`"))
                        }
                    }
                }
            }
        }
        RemoteCommand::Remove { name, level } => {
            edit(env, level.chosen().unwrap_or(Level::Repo), |cfg, _| {
                remotes::remove(cfg, &name)
            })?;
        }
        RemoteCommand::Rename { old, new, level } => {
            edit(env, level.chosen().unwrap_or(Level::Repo), |cfg, _| {
                remotes::rename(cfg, &old, &new)
            })?;
        }
    }
    Ok(0)
}
