//! A real watchman for tests (Debian's `watchman`; scripts/test.sh installs it): a server of the
//! test's own, with its socket, state and log in a temporary directory. Clients reach it through
//! `WATCHMAN_SOCK` ([`Watchman::sock`]); dropping it shuts the server down.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Watchman {
    dir: tempfile::TempDir,
    child: Child,
}

/// The inotify setting a server reads when it starts watching a root.
const MAX_QUEUED: &str = "/proc/sys/fs/inotify/max_queued_events";

impl Watchman {
    /// Starts a server; it answers before this returns.
    pub fn start() -> Watchman {
        assert!(
            Command::new("watchman")
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success()),
            "the monitor tests need watchman: scripts/test.sh installs it (apt-get install watchman)"
        );
        let dir = tempfile::tempdir().expect("temp dir for watchman");
        let d = dir.path();
        let log = fs::File::create(d.join("server.out")).unwrap();
        let child = Command::new("watchman")
            .arg("--foreground")
            .arg(format!("--sockname={}", d.join("sock").display()))
            .arg(format!("--statefile={}", d.join("state").display()))
            .arg(format!("--logfile={}", d.join("log").display()))
            .arg(format!("--pidfile={}", d.join("pid").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("starting watchman");
        let w = Watchman { dir, child };
        let start = Instant::now();
        // `get-pid` only the server answers (the client answers `version` itself)
        while w.call(r#"["get-pid"]"#).is_none() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "watchman did not answer in 20 s: {}",
                fs::read_to_string(w.dir.path().join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        w
    }

    /// Starts a server whose event queue holds at most `events` (inotify's
    /// `max_queued_events`, which needs root): more changes than that while the server is
    /// stopped overflow it. `root` is watched at once, while the small queue is in force; the
    /// machine's setting is put back before this returns.
    pub fn start_with_small_queue(root: &Path, events: u32) -> Watchman {
        let before = fs::read_to_string(MAX_QUEUED).expect("reading inotify's max_queued_events");
        fs::write(MAX_QUEUED, events.to_string())
            .expect("lowering inotify's max_queued_events (the overflow test runs as root)");
        let w = Watchman::start();
        let watched = w.answer(&format!(r#"["watch-project", "{}"]"#, root.display()));
        fs::write(MAX_QUEUED, before.trim()).expect("restoring inotify's max_queued_events");
        assert!(
            watched.contains("\"watch\"") && !watched.contains("\"error\""),
            "watchman did not watch {}: {watched}",
            root.display()
        );
        w
    }

    /// The server's socket: the value of `WATCHMAN_SOCK` for its clients.
    pub fn sock(&self) -> PathBuf {
        self.dir.path().join("sock")
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal to the server (`STOP`, `CONT`, `KILL`).
    pub fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -{signal} {}", self.pid());
    }

    /// One command's answer (JSON), or None when the server did not answer or answered with
    /// an error.
    pub fn call(&self, command: &str) -> Option<String> {
        self.run(command)
            .ok()
            .filter(|text| !text.contains("\"error\""))
    }

    /// What the client printed for one command (an error included; empty when it failed).
    pub fn answer(&self, command: &str) -> String {
        self.run(command).unwrap_or_else(|e| e)
    }

    fn run(&self, command: &str) -> Result<String, String> {
        use std::io::Write;
        let mut child = Command::new("watchman")
            .arg(format!("--sockname={}", self.sock().display()))
            .args(["--no-spawn", "-j", "--no-pretty"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        stdin
            .write_all(command.as_bytes())
            .map_err(|e| e.to_string())?;
        drop(stdin);
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.success() {
            Ok(text)
        } else {
            Err(format!("watchman failed ({}): {text}", out.status))
        }
    }
}

impl Drop for Watchman {
    fn drop(&mut self) {
        // a server a client started again on the same socket goes too
        let _ = self.call(r#"["shutdown-server"]"#);
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("--sockname={}", self.sock().display()))
            .status();
    }
}
