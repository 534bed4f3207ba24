//! SSH remotes against a real OpenSSH server on loopback (dvx_test::sshd), and real DVC 3.67.1
//! with dvc-ssh on the same remote.

use std::fs;
use std::path::Path;
use std::time::Duration;

use dvx_test::sshd::Sshd;
use dvx_test::{assert_same_tree, tree, write, TestEnv, DVC3};

use super::env;
use super::test_interrupt::{kill_after, md5sums};

pub fn make_data(repo: &Path) {
    write(&repo.join("data/a.csv"), "a,b\n1,2\n");
    write(&repo.join("data/sub/b.bin"), vec![5u8; 300_000]);
    write(&repo.join("data/sub/empty"), "");
    write(&repo.join("model.bin"), vec![1u8; 5000]);
}

/// A test environment whose `ssh` trusts `sshd` (known_hosts in the test's HOME, where DVC's
/// client looks too), with a repository whose default remote `ssh` is `store` on the server.
fn ssh_env(sshd: &Sshd) -> (TestEnv, std::path::PathBuf) {
    let env = env();
    let known = env.path("home/.ssh/known_hosts");
    write(&known, format!("{}\n", sshd.known_hosts_line()));
    let bin = sshd.client_bin(&known);
    let env = env.with_path_first(bin);
    let repo = env.dvx_repo("r");
    let url = sshd.url(&env.path("store"));
    env.dvx(&repo, &["remote", "add", "-d", "ssh", &url]).ok();
    let key = sshd.client_key();
    env.dvx(
        &repo,
        &["remote", "modify", "ssh", "keyfile", key.to_str().unwrap()],
    )
    .ok();
    (env, repo)
}

/// Files of the remote that are not complete objects named by their md5 (`.dir` included).
fn unsound_objects(store: &Path) -> Vec<String> {
    if !store.exists() {
        return Vec::new(); // nothing uploaded yet
    }
    let files: Vec<_> = tree(store)
        .into_iter()
        .map(|(p, _)| store.join(p))
        .collect();
    let mut bad = Vec::new();
    for (path, sum) in md5sums(&files) {
        let rel = path
            .strip_prefix(store)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let name: String = rel
            .trim_start_matches("files/md5/")
            .replace('/', "")
            .trim_end_matches(".dir")
            .to_string();
        if name != sum {
            bad.push(rel);
        }
    }
    bad
}

/// Live processes whose command line mentions `arg`.
fn ssh_processes_with(arg: &Path) -> usize {
    let needle = arg.to_string_lossy().to_string();
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| fs::read(e.ok()?.path().join("cmdline")).ok())
        .filter(|c| String::from_utf8_lossy(c).contains(&needle))
        .count()
}

#[test]
fn ssh_remote_push_pull_status_and_dvc_agrees() {
    let sshd = Sshd::start();
    let (env, repo) = ssh_env(&sshd);
    round_trip_with_dvc(&env, &repo, "ssh");
    let store = env.path("store");
    assert!(
        unsound_objects(&store).is_empty(),
        "objects that are partial or temporary: {:?}",
        unsound_objects(&store)
    );
    // DVC's layout, and only objects: the directory (3 files, 1 .dir) and the second
    // model.bin (gc removed the first)
    let objects = tree(&store);
    assert!(
        objects.iter().all(|(p, _)| p.starts_with("files/md5/")),
        "{objects:?}"
    );
    assert_eq!(objects.len(), 5, "{objects:?}");
}

/// With `remote` the default remote of `repo`: dvx pushes, checks and pulls; real DVC 3.67.1
/// sees the same state, pulls what dvx pushed, and pushes what dvx then pulls; `gc -c` then
/// removes from the remote what the workspace no longer uses.
pub fn round_trip_with_dvc(env: &TestEnv, repo: &Path, remote: &str) {
    make_data(repo);
    env.dvx(repo, &["add", "data", "model.bin"]).ok();
    env.dvx(repo, &["status", "-c"])
        .ok()
        .stdout_has("\tnew:                data/sub/b.bin");
    env.dvx(repo, &["push"]).ok().stdout_has("5 files pushed");
    env.dvx(repo, &["push"])
        .ok()
        .stdout_has("Everything is up to date.");
    let in_sync = format!("Cache and remote '{remote}' are in sync.");
    env.dvx(repo, &["status", "-c"]).ok().stdout_has(&in_sync);
    env.dvc(DVC3, repo, &["status", "-c"])
        .ok()
        .stdout_has(&in_sync);
    env.git(repo, &["add", "-A"]).ok();
    env.git(repo, &["commit", "-qm", "data"]).ok();
    // dvx push -> dvc pull
    let clone = repo.with_file_name("clone");
    env.git(
        repo.parent().unwrap(),
        &["clone", "-q", repo.to_str().unwrap(), "clone"],
    )
    .ok();
    // a colleague's clone has their own credentials
    if let Ok(local) = fs::read(repo.join(".dvc/config.local")) {
        write(&clone.join(".dvc/config.local"), local);
    }
    env.dvc(DVC3, &clone, &["pull"]).ok();
    assert_same_tree(
        &tree(&clone.join("data")),
        &tree(&repo.join("data")),
        "dvc pull of dvx's push",
    );
    // dvc push -> dvx pull
    write(&clone.join("model.bin"), "model v2\n");
    env.dvc(DVC3, &clone, &["add", "model.bin"]).ok();
    env.dvc(DVC3, &clone, &["push"]).ok();
    env.git(&clone, &["commit", "-qam", "v2"]).ok();
    env.git(repo, &["pull", "-q", clone.to_str().unwrap(), "main"])
        .ok();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    fs::remove_file(repo.join("model.bin")).unwrap();
    env.dvx(repo, &["pull"]).ok().stdout_has("5 files fetched");
    assert_eq!(fs::read(repo.join("model.bin")).unwrap(), b"model v2\n");
    assert_same_tree(
        &tree(&repo.join("data")),
        &tree(&clone.join("data")),
        "dvx pull of dvc's push",
    );
    // gc -c lists the remote and deletes what the workspace no longer uses (model v1)
    env.dvx(repo, &["gc", "-w", "-c", "-f"])
        .ok()
        .stdout_has("Removed 1 objects from remote.");
    env.dvc(DVC3, repo, &["status", "-c"])
        .ok()
        .stdout_has(&in_sync);
}

#[test]
fn ssh_login_failures_are_one_clear_line() {
    let sshd = Sshd::start();
    let (env, repo) = ssh_env(&sshd);
    make_data(&repo);
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    let before = tree(&repo);
    // an unknown host key is refused, not accepted silently
    let known = env.path("home/.ssh/known_hosts");
    write(&known, "");
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("remote 'ssh'")
        .stderr_has("Host key verification failed");
    write(&known, format!("{}\n", sshd.known_hosts_line()));
    // a key the server does not accept
    let other = env.path("other_key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&other)
        .status()
        .unwrap();
    assert!(made.success());
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "ssh",
            "keyfile",
            other.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("Permission denied")
        .stderr_has("hint:");
    // passwords: said plainly, never printed
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "ssh",
            "password",
            "pw-s3cret",
        ],
    )
    .ok();
    let r = env
        .dvx(&repo, &["status", "-c"])
        .fails()
        .stderr_has("'password' is not supported");
    assert!(!r.stderr.contains("pw-s3cret"), "{}", r.stderr);
    env.dvx(
        &repo,
        &["remote", "modify", "--local", "-u", "ssh", "password"],
    )
    .ok();
    // nothing listening
    let closed = dvx_test::servers::free_port();
    let url = format!("ssh://{}@127.0.0.1:{closed}/nowhere", sshd.user);
    env.dvx(&repo, &["remote", "modify", "ssh", "url", &url])
        .ok();
    env.dvx(&repo, &["pull"])
        .fails()
        .stderr_has("Connection refused");
    // no failure changed the workspace or the cache, and nothing reached the server
    let kept = |t: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with(".dvc/config") && !p.starts_with(".dvc/tmp"))
            .collect()
    };
    assert_same_tree(
        &kept(tree(&repo)),
        &kept(before),
        "repository after failed logins",
    );
    assert!(!env.path("store").exists());
}

#[test]
fn interrupted_ssh_push_leaves_no_partial_object_and_resumes() {
    let sshd = Sshd::start();
    let (env, repo) = ssh_env(&sshd);
    // big enough that a push is still writing when killed
    let big: Vec<u8> = (0..48u32 << 20).map(|i| (i % 251) as u8).collect();
    write(&repo.join("big.bin"), &big);
    make_data(&repo);
    env.dvx(&repo, &["add", "big.bin", "data"]).ok();
    let store = env.path("store");
    let mut killed = 0;
    for delay in [150, 300, 600] {
        if kill_after(&env, &repo, &["push"], Duration::from_millis(delay)) {
            killed += 1;
        }
        // whatever was left is either complete under its name or a temporary file
        let bad: Vec<String> = unsound_objects(&store)
            .into_iter()
            .filter(|p| !p.ends_with(".tmp"))
            .collect();
        assert!(bad.is_empty(), "partial objects after kill -9: {bad:?}");
    }
    assert!(killed > 0, "every push finished before it could be killed");
    // the ssh client of a killed dvx ends with it (its input closes), leaving no process behind
    let key = sshd.client_key();
    let start = std::time::Instant::now();
    while ssh_processes_with(&key) > 0 {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "ssh processes outlived the killed dvx"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    env.dvx(&repo, &["push"]).ok();
    env.dvx(&repo, &["status", "-c"]).ok().stdout_has("in sync");
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_file(repo.join("big.bin")).unwrap();
    env.dvx(&repo, &["pull"]).ok();
    assert_eq!(fs::read(repo.join("big.bin")).unwrap(), big);
}
