//! `.dir` manifests: the list of a tracked directory's files, as DVC stores it in the cache.
//!
//! The object's bytes are Python's `json.dumps(entries, sort_keys=True)`: entries sorted by
//! relpath in code-point order, `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`.

use crate::oid::Oid;

mod stream;
use stream::Elements;
pub use stream::ManifestReader;

/// One file of a tracked directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    /// Relative to the directory, `/`-separated, validated to stay inside it.
    pub relpath: String,
    pub oid: Oid,
}

/// A directory's files, sorted by relpath (UTF-8 byte order, which is code-point order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub entries: Vec<DirEntry>,
}

/// A manifest that cannot be used; manifests may come from other machines, so nothing is trusted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ManifestError {
    #[error("not a JSON list of {{\"md5\", \"relpath\"}} entries: {0}")]
    Json(String),
    #[error("entry {index}: {reason}")]
    BadEntry { index: usize, reason: String },
    #[error("relpath '{0}' cannot be used: {1}")]
    UnsafeRelpath(String, crate::relpath::Unsafe),
    #[error("relpath '{0}' appears twice, or is both a file and a directory")]
    Conflict(String),
    #[error("relpath '{1}' comes after '{0}': the entries are not sorted as DVC writes them")]
    NotSorted(String, String),
}

impl Manifest {
    /// Sorts entries as DVC does; call after collecting them in walk order.
    pub fn from_unsorted(mut entries: Vec<DirEntry>) -> Self {
        entries.sort_unstable_by(|a, b| a.relpath.cmp(&b.relpath));
        Manifest { entries }
    }

    /// Writes the exact bytes DVC stores for this manifest, entry by entry.
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(b"[")?;
        let mut buf = Vec::with_capacity(256);
        for (i, e) in self.entries.iter().enumerate() {
            buf.clear();
            if i > 0 {
                buf.extend_from_slice(b", ");
            }
            write_entry(e, &mut buf);
            w.write_all(&buf)?;
        }
        w.write_all(b"]")
    }

    /// The exact bytes DVC stores for this manifest.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 72 + 2);
        self.write_json(&mut out)
            .expect("writing to a Vec cannot fail");
        out
    }

    /// Parses and validates a manifest: every relpath must stay inside the directory.
    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        // Entries are decoded straight into DirEntry values: a million-entry manifest is never
        // held as a generic JSON tree.
        let entries = serde_json::from_slice::<Entries>(bytes)
            .map_err(|e| ManifestError::Json(e.to_string()))?
            .0;
        Self::checked(entries)
    }

    /// Parses and validates a manifest as it is read, a block at a time: its bytes are never
    /// all in memory (each element of the list is decoded on its own).
    pub fn parse_reader(r: impl std::io::Read) -> Result<Self, ManifestError> {
        Self::parse_blocks(r, 1 << 20)
    }

    fn parse_blocks(r: impl std::io::Read, block: usize) -> Result<Self, ManifestError> {
        let mut entries = Vec::new();
        let mut elements = Elements::new(r, block);
        while let Some(bytes) = elements.next_element() {
            entries.push(decode_entry(bytes?, entries.len())?);
        }
        Self::checked(entries)
    }

    /// Validates decoded entries: every relpath inside the directory, none twice, no file
    /// that is also a directory; sorted as DVC sorts them.
    fn checked(entries: Vec<DirEntry>) -> Result<Self, ManifestError> {
        for (index, e) in entries.iter().enumerate() {
            check_entry(index, e)?;
        }
        let m = Manifest::from_unsorted(entries);
        for pair in m.entries.windows(2) {
            if pair[0].relpath == pair[1].relpath {
                return Err(ManifestError::Conflict(pair[0].relpath.clone()));
            }
        }
        // A file "a" and a file "a/b" cannot both exist: look up every parent of every entry.
        let find = |p: &str| {
            m.entries
                .binary_search_by(|e| e.relpath.as_str().cmp(p))
                .is_ok()
        };
        // The entries of one directory have the same parents: they are looked up once.
        let mut checked_dir = None;
        for e in &m.entries {
            let dir = e.relpath.rfind('/').map(|i| &e.relpath[..i]);
            if dir == checked_dir {
                continue;
            }
            checked_dir = dir;
            let mut p = e.relpath.as_str();
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                if find(p) {
                    return Err(ManifestError::Conflict(p.to_string()));
                }
            }
        }
        Ok(m)
    }

    pub fn total_size(&self, size_of: impl Fn(&DirEntry) -> u64) -> u64 {
        self.entries.iter().map(size_of).sum()
    }
}

/// The JSON list, decoded entry by entry.
struct Entries(Vec<DirEntry>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of {\"md5\", \"relpath\"} objects")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Entries, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(raw) = seq.next_element::<RawEntry>()? {
                    let oid = Oid::parse(&raw.md5).map_err(|e| {
                        serde::de::Error::custom(format!("entry {}: {e}", out.len()))
                    })?;
                    out.push(DirEntry {
                        relpath: raw.relpath.into_owned(),
                        oid,
                    });
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_seq(V)
    }
}

/// What every entry must be on its own: a file, with a relpath that stays inside the directory.
fn check_entry(index: usize, e: &DirEntry) -> Result<(), ManifestError> {
    if e.oid.is_dir {
        return Err(ManifestError::BadEntry {
            index,
            reason: "nested .dir entries are not supported".into(),
        });
    }
    crate::relpath::check_normal(&e.relpath)
        .map_err(|why| ManifestError::UnsafeRelpath(e.relpath.clone(), why))
}

/// Decodes the bytes of entry `index` of the list.
fn decode_entry(bytes: &[u8], index: usize) -> Result<DirEntry, ManifestError> {
    let bad = |e: &dyn std::fmt::Display| ManifestError::Json(format!("entry {index}: {e}"));
    let raw: RawEntry = serde_json::from_slice(bytes).map_err(|e| bad(&e))?;
    let oid = Oid::parse(&raw.md5).map_err(|e| bad(&e))?;
    Ok(DirEntry {
        relpath: raw.relpath.into_owned(),
        oid,
    })
}

#[derive(serde::Deserialize)]
struct RawEntry<'a> {
    #[serde(borrow)]
    md5: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    relpath: std::borrow::Cow<'a, str>,
}

fn write_entry(e: &DirEntry, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"md5\": \"");
    out.extend_from_slice(e.oid.hex().as_bytes());
    out.extend_from_slice(b"\", \"relpath\": ");
    crate::pyjson::string(&e.relpath, out);
    out.push(b'}');
}

/// Three-way merge of a directory's manifests, as DVC's merge driver does it: a file changed,
/// added or removed on one side only takes that side's version; the same change on both sides
/// is taken once; different changes to one file are a conflict (the paths are returned).
pub fn merge3(
    ancestor: &Manifest,
    ours: &Manifest,
    theirs: &Manifest,
) -> Result<Manifest, Vec<String>> {
    use std::collections::{BTreeMap, BTreeSet};
    let index = |m: &Manifest| -> BTreeMap<String, Oid> {
        m.entries
            .iter()
            .map(|e| (e.relpath.clone(), e.oid))
            .collect()
    };
    let (a, o, t) = (index(ancestor), index(ours), index(theirs));
    let paths: BTreeSet<&String> = a.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for p in paths {
        let (base, mine, other) = (a.get(p), o.get(p), t.get(p));
        let pick = if mine == base {
            other
        } else if other == base || other == mine {
            mine
        } else {
            conflicts.push(p.clone());
            continue;
        };
        if let Some(oid) = pick {
            merged.push(DirEntry {
                relpath: p.clone(),
                oid: *oid,
            });
        }
    }
    if conflicts.is_empty() {
        Ok(Manifest::from_unsorted(merged))
    } else {
        Err(conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge3_takes_each_sides_changes_and_names_conflicts() {
        let (x, y, z) = (
            "b1946ac92492d2347c6235b4d2611184",
            "0123456789abcdef0123456789abcdef",
            "fedcba9876543210fedcba9876543210",
        );
        let m =
            |v: &[(&str, &str)]| Manifest::from_unsorted(v.iter().map(|(p, h)| e(p, h)).collect());
        let base = m(&[("a", x), ("b", x), ("c", x)]);
        let ours = m(&[("a", y), ("b", x), ("n1", x)]); // a changed, c removed, n1 added
        let theirs = m(&[("a", x), ("b", z), ("c", x), ("n2", y)]); // b changed, n2 added
        assert_eq!(
            merge3(&base, &ours, &theirs).unwrap(),
            m(&[("a", y), ("b", z), ("n1", x), ("n2", y)])
        );
        // the same change on both sides is no conflict; different ones are
        assert_eq!(merge3(&base, &ours, &ours).unwrap(), ours);
        let other = m(&[("a", z), ("b", x), ("c", x)]);
        assert_eq!(merge3(&base, &ours, &other), Err(vec!["a".to_string()]));
        // added on both sides with different content
        let empty = Manifest::default();
        assert_eq!(
            merge3(&empty, &m(&[("n", x)]), &m(&[("n", y)])),
            Err(vec!["n".to_string()])
        );
    }

    fn e(p: &str, md5: &str) -> DirEntry {
        DirEntry {
            relpath: p.into(),
            oid: Oid::parse(md5).unwrap(),
        }
    }

    #[test]
    fn matches_dvc_bytes_and_order() {
        let m = Manifest::from_unsorted(vec![
            e("sub/2.txt", "d41d8cd98f00b204e9800998ecf8427e"),
            e("1.txt", "5bbf5a52328e7439ae6e719dfe712200"),
        ]);
        assert_eq!(
            String::from_utf8(m.to_json()).unwrap(),
            r#"[{"md5": "5bbf5a52328e7439ae6e719dfe712200", "relpath": "1.txt"}, {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "sub/2.txt"}]"#
        );
        let names: Vec<_> = Manifest::from_unsorted(
            ["a/b", "a.b", "Z", "a-b"]
                .iter()
                .map(|p| e(p, "d41d8cd98f00b204e9800998ecf8427e"))
                .collect(),
        )
        .entries
        .into_iter()
        .map(|x| x.relpath)
        .collect();
        assert_eq!(names, ["Z", "a-b", "a.b", "a/b"]);
        assert_eq!(Manifest::default().to_json(), b"[]");
    }

    #[test]
    fn refuses_unsafe_manifests() {
        for bad in [
            "../x",
            "/abs",
            "a/../../b",
            "a//b",
            "",
            "./a",
            ".git/hooks/x",
            "s/.Dvc/c",
        ] {
            let json =
                format!(r#"[{{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "{bad}"}}]"#);
            assert!(
                matches!(
                    Manifest::parse(json.as_bytes()),
                    Err(ManifestError::UnsafeRelpath(..))
                ),
                "{bad}"
            );
            assert_eq!(
                Manifest::parse_reader(json.as_bytes()),
                Manifest::parse(json.as_bytes())
            );
        }
        let dup = r#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}, {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a/b"}]"#;
        assert!(matches!(
            Manifest::parse(dup.as_bytes()),
            Err(ManifestError::Conflict(_))
        ));
        assert!(Manifest::parse(b"{}").is_err());
    }

    #[test]
    fn parsing_as_read_equals_parsing_the_bytes() {
        let m = Manifest::from_unsorted(vec![
            e("sub/2.txt", "d41d8cd98f00b204e9800998ecf8427e"),
            e("1.txt", "5bbf5a52328e7439ae6e719dfe712200"),
        ]);
        let json = m.to_json();
        assert_eq!(Manifest::parse_reader(&json[..]), Ok(m.clone()));
        assert_eq!(Manifest::parse(&json), Ok(m));
        // what either refuses, the other refuses the same way
        for bad in [
            &b"[] x"[..],
            b"[",
            b"",
            b"{}",
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e"}]"#,
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}, {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}]"#,
        ] {
            let streamed = Manifest::parse_reader(bad);
            assert!(streamed.is_err(), "{}", String::from_utf8_lossy(bad));
            assert_eq!(
                std::mem::discriminant(&streamed.unwrap_err()),
                std::mem::discriminant(&Manifest::parse(bad).unwrap_err())
            );
        }
        // every block size cuts somewhere else: strings holding the characters that end
        // elements, escapes, nesting the element parser refuses
        let tricky = [
            &br#" [ {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a],{\"b\\"} , {"relpath": "c\u00e9[", "md5": "5bbf5a52328e7439ae6e719dfe712200", "x": [1, {"y": "]"}]} ]  "#[..],
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"},]"#,
            br#"[,]"#,
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}"#,
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}}]"#,
            br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"} {"md5": "x"}]"#,
            b" [ ] ",
            b"[1]",
        ];
        for bytes in tricky {
            let whole = Manifest::parse(bytes);
            for block in [1, 2, 3, 7, 64, 1 << 20] {
                let streamed = Manifest::parse_blocks(bytes, block);
                assert_eq!(
                    streamed.is_ok(),
                    whole.is_ok(),
                    "{} in blocks of {block}: {streamed:?} / {whole:?}",
                    String::from_utf8_lossy(bytes)
                );
                if let Ok(m) = streamed {
                    assert_eq!(Some(&m), whole.as_ref().ok());
                }
            }
        }
        assert_eq!(
            Manifest::parse(tricky[0]).unwrap().entries[0].relpath,
            "a],{\"b\\"
        );
        // trailing white space is fine, as in the bytes
        assert!(Manifest::parse_reader(&b"[]\n"[..]).is_ok() && Manifest::parse(b"[]\n").is_ok());
    }
}
