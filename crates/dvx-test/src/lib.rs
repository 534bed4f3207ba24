//! Test harness: hermetic temporary repositories driven through the real `dvx` binary, real
//! git, and real DVC (3.67.1, and the seed's 2.10.2) from virtualenvs created on first use and
//! cached between runs.
//!
//! Nothing here skips: a tool that cannot be installed fails the test with the reason.

pub mod garage;
pub mod servers;
pub mod sshd;
pub mod watchman;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The DVC versions the tests use, with the pins each needs to install today.
pub const DVC3: &str = "3.67.1";
pub const DVC2: &str = "2.10.2";

fn dvc_requirements(version: &str) -> Vec<String> {
    match version {
        DVC2 => [
            "dvc==2.10.2",
            "funcy==1.17",
            "fsspec==2022.3.0",
            "dulwich==0.20.35",
        ]
        .map(String::from)
        .to_vec(),
        // the plugins let the compatibility tests run the same DVC against S3, SSH, Azure,
        // GCS and WebDAV servers
        v => vec![
            format!("dvc=={v}"),
            "dvc-s3==3.3.0".to_string(),
            "dvc-ssh==4.3.0".to_string(),
            "dvc-azure==3.1.1".to_string(),
            "dvc-gs==3.1.0".to_string(),
            "dvc-webdav==3.0.1".to_string(),
        ],
    }
}

/// Where installed tools are cached: `$DVX_TEST_CACHE`, else `~/.cache/dvx-test`.
pub fn cache_root() -> PathBuf {
    if let Some(d) = std::env::var_os("DVX_TEST_CACHE") {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    home.join(".cache").join("dvx-test")
}

/// Runs `install` into `dir` under the tool cache once: a marker named after `what` records
/// success, a file lock keeps parallel tests from installing twice, and a half-done install is
/// removed and redone.
pub fn install_once(dir: &Path, what: &str, install: impl FnOnce(&Path)) {
    let root = cache_root();
    fs::create_dir_all(&root).expect("creating the test tool cache");
    let marker = dir.join(format!(".installed-{what}"));
    if marker.exists() {
        return;
    }
    let name = dir
        .file_name()
        .expect("a named directory")
        .to_string_lossy();
    let lock = File::create(root.join(format!("{name}.lock"))).expect("creating the install lock");
    lock.lock().expect("locking the install lock");
    if marker.exists() {
        return;
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("creating the install directory");
    install(dir);
    fs::write(&marker, "").expect("marking the install done");
}

/// A Python virtualenv at `venv` with `requirements` installed.
pub fn python_venv(venv: &Path, requirements: &[String]) {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-m", "venv"])
        .arg(venv)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "could not create a Python venv at {} with {python}: install python3 with the venv module",
        venv.display()
    );
    let out = Command::new(venv.join("bin").join("pip"))
        .args(["install", "-q", "--disable-pip-version-check"])
        .args(requirements)
        .output()
        .expect("running pip");
    assert!(
        out.status.success(),
        "installing {} into {} failed (is PyPI reachable?):\n{}",
        requirements.join(" "),
        venv.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `dvc` executable of a cached venv, installing it (once) if needed.
pub fn dvc_binary(version: &str) -> PathBuf {
    let venv = cache_root().join(format!("dvc-{version}"));
    // the marker names what was installed, so a cache made with other requirements is redone
    let reqs = dvc_requirements(version);
    install_once(&venv, &reqs.join("+"), |dir| python_venv(dir, &reqs));
    venv.join("bin").join("dvc")
}

/// The Python of a cached venv with DVCLive (the logger training scripts use) and the DVC it
/// needs, installing it (once) if needed.
pub fn dvclive_python() -> PathBuf {
    let venv = cache_root().join("dvclive-3.49.1");
    let reqs: Vec<String> = ["dvclive==3.49.1", "dvc==3.67.1"]
        .map(String::from)
        .to_vec();
    install_once(&venv, &reqs.join("+"), |dir| python_venv(dir, &reqs));
    venv.join("bin").join("python")
}

/// A command's outcome, with helpers that fail the test with everything printed.
#[derive(Debug)]
pub struct Run {
    pub cmd: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(cmd: String, o: Output) -> Run {
        Run {
            cmd,
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "`{}` failed:\nstdout:\n{}\nstderr:\n{}",
            self.cmd, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self) -> Run {
        assert_ne!(
            self.code, 0,
            "`{}` should have failed:\nstdout:\n{}\nstderr:\n{}",
            self.cmd, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "`{}` exit code:\nstdout:\n{}\nstderr:\n{}",
            self.cmd, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "`{}`: stderr lacks {needle:?}:\n{}",
            self.cmd,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "`{}`: stdout lacks {needle:?}:\n{}",
            self.cmd,
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stdout.contains(needle),
            "`{}`: stdout has {needle:?}:\n{}",
            self.cmd,
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stderr.contains(needle),
            "`{}`: stderr has {needle:?}:\n{}",
            self.cmd,
            self.stderr
        );
        self
    }
}

/// A hermetic environment: its own HOME, git and DVC config, and a work directory.
pub struct TestEnv {
    pub tmp: tempfile::TempDir,
    pub dvx: PathBuf,
    /// A directory searched before the inherited PATH (for a configured tool in front).
    path_first: Option<PathBuf>,
    /// Variables set for every command this environment runs.
    vars: Vec<(String, String)>,
}

impl TestEnv {
    /// `dvx` is the binary under test (`env!("CARGO_BIN_EXE_dvx")` in the caller).
    pub fn new(dvx: impl Into<PathBuf>) -> TestEnv {
        let tmp = tempfile::Builder::new()
            .prefix("dvx-test-")
            .tempdir()
            .expect("creating a temp dir");
        for d in ["home", "xdg", "sysconf"] {
            fs::create_dir_all(tmp.path().join(d)).expect("creating test dirs");
        }
        fs::write(
            tmp.path().join("home/.gitconfig"),
            "[user]\n\tname = dvx test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n",
        )
        .expect("writing .gitconfig");
        TestEnv {
            tmp,
            dvx: dvx.into(),
            path_first: None,
            vars: Vec::new(),
        }
    }

    /// Sets `key=value` for every command this environment runs.
    pub fn with_var(mut self, key: &str, value: &str) -> TestEnv {
        self.vars.push((key.to_string(), value.to_string()));
        self
    }

    /// Puts `dir` in front of PATH for every command this environment runs.
    pub fn with_path_first(mut self, dir: PathBuf) -> TestEnv {
        self.path_first = Some(dir);
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    fn apply_env(&self, c: &mut Command) {
        let home = self.path("home");
        let inherited = std::env::var_os("PATH").unwrap_or_default();
        let path = match &self.path_first {
            Some(first) => std::env::join_paths(
                std::iter::once(first.clone()).chain(std::env::split_paths(&inherited)),
            )
            .expect("joining PATH"),
            None => inherited,
        };
        c.env_clear()
            .env("PATH", path)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("DVC_GLOBAL_CONFIG_DIR", self.path("xdg/dvc"))
            .env("DVC_SYSTEM_CONFIG_DIR", self.path("sysconf/dvc"))
            .env("DVC_SITE_CACHE_DIR", self.path("home/dvc-site-cache"))
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .env("DVC_NO_ANALYTICS", "1")
            .env("DVC_NO_UPDATER", "1")
            .env("LANG", "C.UTF-8")
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null());
    }

    /// A command with this environment, run in `dir`.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
        let mut c = Command::new(program);
        self.apply_env(&mut c);
        c.current_dir(dir);
        c
    }

    fn run(&self, program: &Path, name: &str, dir: &Path, args: &[&str]) -> Run {
        let out = self
            .command(program, dir)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("running {name}: {e}"));
        Run::from(format!("{name} {}", args.join(" ")), out)
    }

    pub fn dvx(&self, dir: &Path, args: &[&str]) -> Run {
        self.run(&self.dvx.clone(), "dvx", dir, args)
    }

    pub fn dvc(&self, version: &str, dir: &Path, args: &[&str]) -> Run {
        let bin = dvc_binary(version);
        self.run(&bin, &format!("dvc-{version}"), dir, args)
    }

    pub fn git(&self, dir: &Path, args: &[&str]) -> Run {
        self.run(Path::new("git"), "git", dir, args)
    }

    /// A new git repository at `rel`, with dvx (or DVC) initialised by the caller.
    pub fn git_repo(&self, rel: &str) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(&p).expect("creating repo dir");
        self.git(&p, &["init", "-q"]).ok();
        p
    }

    /// A git repository with `dvx init` done and committed.
    pub fn dvx_repo(&self, rel: &str) -> PathBuf {
        let p = self.git_repo(rel);
        self.dvx(&p, &["init", "-q"]).ok();
        self.git(&p, &["commit", "-q", "-m", "init"]).ok();
        p
    }
}

/// Writes a file, creating its parents.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).expect("creating parent dirs");
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Every file under `root` (not following symlinks), as sorted (relative path, bytes) pairs;
/// symlinks are listed with their target prefixed by `-> `. `root` must be a directory: a
/// missing root fails the test rather than list nothing.
#[track_caller]
pub fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    assert!(
        fs::symlink_metadata(root).is_ok_and(|m| m.is_dir()),
        "tree: '{}' is not a directory",
        root.display()
    );
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            let ft = e.file_type().unwrap();
            if ft.is_symlink() {
                out.push((
                    rel,
                    format!("-> {}", fs::read_link(&p).unwrap().display()).into_bytes(),
                ));
            } else if ft.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
    walk(root, root, &mut out);
    out.sort();
    out
}

/// What a path holds: a directory's [`tree`], or a file as one entry named `""`. A missing
/// path fails the test.
#[track_caller]
pub fn contents(path: &Path) -> Vec<(String, Vec<u8>)> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => tree(path),
        Ok(_) => vec![(String::new(), fs::read(path).expect("reading a file"))],
        Err(e) => panic!("contents: '{}': {e}", path.display()),
    }
}

/// Copies a directory tree, keeping symlinks as symlinks.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        let ft = e.file_type().unwrap();
        if ft.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&p).unwrap(), &dest).unwrap();
        } else if ft.is_dir() {
            copy_tree(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Asserts two trees (from [`tree`]) are equal, naming only the paths that differ. Two empty
/// trees are not a comparison: that fails too.
#[track_caller]
pub fn assert_same_tree(left: &[(String, Vec<u8>)], right: &[(String, Vec<u8>)], what: &str) {
    assert!(
        !(left.is_empty() && right.is_empty()),
        "{what}: both trees are empty, there is nothing to compare"
    );
    let l: std::collections::BTreeMap<_, _> = left.iter().cloned().collect();
    let r: std::collections::BTreeMap<_, _> = right.iter().cloned().collect();
    let mut diffs = Vec::new();
    for k in l
        .keys()
        .chain(r.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        match (l.get(k), r.get(k)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(a), Some(b)) => diffs.push(format!(
                "  {k}: differs\n    left:  {:?}\n    right: {:?}",
                String::from_utf8_lossy(&a[..a.len().min(300)]),
                String::from_utf8_lossy(&b[..b.len().min(300)])
            )),
            (Some(_), None) => diffs.push(format!("  {k}: only left")),
            (None, Some(_)) => diffs.push(format!("  {k}: only right")),
            (None, None) => {}
        }
    }
    assert!(
        diffs.is_empty(),
        "{what}: trees differ:\n{}",
        diffs.join("\n")
    );
}

/// The md5 (32 hex digits, without `.dir`) that the pointer file at `path` records for its
/// first output.
pub fn recorded_md5(path: &Path) -> String {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reading pointer file {}: {e}", path.display()));
    let md5 = text
        .split("md5: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no md5 in {}:\n{text}", path.display()));
    assert!(md5.len() >= 32, "{}: {text}", path.display());
    md5[..32].to_string()
}

/// Rewrites the `.dir` manifest that pointer file `pointer` (in `repo`, with its cache in
/// `.dvc/cache`) records, its entries in reverse order (as another tool might write it): the
/// new manifest goes into the cache under its own md5, which the pointer file then records.
/// Returns the old md5 and the new one.
pub fn reverse_manifest(repo: &Path, pointer: &str) -> (String, String) {
    let path = repo.join(pointer);
    let old = recorded_md5(&path);
    let cache = repo.join(".dvc/cache/files/md5");
    let bytes = std::fs::read_to_string(cache.join(&old[..2]).join(format!("{}.dir", &old[2..])))
        .expect("reading the recorded manifest");
    let mut entries: Vec<&str> = bytes
        .strip_prefix("[{")
        .and_then(|b| b.strip_suffix("}]"))
        .expect("a manifest as DVC writes it")
        .split("}, {")
        .collect();
    assert!(entries.len() >= 3, "{bytes}");
    entries.reverse();
    let reversed = format!("[{{{}}}]", entries.join("}, {"));
    let new = md5_hex(reversed.as_bytes());
    let dir = cache.join(&new[..2]);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{}.dir", &new[2..])), &reversed).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace(&old, &new)).unwrap();
    (old, new)
}

/// md5 of `bytes` as hex, by coreutils' md5sum (independent of the code under test).
pub fn md5_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("md5sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("running md5sum (coreutils)");
    child
        .stdin
        .take()
        .expect("md5sum's stdin")
        .write_all(bytes)
        .expect("writing to md5sum");
    let out = child.wait_with_output().expect("md5sum's output");
    let text = String::from_utf8(out.stdout).expect("md5sum prints ASCII");
    assert!(text.len() >= 32, "md5sum printed {text:?}");
    text[..32].to_string()
}

/// Puts `bytes` into a cache or directory remote at `root` under their md5 (DVC 3 layout), as
/// an attacker (or a colleague) would; returns the md5. `suffix` is `""` or `".dir"`.
pub fn put_object(root: &Path, bytes: &[u8], suffix: &str) -> String {
    let md5 = md5_hex(bytes);
    write(
        &root
            .join("files/md5")
            .join(&md5[..2])
            .join(format!("{}{suffix}", &md5[2..])),
        bytes,
    );
    md5
}

/// A directory outside the repository that an attack must leave alone: its files, their
/// content, modes and link counts are recorded when made and compared by
/// [`Sentinel::assert_untouched`].
pub struct Sentinel {
    pub dir: PathBuf,
    before: Vec<(String, Vec<u8>, u32, u64)>,
}

impl Sentinel {
    /// Makes `dir` with the given files (path relative to `dir`, content).
    pub fn new(dir: &Path, files: &[(&str, &[u8])]) -> Sentinel {
        assert!(!files.is_empty(), "a sentinel needs files to watch");
        for (rel, bytes) in files {
            write(&dir.join(rel), bytes);
        }
        Sentinel {
            dir: dir.to_path_buf(),
            before: Self::state(dir),
        }
    }

    fn state(dir: &Path) -> Vec<(String, Vec<u8>, u32, u64)> {
        use std::os::unix::fs::MetadataExt;
        tree(dir)
            .into_iter()
            .map(|(rel, bytes)| {
                let m = fs::symlink_metadata(dir.join(&rel)).expect("a listed file");
                (rel, bytes, m.mode(), m.nlink())
            })
            .collect()
    }

    #[track_caller]
    pub fn assert_untouched(&self, what: &str) {
        let now = Self::state(&self.dir);
        assert_eq!(
            self.before, now,
            "{what}: the directory outside the repository changed (path, content, mode, links)"
        );
    }
}
