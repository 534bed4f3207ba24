//! Other repositories as sources of data (`ls`, `get`, `import`, `update`): a git repository
//! named by a local path or by anything `git clone` accepts, read at one commit straight from
//! git objects, with its outputs' objects fetched from its default remote.
//!
//! A local repository is used where it is (its workspace config, its cache as a first place to
//! look); any other URL is cloned into a temporary directory that is removed afterwards.

mod objects;
mod read;
pub mod tree;
mod updates;

pub use objects::Materialized;
pub use read::{du, get, get_from, ls, ls_tree, GetOptions, LsNode, LsOptions};

pub use tree::{LsEntry, Node, Tree};
pub use updates::{import_updates, ImportUpdate};

use std::path::{Path, PathBuf};

use dvx_remote::RemoteConfig;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::remotes;
use crate::scm::git_out;

/// A repository at one commit.
pub struct Source {
    /// The repository as the user named it.
    pub url: String,
    /// The commit read (full id).
    pub commit: String,
    /// Where git runs: the local work tree or the temporary clone.
    git_dir: PathBuf,
    /// The repository's path inside the git tree ("" or "sub/"), for a DVC repository kept
    /// in a subdirectory of a git repository.
    prefix: String,
    /// A local repository opened without a revision: `ls` lists its workspace, as DVC does.
    workspace: Option<PathBuf>,
    /// Its config (None when it is a plain git repository, not a DVC one).
    config: Option<Config>,
    /// A local repository's cache.
    local_cache: Option<PathBuf>,
    _clone: Option<tempfile::TempDir>,
}

impl Source {
    /// Opens `url` at `rev` (default: the current commit of a local repository, the default
    /// branch of a cloned one). A relative local path is relative to `cwd`.
    pub fn open(url: &str, rev: Option<&str>, cwd: &Path) -> Result<Source> {
        let local = crate::fsutil::absolutize(cwd, Path::new(url));
        if local.exists() {
            Self::open_local(url, &local, rev)
        } else {
            Self::clone(url, rev)
        }
    }

    fn open_local(url: &str, dir: &Path, rev: Option<&str>) -> Result<Source> {
        let not_git = || {
            Error::user(format!("'{url}' is not a git repository"))
                .with_hint("name a DVC (or git) repository: a local path or a URL git can clone")
        };
        if !dir.is_dir() {
            return Err(not_git());
        }
        let dir = dir
            .canonicalize()
            .map_err(|e| Error::io("opening", dir, e))?;
        let git = crate::scm::Git::discover(&dir).ok_or_else(not_git)?;
        let git_root = git.root.canonicalize().unwrap_or(git.root);
        let prefix = match crate::fsutil::relative_path(&git_root, &dir).as_str() {
            "." | "" => String::new(),
            p => format!("{p}/"),
        };
        let commit = resolve_rev(&git_root, url, rev, false)?;
        let dvc_dir = dir.join(".dvc");
        let (config, local_cache) = if dvc_dir.is_dir() {
            let config = Config::load(Some(&dvc_dir))?;
            let cache = config
                .get_path("cache", "dir")
                .unwrap_or_else(|| dvc_dir.join("cache"));
            (Some(config), Some(cache))
        } else {
            (None, None)
        };
        Ok(Source {
            url: url.to_string(),
            commit,
            git_dir: git_root,
            prefix,
            workspace: (rev.is_none() && config.is_some()).then_some(dir.clone()),
            config,
            local_cache,
            _clone: None,
        })
    }

    fn clone(url: &str, rev: Option<&str>) -> Result<Source> {
        let tmp = tempfile::Builder::new()
            .prefix("dvx-clone-")
            .tempdir()
            .map_err(|e| {
                Error::io(
                    "creating a temporary directory in",
                    &std::env::temp_dir(),
                    e,
                )
            })?;
        let dir = tmp.path().join("repo");
        crate::scm::clone_no_checkout(url, &dir).map_err(|why| {
            Error::user(format!("'{url}' is not a repository dvx can read: {why}"))
                .with_hint("name a DVC (or git) repository: a local path or a URL git can clone")
        })?;
        let commit = resolve_rev(&dir, url, rev, true)?;
        // The config as committed; relative paths in it are relative to the clone, as in DVC.
        let config = match git_out(&dir, &["show", &format!("{commit}:.dvc/config")]) {
            Ok(text) => {
                let dvc_dir = dir.join(".dvc");
                std::fs::create_dir_all(&dvc_dir)
                    .map_err(|e| Error::io("creating", &dvc_dir, e))?;
                std::fs::write(dvc_dir.join("config"), text)
                    .map_err(|e| Error::io("writing", &dvc_dir, e))?;
                Some(Config::load(Some(&dvc_dir))?)
            }
            Err(_) => None,
        };
        Ok(Source {
            url: url.to_string(),
            commit,
            git_dir: dir,
            prefix: String::new(),
            workspace: None,
            config,
            local_cache: None,
            _clone: Some(tmp),
        })
    }

    /// The files, directories and outputs at the commit.
    pub fn tree(&self) -> Result<Tree> {
        Tree::read(&self.git_dir, &self.commit, &self.prefix, &self.url)
    }

    /// Applies the config an import records for its source (or `--config`, `--remote`,
    /// `--remote-config` give): `config` a config file's path (relative to `base`) or a
    /// mapping of sections merged over the source's config; `remote` the name of the remote
    /// to use, or options merged into its default remote.
    pub fn with_overrides(
        mut self,
        config: Option<&dvx_formats::yaml::Value>,
        remote: Option<&dvx_formats::yaml::Value>,
        base: &Path,
    ) -> Result<Source> {
        use dvx_formats::yaml::Value;
        if config.is_none() && remote.is_none() {
            return Ok(self);
        }
        let mut cfg = self.config.take().unwrap_or_default();
        match config {
            None => {}
            Some(Value::Str(file)) => {
                let path = crate::fsutil::absolutize(base, Path::new(file));
                if !path.is_file() {
                    return Err(Error::user(format!(
                        "config file '{}' does not exist",
                        path.display()
                    )));
                }
                cfg.merge_file(&path)?;
            }
            Some(Value::Map(sections)) => {
                for (name, v) in sections {
                    let Value::Map(entries) = v else { continue };
                    for (k, v) in entries {
                        match (name.as_str(), v) {
                            // `remote: {NAME: {option: value}}`
                            ("remote", Value::Map(opts)) => {
                                for (o, val) in opts {
                                    if let Some(val) = val.as_text() {
                                        cfg.set(&crate::remotes::section(k), o, &val, base);
                                    }
                                }
                            }
                            (_, v) => {
                                if let Some(val) = v.as_text() {
                                    cfg.set(name, k, &val, base);
                                }
                            }
                        }
                    }
                }
            }
            Some(_) => {
                return Err(Error::user(format!(
                    "the config recorded for '{}' is neither a file nor a mapping",
                    self.url
                )))
            }
        }
        match remote {
            None => {}
            Some(Value::Map(opts)) => {
                let Some(name) = cfg.get("core", "remote").map(str::to_string) else {
                    return Err(Error::user(format!(
                        "'{}' has no default remote for the remote options to apply to",
                        self.url
                    ))
                    .with_hint("name the remote with --remote"));
                };
                for (o, val) in opts {
                    if let Some(val) = val.as_text() {
                        cfg.set(&crate::remotes::section(&name), o, &val, base);
                    }
                }
            }
            Some(v) => {
                if let Some(name) = v.as_text() {
                    cfg.set("core", "remote", &name, base);
                }
            }
        }
        self.config = Some(cfg);
        Ok(self)
    }

    /// The repository's annotated tags: name, the commit it points to, when it was tagged
    /// (seconds). Lightweight tags are left out.
    pub fn annotated_tags(&self) -> Result<Vec<(String, String, i64)>> {
        let out = git_out(
            &self.git_dir,
            &[
                "for-each-ref",
                "refs/tags",
                "--format=%(objecttype) %(taggerdate:unix) %(*objectname) %(refname:strip=2)",
            ],
        )
        .map_err(|e| Error::user(format!("cannot list the tags of '{}': {e}", self.url)))?;
        let text = String::from_utf8_lossy(&out);
        let mut tags = Vec::new();
        for line in text.lines() {
            let mut f = line.splitn(4, ' ');
            let (Some("tag"), Some(time), Some(target), Some(name)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            tags.push((
                name.to_string(),
                target.to_string(),
                time.parse().unwrap_or(0),
            ));
        }
        Ok(tags)
    }

    /// The same repository at another commit (its tree, not its workspace).
    pub fn at_commit(mut self, commit: &str) -> Source {
        self.commit = commit.to_string();
        self.workspace = None;
        self
    }

    /// The text of `path` (repository-relative) at the commit, if git has it there.
    pub fn read_text(&self, path: &str) -> Result<Option<String>> {
        match git_out(
            &self.git_dir,
            &["show", &format!("{}:{}{path}", self.commit, self.prefix)],
        ) {
            Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Err(_) => Ok(None),
        }
    }

    /// What `ls` lists: a local repository's workspace when no revision was named (as DVC),
    /// else the tree at the commit.
    pub fn listing_tree(&self) -> Result<Tree> {
        match &self.workspace {
            Some(dir) => Tree::read_workspace(dir, &self.url),
            None => self.tree(),
        }
    }

    /// Where a listing looked, for messages: "at revision abc1234" or "in its workspace".
    pub fn listed_at(&self) -> String {
        match self.workspace {
            Some(_) => "in its workspace".to_string(),
            None => format!("at revision {}", self.short()),
        }
    }

    /// The commit, shortened as messages show it.
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }

    /// Where the source's objects are looked for, in order: a local repository's cache, then
    /// its default remote (or an output's own `remote:`).
    fn providers(&self, remote: Option<&str>) -> Result<Vec<RemoteConfig>> {
        let mut v = Vec::new();
        if let Some(cache) = &self.local_cache {
            v.push(RemoteConfig {
                name: format!("cache of {}", self.url),
                url: cache.display().to_string(),
                options: Default::default(),
                base_dir: cache.clone(),
            });
        }
        if let Some(cfg) = &self.config {
            if remote.is_some() || cfg.get("core", "remote").is_some() {
                let r = remotes::resolve(cfg, remote).map_err(|e| {
                    Error::user(format!("in the source repository '{}': {e}", self.url))
                })?;
                v.push(r);
            }
        }
        if v.is_empty() {
            return Err(Error::user(format!(
                "the source repository '{}' has no default remote, so its data cannot be fetched",
                self.url
            ))
            .with_hint(
                "in that repository, set one (`dvx remote add -d NAME URL`), commit .dvc/config and push the data",
            ));
        }
        Ok(v)
    }
}

/// The commit `rev` names in the repository at `dir` (in a clone, a branch is also looked up
/// as `origin/<rev>`).
fn resolve_rev(dir: &Path, url: &str, rev: Option<&str>, cloned: bool) -> Result<String> {
    let ask = |r: &str| {
        git_out(
            dir,
            &["rev-parse", "--verify", "-q", &format!("{r}^{{commit}}")],
        )
        .ok()
        .map(|o| String::from_utf8_lossy(&o).trim().to_string())
        .filter(|s| !s.is_empty())
    };
    match rev {
        None => ask("HEAD").ok_or_else(|| {
            Error::user(format!("the repository '{url}' has no commits"))
                .with_hint("commit its .dvc files first")
        }),
        Some(r) => ask(r)
            .or_else(|| cloned.then(|| ask(&format!("origin/{r}"))).flatten())
            .ok_or_else(|| {
                Error::user(format!("unknown Git revision '{r}' in '{url}'"))
                    .with_hint("name a commit, branch or tag of that repository")
            }),
    }
}

/// A path in the source, as recorded: normalised, inside the repository.
pub fn source_path(path: &str) -> Result<String> {
    tree::normalize(path)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            Error::user(format!(
                "'{path}' is not a path inside the source repository"
            ))
            .with_hint("name a file or directory relative to that repository's root")
        })
}

/// Where an output named after `path` goes (DVC's rule): `out`, or inside `out` when it is a
/// directory, or the base name of `path` in `cwd`.
pub fn resolve_out(cwd: &Path, path: &str, out: Option<&str>, force: bool) -> Result<PathBuf> {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    let target = match out {
        None => cwd.join(name),
        // an existing directory receives the import, unless it is itself a tracked output
        // (an import interrupted after its pointer file was written, run again with -f)
        Some(o)
            if crate::fsutil::absolutize(cwd, Path::new(o)).is_dir()
                && !crate::walk::is_tracked_dir(&crate::fsutil::absolutize(cwd, Path::new(o))) =>
        {
            crate::fsutil::absolutize(cwd, Path::new(o)).join(name)
        }
        Some(o) => crate::fsutil::absolutize(cwd, Path::new(o)),
    };
    if std::fs::symlink_metadata(&target).is_ok() && !force {
        return Err(Error::user(format!(
            "'{}' already exists locally",
            crate::fsutil::relative_path(cwd, &target)
        ))
        .with_hint("to replace it, re-run with --force (-f)"));
    }
    Ok(target)
}

/// The source of an import. A relative local URL is relative to `cwd` (as DVC reads it),
/// else to the repository root.
pub fn open_source(
    repo: &crate::repo::Repo,
    cwd: &Path,
    url: &str,
    rev: Option<&str>,
) -> Result<Source> {
    let base = if cwd.join(url).exists() {
        cwd
    } else {
        &repo.root
    };
    Source::open(url, rev, base)
}

/// An import's source at `rev`, with the config its dependency records applied.
pub fn open_import_source(
    repo: &crate::repo::Repo,
    cwd: &Path,
    dep: &dvx_formats::import::ImportDep,
    rev: Option<&str>,
) -> Result<Source> {
    open_source(repo, cwd, &dep.url, rev)?.with_overrides(
        dep.config.as_ref(),
        dep.remote.as_ref(),
        cwd,
    )
}

/// `--config FILE`, `--remote NAME` and `--remote-config NAME=VALUE...` for a source, in the
/// form an import records them (DVC's): a file's path as `config`; with both `--remote` and
/// `--remote-config`, a `config` mapping naming the remote and its options; else `remote`,
/// a name or a mapping of options for the default remote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceConfig {
    pub config: Option<dvx_formats::yaml::Value>,
    pub remote: Option<dvx_formats::yaml::Value>,
}

impl SourceConfig {
    pub fn from_flags(
        config: Option<&str>,
        remote: Option<&str>,
        remote_config: &[(String, String)],
    ) -> Result<SourceConfig> {
        use dvx_formats::yaml::Value;
        let opts = || {
            Value::Map(
                remote_config
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::Str(v.clone())))
                    .collect(),
            )
        };
        let mut out = SourceConfig {
            config: config.map(|c| Value::Str(c.to_string())),
            remote: None,
        };
        match (remote, remote_config.is_empty()) {
            (Some(_), false) if config.is_some() => {
                return Err(Error::user(
                    "--config cannot be given together with both --remote and --remote-config",
                ))
            }
            (Some(name), false) => {
                out.config = Some(Value::Map(vec![
                    (
                        "core".into(),
                        Value::Map(vec![("remote".into(), Value::Str(name.to_string()))]),
                    ),
                    (
                        "remote".into(),
                        Value::Map(vec![(name.to_string(), opts())]),
                    ),
                ]))
            }
            (Some(name), true) => out.remote = Some(Value::Str(name.to_string())),
            (None, false) => out.remote = Some(opts()),
            (None, true) => {}
        }
        Ok(out)
    }
}
