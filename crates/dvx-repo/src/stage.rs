//! Tracked outputs and where their record comes from: pointer files on disk (loading, selecting
//! by target, saving), pointer files at a git revision, a pipeline stage's `dvc.lock` entry, the
//! run-cache; and the index of their outputs by path (`OutputPaths`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use dvx_formats::import::ImportDep;
use dvx_formats::PointerFile;
use dvx_odb::state::{Text, TextStamp, Texts, MAX_TEXT};

use crate::error::{Error, IoContext, Result};
use crate::fsutil::absolutize;
use crate::repo::Repo;

/// A `.dvc` file and what it says.
#[derive(Debug, Clone)]
pub struct TrackedStage {
    /// Absolute path of the `.dvc` file.
    pub file: PathBuf,
    /// The same, relative to the repository root.
    pub rel: String,
    pub pointer: PointerFile,
    /// The text it was read from (None for a new file), so a rewrite keeps the user's comments.
    pub text: Option<String>,
    /// Where the record comes from: only a workspace pointer file is ever saved.
    pub origin: Origin,
}

/// Where a tracked stage's record comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A `.dvc` file in the workspace; its outputs' options are its own keys.
    PointerFile,
    /// A `.dvc` file read from git at a revision.
    Revision,
    /// A pipeline stage: the hashes its `dvc.lock` entry records, the options its `dvc.yaml`
    /// definition gives (one per output).
    Lock { options: Vec<OutOptions> },
    /// Entries of the run-cache: objects only, every one cached.
    RunCache,
}

/// How an output is stored and moved: in the cache or by git, to which remote, pushed or not.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOptions {
    /// `cache: false`: git tracks the output, the cache does not.
    pub cache: bool,
    /// The remote the output goes to instead of the default.
    pub remote: Option<String>,
    /// `push: false`: never pushed (fetch and pull still take it).
    pub push: bool,
}

impl Default for OutOptions {
    fn default() -> Self {
        OutOptions {
            cache: true,
            remote: None,
            push: true,
        }
    }
}

impl TrackedStage {
    pub fn load(repo: &Repo, file: &Path) -> Result<Self> {
        let bytes = std::fs::read(file).ctx("reading pointer file", file)?;
        Self::parse(file, repo.rel(file), bytes)
    }

    /// The pointer file `file` from its bytes.
    fn parse(file: &Path, rel: String, bytes: Vec<u8>) -> Result<Self> {
        let (text, pointer) =
            parse_pointer(bytes, &format!("pointer file '{rel}'")).map_err(|e| {
                e.with_hint("fix the file by hand, or restore it from git (git checkout -- FILE)")
            })?;
        Ok(TrackedStage {
            file: file.to_path_buf(),
            rel,
            pointer,
            text: Some(text),
            origin: Origin::PointerFile,
        })
    }

    /// [`TrackedStage::load`] from the text the state database remembers when the file's
    /// metadata vouches for it; else read, with the text to remember.
    fn load_remembered(
        repo: &Repo,
        file: &Path,
        texts: Option<&Texts>,
        read_at: i64,
    ) -> Result<(Self, Option<Text>)> {
        let rel = repo.rel(file);
        if let Some(texts) = texts {
            let known = std::fs::metadata(file)
                .ok()
                .and_then(|m| texts.get(rel.as_bytes(), &TextStamp::of(&m)));
            if let Some(text) = known {
                return Ok((Self::parse(file, rel, text.into_bytes())?, None));
            }
        }
        let mut f = std::fs::File::open(file).ctx("reading pointer file", file)?;
        let meta = f.metadata().ctx("reading pointer file", file)?;
        let mut bytes = Vec::with_capacity(meta.len().min(MAX_TEXT as u64) as usize + 1);
        f.read_to_end(&mut bytes)
            .ctx("reading pointer file", file)?;
        let key = texts.map(|_| rel.clone().into_bytes());
        let st = Self::parse(file, rel, bytes)?;
        let learnt = match (key, &st.text) {
            (Some(key), Some(text)) => Some(Text {
                key,
                stamp: TextStamp::of(&meta),
                text: text.clone(),
                read_at,
            }),
            _ => None,
        };
        Ok((st, learnt))
    }

    /// Whether its record is a pipeline stage's (a `dvc.lock` entry).
    pub fn is_pipeline(&self) -> bool {
        matches!(self.origin, Origin::Lock { .. })
    }

    /// Output `i`'s options: a pointer file's keys, or the stage's `dvc.yaml` definition.
    pub fn options(&self, i: usize) -> OutOptions {
        match &self.origin {
            Origin::Lock { options } => options.get(i).cloned().unwrap_or_default(),
            Origin::RunCache => OutOptions::default(),
            Origin::PointerFile | Origin::Revision => {
                let o = &self.pointer.outs[i];
                OutOptions {
                    cache: o.use_cache(),
                    remote: o.remote().map(str::to_string),
                    push: o.push(),
                }
            }
        }
    }

    pub fn dir(&self) -> &Path {
        self.file
            .parent()
            .expect("a pointer file has a parent directory")
    }

    /// Absolute path of output `i` in the workspace.
    pub fn out_path(&self, i: usize) -> PathBuf {
        self.dir().join(&self.pointer.outs[i].path)
    }

    /// The import dependency of the pointer file, if it is an import.
    pub fn import_dep(&self) -> Result<Option<ImportDep>> {
        self.pointer.import_dep().map_err(|e| {
            Error::user(format!(
                "pointer file '{}' has an invalid import: {e}",
                self.rel
            ))
            .with_hint("import the data again with `dvx import -f`")
        })
    }

    pub fn save(&self, repo: &Repo) -> Result<()> {
        repo.worktree.write(&self.file, self.rendered()?.as_bytes())
    }

    /// The text of the pointer file as [`TrackedStage::save`] writes it (keeping the comments
    /// and order of the text it was read from).
    pub fn rendered(&self) -> Result<String> {
        match self.origin {
            Origin::PointerFile => {}
            Origin::Lock { .. } => {
                return Err(Error::user(format!(
                "'{}' is a pipeline stage: its outputs are recorded by `dvx repro` or `dvx commit` in dvc.lock",
                self.rel
            )))
            }
            Origin::Revision | Origin::RunCache => {
                return Err(Error::user(format!(
                    "'{}' is a record read from git or the run-cache, not a file to save",
                    self.rel
                )))
            }
        }
        Ok(match &self.text {
            Some(old) => self.pointer.render_over(old),
            None => self.pointer.render(),
        })
    }
}

/// Every pointer file of the repository.
pub fn load_all(repo: &Repo) -> Result<Vec<TrackedStage>> {
    load_files(repo, &crate::walk::find_pointer_files(&repo.root)?)
}

/// The pointer files `files` (every pointer file of the repository), in order, read and parsed
/// on every core (a repository of thousands of `.dvc` files); the first one that cannot be read
/// is the error. The state database remembers their texts: a file whose metadata has not
/// changed is not read again.
pub fn load_files(repo: &Repo, files: &[PathBuf]) -> Result<Vec<TrackedStage>> {
    use rayon::prelude::*;
    let state = repo.state_db();
    let texts = state.as_ref().map(|s| s.texts());
    let read_at = dvx_odb::state::now_ns();
    let loaded: Vec<Result<(TrackedStage, Option<Text>)>> = files
        .par_iter()
        .map(|f| TrackedStage::load_remembered(repo, f, texts.as_ref(), read_at))
        .collect();
    let mut stages = Vec::with_capacity(loaded.len());
    let mut learnt = Vec::new();
    for l in loaded {
        let (st, text) = l?;
        stages.push(st);
        learnt.extend(text.filter(Text::worth_keeping));
    }
    if let (Some(state), Some(texts)) = (state, texts) {
        // more texts than files: some files are gone, their texts are forgotten
        let stale = texts.len() > stages.len() as u64;
        drop(texts);
        if !learnt.is_empty() || stale {
            let only: HashSet<&[u8]> = stages.iter().map(|st| st.rel.as_bytes()).collect();
            // failing to remember only costs reading the files next time
            let _ = state.record_texts(&learnt, stale.then_some(&only));
        }
    }
    Ok(stages)
}

/// The pointer files named by `targets` (pointer files themselves, or tracked paths), or all of
/// them when there are no targets. A target inside a tracked directory selects that directory.
pub fn select(repo: &Repo, cwd: &Path, targets: &[String]) -> Result<Vec<TrackedStage>> {
    select_from(repo, cwd, targets, load_all(repo)?)
}

pub(crate) fn select_from(
    repo: &Repo,
    cwd: &Path,
    targets: &[String],
    all: Vec<TrackedStage>,
) -> Result<Vec<TrackedStage>> {
    if targets.is_empty() {
        return Ok(all);
    }
    let index = OutputPaths::of(&all);
    let mut chosen: Vec<TrackedStage> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for t in targets {
        let abs = absolutize(cwd, Path::new(t));
        let found: Vec<&TrackedStage> = index
            .named(&repo.root, &abs)
            .into_iter()
            .map(|i| &all[i])
            .collect();
        let found: Vec<&TrackedStage> = if found.is_empty() && abs == repo.root {
            all.iter().collect()
        } else {
            found
        };
        if found.is_empty() {
            return Err(
                Error::user(format!("'{t}' is not tracked by any pointer (.dvc) file"))
                    .with_hint("check the path, or track it first with `dvx add`"),
            );
        }
        for s in found {
            if seen.insert(s.file.clone()) {
                chosen.push(s.clone());
            }
        }
    }
    Ok(chosen)
}

/// Whether the target `abs` names this pointer file: the file itself, one of its outputs, a
/// path inside one, or a directory holding one.
pub(crate) fn matches(repo: &Repo, s: &TrackedStage, abs: &Path) -> bool {
    s.file == abs
        || (0..s.pointer.outs.len()).any(|i| {
            abs.starts_with(s.out_path(i)) || s.out_path(i).starts_with(abs) && abs != repo.root
        })
}

/// Whether any of `targets` (relative to `cwd`) names this pointer file.
pub fn matches_any(repo: &Repo, s: &TrackedStage, cwd: &Path, targets: &[String]) -> bool {
    targets
        .iter()
        .any(|t| matches(repo, s, &absolutize(cwd, Path::new(t))))
}

/// A pointer file's text and what it says. The error names the file as `described` ("pointer
/// file 'x' at revision abc") and keeps the parser's error as its cause.
pub fn parse_pointer(bytes: Vec<u8>, described: &str) -> Result<(String, PointerFile)> {
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::invalid_file(
            format!("{described} is invalid: it is not UTF-8 text"),
            dvx_formats::PointerError::NotUtf8,
        )
    })?;
    let pointer = PointerFile::parse(&text)
        .map_err(|e| Error::invalid_file(format!("{described} is invalid: {e}"), e))?;
    Ok((text, pointer))
}

/// Refuses a pointer file (or a stage's recorded outputs) naming an output dvx must never
/// write: outside the repository, inside `.git`/`.dvc`/the cache, or through a symlink (see
/// [`crate::worktree`]). Called before anything is written.
pub fn check_inside(repo: &Repo, stage: &TrackedStage) -> Result<()> {
    for (i, o) in stage.pointer.outs.iter().enumerate() {
        if let Err(refused) = repo.worktree.check(&stage.out_path(i)) {
            let what = if stage.is_pipeline() {
                "stage"
            } else {
                "pointer file"
            };
            return Err(Error::user(format!(
                "{what} '{}' names output '{}': {refused}; refusing to use it",
                stage.rel, o.path
            ))
            .with_hint(match refused.why {
                crate::worktree::Refusal::Symlink(..) => {
                    "replace the symlink by a real directory (or remove it) and run the command again"
                }
                _ => "the pointer file was written by someone else or by hand: fix it, or restore it from git (git checkout -- FILE)",
            }));
        }
    }
    Ok(())
}

/// How a path stands to a tracked output (see [`OutputPaths::overlap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap<'a> {
    /// The path is the output.
    Same,
    /// The path is inside this output.
    Inside(&'a Path),
    /// This output is inside the path.
    Holds(&'a Path),
}

/// The outputs of pointer files by path: which one a path is, is inside or holds, found in
/// logarithmic time (an `add` or `push` of thousands of targets in a repository of thousands of
/// pointer files would otherwise compare every pair).
pub struct OutputPaths {
    /// Each output path, with the (stage, output) pairs recording it, in stage order.
    outs: BTreeMap<PathBuf, Vec<(usize, usize)>>,
    /// Each pointer file, with its stages.
    files: HashMap<PathBuf, Vec<usize>>,
}

impl OutputPaths {
    /// The outputs of `stages`, as (stage, output) indices.
    pub fn of(stages: &[TrackedStage]) -> Self {
        let mut outs: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
        let mut files: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (si, s) in stages.iter().enumerate() {
            files.entry(s.file.clone()).or_default().push(si);
            for oi in 0..s.pointer.outs.len() {
                outs.entry(s.out_path(oi)).or_default().push((si, oi));
            }
        }
        OutputPaths { outs, files }
    }

    /// The output `abs` is, else one it is inside, else one inside it (the first pointer
    /// file's, when several record a path).
    pub fn overlap(&self, abs: &Path) -> Option<(usize, usize, Overlap<'_>)> {
        if let Some(&(s, o)) = self.outs.get(abs).and_then(|v| v.first()) {
            return Some((s, o, Overlap::Same));
        }
        for up in abs.ancestors().skip(1) {
            if let Some((p, v)) = self.outs.get_key_value(up) {
                return Some((v[0].0, v[0].1, Overlap::Inside(p)));
            }
        }
        self.inside(abs)
            .next()
            .map(|(p, v)| (v[0].0, v[0].1, Overlap::Holds(p.as_path())))
    }

    /// The stages (indices, in order) a target `abs` names, as [`matches`] says: the
    /// pointer file itself, one of its outputs, a path inside one, or a directory holding one
    /// (not the repository's root).
    pub fn named(&self, root: &Path, abs: &Path) -> Vec<usize> {
        let mut found: Vec<usize> = self.files.get(abs).cloned().unwrap_or_default();
        for up in abs.ancestors() {
            if let Some(v) = self.outs.get(up) {
                found.extend(v.iter().map(|(s, _)| *s));
            }
        }
        if abs != root {
            for (_, v) in self.inside(abs) {
                found.extend(v.iter().map(|(s, _)| *s));
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The outputs strictly inside `abs`: paths order by components, so they follow it.
    fn inside(&self, abs: &Path) -> impl Iterator<Item = (&PathBuf, &Vec<(usize, usize)>)> {
        let under = abs.to_path_buf();
        self.outs
            .range::<Path, _>((Bound::Excluded(abs), Bound::Unbounded))
            .take_while(move |(p, _)| p.starts_with(&under))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(md5: char) -> String {
        let md5: String = std::iter::repeat_n(md5, 32).collect();
        format!("outs:\n- md5: {md5}\n  size: 3\n  hash: md5\n  path: a\n")
    }

    #[test]
    fn a_pointer_file_is_read_again_when_its_metadata_moves_and_not_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join(".dvc")).unwrap();
        let repo = Repo::open(&root).unwrap();
        let file = root.join("a.dvc");
        std::fs::write(&file, pointer('1')).unwrap();
        let md5 = |stages: &[TrackedStage]| stages[0].pointer.outs[0].oid.unwrap().to_string();
        let texts = || repo.state_db().unwrap().texts();
        let files = [file.clone()];
        // a file written within the racy margin of its reading is read but not remembered
        assert_eq!(md5(&load_files(&repo, &files).unwrap()), "1".repeat(32));
        assert_eq!(texts().len(), 0);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        load_files(&repo, &files).unwrap();
        assert_eq!(texts().len(), 1);
        // what is remembered is what a file whose metadata has not moved holds: plant a text
        let stamp = TextStamp::of(&std::fs::metadata(&file).unwrap());
        let planted = Text {
            key: b"a.dvc".to_vec(),
            stamp,
            text: pointer('2'),
            read_at: dvx_odb::state::now_ns(),
        };
        let state = repo.state_db().unwrap();
        state.record_texts(&[planted], None).unwrap();
        assert_eq!(md5(&load_files(&repo, &files).unwrap()), "2".repeat(32));
        // rewritten in place, same size, its mtime put back: the ctime moved, the file is read
        let mtime = std::fs::metadata(&file).unwrap().modified().unwrap();
        std::fs::write(&file, pointer('3')).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(mtime)
            .unwrap();
        let now = std::fs::metadata(&file).unwrap();
        assert_eq!(TextStamp::of(&now).file, stamp.file, "only the ctime moved");
        assert_eq!(md5(&load_files(&repo, &files).unwrap()), "3".repeat(32));
        // a file that is gone is forgotten
        std::fs::remove_file(&file).unwrap();
        load_files(&repo, &[]).unwrap();
        assert_eq!(texts().len(), 0);
    }

    #[test]
    fn overlap_finds_the_output_a_path_is_is_inside_or_holds() {
        let paths = [
            "/r/data", "/r/data2", "/r/a/b/c", "/r/a/bb", "/r/x.csv", "/r/data",
        ];
        let mut by_path: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
        for (i, p) in paths.iter().enumerate() {
            by_path.entry(PathBuf::from(p)).or_default().push((i, 0));
        }
        let outs = OutputPaths {
            outs: by_path,
            files: HashMap::from([(PathBuf::from("/r/x.csv.dvc"), vec![4])]),
        };
        let o = |p: &str| outs.overlap(Path::new(p));
        assert_eq!(o("/r/data"), Some((0, 0, Overlap::Same)));
        assert_eq!(
            o("/r/data/sub/f"),
            Some((0, 0, Overlap::Inside(Path::new("/r/data"))))
        );
        assert_eq!(
            o("/r/a/b"),
            Some((2, 0, Overlap::Holds(Path::new("/r/a/b/c"))))
        );
        assert_eq!(
            o("/r/a"),
            Some((2, 0, Overlap::Holds(Path::new("/r/a/b/c"))))
        );
        assert_eq!(o("/r/a/b/"), o("/r/a/b"));
        assert_eq!(o("/r/dat"), None);
        assert_eq!(o("/r/a/bbb"), None);
        assert_eq!(o("/r/x"), None);
        assert_eq!(o("/r/b"), None);
        // every pair compared, as before: the same answers
        for q in [
            "/r",
            "/r/data",
            "/r/data2/z",
            "/r/a/b",
            "/r/a/bb/q",
            "/r/zz",
            "/",
        ] {
            let q = Path::new(q);
            let slow = paths.iter().enumerate().find_map(|(i, p)| {
                let p = Path::new(p);
                (p == q || q.starts_with(p) || p.starts_with(q)).then_some(i)
            });
            assert_eq!(
                o(q.to_str().unwrap()).map(|(s, _, _)| s).is_some(),
                slow.is_some(),
                "{q:?}"
            );
        }
        // what a target names: every stage, in order, as comparing each pair says
        let root = Path::new("/r");
        let named = |p: &str| outs.named(root, Path::new(p));
        assert_eq!(named("/r/data"), [0, 5]);
        assert_eq!(named("/r/data/f"), [0, 5]);
        assert_eq!(named("/r/a"), [2, 3]);
        assert_eq!(named("/r/x.csv.dvc"), [4]);
        assert_eq!(
            named("/r"),
            Vec::<usize>::new(),
            "the root names nothing by itself"
        );
        assert_eq!(named("/r/zz"), Vec::<usize>::new());
        assert_eq!(named("/"), [0, 1, 2, 3, 4, 5]);
    }
}
