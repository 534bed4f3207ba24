//! A real SSH server for tests: OpenSSH's sshd (Debian's openssh-server; scripts/test.sh
//! installs it) on a free loopback port, with its own host key and one authorised client key,
//! for the current user. Clients are pointed at it with an `ssh` in front of PATH that reads
//! a config of the test's own (known_hosts file), since OpenSSH ignores $HOME.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";
const SSH: &str = "/usr/bin/ssh";

pub struct Sshd {
    dir: tempfile::TempDir,
    child: Child,
    pub port: u16,
    /// The user the client key logs in as (whoever runs the tests).
    pub user: String,
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "ssh-keygen failed for {}: install openssh-client",
        path.display()
    );
}

impl Sshd {
    pub fn start() -> Sshd {
        assert!(
            Path::new(SSHD).is_file() && Path::new(SSH).is_file(),
            "the SSH tests need {SSHD} and {SSH}: scripts/test.sh installs them (apt-get install openssh-server openssh-client)"
        );
        // sshd's privilege separation directory
        fs::create_dir_all("/run/sshd").expect("creating /run/sshd for sshd (run as root)");
        let dir = tempfile::tempdir().expect("temp dir for sshd");
        let d = dir.path();
        keygen(&d.join("host_key"));
        keygen(&d.join("client_key"));
        fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let port = crate::servers::free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\nPidFile {d}/sshd.pid\nSubsystem sftp internal-sftp\nMaxStartups 100\nMaxSessions 100\n",
            d = d.display()
        );
        fs::write(d.join("sshd_config"), config).unwrap();
        let log = fs::File::create(d.join("sshd.log")).unwrap();
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("starting sshd");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "sshd did not listen in 20 s: {}",
                fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let user = String::from_utf8(
            Command::new("id")
                .arg("-un")
                .output()
                .expect("id -un")
                .stdout,
        )
        .unwrap()
        .trim()
        .to_string();
        Sshd {
            dir,
            child,
            port,
            user,
        }
    }

    /// The private key the server accepts.
    pub fn client_key(&self) -> PathBuf {
        self.dir.path().join("client_key")
    }

    /// The `known_hosts` line that makes a client trust this server.
    pub fn known_hosts_line(&self) -> String {
        let key = fs::read_to_string(self.dir.path().join("host_key.pub")).unwrap();
        format!("[127.0.0.1]:{} {}", self.port, key.trim())
    }

    /// A directory holding an `ssh` that uses `known_hosts` (and nothing from ~/.ssh): put it
    /// in front of PATH of the commands under test.
    pub fn client_bin(&self, known_hosts: &Path) -> PathBuf {
        static CLIENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CLIENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let bin = self.dir.path().join(format!("client-{n}"));
        fs::create_dir_all(&bin).unwrap();
        let config = bin.join("ssh_config");
        fs::write(
            &config,
            format!(
                "Host *\n  UserKnownHostsFile {}\n  GlobalKnownHostsFile /dev/null\n",
                known_hosts.display()
            ),
        )
        .unwrap();
        let script = bin.join("ssh");
        fs::write(
            &script,
            format!("#!/bin/sh\nexec {SSH} -F {} \"$@\"\n", config.display()),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
        bin
    }

    /// The `ssh://` URL of `path` (absolute) on this server.
    pub fn url(&self, path: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            path.display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
