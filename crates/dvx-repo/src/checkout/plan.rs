//! What a checkout of a directory does, from its target manifest and what the workspace holds
//! (compared with it while it was walked), before the disk is touched.

use dvx_formats::{DirEntry, Manifest};

use crate::digest::{Compared, Have};
use crate::parts::in_part;

/// The files a checkout of a directory places, removes and replaces.
#[derive(Debug)]
pub(super) struct Plan<'a> {
    /// Target entries to place.
    pub todo: Vec<&'a DirEntry>,
    /// Workspace files the target does not list: removed.
    pub stale: Vec<&'a str>,
    /// Workspace files that are replaced or removed (their content is lost unless cached).
    pub replaced: Vec<&'a DirEntry>,
    /// Of `todo`: files that are new, and files that replace another content.
    pub added: usize,
    pub modified: usize,
}

/// The plan to make the directory hold `target` (with `part`, only the files under those
/// paths; with `relink`, every file placed again).
pub(super) fn plan<'a>(
    target: &'a Manifest,
    have: &'a Have,
    part: Option<&[String]>,
    relink: bool,
) -> Plan<'a> {
    let wanted = |relpath: &str| part.is_none_or(|p| in_part(relpath, p));
    let (cmp, differing): (Option<&Compared>, &[DirEntry]) = match have {
        Have::Dir(c) => (Some(c), &c.differing),
        _ => (None, &[]),
    };
    let mut p = Plan {
        todo: Vec::new(),
        stale: Vec::new(),
        replaced: Vec::new(),
        added: 0,
        modified: 0,
    };
    for (i, e) in target.entries.iter().enumerate() {
        if !wanted(&e.relpath) {
            continue;
        }
        let held = cmp.is_some_and(|c| c.holds(i));
        if held && !relink {
            continue;
        }
        p.todo.push(e);
        if !held {
            match cmp.and_then(|c| c.differing(&e.relpath)) {
                Some(_) => p.modified += 1,
                None => p.added += 1,
            }
        }
    }
    for e in differing.iter().filter(|e| wanted(&e.relpath)) {
        p.replaced.push(e);
        let listed = target
            .entries
            .binary_search_by(|x| x.relpath.as_str().cmp(&e.relpath))
            .is_ok();
        if !listed {
            p.stale.push(&e.relpath);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvx_formats::Oid;

    /// The plan as it was computed from two whole manifests (the workspace's and the
    /// target's), before the workspace was compared while it was walked: the reference.
    fn reference(
        have: &Manifest,
        target: &Manifest,
        part: Option<&[String]>,
        relink: bool,
    ) -> (Vec<String>, Vec<String>, Vec<String>, usize, usize) {
        let only = |m: &Manifest| -> Vec<DirEntry> {
            m.entries
                .iter()
                .filter(|e| part.is_none_or(|p| in_part(&e.relpath, p)))
                .cloned()
                .collect()
        };
        let (have, target) = (only(have), only(target));
        let get = |m: &[DirEntry], r: &str| m.iter().find(|e| e.relpath == r).map(|e| e.oid);
        let todo: Vec<&DirEntry> = target
            .iter()
            .filter(|e| relink || get(&have, &e.relpath) != Some(e.oid))
            .collect();
        let stale = have
            .iter()
            .filter(|e| get(&target, &e.relpath).is_none())
            .map(|e| e.relpath.clone())
            .collect();
        let replaced = have
            .iter()
            .filter(|e| get(&target, &e.relpath) != Some(e.oid))
            .map(|e| e.relpath.clone())
            .collect();
        let (mut added, mut modified) = (0, 0);
        for e in &todo {
            match get(&have, &e.relpath) {
                None => added += 1,
                Some(o) if o != e.oid => modified += 1,
                Some(_) => {}
            }
        }
        let todo = todo.iter().map(|e| e.relpath.clone()).collect();
        (todo, stale, replaced, added, modified)
    }

    /// A small deterministic generator (xorshift): the cases are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    /// A random sorted manifest over a small namespace (so the two sides overlap), with files
    /// at depth 1 and 2, and hashes from a few values (so some agree).
    fn manifest(rng: &mut Rng) -> Manifest {
        let mut entries = Vec::new();
        for a in ["a", "b", "c", "d"] {
            for b in ["", "/x", "/y"] {
                if rng.below(3) == 0 {
                    continue;
                }
                let relpath = format!("{a}{b}");
                entries.push(DirEntry {
                    relpath,
                    oid: Oid::file([rng.below(3) as u8; 16]),
                });
            }
        }
        // no file that is also a directory
        let dirs: Vec<String> = entries
            .iter()
            .filter_map(|e| e.relpath.split_once('/').map(|(d, _)| d.to_string()))
            .collect();
        entries.retain(|e| !dirs.contains(&e.relpath));
        entries.sort_by(|x, y| x.relpath.cmp(&y.relpath));
        Manifest { entries }
    }

    #[test]
    fn streamed_plan_equals_the_plan_of_two_whole_manifests() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let parts: [Option<Vec<String>>; 3] = [
            None,
            Some(vec!["a".into()]),
            Some(vec!["b/x".into(), "c".into()]),
        ];
        let mut nonempty = 0;
        for _ in 0..3000 {
            let (have, target) = (manifest(&mut rng), manifest(&mut rng));
            let part = parts[rng.below(3) as usize].as_deref();
            let relink = rng.below(4) == 0;
            let compared = Have::Dir(Compared::of(&have, &target));
            let p = plan(&target, &compared, part, relink);
            let got = (
                p.todo.iter().map(|e| e.relpath.clone()).collect::<Vec<_>>(),
                p.stale.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                p.replaced
                    .iter()
                    .map(|e| e.relpath.clone())
                    .collect::<Vec<_>>(),
                p.added,
                p.modified,
            );
            let want = reference(&have, &target, part, relink);
            assert_eq!(got, want, "have {have:?}\ntarget {target:?}\npart {part:?}");
            nonempty += usize::from(!want.0.is_empty() && !want.1.is_empty());
            // the directory holds the target exactly when the two manifests are equal
            let Have::Dir(c) = &compared else {
                unreachable!()
            };
            assert_eq!(c.holds_all(target.entries.len()), have == target);
            assert!(Compared::of(&target, &target).holds_all(target.entries.len()));
        }
        assert!(
            nonempty > 100,
            "the cases place and remove files: {nonempty}"
        );
    }

    #[test]
    fn a_missing_directory_or_a_file_gets_every_target_file() {
        let target = Manifest {
            entries: vec![DirEntry {
                relpath: "a".into(),
                oid: Oid::file([1; 16]),
            }],
        };
        for have in [Have::Missing, Have::File(Oid::file([2; 16]))] {
            let p = plan(&target, &have, None, false);
            assert_eq!((p.todo.len(), p.added, p.modified), (1, 1, 0));
            assert!(p.stale.is_empty() && p.replaced.is_empty());
        }
    }
}
