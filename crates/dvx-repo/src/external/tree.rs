//! What a repository holds at one commit, as DVC users see it: git's files and directories
//! with the outputs its pointer files name laid over them (a directory output's files come
//! from its `.dir` manifest).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use dvx_formats::{Manifest, Oid, PointerFile};

use crate::error::{Error, IoContext, Result};
use crate::scm::read_blobs;

/// A file in git.
#[derive(Debug, Clone)]
pub struct GitFile {
    pub blob: String,
    pub size: u64,
    pub exec: bool,
}

/// An output, as its pointer file records it.
#[derive(Debug, Clone)]
pub struct OutInfo {
    pub oid: Option<Oid>,
    pub size: Option<u64>,
    pub isexec: bool,
    /// The output's own `remote:`.
    pub remote: Option<String>,
    /// Written by DVC 2.x (md5-dos2unix): not importable.
    pub legacy: bool,
}

/// What a path names.
#[derive(Debug)]
pub enum Node<'a> {
    /// A directory of the repository (in git, or holding outputs).
    Dir,
    GitFile(&'a GitFile),
    /// An output (a file or a directory).
    Out(&'a OutInfo),
    /// A path inside a directory output: the output's path and the path inside it.
    InOut {
        out: &'a str,
        info: &'a OutInfo,
        rel: String,
    },
    Missing,
}

/// One line of `ls`, with DVC's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LsEntry {
    pub path: String,
    pub isout: bool,
    pub isdir: bool,
    pub isexec: bool,
    pub size: Option<u64>,
    pub md5: Option<String>,
}

/// A file to materialise: git content or a cache object.
#[derive(Debug, Clone)]
pub enum Leaf<'a> {
    Git(&'a GitFile),
    Object(Oid),
}

#[derive(Debug, Default)]
pub struct Tree {
    files: BTreeMap<String, GitFile>,
    /// Git directories, with the size of their tree object (what DVC shows for them).
    dirs: BTreeMap<String, u64>,
    outs: BTreeMap<String, OutInfo>,
    /// Read from a workspace: the size of every file and directory there (inside outputs
    /// too), which a listing shows in place of what the pointer files record, as DVC does.
    sizes: Option<BTreeMap<String, u64>>,
    /// Read from a workspace: the size of every file there (inside outputs too).
    workspace_files: Option<BTreeMap<String, u64>>,
    /// The size of the top directory (its git tree object, or its directory in a workspace).
    root_size: Option<u64>,
}

fn parent(p: &str) -> &str {
    p.rsplit_once('/').map(|(a, _)| a).unwrap_or("")
}

fn basename(p: &str) -> &str {
    p.rsplit_once('/').map(|(_, b)| b).unwrap_or(p)
}

/// `p` relative to directory `d` ("" is the root), if it is below it.
fn under<'a>(p: &'a str, d: &str) -> Option<&'a str> {
    if d.is_empty() {
        return (!p.is_empty()).then_some(p);
    }
    p.strip_prefix(d)?
        .strip_prefix('/')
        .filter(|r| !r.is_empty())
}

/// A repository-relative path as the user typed it, normalised; None if it leaves the
/// repository.
pub fn normalize(p: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

/// Files DVC leaves out when it downloads a directory (and `du` counts): pointer files,
/// `dvc.yaml`, `.dvcignore`.
pub fn is_dvc_file(name: &str) -> bool {
    name.ends_with(".dvc") || name == "dvc.yaml" || name == ".dvcignore"
}

/// The cached outputs the `dvc.lock` of directory `dir` records for the stages of the
/// `dvc.yaml` beside it, with that file's `cache` and `remote` flags (an output with `cache:
/// false` is an ordinary file); `read` gives a file's text by repository path. A `dvc.yaml`
/// or lock that cannot be read gives none.
fn lock_outputs(dir: &str, read: &mut dyn FnMut(&str) -> Option<String>) -> Vec<(String, OutInfo)> {
    use dvx_formats::pipeline::{lock::Lock, project};
    let prefix = dir_prefix(dir);
    let (Some(yaml), Some(lock)) = (
        read(&format!("{prefix}dvc.yaml")),
        read(&format!("{prefix}dvc.lock")),
    ) else {
        return Vec::new();
    };
    let mut read_rel = |name: &str| -> std::result::Result<Option<String>, String> {
        Ok(normalize(&format!("{prefix}{name}")).and_then(|p| read(&p)))
    };
    let (Ok(project), Ok(lock)) = (
        project::load(&yaml, &format!("{prefix}dvc.yaml"), &mut read_rel),
        Lock::parse(&lock),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for st in &project.stages {
        let Some(entry) = lock.get(&st.name) else {
            continue;
        };
        let wdir = match normalize(&format!("{prefix}{}", st.wdir)) {
            Some(w) if !w.is_empty() => format!("{w}/"),
            Some(_) => String::new(),
            None => continue,
        };
        for o in &entry.outs {
            let def = st.outs.iter().find(|d| d.path == o.path);
            if def.is_some_and(|d| !d.cache) {
                continue;
            }
            let Some(p) = normalize(&format!("{wdir}{}", o.path)).filter(|p| !p.is_empty()) else {
                continue;
            };
            out.push((
                p,
                OutInfo {
                    oid: o.oid,
                    size: o.size,
                    isexec: o.isexec,
                    remote: def.and_then(|d| d.remote.clone()),
                    legacy: o.is_legacy(),
                },
            ));
        }
    }
    out
}

/// The `.dvcignore` files of a commit: gitignore rules per directory, deeper files able to
/// take back what shallower ones exclude; a path is excluded when it or a directory above it
/// is.
struct DvcIgnore {
    /// (directory, its rules), shallowest first.
    rules: Vec<(String, ignore::gitignore::Gitignore)>,
}

impl DvcIgnore {
    fn new(files: impl Iterator<Item = (String, String)>) -> DvcIgnore {
        let mut rules: Vec<(String, ignore::gitignore::Gitignore)> = files
            .filter_map(|(dir, text)| {
                let mut b = ignore::gitignore::GitignoreBuilder::new(Self::root(&dir));
                for line in text.lines() {
                    let _ = b.add_line(None, line);
                }
                b.build().ok().map(|g| (dir, g))
            })
            .collect();
        rules.sort_by_key(|(d, _)| d.matches('/').count() + usize::from(!d.is_empty()));
        DvcIgnore { rules }
    }

    /// Where a directory's rules are rooted, as a path the matcher takes.
    fn root(dir: &str) -> std::path::PathBuf {
        Path::new("/").join(dir)
    }

    fn ignores(&self, path: &str, is_dir: bool) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        for i in 0..parts.len() {
            let prefix = parts[..=i].join("/");
            let here_dir = i + 1 < parts.len() || is_dir;
            let mut hit = false;
            for (dir, g) in &self.rules {
                if !(dir.is_empty() || prefix.starts_with(&format!("{dir}/"))) {
                    continue;
                }
                match g.matched(Self::root(&prefix), here_dir) {
                    ignore::Match::Ignore(_) => hit = true,
                    ignore::Match::Whitelist(_) => hit = false,
                    ignore::Match::None => {}
                }
            }
            if hit {
                return true;
            }
        }
        false
    }
}

impl Tree {
    /// Reads the tree of `commit` (below `prefix`) and the pointer files in it.
    pub(super) fn read(git_dir: &Path, commit: &str, prefix: &str, url: &str) -> Result<Tree> {
        let mut tree = Tree::default();
        let mut pointers: Vec<(String, String)> = Vec::new(); // (blob, path)
        for e in crate::scm::ls_tree(git_dir, commit, true, true)? {
            let Some(path) = e.path.strip_prefix(prefix) else {
                continue;
            };
            let (mode, kind, id) = (e.mode.as_str(), e.kind.as_str(), e.id.as_str());
            // The tree object's size: one "<mode> <name>\0<20-byte id>" per entry.
            let stored_mode = mode.trim_start_matches('0');
            let add = (stored_mode.len() + 1 + basename(path).len() + 1 + 20) as u64;
            if path == ".dvc" {
                *tree.dirs.entry(String::new()).or_default() += add;
            }
            if path == ".dvc" || path.starts_with(".dvc/") || path.is_empty() {
                continue;
            }
            *tree.dirs.entry(parent(path).to_string()).or_default() += add;
            match kind {
                "tree" => {
                    tree.dirs.entry(path.to_string()).or_default();
                }
                "blob" => {
                    if path.ends_with(".dvc") {
                        pointers.push((id.to_string(), path.to_string()));
                    }
                    tree.files.insert(
                        path.to_string(),
                        GitFile {
                            blob: id.to_string(),
                            size: e.size.unwrap_or(0),
                            exec: mode == "100755",
                        },
                    );
                }
                _ => {} // submodules
            }
        }
        tree.root_size = tree.dirs.remove("");
        // what the `.dvcignore` files at the commit exclude is not there, as DVC sees it
        let ignores: Vec<(String, String)> = tree
            .files
            .iter()
            .filter(|(p, _)| basename(p) == ".dvcignore")
            .map(|(p, f)| (parent(p).to_string(), f.blob.clone()))
            .collect();
        if !ignores.is_empty() {
            let texts = read_blobs(git_dir, ignores.iter().map(|(_, b)| b.as_str()))?;
            let rules = DvcIgnore::new(
                ignores
                    .iter()
                    .zip(texts)
                    .map(|((d, _), t)| (d.clone(), String::from_utf8_lossy(&t).into_owned())),
            );
            tree.files.retain(|p, _| !rules.ignores(p, false));
            tree.dirs.retain(|p, _| !rules.ignores(p, true));
            pointers.retain(|(_, p)| !rules.ignores(p, false));
        }
        let texts = read_blobs(git_dir, pointers.iter().map(|(b, _)| b.as_str()))?;
        let short = &commit[..commit.len().min(7)];
        for ((_, path), text) in pointers.iter().zip(texts) {
            let described = format!("pointer file '{path}' in '{url}' at revision {short}");
            let (_, pointer) = crate::stage::parse_pointer(text, &described).map_err(|e| {
                e.with_hint("fix it in that repository, or name another revision (--rev)")
            })?;
            tree.add_pointer(path, &pointer);
        }
        let blob_of = |p: &str| tree.files.get(p).map(|f| f.blob.clone());
        let locks: Vec<(String, Option<String>)> = tree
            .files
            .keys()
            .filter(|p| basename(p) == "dvc.lock")
            .map(|p| {
                (
                    p.clone(),
                    blob_of(&format!("{}dvc.yaml", dir_prefix(parent(p)))),
                )
            })
            .collect();
        let mut found = Vec::new();
        for (lock, _) in locks.iter().filter(|(_, yaml)| yaml.is_some()) {
            let mut read = |p: &str| -> Option<String> {
                let blob = blob_of(p)?;
                let bytes = read_blobs(git_dir, std::iter::once(blob.as_str())).ok()?;
                bytes
                    .into_iter()
                    .next()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            };
            found.extend(lock_outputs(parent(lock), &mut read));
        }
        tree.add_outs(found);
        Ok(tree)
    }

    /// Reads a repository's workspace: its files and directories as they are, and the outputs
    /// of the pointer files there (committed or not).
    pub(super) fn read_workspace(root: &Path, url: &str) -> Result<Tree> {
        let entries = crate::walk::workspace_entries(root)?;
        let mut tree = Tree::default();
        for (path, meta) in &entries {
            if meta.is_file() && path.ends_with(".dvc") {
                let file = root.join(path);
                let bytes = std::fs::read(&file).ctx("reading pointer file", &file)?;
                let described = format!("pointer file '{path}' in the workspace of '{url}'");
                let (_, pointer) = crate::stage::parse_pointer(bytes, &described).map_err(|e| {
                    e.with_hint("fix it in that repository, or name a revision (--rev)")
                })?;
                tree.add_pointer(path, &pointer);
            }
        }
        for (path, meta) in &entries {
            if meta.is_file() && basename(path) == "dvc.lock" {
                let mut read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
                let outs = lock_outputs(parent(path), &mut read);
                tree.add_outs(outs);
            }
        }
        let mut sizes = BTreeMap::new();
        let mut workspace_files = BTreeMap::new();
        for (path, meta) in entries {
            sizes.insert(path.clone(), meta.len());
            if meta.is_file() {
                workspace_files.insert(path.clone(), meta.len());
            }
            if !matches!(
                tree.node(&path),
                Node::Dir | Node::GitFile(_) | Node::Missing
            ) {
                continue; // an output or inside one: the pointer file describes it
            }
            if meta.is_dir() {
                tree.dirs.insert(path, meta.len());
            } else if meta.is_file() {
                use std::os::unix::fs::PermissionsExt;
                let exec = meta.permissions().mode() & 0o111 != 0;
                tree.files.insert(
                    path,
                    GitFile {
                        blob: String::new(),
                        size: meta.len(),
                        exec,
                    },
                );
            }
        }
        tree.sizes = Some(sizes);
        tree.workspace_files = Some(workspace_files);
        tree.root_size = std::fs::metadata(root).ok().map(|m| m.len());
        Ok(tree)
    }

    /// Records outputs found elsewhere (a `dvc.lock`), unless a pointer file names them.
    fn add_outs(&mut self, outs: Vec<(String, OutInfo)>) {
        for (p, o) in outs {
            self.outs.entry(p).or_insert(o);
        }
    }

    /// Records the outputs of pointer file `path`.
    fn add_pointer(&mut self, path: &str, pointer: &PointerFile) {
        let base = parent(path);
        for out in &pointer.outs {
            let joined = if base.is_empty() {
                out.path.clone()
            } else {
                format!("{base}/{}", out.path)
            };
            let Some(p) = normalize(&joined).filter(|p| !p.is_empty()) else {
                continue;
            };
            let remote = out.remote().map(str::to_string);
            self.outs.insert(
                p,
                OutInfo {
                    oid: out.oid,
                    size: out.size,
                    isexec: out.isexec,
                    remote,
                    legacy: out.is_legacy(),
                },
            );
        }
    }

    /// What `path` (normalised, repository-relative) names.
    pub fn node(&self, path: &str) -> Node<'_> {
        if path.is_empty() {
            return Node::Dir;
        }
        if let Some(o) = self.outs.get(path) {
            return Node::Out(o);
        }
        let mut p = parent(path);
        while !p.is_empty() {
            if let Some((out, info)) = self.outs.get_key_value(p) {
                return Node::InOut {
                    out,
                    info,
                    rel: under(path, p).unwrap_or("").to_string(),
                };
            }
            p = parent(p);
        }
        if let Some(f) = self.files.get(path) {
            return Node::GitFile(f);
        }
        let below = |m: &BTreeMap<String, _>| {
            let d = format!("{path}/");
            m.range(d.clone()..)
                .next()
                .is_some_and(|(k, _): (&String, _)| k.starts_with(&d))
        };
        if self.dirs.contains_key(path) || below(&self.outs) {
            return Node::Dir;
        }
        Node::Missing
    }

    /// The directory outputs whose manifests a listing (or download) of `path` reads.
    pub fn manifests_needed(&self, path: &str, recursive: bool) -> Vec<(String, Oid)> {
        let dir_oid = |o: &OutInfo| o.oid.filter(|o| o.is_dir);
        match self.node(path) {
            Node::Out(o) => dir_oid(o)
                .map(|d| vec![(path.to_string(), d)])
                .unwrap_or_default(),
            Node::InOut { out, info, .. } => dir_oid(info)
                .map(|d| vec![(out.to_string(), d)])
                .unwrap_or_default(),
            Node::Dir if recursive => self
                .outs
                .iter()
                .filter(|(p, _)| path.is_empty() || under(p, path).is_some())
                .filter_map(|(p, o)| dir_oid(o).map(|d| (p.clone(), d)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `dvc ls`: the entries of `path`, sorted by path (None: `path` does not exist). `manifests` holds the manifests that
    /// [`Tree::manifests_needed`] named.
    pub fn list(
        &self,
        path: &str,
        recursive: bool,
        dvc_only: bool,
        manifests: &HashMap<Oid, Manifest>,
    ) -> Option<Vec<LsEntry>> {
        let mut out: BTreeMap<String, LsEntry> = BTreeMap::new();
        let manifest = |o: &OutInfo| o.oid.and_then(|oid| manifests.get(&oid));
        let file_in_out = |name: &str, oid: &Oid| LsEntry {
            path: name.to_string(),
            isout: true,
            isdir: false,
            isexec: false,
            size: None,
            md5: Some(oid.hex()),
        };
        let dir_entry = |name: &str, isout: bool, size: Option<u64>| LsEntry {
            path: name.to_string(),
            isout,
            isdir: true,
            isexec: false,
            size,
            md5: None,
        };
        // The files (and with !recursive, subdirectories) of a manifest below `rel`.
        let in_manifest = |m: &Manifest, rel: &str, out: &mut BTreeMap<String, LsEntry>| {
            for e in &m.entries {
                let Some(r) = under(&e.relpath, rel) else {
                    continue;
                };
                match r.split_once('/') {
                    Some((first, _)) if !recursive => {
                        out.insert(first.to_string(), dir_entry(first, true, None));
                    }
                    _ => {
                        out.insert(r.to_string(), file_in_out(r, &e.oid));
                    }
                }
            }
        };
        let mut single_file = false;
        match self.node(path) {
            Node::Missing => return None,
            Node::GitFile(f) => {
                single_file = true;
                let name = basename(path);
                out.insert(name.to_string(), self.git_entry(name, f));
            }
            Node::Out(o) if !o.oid.is_some_and(|d| d.is_dir) => {
                single_file = true;
                let name = basename(path);
                out.insert(name.to_string(), self.out_entry(name, o));
            }
            Node::Out(o) => {
                if let Some(m) = manifest(o) {
                    in_manifest(m, "", &mut out);
                }
            }
            Node::InOut { info, rel, .. } => {
                let m = manifest(info)?;
                if let Some(e) = m.entries.iter().find(|e| e.relpath == rel) {
                    single_file = true;
                    let name = basename(&rel);
                    out.insert(name.to_string(), file_in_out(name, &e.oid));
                } else {
                    in_manifest(m, &rel, &mut out);
                    if out.is_empty() {
                        return None;
                    }
                }
            }
            Node::Dir => {
                if !dvc_only {
                    for (p, f) in &self.files {
                        let Some(r) = under(p, path) else { continue };
                        if recursive || !r.contains('/') {
                            out.insert(r.to_string(), self.git_entry(r, f));
                        }
                    }
                    if !recursive {
                        for (p, size) in &self.dirs {
                            let Some(r) = under(p, path).filter(|r| !r.contains('/')) else {
                                continue;
                            };
                            out.insert(r.to_string(), dir_entry(r, false, Some(*size)));
                        }
                    }
                }
                for (p, o) in &self.outs {
                    let Some(r) = under(p, path) else { continue };
                    match r.split_once('/') {
                        Some((first, _)) if !recursive => {
                            let size = if dvc_only {
                                None
                            } else {
                                self.dirs
                                    .get(&format!("{}{first}", dir_prefix(path)))
                                    .copied()
                            };
                            out.entry(first.to_string())
                                .or_insert_with(|| dir_entry(first, false, size));
                        }
                        _ if recursive && o.oid.is_some_and(|d| d.is_dir) => {
                            if let Some(m) = manifest(o) {
                                for e in &m.entries {
                                    let name = format!("{r}/{}", e.relpath);
                                    out.insert(name.clone(), file_in_out(&name, &e.oid));
                                }
                            }
                        }
                        _ => {
                            out.insert(r.to_string(), self.out_entry(r, o));
                        }
                    }
                }
            }
        }
        // From a workspace, what is there is shown by its own size, as DVC's listing does.
        if let (Some(sizes), false) = (&self.sizes, dvc_only) {
            for (k, e) in out.iter_mut() {
                let full = if single_file {
                    path.to_string()
                } else {
                    format!("{}{k}", dir_prefix(path))
                };
                if let Some(size) = sizes.get(&full) {
                    e.size = Some(*size);
                }
            }
        }
        Some(out.into_values().collect())
    }

    /// The entry of `path` itself, as its parent lists it (the top directory: `name`, with
    /// its own size); `None` when it does not exist.
    pub fn entry(
        &self,
        path: &str,
        name: &str,
        manifests: &HashMap<Oid, Manifest>,
    ) -> Option<LsEntry> {
        if path.is_empty() {
            return Some(LsEntry {
                path: name.to_string(),
                isout: false,
                isdir: true,
                isexec: false,
                size: self.root_size,
                md5: None,
            });
        }
        let base = basename(path);
        let mut e = self
            .list(parent(path), false, false, manifests)?
            .into_iter()
            .find(|e| e.path == base)?;
        e.path = name.to_string();
        Some(e)
    }

    /// How many bytes `path` holds as DVC's `du` counts them: git's files (DVC's own files
    /// left out) and outputs, by what their pointer files record, or from a workspace by
    /// what is there.
    pub fn usage(&self, path: &str) -> u64 {
        let at_or_under = |p: &str, d: &str| p == d || d.is_empty() || under(p, d).is_some();
        // what the workspace holds at or under `p`, if anything
        let present = |p: &str| -> Option<u64> {
            let files = self.workspace_files.as_ref()?;
            let mut found = false;
            let mut total = 0;
            for (f, size) in files.range(p.to_string()..) {
                if !at_or_under(f, p) {
                    if f.as_str() > p && !f.starts_with(p) {
                        break;
                    }
                    continue;
                }
                found = true;
                total += size;
            }
            found.then_some(total)
        };
        let mut total: u64 = self
            .files
            .iter()
            .filter(|(p, _)| at_or_under(p, path) && !is_dvc_file(basename(p)))
            .map(|(_, f)| f.size)
            .sum();
        for (p, o) in &self.outs {
            if at_or_under(p, path) {
                total += present(p).unwrap_or(o.size.unwrap_or(0));
            } else if under(path, p).is_some() {
                total += present(path).unwrap_or(0);
            }
        }
        total
    }

    fn git_entry(&self, name: &str, f: &GitFile) -> LsEntry {
        LsEntry {
            path: name.to_string(),
            isout: false,
            isdir: false,
            isexec: f.exec,
            size: Some(f.size),
            md5: None,
        }
    }

    fn out_entry(&self, name: &str, o: &OutInfo) -> LsEntry {
        LsEntry {
            path: name.to_string(),
            isout: true,
            isdir: o.oid.is_some_and(|d| d.is_dir),
            isexec: o.isexec,
            size: o.size,
            md5: o.oid.map(|d| d.to_string()),
        }
    }

    /// The files below directory `path` (not an output) that a download writes, by path
    /// relative to it: git's files (without DVC's own files) and the outputs' files.
    /// `manifests` holds those of the directory outputs below it.
    pub fn leaves_below(
        &self,
        path: &str,
        manifests: &HashMap<Oid, Manifest>,
    ) -> Result<Vec<(String, Leaf<'_>)>> {
        let mut leaves: BTreeMap<String, Leaf<'_>> = BTreeMap::new();
        for (p, f) in &self.files {
            if let Some(r) = under(p, path) {
                if !is_dvc_file(basename(r)) {
                    leaves.insert(r.to_string(), Leaf::Git(f));
                }
            }
        }
        for (p, o) in &self.outs {
            let Some(r) = under(p, path) else { continue };
            let Some(oid) = o.oid else { continue };
            if oid.is_dir {
                let m = manifests.get(&oid).ok_or_else(|| {
                    Error::user(format!(
                        "the directory manifest of '{p}' ({oid}) is missing"
                    ))
                })?;
                for e in &m.entries {
                    leaves.insert(format!("{r}/{}", e.relpath), Leaf::Object(e.oid));
                }
            } else {
                leaves.insert(r.to_string(), Leaf::Object(oid));
            }
        }
        Ok(leaves.into_iter().collect())
    }

    /// The output at `path`, when there is one.
    pub fn out(&self, path: &str) -> Option<&OutInfo> {
        self.outs.get(path)
    }

    /// The outputs below `path` (or at it), with their paths.
    pub fn outs_below<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a OutInfo)> {
        self.outs
            .iter()
            .filter(move |(p, _)| p.as_str() == path || path.is_empty() || under(p, path).is_some())
    }
}

fn dir_prefix(d: &str) -> String {
    if d.is_empty() {
        String::new()
    } else {
        format!("{d}/")
    }
}
