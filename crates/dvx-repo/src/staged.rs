//! Workspace copies made ahead of their checkout. A `pull` of a large file writes the
//! workspace's copy from the same read as the cache's while the download is verified; the
//! checkout that follows renames it into place instead of copying the object again (one
//! MD5 with two copies beside it, rather than an MD5 and a copy, then another copy).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;

use dvx_formats::Oid;
use dvx_odb::HashKind;

use crate::repo::Repo;
use crate::stage::{Origin, TrackedStage};

/// File outputs smaller than this are copied from the cache as before: the copy costs about
/// what keeping a second download would.
const STAGE_FROM: u64 = 1 << 20;

/// Copies of objects waiting in a scratch directory under `.dvc/tmp` to be renamed into the
/// workspace; what is left of them is removed when this is dropped (or, after a crash, by the
/// next command that makes a scratch directory there).
#[derive(Debug, Default)]
pub struct Staged {
    dir: Option<PathBuf>,
    /// The objects a download should also write a copy of.
    wanted: HashSet<Oid>,
    /// The copies made, verified with their download.
    made: Mutex<HashMap<Oid, PathBuf>>,
}

impl Staged {
    /// For a pull of `stages`: the large file outputs of the workspace's pointer files and
    /// `dvc.lock` entries that are missing from both the workspace and the cache, when a
    /// checkout here places them as plain copies (`cache.type` starts with copy, or with
    /// reflink where reflinks do not work). Nothing when any of that cannot be told.
    pub fn for_pull(repo: &Repo, stages: &[TrackedStage]) -> Staged {
        let odb = match repo.odb() {
            Ok(odb) => odb,
            Err(_) => return Staged::default(),
        };
        let mut wanted = HashSet::new();
        for st in stages {
            if matches!(st.origin, Origin::Revision | Origin::RunCache) {
                continue;
            }
            for (i, out) in st.pointer.outs.iter().enumerate() {
                let Some(oid) = out.oid.filter(|o| !o.is_dir) else {
                    continue;
                };
                let large = out.size.is_some_and(|s| s >= STAGE_FROM);
                if large
                    && st.options(i).cache
                    && HashKind::of(out) == HashKind::Md5
                    && std::fs::symlink_metadata(st.out_path(i)).is_err()
                    && !odb.exists(&oid, HashKind::Md5)
                {
                    wanted.insert(oid);
                }
            }
        }
        if wanted.is_empty() {
            return Staged::default();
        }
        let dir = dvx_odb::odb::scratch_dir(&repo.tmp_dir().join("dvx").join("staging")).ok();
        let copies = match (&dir, repo.link_types(), odb.tmp_path()) {
            (Some(dir), Ok(types), Ok(probe)) => dvx_odb::link::makes_copies(&types, &probe, dir),
            _ => false,
        };
        odb.release_scratch();
        if !copies {
            if let Some(dir) = &dir {
                let _ = std::fs::remove_dir_all(dir);
            }
            return Staged::default();
        }
        Staged {
            dir,
            wanted,
            made: Default::default(),
        }
    }

    /// Where a download of `oid` should also write its bytes (None: not wanted).
    pub(crate) fn copy_path(&self, oid: &Oid) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        self.wanted
            .contains(oid)
            .then(|| dvx_odb::odb::tmp_name(dir))
    }

    /// Keeps `path`, a copy of `oid` verified with its download.
    pub(crate) fn made(&self, oid: Oid, path: PathBuf) {
        let old = self
            .made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(oid, path);
        if let Some(old) = old {
            let _ = std::fs::remove_file(old);
        }
    }

    /// The copy of `oid` to move into the workspace, if one was made (each is taken once).
    pub(crate) fn take(&self, oid: &Oid) -> Option<PathBuf> {
        // every file a checkout places asks: no lock for those never wanted
        if !self.wanted.contains(oid) {
            return None;
        }
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(oid)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            // only this process's scratch directory: the copies nobody took
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
