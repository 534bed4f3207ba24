//! S3 and S3-compatible object stores (AWS, MinIO, Ceph, Garage, ...), through opendal.
//!
//! Requests run on a tokio runtime owned by the remote, at most `jobs` at a time; opendal's
//! retry layer retries transient failures (5xx, timeouts, resets) with backoff. An object
//! appears on S3 only when its upload completes (a single PUT, or a multipart upload of large
//! files in parallel parts), so a dropped connection never leaves a partial object under its
//! key. Errors are scrubbed of the credentials before they leave this module.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::time::Duration;

use dvx_odb::hash::HashingWriter;
use dvx_odb::Progress;
use futures::{StreamExt, TryStreamExt};
use opendal::layers::{RetryLayer, TimeoutLayer};
use opendal::{ErrorKind, Operator};

use crate::{Download, Downloaded, Remote, RemoteConfig, RemoteError, Upload};

/// Files up to this size go up in one PUT; larger ones in parts of this size.
const PART: usize = 16 << 20;
/// Parts of one large file uploaded at once.
const PARTS_AT_ONCE: usize = 4;
/// Below this many keys, existence is always asked object by object.
const FEW_KEYS: usize = 16;
/// Objects per page of an S3 listing.
const PAGE: usize = 1000;

pub struct S3Remote {
    op: Operator,
    rt: tokio::runtime::Runtime,
    bucket: String,
    endpoint: String,
    /// Configured secrets, removed from every message.
    secrets: Vec<String>,
}

impl S3Remote {
    pub fn new(cfg: &RemoteConfig) -> Result<Self, RemoteError> {
        let rest = cfg.url.strip_prefix("s3://").unwrap_or(&cfg.url);
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(RemoteError::remote(
                format!("remote '{}': the URL names no bucket", cfg.name),
                Some("S3 URLs look like s3://bucket/optional/prefix"),
            ));
        }
        let mut b = opendal::services::S3::default()
            .bucket(bucket)
            .root(&format!("/{}", prefix.trim_matches('/')));
        let use_ssl = cfg.option("use_ssl").is_none_or(truthy);
        let endpoint = match cfg.option("endpointurl") {
            Some(e) if e.contains("://") => e.to_string(),
            Some(e) => format!("{}://{e}", if use_ssl { "https" } else { "http" }),
            None => "https://s3.amazonaws.com".to_string(),
        };
        b = b.endpoint(&endpoint);
        // opendal would ask the endpoint; a custom endpoint without a region is us-east-1.
        let region = cfg
            .option("region")
            .map(str::to_string)
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
            .unwrap_or_else(|| "us-east-1".to_string());
        b = b.region(&region);
        let mut secrets = Vec::new();
        let creds = credentials(cfg)?;
        if let Some(c) = &creds {
            b = b
                .access_key_id(&c.access_key_id)
                .secret_access_key(&c.secret_access_key);
            secrets.push(c.secret_access_key.clone());
            if let Some(t) = &c.session_token {
                b = b.session_token(t);
                secrets.push(t.clone());
            }
        }
        if let Some(sse) = cfg.option("sse") {
            b = b.server_side_encryption(sse);
        }
        if let Some(k) = cfg.option("sse_kms_key_id") {
            b = b.server_side_encryption_aws_kms_key_id(k);
        }
        if cfg.option("ssl_verify").is_some_and(|v| !truthy(v)) {
            return Err(RemoteError::remote(
                format!("remote '{}': ssl_verify = false is not supported by dvx", cfg.name),
                Some("use a certificate the system trusts, or an http:// endpoint on a trusted network"),
            ));
        }
        let op = Operator::new(b)
            .map_err(|e| {
                RemoteError::remote(
                    format!("remote '{}' is misconfigured: {}", cfg.name, e.kind()),
                    None,
                )
            })?
            .layer(
                TimeoutLayer::new()
                    .with_timeout(Duration::from_secs(120))
                    .with_io_timeout(Duration::from_secs(60)),
            )
            .layer(
                RetryLayer::new()
                    .with_max_times(4)
                    .with_min_delay(Duration::from_millis(200))
                    .with_jitter(),
            )
            .finish();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(std::thread::available_parallelism().map_or(2, |n| n.get().min(4)))
            .enable_all()
            .build()
            .map_err(|e| {
                RemoteError::remote(format!("cannot start the network runtime: {e}"), None)
            })?;
        Ok(S3Remote {
            op,
            rt,
            bucket: bucket.to_string(),
            endpoint,
            secrets,
        })
    }

    /// Turns an opendal error into ours: the whole remote's problem (credentials, bucket,
    /// endpoint) or one object's, never with a secret in it.
    fn error(&self, key: &str, e: opendal::Error) -> RemoteError {
        let text = self.scrub(&e.to_string());
        match e.kind() {
            _ if text.contains("NoSuchBucket") => RemoteError::remote(
                format!("bucket '{}' does not exist at {}", self.bucket, self.endpoint),
                Some("create the bucket, or fix the remote's URL (dvx remote modify NAME url s3://BUCKET/PATH)"),
            ),
            ErrorKind::NotFound => RemoteError::NotFound {
                key: key.to_string(),
            },
            ErrorKind::PermissionDenied => RemoteError::remote(
                format!("access denied by {} for bucket '{}'", self.endpoint, self.bucket),
                Some("check the credentials: access_key_id/secret_access_key (dvx remote modify --local), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials"),
            ),
            ErrorKind::ConfigInvalid => RemoteError::remote(
                format!("the remote is misconfigured: {text}"),
                None,
            ),
            _ if e.is_temporary() || is_connection_error(&text) => RemoteError::remote(
                format!("cannot reach {} (gave up after retries): {}", self.endpoint, summarize(&text)),
                Some("check the endpoint (endpointurl), the network, and that the server is running; then run the command again"),
            ),
            _ => RemoteError::object(key, summarize(&text)),
        }
    }

    fn scrub(&self, text: &str) -> String {
        let mut t = text.to_string();
        for s in self.secrets.iter().filter(|s| !s.is_empty()) {
            t = t.replace(s.as_str(), "***");
        }
        t
    }

    async fn stat(&self, key: &str) -> Result<bool, RemoteError> {
        match self.op.stat(key).await {
            Ok(_) => Ok(true),
            Err(e)
                if e.kind() == ErrorKind::NotFound && !e.to_string().contains("NoSuchBucket") =>
            {
                Ok(false)
            }
            Err(e) => Err(self.error(key, e)),
        }
    }

    /// Every object name under one shard prefix (`files/md5/ab/`).
    async fn list(&self, prefix: &str) -> Result<HashSet<String>, RemoteError> {
        let lister = self
            .op
            .lister(prefix)
            .await
            .map_err(|e| self.error(prefix, e))?;
        lister
            .map_ok(|entry| entry.path().to_string())
            .try_collect::<HashSet<String>>()
            .await
            .map_err(|e| self.error(prefix, e))
    }

    async fn stat_all(&self, keys: &[&String], jobs: usize) -> Result<Vec<bool>, RemoteError> {
        futures::stream::iter(keys.iter().map(|k| self.stat(k)))
            .buffered(jobs)
            .try_collect()
            .await
    }

    async fn upload_one(&self, item: &Upload) -> Result<(), RemoteError> {
        let key = item.key.as_str();
        let io_err = |e: std::io::Error| {
            RemoteError::object(key, format!("reading '{}': {e}", item.from.display()))
        };
        let mut f = File::open(&item.from).map_err(io_err)?;
        let len = f.metadata().map_err(io_err)?.len();
        if len <= PART as u64 {
            let mut buf = Vec::with_capacity(len as usize);
            f.read_to_end(&mut buf).map_err(io_err)?;
            self.op
                .write(key, buf)
                .await
                .map_err(|e| self.error(key, e))?;
            return Ok(());
        }
        // A multipart upload, parts in parallel: the object exists only once it completes.
        let mut w = self
            .op
            .writer_with(key)
            .chunk(PART)
            .concurrent(PARTS_AT_ONCE)
            .await
            .map_err(|e| self.error(key, e))?;
        let mut sent = 0u64;
        while sent < len {
            let mut buf = vec![0u8; PART.min((len - sent) as usize)];
            if let Err(e) = f.read_exact(&mut buf) {
                let _ = w.abort().await;
                return Err(io_err(e));
            }
            sent += buf.len() as u64;
            if let Err(e) = w.write(buf).await {
                let _ = w.abort().await;
                return Err(self.error(key, e));
            }
        }
        if let Err(e) = w.close().await {
            let _ = w.abort().await;
            return Err(self.error(key, e));
        }
        Ok(())
    }

    async fn download_one(&self, item: &Download) -> Result<Downloaded, RemoteError> {
        let key = item.key.as_str();
        let reader = self.op.reader(key).await.map_err(|e| self.error(key, e))?;
        let mut stream = reader
            .into_stream(..)
            .await
            .map_err(|e| self.error(key, e))?;
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&item.to)
            .map_err(|e| {
                RemoteError::object(key, format!("creating '{}': {e}", item.to.display()))
            })?;
        let mut out = HashingWriter::new(std::io::BufWriter::with_capacity(1 << 20, file));
        let result: Result<(), RemoteError> = async {
            while let Some(buffer) = stream.next().await {
                for chunk in buffer.map_err(|e| self.error(key, e))? {
                    out.write_all(&chunk)
                        .map_err(|e| RemoteError::object(key, format!("writing: {e}")))?;
                }
            }
            Ok(())
        }
        .await;
        let (md5, inner) = out.finish();
        let flushed = inner
            .into_inner()
            .map_err(|e| RemoteError::object(key, format!("writing: {}", e.error())));
        match result.and(flushed.map(|_| ())) {
            Ok(()) => {
                let size = fs::metadata(&item.to).map(|m| m.len()).unwrap_or(0);
                Ok(Downloaded { md5, size })
            }
            Err(e) => {
                let _ = fs::remove_file(&item.to);
                Err(e)
            }
        }
    }
}

impl Remote for S3Remote {
    fn exists(&self, keys: &[String]) -> Result<Vec<bool>, RemoteError> {
        let jobs = crate::default_jobs();
        self.rt.block_on(async {
            if keys.len() <= FEW_KEYS {
                return self.stat_all(&keys.iter().collect::<Vec<_>>(), jobs).await;
            }
            // Group by shard prefix; list the busiest prefix to learn how full the remote is,
            // then list the other prefixes or ask key by key, whichever takes fewer requests.
            let mut by_prefix: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, k) in keys.iter().enumerate() {
                let prefix = k.rfind('/').map_or("", |p| &k[..=p]);
                by_prefix.entry(prefix).or_default().push(i);
            }
            let mut answer = vec![false; keys.len()];
            let (&first, _) = by_prefix
                .iter()
                .max_by_key(|(_, v)| v.len())
                .expect("more than FEW_KEYS keys");
            let listed = self.list(first).await?;
            let pages_per_prefix = listed.len().div_ceil(PAGE).max(1);
            for &i in &by_prefix[first] {
                answer[i] = listed.contains(&keys[i]);
            }
            by_prefix.remove(first);
            let rest: usize = by_prefix.values().map(Vec::len).sum();
            if by_prefix.len() * pages_per_prefix < rest {
                let lists: Vec<(Vec<usize>, HashSet<String>)> = futures::stream::iter(
                    by_prefix
                        .into_iter()
                        .map(|(p, idx)| async move { self.list(p).await.map(|set| (idx, set)) }),
                )
                .buffer_unordered(jobs)
                .try_collect()
                .await?;
                for (idx, set) in lists {
                    for i in idx {
                        answer[i] = set.contains(&keys[i]);
                    }
                }
            } else {
                let idx: Vec<usize> = by_prefix.into_values().flatten().collect();
                let ks: Vec<&String> = idx.iter().map(|&i| &keys[i]).collect();
                for (i, there) in idx.into_iter().zip(self.stat_all(&ks, jobs).await?) {
                    answer[i] = there;
                }
            }
            Ok(answer)
        })
    }

    fn upload(
        &self,
        items: &[Upload],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<(), RemoteError>> {
        let fatal = std::sync::OnceLock::new();
        self.rt.block_on(
            futures::stream::iter(items.iter().map(|it| {
                let fatal = &fatal;
                async move {
                    let r = until_fatal(fatal, self.upload_one(it)).await;
                    progress.advance(1);
                    r
                }
            }))
            .buffered(jobs.max(1))
            .collect(),
        )
    }

    fn download(
        &self,
        items: &[Download],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<Downloaded, RemoteError>> {
        let fatal = std::sync::OnceLock::new();
        self.rt.block_on(
            futures::stream::iter(items.iter().map(|it| {
                let fatal = &fatal;
                async move {
                    let r = until_fatal(fatal, self.download_one(it)).await;
                    progress.advance(1);
                    r
                }
            }))
            .buffered(jobs.max(1))
            .collect(),
        )
    }
}

/// Runs one transfer of a batch unless an earlier one found the whole remote failing (then
/// every later one fails the same way at once instead of retrying against a dead server).
async fn until_fatal<T>(
    fatal: &std::sync::OnceLock<RemoteError>,
    transfer: impl std::future::Future<Output = Result<T, RemoteError>>,
) -> Result<T, RemoteError> {
    if let Some(e) = fatal.get() {
        return Err(e.clone());
    }
    let r = transfer.await;
    if let Err(e) = &r {
        if e.is_fatal() {
            let _ = fatal.set(e.clone());
        }
    }
    r
}

fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "1" | "on"
    )
}

/// One short line from opendal's detailed error: the HTTP status and S3 error code and message
/// when there are any, else the start of the text.
fn summarize(text: &str) -> String {
    let after = |tag: &str| -> Option<String> {
        let rest = &text[text.find(tag)? + tag.len()..];
        let rest = rest.trim_start_matches('"');
        let end = rest.find(['"', ',', ' ', '}']).unwrap_or(rest.len());
        Some(rest[..end].to_string()).filter(|s| !s.is_empty())
    };
    let message = text
        .find("message: \"")
        .map(|i| &text[i + 10..])
        .and_then(|r| r.split('"').next())
        .map(str::to_string);
    match (after("status: "), after("code: ")) {
        (Some(status), code) => {
            let mut s = format!("HTTP {status}");
            if let Some(c) = code {
                s = format!("{s} {c}");
            }
            if let Some(m) = message {
                s = format!("{s}: {m}");
            }
            s
        }
        _ => {
            let line = text.lines().next().unwrap_or("");
            line.chars().take(200).collect()
        }
    }
}

fn is_connection_error(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    [
        "error sending request",
        "connection refused",
        "connection reset",
        "broken pipe",
        "timed out",
        "dns error",
        "connect error",
    ]
    .iter()
    .any(|p| m.contains(p))
}

/// Keys given explicitly: in the remote's options, or read from a credentials file when the
/// remote names a profile or a file. None leaves opendal to its usual sources (the AWS_*
/// variables, `~/.aws/credentials`).
struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

fn credentials(cfg: &RemoteConfig) -> Result<Option<Credentials>, RemoteError> {
    if let (Some(id), Some(secret)) = (cfg.option("access_key_id"), cfg.option("secret_access_key"))
    {
        return Ok(Some(Credentials {
            access_key_id: id.to_string(),
            secret_access_key: secret.to_string(),
            session_token: cfg.option("session_token").map(str::to_string),
        }));
    }
    let profile = cfg.option("profile");
    let file = cfg.option("credentialpath");
    if profile.is_none() && file.is_none() {
        return Ok(None);
    }
    let path = match file {
        Some(f) => crate::absolute(&cfg.base_dir, std::path::Path::new(f)),
        None => std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
            .map(Into::into)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".aws/credentials"))
            })
            .unwrap_or_default(),
    };
    let profile = profile
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok())
        .unwrap_or_else(|| "default".to_string());
    let text = fs::read_to_string(&path).map_err(|e| {
        RemoteError::remote(
            format!(
                "remote '{}': cannot read credentials file '{}': {e}",
                cfg.name,
                path.display()
            ),
            Some(
                "fix the remote's credentialpath, or set the keys with `dvx remote modify --local`",
            ),
        )
    })?;
    let section = ini_section(&text, &profile);
    match (section.get("aws_access_key_id"), section.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials {
            access_key_id: id.clone(),
            secret_access_key: secret.clone(),
            session_token: section.get("aws_session_token").cloned(),
        })),
        _ => Err(RemoteError::remote(
            format!(
                "remote '{}': profile '{profile}' in '{}' has no aws_access_key_id/aws_secret_access_key",
                cfg.name,
                path.display()
            ),
            None,
        )),
    }
}

/// The `key = value` pairs of one `[section]` of an AWS credentials file.
fn ini_section(text: &str, name: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let s = s.trim();
            inside = s == name || s.strip_prefix("profile ").map(str::trim) == Some(name);
        } else if inside {
            if let Some((k, v)) = line.split_once('=') {
                out.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_profile_from_a_credentials_file() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[profile team]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token = E\n";
        let d = ini_section(text, "default");
        assert_eq!(d.get("aws_access_key_id").map(String::as_str), Some("A"));
        let t = ini_section(text, "team");
        assert_eq!(
            t.get("aws_secret_access_key").map(String::as_str),
            Some("D")
        );
        assert_eq!(t.get("aws_session_token").map(String::as_str), Some("E"));
        assert!(ini_section(text, "nope").is_empty());
    }
}
