//! The texts of the small files every command reads (pointer files), by path and metadata: a
//! repository of thousands of `.dvc` files is read from one table, with a `stat` per file,
//! instead of opening and reading each.
//!
//! A text is trusted only when the file's device, inode, size, mtime and ctime are all what
//! they were when it was read, and both times are older than the reading by more than
//! [`RACY_MARGIN_NS`] (git's racy-clean rule, as for hashes).

use std::collections::HashSet;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};

use super::{BoxError, FileStamp, State, StateError, RACY_MARGIN_NS};

const TEXTS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("texts-v1");
/// Git blobs by id (their content never changes): pointer files at past revisions.
const BLOBS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("blobs-v1");

/// Texts longer than this are not remembered (pointer files are a few hundred bytes).
pub const MAX_TEXT: usize = 64 * 1024;

/// The metadata a remembered text is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStamp {
    pub file: FileStamp,
    pub ctime_ns: i64,
}

impl TextStamp {
    pub fn of(m: &Metadata) -> Self {
        TextStamp {
            file: FileStamp::of(m),
            ctime_ns: m.ctime() * 1_000_000_000 + m.ctime_nsec(),
        }
    }

    fn encode(&self, read_at: i64, text: &str) -> Vec<u8> {
        let mut v = Vec::with_capacity(48 + text.len());
        for n in [
            self.file.dev as i64,
            self.file.ino as i64,
            self.file.size as i64,
            self.file.mtime_ns,
            self.ctime_ns,
            read_at,
        ] {
            v.extend_from_slice(&n.to_le_bytes());
        }
        v.extend_from_slice(text.as_bytes());
        v
    }

    /// The text of a row whose stamp is this one, if the row can be trusted.
    fn text_of(&self, v: &[u8]) -> Option<String> {
        let n = |i: usize| {
            Some(i64::from_le_bytes(
                v.get(i * 8..i * 8 + 8)?.try_into().ok()?,
            ))
        };
        let same = n(0)? == self.file.dev as i64
            && n(1)? == self.file.ino as i64
            && n(2)? == self.file.size as i64
            && n(3)? == self.file.mtime_ns
            && n(4)? == self.ctime_ns;
        let read_at = n(5)?;
        let settled = self
            .file
            .mtime_ns
            .max(self.ctime_ns)
            .saturating_add(RACY_MARGIN_NS)
            < read_at;
        match same && settled {
            true => String::from_utf8(v.get(48..)?.to_vec()).ok(),
            false => None,
        }
    }
}

/// A text read from its file, to be remembered with [`State::record_texts`].
#[derive(Debug, Clone)]
pub struct Text {
    /// The file's name, as the caller keys it (relative to the repository).
    pub key: Vec<u8>,
    pub stamp: TextStamp,
    pub text: String,
    /// When the file was read (taken before it was opened).
    pub read_at: i64,
}

impl Text {
    /// Whether the text would ever be trusted: small, and its file's times older than the
    /// reading by the margin.
    pub fn worth_keeping(&self) -> bool {
        self.text.len() <= MAX_TEXT
            && self
                .stamp
                .file
                .mtime_ns
                .max(self.stamp.ctime_ns)
                .saturating_add(RACY_MARGIN_NS)
                < self.read_at
    }
}

/// A read view of the remembered texts.
pub struct Texts {
    table: Option<redb::ReadOnlyTable<&'static [u8], &'static [u8]>>,
    blobs: Option<redb::ReadOnlyTable<&'static [u8], &'static [u8]>>,
}

impl Texts {
    /// The remembered content of git blob `id`.
    pub fn blob(&self, id: &str) -> Option<Vec<u8>> {
        let guard = self.blobs.as_ref()?.get(id.as_bytes()).ok()??;
        Some(guard.value().to_vec())
    }

    /// The remembered text of `key` if its file still has `stamp`.
    pub fn get(&self, key: &[u8], stamp: &TextStamp) -> Option<String> {
        let guard = self.table.as_ref()?.get(key).ok()??;
        stamp.text_of(guard.value())
    }

    /// How many texts are remembered.
    pub fn len(&self) -> u64 {
        self.table.as_ref().and_then(|t| t.len().ok()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl State {
    /// The remembered texts, as they are now.
    pub fn texts(&self) -> Texts {
        let open = |def| {
            self.db
                .begin_read()
                .ok()
                .and_then(|tx| tx.open_table(def).ok())
        };
        Texts {
            table: open(TEXTS),
            blobs: open(BLOBS),
        }
    }

    /// Remembers git blobs (id, content; those of at most [`MAX_TEXT`] bytes), not synced to
    /// the disk. The table is emptied first when it would hold more than `max` blobs (old
    /// revisions' blobs are dropped together; the ones still read are learnt again).
    pub fn record_blobs(&self, blobs: &[(&str, &[u8])], max: u64) -> Result<(), StateError> {
        let write = || -> Result<(), BoxError> {
            let mut tx = self.db.begin_write()?;
            tx.set_durability(redb::Durability::None)?;
            {
                let mut t = tx.open_table(BLOBS)?;
                if t.len()? + blobs.len() as u64 > max {
                    t.retain(|_, _| false)?;
                }
                for (id, content) in blobs.iter().filter(|(_, c)| c.len() <= MAX_TEXT) {
                    t.insert(id.as_bytes(), *content)?;
                }
            }
            tx.commit()?;
            Ok(())
        };
        write().map_err(|e| StateError {
            path: "state".into(),
            source: e,
        })
    }

    /// Remembers `texts` (those [`Text::worth_keeping`]) in one transaction, not synced to the
    /// disk (a crash only costs reading the files again); with `only`, every other key is
    /// forgotten (files that are gone).
    pub fn record_texts(
        &self,
        texts: &[Text],
        only: Option<&HashSet<&[u8]>>,
    ) -> Result<(), StateError> {
        self.write_texts(texts, only).map_err(|e| StateError {
            path: "state".into(),
            source: e,
        })
    }

    fn write_texts(&self, texts: &[Text], only: Option<&HashSet<&[u8]>>) -> Result<(), BoxError> {
        let mut tx = self.db.begin_write()?;
        tx.set_durability(redb::Durability::None)?;
        {
            let mut t = tx.open_table(TEXTS)?;
            if let Some(only) = only {
                let mut gone: Vec<Vec<u8>> = Vec::new();
                for row in t.iter()? {
                    let key = row?.0.value().to_vec();
                    if !only.contains(&key[..]) {
                        gone.push(key);
                    }
                }
                for key in gone {
                    t.remove(&key[..])?;
                }
            }
            for x in texts.iter().filter(|x| x.worth_keeping()) {
                t.insert(&x.key[..], &x.stamp.encode(x.read_at, &x.text)[..])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::now_ns;
    use super::*;

    fn stamp(ino: u64, mtime_ns: i64) -> TextStamp {
        TextStamp {
            file: FileStamp {
                dev: 1,
                ino,
                mtime_ns,
                size: 5,
            },
            ctime_ns: mtime_ns,
        }
    }

    #[test]
    fn a_text_is_trusted_only_while_its_file_is_unchanged_and_settled() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("s.redb")).unwrap();
        let now = now_ns();
        let old = stamp(2, now - 10 * RACY_MARGIN_NS);
        let fresh = stamp(3, now);
        let text = |key: &str, stamp| Text {
            key: key.as_bytes().to_vec(),
            stamp,
            text: format!("text of {key}"),
            read_at: now,
        };
        assert!(text("a", old).worth_keeping() && !text("b", fresh).worth_keeping());
        state
            .record_texts(&[text("a", old), text("b", fresh)], None)
            .unwrap();
        let t = state.texts();
        assert_eq!(t.get(b"a", &old).as_deref(), Some("text of a"));
        assert_eq!(t.len(), 1, "a racy text is not kept");
        assert_eq!(t.get(b"b", &fresh), None);
        assert_eq!(t.get(b"c", &old), None);
        // any part of the stamp moved: read the file again
        let moved = [
            TextStamp {
                ctime_ns: old.ctime_ns + 1,
                ..old
            },
            TextStamp {
                file: FileStamp {
                    size: 6,
                    ..old.file
                },
                ..old
            },
            TextStamp {
                file: FileStamp { ino: 9, ..old.file },
                ..old
            },
            TextStamp {
                file: FileStamp { dev: 9, ..old.file },
                ..old
            },
            TextStamp {
                file: FileStamp {
                    mtime_ns: old.file.mtime_ns - 1,
                    ..old.file
                },
                ..old
            },
        ];
        for m in moved {
            assert_eq!(t.get(b"a", &m), None, "{m:?}");
        }
        // a file changed within the margin of its reading (the ctime moved into it)
        let late = TextStamp {
            ctime_ns: now - 1,
            ..old
        };
        state
            .record_texts(
                &[Text {
                    read_at: now,
                    ..text("a", late)
                }],
                None,
            )
            .unwrap();
        assert_eq!(state.texts().get(b"a", &late), None);
    }

    #[test]
    fn blobs_are_kept_by_id_up_to_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("s.redb")).unwrap();
        let big = vec![b'x'; MAX_TEXT + 1];
        state
            .record_blobs(&[("a1", b"one"), ("b2", b"two"), ("c3", &big)], 3)
            .unwrap();
        let t = state.texts();
        assert_eq!(t.blob("a1").as_deref(), Some(&b"one"[..]));
        assert_eq!(t.blob("c3"), None, "too big to keep");
        assert_eq!(t.blob("d4"), None);
        drop(t);
        // one more than the bound: the old ones go
        state
            .record_blobs(&[("d4", b"four"), ("e5", b"five")], 3)
            .unwrap();
        let t = state.texts();
        assert_eq!(t.blob("a1"), None);
        assert_eq!(t.blob("d4").as_deref(), Some(&b"four"[..]));
        assert_eq!(t.blob("e5").as_deref(), Some(&b"five"[..]));
    }

    #[test]
    fn texts_of_files_that_are_gone_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let state = State::open(&dir.path().join("s.redb")).unwrap();
        let old = stamp(2, now_ns() - 10 * RACY_MARGIN_NS);
        let text = |key: &str| Text {
            key: key.as_bytes().to_vec(),
            stamp: old,
            text: key.to_string(),
            read_at: now_ns(),
        };
        state
            .record_texts(&[text("a"), text("b"), text("c")], None)
            .unwrap();
        assert_eq!(state.texts().len(), 3);
        let only: HashSet<&[u8]> = [&b"b"[..], &b"d"[..]].into_iter().collect();
        state.record_texts(&[text("d")], Some(&only)).unwrap();
        let t = state.texts();
        assert_eq!(t.len(), 2);
        assert_eq!(t.get(b"a", &old), None);
        assert_eq!(t.get(b"b", &old).as_deref(), Some("b"));
        assert_eq!(t.get(b"d", &old).as_deref(), Some("d"));
    }
}
