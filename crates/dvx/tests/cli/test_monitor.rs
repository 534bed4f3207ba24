//! The file-system monitor (`[core] monitor = watchman` in `.dvx/config`), with a real watchman
//! of the test's own: after every kind of change (files created, deleted, renamed, edited within
//! the same second at the same size, directories created, renamed and removed) `status` through
//! watchman says what walking says, without walking; what watchman cannot vouch for (a
//! `.dvcignore` changed, its queue overflowed, it died mid-query) makes dvx walk, and say so with
//! `-v`; what `commit` records through watchman is what DVC computes.

use std::fs;
use std::path::Path;
use std::sync::Mutex;

use dvx_test::watchman::Watchman;
use dvx_test::{write, TestEnv, DVC3};

use super::env;

/// One watchman test at a time: the overflow test lowers a setting of the whole machine.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const WALKING: &str = "watchman: walking";

/// A repository with `data/` (files in subdirectories) added, and the monitor on.
fn repo_with_data(env: &TestEnv) -> std::path::PathBuf {
    let repo = env.dvx_repo("repo");
    for i in 0..40 {
        write(
            &repo.join(format!("data/d{}/f{i}.txt", i % 4)),
            format!("file {i}\n"),
        );
    }
    write(&repo.join("data/top.txt"), "top\n");
    write(&repo.join(".dvx/config"), "[core]\nmonitor = watchman\n");
    env.dvx(&repo, &["add", "data"]).ok();
    repo
}

/// `env` with dvx (and its watchman client) speaking to `w`.
fn monitored(env: TestEnv, w: &Watchman) -> TestEnv {
    env.with_var("WATCHMAN_SOCK", &w.sock().display().to_string())
}

/// `data status --granular` through watchman and by walking (the monitor turned off in
/// `.dvx/config.local`): the same answer, which names `expect`. Returns whether the one through
/// watchman walked.
#[track_caller]
fn answer_as_walking(env: &TestEnv, repo: &Path, expect: &str) -> bool {
    let args = ["data", "status", "--granular", "--json", "-v"];
    let through = env.dvx(repo, &args).ok();
    write(&repo.join(".dvx/config.local"), "[core]\nmonitor = none\n");
    let walked = env.dvx(repo, &args).ok();
    fs::remove_file(repo.join(".dvx/config.local")).unwrap();
    assert!(!walked.stderr.contains("watchman"), "{}", walked.stderr);
    assert_eq!(through.stdout, walked.stdout, "through watchman vs walking");
    assert!(
        through.stdout.contains(expect),
        "the status names {expect}: {}",
        through.stdout
    );
    through.stderr.contains(WALKING)
}

/// [`answer_as_walking`], and through watchman it walked exactly when `walks`.
#[track_caller]
fn same_as_walking(env: &TestEnv, repo: &Path, expect: &str, walks: bool) {
    assert_eq!(
        answer_as_walking(env, repo, expect),
        walks,
        "through watchman, walked"
    );
}

#[test]
fn status_through_watchman_is_what_walking_says_after_every_kind_of_change() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let w = Watchman::start();
    let env = monitored(env(), &w);
    let repo = repo_with_data(&env);
    let data = repo.join("data");
    // the add walked and remembered; nothing changed since
    let clean = env.dvx(&repo, &["status", "-v"]).ok();
    assert!(!clean.stderr.contains(WALKING), "{}", clean.stderr);
    clean.stdout_has("Data and pipelines are up to date.");

    write(&data.join("d0/new.txt"), "new\n");
    fs::remove_file(data.join("d1/f1.txt")).unwrap();
    same_as_walking(&env, &repo, "data/d0/new.txt", false);

    fs::rename(data.join("d2/f2.txt"), data.join("d3/moved.txt")).unwrap();
    same_as_walking(&env, &repo, "data/d3/moved.txt", false);

    // an edit at the same size in the same second as the last look
    write(&data.join("top.txt"), "abc\n");
    same_as_walking(&env, &repo, "data/top.txt", false);
    write(&data.join("top.txt"), "xyz\n");
    same_as_walking(&env, &repo, "data/top.txt", false);

    // directories: a new one, one renamed, one removed, a file where a directory was
    write(&data.join("n/e/w/deep.txt"), "deep\n");
    fs::rename(data.join("d3"), data.join("d3b")).unwrap();
    same_as_walking(&env, &repo, "data/d3b/moved.txt", false);
    fs::remove_dir_all(data.join("d0")).unwrap();
    write(&data.join("d0"), "a file now\n");
    same_as_walking(&env, &repo, "data/d0/f0.txt", false);

    // a .dvcignore above changes what the directory holds: walked
    write(&data.join("x.log"), "ignored\n");
    same_as_walking(&env, &repo, "data/x.log", false);
    let mut ignore = fs::read_to_string(repo.join(".dvcignore")).unwrap();
    ignore.push_str("*.log\n");
    write(&repo.join(".dvcignore"), ignore);
    same_as_walking(&env, &repo, "data/n/e/w/deep.txt", true);
    assert!(!env
        .dvx(&repo, &["data", "status", "--granular", "--json"])
        .ok()
        .stdout
        .contains("x.log"));
    write(&data.join("d1/y.log"), "ignored too\n");
    same_as_walking(&env, &repo, "data/n/e/w/deep.txt", false);

    // what commit records through watchman is what DVC computes
    env.dvx(&repo, &["commit", "-f", "-v"])
        .ok()
        .stderr_lacks(WALKING);
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    // an object deleted from the cache after watchman vouched for all of them is noticed
    let cached = repo.join(".dvc/cache/files/md5");
    let object = cached
        .join(&dvx_test::md5_hex(b"xyz\n")[..2])
        .join(&dvx_test::md5_hex(b"xyz\n")[2..]);
    assert!(object.is_file(), "{}", object.display());
    fs::remove_file(&object).unwrap();
    let through = env.dvx(&repo, &["status"]).ok().stdout;
    write(&repo.join(".dvx/config.local"), "[core]\nmonitor = none\n");
    let walked = env.dvx(&repo, &["status"]).ok().stdout;
    fs::remove_file(repo.join(".dvx/config.local")).unwrap();
    assert_eq!(through, walked);
    assert!(through.contains("not in cache"), "{through}");
    env.dvx(&repo, &["commit", "-f"]).ok();
    assert!(object.is_file());

    // and a checkout after a deletion puts it back (its own writes seen by watchman)
    fs::remove_file(data.join("top.txt")).unwrap();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(fs::read_to_string(data.join("top.txt")).unwrap(), "xyz\n");
    same_as_walking(&env, &repo, "data/", false);
}

#[test]
fn an_overflowed_watchman_is_not_trusted() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let env = env();
    fs::create_dir_all(env.path("repo")).unwrap();
    let w = Watchman::start_with_small_queue(&env.path("repo"), 256);
    let env = monitored(env, &w);
    let repo = repo_with_data(&env);
    let data = repo.join("data");
    // more changes than the queue holds while watchman is stopped
    w.signal("STOP");
    for i in 0..2000 {
        write(&data.join(format!("top{i}.txt")), format!("{i}\n"));
    }
    w.signal("CONT");
    env.dvx(&repo, &["data", "status", "--granular", "--json", "-v"])
        .ok()
        .stderr_has("overflowed")
        .stdout_has("data/top1999.txt");
    // the walk remembered the directory afresh: trusted again
    write(&data.join("later.txt"), "later\n");
    same_as_walking(&env, &repo, "data/later.txt", false);
}

#[test]
fn a_watchman_that_dies_mid_query_leaves_dvx_walking() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let w = Watchman::start();
    let env = monitored(env(), &w);
    let repo = repo_with_data(&env);
    write(&repo.join("data/d0/new.txt"), "new\n");
    w.signal("STOP");
    let status = env
        .command(env!("CARGO_BIN_EXE_dvx"), &repo)
        .args(["data", "status", "--granular", "--json", "-v"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    w.signal("KILL");
    let out = status.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(WALKING), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("data/d0/new.txt"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // a later status gives the same answer (walking again, or through a watchman its client
    // started afresh)
    answer_as_walking(&env, &repo, "data/d0/new.txt");
}

#[test]
fn without_watchman_nothing_changes() {
    // a PATH with git and no watchman
    let env = env();
    let bin = env.path("no-watchman");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink("/usr/bin/git", bin.join("git")).unwrap();
    let env = env.with_var("PATH", &bin.display().to_string());
    let repo = repo_with_data(&env);
    write(&repo.join("data/extra.txt"), "extra\n");
    env.dvx(&repo, &["status", "-v"])
        .ok()
        .stdout_has("modified:")
        .stderr_has("cannot run watchman");
}
