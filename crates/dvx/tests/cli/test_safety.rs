//! Files keep their protection, secrets stay secret, and what dvx cannot restore it does not
//! discard.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use dvx_test::write;

use super::env;

fn mode(p: &std::path::Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn config_rewrites_keep_mode_and_write_through_symlinks() {
    let env = env();
    let repo = env.dvx_repo("r");
    // a local config holding secrets, readable by its owner only
    let local = repo.join(".dvc/config.local");
    write(&local, "[core]\n    autostage = false\n");
    fs::set_permissions(&local, fs::Permissions::from_mode(0o600)).unwrap();
    env.dvx(&repo, &["remote", "add", "--local", "w", "webdav://h/x"])
        .ok();
    env.dvx(
        &repo,
        &["remote", "modify", "--local", "w", "password", "s3cret"],
    )
    .ok();
    env.dvx(&repo, &["config", "--local", "core.remote", "w"])
        .ok();
    assert_eq!(mode(&local), 0o600, "config.local lost its mode");
    assert!(fs::read_to_string(&local).unwrap().contains("s3cret"));

    // a config file that is a symlink to a file kept elsewhere is written there, link kept
    let kept = env.path("secrets/config.local");
    write(&kept, "");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    fs::remove_file(&local).unwrap();
    std::os::unix::fs::symlink(&kept, &local).unwrap();
    env.dvx(&repo, &["remote", "add", "--local", "s", "s3://bucket/x"])
        .ok();
    env.dvx(&repo, &["cache", "dir", "--local", "../cache"])
        .ok();
    assert!(
        fs::symlink_metadata(&local)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the symlink was replaced by a file"
    );
    let text = fs::read_to_string(&kept).unwrap();
    assert!(
        text.contains("s3://bucket/x") && text.contains("[cache]"),
        "{text}"
    );
    assert_eq!(mode(&kept), 0o640);
    // DVC reads what dvx wrote
    env.dvc(dvx_test::DVC3, &repo, &["remote", "list", "--local"])
        .ok()
        .stdout_has("s3://bucket/x");

    // the global level too
    let global = env.path("xdg/dvc/config");
    write(&global, "");
    fs::set_permissions(&global, fs::Permissions::from_mode(0o600)).unwrap();
    env.dvx(&repo, &["config", "--global", "core.autostage", "true"])
        .ok();
    assert_eq!(mode(&global), 0o600);
}

#[test]
fn passwords_in_urls_are_never_printed() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    // a clone without the data: pull and fetch must ask the remote
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "a"]).ok();
    env.git(env.tmp.path(), &["clone", "-q", "r", "clone"]).ok();
    for url in [
        "webdav://alice:s3cret@127.0.0.1:9/store",
        "https://alice:s3cret@127.0.0.1:9/store",
        "http://alice:s3cret@127.0.0.1:9/store",
    ] {
        env.dvx(&repo, &["remote", "add", "-d", "-f", "--local", "x", url])
            .ok();
        env.dvx(
            &env.path("clone"),
            &["remote", "add", "-d", "-f", "--local", "x", url],
        )
        .ok();
        let clone = env.path("clone");
        for (dir, cmd) in [
            (&repo, &["push"][..]),
            (&repo, &["-v", "push"]),
            (&repo, &["status", "-c"]),
            (&repo, &["-v", "status", "-c"]),
            (&clone, &["pull"]),
            (&clone, &["-v", "fetch"]),
        ] {
            let r = env.dvx(dir, cmd).fails();
            assert!(
                !r.stderr.contains("s3cret") && !r.stdout.contains("s3cret"),
                "{url} {cmd:?} printed the password:\n{}{}",
                r.stdout,
                r.stderr
            );
            assert!(r.stderr.contains("alice:***@"), "{cmd:?}: {}", r.stderr);
        }
    }
    // a source repository's URL with a token
    let r = env
        .dvx(
            &repo,
            &["import", "https://bob:t0ken@127.0.0.1:9/repo.git", "x"],
        )
        .fails();
    assert!(!r.stderr.contains("t0ken"), "{}", r.stderr);
}

/// Makes `n` small distinct files under `dir`.
fn many_files(dir: &std::path::Path, n: usize, tag: &str) {
    for i in 0..n {
        write(
            &dir.join(format!("p{}/f{i}.txt", i % 50)),
            format!("{tag} {i}\n"),
        );
    }
}

/// Whether the store at `root` has a scratch directory of a process at work.
fn scratch_in_use(root: &std::path::Path) -> bool {
    fs::read_dir(root.join(".dvx-tmp"))
        .map(|rd| rd.count() > 0)
        .unwrap_or(false)
}

/// Two hosts (here: two PID namespaces, where one's PIDs mean nothing to the other) write one
/// directory remote and one shared cache at once: neither removes the other's temporaries.
#[test]
fn another_pid_namespace_never_removes_temporaries_in_use() {
    let ok = std::process::Command::new("unshare")
        .args(["-pf", "true"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "this test needs `unshare -pf` (util-linux, run as root or with user namespaces)"
    );
    let env = env();
    let a = env.dvx_repo("a");
    let b = env.dvx_repo("b");
    let store = env.path("store");
    let cache = env.path("cache");
    for r in [&a, &b] {
        env.dvx(r, &["remote", "add", "-d", "s", store.to_str().unwrap()])
            .ok();
        env.dvx(r, &["cache", "dir", cache.to_str().unwrap()]).ok();
    }
    write(&b.join("one.txt"), "one\n");
    let mut overlapped = 0;
    for (round, n) in [(0, 20_000), (1, 40_000)] {
        // a: a long add into the shared cache, then a long push to the shared remote
        many_files(
            &a.join(format!("data{round}")),
            n,
            &format!("round {round}"),
        );
        for (args, root) in [
            (vec!["add".to_string(), format!("data{round}")], &cache),
            (vec!["push".into(), "-j".into(), "1".into()], &store),
        ] {
            let mut long = env
                .command(&env.dvx, &a)
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            while !scratch_in_use(root) && long.try_wait().unwrap().is_none() {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            // b, in its own PID namespace, writes the same store meanwhile
            let b_args: &[&str] = if root == &cache {
                &["add", "one.txt"]
            } else {
                &["push"]
            };
            let out = env
                .command("unshare", &b)
                .arg("-pf")
                .arg(&env.dvx)
                .args(b_args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if long.try_wait().unwrap().is_none() {
                overlapped += 1;
            }
            let out = long.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{args:?} failed while another namespace wrote the same store:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if overlapped == 2 {
            break;
        }
    }
    assert_eq!(
        overlapped, 2,
        "the long commands never overlapped: the test proves nothing"
    );
    env.dvx(&a, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's' are in sync.");
}

/// Corrupts the cache object of `content` in place (same size, other bytes).
fn corrupt_object(repo: &std::path::Path, content: &[u8]) -> std::path::PathBuf {
    let md5 = dvx_test::md5_hex(content);
    let obj = repo
        .join(".dvc/cache/files/md5")
        .join(&md5[..2])
        .join(&md5[2..]);
    fs::set_permissions(&obj, fs::Permissions::from_mode(0o644)).unwrap();
    let mut bad = content.to_vec();
    bad[0] ^= 0xff;
    fs::write(&obj, bad).unwrap();
    fs::set_permissions(&obj, fs::Permissions::from_mode(0o444)).unwrap();
    obj
}

#[test]
fn a_corrupt_cache_object_is_replaced_by_add_and_never_vouched_for() {
    let env = env();
    let repo = env.dvx_repo("r");
    let small = b"small content\n".to_vec();
    let large: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    for (name, content) in [("small.bin", &small), ("large.bin", &large)] {
        write(&repo.join(name), content);
        env.dvx(&repo, &["add", name]).ok();
        let obj = corrupt_object(&repo, content);
        fs::remove_file(repo.join(name)).unwrap();
        env.dvx(&repo, &["checkout", name])
            .fails()
            .stderr_has("is corrupt");
        assert!(
            !repo.join(name).exists(),
            "a corrupt object reached the workspace"
        );
        // the good content comes back from elsewhere and is added again
        write(&repo.join(name), content);
        env.dvx(&repo, &["add", name]).ok();
        assert_eq!(
            &fs::read(&obj).unwrap(),
            content,
            "{name}: add kept the corrupt object"
        );
        fs::remove_file(repo.join(name)).unwrap();
        env.dvx(&repo, &["checkout", name]).ok();
        assert_eq!(&fs::read(repo.join(name)).unwrap(), content);
        // a damaged object of another size is stored again even when the file is unchanged
        fs::set_permissions(&obj, fs::Permissions::from_mode(0o644)).unwrap();
        fs::write(&obj, b"short").unwrap();
        env.dvx(&repo, &["add", name]).ok();
        assert_eq!(
            &fs::read(&obj).unwrap(),
            content,
            "{name}: a truncated object was kept"
        );
    }
    env.dvc(dvx_test::DVC3, &repo, &["status"]).ok();
}

#[test]
fn checkout_keeps_what_it_cannot_restore_and_switches_file_and_directory_in_one_run() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join(".dvcignore"), ".DS_Store\n");
    write(&repo.join("data.csv"), "a,b\n");
    write(&repo.join("dir/x.txt"), "x\n");
    env.dvx(&repo, &["add", "data.csv", "dir"]).ok();
    // a directory where a tracked file belongs, holding only ignored files
    fs::remove_file(repo.join("data.csv")).unwrap();
    write(&repo.join("data.csv/.DS_Store"), "finder\n");
    fs::remove_file(repo.join("dir/x.txt")).unwrap();
    write(&repo.join("dir/x.txt/.DS_Store"), "finder\n");
    let r = env.dvx(&repo, &["checkout"]).fails();
    r.stderr_has("data.csv")
        .stderr_has("dir/x.txt")
        .stderr_has("--force");
    assert!(repo.join("data.csv/.DS_Store").exists());
    assert!(repo.join("dir/x.txt/.DS_Store").exists());
    env.dvx(&repo, &["checkout", "-f"]).ok();
    assert_eq!(fs::read(repo.join("data.csv")).unwrap(), b"a,b\n");
    assert_eq!(fs::read(repo.join("dir/x.txt")).unwrap(), b"x\n");

    // inside a tracked directory a path turns from file to directory and back: one run each
    for cache_type in ["reflink,copy", "symlink", "hardlink"] {
        env.dvx(&repo, &["config", "cache.type", cache_type]).ok();
        fs::remove_dir_all(repo.join("dir")).unwrap();
        write(&repo.join("dir/a"), "file a\n");
        write(&repo.join("dir/b/c"), "c\n");
        env.dvx(&repo, &["add", "dir"]).ok();
        let v1 = fs::read_to_string(repo.join("dir.dvc")).unwrap();
        env.dvx(&repo, &["unprotect", "dir"]).ok();
        fs::remove_dir_all(repo.join("dir")).unwrap();
        write(&repo.join("dir/a/inner"), "now a directory\n");
        write(&repo.join("dir/b"), "now a file\n");
        env.dvx(&repo, &["add", "dir"]).ok();
        let v2 = fs::read_to_string(repo.join("dir.dvc")).unwrap();
        for (text, a, b) in [(&v1, "a", "b/c"), (&v2, "a/inner", "b"), (&v1, "a", "b/c")] {
            write(&repo.join("dir.dvc"), text);
            env.dvx(&repo, &["checkout"]).ok();
            assert!(repo.join("dir").join(a).is_file(), "{cache_type}: {a}");
            assert!(repo.join("dir").join(b).is_file(), "{cache_type}: {b}");
            env.dvx(&repo, &["status"]).ok().stdout_has("up to date");
        }
    }
}

/// As DVC: after `commit -f` with a hardlink or symlink cache, the edited file is a read-only
/// link to its new object, not a private writable copy.
#[test]
fn commit_relinks_with_a_linking_cache() {
    for cache_type in ["hardlink", "symlink"] {
        let env = env();
        let repo = env.dvx_repo("r");
        env.dvx(&repo, &["config", "cache.type", cache_type]).ok();
        write(&repo.join("m.bin"), "v1\n");
        env.dvx(&repo, &["add", "m.bin"]).ok();
        env.dvx(&repo, &["unprotect", "m.bin"]).ok();
        write(&repo.join("m.bin"), "v2\n");
        env.dvx(&repo, &["commit", "-f"]).ok();
        let obj = repo
            .join(".dvc/cache/files/md5")
            .join(&dvx_test::md5_hex(b"v2\n")[..2])
            .join(&dvx_test::md5_hex(b"v2\n")[2..]);
        let m = fs::symlink_metadata(repo.join("m.bin")).unwrap();
        if cache_type == "symlink" {
            assert!(m.file_type().is_symlink(), "{cache_type}");
            assert_eq!(fs::read_link(repo.join("m.bin")).unwrap(), obj);
        } else {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(m.ino(), fs::metadata(&obj).unwrap().ino(), "{cache_type}");
        }
        assert_eq!(fs::read(repo.join("m.bin")).unwrap(), b"v2\n");
    }
}

/// Runs `dvx args` in `dir` with a 1 MiB tmpfs mounted at `mount` (in a private mount
/// namespace: the machine's mounts are untouched).
fn with_small_disk(
    env: &dvx_test::TestEnv,
    dir: &std::path::Path,
    mount: &std::path::Path,
    args: &str,
) -> (i32, String) {
    fs::create_dir_all(mount).unwrap();
    let out = env
        .command("unshare", dir)
        .args(["-m", "sh", "-c"])
        .arg(format!(
            "mount -t tmpfs -o size=1m none '{}' && exec '{}' {args}",
            mount.display(),
            env.dvx.display()
        ))
        .output()
        .expect("unshare (util-linux) runs the command in a mount namespace");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_is_reported_as_a_full_disk() {
    let env = env();
    let repo = env.dvx_repo("r");
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    write(&repo.join("big.bin"), &big);
    // the cache on a full file system: the write fails, not the read
    env.dvx(&repo, &["cache", "dir", "../small-cache"]).ok();
    let (code, err) = with_small_disk(&env, &repo, &env.path("small-cache"), "add big.bin");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("writing into the cache") && err.contains("No space left on device"),
        "{err}"
    );
    assert!(err.contains("hint: the file system is full"), "{err}");
    assert!(!err.contains("reading"), "{err}");
    assert!(!repo.join("big.bin.dvc").exists());
    assert_eq!(fs::read(repo.join("big.bin")).unwrap(), big);

    // the workspace on a full file system: no "is your cache up to date?"
    env.dvx(&repo, &["cache", "dir", "--unset"]).ok();
    fs::create_dir_all(repo.join("data")).unwrap();
    fs::rename(repo.join("big.bin"), repo.join("data/big.bin")).unwrap();
    env.dvx(&repo, &["add", "data"]).ok();
    fs::remove_dir_all(repo.join("data")).unwrap();
    let (code, err) = with_small_disk(&env, &repo, &repo.join("data"), "checkout");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("the file system is full"), "{err}");
    assert!(!err.contains("Is your cache up to date?"), "{err}");
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(fs::read(repo.join("data/big.bin")).unwrap(), big);
}

/// One Python-compatible JSON writer: non-ASCII names are escaped as DVC's `json.dumps`
/// escapes them, in every `--json` output.
#[test]
fn json_output_escapes_non_ascii_as_dvc() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("données/é.txt"), "1\n");
    write(&repo.join("naïve.csv"), "x\n");
    write(&repo.join("params.yaml"), "nom: ü\nlr: 0.00001\n");
    env.dvx(&repo, &["add", "données", "naïve.csv"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "a"]).ok();
    write(&repo.join("données/é.txt"), "2\n");
    write(&repo.join("params.yaml"), "nom: ö\nlr: 0.0001\n");
    for args in [
        &["status", "--json"][..],
        &["diff", "--json"],
        &["ls", "--json", "."],
        &["data", "status", "--json"],
        &["params", "diff", "--json", "--all"],
    ] {
        let ours = env.dvx(&repo, args).ok().stdout;
        let theirs = env.dvc(dvx_test::DVC3, &repo, args).ok().stdout;
        assert!(ours.contains("\\u00"), "{args:?}: {ours}");
        assert!(ours.is_ascii(), "{args:?}: {ours}");
        if args[0] == "params" {
            // DVC orders these keys as a Python set iterates, differently in every run
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
            assert_eq!(parse(&ours), parse(&theirs), "{args:?}");
        } else {
            assert_eq!(ours.trim_end(), theirs.trim_end(), "{args:?}");
        }
    }
}

/// A failed pull never says everything is up to date.
#[test]
fn an_invalid_manifest_on_the_remote_is_an_error_only() {
    let env = env();
    let repo = env.dvx_repo("r");
    let store = env.path("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "s", store.to_str().unwrap()],
    )
    .ok();
    let md5 = dvx_test::put_object(&store, b"not json", ".dir");
    write(
        &repo.join("d.dvc"),
        format!("outs:\n- md5: {md5}.dir\n  size: 1\n  nfiles: 1\n  hash: md5\n  path: d\n"),
    );
    for cmd in ["pull", "fetch"] {
        let r = env.dvx(&repo, &[cmd]).fails();
        let r = r.stderr_has("the directory manifest is invalid");
        assert!(!r.stdout.contains("up to date"), "{cmd}: {}", r.stdout);
    }
}
