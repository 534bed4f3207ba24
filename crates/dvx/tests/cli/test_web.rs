//! WebDAV and HTTP remotes against real servers on loopback: rclone's WebDAV server (from
//! Debian's packages; scripts/test.sh installs it) and Python's http.server.

use std::fs;
use std::process::Command;

use dvx_test::servers::{free_port, serve};
use dvx_test::{assert_same_tree, tree, write};

use super::env;
use super::test_ssh::make_data;

#[test]
fn webdav_remote_push_pull_status() {
    let env = env();
    let served = env.path("dav");
    fs::create_dir_all(&served).unwrap();
    let port = free_port();
    let _dav = serve(
        Command::new("rclone").args([
            "serve",
            "webdav",
            served.to_str().unwrap(),
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--user",
            "team",
            "--pass",
            "s3cret-pass",
            "--config",
            "/dev/null",
        ]),
        port,
        "rclone serve webdav",
    );
    let repo = env.dvx_repo("r");
    make_data(&repo);
    let url = format!("webdav://127.0.0.1:{port}/store");
    env.dvx(&repo, &["remote", "add", "-d", "dav", &url]).ok();
    env.dvx(
        &repo,
        &["remote", "modify", "--local", "dav", "user", "team"],
    )
    .ok();
    env.dvx(
        &repo,
        &["remote", "modify", "--local", "dav", "password", "wrong"],
    )
    .ok();
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    let r = env
        .dvx(&repo, &["push"])
        .fails()
        .stderr_has("remote 'dav'")
        .stderr_has("access denied");
    assert!(
        !r.stderr.contains("wrong"),
        "the password was printed: {}",
        r.stderr
    );
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "dav",
            "password",
            "s3cret-pass",
        ],
    )
    .ok();
    env.dvx(&repo, &["status", "-c"])
        .ok()
        .stdout_has("\tnew:                data/sub/b.bin");
    env.dvx(&repo, &["push"]).ok().stdout_has("5 files pushed");
    env.dvx(&repo, &["push"])
        .ok()
        .stdout_has("Everything is up to date.");
    env.dvx(&repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'dav' are in sync.");
    // the server holds the same layout a directory remote gets
    env.dvx(&repo, &["remote", "add", "local", "../local"]).ok();
    env.dvx(&repo, &["push", "-r", "local"]).ok();
    assert_same_tree(
        &tree(&served.join("store")),
        &tree(&env.path("local")),
        "WebDAV remote vs directory remote",
    );
    // and pull brings it back into an empty cache and workspace
    let data = tree(&repo.join("data"));
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    env.dvx(&repo, &["pull"])
        .ok()
        .stdout_has("5 files fetched and 3 files added");
    assert_same_tree(&tree(&repo.join("data")), &data, "data pulled over WebDAV");
    // gc -c lists the WebDAV remote and deletes what the workspace no longer uses
    let stored = tree(&served.join("store")).len();
    write(&repo.join("model.bin"), "model v2\n");
    env.dvx(&repo, &["add", "model.bin"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    assert_eq!(tree(&served.join("store")).len(), stored + 1);
    env.dvx(&repo, &["gc", "-w", "-c", "-f"])
        .ok()
        .stdout_has("Removed 1 objects from remote.");
    assert_eq!(tree(&served.join("store")).len(), stored);
    env.dvx(&repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'dav' are in sync.");
}

#[test]
fn http_remote_pulls_and_refuses_to_push() {
    let env = env();
    let repo = env.dvx_repo("r");
    make_data(&repo);
    env.dvx(&repo, &["remote", "add", "-d", "local", "../store"])
        .ok();
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    env.dvx(&repo, &["push"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data"]).ok();
    let port = free_port();
    let _http = serve(
        Command::new("python3").args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            env.path("").to_str().unwrap(),
            &port.to_string(),
        ]),
        port,
        "python3 -m http.server",
    );
    let clone = env.path("clone");
    env.git(&env.path(""), &["clone", "-q", "r", "clone"]).ok();
    let url = format!("http://127.0.0.1:{port}/store");
    env.dvx(&clone, &["remote", "add", "-d", "web", &url]).ok();
    env.dvx(&clone, &["status", "-c"])
        .ok()
        .stdout_has("\tdeleted:            data/a.csv");
    env.dvx(&clone, &["pull"])
        .ok()
        .stdout_has("5 files fetched");
    assert_same_tree(
        &tree(&clone.join("data")),
        &tree(&repo.join("data")),
        "data over HTTP",
    );
    assert_eq!(fs::read(clone.join("model.bin")).unwrap(), vec![1u8; 5000]);
    write(&clone.join("model.bin"), "v2\n");
    env.dvx(&clone, &["add", "model.bin"]).ok();
    env.dvx(&clone, &["push"])
        .fails()
        .stderr_has("remote 'web'")
        .stderr_has("read-only");
}
