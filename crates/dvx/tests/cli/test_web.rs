//! WebDAV and HTTP remotes against real servers on loopback: rclone's WebDAV server (from
//! Debian's packages; scripts/test.sh installs it) and Python's http.server.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dvx_test::{assert_same_tree, tree, write};

use super::env;

/// A server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(cmd: &mut Command, port: u16, what: &str) -> Server {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {what} (scripts/test.sh installs it): {e}"));
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{what} did not listen in 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn make_data(repo: &Path) {
    write(&repo.join("data/a.csv"), "a,b\n1,2\n");
    write(&repo.join("data/sub/b.bin"), vec![5u8; 300_000]);
    write(&repo.join("data/sub/empty"), "");
    write(&repo.join("model.bin"), vec![1u8; 5000]);
}

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
