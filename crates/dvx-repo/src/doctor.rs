//! `version` / `doctor`: what dvx is and what it finds here, in DVC's fields (platform,
//! supported remote schemes, config directories, the link types the cache supports, the file
//! systems of the cache and the workspace, the remotes' kinds).

use std::path::{Path, PathBuf};

use dvx_odb::link::LinkType;

use crate::config::{level_path, Level};
use crate::repo::Repo;

pub struct Doctor {
    pub platform: String,
    pub supports: Vec<&'static str>,
    pub global_config: Option<PathBuf>,
    pub system_config: Option<PathBuf>,
    /// What was found of the repository here, if there is one.
    pub repo: Option<RepoInfo>,
}

pub struct RepoInfo {
    /// The link types that work from the cache into the workspace; None without a cache yet.
    pub cache_types: Option<Vec<&'static str>>,
    /// `ext4 on /dev/vda` (None without a cache yet).
    pub cache_fs: Option<String>,
    /// The kind of each configured remote (`local`, `s3`, ...).
    pub remotes: Vec<String>,
    pub workspace_fs: String,
    /// `dvc, git`, `dvc (subdir), git` or `dvc (no_scm)`.
    pub kind: String,
}

/// Gathers the report; `repo` is the repository the command runs in, if any.
pub fn doctor(repo: Option<&Repo>) -> Doctor {
    let dir = |level| level_path(level, None).and_then(|p| p.parent().map(Path::to_path_buf));
    Doctor {
        platform: platform(),
        supports: dvx_remote::SUPPORTED_SCHEMES.to_vec(),
        global_config: dir(Level::Global),
        system_config: dir(Level::System),
        repo: repo.map(repo_info),
    }
}

fn repo_info(repo: &Repo) -> RepoInfo {
    let cache = repo.cache_dir();
    let has_cache = cache.is_dir();
    let mut remotes: Vec<(String, String)> = repo
        .config
        .iter()
        .filter_map(|((section, option), setting)| {
            let name = section.strip_prefix("remote \"")?.strip_suffix('"')?;
            (option == "url").then(|| (name.to_string(), remote_kind(&setting.value)))
        })
        .collect();
    remotes.sort();
    let no_scm = repo
        .config
        .get_bool("core", "no_scm")
        .ok()
        .flatten()
        .unwrap_or(false);
    let kind = match &repo.scm {
        _ if no_scm => "dvc (no_scm)".to_string(),
        Some(git) if git.root != repo.root => "dvc (subdir), git".to_string(),
        Some(_) => "dvc, git".to_string(),
        None => "dvc (no_scm)".to_string(),
    };
    RepoInfo {
        cache_types: has_cache.then(|| link_types(&cache, &repo.root)),
        cache_fs: has_cache.then(|| fs_type(&cache)),
        remotes: remotes.into_iter().map(|(_, kind)| kind).collect(),
        workspace_fs: fs_type(&repo.root),
        kind,
    }
}

/// A remote URL's kind as DVC names its file system's protocol.
fn remote_kind(url: &str) -> String {
    match url.split_once("://") {
        None | Some(("file", _)) => "local".into(),
        Some(("webdavs", _)) => "webdav".into(),
        Some(("https", _)) => "http".into(),
        Some((scheme, _)) => scheme.to_string(),
    }
}

/// The link types that work from a file in `cache` to one in `workspace`, as DVC tests them
/// (its test files removed again).
fn link_types(cache: &Path, workspace: &Path) -> Vec<&'static str> {
    let stamp = format!("{}.{}", std::process::id(), rand_suffix());
    let source = cache.join(format!(".dvx-link-test.{stamp}"));
    if std::fs::write(&source, b"test").is_err() {
        return Vec::new();
    }
    let mut works = Vec::new();
    for (t, name) in [
        (LinkType::Reflink, "reflink"),
        (LinkType::Hardlink, "hardlink"),
        (LinkType::Symlink, "symlink"),
    ] {
        let dest = workspace.join(format!(".dvx-link-test.{stamp}.{name}"));
        if dvx_odb::link::link(&source, &dest, &[t]).is_ok() {
            works.push(name);
        }
        let _ = std::fs::remove_file(&dest);
    }
    let _ = std::fs::remove_file(&source);
    works
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0)
}

/// `ext4 on /dev/vda`: the mount that holds `path`, from `/proc/self/mounts`.
fn fs_type(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let mut best: Option<(usize, String)> = None;
    for line in mounts.lines() {
        let mut f = line.split(' ');
        let (Some(device), Some(mount), Some(fstype)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let mount = unescape_mount(mount);
        if path.starts_with(&mount) && best.as_ref().is_none_or(|(n, _)| mount.len() >= *n) {
            best = Some((mount.len(), format!("{fstype} on {device}")));
        }
    }
    best.map_or_else(|| "('unknown', 'none')".into(), |(_, s)| s)
}

/// `/proc/self/mounts` writes spaces, tabs, newlines and backslashes as octal escapes.
fn unescape_mount(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let code = rest.get(i + 1..i + 4);
        match code.and_then(|c| u8::from_str_radix(c, 8).ok()) {
            Some(b) => {
                out.push(b as char);
                rest = &rest[i + 4..];
            }
            None => {
                out.push('\\');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `Linux-6.1.0-x86_64`: the kernel, its release and the machine.
fn platform() -> String {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let os = match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "Darwin",
        other => other,
    };
    let release = release.trim();
    if release.is_empty() {
        format!("{os}-{}", std::env::consts::ARCH)
    } else {
        format!("{os}-{release}-{}", std::env::consts::ARCH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_and_remote_kinds() {
        assert_eq!(unescape_mount("/mnt/a\\040b"), "/mnt/a b");
        assert_eq!(remote_kind("../store"), "local");
        assert_eq!(remote_kind("s3://b/p"), "s3");
        assert_eq!(remote_kind("https://h/p"), "http");
        assert!(fs_type(Path::new("/")).contains(" on "));
    }
}
