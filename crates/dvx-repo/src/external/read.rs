//! `ls` and `get`: reading another repository without a repository of one's own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dvx_odb::{LinkType, Odb};

use super::tree::{normalize, LsEntry};
use super::Source;
use crate::error::{Error, Result};
use crate::Progress;

#[derive(Debug, Default, Clone)]
pub struct LsOptions {
    pub rev: Option<String>,
    pub recursive: bool,
    pub dvc_only: bool,
    pub jobs: Option<usize>,
    /// With `recursive`, this many levels down (`-L`), directories at the last level listed.
    pub maxdepth: Option<usize>,
    /// `--config`, `--remote`, `--remote-config` for the source.
    pub source_config: super::SourceConfig,
}

/// A node of `ls -T`: its entry (its name as `path`) and, for a directory, what it holds.
#[derive(Debug, Clone)]
pub struct LsNode {
    pub entry: LsEntry,
    pub contents: Vec<LsNode>,
}

fn inside(path: &str) -> Result<String> {
    normalize(path).ok_or_else(|| {
        Error::user(format!("'{path}' leaves the repository"))
            .with_hint("name a path relative to the repository's root")
    })
}

/// A scratch object store in the system's temporary directory, removed when dropped.
fn scratch_odb(near: Option<&Path>) -> Result<(tempfile::TempDir, Odb)> {
    let b = tempfile::Builder::new().prefix(".dvx-tmp-").tempdir_in(
        near.map(Path::to_path_buf)
            .unwrap_or_else(std::env::temp_dir),
    );
    let dir = b.map_err(|e| {
        Error::io(
            "creating a temporary directory in",
            near.unwrap_or(&std::env::temp_dir()),
            e,
        )
    })?;
    let odb = Odb::new(dir.path().join("cache"));
    Ok((dir, odb))
}

/// A source opened for a listing: its tree (the workspace of a local repository without a
/// revision), with the manifests of the directory outputs the listing of `path` needs.
struct Listing {
    source: Source,
    tree: super::Tree,
    manifests: HashMap<dvx_formats::Oid, dvx_formats::Manifest>,
    _scratch: Option<tempfile::TempDir>,
}

impl Listing {
    #[allow(clippy::too_many_arguments)]
    fn open(
        cwd: &Path,
        url: &str,
        rev: Option<&str>,
        source_config: &super::SourceConfig,
        path: &str,
        recursive: bool,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<Listing> {
        let source = Source::open(url, rev, cwd)?.with_overrides(
            source_config.config.as_ref(),
            source_config.remote.as_ref(),
            cwd,
        )?;
        let tree = source.listing_tree()?;
        let needed = tree.manifests_needed(path, recursive);
        let (scratch, manifests) = if needed.is_empty() {
            (None, HashMap::new())
        } else {
            let (tmp, odb) = scratch_odb(None)?;
            let m = source.manifests(&tree, &needed, &odb, jobs, progress)?;
            (Some(tmp), m)
        };
        Ok(Listing {
            source,
            tree,
            manifests,
            _scratch: scratch,
        })
    }

    /// `path` (as the user gave it) is not in the source.
    fn missing(&self, given: &str, url: &str) -> Error {
        Error::user(format!(
            "'{given}' does not exist in '{url}' {}",
            self.source.listed_at()
        ))
        .with_hint(format!("list what it holds with `dvx ls {url}`"))
    }
}

/// `dvx ls URL [PATH]`: what the repository holds at a revision, as `dvc ls` lists it.
pub fn ls(
    cwd: &Path,
    url: &str,
    path: Option<&str>,
    opts: &LsOptions,
    progress: &dyn Progress,
) -> Result<Vec<LsEntry>> {
    let p = inside(path.unwrap_or(""))?;
    let l = Listing::open(
        cwd,
        url,
        opts.rev.as_deref(),
        &opts.source_config,
        &p,
        opts.recursive,
        opts.jobs,
        progress,
    )?;
    let (tree, manifests) = (&l.tree, &l.manifests);
    let missing = || l.missing(path.unwrap_or(""), url);
    let Some(maxdepth) = opts.maxdepth.filter(|_| opts.recursive) else {
        return tree
            .list(&p, opts.recursive, opts.dvc_only, manifests)
            .ok_or_else(missing);
    };
    // -R -L: level by level, the directories of the last level listed themselves (as DVC)
    let top = tree
        .list(&p, false, opts.dvc_only, manifests)
        .ok_or_else(missing)?;
    let is_file = |e: &[LsEntry]| matches!(e, [one] if !one.isdir && p.ends_with(&one.path));
    if maxdepth == 0 || (is_file(&top) && !p.is_empty()) {
        let name = p
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or(".");
        let entry = tree.entry(&p, name, manifests).ok_or_else(missing)?;
        return Ok(vec![entry]);
    }
    let mut out = Vec::new();
    let mut level = vec![(String::new(), top)];
    for depth in 0..maxdepth {
        let mut next = Vec::new();
        for (prefix, entries) in level {
            for mut e in entries {
                let rel = format!("{prefix}{}", e.path);
                if e.isdir && depth + 1 < maxdepth {
                    let full = if p.is_empty() {
                        rel.clone()
                    } else {
                        format!("{p}/{rel}")
                    };
                    let inner = tree.list(&full, false, opts.dvc_only, manifests);
                    next.push((format!("{rel}/"), inner.unwrap_or_default()));
                } else {
                    e.path = rel;
                    out.push(e);
                }
            }
        }
        level = next;
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// `dvx ls -T URL [PATH] [-L DEPTH]`: the path and what it holds, as a tree sorted by name
/// at every level (DVC's own files included, as DVC shows them there).
pub fn ls_tree(
    cwd: &Path,
    url: &str,
    path: Option<&str>,
    opts: &LsOptions,
    progress: &dyn Progress,
) -> Result<LsNode> {
    let given = path.unwrap_or("");
    let p = inside(given)?;
    let l = Listing::open(
        cwd,
        url,
        opts.rev.as_deref(),
        &opts.source_config,
        &p,
        true,
        opts.jobs,
        progress,
    )?;
    let name = if given.is_empty() { "." } else { given };
    let root = l
        .tree
        .entry(&p, name, &l.manifests)
        .ok_or_else(|| l.missing(given, url))?;
    fn grow(
        tree: &super::Tree,
        full: &str,
        entry: LsEntry,
        maxdepth: Option<usize>,
        dvc_only: bool,
        manifests: &HashMap<dvx_formats::Oid, dvx_formats::Manifest>,
    ) -> LsNode {
        let mut contents = Vec::new();
        if entry.isdir && maxdepth != Some(0) {
            let mut kids = tree
                .list(full, false, dvc_only, manifests)
                .unwrap_or_default();
            kids.sort_by(|a, b| a.path.cmp(&b.path));
            for k in kids {
                let sub = if full.is_empty() {
                    k.path.clone()
                } else {
                    format!("{full}/{}", k.path)
                };
                contents.push(grow(
                    tree,
                    &sub,
                    k,
                    maxdepth.map(|m| m - 1),
                    dvc_only,
                    manifests,
                ));
            }
        }
        LsNode { entry, contents }
    }
    Ok(grow(
        &l.tree,
        &p,
        root,
        opts.maxdepth,
        opts.dvc_only,
        &l.manifests,
    ))
}

/// `dvx du URL [PATH] [--rev R] [-s]`: the entries of `path` (DVC's own files left out)
/// with their sizes in bytes, then `path` with its total (only that with `summarize`, or
/// when it is a file), as DVC's `du` counts them; entries by name.
pub fn du(
    cwd: &Path,
    url: &str,
    path: Option<&str>,
    rev: Option<&str>,
    summarize: bool,
    source_config: &super::SourceConfig,
    progress: &dyn Progress,
) -> Result<Vec<(String, u64)>> {
    let shown = path.unwrap_or("").trim_end_matches('/').to_string();
    let p = inside(&shown)?;
    // the entries of a directory output come from its manifest
    let l = Listing::open(cwd, url, rev, source_config, &p, false, None, progress)?;
    let (tree, manifests) = (&l.tree, &l.manifests);
    let entries = tree
        .list(&p, false, false, manifests)
        .ok_or_else(|| l.missing(&shown, url))?;
    let is_dir = matches!(tree.node(&p), crate::external::Node::Dir)
        || matches!(tree.node(&p), crate::external::Node::Out(o) if o.oid.is_some_and(|d| d.is_dir));
    let mut out = Vec::new();
    if is_dir && !summarize {
        for e in entries {
            let name = e.path;
            let full = if p.is_empty() {
                name.clone()
            } else {
                format!("{p}/{name}")
            };
            if super::tree::is_dvc_file(&name) {
                continue;
            }
            let entry = if shown.is_empty() {
                name
            } else {
                format!("{shown}/{name}")
            };
            out.push((entry, tree.usage(&full)));
        }
    }
    // a listing's total is its entries' sum, as DVC adds it up
    let total = match is_dir && !summarize {
        true => out.iter().map(|(_, n)| n).sum(),
        false => tree.usage(&p),
    };
    out.push((shown, total));
    Ok(out)
}

#[derive(Debug, Default, Clone)]
pub struct GetOptions {
    pub out: Option<String>,
    pub rev: Option<String>,
    pub force: bool,
    pub jobs: Option<usize>,
    /// `--config`, `--remote`, `--remote-config` for the source.
    pub source_config: super::SourceConfig,
}

/// `dvx get URL PATH`: downloads a file or directory of a repository into the current
/// directory, untracked. The result appears whole under its name, or not at all.
pub fn get(
    cwd: &Path,
    url: &str,
    path: &str,
    opts: &GetOptions,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    get_from(cwd, None, url, path, opts, progress)
}

/// [`get`] from a source already open at the commit to read (`opts.rev` is then not used).
pub fn get_from(
    cwd: &Path,
    source: Option<&Source>,
    url: &str,
    path: &str,
    opts: &GetOptions,
    progress: &dyn Progress,
) -> Result<PathBuf> {
    let src_path = crate::external::source_path(path)?;
    let target = crate::external::resolve_out(cwd, &src_path, opts.out.as_deref(), opts.force)?;
    if target.extension().is_some_and(|x| x == "dvc") {
        return Err(Error::user(format!(
            "'{}' is a pointer file's name; get downloads data files and directories",
            target.display()
        )));
    }
    let parent = target.parent().unwrap_or(cwd).to_path_buf();
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("creating directory", &parent, e))?;
    let opened;
    let source = match source {
        Some(s) => s,
        None => {
            opened = Source::open(url, opts.rev.as_deref(), cwd)?.with_overrides(
                opts.source_config.config.as_ref(),
                opts.source_config.remote.as_ref(),
                cwd,
            )?;
            &opened
        }
    };
    let tree = source.tree()?;
    // Objects and the new file or directory are made beside the target, then renamed into place.
    let (tmp, odb) = scratch_odb(Some(&parent))?;
    let m = source.materialize(&tree, &src_path, &odb, opts.jobs, progress)?;
    let made = tmp.path().join("out");
    crate::checkout::build(
        &odb,
        &m.oid,
        &made,
        &[LinkType::Reflink, LinkType::Copy],
        progress,
    )?;
    if opts.force {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&target),
            Ok(_) => std::fs::remove_file(&target),
            Err(_) => Ok(()),
        }
        .map_err(|e| Error::io("removing", &target, e))?;
    }
    std::fs::rename(&made, &target).map_err(|e| Error::io("moving the download to", &target, e))?;
    Ok(target)
}
