//! Params and metrics of the workspace or of a git revision (read straight from git objects,
//! cached metrics from the cache), as DVC collects them for `params diff`, `metrics show` and
//! `metrics diff`; and DVC's diff of two such collections.

use std::collections::HashMap;
use std::path::Path;

use dvx_formats::pipeline::{params, Lock, OutKind, Project, DEFAULT_PARAMS_FILE};
use dvx_formats::yaml::Value;
use dvx_odb::HashKind;

use crate::error::{Error, Result};
use crate::pipeline::normalize;
use crate::repo::Repo;
use crate::scm::{self, git_out, read_blobs};

/// The files of the workspace or of one commit.
pub enum View<'a> {
    Workspace {
        repo: &'a Repo,
        /// Its `.dvc` and `dvc.yaml` files, walked for once when first asked for.
        walk: std::cell::OnceCell<crate::walk::DvcFiles>,
    },
    Commit {
        repo: &'a Repo,
        /// Repository-relative path → blob id.
        blobs: HashMap<String, String>,
        /// Contents read so far (one `git cat-file --batch` per batch of files).
        read: std::cell::RefCell<HashMap<String, Vec<u8>>>,
    },
}

impl<'a> View<'a> {
    /// `workspace`, or a git revision.
    pub fn open(repo: &'a Repo, rev: &str) -> Result<View<'a>> {
        if rev == "workspace" {
            return Ok(View::Workspace {
                repo,
                walk: Default::default(),
            });
        }
        let commit = repo.resolve(rev)?;
        let git = repo.scm.as_ref().expect("resolve needs git");
        let prefix = crate::fsutil::rel_slash(&git.root, &repo.root).unwrap_or_default();
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let mut blobs = HashMap::new();
        for e in scm::ls_tree(&git.root, &commit, false, false)? {
            if e.kind != "blob" {
                continue;
            }
            if let Some(rel) = e.path.strip_prefix(prefix.as_str()) {
                blobs.insert(rel.to_string(), e.id);
            }
        }
        Ok(View::Commit {
            repo,
            blobs,
            read: Default::default(),
        })
    }

    fn repo(&self) -> &Repo {
        match self {
            View::Workspace { repo: r, .. } | View::Commit { repo: r, .. } => r,
        }
    }

    /// A file's bytes (repository-relative path), None when it is not there.
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        match self {
            View::Workspace { repo, .. } => std::fs::read(repo.root.join(rel)).ok(),
            View::Commit { blobs, read, .. } => {
                blobs.get(rel)?;
                if !read.borrow().contains_key(rel) {
                    self.prefetch(&[rel.to_string()]);
                }
                read.borrow().get(rel).cloned()
            }
        }
    }

    /// Reads these files of a commit in one batch (nothing to do for the workspace).
    pub fn prefetch(&self, rels: &[String]) {
        let View::Commit { repo, blobs, read } = self else {
            return;
        };
        let want: Vec<(&String, &String)> = rels
            .iter()
            .filter(|r| !read.borrow().contains_key(*r))
            .filter_map(|r| blobs.get(r).map(|id| (r, id)))
            .collect();
        let Some(git) = repo.scm.as_ref() else { return };
        if let Ok(contents) = read_blobs(&git.root, want.iter().map(|(_, id)| id.as_str())) {
            let mut cache = read.borrow_mut();
            for ((rel, _), bytes) in want.into_iter().zip(contents) {
                cache.insert(rel.clone(), bytes);
            }
        }
    }

    /// A file's bytes, or for an output the view's `dvc.lock` records but that is not there
    /// (cached, not in git), its object from the cache; a file inside a directory output too.
    pub fn read_tracked(&self, rel: &str) -> Option<Vec<u8>> {
        if let Some(b) = self.read(rel) {
            return Some(b);
        }
        let odb = self.repo().odb().ok()?;
        for (path, oid) in self.recorded_outputs() {
            if path == rel && !oid.is_dir {
                return std::fs::read(odb.path_for(&oid, HashKind::Md5)).ok();
            }
            let Some(inner) = rel
                .strip_prefix(path.as_str())
                .and_then(|r| r.strip_prefix('/'))
            else {
                continue;
            };
            if oid.is_dir {
                let m = crate::digest::load_manifest(&odb, &oid, HashKind::Md5).ok()??;
                let e = m.entries.iter().find(|e| e.relpath == inner)?;
                return std::fs::read(odb.path_for(&e.oid, HashKind::Md5)).ok();
            }
        }
        None
    }

    /// The outputs the view's `dvc.lock` files record with a hash (repository-relative).
    fn recorded_outputs(&self) -> Vec<(String, dvx_formats::Oid)> {
        let mut out = Vec::new();
        for (dir, project, lock) in self.projects().unwrap_or_default() {
            for st in &project.stages {
                let wdir = wdir_prefix(&dir, &st.wdir);
                let Some(entry) = lock.get(&st.name) else {
                    continue;
                };
                for o in &entry.outs {
                    if let Some(oid) = o.oid {
                        out.push((join(&wdir, &o.path), oid));
                    }
                }
            }
        }
        out
    }

    /// The files under a directory (repository-relative, sorted), None when `rel` is not a
    /// directory: on disk or in the commit, and inside the directory outputs `dvc.lock`
    /// records (from their manifests in the cache); DVC's own files (`dvc.yaml`, `.dvc` files,
    /// `.dvcignore`) left out, as DVC's file system lists directories.
    pub fn files_under(&self, rel: &str) -> Option<Vec<String>> {
        let rel = rel.trim_end_matches('/');
        let prefix = if rel.is_empty() || rel == "." {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut files: Vec<String> = Vec::new();
        let mut is_dir = false;
        match self {
            View::Workspace { repo, .. } => {
                let abs = repo.root.join(rel);
                if abs.is_dir() {
                    is_dir = true;
                    for list in crate::walk::walk_dir(&abs).ok()? {
                        files.extend(list.into_iter().map(|f| format!("{prefix}{}", f.relpath)));
                    }
                }
            }
            View::Commit { blobs, .. } => {
                files.extend(blobs.keys().filter(|k| k.starts_with(&prefix)).cloned());
                is_dir = !files.is_empty();
            }
        }
        let odb = self.repo().odb().ok();
        for (path, oid) in self.recorded_outputs() {
            let inside = prefix.is_empty() || path == rel || path.starts_with(&prefix);
            if !inside {
                continue;
            }
            is_dir |= path != rel || oid.is_dir;
            if !oid.is_dir {
                if path != rel {
                    files.push(path);
                }
                continue;
            }
            let Some(m) = odb
                .as_ref()
                .and_then(|o| crate::digest::load_manifest(o, &oid, HashKind::Md5).ok()?)
            else {
                continue;
            };
            files.extend(m.entries.iter().map(|e| format!("{path}/{}", e.relpath)));
        }
        if !is_dir {
            return None;
        }
        // as DVC's file system lists a directory: its own files left out
        files.retain(|f| {
            let name = f.rsplit('/').next().unwrap_or(f);
            !(name == "dvc.yaml"
                || name == ".dvcignore"
                || name.ends_with(".dvc")
                || f.split('/').any(|c| c == ".dvc" || c == ".git"))
        });
        files.sort();
        files.dedup();
        Some(files)
    }

    fn read_text(&self, rel: &str) -> Option<String> {
        self.read(rel).and_then(|b| String::from_utf8(b).ok())
    }

    /// The repository-relative paths of every `dvc.yaml`.
    fn dvc_yamls(&self) -> Result<Vec<String>> {
        self.dvc_files(
            |f| &f.pipelines,
            |p| p == "dvc.yaml" || p.ends_with("/dvc.yaml"),
        )
    }

    /// The repository-relative paths of every `.dvc` pointer file.
    fn pointer_files(&self) -> Result<Vec<String>> {
        self.dvc_files(
            |f| &f.pointers,
            |p| p.ends_with(".dvc") && !p.starts_with(".dvc/"),
        )
    }

    /// Files of one kind, sorted: those the workspace walk gives as `walked`, or the commit's
    /// whose paths `named` accepts.
    fn dvc_files(
        &self,
        walked: fn(&crate::walk::DvcFiles) -> &Vec<std::path::PathBuf>,
        named: fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        Ok(match self {
            View::Workspace { repo, walk } => walked(workspace_walk(repo, walk)?)
                .iter()
                .map(|p| repo.rel(p))
                .collect(),
            View::Commit { blobs, .. } => {
                let mut v: Vec<String> = blobs.keys().filter(|p| named(p)).cloned().collect();
                v.sort();
                v
            }
        })
    }

    /// Every `dvc.yaml` resolved (with the params files of this view), and its lock.
    pub(crate) fn projects(&self) -> Result<Vec<(String, Project, Lock)>> {
        let mut out = Vec::new();
        let yamls = self.dvc_yamls()?;
        let mut first: Vec<String> = Vec::new();
        for rel in &yamls {
            let dir = rel.trim_end_matches("dvc.yaml");
            first.extend([
                rel.clone(),
                format!("{dir}dvc.lock"),
                format!("{dir}{DEFAULT_PARAMS_FILE}"),
            ]);
        }
        self.prefetch(&first);
        for rel in yamls {
            let dir = rel.trim_end_matches("dvc.yaml").to_string();
            let Some(text) = self.read_text(&rel) else {
                continue;
            };
            let mut read = |name: &str| -> std::result::Result<Option<String>, String> {
                Ok(self.read_text(&join(&dir, name)))
            };
            let project = dvx_formats::pipeline::project::load(&text, &rel, &mut read)
                .map_err(|e| Error::invalid_file(e.to_string(), e))?;
            let lock = self
                .read_text(&format!("{dir}dvc.lock"))
                .and_then(|t| Lock::parse(&t).ok())
                .unwrap_or_default();
            out.push((dir, project, lock));
        }
        Ok(out)
    }
}

/// The workspace's `.dvc` and `dvc.yaml` files, walked for on the first call only.
fn workspace_walk<'w>(
    repo: &Repo,
    walk: &'w std::cell::OnceCell<crate::walk::DvcFiles>,
) -> Result<&'w crate::walk::DvcFiles> {
    if let Some(w) = walk.get() {
        return Ok(w);
    }
    let found = crate::walk::find_dvc_files(&repo.root)?;
    Ok(walk.get_or_init(|| found))
}

/// `dir` (ending in `/` or empty) joined with a relative path, normalized.
pub(crate) fn join(dir: &str, rel: &str) -> String {
    let p = normalize(&Path::new(dir).join(rel));
    p.to_string_lossy().into_owned()
}

/// A stage's working directory (`dir` is its `dvc.yaml`'s, ending in `/` or empty) as a
/// prefix for its paths: empty, or ending in `/`.
pub(crate) fn wdir_prefix(dir: &str, wdir: &str) -> String {
    let w = join(dir, wdir);
    if w.is_empty() || w == "." {
        String::new()
    } else {
        format!("{w}/")
    }
}

/// A file's values, or why it could not be read.
pub type FileValues = std::result::Result<Value, String>;

/// DVC's params collection: every params dependency of every stage (a whole file when any
/// stage tracks it whole), top-level `params`, `params.yaml` whole when it exists, and the
/// variables stages interpolate from other files (by dotted path, as DVC tracks them).
pub fn collect_params(view: &View, deps_only: bool) -> Result<Vec<(String, FileValues)>> {
    let mut wanted: Vec<(String, Option<Vec<String>>)> = Vec::new(); // None: the whole file
    let mut want = |file: String, keys: &[String]| {
        let keys = if keys.is_empty() {
            None
        } else {
            Some(keys.to_vec())
        };
        match wanted.iter_mut().find(|(f, _)| *f == file) {
            Some((_, have)) => match (have.as_mut(), keys) {
                (Some(h), Some(k)) => {
                    for key in k {
                        if !h.contains(&key) {
                            h.push(key);
                        }
                    }
                }
                (Some(_), None) => *have = None,
                _ => {}
            },
            None => wanted.push((file, keys)),
        }
    };
    let projects = view.projects()?;
    // the variables stages take from files by `${}`, by file (DVC shows them too)
    let mut tracked: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for (dir, project, _) in &projects {
        for st in &project.stages {
            for (file, vars) in &st.tracked_vars {
                let file = join(dir, file);
                let i = match tracked.iter().position(|(f, _)| *f == file) {
                    Some(i) => i,
                    None => {
                        tracked.push((file, Vec::new()));
                        tracked.len() - 1
                    }
                };
                for (k, v) in vars {
                    match tracked[i].1.iter_mut().find(|(key, _)| key == k) {
                        Some(slot) => slot.1 = v.clone(),
                        None => tracked[i].1.push((k.clone(), v.clone())),
                    }
                }
            }
        }
    }
    for (dir, project, _) in projects {
        for st in &project.stages {
            let wdir = wdir_prefix(&dir, &st.wdir);
            for p in &st.params {
                want(join(&wdir, &p.file), &p.keys);
            }
        }
        if !deps_only {
            for p in &project.params {
                want(join(&dir, p), &[]);
            }
        }
    }
    if !deps_only && view.read(DEFAULT_PARAMS_FILE).is_some() {
        want(DEFAULT_PARAMS_FILE.to_string(), &[]);
    }
    view.prefetch(&wanted.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>());
    let mut out = Vec::new();
    for (file, keys) in wanted {
        let v = match view.read_text(&file) {
            None => Err(format!("'{file}' does not exist")),
            Some(text) => params::parse(&file, &text)
                .map(|all| match keys {
                    None => all,
                    Some(keys) => Value::Map(params::values(&all, &keys)),
                })
                .map_err(|e| e.to_string()),
        };
        out.push((file, v));
    }
    // a file params already cover is not repeated
    for (file, vars) in tracked {
        if !out.iter().any(|(f, _)| *f == file) {
            out.push((file, Ok(Value::Map(vars))));
        }
    }
    Ok(out)
}

/// DVC's metrics collection: every `metrics` output of every stage and top-level `metrics`,
/// read from the view (or, for cached metrics not in git, from the cache by the lock's hash),
/// keeping numbers and strings in nested mappings.
pub fn collect_metrics(view: &View, targets: &[String]) -> Result<Vec<(String, FileValues)>> {
    let mut files: Vec<String> = Vec::new();
    if targets.is_empty() {
        for (dir, project, _) in view.projects()? {
            for st in &project.stages {
                let wdir = wdir_prefix(&dir, &st.wdir);
                for o in st.outs.iter().filter(|o| o.kind == OutKind::Metric) {
                    files.push(join(&wdir, &o.path));
                }
            }
            for m in &project.metrics {
                files.push(join(&dir, m));
            }
        }
    } else {
        files.extend(targets.iter().cloned());
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    view.prefetch(&files);
    let mut out = Vec::new();
    for file in files {
        let v = match view
            .read_tracked(&file)
            .and_then(|b| String::from_utf8(b).ok())
        {
            None => Err(format!("'{file}' does not exist")),
            Some(text) => params::parse(&file, &text)
                .map(|v| extract_metrics(&v).unwrap_or(Value::Map(Vec::new())))
                .map_err(|e| e.to_string()),
        };
        out.push((file, v));
    }
    Ok(out)
}

/// A dependency or output as `exp show` reports it: its recorded hash, size and file count
/// (None where nothing is recorded yet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataEntry {
    pub hash: Option<String>,
    pub size: Option<u64>,
    pub nfiles: Option<u64>,
    pub use_cache: bool,
    /// Tracked by a `.dvc` pointer file rather than produced by a stage.
    pub is_data_source: bool,
}

/// Paths (repository-relative) and what is recorded of them.
pub type DataEntries = Vec<(String, DataEntry)>;

/// Dependencies and outputs of the view as DVC's `exp show` collects them: every dependency of
/// every stage but params, and every output but metrics and plots (pipeline stages' from their
/// `dvc.lock` entries, pointer files' from the files), repository-relative, each once.
pub fn collect_deps_outs(view: &View) -> Result<(DataEntries, DataEntries)> {
    fn entry(o: Option<&dvx_formats::Output>) -> DataEntry {
        DataEntry {
            hash: o.and_then(|o| o.oid.map(|id| id.to_string())),
            size: o.and_then(|o| o.size),
            nfiles: o.and_then(|o| o.nfiles),
            ..Default::default()
        }
    }
    /// A list in order of first appearance, each path once (thousands of pointer files).
    #[derive(Default)]
    struct Listed {
        list: Vec<(String, DataEntry)>,
        seen: std::collections::HashSet<String>,
    }
    fn push(to: &mut Listed, path: String, e: DataEntry) {
        if to.seen.insert(path.clone()) {
            to.list.push((path, e));
        }
    }
    let (mut deps, mut outs) = (Listed::default(), Listed::default());
    for (dir, project, lock) in view.projects()? {
        for st in &project.stages {
            let wdir = wdir_prefix(&dir, &st.wdir);
            let locked = lock.get(&st.name);
            for d in &st.deps {
                let recorded = locked.and_then(|l| l.deps.iter().find(|o| o.path == *d));
                push(&mut deps, join(&wdir, d), entry(recorded));
            }
            for o in st.outs.iter().filter(|o| o.kind == OutKind::Out) {
                let recorded = locked.and_then(|l| l.outs.iter().find(|r| r.path == o.path));
                let e = DataEntry {
                    use_cache: o.cache,
                    ..entry(recorded)
                };
                push(&mut outs, join(&wdir, &o.path), e);
            }
        }
    }
    for (rel, pf) in view_pointers(view)? {
        let dir = match rel.rfind('/') {
            Some(i) => rel[..=i].to_string(),
            None => String::new(),
        };
        let has_deps = pf.other.iter().any(|(k, _)| k == "deps");
        for o in &pf.outs {
            let e = DataEntry {
                use_cache: o.use_cache(),
                is_data_source: !has_deps,
                ..entry(Some(o))
            };
            push(&mut outs, join(&dir, &o.path), e);
        }
    }
    Ok((deps.list, outs.list))
}

/// The view's pointer files that parse, with their repository-relative paths, sorted: the
/// workspace's through [`crate::stage::load_files`] (on every core, unchanged files not read
/// again) unless one of them cannot be read; a commit's (or that workspace) one by one,
/// leaving out those that do not parse.
fn view_pointers(view: &View) -> Result<Vec<(String, dvx_formats::PointerFile)>> {
    if let View::Workspace { repo, walk } = view {
        let all =
            workspace_walk(repo, walk).and_then(|w| crate::stage::load_files(repo, &w.pointers));
        if let Ok(all) = all {
            return Ok(all.into_iter().map(|st| (st.rel, st.pointer)).collect());
        }
    }
    let rels = view.pointer_files()?;
    view.prefetch(&rels);
    Ok(rels
        .into_iter()
        .filter_map(|rel| {
            let bytes = view.read(&rel)?;
            let (_, pf) = crate::stage::parse_pointer(bytes, &rel).ok()?;
            Some((rel, pf))
        })
        .collect())
}

/// DVC's `_extract_metrics`: numbers, strings and booleans, in mappings; lists are left out.
fn extract_metrics(v: &Value) -> Option<Value> {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Str(_) | Value::Bool(_) => Some(v.clone()),
        Value::Map(m) => {
            let kept: Vec<(String, Value)> = m
                .iter()
                .filter_map(|(k, v)| match extract_metrics(v) {
                    Some(Value::Map(inner)) if inner.is_empty() => None,
                    Some(x) => Some((k.clone(), x)),
                    None => None,
                })
                .collect();
            Some(Value::Map(kept))
        }
        _ => None,
    }
}

/// Nested mappings flattened to dotted keys, lists written as Python prints them (DVC's
/// `flatten(format_dict(...))`).
pub fn flatten(v: &Value) -> Vec<(String, Value)> {
    params::flatten(v)
        .into_iter()
        .map(|(k, v)| match v {
            Value::Seq(_) => (k, Value::Str(params::py_repr(&v))),
            other => (k, other),
        })
        .collect()
}

/// One changed (or, with `all`, unchanged) value: old, new, and for numbers new - old.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub diff: Option<Value>,
}

/// DVC's diff of two collections: per file, per flattened key. Files unreadable at one side
/// count as empty there.
pub fn diff(
    old: &[(String, FileValues)],
    new: &[(String, FileValues)],
    all: bool,
) -> Vec<(String, Vec<(String, Change)>)> {
    let mut files: Vec<&String> = old.iter().chain(new).map(|(f, _)| f).collect();
    files.sort();
    files.dedup();
    let get = |list: &[(String, FileValues)], f: &str| -> Vec<(String, Value)> {
        list.iter()
            .find(|(x, _)| x == f)
            .and_then(|(_, v)| v.as_ref().ok())
            .map(flatten)
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for f in files {
        let (o, n) = (get(old, f), get(new, f));
        let mut keys: Vec<&String> = o.iter().chain(&n).map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        let mut changes = Vec::new();
        for k in keys {
            let ov = o.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
            let nv = n.iter().find(|(x, _)| x == k).map(|(_, v)| v.clone());
            if !all && ov == nv {
                continue;
            }
            if !all && matches!((&ov, &nv), (Some(a), Some(b)) if params::same(a, b)) {
                continue;
            }
            let diff = match (&ov, &nv) {
                (Some(a), Some(b)) => subtract(b, a),
                _ => None,
            };
            changes.push((
                k.clone(),
                Change {
                    old: ov,
                    new: nv,
                    diff,
                },
            ));
        }
        if !changes.is_empty() {
            out.push((f.clone(), changes));
        }
    }
    out
}

/// `new - old` as Python computes it for ints, floats (and booleans, which are ints there).
fn subtract(new: &Value, old: &Value) -> Option<Value> {
    let int = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    let float = |v: &Value| match v {
        Value::Float(f) => Some(params::parse_float(f)),
        other => int(other).map(|i| i as f64),
    };
    match (int(new), int(old)) {
        (Some(a), Some(b)) => Some(Value::Int(a - b)),
        _ => Some(Value::Float(params::py_float(float(new)? - float(old)?))),
    }
}

/// Whether git has any commit (DVC's diffs are empty without one).
pub fn has_commits(repo: &Repo) -> bool {
    repo.scm
        .as_ref()
        .is_some_and(|g| git_out(&g.root, &["rev-parse", "--verify", "-q", "HEAD"]).is_ok())
}
