//! Git, through the `git` command: every question dvx asks of a git repository (its own or
//! an import's source) goes through here: discover, resolve, revisions of a scope, trees and
//! blobs at a revision, add, check-ignore.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod refs;
mod snapshot;
pub use refs::{observe_refs, unobserve_refs, CommitInfo, RefObserver, SyncStatus};
pub use snapshot::Stage;

/// What went wrong with git. The repository layer turns it into its error (exit code, hint).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// git could not be started.
    #[error("cannot run git: {0}")]
    Spawn(#[source] std::io::Error),
    /// git ran and failed; what it said on stderr.
    #[error("git {command} failed: {stderr}")]
    Failed { command: String, stderr: String },
    /// No commit by that name.
    #[error("unknown Git revision '{0}'")]
    UnknownRevision(String),
    /// `cat-file --batch` did not give the object.
    #[error("git cannot read object {0}")]
    UnreadableObject(String),
}

pub type Result<T, E = GitError> = std::result::Result<T, E>;

/// The git work tree a dvx repository lives in.
#[derive(Debug, Clone)]
pub struct Git {
    pub root: PathBuf,
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).stdin(Stdio::null());
    c
}

/// Paths as git reads them with `-z`: each followed by a NUL byte.
fn nul_separated<'a>(paths: impl Iterator<Item = &'a Path>) -> Vec<u8> {
    let mut input = Vec::new();
    for p in paths {
        input.extend_from_slice(p.as_os_str().as_encoded_bytes());
        input.push(0);
    }
    input
}

/// Runs `cmd` with `input` on its standard input (written by a thread, so that a command
/// answering as it reads cannot block on a full pipe), and collects its output.
fn with_input(cmd: &mut Command, input: Vec<u8>) -> std::io::Result<std::process::Output> {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output()?;
    // a command that stops reading early closes the pipe; what it said is the answer
    let _ = writer.join();
    Ok(out)
}

impl Git {
    /// The work tree containing `dir`, if any.
    pub fn discover(dir: &Path) -> Option<Git> {
        let out = git(dir)
            .args(["rev-parse", "--show-toplevel"])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let s = String::from_utf8(out.stdout).ok()?;
        Some(Git {
            root: PathBuf::from(s.trim_end_matches('\n')),
        })
    }

    /// Which of `paths` git tracks (is in the index): a path that is, or a directory holding
    /// one that is. Asked a few thousand paths per `git ls-files` (a command line is bounded).
    pub fn tracked(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
        let asked: HashSet<&Path> = paths.iter().map(PathBuf::as_path).collect();
        let mut found: HashSet<&Path> = HashSet::new();
        for chunk in paths.chunks(4096) {
            let out = git(&self.root)
                .args(["ls-files", "-z", "--"])
                .args(chunk)
                .stderr(Stdio::null())
                .output()
                .map_err(GitError::Spawn)?;
            for s in out.stdout.split(|b| *b == 0).filter(|s| !s.is_empty()) {
                let listed = self.root.join(String::from_utf8_lossy(s).as_ref());
                for a in listed.ancestors() {
                    if let Some(p) = asked.get(a) {
                        found.insert(p);
                    }
                }
            }
        }
        Ok(paths
            .iter()
            .filter(|p| found.contains(p.as_path()))
            .cloned()
            .collect())
    }

    /// The commit a revision names (full id), or an error naming the revision.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        let out = git_out(
            &self.root,
            &["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")],
        )
        .map_err(|_| GitError::UnknownRevision(rev.to_string()))?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The revisions a scope names, by the names a user knows them by: branches (`-a`) and
    /// tags (`-T`) by short name, commits (`-A`) by id; each once, as (name, revision).
    pub fn named_revisions(&self, scope: &Scope) -> Result<Vec<(String, String)>> {
        let lines = |args: &[&str]| git_lines(&self.root, args);
        let mut out: Vec<String> = Vec::new();
        if scope.all_branches {
            out.extend(lines(&[
                "for-each-ref",
                "--format=%(refname:short)",
                "refs/heads",
            ])?);
        }
        if scope.all_tags {
            out.extend(lines(&[
                "for-each-ref",
                "--format=%(refname:short)",
                "refs/tags",
            ])?);
        }
        if scope.all_commits {
            out.extend(lines(&["rev-list", "--all"])?);
        }
        let mut seen = HashSet::new();
        out.retain(|n| seen.insert(n.clone()));
        Ok(out.into_iter().map(|n| (n.clone(), n)).collect())
    }

    /// The branch HEAD is on, None when it is detached.
    pub fn current_branch(&self) -> Option<String> {
        let out = git(&self.root)
            .args(["symbolic-ref", "--short", "-q", "HEAD"])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let b = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!b.is_empty()).then_some(b)
    }

    /// Which of `paths` git ignores already (then DVC adds no `.gitignore` line), in order,
    /// asked through one `git check-ignore --stdin` (a process per path costs milliseconds:
    /// seconds for thousands of targets). When that answer cannot be read, each path is asked
    /// about alone.
    pub fn ignored(&self, paths: &[&Path]) -> Vec<bool> {
        let batched = || -> Option<Vec<bool>> {
            let input = nul_separated(paths.iter().copied());
            let out = with_input(
                git(&self.root).args(["check-ignore", "--stdin", "-z", "-v", "-n", "--no-index"]),
                input,
            )
            .ok()?;
            // one record per path, in order: source, line number, pattern, path
            let fields: Vec<&[u8]> = out.stdout.split(|b| *b == 0).collect();
            let records: Vec<&[&[u8]]> = fields.chunks_exact(4).collect();
            if records.len() != paths.len() || fields.len() != 4 * paths.len() + 1 {
                return None;
            }
            Some(
                records
                    .iter()
                    .map(|r| !r[2].is_empty() && !r[2].starts_with(b"!"))
                    .collect(),
            )
        };
        if paths.is_empty() {
            return Vec::new();
        }
        batched().unwrap_or_else(|| paths.iter().map(|p| self.is_ignored(p)).collect())
    }

    /// Whether git ignores `path` already (then DVC adds no `.gitignore` line).
    pub fn is_ignored(&self, path: &Path) -> bool {
        git(&self.root)
            .args(["check-ignore", "-q", "--no-index", "--"])
            .arg(path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    /// `git add` for autostage.
    pub fn add(&self, paths: &[PathBuf]) -> Result<()> {
        if paths.is_empty() {
            return Ok(());
        }
        let input = nul_separated(paths.iter().map(PathBuf::as_path));
        // the paths on standard input: a command line is bounded, the targets are not
        let out = with_input(
            git(&self.root).args(["add", "--pathspec-from-file=-", "--pathspec-file-nul"]),
            input,
        )
        .map_err(GitError::Spawn)?;
        if !out.status.success() {
            return Err(GitError::Failed {
                command: "add".into(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(())
    }

    /// The content of `path` (relative to the work tree) at `rev`, or None if it is not there.
    pub fn show(&self, rev: &str, rel: &str) -> Option<Vec<u8>> {
        let out = git(&self.root)
            .args(["cat-file", "blob", &format!("{rev}:{rel}")])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    }

    /// [`Git::show`] of many paths at one revision, in order: the revision's tree listed once
    /// and the blobs read by id through one `git cat-file --batch`. (A process per path costs
    /// milliseconds, and each `rev:path` lookup reads every tree on its path again: seconds for
    /// thousands of pointer files.) When that fails, each path is asked about alone.
    pub fn show_many(&self, rev: &str, rels: &[&str]) -> Vec<Option<Vec<u8>>> {
        let batched = || -> Result<Vec<Option<Vec<u8>>>> {
            let ids = self.blob_ids(rev, rels)?;
            let mut blobs =
                read_blobs(&self.root, ids.iter().flatten().map(String::as_str))?.into_iter();
            Ok(ids
                .iter()
                .map(|id| id.as_ref().and_then(|_| blobs.next()))
                .collect())
        };
        match batched() {
            Ok(all) => all,
            // no such revision (a repository without commits): nothing is there
            Err(_) if self.resolve(rev).is_err() => vec![None; rels.len()],
            Err(_) => rels.iter().map(|r| self.show(rev, r)).collect(),
        }
    }

    /// The blob ids of many paths (relative to the work tree) at `rev`, in order (None: not
    /// there, or not a file), from one listing of the revision's tree. A file whose
    /// [`blob_id`] is the one listed need not be read from git at all.
    pub fn blob_ids(&self, rev: &str, rels: &[&str]) -> Result<Vec<Option<String>>> {
        let wanted: HashSet<&str> = rels.iter().copied().collect();
        let ids: HashMap<String, String> = ls_tree(&self.root, rev, false, false)?
            .into_iter()
            .filter(|e| e.kind == "blob" && wanted.contains(e.path.as_str()))
            .map(|e| (e.path, e.id))
            .collect();
        Ok(rels.iter().map(|r| ids.get(*r).cloned()).collect())
    }

    /// The newest `n` commits (from HEAD) that changed `rel` (relative to the work tree);
    /// none when git cannot tell.
    pub fn commits_changing(&self, rel: &str, n: usize) -> Vec<String> {
        let out = git(&self.root)
            .args(["log", &format!("-n{n}"), "--format=%H", "--", rel])
            .stderr(Stdio::null())
            .output();
        match out {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the work tree has changes git would report (for `data status`'s closing hint).
    pub fn has_changes(&self) -> bool {
        git(&self.root)
            .args(["status", "--porcelain", "--untracked-files=no"])
            .stderr(Stdio::null())
            .output()
            .map(|o| !o.stdout.is_empty())
            .unwrap_or(false)
    }

    /// The files git neither tracks nor ignores, relative to the work tree's root, one by one
    /// (as `git status --untracked-files=all` lists them), in git's order.
    pub fn untracked(&self) -> Result<Vec<String>> {
        let args = ["ls-files", "--others", "--exclude-standard", "-z"];
        let out = git_out(&self.root, &args)?;
        Ok(out
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }
}

/// Which revisions to cover.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub all_branches: bool,
    pub all_tags: bool,
    /// Every commit reachable from any ref (experiments' refs included: more than DVC's `-A`,
    /// which leaves experiments out, so that nothing an experiment needs is lost).
    pub all_commits: bool,
    /// The commits of every experiment (`refs/exps/<2>/<38>/<name>`), down to its baseline.
    pub all_experiments: bool,
}

/// Runs git in `dir`; its output, or an error with what git said.
pub fn git_out(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(args).stdin(Stdio::null());
    run(cmd, args)
}

/// Runs a git command made by the caller; its output, or an error naming `args` with what git
/// said.
pub(crate) fn run(mut cmd: Command, args: &[&str]) -> Result<Vec<u8>> {
    let out = cmd.output().map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(out.stdout)
}

/// Runs git in `dir`; the lines of its output.
pub(crate) fn git_lines(dir: &Path, args: &[&str]) -> Result<Vec<String>> {
    Ok(String::from_utf8_lossy(&git_out(dir, args)?)
        .lines()
        .map(str::to_string)
        .collect())
}

/// The commits the scope names, each once.
pub fn revisions(dir: &Path, scope: &Scope) -> Result<Vec<String>> {
    let mut revs: Vec<String> = Vec::new();
    let mut add = |bytes: Vec<u8>| {
        for l in String::from_utf8_lossy(&bytes).lines() {
            // for-each-ref prints "<object> <peeled commit>"; the peeled one wins when present
            let id = l.split_whitespace().last().unwrap_or("");
            if !id.is_empty() {
                revs.push(id.to_string());
            }
        }
    };
    if scope.all_commits {
        add(git_out(dir, &["rev-list", "--all"])?);
    }
    if scope.all_branches {
        add(git_out(
            dir,
            &["for-each-ref", "--format=%(objectname)", "refs/heads"],
        )?);
    }
    if scope.all_tags {
        add(git_out(
            dir,
            &[
                "for-each-ref",
                "--format=%(objectname) %(*objectname)",
                "refs/tags",
            ],
        )?);
    }
    if scope.all_experiments {
        let refs = git_out(dir, &["for-each-ref", "--format=%(refname)", "refs/exps"])?;
        for name in String::from_utf8_lossy(&refs).lines() {
            // refs/exps/<baseline[:2]>/<baseline[2:]>/<name>; exec/, apply/, celery/ are not
            let parts: Vec<&str> = name.split('/').collect();
            let baseline = parts
                .get(2)
                .zip(parts.get(3))
                .map(|(a, b)| format!("{a}{b}"));
            let Some(baseline) = baseline.filter(|b| {
                parts.len() == 5 && b.len() == 40 && b.bytes().all(|c| c.is_ascii_hexdigit())
            }) else {
                continue;
            };
            add(git_out(dir, &["rev-list", name, &format!("^{baseline}")])?);
        }
    }
    let mut seen = HashSet::new();
    revs.retain(|r| seen.insert(r.clone()));
    Ok(revs)
}

/// Clones `url` into `dir` without checking anything out (no prompt for credentials); on
/// failure, the last line git printed.
pub fn clone_no_checkout(url: &str, dir: &Path) -> std::result::Result<(), String> {
    let out = Command::new("git")
        .args(["clone", "--quiet", "--no-checkout", "--", url])
        .arg(dir)
        .stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let why = String::from_utf8_lossy(&out.stderr);
    Err(why
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("git clone failed")
        .trim()
        .to_string())
}

/// One entry of a git tree listing.
#[derive(Debug, Clone)]
pub struct TreeEntry {
    /// As git prints it: `100644`, `100755`, `120000`, `040000`, `160000`.
    pub mode: String,
    /// `blob`, `tree` or `commit` (a submodule).
    pub kind: String,
    pub id: String,
    /// The size of a blob, when asked for (None for trees and submodules).
    pub size: Option<u64>,
    /// Relative to the top of the tree.
    pub path: String,
}

/// Every entry of the tree of `rev`, recursively (with `trees`, the subtrees as entries too;
/// with `sizes`, each blob's size, which costs git a look at every blob: only when needed).
/// Paths come raw: `-z` without `--format` (which would quote non-ASCII names even with `-z`).
pub fn ls_tree(dir: &Path, rev: &str, trees: bool, sizes: bool) -> Result<Vec<TreeEntry>> {
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree"];
    if trees {
        args.push("-t");
    }
    if sizes {
        args.push("-l");
    }
    args.push(rev);
    let listing = git_out(dir, &args)?;
    Ok(listing
        .split(|b| *b == 0)
        .filter_map(|entry| parse_tree_entry(&String::from_utf8_lossy(entry)))
        .collect())
}

/// `<mode> <type> <id>[ <size, padded; "-" for a tree>]\t<path>`.
fn parse_tree_entry(entry: &str) -> Option<TreeEntry> {
    let (meta, path) = entry.split_once('\t')?;
    let mut meta = meta.split_whitespace();
    Some(TreeEntry {
        mode: meta.next()?.to_string(),
        kind: meta.next()?.to_string(),
        id: meta.next()?.to_string(),
        size: meta.next().and_then(|s| s.parse().ok()),
        path: path.to_string(),
    })
}

/// The id git gives `bytes` stored as a blob in a SHA-1 repository (`git hash-object`).
pub fn blob_id(bytes: &[u8]) -> String {
    use sha1::Digest;
    let mut h = sha1::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The contents of blobs, in order, through one `git cat-file --batch`.
pub fn read_blobs<'a>(dir: &Path, ids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>> {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::Spawn)?;
    let mut stdin = child.stdin.take().expect("piped");
    let input: String = ids.iter().map(|i| format!("{i}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut blobs = Vec::with_capacity(ids.len());
    let bad = |id: &str| GitError::UnreadableObject(id.to_string());
    for id in &ids {
        let mut header = String::new();
        out.read_line(&mut header).map_err(|_| bad(id))?;
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(id))?;
        let mut buf = vec![0; size + 1];
        out.read_exact(&mut buf).map_err(|_| bad(id))?;
        buf.truncate(size);
        blobs.push(buf);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs git in `d` as a test user; the command must succeed.
    fn git_in(d: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(d)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }

    #[test]
    fn ls_tree_lists_raw_paths_sizes_and_trees() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let git = |args: &[&str]| git_in(d, args);
        git(&["init", "-q"]);
        std::fs::create_dir(d.join("données")).unwrap();
        std::fs::write(d.join("données/é \"q\".txt"), "hello\n").unwrap();
        git(&["add", "-A"]);
        git(&["commit", "-qm", "a"]);
        let entries = ls_tree(d, "HEAD", true, true).unwrap();
        let shown: Vec<(String, String, Option<u64>)> = entries
            .iter()
            .map(|e| (e.kind.clone(), e.path.clone(), e.size))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("tree".into(), "données".into(), None),
                ("blob".into(), "données/é \"q\".txt".into(), Some(6)),
            ]
        );
        assert_eq!(entries[0].mode, "040000");
        assert_eq!(entries[1].mode, "100644");
        let blobs = ls_tree(d, "HEAD", false, false).unwrap();
        assert_eq!(blobs.len(), 1);
        assert_eq!(
            (blobs[0].path.as_str(), blobs[0].size),
            ("données/é \"q\".txt", None)
        );
        assert_eq!(blobs[0].id, entries[1].id);
    }

    #[test]
    fn show_many_reads_each_path_at_a_revision_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let git = |args: &[&str]| git_in(d, args);
        git(&["init", "-q"]);
        std::fs::create_dir(d.join("sub")).unwrap();
        for (name, text) in [("a.dvc", "a\n"), ("sub/é b.dvc", ""), ("new\nline", "n\n")] {
            std::fs::write(d.join(name), text).unwrap();
        }
        git(&["add", "-A"]);
        git(&["commit", "-qm", "a"]);
        std::fs::write(d.join("a.dvc"), "changed\n").unwrap();
        let repo = Git::discover(d).unwrap();
        let paths = [
            "sub/é b.dvc",
            "gone.dvc",
            "a.dvc",
            "sub",
            "new\nline",
            "a.dvc",
        ];
        let got = repo.show_many("HEAD", &paths);
        let want: Vec<Option<Vec<u8>>> = vec![
            Some(b"".to_vec()),
            None,
            Some(b"a\n".to_vec()),
            None, // a tree is not a file
            Some(b"n\n".to_vec()),
            Some(b"a\n".to_vec()),
        ];
        assert_eq!(got, want);
        for (p, w) in paths.iter().zip(&want).filter(|(p, _)| **p != "sub") {
            assert_eq!(&repo.show("HEAD", p), w, "{p}");
        }
        // a file's blob id, computed, is the one git lists for it
        let ids = repo
            .blob_ids("HEAD", &["sub/é b.dvc", "gone.dvc", "a.dvc"])
            .unwrap();
        assert_eq!(ids[0].as_deref(), Some(blob_id(b"").as_str()));
        assert_eq!(ids[1], None);
        assert_eq!(ids[2].as_deref(), Some(blob_id(b"a\n").as_str()));
        assert_ne!(blob_id(b"a\n"), blob_id(b"changed\n"));
        // a repository without commits has nothing at HEAD
        let fresh = tempfile::tempdir().unwrap();
        git_in(fresh.path(), &["init", "-q"]);
        let fresh = Git::discover(fresh.path()).unwrap();
        assert_eq!(fresh.show_many("HEAD", &["a.dvc", "b"]), [None, None]);
    }

    #[test]
    fn untracked_lists_each_file_git_neither_tracks_nor_ignores() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git_in(d, &["init", "-q"]);
        for (p, text) in [
            (".gitignore", "*.log\n"),
            ("kept", "k"),
            ("new file", "n"),
            ("deep/er/f", "f"),
            ("skip.log", "s"),
            ("deep/x.log", "x"),
        ] {
            std::fs::create_dir_all(d.join(p).parent().unwrap()).unwrap();
            std::fs::write(d.join(p), text).unwrap();
        }
        git_in(d, &["add", "kept", ".gitignore"]);
        let repo = Git::discover(&d.join("deep")).unwrap();
        assert_eq!(repo.untracked().unwrap(), ["deep/er/f", "new file"]);
    }

    #[test]
    fn ignored_and_tracked_answer_for_many_paths_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let git = |args: &[&str]| git_in(d, args);
        git(&["init", "-q"]);
        std::fs::write(d.join(".gitignore"), "/a\n!/b\n*.x\nsub/\n").unwrap();
        std::fs::create_dir_all(d.join("t")).unwrap();
        std::fs::write(d.join("t/one"), "1").unwrap();
        std::fs::write(d.join("two"), "2").unwrap();
        git(&["add", "t/one", "two"]);
        let repo = Git::discover(d).unwrap();
        let r = |p: &str| repo.root.join(p);
        let asked = [
            r("a"),
            r("b"),
            r("c"),
            r("d.x"),
            r("new\nline.x"),
            r("sub/f"),
            r("a"),
            r("t"),
        ];
        let refs: Vec<&Path> = asked.iter().map(PathBuf::as_path).collect();
        let got = repo.ignored(&refs);
        assert_eq!(
            got,
            [true, false, false, true, true, true, true, false],
            "{asked:?}"
        );
        for (p, g) in asked.iter().zip(&got) {
            assert_eq!(repo.is_ignored(p), *g, "{p:?}");
        }
        assert!(repo.ignored(&[]).is_empty());

        let asked = [r("t"), r("two"), r("three"), r("t/one"), r("a")];
        assert_eq!(
            repo.tracked(&asked).unwrap(),
            [r("t"), r("two"), r("t/one")]
        );
        assert!(repo.tracked(&[]).unwrap().is_empty());
        // the paths are read from standard input: names git would otherwise take as options
        std::fs::write(d.join("--all"), "3").unwrap();
        repo.add(&[r("--all")]).unwrap();
        assert_eq!(repo.tracked(&[r("--all"), r("c")]).unwrap(), [r("--all")]);
    }
}
