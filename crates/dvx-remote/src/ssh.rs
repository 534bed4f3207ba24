//! SSH servers as remotes (`ssh://[user@]host[:port]/path`), over SFTP.
//!
//! dvx runs the system's OpenSSH client (`ssh -s HOST sftp`), so `~/.ssh/config`, the
//! ssh-agent and `known_hosts` apply as they do for `ssh` itself, and speaks SFTP over its
//! pipes with many requests in flight on the one connection. The client is a child of dvx
//! that ends with it, even on `kill -9` (its input closes). DVC's options `user`, `port` and
//! `keyfile` are honoured; passwords are not (the client runs without a terminal), so a key
//! is needed. Files on an SFTP server are visible while written, so uploads go to a temporary
//! name next to the object and are renamed once complete.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use dvx_odb::hash::HashingWriter;
use dvx_odb::Progress;
use futures::{StreamExt, TryStreamExt};
use openssh_sftp_client::error::SftpErrorKind;
use openssh_sftp_client::{Error as SftpError, Sftp, SftpOptions};
use tokio::io::AsyncReadExt;

use crate::store::{by_shard, run_batch};
use crate::{Download, Downloaded, FileInfo, Remote, RemoteConfig, RemoteError, Upload};

const LOGIN_HINT: &str = "dvx logs in with the system's ssh: check that `ssh -p PORT USER@HOST` works without a password (a key in ssh-agent, ~/.ssh/config, or the remote's keyfile option), and that the host is in ~/.ssh/known_hosts";

/// SFTP requests in flight on the connection by default.
const SSH_JOBS: usize = 32;
/// Below this many keys, existence is always asked object by object.
const FEW_KEYS: usize = 16;
/// Bytes per read or write request.
const CHUNK: usize = 256 << 10;

pub struct SshRemote {
    sftp: Option<Sftp>,
    child: tokio::process::Child,
    /// `ssh://user@host:port`, for messages.
    endpoint: String,
    /// The remote's directory on the server (absolute, no trailing slash; empty for `/`; `.`
    /// for the login directory).
    root: String,
    /// What ssh printed (its last lines), to say why a connection ended.
    ssh_said: Arc<Mutex<String>>,
    /// Directories known to exist on the server.
    made_dirs: Mutex<HashSet<String>>,
    rt: tokio::runtime::Runtime,
}

/// Where an `ssh://` URL and the remote's options point.
struct Target<'a> {
    host: &'a str,
    user: Option<&'a str>,
    port: Option<&'a str>,
    path: &'a str,
}

fn parse(cfg: &RemoteConfig) -> Result<Target<'_>, RemoteError> {
    let rest = cfg.url.strip_prefix("ssh://").unwrap_or(&cfg.url);
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let (url_user, host_port) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let (host, url_port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h, Some(p)),
        _ => (host_port, None),
    };
    if host.is_empty() {
        return Err(RemoteError::remote(
            format!("remote '{}': the URL '{}' names no host", cfg.name, cfg.url),
            Some("SSH URLs look like ssh://user@host:port/absolute/path"),
        ));
    }
    let port = cfg.option("port").or(url_port);
    if let Some(p) = port {
        if p.parse::<u16>().is_err() {
            return Err(RemoteError::remote(
                format!("remote '{}': port '{p}' is not a port number", cfg.name),
                None,
            ));
        }
    }
    Ok(Target {
        host: host.trim_start_matches('[').trim_end_matches(']'),
        user: cfg.option("user").or(url_user),
        port,
        path,
    })
}

/// Opens an `ssh://` remote: logs in and starts SFTP, or says why it could not.
pub fn open(cfg: &RemoteConfig) -> Result<SshRemote, RemoteError> {
    cfg.refuse(
        &["password", "ask_password", "passphrase", "ask_passphrase"],
        "",
        "dvx logs in with the system's ssh and a key: load the key into ssh-agent or set keyfile, then remove the option (dvx remote modify --unset NAME OPTION)",
    )?;
    let t = parse(cfg)?;
    let mut endpoint = String::from("ssh://");
    if let Some(u) = t.user {
        endpoint = format!("{endpoint}{u}@");
    }
    endpoint.push_str(t.host);
    if let Some(p) = t.port {
        endpoint = format!("{endpoint}:{p}");
    }
    let mut cmd = tokio::process::Command::new("ssh");
    cmd.args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"])
        .args(["-o", "ConnectTimeout=30", "-o", "ServerAliveInterval=15"])
        .args(["-T", "-s"]);
    if let Some(p) = t.port {
        cmd.args(["-p", p]);
    }
    if let Some(u) = t.user {
        cmd.args(["-l", u]);
    }
    if let Some(k) = cfg.option("keyfile") {
        cmd.arg("-i").arg(expand_home(k));
    }
    cmd.args(["--", t.host, "sftp"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| RemoteError::remote(format!("cannot start the network runtime: {e}"), None))?;
    let ssh_said = Arc::new(Mutex::new(String::new()));
    let (child, sftp) = rt.block_on(async {
        let mut child = cmd.spawn().map_err(|e| {
            RemoteError::remote(
                format!("cannot run ssh for {endpoint}: {e}"),
                Some("dvx uses the system's OpenSSH client for ssh:// remotes: install it (apt install openssh-client)"),
            )
        })?;
        let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let said = ssh_said.clone();
        let reader = tokio::spawn(async move {
            let mut buf = vec![0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                let mut s = said.lock().unwrap_or_else(|p| p.into_inner());
                s.push_str(&String::from_utf8_lossy(&buf[..n]));
                if s.len() > 8192 {
                    let cut = s.len() - 4096;
                    let cut = (cut..s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(0);
                    s.drain(..cut);
                }
            }
        });
        let started = Sftp::new(
            stdin.expect("stdin is piped"),
            stdout.expect("stdout is piped"),
            SftpOptions::default(),
        )
        .await;
        match started {
            Ok(sftp) => Ok((child, sftp)),
            Err(_) => {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(5), child.wait()).await;
                let _ = reader.await;
                Err(RemoteError::remote(
                    format!(
                        "cannot log in to {endpoint} over ssh: {}",
                        last_line(&ssh_said)
                    ),
                    Some(LOGIN_HINT),
                ))
            }
        }
    })?;
    Ok(SshRemote {
        sftp: Some(sftp),
        child,
        endpoint,
        // no path: the login directory, as sftp has it
        root: if t.path.is_empty() {
            ".".to_string()
        } else {
            t.path.trim_end_matches('/').to_string()
        },
        ssh_said,
        made_dirs: Mutex::new(HashSet::new()),
        rt,
    })
}

fn last_line(said: &Mutex<String>) -> String {
    let s = said.lock().unwrap_or_else(|p| p.into_inner());
    s.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("the connection closed")
        .to_string()
}

/// `~/key` → the key under the home directory, as DVC expands `keyfile`.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{}/{rest}", home.trim_end_matches('/')),
        _ => path.to_string(),
    }
}

/// A name for an upload in progress next to `path`, unique to this process and moment, as
/// DVC names its own (`<name>.<unique>.tmp`).
fn temporary_name(path: &str) -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("{path}.{:x}{nanos:08x}{n:x}.tmp", std::process::id())
}

fn not_found(e: &SftpError) -> bool {
    matches!(e, SftpError::SftpError(SftpErrorKind::NoSuchFile, _))
}

impl SshRemote {
    fn sftp(&self) -> &Sftp {
        self.sftp.as_ref().expect("open until dropped")
    }

    fn path(&self, key: &str) -> String {
        format!("{}/{key}", self.root)
    }

    /// Turns an SFTP error into ours: a missing object, one object's failure, or the whole
    /// remote's (permissions, a lost connection).
    fn error(&self, key: &str, e: SftpError) -> RemoteError {
        match e {
            SftpError::SftpError(SftpErrorKind::NoSuchFile, _) => RemoteError::NotFound {
                key: key.to_string(),
            },
            SftpError::SftpError(SftpErrorKind::PermDenied, _) => RemoteError::remote(
                format!(
                    "permission denied on {} for '{}'",
                    self.endpoint,
                    self.path(key)
                ),
                Some("check that the ssh user may read and write the remote's directory"),
            ),
            SftpError::SftpError(_, msg) => RemoteError::object(key, format!("{msg}")),
            other => RemoteError::remote(
                format!(
                    "lost the connection to {}: {other} ({})",
                    self.endpoint,
                    last_line(&self.ssh_said)
                ),
                Some("check the network and the server, then run the command again"),
            ),
        }
    }

    async fn stat(&self, key: &str) -> Result<bool, RemoteError> {
        match self.sftp().fs().metadata(self.path(key)).await {
            Ok(_) => Ok(true),
            Err(e) if not_found(&e) => Ok(false),
            Err(e) => Err(self.error(key, e)),
        }
    }

    /// The names in one shard directory (`files/md5/ab/`), as keys.
    async fn list(&self, prefix: &str) -> Result<HashSet<String>, RemoteError> {
        let dir = match self.sftp().fs().open_dir(self.path(prefix)).await {
            Ok(d) => d,
            Err(e) if not_found(&e) => return Ok(HashSet::new()),
            Err(e) => return Err(self.error(prefix, e)),
        };
        dir.read_dir()
            .map_ok(|entry| format!("{prefix}{}", entry.filename().display()))
            .try_collect()
            .await
            .map_err(|e| self.error(prefix, e))
    }

    /// Makes the directories above `path` that are not known to exist.
    async fn make_parents(&self, key: &str) -> Result<(), RemoteError> {
        let path = self.path(key);
        let Some(parent) = Path::new(&path).parent() else {
            return Ok(());
        };
        let parent = parent.to_string_lossy().to_string();
        if self.made_dirs.lock().unwrap().contains(&parent) {
            return Ok(());
        }
        let mut fs = self.sftp().fs();
        for dir in Path::new(&parent)
            .ancestors()
            .collect::<Vec<_>>()
            .iter()
            .rev()
        {
            let d = dir.to_string_lossy().to_string();
            if d.is_empty() || d == "/" || self.made_dirs.lock().unwrap().contains(&d) {
                continue;
            }
            // fails when it exists already (made by now, or by another transfer)
            let _ = fs.create_dir(&d).await;
            self.made_dirs.lock().unwrap().insert(d);
        }
        match fs.metadata(&parent).await {
            Ok(m) if m.file_type().is_some_and(|t| t.is_dir()) => Ok(()),
            Ok(_) => Err(RemoteError::object(
                key,
                format!("'{parent}' is not a directory"),
            )),
            Err(e) => {
                self.made_dirs.lock().unwrap().remove(&parent);
                Err(self.error(key, e))
            }
        }
    }

    async fn upload_one(&self, item: &Upload, progress: &dyn Progress) -> Result<(), RemoteError> {
        let key = item.key.as_str();
        self.make_parents(key).await?;
        let path = self.path(key);
        let tmp = temporary_name(&path);
        let io_err = |e: std::io::Error| {
            RemoteError::object(key, format!("reading '{}': {e}", item.from.display()))
        };
        let written: Result<(), RemoteError> = async {
            // file reads block: they run on tokio's blocking pool, so the transfers polled
            // beside this one go on meanwhile
            let from = item.from.clone();
            let mut src = off_thread(move || File::open(from)).await.map_err(io_err)?;
            let mut f = self
                .sftp()
                .options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)
                .await
                .map_err(|e| self.error(key, e))?;
            let mut buf = vec![0u8; CHUNK];
            loop {
                let n;
                (src, buf, n) = off_thread(move || {
                    let (mut src, mut buf) = (src, buf);
                    let n = src.read(&mut buf)?;
                    Ok((src, buf, n))
                })
                .await
                .map_err(io_err)?;
                if n == 0 {
                    break;
                }
                f.write_all(&buf[..n])
                    .await
                    .map_err(|e| self.error(key, e))?;
                progress.transferred(n as u64);
            }
            f.close().await.map_err(|e| self.error(key, e))
        }
        .await;
        let mut fs = self.sftp().fs();
        if let Err(e) = written {
            let _ = fs.remove_file(&tmp).await;
            return Err(e);
        }
        if let Err(e) = fs.rename(&tmp, &path).await {
            let _ = fs.remove_file(&tmp).await;
            // another push may have put the same object there first: it is the same bytes
            if self.stat(key).await? {
                return Ok(());
            }
            return Err(self.error(key, e));
        }
        Ok(())
    }

    async fn download_one(
        &self,
        item: &Download,
        progress: &dyn Progress,
    ) -> Result<Downloaded, RemoteError> {
        let key = item.key.as_str();
        let mut f = self
            .sftp()
            .open(self.path(key))
            .await
            .map_err(|e| self.error(key, e))?;
        let to = item.to.clone();
        let file = off_thread(move || OpenOptions::new().write(true).create_new(true).open(to))
            .await
            .map_err(|e| {
                RemoteError::object(key, format!("creating '{}': {e}", item.to.display()))
            })?;
        let writing = |e: std::io::Error| RemoteError::object(key, format!("writing: {e}"));
        let mut size = 0u64;
        let written: Result<Downloaded, RemoteError> = async {
            let mut out = HashingWriter::new(std::io::BufWriter::with_capacity(CHUNK, file));
            while let Some(chunk) = f
                .read(CHUNK as u32, BytesMut::with_capacity(CHUNK))
                .await
                .map_err(|e| self.error(key, e))?
            {
                size += chunk.len() as u64;
                progress.transferred(chunk.len() as u64);
                // file writes block: on tokio's blocking pool, as the reads of upload_one
                out = off_thread(move || {
                    let mut out = out;
                    out.write_all(&chunk)?;
                    Ok(out)
                })
                .await
                .map_err(writing)?;
            }
            let (md5, inner) = out.finish();
            off_thread(move || inner.into_inner().map_err(|e| e.into_error()))
                .await
                .map_err(writing)?;
            Ok(Downloaded { md5, size })
        }
        .await;
        match written {
            Ok(d) => Ok(d),
            Err(e) => {
                let _ = fs::remove_file(&item.to);
                Err(e)
            }
        }
    }
}

/// Runs blocking file I/O on tokio's blocking pool (a panic there is an I/O error here).
async fn off_thread<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

impl Remote for SshRemote {
    fn default_jobs(&self) -> usize {
        SSH_JOBS
    }

    fn exists(&self, keys: &[String]) -> Result<Vec<bool>, RemoteError> {
        self.rt.block_on(async {
            let by_prefix = by_shard(keys);
            // a listing takes a request per ~100 names; a shard directory holds a few hundred
            // in a 100k-object remote, so list only where several keys share a directory
            if keys.len() <= FEW_KEYS || by_prefix.len() * 4 > keys.len() {
                return futures::stream::iter(keys.iter().map(|k| self.stat(k)))
                    .buffered(SSH_JOBS)
                    .try_collect()
                    .await;
            }
            let lists: Vec<(Vec<usize>, HashSet<String>)> = futures::stream::iter(
                by_prefix
                    .into_iter()
                    .map(|(p, idx)| async move { self.list(p).await.map(|set| (idx, set)) }),
            )
            .buffer_unordered(SSH_JOBS)
            .try_collect()
            .await?;
            let mut answer = vec![false; keys.len()];
            for (idx, set) in lists {
                for i in idx {
                    answer[i] = set.contains(&keys[i]);
                }
            }
            Ok(answer)
        })
    }

    fn list_all(&self) -> Result<Vec<String>, RemoteError> {
        self.rt.block_on(async {
            let mut shards: Vec<String> = Vec::new();
            for base in ["", "files/md5/"] {
                for name in self.list(base).await? {
                    let shard = &name[base.len()..];
                    if shard.len() == 2 && shard.bytes().all(|b| b.is_ascii_hexdigit()) {
                        shards.push(format!("{name}/"));
                    }
                }
            }
            let lists: Vec<HashSet<String>> =
                futures::stream::iter(shards.iter().map(|s| self.list(s)))
                    .buffer_unordered(SSH_JOBS)
                    .try_collect()
                    .await?;
            Ok(lists
                .into_iter()
                .flatten()
                .filter(|k| dvx_odb::is_object_key(k))
                .collect())
        })
    }

    fn list_under(&self, prefix: &str) -> Result<Vec<String>, RemoteError> {
        self.rt.block_on(async {
            let mut keys = Vec::new();
            let mut stack = vec![format!("{}/", prefix.trim_end_matches('/'))];
            while let Some(dir) = stack.pop() {
                for name in self.list(&dir).await? {
                    let base = name.rsplit('/').next().unwrap_or("");
                    if base == "." || base == ".." || base.starts_with('.') {
                        continue;
                    }
                    let is_dir = self
                        .sftp()
                        .fs()
                        .metadata(self.path(&name))
                        .await
                        .map(|m| m.file_type().is_some_and(|t| t.is_dir()))
                        .unwrap_or(false);
                    if is_dir {
                        stack.push(format!("{name}/"));
                    } else {
                        keys.push(name);
                    }
                }
            }
            Ok(keys)
        })
    }

    fn file_info(&self, key: &str) -> Result<Option<FileInfo>, RemoteError> {
        self.rt.block_on(async {
            match self.sftp().fs().metadata(self.path(key)).await {
                Ok(m) if m.file_type().is_some_and(|t| t.is_dir()) => Ok(None),
                Ok(m) => Ok(Some(FileInfo {
                    key: key.to_string(),
                    size: m.len(),
                    ..FileInfo::default()
                })),
                Err(e) if not_found(&e) => Ok(None),
                Err(e) => Err(self.error(key, e)),
            }
        })
    }

    fn list_files(&self, prefix: &str) -> Result<Vec<FileInfo>, RemoteError> {
        self.rt.block_on(async {
            let mut files = Vec::new();
            let mut stack = vec![format!("{}/", prefix.trim_end_matches('/'))];
            while let Some(dir) = stack.pop() {
                for name in self.list(&dir).await? {
                    let base = name.rsplit('/').next().unwrap_or("");
                    if base == "." || base == ".." {
                        continue;
                    }
                    let meta = self.sftp().fs().metadata(self.path(&name)).await;
                    let meta = meta.map_err(|e| self.error(&name, e))?;
                    if meta.file_type().is_some_and(|t| t.is_dir()) {
                        stack.push(format!("{name}/"));
                    } else {
                        files.push(FileInfo {
                            key: name,
                            size: meta.len(),
                            ..FileInfo::default()
                        });
                    }
                }
            }
            Ok(files)
        })
    }

    fn delete(&self, keys: &[String], jobs: usize) -> Vec<Result<(), RemoteError>> {
        run_batch(&self.rt, keys, jobs, &dvx_odb::NoProgress, |k| async move {
            match self.sftp().fs().remove_file(self.path(k)).await {
                Ok(()) => Ok(()),
                Err(e) if not_found(&e) => Ok(()),
                Err(e) => Err(self.error(k, e)),
            }
        })
    }

    fn upload(
        &self,
        items: &[Upload],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<(), RemoteError>> {
        run_batch(&self.rt, items, jobs, progress, |it| {
            self.upload_one(it, progress)
        })
    }

    fn download(
        &self,
        items: &[Download],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<Downloaded, RemoteError>> {
        run_batch(&self.rt, items, jobs, progress, |it| {
            self.download_one(it, progress)
        })
    }
}

impl Drop for SshRemote {
    fn drop(&mut self) {
        // end the SFTP session cleanly; ssh then exits (and is killed if it does not)
        if let Some(sftp) = self.sftp.take() {
            let _ = self.rt.block_on(async {
                tokio::time::timeout(std::time::Duration::from_secs(5), sftp.close()).await
            });
        }
        let _ = self.child.start_kill();
    }
}
