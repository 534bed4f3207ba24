//! `ls-url`: what a URL holds, listed as DVC lists it (paths outside the repository; other URL
//! schemes are not implemented yet): a directory's entries in the order the file system gives
//! them (files, then directories), recursively with `-R` (files only, down to `-L` levels), or
//! as a tree sorted by name (`-T`).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One listed path: relative to the URL (the URL's own path for a file).
#[derive(Debug, Clone, PartialEq)]
pub struct UrlEntry {
    pub path: String,
    pub isdir: bool,
    pub size: Option<u64>,
}

/// A node of `ls-url -T`: its name (the URL as given at the root), and what a directory holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlTree {
    pub name: String,
    pub isdir: bool,
    pub size: Option<u64>,
    pub contents: Vec<UrlTree>,
}

fn local_path(cwd: &Path, url: &str) -> Result<PathBuf> {
    let p = crate::external::url_path(cwd, url, "list", "ls-url")?;
    if std::fs::symlink_metadata(&p).is_err() {
        return Err(Error::user(format!("The path '{url}' does not exist")));
    }
    Ok(p)
}

/// A directory's entries in the file system's order: (name, is a directory, size).
fn entries(dir: &Path) -> Result<Vec<(String, bool, u64)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(|e| Error::io("listing", dir, e))? {
        let e = e.map_err(|e| Error::io("listing", dir, e))?;
        let meta = std::fs::metadata(e.path())
            .or_else(|_| e.metadata())
            .map_err(|err| Error::io("reading", &e.path(), err))?;
        out.push((
            e.file_name().to_string_lossy().into_owned(),
            meta.is_dir(),
            meta.len(),
        ));
    }
    Ok(out)
}

/// `ls-url URL [-R] [-L DEPTH]`.
pub fn ls_url(
    cwd: &Path,
    url: &str,
    recursive: bool,
    maxdepth: Option<usize>,
) -> Result<Vec<UrlEntry>> {
    let root = local_path(cwd, url)?;
    if maxdepth == Some(0) || !root.is_dir() {
        return Ok(vec![UrlEntry {
            path: root.display().to_string(),
            isdir: false,
            size: None,
        }]);
    }
    let mut out = Vec::new();
    // DVC's walk: each directory's files, then (at the last level, or without -R) its
    // directories, then the directories' own walks
    fn walk(
        dir: &Path,
        parts: &[String],
        recursive: bool,
        maxdepth: Option<usize>,
        out: &mut Vec<UrlEntry>,
    ) -> Result<()> {
        let list = entries(dir)?;
        let rel = |name: &str| {
            let mut p = parts.to_vec();
            p.push(name.to_string());
            p.join("/")
        };
        let last_level = !recursive || maxdepth.is_some_and(|m| parts.len() + 1 >= m);
        for (name, isdir, size) in list.iter().filter(|e| !e.1) {
            out.push(UrlEntry {
                path: rel(name),
                isdir: *isdir,
                size: Some(*size),
            });
        }
        if last_level {
            for (name, isdir, size) in list.iter().filter(|e| e.1) {
                out.push(UrlEntry {
                    path: rel(name),
                    isdir: *isdir,
                    size: Some(*size),
                });
            }
        }
        if !recursive || maxdepth.is_some_and(|m| parts.len() + 1 >= m) {
            return Ok(());
        }
        for (name, _, _) in list.iter().filter(|e| e.1) {
            let mut sub = parts.to_vec();
            sub.push(name.clone());
            walk(&dir.join(name), &sub, recursive, maxdepth, out)?;
        }
        Ok(())
    }
    walk(&root, &[], recursive, maxdepth, &mut out)?;
    Ok(out)
}

/// `ls-url URL -T [-L DEPTH]`: entries sorted by name at every level.
pub fn ls_url_tree(cwd: &Path, url: &str, maxdepth: Option<usize>) -> Result<UrlTree> {
    let root = local_path(cwd, url)?;
    fn node(path: &Path, name: String, maxdepth: Option<usize>) -> Result<UrlTree> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io("reading", path, e))?;
        let mut contents = Vec::new();
        if meta.is_dir() && maxdepth != Some(0) {
            let mut list = entries(path)?;
            list.sort_by(|a, b| a.0.cmp(&b.0));
            for (n, _, _) in list {
                contents.push(node(&path.join(&n), n, maxdepth.map(|m| m - 1))?);
            }
        }
        Ok(UrlTree {
            name,
            isdir: meta.is_dir(),
            size: Some(meta.len()),
            contents,
        })
    }
    node(&root, url.to_string(), maxdepth)
}
