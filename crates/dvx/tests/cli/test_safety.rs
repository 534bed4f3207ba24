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
