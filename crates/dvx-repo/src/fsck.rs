//! `fsck`: the cache checked. Every object is hashed again (on all cores) and compared with its
//! name, every `.dir` manifest is read, and every object the pointer files and `dvc.lock` files
//! in scope need (the workspace's, or with `-a/-T/-A` those of other commits too) must be
//! there. The report names each problem and what needs the object; `repair` moves corrupt
//! objects to a quarantine under `.dvc/tmp/` (nothing is deleted) and fetches good copies.

use std::collections::{BTreeMap, HashSet};

use dvx_formats::{Manifest, Oid};
use dvx_odb::odb::{list_object_keys, object_key};
use dvx_odb::{hash, HashKind};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::repo::Repo;
use crate::scm::Scope;

/// What is wrong with an object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// Its content does not hash to its name.
    Corrupt { object: String, hashes_to: String },
    /// A `.dir` object that is not a manifest DVC can read.
    BadManifest { object: String, why: String },
    /// Needed and not in the cache.
    Missing { object: String },
    /// Needed and not on the remote checked (`-r`).
    NotOnRemote { object: String },
    /// Needed, and the remote's copy does not hash to its name (`--verify-remote`).
    CorruptOnRemote { object: String, hashes_to: String },
}

/// A remote to check besides the cache (`-r NAME [-j N] [--verify-remote]`).
#[derive(Debug, Clone, Copy)]
pub struct RemoteCheck<'a> {
    pub name: &'a str,
    pub jobs: Option<usize>,
    /// Download what is needed and hash it.
    pub verify: bool,
}

impl Problem {
    pub fn object(&self) -> &str {
        match self {
            Problem::Corrupt { object, .. }
            | Problem::BadManifest { object, .. }
            | Problem::Missing { object }
            | Problem::NotOnRemote { object }
            | Problem::CorruptOnRemote { object, .. } => object,
        }
    }
}

#[derive(Debug, Default)]
pub struct FsckReport {
    /// Objects hashed.
    pub checked: usize,
    /// Each problem, with what needs the object ("path (pointer file)"), sorted.
    pub problems: Vec<(Problem, Vec<String>)>,
    /// With a remote checked: needed objects not in the cache but on the remote (`fetch`
    /// brings them; not a problem).
    pub only_on_remote: usize,
}

/// Checks the cache; `scope` chooses which commits' references must be present besides the
/// workspace's. With `remote`, what is needed must be on that remote too (and what is only
/// there is no problem).
pub fn fsck(
    repo: &Repo,
    scope: &Scope,
    remote: Option<RemoteCheck>,
    progress: &dyn crate::Progress,
) -> Result<FsckReport> {
    let odb = repo.odb()?;
    let root = odb.root().to_path_buf();
    let keys = list_object_keys(&root).map_err(|e| Error::io("listing", &root, e))?;
    progress.begin("checking", keys.len() as u64);
    let checked: Vec<Option<Problem>> = keys
        .par_iter()
        .map(|key| {
            let p = check_object(&root, key);
            progress.advance(1);
            p
        })
        .collect();
    progress.end();
    let mut problems: BTreeMap<Problem, Vec<String>> = BTreeMap::new();
    for p in checked.into_iter().flatten() {
        problems.entry(p).or_default();
    }
    let present: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let refs = references(repo, scope)?;
    let on_remote: Option<HashSet<String>> = match remote {
        None => None,
        Some(check) => {
            let cfg = crate::remotes::resolve(&repo.config, Some(check.name))?;
            let opened = crate::transfer::Opened::open(&cfg, check.jobs)?;
            let mut wanted: Vec<String> = refs.iter().map(|(k, _)| k.clone()).collect();
            wanted.sort();
            wanted.dedup();
            let there = opened.exists(&wanted)?;
            let on: HashSet<String> = wanted
                .into_iter()
                .zip(there)
                .filter_map(|(k, t)| t.then_some(k))
                .collect();
            if check.verify {
                for p in verify_remote(repo, &opened, &on, progress)? {
                    problems.entry(p).or_default();
                }
            }
            Some(on)
        }
    };
    let mut only_on_remote: HashSet<String> = HashSet::new();
    for (key, needed_by) in refs {
        if let Some(on) = &on_remote {
            if !on.contains(&key) {
                problems
                    .entry(Problem::NotOnRemote {
                        object: key.clone(),
                    })
                    .or_default()
                    .push(needed_by.clone());
            } else if !present.contains(key.as_str()) {
                only_on_remote.insert(key);
                continue;
            }
        }
        let bad = problems.keys().find(|p| p.object() == key).cloned();
        match bad {
            Some(p) => problems.entry(p).or_default().push(needed_by),
            None if !present.contains(key.as_str()) => problems
                .entry(Problem::Missing { object: key })
                .or_default()
                .push(needed_by),
            None => {}
        }
    }
    Ok(FsckReport {
        only_on_remote: only_on_remote.len(),
        checked: keys.len(),
        problems: problems
            .into_iter()
            .map(|(p, mut by)| {
                by.sort();
                by.dedup();
                (p, by)
            })
            .collect(),
    })
}

/// The remote's copies of `keys` downloaded (into a scratch directory, then deleted) and
/// hashed: those that do not hash to their names. Objects of DVC 2.x's layout are hashed as
/// DVC 2.x hashed them.
fn verify_remote(
    repo: &Repo,
    opened: &crate::transfer::Opened,
    keys: &HashSet<String>,
    progress: &dyn crate::Progress,
) -> Result<Vec<Problem>> {
    let scratch_parent = repo.tmp_dir().join("dvx");
    std::fs::create_dir_all(&scratch_parent)
        .map_err(|e| Error::io("creating", &scratch_parent, e))?;
    let scratch = tempfile::tempdir_in(&scratch_parent)
        .map_err(|e| Error::io("creating a directory in", &scratch_parent, e))?;
    let mut keys: Vec<&String> = keys.iter().collect();
    keys.sort();
    let items: Vec<dvx_remote::Download> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| dvx_remote::Download {
            key: (*k).clone(),
            to: scratch.path().join(i.to_string()),
            version: None,
            also: None,
        })
        .collect();
    progress.begin_transfer("verifying", items.len() as u64, 0);
    let got = opened.remote.download(&items, opened.jobs, progress);
    progress.end();
    let mut bad = Vec::new();
    for (item, r) in items.iter().zip(got) {
        let d = r.map_err(|e| crate::transfer::remote_error(&opened.name, &opened.url, e))?;
        let Some((oid, kind)) = dvx_odb::key_object(&item.key) else {
            continue;
        };
        let digest = match kind {
            HashKind::Dos2Unix => {
                hash::hash_file(&item.to, kind)
                    .map_err(|e| Error::io("reading", &item.to, e))?
                    .0
            }
            HashKind::Md5 => d.md5,
        };
        if digest != oid.digest {
            bad.push(Problem::CorruptOnRemote {
                object: item.key.clone(),
                hashes_to: Oid::file(digest).hex(),
            });
        }
        let _ = std::fs::remove_file(&item.to);
    }
    Ok(bad)
}

/// An object hashed again (and a manifest read).
fn check_object(root: &std::path::Path, key: &str) -> Option<Problem> {
    let (oid, kind) = dvx_odb::key_object(key)?;
    let path = root.join(key);
    let (digest, _) = match dvx_odb::hash::hash_file(&path, kind) {
        Ok(d) => d,
        Err(e) => {
            return Some(Problem::Corrupt {
                object: key.to_string(),
                hashes_to: format!("nothing: it cannot be read ({e})"),
            })
        }
    };
    if digest != oid.digest {
        return Some(Problem::Corrupt {
            object: key.to_string(),
            hashes_to: Oid::file(digest).hex(),
        });
    }
    if oid.is_dir {
        let bytes = std::fs::read(&path).ok()?;
        if let Err(e) = Manifest::parse(&bytes) {
            return Some(Problem::BadManifest {
                object: key.to_string(),
                why: e.to_string(),
            });
        }
    }
    None
}

/// Every object the stages in scope need, with what needs it.
fn references(repo: &Repo, scope: &Scope) -> Result<Vec<(String, String)>> {
    let odb = repo.odb()?;
    // those of other commits are named `file@rev`
    let stages = crate::history::stages_in_scope(repo, scope, None, None)?;
    let mut out = Vec::new();
    for st in &stages {
        for (i, o) in st.pointer.outs.iter().enumerate() {
            let Some(oid) = o.oid else { continue };
            let kind = HashKind::of(o);
            let path = repo.rel(&st.out_path(i));
            let from = &st.rel;
            out.push((object_key(&oid, kind), format!("{path} ({from})")));
            if oid.is_dir {
                // the files of a manifest that can be read
                if let Ok(Some(m)) = crate::digest::load_manifest(&odb, &oid, kind) {
                    for e in &m.entries {
                        out.push((
                            object_key(&e.oid, kind),
                            format!("{path}/{} ({from})", e.relpath),
                        ));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// What `repair` did.
#[derive(Debug, Default)]
pub struct Repaired {
    /// Corrupt objects moved aside, and where to.
    pub quarantined: Vec<(String, std::path::PathBuf)>,
    /// Objects fetched from the remote.
    pub fetched: usize,
    /// The cache checked again afterwards.
    pub after: FsckReport,
}

/// Moves the corrupt objects of `report` to `.dvc/tmp/dvx-quarantine/` and fetches good copies
/// of them and of the missing ones from the remote (`remote`, else the default one), then
/// checks again (that remote too, when `check_remote`).
pub fn repair(
    repo: &Repo,
    scope: &Scope,
    report: &FsckReport,
    (remote, jobs, check_remote): (Option<&str>, Option<usize>, bool),
    progress: &dyn crate::Progress,
) -> Result<Repaired> {
    let odb = repo.odb()?;
    let mut done = Repaired::default();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let quarantine = repo
        .dvc_dir
        .join("tmp/dvx-quarantine")
        .join(stamp.to_string());
    let mut wanted = Vec::new();
    for (p, by) in &report.problems {
        let key = p.object();
        if matches!(p, Problem::NotOnRemote { .. }) {
            continue;
        }
        if !matches!(p, Problem::Missing { .. }) {
            let from = odb.root().join(key);
            let to = quarantine.join(key);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io("creating", parent, e))?;
            }
            move_file(&from, &to)?;
            done.quarantined.push((key.to_string(), to));
        }
        if let Some((oid, kind)) = dvx_odb::key_object(key) {
            wanted.push(crate::transfer::UsedOut {
                name: by.first().cloned().unwrap_or_else(|| key.to_string()),
                oid,
                kind,
                part: None,
                source: None,
            });
        }
    }
    if !wanted.is_empty() {
        let cfg = crate::remotes::resolve(&repo.config, remote)?;
        let opened = crate::transfer::Opened::open(&cfg, jobs)?;
        let mut transfer = crate::transfer::TransferReport::default();
        let state = repo.state();
        let fetched = crate::transfer::fetch_from(
            &odb,
            &opened,
            &wanted,
            Some(&state),
            None,
            progress,
            &mut transfer,
        );
        state.save(&[]);
        fetched?;
        done.fetched = transfer.transferred;
    }
    let checked = remote.filter(|_| check_remote).map(|name| RemoteCheck {
        name,
        jobs,
        verify: false,
    });
    done.after = fsck(repo, scope, checked, progress)?;
    Ok(done)
}

/// A rename, or a copy and removal across file systems (a cache elsewhere than `.dvc/`).
fn move_file(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map_err(|e| Error::io("copying to the quarantine", from, e))?;
    std::fs::remove_file(from).map_err(|e| Error::io("removing", from, e))
}
