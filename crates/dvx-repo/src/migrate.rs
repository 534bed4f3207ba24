//! `cache migrate`: DVC 2.x cache objects (`<cache>/ab/cdef…`, named by md5-dos2unix) re-hashed
//! with plain md5 and linked into DVC 3's layout (`files/md5/…`), as DVC does; with
//! `--dvc-files`, pointer files with 2.x entries are rewritten in 3.x form (`hash: md5`).

use std::fs;

use dvx_formats::Oid;
use dvx_odb::{hash, list_object_keys, HashKind};

use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::stage;
use crate::transaction::Transaction;
use crate::Progress;

/// The DVC 2.x objects of the cache, as keys.
fn legacy_keys(repo: &Repo) -> Result<Vec<String>> {
    let root = repo.cache_dir();
    let mut keys =
        list_object_keys(&root).map_err(|e| Error::io("listing the cache at", &root, e))?;
    keys.retain(|k| !k.starts_with("files/"));
    keys.sort();
    Ok(keys)
}

/// How many objects a migration would re-hash (DVC's `--dry`).
pub fn count_legacy(repo: &Repo) -> Result<usize> {
    Ok(legacy_keys(repo)?.len())
}

/// Re-hashes every 2.x object and links it into the 3.x layout (a hard link to the same
/// bytes, or a copy where links are refused). Returns the number of objects migrated.
pub fn migrate_cache(tx: &Transaction, progress: &dyn Progress) -> Result<usize> {
    let repo: &Repo = tx;
    let odb = repo.odb()?;
    let keys = legacy_keys(repo)?;
    progress.begin("migrating", keys.len() as u64);
    for k in &keys {
        let src = odb.key_path(k);
        let (md5, _) = hash::hash_file(&src, HashKind::Md5)
            .map_err(|e| Error::io("reading the cache object", &src, e))?;
        let oid = if k.ends_with(".dir") {
            Oid::dir(md5)
        } else {
            Oid::file(md5)
        };
        let dest = odb.path(&oid);
        if !dest.exists() {
            let tmp = odb
                .tmp_path()
                .map_err(|e| Error::io("creating a temporary file in", odb.root(), e))?;
            if fs::hard_link(&src, &tmp).is_err() {
                fs::copy(&src, &tmp).map_err(|e| Error::io("copying the cache object", &src, e))?;
            }
            odb.settle_tmp(&tmp, &dest)
                .map_err(|e| Error::io("moving into place the cache object", &dest, e))?;
        }
        progress.advance(1);
    }
    progress.end();
    Ok(keys.len())
}

/// The pointer files (repository-relative) with 2.x entries.
pub fn legacy_pointer_files(repo: &Repo) -> Result<Vec<String>> {
    let mut files: Vec<String> = stage::load_all(repo)?
        .into_iter()
        .filter(|st| {
            st.pointer
                .outs
                .iter()
                .any(|o| o.oid.is_some() && o.is_legacy())
        })
        .map(|st| st.rel)
        .collect();
    files.sort();
    Ok(files)
}
