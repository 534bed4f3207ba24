//! Moving a source repository's data into a cache: its outputs' objects from its cache or
//! remote, its git files as new objects, and a `.dir` manifest when a directory mixes them.

use std::collections::{BTreeMap, HashMap};
use std::fs;

use dvx_formats::{DirEntry, Manifest, Oid};
use dvx_odb::{HashKind, Odb};

use super::tree::{is_dvc_file, Leaf, Node, OutInfo, Tree};
use super::Source;
use crate::digest::load_manifest;
use crate::error::{Error, Result};
use crate::scm::read_blobs;
use crate::transfer::{cached_files, fetch_from, fetch_manifests, Opened, TransferReport, UsedOut};
use crate::Progress;

/// What a path of the source became in the cache: the output to record.
#[derive(Debug, Clone, Copy)]
pub struct Materialized {
    pub oid: Oid,
    pub size: u64,
    pub nfiles: Option<u64>,
}

impl Source {
    fn not_found(&self, path: &str) -> Error {
        Error::user(format!(
            "'{path}' does not exist in '{}' at revision {}",
            self.url,
            self.short()
        ))
        .with_hint(format!(
            "list what it holds with `dvx ls {} --rev {} -R`",
            self.url,
            self.short()
        ))
    }

    fn importable(&self, path: &str, o: &OutInfo) -> Result<Oid> {
        if o.legacy {
            return Err(Error::user(format!(
                "'{path}' in '{}' was added by DVC 2.x (md5-dos2unix hash); dvx imports DVC 3 outputs only",
                self.url
            ))
            .with_hint("in that repository, run `dvx cache migrate --dvc-files`, commit and push"));
        }
        o.oid.ok_or_else(|| {
            Error::user(format!(
                "'{path}' in '{}' at revision {} has no committed data (its pointer records no md5)",
                self.url,
                self.short()
            ))
        })
    }

    /// Fetches objects (files, or whole directories) of the source into `odb` from where the
    /// source keeps them; errors if any stays missing.
    fn fetch(
        &self,
        odb: &Odb,
        wants: Vec<(UsedOut, Option<String>)>,
        manifests_only: bool,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<()> {
        let mut groups: BTreeMap<Option<String>, Vec<UsedOut>> = BTreeMap::new();
        for (o, remote) in wants {
            groups.entry(remote).or_default().push(o);
        }
        for (remote, outs) in groups {
            let missing = |outs: &[UsedOut]| -> Vec<UsedOut> {
                outs.iter()
                    .filter(|o| !complete(odb, o, manifests_only))
                    .cloned()
                    .collect()
            };
            let mut todo = missing(&outs);
            if todo.is_empty() {
                continue;
            }
            let mut report = TransferReport::default();
            let mut last_remote = String::new();
            for cfg in self.providers(remote.as_deref())? {
                let opened = Opened::open(&cfg, jobs)?;
                last_remote = format!("'{}' ({})", opened.name, opened.url);
                report = TransferReport::default();
                if manifests_only {
                    fetch_manifests(odb, &opened, &todo, progress, &mut report)?;
                } else {
                    fetch_from(odb, &opened, &todo, None, None, progress, &mut report)?;
                }
                todo = missing(&todo);
                if todo.is_empty() {
                    break;
                }
            }
            if let Some(first) = todo.first() {
                let why = report
                    .failed
                    .first()
                    .map(|f| format!(": {}", f.error))
                    .unwrap_or_default();
                return Err(Error::user(format!(
                    "'{}' ({}) of '{}' at revision {} is not on its remote {last_remote}{why}",
                    first.name,
                    first.oid,
                    self.url,
                    self.short()
                ))
                .with_hint("push the data in the source repository (`dvx push`), or import another revision"));
            }
        }
        Ok(())
    }

    /// The manifests of the directory outputs `dirs` (read from `odb`, fetched into it first
    /// when missing).
    pub fn manifests(
        &self,
        tree: &Tree,
        dirs: &[(String, Oid)],
        odb: &Odb,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<HashMap<Oid, Manifest>> {
        let wants = dirs
            .iter()
            .map(|(p, oid)| (used(p, *oid), tree.out(p).and_then(|o| o.remote.clone())))
            .collect();
        self.fetch(odb, wants, true, jobs, progress)?;
        let mut got = HashMap::new();
        for (p, oid) in dirs {
            let m = load_manifest(odb, oid, HashKind::Md5)?.ok_or_else(|| {
                Error::user(format!(
                    "the directory manifest of '{p}' ({oid}) is missing"
                ))
            })?;
            got.insert(*oid, m);
        }
        Ok(got)
    }

    /// Puts into `odb` everything `path` holds at the commit and returns the output that
    /// records it: an output's own objects, a git file as a new object, a directory as a new
    /// `.dir` manifest over its git files and outputs (DVC's files left out).
    pub fn materialize(
        &self,
        tree: &Tree,
        path: &str,
        odb: &Odb,
        jobs: Option<usize>,
        progress: &dyn Progress,
    ) -> Result<Materialized> {
        match tree.node(path) {
            Node::Missing => Err(self.not_found(path)),
            Node::GitFile(f) => {
                let oid = self.store_git_files(odb, &[f.blob.as_str()])?[0];
                Ok(Materialized {
                    oid,
                    size: f.size,
                    nfiles: None,
                })
            }
            Node::Out(o) => {
                let oid = self.importable(path, o)?;
                self.fetch(
                    odb,
                    vec![(used(path, oid), o.remote.clone())],
                    false,
                    jobs,
                    progress,
                )?;
                described(odb, oid)
            }
            Node::InOut { out, info, rel } => {
                let dir = self.importable(out, info)?;
                let ms = self.manifests(tree, &[(out.to_string(), dir)], odb, jobs, progress)?;
                let m = &ms[&dir];
                if let Some(e) = m.entries.iter().find(|e| e.relpath == rel) {
                    let file = used(path, e.oid);
                    self.fetch(
                        odb,
                        vec![(file, info.remote.clone())],
                        false,
                        jobs,
                        progress,
                    )?;
                    return described(odb, e.oid);
                }
                let prefix = format!("{rel}/");
                let entries: Vec<DirEntry> = m
                    .entries
                    .iter()
                    .filter_map(|e| {
                        e.relpath.strip_prefix(&prefix).map(|r| DirEntry {
                            relpath: r.to_string(),
                            oid: e.oid,
                        })
                    })
                    .collect();
                if entries.is_empty() {
                    return Err(self.not_found(path));
                }
                let files = entries
                    .iter()
                    .map(|e| {
                        (
                            used(&format!("{path}/{}", e.relpath), e.oid),
                            info.remote.clone(),
                        )
                    })
                    .collect();
                self.fetch(odb, files, false, jobs, progress)?;
                store_manifest(odb, Manifest::from_unsorted(entries))
            }
            Node::Dir => {
                let mut dirs = Vec::new();
                for (p, o) in tree.outs_below(path) {
                    if o.oid.is_some() {
                        let oid = self.importable(p, o)?;
                        if oid.is_dir {
                            dirs.push((p.clone(), oid));
                        }
                    }
                }
                let ms = self.manifests(tree, &dirs, odb, jobs, progress)?;
                let leaves = tree.leaves_below(path, &ms)?;
                if leaves.is_empty() {
                    return Err(Error::user(format!(
                        "'{path}' in '{}' at revision {} holds no files",
                        self.url,
                        self.short()
                    )));
                }
                // Objects of the outputs, by the output they belong to (for its remote).
                let mut wants = Vec::new();
                for (p, o) in tree.outs_below(path) {
                    let Some(oid) = o.oid else { continue };
                    if oid.is_dir {
                        for e in &ms[&oid].entries {
                            wants.push((
                                used(&format!("{p}/{}", e.relpath), e.oid),
                                o.remote.clone(),
                            ));
                        }
                    } else {
                        wants.push((used(p, oid), o.remote.clone()));
                    }
                }
                self.fetch(odb, wants, false, jobs, progress)?;
                let blobs: Vec<&str> = leaves
                    .iter()
                    .filter_map(|(_, l)| match l {
                        Leaf::Git(f) => Some(f.blob.as_str()),
                        Leaf::Object(_) => None,
                    })
                    .collect();
                let mut stored = self.store_git_files(odb, &blobs)?.into_iter();
                let entries = leaves
                    .into_iter()
                    .filter(|(rel, _)| !is_dvc_file(rel.rsplit('/').next().unwrap_or(rel)))
                    .map(|(relpath, l)| DirEntry {
                        relpath,
                        oid: match l {
                            Leaf::Object(oid) => oid,
                            Leaf::Git(_) => stored.next().expect("one object per git file"),
                        },
                    })
                    .collect();
                store_manifest(odb, Manifest::from_unsorted(entries))
            }
        }
    }

    /// Stores git files' contents as cache objects; returns their ids in order.
    fn store_git_files(&self, odb: &Odb, blobs: &[&str]) -> Result<Vec<Oid>> {
        let contents = read_blobs(&self.git_dir, blobs.iter().copied())?;
        contents
            .into_iter()
            .map(|bytes| {
                odb.add_generated(HashKind::Md5, false, |w| w.write_all(&bytes))
                    .map_err(|e| Error::io("writing a cache object in", odb.root(), e))
            })
            .collect()
    }
}

fn used(name: &str, oid: Oid) -> UsedOut {
    UsedOut {
        name: name.to_string(),
        oid,
        kind: HashKind::Md5,
        part: None,
        source: None,
    }
}

/// Whether `odb` holds the object (for a directory, with `manifests_only` its manifest, else
/// its manifest and every file).
fn complete(odb: &Odb, o: &UsedOut, manifests_only: bool) -> bool {
    if manifests_only {
        return odb.exists(&o.oid, o.kind);
    }
    cached_files(odb, &o.oid, o.kind).is_some_and(|(have, all)| have == all)
}

fn store_manifest(odb: &Odb, m: Manifest) -> Result<Materialized> {
    let oid = odb
        .add_generated(HashKind::Md5, true, |w| m.write_json(w))
        .map_err(|e| Error::io("writing a cache object in", odb.root(), e))?;
    described(odb, oid)
}

/// The size (and for a directory the file count) of an object in `odb`.
fn described(odb: &Odb, oid: Oid) -> Result<Materialized> {
    let size_of = |o: &Oid| {
        let p = odb.path_for(o, HashKind::Md5);
        fs::metadata(&p)
            .map(|m| m.len())
            .map_err(|e| Error::io("reading cache object", &p, e))
    };
    if !oid.is_dir {
        return Ok(Materialized {
            oid,
            size: size_of(&oid)?,
            nfiles: None,
        });
    }
    let m = load_manifest(odb, &oid, HashKind::Md5)?
        .ok_or_else(|| Error::user(format!("the directory manifest {oid} is missing")))?;
    let mut size = 0;
    for e in &m.entries {
        size += size_of(&e.oid)?;
    }
    Ok(Materialized {
        oid,
        size,
        nfiles: Some(m.entries.len() as u64),
    })
}
