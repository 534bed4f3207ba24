//! `ls-url`: what a URL holds (a path outside the repository, or a bucket or web server:
//! `url_source`), listed as DVC lists it: a directory's files, then its directories (in the
//! order the file system gives them; by name on a store), recursively with `-R` (files only,
//! down to `-L` levels), or as a tree sorted by name (`-T`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::url_source::{self, Found, Location};

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

/// A directory's entry: name, is a directory, size.
type Entry = (String, bool, u64);

/// What is listed: a local directory read as the walk goes, or a store's directory listed
/// once (its files' keys make the tree).
enum Listing {
    Local(PathBuf),
    Store(StoreDir),
}

#[derive(Default)]
struct StoreDir {
    files: Vec<(String, u64)>,
    dirs: BTreeMap<String, StoreDir>,
}

impl StoreDir {
    fn from_files(found: Vec<(String, dvx_remote::FileInfo)>) -> Self {
        let mut root = StoreDir::default();
        for (rel, info) in found {
            let mut parts: Vec<&str> = rel.split('/').collect();
            let name = parts.pop().unwrap_or_default().to_string();
            let mut d = &mut root;
            for p in parts {
                d = d.dirs.entry(p.to_string()).or_default();
            }
            d.files.push((name, info.size.unwrap_or(0)));
        }
        root
    }

    fn at(&self, parts: &[String]) -> &StoreDir {
        parts.iter().fold(self, |d, p| &d.dirs[p])
    }
}

impl Listing {
    fn entries(&self, parts: &[String]) -> Result<Vec<Entry>> {
        match self {
            Listing::Local(root) => {
                let dir = parts.iter().fold(root.clone(), |p, n| p.join(n));
                local_entries(&dir)
            }
            Listing::Store(root) => {
                let d = root.at(parts);
                let mut files: Vec<Entry> = d
                    .files
                    .iter()
                    .map(|(n, s)| (n.clone(), false, *s))
                    .collect();
                files.sort();
                Ok(files
                    .into_iter()
                    .chain(d.dirs.keys().map(|n| (n.clone(), true, 0)))
                    .collect())
            }
        }
    }
}

/// Opens what `url` names: the listing of a directory, or the one line of anything else
/// (with what DVC shows for it).
fn open(cwd: &Path, url: &str, fs_config: &[(String, String)]) -> Result<(Listing, String, bool)> {
    let missing = || Error::user(format!("The path '{url}' does not exist"));
    let repo = Repo::discover(cwd).ok();
    match url_source::open(repo.as_ref(), cwd, url, fs_config)? {
        Location::Local(p) => {
            let meta = std::fs::metadata(&p).map_err(|_| missing())?;
            let shown = p.display().to_string();
            Ok((Listing::Local(p), shown, meta.is_dir()))
        }
        Location::Store(data) => {
            let shown = data.fs_path();
            let missing = || Error::user(format!("The path '{url}' does not exist: {shown}"));
            match data.find()?.ok_or_else(missing)? {
                Found::File(_) => Ok((Listing::Store(StoreDir::default()), shown, false)),
                Found::Dir(files) => Ok((Listing::Store(StoreDir::from_files(files)), shown, true)),
            }
        }
    }
}

/// A local directory's entries in the file system's order.
fn local_entries(dir: &Path) -> Result<Vec<Entry>> {
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
    fs_config: &[(String, String)],
    recursive: bool,
    maxdepth: Option<usize>,
) -> Result<Vec<UrlEntry>> {
    let (listing, shown, isdir) = open(cwd, url, fs_config)?;
    if maxdepth == Some(0) || !isdir {
        return Ok(vec![UrlEntry {
            path: shown,
            isdir: false,
            size: None,
        }]);
    }
    let mut out = Vec::new();
    // DVC's walk: each directory's files, then (at the last level, or without -R) its
    // directories, then the directories' own walks
    fn walk(
        listing: &Listing,
        parts: &[String],
        recursive: bool,
        maxdepth: Option<usize>,
        out: &mut Vec<UrlEntry>,
    ) -> Result<()> {
        let list = listing.entries(parts)?;
        let rel = |name: &str| {
            let mut p = parts.to_vec();
            p.push(name.to_string());
            p.join("/")
        };
        let last_level = !recursive || maxdepth.is_some_and(|m| parts.len() + 1 >= m);
        let shown = list.iter().filter(|e| !e.1 || last_level);
        let (files, dirs): (Vec<&Entry>, Vec<&Entry>) = shown.partition(|e| !e.1);
        for (name, isdir, size) in files.into_iter().chain(dirs) {
            out.push(UrlEntry {
                path: rel(name),
                isdir: *isdir,
                size: Some(*size),
            });
        }
        if last_level {
            return Ok(());
        }
        for (name, _, _) in list.iter().filter(|e| e.1) {
            let mut sub = parts.to_vec();
            sub.push(name.clone());
            walk(listing, &sub, recursive, maxdepth, out)?;
        }
        Ok(())
    }
    walk(&listing, &[], recursive, maxdepth, &mut out)?;
    Ok(out)
}

/// `ls-url URL -T [-L DEPTH]`: entries sorted by name at every level.
pub fn ls_url_tree(
    cwd: &Path,
    url: &str,
    fs_config: &[(String, String)],
    maxdepth: Option<usize>,
) -> Result<UrlTree> {
    let (listing, shown, isdir) = open(cwd, url, fs_config)?;
    fn node(
        listing: &Listing,
        parts: &mut Vec<String>,
        name: String,
        (isdir, size): (bool, u64),
        maxdepth: Option<usize>,
    ) -> Result<UrlTree> {
        let mut contents = Vec::new();
        if isdir && maxdepth != Some(0) {
            let mut list = listing.entries(parts)?;
            list.sort_by(|a, b| a.0.cmp(&b.0));
            for (n, d, s) in list {
                parts.push(n.clone());
                contents.push(node(listing, parts, n, (d, s), maxdepth.map(|m| m - 1))?);
                parts.pop();
            }
        }
        Ok(UrlTree {
            name,
            isdir,
            size: Some(size),
            contents,
        })
    }
    let (name, size) = match &listing {
        // a path is shown as given, with its directory's own size
        Listing::Local(p) => (url.to_string(), std::fs::metadata(p).map_or(0, |m| m.len())),
        Listing::Store(_) => (shown, 0),
    };
    node(&listing, &mut Vec::new(), name, (isdir, size), maxdepth)
}
