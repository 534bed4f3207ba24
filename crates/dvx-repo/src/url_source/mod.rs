//! Data named by a URL outside any repository, as `import-url`, `get-url` and `update` read
//! it: a local path, or a file or directory on a store of the remote layer (`s3://`, `gs://`,
//! `azure://`, `webdav(s)://`, `http(s)://`), with DVC's `fs_config` options (endpoint,
//! credentials, ...) or a configured remote's (`remote://NAME/path`). For a store, the
//! dependency entry records what DVC records to notice a change (`dvx_formats::cloud`), and the
//! data is downloaded, verified by its md5, into the cache or a directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dvx_formats::import::{recorded_fs_config, truthy};
use dvx_formats::yaml::Value;
use dvx_formats::{DirEntry, Manifest, Oid};
use dvx_odb::{HashKind, Odb, Progress};
use dvx_remote::{Download, FileInfo, Remote};

use crate::digest::Current;
use crate::error::{Error, Result};
use crate::repo::Repo;

mod versioned;
pub use versioned::{fetch_versioned, versioned_import_status};

/// Where a URL's data is.
pub enum Location {
    Local(PathBuf),
    Store(StoreData),
}

/// Data on a store: the store opened at its top, and the data's key below it.
pub struct StoreData {
    /// The URL with `remote://NAME` resolved, for messages.
    pub url: String,
    scheme: String,
    store: Box<dyn Remote>,
    key: String,
    /// `version_aware` (`import-url --version-aware`): files are recorded and read by their
    /// version ids.
    version_aware: bool,
}

/// What a store holds at a URL.
pub enum Found {
    File(FileInfo),
    /// Its files, keyed by their path below the directory, sorted.
    Dir(Vec<(String, FileInfo)>),
}

/// Opens the data `url` names. Relative paths are from `cwd`; `remote://NAME/path` is `path`
/// on the remote `NAME` of the repository's config (with its options); `fs_config` are
/// options for the URL's store, by the names a remote's options have, in the order given.
pub fn open(
    repo: Option<&Repo>,
    cwd: &Path,
    url: &str,
    fs_config: &[(String, String)],
) -> Result<Location> {
    let (url, mut options, base) = match url.strip_prefix("remote://") {
        Some(rest) => {
            let (name, path) = rest.split_once('/').unwrap_or((rest, ""));
            let Some(repo) = repo else {
                return Err(Error::user(format!(
                    "'{url}' names a remote, and there is no repository here to define it"
                )));
            };
            let cfg = crate::remotes::resolve(&repo.config, Some(name))?;
            let joined = match path {
                "" => cfg.url.clone(),
                p => format!("{}/{p}", cfg.url.trim_end_matches('/')),
            };
            (joined, cfg.options, cfg.base_dir)
        }
        None => (url.to_string(), BTreeMap::new(), cwd.to_path_buf()),
    };
    options.extend(fs_config.iter().map(|(k, v)| (k.clone(), v.clone())));
    let Some((scheme, _)) = url.split_once("://") else {
        return Ok(Location::Local(crate::pipeline::normalize(
            &crate::fsutil::absolutize(&base, Path::new(&url)),
        )));
    };
    if scheme == "file" {
        return Ok(Location::Local(PathBuf::from(&url[7..])));
    }
    let scheme = scheme.to_string();
    let version_aware = options.get("version_aware").is_some_and(|v| truthy(v));
    if version_aware && scheme == "azure" {
        return Err(Error::user(format!(
            "cannot read {url} with version_aware: dvx does not read Azure blob versions yet"
        ))
        .with_hint("import it without --version-aware (its etag tells when it changes)"));
    }
    let (store, key) = dvx_remote::open_url(&url, options).map_err(|e| remote_error(&url, e))?;
    Ok(Location::Store(StoreData {
        url,
        scheme,
        store,
        key,
        version_aware,
    }))
}

/// A URL import's source, opened with the options its dependency records; with the path
/// and the dependency as recorded.
fn open_recorded(
    repo: &Repo,
    st: &crate::stage::TrackedStage,
) -> Result<(Location, String, Value)> {
    let Some((path, dep)) = st.pointer.url_dep() else {
        return Err(Error::user(format!("'{}' is not a URL import", st.rel)));
    };
    let dir = st.file.parent().unwrap_or(&repo.root);
    let location = open(Some(repo), dir, &path, &recorded_fs_config(&dep))?;
    Ok((location, path, dep))
}

/// The data of a URL import's source as it is now, taken into `odb` (for `pull` of an import
/// whose pointer file records none).
pub fn fetch_url_import(
    repo: &Repo,
    st: &crate::stage::TrackedStage,
    odb: &Odb,
    jobs: Option<usize>,
    progress: &dyn Progress,
) -> Result<Current> {
    let (location, path, _) = open_recorded(repo, st)?;
    location
        .to_cache(repo, odb, jobs, progress)?
        .ok_or_else(|| {
            Error::user(format!(
                "the source of '{}', '{path}', does not exist",
                st.rel
            ))
        })
}

impl Location {
    /// The data as it is now, taken into `odb` (hashed where it is, or downloaded and
    /// verified); `None` when there is none.
    pub fn to_cache(
        &self,
        repo: &Repo,
        odb: &Odb,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<Option<Current>> {
        match self {
            Location::Local(path) => hash_local(repo, path, Some(odb), progress),
            Location::Store(data) => match data.find()? {
                Some(found) => Ok(Some(data.download_to_cache(&found, odb, jobs, progress)?)),
                None => Ok(None),
            },
        }
    }

    /// The data as it is now, uploaded to the remote `remote` (the default one when `None`)
    /// without entering the cache (a store's through a temporary directory); `None` when
    /// there is none.
    pub fn to_remote(
        &self,
        tx: &crate::Transaction,
        remote: Option<&str>,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<Option<Current>> {
        let repo: &Repo = tx;
        let upload = |path: &Path| -> Result<Option<Current>> {
            let Some(current) = hash_local(repo, path, None, progress)? else {
                return Ok(None);
            };
            crate::transfer::upload_data(tx, remote, jobs, path, &current, progress)?;
            Ok(Some(current))
        };
        match self {
            Location::Local(path) => upload(path),
            Location::Store(data) => {
                let Some(found) = data.find()? else {
                    return Ok(None);
                };
                let tmp = repo.tmp_dir();
                std::fs::create_dir_all(&tmp).map_err(|e| Error::io("creating", &tmp, e))?;
                let dir = tempfile::Builder::new()
                    .prefix("to-remote-")
                    .tempdir_in(&tmp)
                    .map_err(|e| Error::io("creating a temporary directory in", &tmp, e))?;
                let dest = dir.path().join("data");
                data.download_to(&found, &dest, jobs, progress)?;
                upload(&dest)
            }
        }
    }
}

/// A local file or directory hashed (and taken into `store`); `None` when it is not there.
fn hash_local(
    repo: &Repo,
    path: &Path,
    store: Option<&Odb>,
    progress: &dyn Progress,
) -> Result<Option<Current>> {
    let state = repo.state();
    let hasher = crate::digest::Hasher {
        state: &state.reader,
        kind: HashKind::Md5,
        store,
        progress,
        save_early: None,
    };
    let (current, records) = hasher.output(path)?;
    state.save(&records);
    Ok((!matches!(current, Current::Missing)).then_some(current))
}

/// The `fs_config:` entry of a dependency, when there are options.
pub fn fs_config_entry(fs_config: &[(String, String)]) -> Option<(String, Value)> {
    if fs_config.is_empty() {
        return None;
    }
    let opts = fs_config
        .iter()
        .map(|(k, v)| match k.as_str() {
            // DVC records `--version-aware` as a boolean option
            "version_aware" => (k.clone(), Value::Bool(truthy(v))),
            _ => (k.clone(), Value::Str(v.clone())),
        })
        .collect();
    Some(("fs_config".into(), Value::Map(opts)))
}

fn remote_error(url: &str, e: dvx_remote::RemoteError) -> Error {
    let redacted = dvx_formats::url::redact(url);
    match e {
        dvx_remote::RemoteError::Remote { message, hint } => {
            let err = Error::user(format!("{redacted}: {message}"));
            match hint {
                Some(h) => err.with_hint(h),
                None => err,
            }
        }
        other => Error::user(format!("{redacted}: {other}")),
    }
}

impl StoreData {
    /// The data's path as DVC shows it in listings: the URL without its scheme (but a web
    /// server's URL whole).
    pub fn fs_path(&self) -> String {
        match self.url.split_once("://") {
            Some((_, rest)) if !self.scheme.starts_with("http") => {
                rest.trim_end_matches('/').to_string()
            }
            _ => self.url.clone(),
        }
    }

    /// What is at the URL: a file, a directory (on stores that list), or nothing.
    pub fn find(&self) -> Result<Option<Found>> {
        let err = |e| remote_error(&self.url, e);
        if !self.key.is_empty() {
            if let Some(info) = self.store.file_info(&self.key).map_err(err)? {
                self.check_versioned(&info)?;
                return Ok(Some(Found::File(info)));
            }
        }
        if self.scheme.starts_with("http") {
            return Ok(None);
        }
        let prefix = format!("{}/", self.key);
        let mut files = Vec::new();
        for f in self.store.list_files(&self.key).map_err(err)? {
            let rel = f
                .key
                .strip_prefix(prefix.trim_start_matches('/'))
                .unwrap_or(&f.key)
                .to_string();
            if let Err(why) = dvx_formats::relpath::check_normal(&rel) {
                return Err(Error::user(format!(
                    "'{}' on {} cannot be imported: {why}",
                    f.key, self.url
                )));
            }
            files.push((rel, f));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        if self.version_aware {
            // listings carry no versions: each file's comes from its own metadata
            for (_, f) in files.iter_mut().filter(|(_, f)| f.version.is_none()) {
                if let Some(info) = self.store.file_info(&f.key).map_err(err)? {
                    f.version = info.version;
                }
                self.check_versioned(f)?;
            }
        }
        Ok((!files.is_empty()).then_some(Found::Dir(files)))
    }

    /// The dependency entry DVC writes for this data (`path` as the user gave it, options
    /// as given with `--fs-config`), and the data in `odb` when it was downloaded: always for
    /// SSH, where DVC records the md5 of the bytes, else when `download`.
    #[allow(clippy::too_many_arguments)]
    pub fn look(
        &self,
        found: &Found,
        path: &str,
        fs_config: &[(String, String)],
        odb: &Odb,
        download: bool,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<(Value, Option<Current>)> {
        if self.scheme == "ssh" {
            let current = self.download_to_cache(found, odb, jobs, progress)?;
            let mut dep = dvx_formats::Output::new(path.to_string());
            current.record_in(&mut dep);
            let mut value = dep.to_value();
            if let Value::Map(m) = &mut value {
                m.extend(fs_config_entry(fs_config));
            }
            return Ok((value, Some(current)));
        }
        let dep = self.dep_entry(found, path, fs_config, odb)?;
        let current = match download {
            true => Some(self.download_to_cache(found, odb, jobs, progress)?),
            false => None,
        };
        Ok((dep, current))
    }

    /// [`Self::look`]'s entry where the store gives a checksum; a directory's list of etags
    /// goes into `odb`, as DVC keeps it.
    pub(crate) fn dep_entry(
        &self,
        found: &Found,
        path: &str,
        fs_config: &[(String, String)],
        odb: &Odb,
    ) -> Result<Value> {
        let mut m: Vec<(String, Value)> = Vec::new();
        match found {
            Found::File(f) => {
                let (name, value) = self.checksum(f)?;
                m.push((name.into(), Value::Str(value)));
                if let Some(size) = f.size {
                    m.push(("size".into(), Value::Int(size as i64)));
                }
                if let Some(v) = &f.version {
                    m.push(("version_id".into(), Value::Str(v.clone())));
                }
            }
            Found::Dir(files) if self.version_aware => {
                // DVC lists each file with its version instead of one checksum
                m.push(("hash".into(), Value::Str("md5".into())));
                m.push(("path".into(), Value::Str(path.to_string())));
                m.extend(fs_config_entry(fs_config));
                let mut list = Vec::with_capacity(files.len());
                for (rel, f) in files {
                    let (name, value) = self.checksum(f)?;
                    let mut e = vec![
                        ("relpath".to_string(), Value::Str(rel.clone())),
                        (name.to_string(), Value::Str(value)),
                    ];
                    if let Some(size) = f.size {
                        e.push(("size".into(), Value::Int(size as i64)));
                    }
                    if let Some(v) = &f.version {
                        e.push(("version_id".into(), Value::Str(v.clone())));
                    }
                    list.push(Value::Map(e));
                }
                m.push(("files".into(), Value::Seq(list)));
                return Ok(Value::Map(m));
            }
            Found::Dir(files) => {
                let mut etags = Vec::with_capacity(files.len());
                for (rel, f) in files {
                    etags.push((rel.clone(), self.checksum(f)?.1));
                }
                let bytes = dvx_formats::cloud::etag_manifest(etags);
                let oid = odb
                    .add_generated(HashKind::Md5, true, |w| w.write_all(&bytes))
                    .map_err(|e| Error::io("writing a directory's list to", odb.root(), e))?;
                let size: u64 = files.iter().filter_map(|(_, f)| f.size).sum();
                m.push(("md5".into(), Value::Str(oid.to_string())));
                m.push(("size".into(), Value::Int(size as i64)));
                m.push(("nfiles".into(), Value::Int(files.len() as i64)));
            }
        }
        m.push(("hash".into(), Value::Str("md5".into())));
        m.push(("path".into(), Value::Str(path.to_string())));
        m.extend(fs_config_entry(fs_config));
        Ok(Value::Map(m))
    }

    fn checksum(&self, f: &FileInfo) -> Result<(&'static str, String)> {
        if let Some(c) =
            dvx_formats::cloud::checksum(&self.scheme, f.etag.as_deref(), f.content_md5.as_deref())
        {
            return Ok(c);
        }
        if self.scheme.starts_with("http") {
            return Ok((
                "checksum",
                dvx_formats::cloud::http_fallback_checksum(
                    &self.url,
                    f.size,
                    f.content_type.as_deref(),
                    f.last_modified.as_deref(),
                ),
            ));
        }
        Err(Error::user(format!(
            "{} gives no etag for '{}': dvx cannot tell later whether it changed",
            self.url, f.key
        )))
    }

    /// Downloads the data into `odb` (each file verified by the md5 of what arrived) and
    /// stores a directory's manifest; returns what it is there.
    pub fn download_to_cache(
        &self,
        found: &Found,
        odb: &Odb,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<Current> {
        let files: Vec<(&str, &FileInfo)> = match found {
            Found::File(f) => vec![("", f)],
            Found::Dir(files) => files.iter().map(|(r, f)| (r.as_str(), f)).collect(),
        };
        let mut items = Vec::with_capacity(files.len());
        for (_, f) in &files {
            let to = odb
                .tmp_path()
                .map_err(|e| Error::io("creating a temporary file in", odb.root(), e))?;
            items.push(Download {
                key: f.key.clone(),
                to,
                version: self.version(f),
                also: None,
            });
        }
        let results = self.transfer(&items, jobs, progress);
        let mut entries = Vec::with_capacity(files.len());
        let mut total = 0u64;
        let mut first_error = None;
        for ((rel, _), (item, r)) in files.iter().zip(items.iter().zip(results)) {
            match r {
                Ok(got) => {
                    let oid = Oid::file(got.md5);
                    odb.settle_tmp(&item.to, &odb.path_for(&oid, HashKind::Md5))
                        .map_err(|e| Error::io("storing in the cache", &item.to, e))?;
                    total += got.size;
                    entries.push(DirEntry {
                        relpath: rel.to_string(),
                        oid,
                    });
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(remote_error(&self.url, e));
        }
        if let Found::File(_) = found {
            let e = entries.pop().expect("one file downloaded");
            return Ok(Current::File {
                oid: e.oid,
                size: total,
                changed: false,
            });
        }
        let manifest = Manifest::from_unsorted(entries);
        let oid = odb
            .add_generated(HashKind::Md5, true, |w| manifest.write_json(w))
            .map_err(|e| Error::io("writing a directory manifest to", odb.root(), e))?;
        Ok(Current::Dir {
            oid,
            manifest,
            size: total,
            symlinks: Vec::new(),
            changed: Vec::new(),
        })
    }

    /// Downloads the data to `to` (a file, or a directory of its files), which must not
    /// exist.
    pub fn download_to(
        &self,
        found: &Found,
        to: &Path,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<()> {
        let items: Vec<Download> = match found {
            Found::File(f) => vec![Download {
                key: f.key.clone(),
                to: to.to_path_buf(),
                version: self.version(f),
                also: None,
            }],
            Found::Dir(files) => files
                .iter()
                .map(|(rel, f)| Download {
                    key: f.key.clone(),
                    to: to.join(rel),
                    version: self.version(f),
                    also: None,
                })
                .collect(),
        };
        for it in &items {
            if let Some(parent) = it.to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
            }
        }
        for r in self.transfer(&items, jobs, progress) {
            r.map_err(|e| remote_error(&self.url, e))?;
        }
        Ok(())
    }

    /// The version a download reads: the file's, when reading by versions.
    fn version(&self, f: &FileInfo) -> Option<String> {
        self.version_aware.then(|| f.version.clone()).flatten()
    }

    fn transfer(
        &self,
        items: &[Download],
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Vec<std::result::Result<dvx_remote::Downloaded, dvx_remote::RemoteError>> {
        let jobs = jobs.unwrap_or_else(|| self.store.default_jobs());
        self.store.download(items, jobs, progress)
    }
}
