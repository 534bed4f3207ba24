//! A directory remote (a local disk, a mounted share): objects laid out as in the cache,
//! written under a temporary name and renamed into place, read-only.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use dvx_odb::{hash, HashKind, Odb, Progress};
use rayon::prelude::*;

use crate::{Download, Downloaded, Remote, RemoteError, Upload};

pub struct LocalRemote {
    root: PathBuf,
    /// The remote root as an object store: same layout, temp files and modes as the cache.
    store: Odb,
}

impl LocalRemote {
    pub fn new(root: &Path) -> Self {
        LocalRemote {
            root: root.to_path_buf(),
            store: Odb::new(root),
        }
    }

    /// A pool of `jobs` threads for a batch (file copies wait on the disk, not the CPU).
    fn run<T: Send>(&self, jobs: usize, f: impl FnOnce() -> T + Send) -> T {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
        {
            Ok(pool) => pool.install(f),
            Err(_) => f(),
        }
    }

    fn upload_one(&self, item: &Upload, progress: &dyn Progress) -> Result<(), RemoteError> {
        let dest = self.store.key_path(&item.key);
        if dest.is_file() {
            return Ok(());
        }
        let err = |what: &str, e: io::Error| RemoteError::object(&item.key, format!("{what}: {e}"));
        let (tmp, mut out) = self.store.create_tmp().map_err(|e| {
            RemoteError::remote(
                format!("cannot write to '{}': {e}", self.root.display()),
                Some("check that the remote directory exists and is writable"),
            )
        })?;
        let copied = fs::File::open(&item.from).and_then(|mut src| io::copy(&mut src, &mut out));
        drop(out);
        match copied {
            Ok(n) => progress.transferred(n),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(err(&format!("copying '{}'", item.from.display()), e));
            }
        }
        self.store
            .settle_tmp(&tmp, &dest)
            .map_err(|e| err("moving into place", e))
    }

    fn download_one(
        &self,
        item: &Download,
        progress: &dyn Progress,
    ) -> Result<Downloaded, RemoteError> {
        let src = self.store.key_path(&item.key);
        if !src.is_file() {
            return Err(RemoteError::NotFound {
                key: item.key.clone(),
            });
        }
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&item.to)
            .map_err(|e| {
                RemoteError::object(&item.key, format!("creating '{}': {e}", item.to.display()))
            })?;
        // the second copy, when one is asked for and can be made (else the caller copies)
        let mut also = item.also.as_ref().and_then(|p| {
            let f = OpenOptions::new().write(true).create_new(true).open(p);
            f.ok().map(|f| (f, p))
        });
        let copied = match also.as_mut() {
            None => hash::hash_and_copy_stable(&src, &mut out, &item.to, HashKind::Md5)
                .map(|d| (d, false)),
            Some((f, _)) => {
                hash::hash_and_copy_stable_also(&src, &mut out, &item.to, f, HashKind::Md5)
            }
        };
        let also_kept = copied.as_ref().is_ok_and(|(_, kept)| *kept);
        if let (Some((f, p)), false) = (also, also_kept) {
            drop(f);
            let _ = fs::remove_file(p);
        }
        match copied {
            Ok(((md5, size), _)) => {
                progress.transferred(size);
                Ok(Downloaded { md5, size })
            }
            Err(e) => {
                drop(out);
                let _ = fs::remove_file(&item.to);
                Err(RemoteError::object(&item.key, format!("reading: {e}")))
            }
        }
    }
}

impl Drop for LocalRemote {
    fn drop(&mut self) {
        self.store.release_scratch();
    }
}

impl Remote for LocalRemote {
    fn list_all(&self) -> Result<Vec<String>, RemoteError> {
        dvx_odb::list_object_keys(&self.root).map_err(|e| {
            RemoteError::remote(
                format!("cannot list '{}': {e}", self.root.display()),
                Some("check that the remote directory exists and is readable"),
            )
        })
    }

    fn list_under(&self, prefix: &str) -> Result<Vec<String>, RemoteError> {
        let mut keys = Vec::new();
        let mut stack = vec![prefix.trim_end_matches('/').to_string()];
        while let Some(dir) = stack.pop() {
            let rd = match fs::read_dir(self.root.join(&dir)) {
                Ok(rd) => rd,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(RemoteError::remote(
                        format!("cannot list '{}': {e}", self.root.join(&dir).display()),
                        Some("check that the remote directory is readable"),
                    ))
                }
            };
            for e in rd.flatten() {
                let name = format!("{dir}/{}", e.file_name().to_string_lossy());
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(name),
                    Ok(t) if t.is_file() && !name.contains("/.") => keys.push(name),
                    _ => {}
                }
            }
        }
        Ok(keys)
    }

    fn delete(&self, keys: &[String], jobs: usize) -> Vec<Result<(), RemoteError>> {
        self.run(jobs, || {
            keys.par_iter()
                .map(|k| match fs::remove_file(self.store.key_path(k)) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                    Err(e) => Err(RemoteError::object(k, format!("removing: {e}"))),
                })
                .collect()
        })
    }

    fn trash(&self, keys: &[String], trash: &str) -> Option<Vec<Result<bool, RemoteError>>> {
        Some(
            keys.iter()
                .map(|k| {
                    dvx_odb::trash::put(&self.root, k, trash)
                        .map_err(|e| RemoteError::object(k, format!("moving to the trash: {e}")))
                })
                .collect(),
        )
    }

    fn take_back(&self, keys: &[String], trash: &str) -> Option<Vec<Result<bool, RemoteError>>> {
        Some(
            keys.iter()
                .map(|k| {
                    dvx_odb::trash::take_back(&self.root, k, trash).map_err(|e| {
                        RemoteError::object(k, format!("bringing back from the trash: {e}"))
                    })
                })
                .collect(),
        )
    }

    fn empty_trash(
        &self,
        older_than: Option<std::time::Duration>,
    ) -> Option<Result<(u64, u64), RemoteError>> {
        Some(dvx_odb::trash::empty(&self.root, older_than).map_err(|e| {
            RemoteError::remote(
                format!("cannot empty the trash of '{}': {e}", self.root.display()),
                None,
            )
        }))
    }

    fn asks_key_by_key(&self) -> bool {
        true
    }

    fn exists(&self, keys: &[String]) -> Result<Vec<bool>, RemoteError> {
        // A stat per object: cheaper on a local disk than listing the shard directories.
        Ok(keys
            .par_iter()
            .map(|k| self.store.key_path(k).is_file())
            .collect())
    }

    fn upload(
        &self,
        items: &[Upload],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<(), RemoteError>> {
        self.run(jobs, || {
            items
                .par_iter()
                .map(|it| {
                    let r = self.upload_one(it, progress);
                    progress.advance(1);
                    r
                })
                .collect()
        })
    }

    fn download(
        &self,
        items: &[Download],
        jobs: usize,
        progress: &dyn Progress,
    ) -> Vec<Result<Downloaded, RemoteError>> {
        self.run(jobs, || {
            items
                .par_iter()
                .map(|it| {
                    let r = self.download_one(it, progress);
                    progress.advance(1);
                    r
                })
                .collect()
        })
    }
}
