//! Remote definitions in the config files (`['remote "name"']` sections and `core.remote`), as
//! `dvc remote add/modify/list/default/remove/rename` keep them.

use dvx_formats::config::ConfigFile;
use dvx_remote::RemoteConfig;

use crate::config::Config;
use crate::error::{Error, Result};

/// The config section of a remote.
pub fn section(name: &str) -> String {
    format!("remote \"{name}\"")
}

/// Remote names defined in a config file, in file order.
pub fn names(cfg: &ConfigFile) -> Vec<String> {
    cfg.sections
        .iter()
        .filter_map(|s| {
            s.name
                .strip_prefix("remote \"")
                .and_then(|n| n.strip_suffix('"'))
        })
        .map(str::to_string)
        .collect()
}

fn missing(name: &str) -> Error {
    Error::user(format!("remote '{name}' doesn't exist"))
        .with_hint("list the remotes with `dvx remote list`")
}

/// Adds (or with `force` replaces) a remote with its url (already in stored form).
pub fn add(cfg: &mut ConfigFile, name: &str, url: &str, force: bool) -> Result<()> {
    let sec = section(name);
    if cfg.section(&sec).is_some() {
        if !force {
            return Err(Error::user(format!("remote '{name}' already exists"))
                .with_hint("use -f/--force to overwrite it"));
        }
        cfg.sections.retain(|s| s.name != sec);
    }
    cfg.set(&sec, "url", url);
    Ok(())
}

/// Removes a remote, and the default if it named that remote.
pub fn remove(cfg: &mut ConfigFile, name: &str) -> Result<()> {
    let sec = section(name);
    if cfg.section(&sec).is_none() {
        return Err(missing(name));
    }
    cfg.sections.retain(|s| s.name != sec);
    if cfg.get("core", "remote") == Some(name) {
        cfg.unset("core", "remote");
    }
    Ok(())
}

/// Renames a remote, and the default if it named that remote.
pub fn rename(cfg: &mut ConfigFile, old: &str, new: &str) -> Result<()> {
    if cfg.section(&section(new)).is_some() {
        return Err(Error::user(format!("remote '{new}' already exists")));
    }
    let s = cfg
        .sections
        .iter_mut()
        .find(|s| s.name == section(old))
        .ok_or_else(|| missing(old))?;
    s.name = section(new);
    if cfg.get("core", "remote") == Some(old) {
        cfg.set("core", "remote", new);
    }
    Ok(())
}

/// Sets (or with `value` None, unsets) an option of an existing remote.
pub fn modify(cfg: &mut ConfigFile, name: &str, option: &str, value: Option<&str>) -> Result<()> {
    let sec = section(name);
    match value {
        Some(v) => cfg.set(&sec, option, v),
        None => {
            if !cfg.unset(&sec, option) {
                return Err(Error::user(format!(
                    "remote '{name}' has no option '{option}' in this config file"
                )));
            }
        }
    }
    Ok(())
}

/// The configuration of remote `name`, or of the default remote (`core.remote`), from the
/// merged config levels.
pub fn resolve(config: &Config, name: Option<&str>) -> Result<RemoteConfig> {
    let name = match name.or_else(|| config.get("core", "remote")) {
        Some(n) => n.to_string(),
        None => {
            return Err(Error::user("no remote given and no default remote set")
                .with_hint("set one with `dvx remote add -d NAME URL` (or `dvx remote default NAME`), or pass -r NAME"))
        }
    };
    let sec = section(&name);
    let Some(url) = config.setting(&sec, "url") else {
        return Err(missing(&name));
    };
    let options = config
        .iter()
        .filter(|((s, k), _)| *s == sec && k != "url")
        .map(|((_, k), v)| (k.clone(), v.value.clone()))
        .collect();
    Ok(RemoteConfig {
        name,
        url: url.value.clone(),
        options,
        base_dir: url.dir.clone(),
    })
}

/// Errors unless `name` is defined in one of `levels`.
pub fn require(levels: &[ConfigFile], name: &str) -> Result<()> {
    if levels.iter().any(|c| c.section(&section(name)).is_some()) {
        Ok(())
    } else {
        Err(missing(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_rename_remove_keep_the_default_in_step() {
        let mut cfg = ConfigFile::default();
        add(&mut cfg, "storage", "../stores/blob", false).unwrap();
        cfg.set("core", "remote", "storage");
        assert!(add(&mut cfg, "storage", "x", false).is_err());
        rename(&mut cfg, "storage", "blob").unwrap();
        assert_eq!(cfg.get("core", "remote"), Some("blob"));
        assert_eq!(names(&cfg), vec!["blob"]);
        remove(&mut cfg, "blob").unwrap();
        assert_eq!(cfg.render(), "");
        assert!(remove(&mut cfg, "blob").is_err());
    }
}
