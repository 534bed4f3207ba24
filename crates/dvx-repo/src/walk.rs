//! Walking the workspace: the files of a tracked directory, and the pointer files of a
//! repository, both honouring `.dvcignore` (gitignore syntax, in any directory).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dvx_odb::state::FileStamp;
use ignore::{WalkBuilder, WalkState};

use crate::error::{Error, Result};
use crate::fsutil::is_tmp_name;

/// A file found under a tracked directory.
#[derive(Debug, Clone)]
pub struct WalkedFile {
    /// Relative to the directory, `/`-separated.
    pub relpath: String,
    pub stamp: FileStamp,
    /// Reached through a symlink (DVC hashes the target, then replaces the link by the content).
    pub via_symlink: bool,
}

/// Names DVC never looks into.
pub(crate) fn always_ignored(name: &std::ffi::OsStr) -> bool {
    name == ".git" || name == ".hg" || name == ".dvc"
}

fn builder(root: &Path) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.standard_filters(false)
        .hidden(false)
        .parents(true)
        .add_custom_ignore_filename(".dvcignore")
        .follow_links(true)
        .threads(
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .min(8),
        );
    b.filter_entry(|e| {
        if e.file_name().to_str().is_some_and(is_tmp_name) {
            // A temporary file of an interrupted dvx: remove it if its process is gone.
            if let Some(dir) = e.path().parent() {
                dvx_odb::odb::clean_stale_tmp_file(dir, e.file_name());
            }
            return false;
        }
        !always_ignored(e.file_name())
    });
    b
}

fn walk_error(dir: &Path, e: ignore::Error) -> Error {
    Error::user(format!("walking '{}': {e}", dir.display()))
}

/// Files a walker thread hands over at a time.
const WALK_CHUNK: usize = 16 * 1024; // a power of two: a growing Vec's capacity

/// Every file under `dir` (following symlinks), in no particular order, in lists of at most
/// [`WALK_CHUNK`] files (never copied into one buffer). Empty directories contribute nothing,
/// as in DVC. A name that is not UTF-8 is an error: DVC cannot record it.
pub fn walk_dir(dir: &Path) -> Result<Vec<Vec<WalkedFile>>> {
    let lists: Mutex<Vec<Vec<WalkedFile>>> = Mutex::new(Vec::new());
    walk_dir_chunks(dir, &|chunk| {
        lists.lock().unwrap_or_else(|p| p.into_inner()).push(chunk);
        true
    })?;
    Ok(lists.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// [`walk_dir`] handing each list to `sink` as soon as a walker thread has filled it, so the
/// files can be used (and freed) while the walk goes on; `sink` returns false to stop the walk.
pub fn walk_dir_chunks(dir: &Path, sink: &(dyn Fn(Vec<WalkedFile>) -> bool + Sync)) -> Result<()> {
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    builder(dir).build_parallel().run(|| {
        let mut local = Collector {
            files: Vec::new(),
            sink,
        };
        let first_error = &first_error;
        Box::new(move |entry| match visit(dir, entry) {
            Ok(Some(f)) => {
                if local.files.len() == WALK_CHUNK && !local.hand_over() {
                    return WalkState::Quit;
                }
                local.files.push(f);
                WalkState::Continue
            }
            Ok(None) => WalkState::Continue,
            Err(e) => {
                let mut slot = first_error.lock().unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert(e);
                WalkState::Quit
            }
        })
    });
    match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// One walker thread's files, handed over a chunk at a time and when its visitor is dropped.
struct Collector<'a> {
    files: Vec<WalkedFile>,
    sink: &'a (dyn Fn(Vec<WalkedFile>) -> bool + Sync),
}

impl Collector<'_> {
    /// Whether the walk goes on.
    fn hand_over(&mut self) -> bool {
        let files = std::mem::take(&mut self.files);
        files.is_empty() || (self.sink)(files)
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        self.hand_over();
    }
}

fn visit(
    dir: &Path,
    entry: std::result::Result<ignore::DirEntry, ignore::Error>,
) -> Result<Option<WalkedFile>> {
    let entry = entry.map_err(|e| walk_error(dir, e))?;
    if entry.depth() == 0 || entry.file_type().is_some_and(|t| t.is_dir()) {
        return Ok(None);
    }
    let path = entry.path();
    let Some(relpath) = path.strip_prefix(dir).ok().and_then(|r| r.to_str()) else {
        return Err(Error::user(format!(
            "file name '{}' is not valid UTF-8; DVC's formats cannot record it",
            path.display()
        ))
        .with_hint("rename the file, or list it in .dvcignore"));
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::io("reading metadata of", path, e)
            .with_hint("a broken symlink? remove it or list it in .dvcignore")
    })?;
    if !meta.is_file() {
        return Ok(None); // sockets, fifos: DVC skips them too
    }
    Ok(Some(WalkedFile {
        relpath: relpath.to_string(),
        stamp: FileStamp::of(&meta),
        via_symlink: entry.path_is_symlink(),
    }))
}

/// Every file and directory under `root` as a listing sees it (`.dvcignore` honoured, `.git` and
/// `.dvc` skipped, names that are not UTF-8 left out), with its metadata, sorted by path.
pub fn workspace_entries(root: &Path) -> Result<Vec<(String, std::fs::Metadata)>> {
    let mut b = builder(root);
    // Read only: another repository's leftovers are not ours to clean up.
    b.threads(1).filter_entry(|e| {
        !always_ignored(e.file_name()) && !e.file_name().to_str().is_some_and(is_tmp_name)
    });
    let mut out = Vec::new();
    for entry in b.build() {
        let entry = entry.map_err(|e| walk_error(root, e))?;
        if entry.depth() == 0 {
            continue;
        }
        let Some(rel) = entry
            .path()
            .strip_prefix(root)
            .ok()
            .and_then(|r| r.to_str())
        else {
            continue;
        };
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue; // a broken symlink lists nothing
        };
        out.push((rel.to_string(), meta));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The `.dvcignore` rule that excludes `path`, as (file relative to the root, line, pattern).
/// A path is excluded when it or any directory above it is.
pub fn dvcignore_match(repo_root: &Path, path: &Path) -> Option<(String, usize, String)> {
    DvcIgnores::new(repo_root).matched(path)
}

/// The `.dvcignore` files of a repository, each read once however many paths are asked about
/// (an `add` of thousands of targets).
pub struct DvcIgnores {
    root: PathBuf,
    /// Each directory looked at, with its `.dvcignore` if it has one.
    files: HashMap<PathBuf, Option<ignore::gitignore::Gitignore>>,
}

impl DvcIgnores {
    pub fn new(repo_root: &Path) -> Self {
        DvcIgnores {
            root: repo_root.to_path_buf(),
            files: HashMap::new(),
        }
    }

    /// [`dvcignore_match`] of `path`.
    pub fn matched(&mut self, path: &Path) -> Option<(String, usize, String)> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let comps: Vec<_> = rel.components().collect();
        let mut dir = self.root.clone();
        let mut dirs = Vec::with_capacity(comps.len());
        for c in &comps {
            if !self.files.contains_key(&dir) {
                let f = dir.join(".dvcignore");
                let m = f.is_file().then(|| {
                    let mut b = ignore::gitignore::GitignoreBuilder::new(&dir);
                    b.add(&f);
                    b.build().ok()
                });
                self.files.insert(dir.clone(), m.flatten());
            }
            dirs.push(dir.clone());
            dir.push(c.as_os_str());
        }
        let mut at = self.root.clone();
        let mut matchers = Vec::new();
        for (i, c) in comps.iter().enumerate() {
            if let Some(m) = &self.files[&dirs[i]] {
                matchers.push((dirs[i].join(".dvcignore"), m));
            }
            at.push(c.as_os_str());
            let is_dir = i + 1 < comps.len() || at.is_dir();
            let mut hit = None;
            for (file, m) in &matchers {
                match m.matched(&at, is_dir) {
                    ignore::Match::Ignore(g) => hit = Some((file, g.original().to_string())),
                    ignore::Match::Whitelist(_) => hit = None,
                    ignore::Match::None => {}
                }
            }
            if let Some((file, pattern)) = hit {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                let line = text
                    .lines()
                    .position(|l| l.trim_end() == pattern)
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let shown = file
                    .strip_prefix(&self.root)
                    .unwrap_or(file)
                    .display()
                    .to_string();
                return Some((shown, line, pattern));
            }
        }
        None
    }
}

/// Every `.dvc` pointer file in the repository, skipping `.git`, `.dvc`, dvcignored paths, and
/// the insides of tracked directories (a directory `X` next to an `X.dvc` that tracks it).
pub fn find_pointer_files(repo_root: &Path) -> Result<Vec<PathBuf>> {
    Ok(find_dvc_files(repo_root)?.pointers)
}

/// The files that define what a repository tracks, found in one walk.
#[derive(Debug, Default)]
pub struct DvcFiles {
    /// `.dvc` pointer files.
    pub pointers: Vec<PathBuf>,
    /// `dvc.yaml` pipeline files.
    pub pipelines: Vec<PathBuf>,
}

/// Every `.dvc` and `dvc.yaml` file of the repository (see [`find_pointer_files`] for what is
/// skipped), each list sorted.
pub fn find_dvc_files(repo_root: &Path) -> Result<DvcFiles> {
    let mut b = builder(repo_root);
    b.follow_links(false);
    b.filter_entry(|e| {
        let name = e.file_name();
        if name.to_str().is_some_and(is_tmp_name) {
            // a temporary file of an interrupted dvx (a pointer file being written)
            if let Some(dir) = e.path().parent() {
                dvx_odb::odb::clean_stale_tmp_file(dir, name);
            }
            return false;
        }
        if always_ignored(name) {
            return false;
        }
        if e.file_type().is_some_and(|t| t.is_dir()) && e.depth() > 0 {
            return !is_tracked_dir(e.path());
        }
        true
    });
    // on every core (a repository of thousands of directories); each thread keeps its own lists
    let found: Mutex<(DvcFiles, Option<Error>)> = Mutex::new(Default::default());
    b.build_parallel().run(|| {
        let mut own = Found {
            files: DvcFiles::default(),
            into: &found,
        };
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let mut slot = own.into.lock().unwrap_or_else(|p| p.into_inner());
                    slot.1.get_or_insert(walk_error(repo_root, e));
                    return WalkState::Quit;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            if entry.path().extension().is_some_and(|x| x == "dvc") {
                own.files.pointers.push(entry.into_path());
            } else if entry.file_name() == "dvc.yaml" {
                own.files.pipelines.push(entry.into_path());
            }
            WalkState::Continue
        })
    });
    let (mut out, error) = found.into_inner().unwrap_or_else(|p| p.into_inner());
    if let Some(e) = error {
        return Err(e);
    }
    out.pointers.sort();
    out.pipelines.sort();
    Ok(out)
}

/// One walker thread's finds, added to the shared lists when its visitor is dropped.
struct Found<'a> {
    files: DvcFiles,
    into: &'a Mutex<(DvcFiles, Option<Error>)>,
}

impl Drop for Found<'_> {
    fn drop(&mut self) {
        let mut all = self.into.lock().unwrap_or_else(|p| p.into_inner());
        all.0.pointers.append(&mut self.files.pointers);
        all.0.pipelines.append(&mut self.files.pipelines);
    }
}

/// Whether a sibling `NAME.dvc` tracks the directory `NAME`.
pub(crate) fn is_tracked_dir(dir: &Path) -> bool {
    let Some(name) = dir.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let pointer = dir.with_file_name(format!("{name}.dvc"));
    let Ok(text) = std::fs::read_to_string(pointer) else {
        return false;
    };
    dvx_formats::PointerFile::parse(&text)
        .map(|p| p.outs.iter().any(|o| o.path == name))
        .unwrap_or(false)
}
