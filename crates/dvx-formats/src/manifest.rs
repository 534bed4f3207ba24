//! `.dir` manifests: the list of a tracked directory's files, as DVC stores it in the cache.
//!
//! The object's bytes are Python's `json.dumps(entries, sort_keys=True)`: entries sorted by
//! relpath in code-point order, `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`.

use crate::oid::Oid;

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
    #[error("relpath '{0}' is absolute, empty or leaves the directory ('..'); refusing to use it")]
    UnsafeRelpath(String),
    #[error("relpath '{0}' appears twice, or is both a file and a directory")]
    Conflict(String),
}

impl Manifest {
    /// Sorts entries as DVC does; call after collecting them in walk order.
    pub fn from_unsorted(mut entries: Vec<DirEntry>) -> Self {
        entries.sort_unstable_by(|a, b| a.relpath.cmp(&b.relpath));
        Manifest { entries }
    }

    /// The exact bytes DVC stores for this manifest.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.entries.len() * 72 + 2);
        out.push(b'[');
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(b"{\"md5\": \"");
            out.extend_from_slice(e.oid.hex().as_bytes());
            out.extend_from_slice(b"\", \"relpath\": ");
            python_json_string(&e.relpath, &mut out);
            out.push(b'}');
        }
        out.push(b']');
        out
    }

    /// Parses and validates a manifest: every relpath must stay inside the directory.
    pub fn parse(bytes: &[u8]) -> Result<Self, ManifestError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ManifestError::Json(e.to_string()))?;
        let serde_json::Value::Array(items) = value else {
            return Err(ManifestError::Json("the top level is not a list".into()));
        };
        let mut entries = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let bad = |reason: &str| ManifestError::BadEntry {
                index,
                reason: reason.to_string(),
            };
            let serde_json::Value::Object(map) = item else {
                return Err(bad("not an object"));
            };
            let relpath = map
                .get("relpath")
                .and_then(|v| v.as_str())
                .ok_or_else(|| bad("missing relpath"))?;
            let md5 = map
                .get("md5")
                .and_then(|v| v.as_str())
                .ok_or_else(|| bad("missing md5"))?;
            let oid = Oid::parse(md5).map_err(|e| bad(&e.to_string()))?;
            if oid.is_dir {
                return Err(bad("nested .dir entries are not supported"));
            }
            if !relpath_is_safe(relpath) {
                return Err(ManifestError::UnsafeRelpath(relpath.to_string()));
            }
            entries.push(DirEntry {
                relpath: relpath.to_string(),
                oid,
            });
        }
        let m = Manifest::from_unsorted(entries);
        for pair in m.entries.windows(2) {
            let (a, b) = (&pair[0].relpath, &pair[1].relpath);
            if a == b || (b.starts_with(a.as_str()) && b.as_bytes().get(a.len()) == Some(&b'/')) {
                return Err(ManifestError::Conflict(a.clone()));
            }
        }
        // A file "a" and "a/b" need not be adjacent ("a", "a-x", "a/b"): check every prefix.
        let files: std::collections::HashSet<&str> =
            m.entries.iter().map(|e| e.relpath.as_str()).collect();
        for e in &m.entries {
            let mut p = e.relpath.as_str();
            while let Some(i) = p.rfind('/') {
                p = &p[..i];
                if files.contains(p) {
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

/// Whether a manifest relpath names a file inside the directory.
pub fn relpath_is_safe(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\0')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Appends `s` as Python's `json.dumps` (ensure_ascii) writes a string.
pub fn python_json_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            c if !(0x20..=0x7e).contains(&(c as u32)) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
                }
            }
            c => out.push(c as u8),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn escapes_like_python() {
        let mut out = Vec::new();
        python_json_string("é \"q\" \\ / \u{1F600}\t\u{1}\u{7f}", &mut out);
        let want = "\"\\u00e9 \\\"q\\\" \\\\ / \\ud83d\\ude00\\t\\u0001\\u007f\"";
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }

    #[test]
    fn refuses_unsafe_manifests() {
        for bad in ["../x", "/abs", "a/../../b", "a//b", "", "./a"] {
            let json =
                format!(r#"[{{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "{bad}"}}]"#);
            assert!(
                matches!(
                    Manifest::parse(json.as_bytes()),
                    Err(ManifestError::UnsafeRelpath(_))
                ),
                "{bad}"
            );
        }
        let dup = r#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a"}, {"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "a/b"}]"#;
        assert!(matches!(
            Manifest::parse(dup.as_bytes()),
            Err(ManifestError::Conflict(_))
        ));
        assert!(Manifest::parse(b"{}").is_err());
    }
}
