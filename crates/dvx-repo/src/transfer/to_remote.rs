//! Data sent straight to a remote, bypassing the local cache (`add --to-remote`): each file
//! of the data uploaded under its object's key, then a directory's manifest (so that a
//! manifest on the remote still means its files are all there). Nothing enters the cache.

use std::path::Path;

use dvx_odb::{object_key, HashKind};
use dvx_remote::Upload;

use super::push::{run_uploads, settle_uploads};
use super::{Named, Opened, TransferReport};
use crate::digest::Current;
use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::transaction::Transaction;
use crate::Progress;

/// Uploads `data` (hashed as `current`) to the remote `remote` (the default one when
/// `None`); returns the number of objects sent (recorded in the operation log). Fails when one
/// could not be.
pub fn upload_data(
    tx: &Transaction,
    remote: Option<&str>,
    jobs: Option<usize>,
    data: &Path,
    current: &Current,
    progress: &dyn Progress,
) -> Result<usize> {
    let repo: &Repo = tx;
    let cfg = crate::remotes::resolve(&repo.config, remote)?;
    let opened = Opened::open(&cfg, jobs)?;
    let mut report = TransferReport::default();
    let kind = HashKind::Md5;
    let mut files: Vec<(Upload, Named)> = Vec::new();
    match current {
        Current::Missing => {
            return Err(Error::user(format!("'{}' does not exist", data.display())))
        }
        Current::File { oid, .. } => files.push((
            Upload {
                from: data.to_path_buf(),
                key: object_key(oid, kind),
            },
            Named {
                name: repo.rel(data),
                oid: *oid,
            },
        )),
        Current::Dir { manifest, .. } => {
            for e in &manifest.entries {
                files.push((
                    Upload {
                        from: data.join(&e.relpath),
                        key: object_key(&e.oid, kind),
                    },
                    Named {
                        name: e.relpath.clone(),
                        oid: e.oid,
                    },
                ));
            }
        }
    }
    let bytes = files
        .iter()
        .filter_map(|(u, _)| std::fs::metadata(&u.from).ok())
        .map(|m| m.len())
        .sum();
    let (uploads, named): (Vec<Upload>, Vec<Named>) = files.into_iter().unzip();
    let results = run_uploads(&opened, &uploads, bytes, progress);
    settle_uploads(tx, &opened, &uploads, &named, results, &mut report)?;
    if let (Current::Dir { oid, manifest, .. }, true) = (current, report.failed.is_empty()) {
        // the manifest goes last, from a temporary file outside the cache
        std::fs::create_dir_all(repo.tmp_dir())
            .map_err(|e| Error::io("creating", &repo.tmp_dir(), e))?;
        let tmp = tempfile::NamedTempFile::new_in(repo.tmp_dir())
            .map_err(|e| Error::io("creating a temporary file in", &repo.tmp_dir(), e))?;
        std::fs::write(tmp.path(), manifest.to_json())
            .map_err(|e| Error::io("writing", tmp.path(), e))?;
        let upload = Upload {
            from: tmp.path().to_path_buf(),
            key: object_key(oid, kind),
        };
        let obj = Named {
            name: repo.rel(data),
            oid: *oid,
        };
        let uploads = std::slice::from_ref(&upload);
        let results = run_uploads(&opened, uploads, 0, progress);
        settle_uploads(tx, &opened, uploads, &[obj], results, &mut report)?;
    }
    if let Some(f) = report.failed.first() {
        return Err(Error::user(format!(
            "failed to upload '{}' to remote '{}': {}",
            f.name, f.remote, f.error
        ))
        .with_hint("run the command again: what was uploaded is kept"));
    }
    Ok(report.transferred)
}
