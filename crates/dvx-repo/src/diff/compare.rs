//! The comparison of two sides: a merge of two streams of (path, entry) sorted by path, holding
//! only what changed. DVC's rules: files under a directory whose `.dir` is not in the cache (on
//! either side) are left out, the directory being compared as a whole; a deletion and an
//! addition with the same hash are a rename; against the workspace, recorded objects missing
//! from the cache are listed as "not in cache".

use std::collections::{BTreeSet, HashMap, VecDeque};

use dvx_formats::Oid;
use dvx_odb::HashKind;
use rayon::prelude::*;

use super::side::Entry;
use super::{Changed, DiffReport, Modified, Renamed};
use crate::digest::merge_sorted;
use crate::error::Result;

/// Whether an object is in the cache: asked of the old side's objects against the workspace.
pub(super) type InCache<'a> = &'a (dyn Fn(&Oid, HashKind) -> bool + Sync);

/// How many of the old side's objects are looked up in the cache at once, from every core.
const LOOKUPS: usize = 4096;

pub(super) fn compare(
    old: impl Iterator<Item = Result<(String, Entry)>>,
    new: impl Iterator<Item = Result<(String, Entry)>>,
    unknown: &BTreeSet<String>,
    keep: &dyn Fn(&str) -> bool,
    in_cache: Option<InCache>,
) -> Result<DiffReport> {
    let mut report = DiffReport {
        against_workspace: in_cache.is_some(),
        ..Default::default()
    };
    let mut added: Vec<(String, Entry)> = Vec::new();
    let mut deleted: Vec<(String, Entry)> = Vec::new();
    let mut lookups: Vec<(String, Oid, HashKind)> = Vec::new();
    for pair in merge_sorted(old, new, |a, b| a.0.cmp(&b.0)) {
        let (o, n) = pair?;
        let k = match (&o, &n) {
            (Some((k, _)), _) | (None, Some((k, _))) => k.clone(),
            (None, None) => continue,
        };
        if !keep(&k) || under_unknown(unknown, &k) {
            continue;
        }
        let (o, n) = (o.map(|x| x.1), n.map(|x| x.1));
        // an output never committed has nothing to compare
        let uncommitted =
            |e: &Option<Entry>| e.as_ref().is_some_and(|e| e.is_dir && e.oid.is_none());
        if uncommitted(&o) || uncommitted(&n) {
            continue;
        }
        if let (Some(e), Some(_)) = (&o, in_cache) {
            if let Some(oid) = e.oid {
                lookups.push((shown(&k, e), oid, e.kind));
                if lookups.len() >= LOOKUPS {
                    not_in_cache(&mut lookups, in_cache, &mut report);
                }
            }
        }
        match (o, n) {
            (None, Some(n)) => added.push((k, n)),
            (Some(o), None) => deleted.push((k, o)),
            (Some(o), Some(n)) if o.oid != n.oid || o.is_dir != n.is_dir => {
                report.modified.push(Modified {
                    path: shown(&k, &o),
                    old: hash(&o),
                    new: hash(&n),
                })
            }
            _ => {}
        }
    }
    not_in_cache(&mut lookups, in_cache, &mut report);
    pair_renames(added, deleted, &mut report);
    report.added.sort_by(|a, b| a.path.cmp(&b.path));
    report.deleted.sort_by(|a, b| a.path.cmp(&b.path));
    report.modified.sort_by(|a, b| a.path.cmp(&b.path));
    report.renamed.sort_by(|a, b| a.old.cmp(&b.old));
    report.not_in_cache.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(report)
}

/// A deletion and an addition of the same content are a rename, paired in path order.
fn pair_renames(
    added: Vec<(String, Entry)>,
    deleted: Vec<(String, Entry)>,
    report: &mut DiffReport,
) {
    let mut by_hash: HashMap<Oid, VecDeque<usize>> = HashMap::new();
    for (i, d) in deleted.iter().enumerate() {
        if let Some(oid) = d.1.oid {
            by_hash.entry(oid).or_default().push_back(i);
        }
    }
    let mut renamed_from: BTreeSet<usize> = BTreeSet::new();
    for (k, n) in added {
        let pair = n
            .oid
            .and_then(|h| by_hash.get_mut(&h))
            .and_then(|q| q.pop_front());
        match pair {
            Some(i) => {
                renamed_from.insert(i);
                let (ok, o) = &deleted[i];
                report.renamed.push(Renamed {
                    old: shown(ok, o),
                    new: shown(&k, &n),
                    hash: hash(o),
                });
            }
            None => report.added.push(Changed {
                path: shown(&k, &n),
                hash: hash(&n),
            }),
        }
    }
    for (i, (k, o)) in deleted.iter().enumerate() {
        if !renamed_from.contains(&i) {
            report.deleted.push(Changed {
                path: shown(k, o),
                hash: hash(o),
            });
        }
    }
}

/// Looks the objects up from every core; those missing are "not in cache".
fn not_in_cache(
    lookups: &mut Vec<(String, Oid, HashKind)>,
    in_cache: Option<InCache>,
    report: &mut DiffReport,
) {
    let Some(in_cache) = in_cache else { return };
    let missing: Vec<Changed> = lookups
        .par_drain(..)
        .filter(|(_, oid, kind)| !in_cache(oid, *kind))
        .map(|(path, oid, _)| Changed {
            path,
            hash: Some(oid.to_string()),
        })
        .collect();
    report.not_in_cache.extend(missing);
}

/// Whether `path` is below a directory whose files cannot be listed.
fn under_unknown(unknown: &BTreeSet<String>, path: &str) -> bool {
    if unknown.is_empty() {
        return false;
    }
    let mut p = path;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if unknown.contains(p) {
            return true;
        }
    }
    false
}

fn hash(e: &Entry) -> Option<String> {
    e.oid.map(|o| o.to_string())
}

/// A path as DVC shows it: directories end with `/`.
fn shown(path: &str, e: &Entry) -> String {
    if e.is_dir {
        format!("{path}/")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    //! The merge against the comparison it replaced, which held both sides whole in path-keyed
    //! maps (kept here as the reference), on random sides: outputs that are files or
    //! directories, manifests whose paths sort around `/` (`a-b`, `a.b`, `a/b`, `a0`), shared
    //! hashes (renames), directories whose `.dir` is not cached, targets.

    use std::collections::BTreeMap;

    use dvx_formats::{DirEntry, Manifest};

    use super::super::side::{Resolved, Side};
    use super::*;
    use crate::digest::Entries;

    #[derive(Clone, Debug)]
    struct Out {
        path: String,
        oid: Option<Oid>,
        /// Directories: their files, or None when the `.dir` is not cached.
        files: Option<Manifest>,
    }

    /// The old comparison: every path of both sides in a map.
    fn reference(
        old: &[Out],
        new: &[Out],
        keep: &dyn Fn(&str) -> bool,
        in_cache: Option<InCache>,
    ) -> DiffReport {
        type Index = BTreeMap<String, (Entry, bool)>;
        let index = |outs: &[Out]| {
            let mut index = Index::new();
            for o in outs {
                let is_dir = o.oid.is_some_and(|o| o.is_dir);
                let entry = Entry {
                    oid: o.oid,
                    is_dir,
                    kind: HashKind::Md5,
                };
                index.insert(o.path.clone(), (entry, is_dir && o.files.is_none()));
                for e in o.files.iter().flat_map(|m| &m.entries) {
                    let f = Entry::file(e.oid, HashKind::Md5);
                    index.insert(format!("{}/{}", o.path, e.relpath), (f, false));
                }
            }
            index
        };
        let under_unknown_dir = |index: &Index, path: &str| {
            let mut p = path;
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                if let Some(e) = index.get(p) {
                    return e.0.is_dir && e.1;
                }
            }
            false
        };
        let (old, new) = (index(old), index(new));
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        let mut report = DiffReport {
            against_workspace: in_cache.is_some(),
            ..Default::default()
        };
        let mut added = Vec::new();
        let mut deleted = Vec::new();
        for k in keys {
            if !keep(k) || under_unknown_dir(&old, k) || under_unknown_dir(&new, k) {
                continue;
            }
            let (o, n) = (old.get(k).map(|e| &e.0), new.get(k).map(|e| &e.0));
            if let (Some(e), Some(in_cache)) = (o, in_cache) {
                if e.oid.is_some_and(|oid| !in_cache(&oid, e.kind)) {
                    report.not_in_cache.push(Changed {
                        path: shown(k, e),
                        hash: hash(e),
                    });
                }
            }
            match (o, n) {
                (None, Some(n)) => added.push((k.clone(), n.clone())),
                (Some(o), None) => deleted.push((k.clone(), o.clone())),
                (Some(o), Some(n)) if o.oid != n.oid || o.is_dir != n.is_dir => {
                    report.modified.push(Modified {
                        path: shown(k, o),
                        old: hash(o),
                        new: hash(n),
                    })
                }
                _ => {}
            }
        }
        pair_renames(added, deleted, &mut report);
        report.added.sort_by(|a, b| a.path.cmp(&b.path));
        report.deleted.sort_by(|a, b| a.path.cmp(&b.path));
        report.modified.sort_by(|a, b| a.path.cmp(&b.path));
        report.renamed.sort_by(|a, b| a.old.cmp(&b.old));
        report.not_in_cache.sort_by(|a, b| a.path.cmp(&b.path));
        report
    }

    fn side(outs: &[Out]) -> Side<'_> {
        let paths = outs.iter().map(|o| (o.path.clone(), true)).collect();
        Side::new(paths, true, move |i| {
            let o = &outs[i];
            Ok(Resolved {
                entry: Some(Entry {
                    oid: o.oid,
                    is_dir: o.oid.is_some_and(|o| o.is_dir),
                    kind: HashKind::Md5,
                }),
                files: o
                    .files
                    .clone()
                    .map(|m| (Entries::Loaded(m.entries.into_iter()), HashKind::Md5)),
            })
        })
    }

    fn oid(rng: &mut fastrand::Rng, is_dir: bool) -> Oid {
        let mut digest = [0u8; 16];
        digest[0] = rng.u8(0..6); // few distinct hashes: renames and equal files
        Oid { digest, is_dir }
    }

    fn path(rng: &mut fastrand::Rng, depth: usize) -> String {
        const PARTS: [&str; 7] = ["a", "b", "a-b", "a.b", "a0", "é", "a b"];
        let n = rng.usize(1..=depth);
        (0..n)
            .map(|_| PARTS[rng.usize(..PARTS.len())])
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Outputs that do not nest, as at one revision.
    fn outputs(rng: &mut fastrand::Rng) -> Vec<Out> {
        let mut outs: Vec<Out> = Vec::new();
        for _ in 0..rng.usize(0..6) {
            let p = path(rng, 2);
            let nests = |q: &str| {
                p == q || p.starts_with(&format!("{q}/")) || q.starts_with(&format!("{p}/"))
            };
            if outs.iter().any(|o| nests(&o.path)) {
                continue;
            }
            let out = match rng.u8(0..10) {
                0 => Out {
                    path: p,
                    oid: None,
                    files: None,
                },
                1..=3 => Out {
                    path: p,
                    oid: Some(oid(rng, false)),
                    files: None,
                },
                n => {
                    let entries = (0..rng.usize(0..12))
                        .map(|_| DirEntry {
                            relpath: path(rng, 3),
                            oid: oid(rng, false),
                        })
                        .collect::<Vec<_>>();
                    // a file and a directory of one name cannot both be: keep the first
                    let mut m = Manifest::from_unsorted(entries);
                    m.entries.dedup_by(|a, b| a.relpath == b.relpath);
                    let all: BTreeSet<String> =
                        m.entries.iter().map(|e| e.relpath.clone()).collect();
                    m.entries
                        .retain(|e| !all.iter().any(|q| e.relpath.starts_with(&format!("{q}/"))));
                    Out {
                        path: p,
                        oid: Some(oid(rng, true)),
                        files: (n != 9).then_some(m),
                    }
                }
            };
            outs.push(out);
        }
        outs
    }

    #[test]
    fn the_merge_reports_what_the_whole_maps_did() {
        let mut rng = fastrand::Rng::with_seed(17);
        let mut changes = 0;
        for round in 0..3000 {
            let old = outputs(&mut rng);
            // the new side: often the old one with some outputs changed, so files match
            let mut new = if rng.bool() {
                old.clone()
            } else {
                outputs(&mut rng)
            };
            for o in new.iter_mut() {
                if let Some(m) = o.files.as_mut() {
                    for e in m.entries.iter_mut() {
                        if rng.u8(0..4) == 0 {
                            e.oid = oid(&mut rng, false);
                        }
                    }
                    m.entries.retain(|_| rng.u8(0..6) != 0);
                }
            }
            let target = (round % 3 == 0).then(|| path(&mut rng, 2));
            let keep = |k: &str| {
                target
                    .as_ref()
                    .is_none_or(|t| k == t || k.starts_with(&format!("{t}/")))
            };
            let cached = |o: &Oid, _: HashKind| o.digest[0].is_multiple_of(2);
            let in_cache: Option<InCache> = (round % 2 == 0).then_some(&cached);
            let mut unknown = BTreeSet::new();
            for o in old.iter().chain(&new) {
                if o.oid.is_some_and(|o| o.is_dir) && o.files.is_none() {
                    unknown.insert(o.path.clone());
                }
            }
            let merged = compare(side(&old), side(&new), &unknown, &keep, in_cache).unwrap();
            let expected = reference(&old, &new, &keep, in_cache);
            assert_eq!(merged, expected, "round {round}:\nold {old:?}\nnew {new:?}");
            changes += usize::from(!expected.is_empty());
        }
        assert!(changes > 1000, "the rounds compare something: {changes}");
    }

    #[test]
    fn a_side_whose_paths_go_back_stops_with_an_error_saying_so() {
        let d = Out {
            path: "d".into(),
            oid: Some(oid(&mut fastrand::Rng::with_seed(1), true)),
            files: Some(Manifest::from_unsorted(vec![
                DirEntry {
                    relpath: "a".into(),
                    oid: Oid {
                        digest: [1; 16],
                        is_dir: false,
                    },
                },
                DirEntry {
                    relpath: "y".into(),
                    oid: Oid {
                        digest: [1; 16],
                        is_dir: false,
                    },
                },
            ])),
        };
        // outputs that nest (a broken revision): d's files and d/x interleave
        let x = Out {
            path: "d/x".into(),
            oid: Some(Oid {
                digest: [2; 16],
                is_dir: false,
            }),
            files: None,
        };
        let outs = [d, x];
        let err = side(&outs).collect::<Result<Vec<_>>>().unwrap_err();
        assert!(crate::digest::is_not_sorted(&err), "{err}");
    }
}
