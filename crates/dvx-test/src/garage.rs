//! A real S3 server for tests: a throwaway single-node Garage on loopback, with its own data
//! directory, free ports, one key and one bucket. It can be stopped and started again on the
//! same data (to break a transfer in the middle), and it logs every request, so tests can count
//! what a command asked of it.

use std::fs;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cache_root;
use crate::servers::free_port;

pub const GARAGE_VERSION: &str = "2.5.0";
pub const ACCESS_KEY: &str = "GK0123456789abcdef01234567";
pub const SECRET_KEY: &str = "5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0";
pub const BUCKET: &str = "dvx-test";
pub const REGION: &str = "garage";

/// The Garage binary, installed by `scripts/test.sh` under the test tool cache.
pub fn garage_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("DVX_GARAGE") {
        return PathBuf::from(p);
    }
    let p = cache_root()
        .join(format!("garage-{GARAGE_VERSION}"))
        .join("bin/garage");
    assert!(
        p.is_file(),
        "the S3 tests need Garage {GARAGE_VERSION} at {}; scripts/test.sh installs it, or run:\n  cargo install garage --version {GARAGE_VERSION} --locked --no-default-features --features bundled-libs,sqlite --root {}",
        p.display(),
        p.parent().unwrap().parent().unwrap().display()
    );
    p
}

pub struct Garage {
    dir: tempfile::TempDir,
    child: Option<Child>,
    pub s3_port: u16,
}

impl Garage {
    pub fn start() -> Garage {
        let dir = tempfile::tempdir().expect("temp dir for Garage");
        let (s3, rpc, admin) = (free_port(), free_port(), free_port());
        let d = dir.path().display();
        let config = format!(
            r#"metadata_dir = "{d}/meta"
data_dir = "{d}/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc}"
rpc_public_addr = "127.0.0.1:{rpc}"
rpc_secret = "1799bccfd7411eddcf9ebd316bc1f5287ad12a68094e1c6ac6abde7e6feae1ec"
[s3_api]
s3_region = "{REGION}"
api_bind_addr = "127.0.0.1:{s3}"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:{admin}"
admin_token = "dvx-test-admin-token"
"#
        );
        fs::write(dir.path().join("garage.toml"), config).expect("writing garage.toml");
        let mut g = Garage {
            dir,
            child: None,
            s3_port: s3,
        };
        g.run();
        g
    }

    fn run(&mut self) {
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("opening the Garage log");
        let child = Command::new(garage_binary())
            .arg("-c")
            .arg(self.dir.path().join("garage.toml"))
            .args(["server", "--single-node", "--default-bucket"])
            .env("GARAGE_DEFAULT_ACCESS_KEY", ACCESS_KEY)
            .env("GARAGE_DEFAULT_SECRET_KEY", SECRET_KEY)
            .env("GARAGE_DEFAULT_BUCKET", BUCKET)
            .env("RUST_LOG", "garage=info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("starting Garage");
        self.child = Some(child);
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.s3_port)).is_err() {
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            assert!(
                exited.is_none(),
                "Garage exited ({exited:?}) before listening; its log:\n{}",
                fs::read_to_string(self.log_path()).unwrap_or_default()
            );
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "Garage did not start listening in 30 s; its log:\n{}",
                fs::read_to_string(self.log_path()).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // the default bucket and key are made right after the listener starts
        std::thread::sleep(Duration::from_millis(300));
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("garage.log")
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }

    /// Kills the server (as a crash or a dropped network would), keeping its data.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts the server again on the same data and ports.
    pub fn restart(&mut self) {
        self.stop();
        self.run();
    }

    fn log(&self) -> String {
        fs::read_to_string(self.log_path()).unwrap_or_else(|e| {
            panic!(
                "the Garage request log '{}' cannot be read: {e}",
                self.log_path().display()
            )
        })
    }

    /// A mark in the request log; see [`Garage::requests_since`].
    pub fn mark(&self) -> usize {
        self.log().lines().count()
    }

    /// The S3 requests logged after `mark`, as "METHOD /path?query". Callers assert a lower
    /// bound too: a log that records nothing must not pass for a command that asked nothing.
    pub fn requests_since(&self, mark: usize) -> Vec<String> {
        let log = self.log();
        log.lines()
            .skip(mark)
            .filter(|l| !l.contains("error ")) // an error line repeats its request
            .filter_map(|l| {
                l.split_once(&format!("(key {ACCESS_KEY}) "))
                    .map(|(_, r)| r.to_string())
            })
            .collect()
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        self.stop();
    }
}
