//! Remotes: the shared blob stores objects are pushed to and pulled from.
//!
//! One [`Remote`] trait over every kind of storage: a local (or mounted) directory, handled
//! with plain file-system calls; SSH servers, over SFTP through the system's ssh; object
//! stores and web servers (S3 and S3-compatible servers, Google Cloud Storage, Azure Blob
//! Storage, WebDAV, plain HTTP for downloads), handled through opendal. A remote stores objects under the same keys as the cache
//! (`files/md5/ab/cdef…`, or `ab/cdef…` for DVC 2.x entries; see `dvx_odb::object_key`).
//!
//! The trait works on batches, so that each kind of storage can run a batch its own way:
//! threads for a directory, async requests for an object store. Nothing here prints; errors
//! never contain credentials.

pub mod azure;
pub mod gcs;
mod gcs_generations;
pub mod local;
pub mod s3;
pub mod ssh;
pub mod store;
pub mod web;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dvx_odb::Progress;

/// What went wrong with one object or with the remote as a whole.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RemoteError {
    /// The object is not on the remote.
    #[error("'{key}' is not on the remote")]
    NotFound { key: String },
    /// One object could not be transferred (after retries, where the storage retries).
    #[error("{key}: {message}")]
    Object { key: String, message: String },
    /// The remote cannot be used at all: bad configuration, credentials, bucket, endpoint.
    #[error("{message}")]
    Remote {
        message: String,
        hint: Option<String>,
    },
}

impl RemoteError {
    pub fn remote(message: impl Into<String>, hint: Option<&str>) -> Self {
        RemoteError::Remote {
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }

    pub fn object(key: &str, message: impl std::fmt::Display) -> Self {
        RemoteError::Object {
            key: key.to_string(),
            message: message.to_string(),
        }
    }

    /// Whether the whole remote failed (then every other transfer fails the same way).
    pub fn is_fatal(&self) -> bool {
        matches!(self, RemoteError::Remote { .. })
    }
}

/// One file to upload: `from` (a cache object) goes to `key`.
#[derive(Debug, Clone)]
pub struct Upload {
    pub from: PathBuf,
    pub key: String,
}

/// One object to download: `key` is written to the new file `to`, which must not exist.
#[derive(Debug, Clone)]
pub struct Download {
    pub key: String,
    pub to: PathBuf,
    /// The object's version to read (a store's version id or generation); the current one
    /// when `None`.
    pub version: Option<String>,
    /// A second new file to receive the same bytes from the same read (the workspace's copy of
    /// a large object a `pull` places). Only the directory remote writes it; a remote that
    /// does not leaves it absent (or removes it when the download failed or the object changed
    /// while it was read), and the caller copies from `to` instead.
    pub also: Option<PathBuf>,
}

/// What a download wrote: the md5 of the bytes (to verify before the object is used) and
/// their number.
#[derive(Debug, Clone, Copy)]
pub struct Downloaded {
    pub md5: [u8; 16],
    pub size: u64,
}

/// What a store says about one of its files, as its protocol gives it: what DVC records of
/// data imported from outside a repository (`import-url`) to tell later whether it changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileInfo {
    /// Relative to the store's root.
    pub key: String,
    pub size: Option<u64>,
    /// As the server sends it (quotes included where it has them).
    pub etag: Option<String>,
    pub content_md5: Option<String>,
    pub content_type: Option<String>,
    /// As an HTTP date (`Thu, 03 Dec 2026 06:04:00 GMT`).
    pub last_modified: Option<String>,
    /// The object's version, where the store keeps versions (GCS's generation).
    pub version: Option<String>,
}

fn not_a_source(what: &str) -> RemoteError {
    RemoteError::remote(
        format!("dvx cannot import data from {what} yet"),
        Some("import from a path, s3://, gs://, azure://, ssh://, webdav(s):// or http(s)://"),
    )
}

/// A blob store holding objects under keys.
pub trait Remote: Send + Sync {
    /// How many transfers to run at once when the user does not say (`-j`, `jobs`).
    fn default_jobs(&self) -> usize {
        default_jobs()
    }

    /// Which of `keys` the remote holds, in order. Implementations choose how to ask (one
    /// query per key, or listing the prefixes involved) by the counts involved.
    fn exists(&self, keys: &[String]) -> Result<Vec<bool>, RemoteError>;

    /// Whether [`Remote::exists`] asks key by key whatever the count: then a caller may ask in
    /// chunks (holding less) at no cost; a remote that may list its shards instead chooses
    /// better the more keys it is asked about at once.
    fn asks_key_by_key(&self) -> bool {
        false
    }

    /// Uploads each item, at most `jobs` at a time; one result per item, in order. An object
    /// only ever appears on the remote complete, under its final key.
    fn upload(
        &self,
        items: &[Upload],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<(), RemoteError>>;

    /// Every object on the remote, as keys (`dvx_odb::is_object_key`), in no order.
    fn list_all(&self) -> Result<Vec<String>, RemoteError>;

    /// Every file under `prefix` (a directory such as `runs/`), as keys, in no order; an
    /// absent prefix has none. The run-cache lives there, outside the object layout.
    fn list_under(&self, prefix: &str) -> Result<Vec<String>, RemoteError>;

    /// Removes each object, at most `jobs` at a time; one result per key, in order. An object
    /// already gone counts as removed.
    fn delete(&self, keys: &[String], jobs: usize) -> Vec<Result<(), RemoteError>>;

    /// Moves each object into the trash directory `trash` (see [`dvx_odb::trash`]) instead of
    /// deleting it, where the store keeps a trash (directory remotes); `None` where it does
    /// not. One result per key: whether the object was there to move.
    fn trash(&self, keys: &[String], trash: &str) -> Option<Vec<Result<bool, RemoteError>>> {
        let _ = (keys, trash);
        None
    }

    /// Moves objects back from the trash directory `trash`; `None` without a trash.
    fn take_back(&self, keys: &[String], trash: &str) -> Option<Vec<Result<bool, RemoteError>>> {
        let _ = (keys, trash);
        None
    }

    /// Empties the trash directories older than `older_than` (all with `None`): objects and
    /// bytes removed; `None` without a trash.
    fn empty_trash(
        &self,
        older_than: Option<std::time::Duration>,
    ) -> Option<Result<(u64, u64), RemoteError>> {
        let _ = older_than;
        None
    }

    /// Downloads each item into its `to` file, at most `jobs` at a time; one result per item,
    /// in order. A failed download leaves no file at `to`.
    fn download(
        &self,
        items: &[Download],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<Downloaded, RemoteError>>;

    /// What the store says about the file `key`; `None` when there is no such file (a
    /// directory, or nothing).
    fn file_info(&self, key: &str) -> Result<Option<FileInfo>, RemoteError> {
        let _ = key;
        Err(not_a_source("this kind of storage"))
    }

    /// Every file under the directory `prefix`, recursively, with what the store says about
    /// it (keys relative to the root), in no order; an absent directory has none.
    fn list_files(&self, prefix: &str) -> Result<Vec<FileInfo>, RemoteError> {
        let _ = prefix;
        Err(not_a_source("this kind of storage"))
    }
}

/// A remote's configuration as the config files give it (`['remote "NAME"']`).
#[derive(Debug, Clone, Default)]
pub struct RemoteConfig {
    pub name: String,
    pub url: String,
    /// Every option of the section other than `url`, by DVC's names.
    pub options: BTreeMap<String, String>,
    /// The directory of the config file that set `url` (relative paths are relative to it).
    pub base_dir: PathBuf,
}

impl RemoteConfig {
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.get(key).map(String::as_str)
    }

    /// Fails on the first of `options` the remote sets: DVC options dvx does not support
    /// (`why` says which feature they belong to, `hint` what to use instead).
    pub fn refuse(&self, options: &[&str], why: &str, hint: &str) -> Result<(), RemoteError> {
        match options.iter().find(|o| self.option(o).is_some()) {
            Some(o) => Err(RemoteError::remote(
                format!(
                    "remote '{}': the option '{o}'{why} is not supported by dvx",
                    self.name
                ),
                Some(hint),
            )),
            None => Ok(()),
        }
    }
}

/// The URL schemes dvx can open, for messages.
/// The URL schemes of remotes dvx supports besides local paths, as `doctor` lists them.
pub const SUPPORTED_SCHEMES: &[&str] = &[
    "azure", "gs", "http", "https", "s3", "ssh", "webdav", "webdavs",
];

pub const SCHEMES: &str =
    "a local path, file://, s3://, gs://, azure://, ssh://, webdav://, webdavs://, http:// and https:// (download only)";

/// Opens the remote a configuration names.
pub fn open(cfg: &RemoteConfig) -> Result<Box<dyn Remote>, RemoteError> {
    let url = cfg.url.as_str();
    match url.split_once("://") {
        None => Ok(Box::new(local::LocalRemote::new(&absolute(
            &cfg.base_dir,
            Path::new(url),
        )))),
        Some(("file", path)) => Ok(Box::new(local::LocalRemote::new(Path::new(path)))),
        Some(("s3", _)) => Ok(Box::new(s3::open(cfg)?)),
        Some(("ssh", _)) => Ok(Box::new(ssh::open(cfg)?)),
        Some(("azure", _)) => Ok(Box::new(azure::open(cfg)?)),
        Some(("gs", _)) => Ok(Box::new(gcs::open(cfg)?)),
        Some(("webdav" | "webdavs", _)) => Ok(Box::new(web::open_webdav(cfg)?)),
        Some(("http" | "https", _)) => Ok(Box::new(web::open_http(cfg)?)),
        Some((scheme, _)) => Err(RemoteError::remote(
            format!(
                "remote '{}' has URL scheme '{scheme}://', which dvx does not support",
                cfg.name
            ),
            Some(&format!("supported: {SCHEMES}")),
        )),
    }
}

/// Opens the store holding the data at `url` (`s3://bucket/a/b.csv`, `https://host/a/b.csv`,
/// ...), with a remote's options (`endpointurl`, credentials, ...), at its top (the bucket,
/// container or host); returns it with the key of the data below that top.
pub fn open_url(
    url: &str,
    options: BTreeMap<String, String>,
) -> Result<(Box<dyn Remote>, String), RemoteError> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(RemoteError::remote(format!("'{url}' is not a URL"), None));
    };
    if !matches!(
        scheme,
        "s3" | "gs" | "azure" | "webdav" | "webdavs" | "http" | "https" | "ssh"
    ) {
        return Err(not_a_source(&format!("{scheme}:// URLs")));
    }
    let (top, key) = rest.split_once('/').unwrap_or((rest, ""));
    let cfg = RemoteConfig {
        name: url.to_string(),
        // an SSH path is absolute: the store's top is the server's root
        url: match scheme {
            "ssh" => format!("ssh://{top}/"),
            _ => format!("{scheme}://{top}"),
        },
        options,
        base_dir: PathBuf::new(),
    };
    Ok((open(&cfg)?, key.trim_matches('/').to_string()))
}

fn absolute(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// The default number of parallel transfers to a directory, as DVC: four per CPU.
pub fn default_jobs() -> usize {
    4 * std::thread::available_parallelism().map_or(1, |n| n.get())
}
