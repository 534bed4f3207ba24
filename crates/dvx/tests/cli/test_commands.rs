//! The smaller commands and global flags, each against what DVC does.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::time::{Duration, Instant};

use dvx_test::{recorded_md5, write, DVC3};

use super::{env, sorted_lists};

#[test]
fn config_levels_and_remote_sections_round_trip_with_dvc() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["config", "core.autostage", "true"]).ok();
    env.dvx(&repo, &["config", "remote.storage.url", "../stores/blob"])
        .ok();
    env.dvx(&repo, &["config", "core.remote", "storage"]).ok();
    env.dvx(&repo, &["config", "--local", "remote.storage.jobs", "4"])
        .ok();
    env.dvx(
        &repo,
        &["config", "--global", "cache.type", "hardlink,symlink"],
    )
    .ok();
    assert_eq!(
        fs::read_to_string(repo.join(".dvc/config")).unwrap(),
        "[core]\n    autostage = true\n    remote = storage\n['remote \"storage\"']\n    url = ../../stores/blob\n"
    );
    assert_eq!(
        fs::read_to_string(repo.join(".dvc/config.local")).unwrap(),
        "['remote \"storage\"']\n    jobs = 4\n"
    );
    assert_eq!(
        fs::read_to_string(env.path("xdg/dvc/config")).unwrap(),
        "[cache]\n    type = \"hardlink,symlink\"\n"
    );
    // DVC reads the same values from the same files
    for key in [
        "core.remote",
        "remote.storage.url",
        "remote.storage.jobs",
        "cache.type",
    ] {
        let ours = env.dvx(&repo, &["config", key]).ok().stdout;
        let theirs = env.dvc(DVC3, &repo, &["config", key]).ok().stdout;
        assert_eq!(ours, theirs, "{key}");
    }
    // and dvx reads what DVC writes
    env.dvc(DVC3, &repo, &["remote", "add", "other", "s3://bucket/path"])
        .ok();
    env.dvx(&repo, &["config", "remote.other.url"])
        .ok()
        .stdout_has("s3://bucket/path");
    let list = env.dvx(&repo, &["config", "-l", "--project"]).ok().stdout;
    let url = format!("remote.storage.url={}\n", env.path("stores/blob").display());
    assert!(
        list.contains(&url) && list.contains("core.remote=storage\n"),
        "{list}"
    );
    env.dvx(&repo, &["config", "--unset", "core.autostage"])
        .ok();
    env.dvx(&repo, &["config", "core.autostage"]).fails();
    env.dvx(&repo, &["config", "--unset", "core.autostage"])
        .fails()
        .stderr_has("not set");
}

#[test]
fn status_quiet_exit_codes_and_data_status_json_match_dvc() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("ds/a.txt"), "a\n");
    write(&repo.join("ds/b.txt"), "b\n");
    write(&repo.join("keep.txt"), "k\n");
    env.dvx(&repo, &["add", "ds", "keep.txt"]).ok();
    env.dvx(&repo, &["status", "-q"]).code(0);
    assert_eq!(
        env.dvx(&repo, &["status", "--json"]).ok().stdout.trim(),
        "{}"
    );
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    write(&repo.join("ds/a.txt"), "changed\n");
    write(&repo.join("ds/c.txt"), "new\n");
    fs::remove_file(repo.join("ds/b.txt")).unwrap();
    let q = env.dvx(&repo, &["status", "-q"]).code(1);
    assert_eq!(q.stdout, "");
    env.dvc(DVC3, &repo, &["status", "-q"]).code(1);
    for args in [
        &["data", "status", "--json"][..],
        &["data", "status", "--granular", "--json"],
    ] {
        let ours: serde_json::Value =
            serde_json::from_str(&env.dvx(&repo, args).ok().stdout).unwrap();
        let theirs: serde_json::Value =
            serde_json::from_str(&env.dvc(DVC3, &repo, args).ok().stdout).unwrap();
        assert_eq!(ours, theirs, "{args:?}");
    }
    let text = env
        .dvx(&repo, &["data", "status", "--granular"])
        .ok()
        .stdout;
    assert!(
        text.contains("        modified: ds/a.txt\n")
            && text.contains("        added: ds/c.txt\n")
            && text.contains("        deleted: ds/b.txt"),
        "{text}"
    );
    // committed changes: ds.dvc differs from HEAD's, keep.txt.dvc does not
    env.dvx(&repo, &["add", "ds"]).ok();
    for args in [
        &["data", "status", "--json"][..],
        &["data", "status", "--granular", "--json"],
    ] {
        let json = |out: String| sorted_lists(serde_json::from_str(&out).unwrap());
        let ours = json(env.dvx(&repo, args).ok().stdout);
        let theirs = json(env.dvc(DVC3, &repo, args).ok().stdout);
        assert!(ours.get("committed").is_some(), "{ours}");
        assert_eq!(ours, theirs, "{args:?}");
    }
}

#[test]
fn commit_asks_for_force_when_outputs_changed() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("f.txt"), "1\n");
    env.dvx(&repo, &["add", "f.txt"]).ok();
    let before = fs::read_to_string(repo.join("f.txt.dvc")).unwrap();
    write(&repo.join("f.txt"), "2\n");
    env.dvx(&repo, &["commit"])
        .fails()
        .stderr_has("f.txt.dvc")
        .stderr_has("--force");
    assert_eq!(before, fs::read_to_string(repo.join("f.txt.dvc")).unwrap());
    env.dvx(&repo, &["commit", "-f", "f.txt.dvc"]).ok();
    env.dvx(&repo, &["status"]).ok().stdout_has("up to date");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("up to date");
}

#[test]
fn remove_move_and_destroy() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("d/a.txt"), "a\n");
    write(&repo.join("d/b.txt"), "b\n");
    env.dvx(&repo, &["add", "d/a.txt", "d/b.txt"]).ok();
    env.dvx(&repo, &["move", "d/a.txt", "d/renamed.txt"]).ok();
    assert!(!repo.join("d/a.txt.dvc").exists() && repo.join("d/renamed.txt").exists());
    assert!(fs::read_to_string(repo.join("d/renamed.txt.dvc"))
        .unwrap()
        .contains("path: renamed.txt\n"));
    assert_eq!(
        fs::read_to_string(repo.join("d/.gitignore")).unwrap(),
        "/b.txt\n/renamed.txt\n"
    );
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("up to date");
    env.dvx(&repo, &["remove", "d/b.txt.dvc"]).ok();
    assert!(repo.join("d/b.txt").exists() && !repo.join("d/b.txt.dvc").exists());
    assert_eq!(
        fs::read_to_string(repo.join("d/.gitignore")).unwrap(),
        "/renamed.txt\n"
    );
    env.dvx(&repo, &["remove", "--outs", "d/renamed.txt.dvc"])
        .ok();
    assert!(!repo.join("d/renamed.txt").exists() && !repo.join("d/.gitignore").exists());
    write(&repo.join("e.txt"), "e\n");
    env.dvx(&repo, &["add", "e.txt"]).ok();
    env.dvx(&repo, &["destroy"]).fails();
    assert!(repo.join(".dvc").exists());
    env.dvx(&repo, &["destroy", "-f"]).ok();
    assert!(!repo.join(".dvc").exists() && !repo.join("e.txt.dvc").exists());
    assert_eq!(fs::read_to_string(repo.join("e.txt")).unwrap(), "e\n");
}

#[test]
fn link_types_and_unprotect() {
    for (t, shares) in [("hardlink", true), ("symlink", true), ("copy", false)] {
        let env = env();
        let repo = env.dvx_repo("r");
        env.dvx(&repo, &["config", "cache.type", t]).ok();
        write(&repo.join("d/a.txt"), "a\n");
        write(&repo.join("f.txt"), "f\n");
        env.dvx(&repo, &["add", "d", "f.txt"]).ok();
        let obj = repo.join(".dvc/cache/files/md5/9a/8ad92c50cae39aa2c5604fd0ab6d8c"); // md5sum of "f\n"
        assert_eq!(fs::read(&obj).unwrap(), b"f\n");
        let ws = fs::symlink_metadata(repo.join("f.txt")).unwrap();
        match t {
            "hardlink" => assert_eq!(ws.ino(), fs::metadata(&obj).unwrap().ino()),
            "symlink" => assert_eq!(fs::read_link(repo.join("f.txt")).unwrap(), obj),
            _ => assert_ne!(ws.ino(), fs::metadata(&obj).unwrap().ino()),
        }
        fs::remove_file(repo.join("f.txt")).unwrap();
        fs::remove_dir_all(repo.join("d")).unwrap();
        env.dvx(&repo, &["checkout"]).ok();
        let linked = fs::symlink_metadata(repo.join("d/a.txt")).unwrap();
        assert_eq!(
            linked.file_type().is_symlink() || linked.nlink() > 1,
            shares,
            "{t}"
        );
        env.dvx(&repo, &["unprotect", "d", "f.txt"]).ok();
        for p in ["d/a.txt", "f.txt"] {
            let m = fs::symlink_metadata(repo.join(p)).unwrap();
            assert!(
                m.is_file() && m.nlink() == 1 && m.permissions().mode() & 0o200 != 0,
                "{t}: {p}"
            );
        }
        fs::write(repo.join("f.txt"), "edited\n").unwrap();
        assert_eq!(
            fs::read(&obj).unwrap(),
            b"f\n",
            "{t}: editing an unprotected file must not touch the cache"
        );
        env.dvx(&repo, &["status"])
            .ok()
            .stdout_has("modified:           f.txt");
    }
}

#[test]
fn lock_is_shared_with_dvc_and_can_be_waited_for() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("f.txt"), "f\n");
    // Another process holds flock on .dvc/tmp/lock (flock(1) from util-linux), as a running
    // dvc or dvx would: both tools must back off.
    let hold = |secs: u32| {
        env.command("flock", &repo)
            .args([".dvc/tmp/lock", "-c", &format!("sleep {secs}")])
            .spawn()
            .expect("flock(1) from util-linux is needed for this test")
    };
    let mut holder = hold(15);
    std::thread::sleep(Duration::from_millis(300));
    env.dvx(&repo, &["add", "f.txt"]).fails().stderr_has("lock");
    assert!(!repo.join("f.txt.dvc").exists());
    env.dvc(DVC3, &repo, &["add", "f.txt"])
        .fails()
        .stderr_has("Unable to acquire lock");
    assert!(!repo.join("f.txt.dvc").exists());
    let start = Instant::now();
    env.dvx(&repo, &["add", "--wait-for-lock", "f.txt"]).ok();
    assert!(
        start.elapsed() > Duration::from_secs(1),
        "--wait-for-lock returned before the lock was free"
    );
    assert!(repo.join("f.txt.dvc").exists());
    let _ = holder.wait();
}

#[test]
fn autostage_glob_cd_root_cache_dir_check_ignore() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["config", "core.autostage", "true"]).ok();
    write(&repo.join("data/x1.csv"), "1\n");
    write(&repo.join("data/x2.csv"), "2\n");
    write(&repo.join("data/y.txt"), "y\n");
    let sub = repo.join("data");
    let r = env.dvx(&sub, &["add", "--glob", "x*.csv"]).ok();
    assert!(
        !r.stdout.contains("git add"),
        "autostage prints no hint: {}",
        r.stdout
    );
    let staged = env
        .git(&repo, &["diff", "--cached", "--name-only"])
        .ok()
        .stdout;
    assert_eq!(
        staged,
        "data/.gitignore\ndata/x1.csv.dvc\ndata/x2.csv.dvc\n"
    );
    assert!(!repo.join("data/y.txt.dvc").exists());
    let elsewhere = env.path("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    env.dvx(&elsewhere, &["--cd", "../r/data", "status"])
        .ok()
        .stdout_has("up to date");
    env.dvx(&sub, &["root"]).ok().stdout_has("..");
    assert_eq!(env.dvx(&repo, &["root"]).ok().stdout, ".\n");
    let cache = env.dvx(&repo, &["cache", "dir"]).ok().stdout;
    assert_eq!(cache.trim(), repo.join(".dvc/cache").display().to_string());
    assert_eq!(
        cache.trim(),
        env.dvc(DVC3, &repo, &["cache", "dir"]).ok().stdout.trim()
    );
    write(&repo.join(".dvcignore"), "*.log\nbuild/\n");
    env.dvx(&repo, &["check-ignore", "a.log"])
        .ok()
        .stdout_has("a.log");
    env.dvx(&repo, &["check-ignore", "build/x.txt"]).ok();
    env.dvx(&repo, &["check-ignore", "a.txt"]).code(1);
    env.dvx(&repo, &["check-ignore", "-d", "a.log"])
        .ok()
        .stdout_has(".dvcignore:1:*.log\ta.log");
    env.dvx(&repo, &["version"]).ok().stdout_has("dvx ");
    env.dvx(&repo, &["completion", "-s", "bash"])
        .ok()
        .stdout_has("dvx");
}

#[test]
fn missing_cache_objects_are_reported_as_dvc_reports_them() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("f.txt"), "f\n");
    env.dvx(&repo, &["add", "f.txt"]).ok();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    let ours = env.dvx(&repo, &["status", "--json"]).ok().stdout;
    let theirs = env.dvc(DVC3, &repo, &["status", "--json"]).ok().stdout;
    assert_eq!(
        ours.trim(),
        r#"{"f.txt.dvc": [{"changed outs": {"f.txt": "not in cache"}}]}"#
    );
    assert_eq!(ours.trim(), theirs.trim());
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("not in cache:       f.txt");
    env.dvx(&repo, &["data", "status"])
        .ok()
        .stdout_has("Not in cache:");
}

/// A directory whose files changed and whose cache lacks one of its recorded files: the
/// recorded manifest is read (as it comes) for both, as DVC reports them.
#[test]
fn a_changed_directory_missing_a_cached_file_is_reported_as_dvc_reports_it() {
    let env = env();
    let repo = env.dvx_repo("r");
    for f in ["a", "b", "c/d", "c/e"] {
        write(&repo.join("data").join(f), format!("{f}\n"));
    }
    env.dvx(&repo, &["add", "data"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data"]).ok();
    let object = |text: &str| {
        let md5 = dvx_test::md5_hex(text.as_bytes());
        repo.join(".dvc/cache/files/md5")
            .join(&md5[..2])
            .join(&md5[2..])
    };
    fs::remove_file(object("c/d\n")).unwrap();
    write(&repo.join("data/a"), "a changed\n");
    write(&repo.join("data/new"), "new\n");
    fs::remove_file(repo.join("data/b")).unwrap();
    for args in [
        &["status", "--json"][..],
        &["data", "status", "--json", "--granular"],
        &["data", "status", "--json"],
    ] {
        let json = |out: String| sorted_lists(serde_json::from_str(&out).unwrap());
        let ours = json(env.dvx(&repo, args).ok().stdout);
        let theirs = json(env.dvc(DVC3, &repo, args).ok().stdout);
        assert_eq!(ours, theirs, "{args:?}");
    }
    let status = env.dvx(&repo, &["status", "--json"]).ok().stdout;
    assert!(status.contains("not in cache"), "{status}");
    let data = env
        .dvx(&repo, &["data", "status", "--json", "--granular"])
        .ok()
        .stdout;
    for f in ["data/a", "data/new", "data/b", "data/c/d"] {
        assert!(data.contains(&format!("\"{f}\"")), "{f}: {data}");
    }
    // the .dir itself gone too
    let md5 = &recorded_md5(&repo.join("data.dvc"));
    let dir = repo.join(".dvc/cache/files/md5").join(&md5[..2]);
    fs::remove_file(dir.join(format!("{}.dir", &md5[2..]))).unwrap();
    // (not --granular: DVC then lists the files from its own index of the .dir it read
    // before, which dvx does not keep)
    for args in [&["status", "--json"][..], &["data", "status", "--json"]] {
        let json = |out: String| sorted_lists(serde_json::from_str(&out).unwrap());
        let ours = json(env.dvx(&repo, args).ok().stdout);
        let theirs = json(env.dvc(DVC3, &repo, args).ok().stdout);
        assert_eq!(ours, theirs, "{args:?} without the .dir");
    }
}

#[test]
fn relink_switches_link_type_and_init_force_reinitialises() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("d/a.txt"), "a\n");
    env.dvx(&repo, &["add", "d"]).ok();
    assert_eq!(fs::metadata(repo.join("d/a.txt")).unwrap().nlink(), 1);
    env.dvx(&repo, &["config", "cache.type", "hardlink"]).ok();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(
        fs::metadata(repo.join("d/a.txt")).unwrap().nlink(),
        1,
        "without --relink nothing changes"
    );
    env.dvx(&repo, &["checkout", "--relink"]).ok();
    assert_eq!(
        fs::metadata(repo.join("d/a.txt")).unwrap().nlink(),
        2,
        "--relink hardlinks from the cache"
    );
    env.dvx(&repo, &["status"]).ok().stdout_has("up to date");

    env.dvx(&repo, &["init"]).fails().stderr_has("-f");
    env.dvx(&repo, &["init", "-f"]).ok();
    assert_eq!(
        fs::read_to_string(repo.join(".dvc/config")).unwrap(),
        "",
        "the config is reset"
    );
    assert!(
        !repo.join(".dvc/cache").exists(),
        "init -f starts a new .dvc/, as DVC does"
    );
}

#[test]
fn comments_in_a_pointer_file_survive_a_re_add() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("f.txt"), "v1\n");
    env.dvx(&repo, &["add", "f.txt"]).ok();
    let v1 = fs::read_to_string(repo.join("f.txt.dvc")).unwrap();
    let commented = format!("# survey data, see docs/survey.md\n{v1}");
    write(&repo.join("f.txt.dvc"), &commented);
    write(&repo.join("f.txt"), "version two\n");
    env.dvx(&repo, &["add", "f.txt"]).ok();
    let v2 = fs::read_to_string(repo.join("f.txt.dvc")).unwrap();
    assert!(
        v2.starts_with("# survey data, see docs/survey.md\nouts:\n- md5: "),
        "{v2}"
    );
    assert!(v2.contains("  size: 12\n"), "{v2}");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("up to date");
}

#[test]
fn progress_is_drawn_on_a_terminal_only() {
    let env = env();
    let repo = env.dvx_repo("r");
    for i in 0..400 {
        write(&repo.join(format!("d/f{i:03}")), format!("{i}\n"));
    }
    let piped = env.dvx(&repo, &["add", "d"]).ok();
    assert!(
        !piped.stderr.contains("hashing"),
        "no bar when piped: {}",
        piped.stderr
    );
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join(".dvc/tmp/dvx")).unwrap();
    // script(1) from util-linux gives dvx a terminal
    let dvx = env.dvx.display().to_string();
    let out = env
        .command("script", &repo)
        .env("TERM", "xterm")
        .args(["-qec", &format!("{dvx} add d"), "/dev/null"])
        .output()
        .expect("script(1) from util-linux is needed for this test");
    let shown = String::from_utf8_lossy(&out.stdout);
    // the walk is hashed as it is listed, so the total grows while the bar is drawn: it
    // appears once 200 files are known and never counts more than there are
    let totals: Vec<u64> = shown
        .split(" files")
        .filter_map(|s| s.rsplit('/').next()?.parse().ok())
        .collect();
    assert!(
        out.status.success()
            && shown.contains("hashing")
            && !totals.is_empty()
            && totals.iter().all(|t| (200..=400).contains(t)),
        "{shown}"
    );
    let quiet = env
        .command("script", &repo)
        .env("TERM", "xterm")
        .args(["-qec", &format!("{dvx} add -q d"), "/dev/null"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&quiet.stdout).contains("hashing"),
        "-q draws no bar"
    );
}

#[test]
fn remote_definitions_match_dvc() {
    let env = env();
    let ours = env.dvx_repo("ours");
    let theirs = env.git_repo("theirs");
    env.dvc(DVC3, &theirs, &["init", "-q"]).ok();
    let steps: &[&[&str]] = &[
        &["remote", "add", "-d", "storage", "stores/blob"],
        &["remote", "add", "s3r", "s3://bucket/path"],
        &[
            "remote",
            "modify",
            "s3r",
            "endpointurl",
            "http://127.0.0.1:3900",
        ],
        &[
            "remote",
            "modify",
            "--local",
            "s3r",
            "access_key_id",
            "AKIAEXAMPLE",
        ],
    ];
    for args in steps {
        let a = env.dvx(&ours, args).ok();
        let b = env.dvc(DVC3, &theirs, args).ok();
        assert_eq!(a.stdout, b.stdout, "{args:?}");
    }
    for f in [".dvc/config", ".dvc/config.local"] {
        assert_eq!(
            fs::read_to_string(ours.join(f)).unwrap(),
            fs::read_to_string(theirs.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(
        fs::read_to_string(ours.join(".dvc/config")).unwrap(),
        "[core]\n    remote = storage\n['remote \"storage\"']\n    url = ../stores/blob\n['remote \"s3r\"']\n    url = s3://bucket/path\n    endpointurl = http://127.0.0.1:3900\n"
    );
    let list = env.dvx(&ours, &["remote", "list"]).ok().stdout;
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let dvc_list = env
        .dvc(DVC3, &theirs, &["remote", "list"])
        .ok()
        .stdout
        .replace("theirs", "ours");
    assert_eq!(words(&list), words(&dvc_list));
    // the same columns when the paths have the same length
    assert_eq!(env.dvc(DVC3, &ours, &["remote", "list"]).ok().stdout, list);
    assert!(list.contains("(default)"), "{list}");
    env.dvx(&ours, &["remote", "default"])
        .ok()
        .stdout_has("storage");
    env.dvx(&ours, &["remote", "add", "storage", "elsewhere"])
        .fails()
        .stderr_has("already exists");
    env.dvx(&ours, &["remote", "modify", "nope", "url", "x"])
        .fails()
        .stderr_has("'nope' doesn't exist");
    env.dvx(&ours, &["remote", "default", "nope"])
        .fails()
        .stderr_has("'nope' doesn't exist");
    env.dvx(&ours, &["remote", "rename", "storage", "blob"])
        .ok();
    env.dvx(&ours, &["remote", "default"])
        .ok()
        .stdout_has("blob");
    env.dvc(DVC3, &ours, &["remote", "default"])
        .ok()
        .stdout_has("blob");
    env.dvx(&ours, &["remote", "remove", "blob"]).ok();
    env.dvx(&ours, &["remote", "default"])
        .fails()
        .stderr_has("no default remote");
    env.dvx(&ours, &["remote", "modify", "-u", "s3r", "endpointurl"])
        .ok();
    assert_eq!(
        fs::read_to_string(ours.join(".dvc/config")).unwrap(),
        "['remote \"s3r\"']\n    url = s3://bucket/path\n"
    );
}
