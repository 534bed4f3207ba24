//! DVC's config levels (system, global, repo, local), merged in that order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dvx_formats::config::ConfigFile;

use crate::error::{Error, IoContext, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    System,
    Global,
    Repo,
    Local,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::System, Level::Global, Level::Repo, Level::Local];

    pub fn name(self) -> &'static str {
        match self {
            Level::System => "system",
            Level::Global => "global",
            Level::Repo => "repo",
            Level::Local => "local",
        }
    }
}

/// Where each level's file is. The repo levels need a `.dvc` directory.
pub fn level_path(level: Level, dvc_dir: Option<&Path>) -> Option<PathBuf> {
    match level {
        Level::System => Some(
            std::env::var_os("DVC_SYSTEM_CONFIG_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/etc/xdg/dvc"))
                .join("config"),
        ),
        Level::Global => {
            let dir = std::env::var_os("DVC_GLOBAL_CONFIG_DIR")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("XDG_CONFIG_HOME")
                        .map(|x| PathBuf::from(x).join("dvc"))
                        .or_else(|| {
                            std::env::var_os("HOME")
                                .map(|h| PathBuf::from(h).join(".config").join("dvc"))
                        })
                })?;
            Some(dir.join("config"))
        }
        Level::Repo => dvc_dir.map(|d| d.join("config")),
        Level::Local => dvc_dir.map(|d| d.join("config.local")),
    }
}

/// Reads one level's file; a missing file is an empty config.
pub fn read_level(path: &Path) -> Result<ConfigFile> {
    match std::fs::read_to_string(path) {
        Ok(text) => ConfigFile::parse(&text).map_err(|e| {
            Error::user(format!("config file '{}' has a syntax error: {e}", path.display()))
                .with_hint("fix or remove that line; DVC's config files are INI files like `[core]` / `    remote = name`")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(e) => Err(Error::io("reading config file", path, e)),
    }
}

/// Writes one level's file atomically, keeping its permissions (a 0600 `config.local` holding
/// secrets stays 0600) and, when it is a symlink, writing the file it links to.
pub fn write_level(path: &Path, cfg: &ConfigFile) -> Result<()> {
    let target = crate::fsutil::resolve_file_links(path).ctx("resolving config file", path)?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).ctx("creating", parent)?;
    }
    crate::fsutil::write_atomic(&target, cfg.render().as_bytes())
        .ctx("writing config file", &target)
}

/// A value and the directory of the file that set it (relative paths are relative to it).
#[derive(Debug, Clone)]
pub struct Setting {
    pub value: String,
    pub dir: PathBuf,
    pub level: Level,
}

/// All levels merged: later levels override earlier ones, key by key.
#[derive(Debug, Clone, Default)]
pub struct Config {
    values: BTreeMap<(String, String), Setting>,
}

impl Config {
    pub fn load(dvc_dir: Option<&Path>) -> Result<Self> {
        let mut cfg = Config::default();
        for level in Level::ALL {
            let Some(path) = level_path(level, dvc_dir) else {
                continue;
            };
            let file = read_level(&path)?;
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            for s in &file.sections {
                for (k, v) in &s.entries {
                    cfg.values.insert(
                        (s.name.clone(), k.clone()),
                        Setting {
                            value: v.clone(),
                            dir: dir.clone(),
                            level,
                        },
                    );
                }
            }
        }
        Ok(cfg)
    }

    /// Sets one option, as a level above all others would (`dir` is where relative paths in
    /// it start).
    pub fn set(&mut self, section: &str, key: &str, value: &str, dir: &Path) {
        self.values.insert(
            (section.to_string(), key.to_string()),
            Setting {
                value: value.to_string(),
                dir: dir.to_path_buf(),
                level: Level::Local,
            },
        );
    }

    /// Merges a config file over these settings, key by key.
    pub fn merge_file(&mut self, path: &Path) -> Result<()> {
        let file = read_level(path)?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for s in &file.sections {
            for (k, v) in &s.entries {
                self.set(&s.name, k, v, &dir);
            }
        }
        Ok(())
    }

    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.values
            .get(&(section.to_string(), key.to_string()))
            .map(|s| s.value.as_str())
    }

    pub fn setting(&self, section: &str, key: &str) -> Option<&Setting> {
        self.values.get(&(section.to_string(), key.to_string()))
    }

    /// A boolean as DVC reads it (`true/false`, `yes/no`, `1/0`, any case).
    pub fn get_bool(&self, section: &str, key: &str) -> Result<Option<bool>> {
        let Some(v) = self.get(section, key) else {
            return Ok(None);
        };
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => Ok(Some(true)),
            "false" | "no" | "0" | "off" => Ok(Some(false)),
            _ => Err(Error::user(format!(
                "config option {section}.{key} = '{v}' is not a boolean"
            ))
            .with_hint(format!(
                "set it to true or false: dvx config {section}.{key} true"
            ))),
        }
    }

    /// A path setting, resolved against the directory of the file that set it.
    pub fn get_path(&self, section: &str, key: &str) -> Option<PathBuf> {
        let s = self.setting(section, key)?;
        let p = PathBuf::from(&s.value);
        Some(if p.is_absolute() { p } else { s.dir.join(p) })
    }

    /// Every merged setting, for `config --list`.
    pub fn iter(&self) -> impl Iterator<Item = (&(String, String), &Setting)> {
        self.values.iter()
    }
}

/// Splits `core.remote` or `remote.storage.url` into (section, option) as DVC names them.
pub fn split_key(key: &str) -> Result<(String, String)> {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        [section, option] if !section.is_empty() && !option.is_empty() => {
            Ok((section.to_string(), option.to_string()))
        }
        [kind, name @ .., option] if parts.len() >= 3 && !option.is_empty() => {
            Ok((format!("{kind} \"{}\"", name.join(".")), option.to_string()))
        }
        _ => Err(Error::user(format!("'{key}' is not a config option name"))
            .with_hint("names look like `section.option` (core.remote) or `remote.NAME.option`")),
    }
}

/// The dotted name of a section/option pair: `remote "x"` + `url` → `remote.x.url`.
pub fn join_key(section: &str, option: &str) -> String {
    match section.split_once(' ') {
        Some((kind, name)) => format!("{kind}.{}.{option}", name.trim_matches('"')),
        None => format!("{section}.{option}"),
    }
}

/// Options DVC treats as file-system paths: stored relative to the config file's directory,
/// shown absolute. A remote `url` is a path only when it has no scheme.
pub fn is_path_option(section: &str, option: &str, value: &str) -> bool {
    match (
        section.split_once(' ').map(|(k, _)| k).unwrap_or(section),
        option,
    ) {
        ("cache", "dir") => true,
        ("remote", "url") => !value.contains("://"),
        (
            "remote",
            "credentialpath" | "keyfile" | "configpath" | "gdrive_user_credentials_file",
        ) => true,
        _ => false,
    }
}

/// The text to store for a path option given on the command line in `cwd`.
pub fn path_to_store(value: &str, cwd: &Path, config_dir: &Path) -> String {
    let p = Path::new(value);
    if p.is_absolute() {
        return value.to_string();
    }
    let abs = crate::fsutil::absolutize(cwd, p);
    crate::fsutil::relative_path(config_dir, &abs)
}

/// How a stored path option is shown: absolute, as DVC shows it.
pub fn path_to_show(value: &str, config_dir: &Path) -> String {
    let p = Path::new(value);
    if p.is_absolute() {
        value.to_string()
    } else {
        crate::fsutil::absolutize(config_dir, p)
            .display()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_map_to_dvc_sections() {
        assert_eq!(
            split_key("core.remote").unwrap(),
            ("core".into(), "remote".into())
        );
        assert_eq!(
            split_key("remote.my.store.url").unwrap(),
            ("remote \"my.store\"".into(), "url".into())
        );
        assert!(split_key("core").is_err());
        assert_eq!(
            join_key("remote \"my.store\"", "url"),
            "remote.my.store.url"
        );
        assert_eq!(join_key("cache", "type"), "cache.type");
    }

    #[test]
    fn path_options_are_stored_relative_to_the_config_file() {
        assert!(is_path_option("remote \"s\"", "url", "../blob"));
        assert!(!is_path_option("remote \"s\"", "url", "s3://bucket/x"));
        assert!(is_path_option("cache", "dir", "x"));
        assert!(!is_path_option("core", "remote", "x"));
        let stored = path_to_store("stores/blob", Path::new("/repo"), Path::new("/repo/.dvc"));
        assert_eq!(stored, "../stores/blob");
        assert_eq!(
            path_to_show(&stored, Path::new("/repo/.dvc")),
            "/repo/stores/blob"
        );
        assert_eq!(
            path_to_store("/abs/x", Path::new("/repo"), Path::new("/repo/.dvc")),
            "/abs/x"
        );
    }
}
