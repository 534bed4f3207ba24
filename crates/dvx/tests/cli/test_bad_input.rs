//! Bad input: a clear error naming the file, exit code ≠ 0, and nothing changed on disk.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use dvx_test::{tree, write};

use super::env;

/// The repository's files except dvx's and DVC's scratch space (`.dvc/tmp`).
fn snapshot(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".dvc/tmp") && !p.starts_with(".git/"))
        .collect()
}

/// md5 by coreutils' md5sum, independent of the code under test.
fn md5sum(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x");
    fs::write(&f, bytes).unwrap();
    let out = Command::new("md5sum").arg(&f).output().expect("md5sum");
    String::from_utf8(out.stdout).unwrap()[..32].to_string()
}

fn put_object(repo: &Path, name: &str, bytes: &[u8]) {
    let p = repo
        .join(".dvc/cache/files/md5")
        .join(&name[..2])
        .join(&name[2..]);
    write(&p, bytes);
}

#[test]
fn malformed_pointer_yaml_is_reported_with_its_name() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    write(
        &repo.join("a.txt.dvc"),
        "outs:\n- md5: [unclosed\n  path: a.txt\n",
    );
    let before = snapshot(&repo);
    for cmd in [
        &["status"][..],
        &["checkout"],
        &["commit", "-f"],
        &["add", "a.txt"],
    ] {
        env.dvx(&repo, cmd).fails().stderr_has("a.txt.dvc");
        assert_eq!(before, snapshot(&repo), "{cmd:?} changed the repository");
    }
}

#[test]
fn pointer_paths_that_escape_are_refused() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    let good = fs::read_to_string(repo.join("a.txt.dvc")).unwrap();
    let outside = env.path("escaped.txt");
    for bad in [
        "../escaped.txt",
        "../../escaped.txt",
        &outside.display().to_string(),
    ] {
        fs::create_dir_all(repo.join("sub")).unwrap();
        write(
            &repo.join("sub/evil.dvc"),
            good.replace("path: a.txt", &format!("path: '{bad}'")),
        );
        let before = snapshot(&repo);
        env.dvx(&repo, &["checkout"])
            .fails()
            .stderr_has("sub/evil.dvc");
        env.dvx(&repo, &["status"])
            .fails()
            .stderr_has("sub/evil.dvc");
        assert!(
            !outside.exists() && !env.path("r/escaped.txt").exists(),
            "{bad} was written"
        );
        assert_eq!(before, snapshot(&repo));
    }
}

#[test]
fn manifests_with_escaping_relpaths_are_never_followed() {
    let env = env();
    let repo = env.dvx_repo("r");
    let content = b"owned\n";
    let file_md5 = md5sum(content);
    put_object(&repo, &file_md5, content);
    for rel in [
        "../../escaped.txt",
        "/tmp/dvx-absolute-escape.txt",
        "a/../../escaped.txt",
    ] {
        let manifest = format!(r#"[{{"md5": "{file_md5}", "relpath": "{rel}"}}]"#);
        let dir_md5 = md5sum(manifest.as_bytes());
        put_object(&repo, &format!("{dir_md5}.dir"), manifest.as_bytes());
        write(
            &repo.join("data.dvc"),
            format!(
                "outs:\n- md5: {dir_md5}.dir\n  size: 6\n  nfiles: 1\n  hash: md5\n  path: data\n"
            ),
        );
        let before = snapshot(&repo);
        env.dvx(&repo, &["checkout"])
            .fails()
            .stderr_has(&dir_md5[2..])
            .stderr_has("relpath");
        assert!(
            !env.path("escaped.txt").exists()
                && !Path::new("/tmp/dvx-absolute-escape.txt").exists()
        );
        assert_eq!(before, snapshot(&repo));
    }
}

#[test]
fn corrupt_cache_objects_are_detected_and_never_linked() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "good content\n");
    write(&repo.join("d/f.txt"), "file in dir\n");
    env.dvx(&repo, &["add", "a.txt", "d"]).ok();
    for (obj_of, ws) in [("good content\n", "a.txt"), ("file in dir\n", "d/f.txt")] {
        let md5 = md5sum(obj_of.as_bytes());
        let obj = repo
            .join(".dvc/cache/files/md5")
            .join(&md5[..2])
            .join(&md5[2..]);
        fs::set_permissions(&obj, fs::Permissions::from_mode(0o644)).unwrap();
        fs::write(&obj, "tampered!!!!\n").unwrap(); // same length, other bytes
        fs::remove_file(repo.join(ws)).unwrap();
        let r = env.dvx(&repo, &["checkout"]).fails();
        assert!(
            r.stderr.contains(&md5[2..]) && r.stderr.contains("corrupt"),
            "{}",
            r.stderr
        );
        assert!(
            !repo.join(ws).exists(),
            "{ws}: a corrupt object reached the workspace"
        );
        fs::write(&obj, obj_of).unwrap();
        env.dvx(&repo, &["checkout"]).ok();
        assert_eq!(fs::read_to_string(repo.join(ws)).unwrap(), obj_of);
    }
}

#[test]
fn add_refuses_paths_it_must_not_track() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&env.path("outside.txt"), "x\n");
    write(&repo.join("d/f.txt"), "f\n");
    write(&repo.join("in_git.txt"), "g\n");
    env.git(&repo, &["add", "in_git.txt"]).ok();
    env.dvx(&repo, &["add", "d"]).ok();
    let before = snapshot(&repo);
    let cases: &[(&str, &str)] = &[
        ("../outside.txt", "outside of the repository"),
        (".dvc/config", ".dvc/"),
        ("d/f.txt", "already tracked by 'd.dvc'"),
        ("in_git.txt", "already tracked by git"),
        ("missing.txt", "does not exist"),
    ];
    for (target, msg) in cases {
        env.dvx(&repo, &["add", target]).fails().stderr_has(msg);
        assert_eq!(
            before,
            snapshot(&repo),
            "add {target} changed the repository"
        );
    }
    // a path containing a tracked output
    write(&repo.join("d2/inner/x.txt"), "x\n");
    env.dvx(&repo, &["add", "d2/inner"]).ok();
    let before = snapshot(&repo);
    env.dvx(&repo, &["add", "d2"])
        .fails()
        .stderr_has("d2/inner.dvc");
    assert_eq!(before, snapshot(&repo));
}

#[test]
fn non_utf8_names_are_refused_by_name() {
    let env = env();
    let repo = env.dvx_repo("r");
    let bad = OsStr::from_bytes(b"bad\xffname.txt");
    write(&repo.join("d").join(bad), "x\n");
    let before = snapshot(&repo);
    env.dvx(&repo, &["add", "d"])
        .fails()
        .stderr_has("not valid UTF-8")
        .stderr_has("bad");
    assert_eq!(before, snapshot(&repo));
    let out = env
        .command(&env.dvx, &repo)
        .arg("add")
        .arg(repo.join("d").join(bad))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("UTF-8"));
    assert_eq!(before, snapshot(&repo));
}

#[test]
fn config_syntax_errors_name_the_file_and_line() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    write(
        &repo.join(".dvc/config"),
        "[core]\n    remote = x\nthis is not ini\n",
    );
    let before = snapshot(&repo);
    env.dvx(&repo, &["add", "a.txt"])
        .fails()
        .stderr_has(".dvc/config")
        .stderr_has("line 3");
    env.dvx(&repo, &["status"]).fails().stderr_has("line 3");
    assert_eq!(before, snapshot(&repo));
}

#[test]
fn outside_a_repository_exits_253_as_dvc() {
    let env = env();
    let dir = env.path("plain");
    fs::create_dir_all(&dir).unwrap();
    env.dvx(&dir, &["status"])
        .code(253)
        .stderr_has("not inside of a DVC repository");
    env.dvx(&dir, &["add", "x"]).code(253);
    // and init refuses a directory that is not a git work tree, unless --no-scm
    env.dvx(&dir, &["init"]).fails().stderr_has("--no-scm");
    assert!(!dir.join(".dvc").exists());
    env.dvx(&dir, &["init", "--no-scm"]).ok();
    assert_eq!(
        fs::read_to_string(dir.join(".dvc/config")).unwrap(),
        "[core]\n    no_scm = True\n"
    );
}

#[test]
fn a_file_written_while_its_directory_is_added_is_recorded_as_read_and_kept_as_written() {
    let env = env();
    let repo = env.dvx_repo("r");
    // hardlinks: add replaces each file by a link to its cache object, except one that changed
    env.dvx(&repo, &["config", "cache.type", "hardlink"]).ok();
    let growing = repo.join("data/growing.log");
    write(&growing, vec![b'a'; 64 << 20]);
    write(&repo.join("data/still.txt"), "still\n");
    // a writer appending all the time, as a training job writes its log
    let start_writer = || {
        let writer = Command::new("python3")
            .arg("-c")
            .arg(
                "import sys,time\nf=open(sys.argv[1],'ab',buffering=0)\nwhile True:\n    f.write(b'line\\n'*200)\n    time.sleep(0.0005)\n",
            )
            .arg(&growing)
            .spawn()
            .expect("starting python3");
        std::thread::sleep(std::time::Duration::from_millis(200));
        writer
    };
    let mut writer = start_writer();
    let run = env.dvx(&repo, &["add", "data"]);
    writer.kill().unwrap();
    writer.wait().unwrap();
    let run = run.ok();
    assert!(
        run.stderr
            .contains("1 file(s) changed while they were read (written, or deleted)")
            && run.stderr.contains("data/growing.log"),
        "{run:?}"
    );
    // the record names what was read: the cache object holds it and nothing is corrupt
    env.dvx(&repo, &["fsck"]).ok();
    let manifest_key = fs::read_to_string(repo.join("data.dvc")).unwrap();
    assert!(manifest_key.contains("nfiles: 2"), "{manifest_key}");
    // the workspace keeps everything written, and is not a link into the cache; the file
    // that did not change is
    let meta = fs::metadata(&growing).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        meta.nlink(),
        1,
        "the changed file was not replaced by a link"
    );
    assert_eq!(
        fs::metadata(repo.join("data/still.txt")).unwrap().nlink(),
        2,
        "the unchanged file is linked from the cache"
    );
    let status = env.dvx(&repo, &["status"]).ok().stdout;
    assert!(status.contains("modified:"), "{status}");
    // adding again records it as it is now
    env.dvx(&repo, &["add", "data"])
        .ok()
        .stderr_lacks("changed while");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    // commit records what it read too, and says so (the file is a hardlink into the cache
    // now: unprotected first, as a user must before writing it)
    env.dvx(&repo, &["unprotect", "data/growing.log"]).ok();
    let mut writer = start_writer();
    let run = env.dvx(&repo, &["commit", "-f"]);
    writer.kill().unwrap();
    writer.wait().unwrap();
    let run = run.ok();
    assert!(
        run.stderr.contains("changed while they were read")
            && run.stderr.contains("data/growing.log"),
        "{run:?}"
    );
    env.dvx(&repo, &["fsck"]).ok();
}
