//! A second process: two writers at once lose nothing, and dvc and dvx exclude each other with
//! either of DVC's lock protocols (`flock`, and `core.hardlink_lock` for NFS and Lustre).

use std::fs;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use dvx_test::{tree, write, TestEnv, DVC3};

use super::env;

/// A real command holding the real repository lock for as long as the test wants: `dvx gc -w`
/// takes the lock and then waits for its question's answer on stdin; DVC asks before it locks,
/// so on its side DVC's own `Repo.lock` (the same object its commands take, honouring
/// `core.hardlink_lock`) is held by its Python API until a line arrives on stdin.
fn hold_lock(env: &TestEnv, repo: &Path, dvc: bool) -> Child {
    let mut cmd = if dvc {
        let python = dvx_test::dvc_binary(DVC3).with_file_name("python");
        let mut c = env.command(python, repo);
        c.args([
            "-c",
            "import sys\nfrom dvc.repo import Repo\nwith Repo('.').lock:\n    sys.stdin.readline()\n",
        ]);
        c
    } else {
        let mut c = env.command(&env.dvx, repo);
        c.args(["gc", "-w"]);
        c
    };
    let child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the lock holder");
    wait_until(|| lock_is_held(repo), "the holder to take the lock");
    child
}

/// Whether someone holds `.dvc/tmp/lock`: a hard-link lock has a link count of 2, an `flock`
/// lock refuses a non-blocking `flock`.
fn lock_is_held(repo: &Path) -> bool {
    let path = repo.join(".dvc/tmp/lock");
    let Ok(meta) = fs::metadata(&path) else {
        return false;
    };
    if meta.nlink() == 2 {
        return true;
    }
    let f = fs::File::open(&path).unwrap();
    let free = f.try_lock().is_ok();
    !free
}

fn wait_until(mut cond: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "waited for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Answers the holder's question with no and waits for it to end.
fn release(mut holder: Child) {
    holder.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = holder.wait_with_output().unwrap();
    // "no" is exit 1 for dvx; DVC exits 0 or 1 depending on version: either is fine
    assert!(out.status.code().is_some(), "the holder was killed");
}

fn exclusion_both_ways(env: &TestEnv, repo: &Path, hardlink: bool) {
    // dvc holds the lock: dvx refuses, or waits with --wait-for-lock
    let holder = hold_lock(env, repo, true);
    write(&repo.join("c.txt"), "c\n");
    env.dvx(repo, &["add", "c.txt"])
        .code(1)
        .stderr_has("unable to acquire the repository lock");
    assert!(!repo.join("c.txt.dvc").exists());
    let waiting = env
        .command(&env.dvx, repo)
        .args(["--wait-for-lock", "add", "c.txt"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !repo.join("c.txt.dvc").exists(),
        "dvx wrote under dvc's lock"
    );
    release(holder);
    let out = waiting.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.join("c.txt.dvc").exists());

    // dvx holds the lock: dvc refuses
    let holder = hold_lock(env, repo, false);
    if hardlink {
        assert_eq!(
            fs::metadata(repo.join(".dvc/tmp/lock")).unwrap().nlink(),
            2,
            "dvx holds a hard-link lock as DVC's HardlinkLock does"
        );
    }
    write(&repo.join("d.txt"), "d\n");
    env.dvc(DVC3, repo, &["add", "d.txt"])
        .fails()
        .stderr_has("Unable to acquire lock");
    assert!(!repo.join("d.txt.dvc").exists());
    release(holder);
    env.dvc(DVC3, repo, &["add", "d.txt"]).ok();
    if hardlink {
        // nobody holds it now, and nothing is left that would block the other tool
        assert!(!repo.join(".dvc/tmp/lock").exists());
    }
}

#[test]
fn dvc_and_dvx_exclude_each_other_with_flock() {
    let env = env();
    let repo = env.dvx_repo("r");
    exclusion_both_ways(&env, &repo, false);
}

#[test]
fn dvc_and_dvx_exclude_each_other_with_hardlink_lock() {
    let env = env();
    let repo = env.dvx_repo("r");
    // a plain lock file left by the flock protocol before the switch is no obstacle
    env.dvx(&repo, &["status"]).ok();
    env.dvx(&repo, &["config", "core.hardlink_lock", "true"])
        .ok();
    // after each dvx command the lock is free for DVC (it used to fail every time)
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    assert!(!repo.join(".dvc/tmp/lock").exists());
    env.dvc(DVC3, &repo, &["status"]).ok();
    write(&repo.join("b.txt"), "b\n");
    env.dvc(DVC3, &repo, &["add", "b.txt"]).ok();
    env.dvx(&repo, &["status"]).ok();
    exclusion_both_ways(&env, &repo, true);
    // no claim file is left behind by either tool
    let left: Vec<_> = fs::read_dir(repo.join(".dvc/tmp"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "claim files left: {left:?}");
}

/// Two `repro` of independent stages at once: each releases the lock while its command runs,
/// and each must write `dvc.lock` without dropping the entry the other recorded meanwhile.
#[test]
fn concurrent_repros_of_independent_stages_keep_both_lock_entries() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  a:\n    cmd: sleep 1 && echo a > a.txt\n    outs:\n    - a.txt\n  b:\n    cmd: sleep 2 && echo b > b.txt\n    outs:\n    - b.txt\n  c:\n    cmd: sleep 1 && echo c > c.txt\n    outs:\n    - c.txt\n",
    );
    let spawn = |program: &Path, args: &[&str]| {
        env.command(program, &repo)
            .arg("repro")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // two dvx, then dvx beside dvc
    let a = spawn(&env.dvx, &["a"]);
    std::thread::sleep(Duration::from_millis(100));
    let b = spawn(&env.dvx, &["b"]);
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lock = fs::read_to_string(repo.join("dvc.lock")).unwrap();
    assert!(
        lock.contains("  a:\n") && lock.contains("  b:\n"),
        "an entry was lost:\n{lock}"
    );
    let dvc = spawn(&dvx_test::dvc_binary(DVC3), &["-f", "b"]);
    std::thread::sleep(Duration::from_millis(500));
    let c = spawn(&env.dvx, &["c"]);
    for child in [dvc, c] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lock = fs::read_to_string(repo.join("dvc.lock")).unwrap();
    for stage in ["a", "b", "c"] {
        assert!(
            lock.contains(&format!("  {stage}:\n")),
            "{stage} was lost:\n{lock}"
        );
    }
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// One worker's run: edits only its own directories, runs one tool's commands, and records what
/// each successful `add` recorded (file md5s), so that nothing it saved can go missing.
fn soak_worker(
    env: &TestEnv,
    repo: &Path,
    tool: &str,
    prefix: &str,
    until: Instant,
) -> (Vec<String>, usize) {
    let program: PathBuf = if tool == "dvc" {
        dvx_test::dvc_binary(DVC3)
    } else {
        env.dvx.clone()
    };
    let mut saved = Vec::new();
    let mut ops = 0;
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let dir = format!("{prefix}{}", n % 3);
        let content = format!("{tool} {n}\n");
        write(&repo.join(&dir).join(format!("f{}.txt", n % 5)), &content);
        let run = |args: &[&str]| {
            env.command(&program, repo)
                .arg("--wait-for-lock")
                .args(args)
                .output()
                .unwrap()
        };
        let add = run(&["add", &dir]);
        assert!(
            add.status.success(),
            "{tool} add {dir}: {}",
            String::from_utf8_lossy(&add.stderr)
        );
        saved.push(dvx_test::md5_hex(content.as_bytes()));
        // whole-repository commands, and its own outputs for those that would discard or
        // record the other worker's edits in progress (which they rightly refuse to touch)
        let stage = format!("{prefix}s");
        let own: Vec<String> = (0..3).map(|i| format!("{prefix}{i}.dvc")).collect();
        let mut checkout = vec!["checkout"];
        checkout.extend(own.iter().map(String::as_str));
        let mut commit = vec!["commit", "-f"];
        commit.extend(own.iter().map(String::as_str));
        let others: Vec<Vec<&str>> = vec![
            vec!["status"],
            vec!["repro", stage.as_str()],
            vec!["push"],
            checkout,
            commit,
        ];
        let args = &others[(n as usize) % others.len()];
        let out = run(args);
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ops += 2;
    }
    (saved, ops)
}

/// dvc and dvx write one repository at once for a bounded time: nothing either saved is lost,
/// nothing is half-written, the shared files (.gitignore, dvc.lock) keep both tools' entries,
/// and `dvc status` agrees with `dvx status` afterwards.
#[test]
fn dvc_and_dvx_writing_one_repository_lose_nothing() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "s", "../store"])
        .ok();
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  xs:\n    cmd: cat x0/* > xs.txt\n    deps:\n    - x0\n    outs:\n    - xs.txt\n  ys:\n    cmd: cat y0/* > ys.txt\n    deps:\n    - y0\n    outs:\n    - ys.txt\n",
    );
    for d in ["x0", "x1", "x2", "y0", "y1", "y2"] {
        write(&repo.join(d).join("start.txt"), d);
    }
    let until = Instant::now() + Duration::from_secs(30);
    let (ours, theirs) = std::thread::scope(|s| {
        let a = s.spawn(|| soak_worker(&env, &repo, "dvx", "x", until));
        let b = s.spawn(|| soak_worker(&env, &repo, "dvc", "y", until));
        (a.join().unwrap(), b.join().unwrap())
    });
    eprintln!("soak: {} dvx and {} dvc commands", ours.1, theirs.1);
    assert!(
        ours.1 >= 10 && theirs.1 >= 4,
        "too few commands ran to prove anything"
    );
    // nothing half-written: every object holds what its name says, everywhere
    super::test_interrupt::assert_objects_sound(&repo.join(".dvc/cache/files/md5"));
    super::test_interrupt::assert_objects_sound(&env.path("store/files/md5"));
    // nothing lost: every content an add saved is in the cache
    let cached: std::collections::HashSet<String> = tree(&repo.join(".dvc/cache/files/md5"))
        .into_iter()
        .map(|(p, _)| p.replace('/', ""))
        .collect();
    for m in ours.0.iter().chain(&theirs.0) {
        assert!(cached.contains(m), "saved content {m} is not in the cache");
    }
    // the shared files keep both tools' entries
    let gitignore = fs::read_to_string(repo.join(".gitignore")).unwrap();
    for d in [
        "/x0", "/x1", "/x2", "/y0", "/y1", "/y2", "/xs.txt", "/ys.txt",
    ] {
        assert!(
            gitignore.lines().any(|l| l == d),
            "{d} lost from .gitignore:\n{gitignore}"
        );
    }
    let lock = fs::read_to_string(repo.join("dvc.lock")).unwrap();
    assert!(
        lock.contains("  xs:\n") && lock.contains("  ys:\n"),
        "{lock}"
    );
    // both tools see the same state, and a last checkout and commit leave it clean
    let a = env.dvx(&repo, &["status", "--json"]).ok().stdout;
    let b = env.dvc(DVC3, &repo, &["status", "--json"]).ok().stdout;
    assert_eq!(a.trim(), b.trim());
    env.dvx(&repo, &["commit", "-f"]).ok();
    env.dvx(&repo, &["repro"]).ok();
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}
