//! A directory compared with a target manifest while it is walked: the files it holds as the
//! target lists them are only marked (one bit each), the others are kept. A checkout of a
//! directory of a million files thus holds one manifest, not two, and a directory that differs
//! from the target in 1% holds 1% more.

use std::sync::atomic::{AtomicU64, Ordering};

use dvx_formats::{DirEntry, Manifest, Oid};

/// What an output holds, as compared with the directory it should hold.
#[derive(Debug)]
pub enum Have {
    Missing,
    /// A file (or a symlink to one) where the directory belongs.
    File(Oid),
    Dir(Compared),
}

/// A directory compared with a target manifest.
#[derive(Debug, PartialEq, Eq)]
pub struct Compared {
    /// The files the directory holds that the target does not list as they are (listed with
    /// another hash, or not at all), sorted by relpath.
    pub differing: Vec<DirEntry>,
    /// Bit `i` is set when the directory holds the target's entry `i` as it is listed.
    same: Vec<u64>,
    /// How many bits are set.
    nsame: usize,
}

impl Compared {
    /// The comparison of a whole manifest `have` with `target` (both sorted by relpath).
    pub fn of(have: &Manifest, target: &Manifest) -> Compared {
        let marker = Marker::new(target);
        let differing = have
            .entries
            .iter()
            .filter_map(|e| marker.differs(e.clone()))
            .collect();
        marker.finish(differing)
    }

    /// Whether the directory holds target entry `i` as it is listed.
    pub fn holds(&self, i: usize) -> bool {
        self.same[i / 64] & (1 << (i % 64)) != 0
    }

    /// Whether the directory holds exactly the target (of `len` entries).
    pub fn holds_all(&self, len: usize) -> bool {
        self.differing.is_empty() && self.nsame == len
    }

    /// The hash of a differing file, by relpath.
    pub fn differing(&self, relpath: &str) -> Option<&Oid> {
        let d = &self.differing;
        d.binary_search_by(|x| x.relpath.as_str().cmp(relpath))
            .ok()
            .map(|i| &d[i].oid)
    }

    /// How many differing files lie under the directory `dir` (`dir/...`). A file under a
    /// path the target lists as a file always differs, so these are all the files there.
    pub fn count_under(&self, dir: &str) -> usize {
        let prefix = format!("{dir}/");
        let d = &self.differing;
        let start = d.partition_point(|x| x.relpath.as_str() < prefix.as_str());
        d[start..]
            .iter()
            .take_while(|x| x.relpath.starts_with(&prefix))
            .count()
    }
}

/// Marks, in a target, the entries found as listed (from any thread).
pub(crate) struct Marker<'t> {
    target: &'t [DirEntry],
    same: Vec<AtomicU64>,
}

impl<'t> Marker<'t> {
    pub(crate) fn new(target: &'t Manifest) -> Self {
        let words = target.entries.len().div_ceil(64);
        Marker {
            target: &target.entries,
            same: (0..words).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// `e` back if the target does not list it as it is; else None, and it is marked.
    pub(crate) fn differs(&self, e: DirEntry) -> Option<DirEntry> {
        let t = self.target;
        match t.binary_search_by(|x| x.relpath.as_str().cmp(&e.relpath)) {
            Ok(i) if t[i].oid == e.oid => {
                self.same[i / 64].fetch_or(1 << (i % 64), Ordering::Relaxed);
                None
            }
            _ => Some(e),
        }
    }

    /// The comparison, with the differing entries collected (sorted by relpath).
    pub(crate) fn finish(self, differing: Vec<DirEntry>) -> Compared {
        let same: Vec<u64> = self.same.into_iter().map(AtomicU64::into_inner).collect();
        let nsame = same.iter().map(|w| w.count_ones() as usize).sum();
        Compared {
            differing,
            same,
            nsame,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(relpath: &str, n: u8) -> DirEntry {
        DirEntry {
            relpath: relpath.into(),
            oid: Oid::file([n; 16]),
        }
    }

    #[test]
    fn marks_what_is_listed_and_keeps_the_rest() {
        let target = Manifest {
            entries: vec![entry("a", 1), entry("b/c", 2), entry("d", 3)],
        };
        let have = Manifest {
            entries: vec![
                entry("a", 1),
                entry("b/c", 9),
                entry("e/f", 4),
                entry("e/g", 5),
            ],
        };
        let c = Compared::of(&have, &target);
        assert_eq!(
            c.differing,
            vec![entry("b/c", 9), entry("e/f", 4), entry("e/g", 5)]
        );
        assert!(c.holds(0) && !c.holds(1) && !c.holds(2));
        assert!(!c.holds_all(3));
        assert_eq!(c.differing("b/c"), Some(&Oid::file([9; 16])));
        assert_eq!(c.differing("a"), None);
        assert_eq!(c.count_under("e"), 2);
        assert_eq!(c.count_under("b"), 1);
        assert_eq!(c.count_under("a"), 0);
        assert!(Compared::of(&target, &target).holds_all(3));
        // more than one word of bits
        let big = Manifest {
            entries: (0..130).map(|i| entry(&format!("{i:03}"), 1)).collect(),
        };
        let c = Compared::of(&big, &big);
        assert!(c.holds_all(130) && c.holds(129) && c.holds(64));
    }
}
