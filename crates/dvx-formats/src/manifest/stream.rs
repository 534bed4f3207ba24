//! Reading a manifest as it comes, an entry at a time: a million-entry `.dir` is never whole in
//! memory, and two of them can be merged as they are read.

use std::io::Read;

use super::{check_entry, decode_entry, DirEntry, ManifestError};

/// The elements of a JSON list read from `r`, `block` bytes at a time, each as its bytes (white
/// space around): a scan that follows strings and nesting finds where the elements end; what
/// is inside one is the element parser's to check.
pub(super) struct Elements<R> {
    r: R,
    block: usize,
    buf: Vec<u8>,
    /// Where the element under way starts, and where the scan is, in `buf`.
    start: usize,
    i: usize,
    opened: bool,
    closed: bool,
    depth: u64,
    in_str: bool,
    esc: bool,
    count: usize,
    /// The reader has nothing more (or failed): the next call ends the list.
    ended: bool,
}

impl<R: Read> Elements<R> {
    pub(super) fn new(r: R, block: usize) -> Self {
        Elements {
            r,
            block,
            buf: Vec::new(),
            start: 0,
            i: 0,
            opened: false,
            closed: false,
            depth: 0,
            in_str: false,
            esc: false,
            count: 0,
            ended: false,
        }
    }

    /// The next element's bytes; None after the list's last one (the list was whole).
    pub(super) fn next_element(&mut self) -> Option<Result<&[u8], ManifestError>> {
        match self.scan() {
            Ok(Some((from, to))) => Some(Ok(&self.buf[from..to])),
            Ok(None) => None,
            Err(e) => {
                self.ended = true;
                Some(Err(e))
            }
        }
    }

    /// Scans to the end of the next element, reading as needed: its range in `buf`.
    fn scan(&mut self) -> Result<Option<(usize, usize)>, ManifestError> {
        let syntax = |what: &str| ManifestError::Json(what.to_string());
        let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        loop {
            while self.i < self.buf.len() {
                let (b, i) = (self.buf[self.i], self.i);
                self.i += 1;
                if !self.opened {
                    match b {
                        b'[' => (self.opened, self.start) = (true, i + 1),
                        _ if is_space(&b) => {}
                        _ => return Err(syntax("it does not begin with '['")),
                    }
                } else if self.closed {
                    if !is_space(&b) {
                        return Err(syntax("characters after the list"));
                    }
                } else if self.in_str {
                    match b {
                        _ if self.esc => self.esc = false,
                        b'\\' => self.esc = true,
                        b'"' => self.in_str = false,
                        _ => {}
                    }
                } else {
                    match b {
                        b'"' => self.in_str = true,
                        b'{' | b'[' => self.depth += 1,
                        b'}' | b']' if self.depth > 0 => self.depth -= 1,
                        b',' | b']' if self.depth == 0 => {
                            let from = self.start;
                            self.start = i + 1;
                            let blank = self.buf[from..i].iter().all(is_space);
                            if b == b']' && blank && self.count == 0 {
                                self.closed = true; // []
                            } else if blank {
                                return Err(syntax("an empty element"));
                            } else {
                                self.count += 1;
                                self.closed = b == b']';
                                return Ok(Some((from, i)));
                            }
                        }
                        b'}' => return Err(syntax("a '}' closes nothing")),
                        _ => {}
                    }
                }
            }
            if self.ended {
                return Ok(None);
            }
            // keep only the element under way, then read more
            self.buf.drain(..self.start);
            (self.i, self.start) = (self.i - self.start, 0);
            let had = self.buf.len();
            self.buf.resize(had + self.block, 0);
            let n = loop {
                match self.r.read(&mut self.buf[had..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(ManifestError::Json(format!("reading: {e}"))),
                }
            };
            self.buf.truncate(had + n);
            if n == 0 {
                self.ended = true;
                return match (self.opened, self.closed) {
                    (_, true) => Ok(None),
                    (false, _) if self.buf.iter().all(is_space) => Err(syntax("it is empty")),
                    _ => Err(syntax("it ends before the list does")),
                };
            }
        }
    }
}

/// A manifest's entries as they are read, each checked on its own (a file, a relpath inside the
/// directory) and in order: each relpath must come after the one before it, as DVC writes them
/// (so none appears twice). Unlike [`super::Manifest::parse`], it neither sorts (an unsorted
/// manifest is an error, [`ManifestError::NotSorted`], for the caller to read whole instead)
/// nor looks for a file that is also a directory: it is for reading, not for writing files.
pub struct ManifestReader<R> {
    elements: Elements<R>,
    last: Option<String>,
    index: usize,
    failed: bool,
}

impl<R: Read> ManifestReader<R> {
    pub fn new(r: R) -> Self {
        ManifestReader {
            elements: Elements::new(r, 1 << 16),
            last: None,
            index: 0,
            failed: false,
        }
    }

    /// The reader, to finish with (read to its end once the entries have ended).
    pub fn into_inner(self) -> R {
        self.elements.r
    }

    fn entry(&mut self) -> Option<Result<DirEntry, ManifestError>> {
        let bytes = match self.elements.next_element()? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let index = self.index;
        self.index += 1;
        let e = match decode_entry(bytes, index).and_then(|e| check_entry(index, &e).map(|_| e)) {
            Ok(e) => e,
            Err(err) => return Some(Err(err)),
        };
        if let Some(last) = &self.last {
            if e.relpath.as_str() <= last.as_str() {
                return Some(Err(ManifestError::NotSorted(last.clone(), e.relpath)));
            }
        }
        self.last = Some(e.relpath.clone());
        Some(Ok(e))
    }
}

impl<R: Read> Iterator for ManifestReader<R> {
    type Item = Result<DirEntry, ManifestError>;

    /// After an error, the iterator ends.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.entry();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Manifest;

    fn read(bytes: &[u8]) -> Result<Vec<DirEntry>, ManifestError> {
        ManifestReader::new(bytes).collect()
    }

    #[test]
    fn reads_what_parse_reads_from_a_sorted_manifest() {
        let m = Manifest::from_unsorted(
            ["b/c", "a-b", "a/b", "a.txt", "é", "z", "a0"]
                .iter()
                .map(|p| DirEntry {
                    relpath: p.to_string(),
                    oid: crate::Oid::parse("d41d8cd98f00b204e9800998ecf8427e").unwrap(),
                })
                .collect(),
        );
        assert_eq!(read(&m.to_json()).unwrap(), m.entries);
        assert_eq!(read(b" [ ] ").unwrap(), vec![]);
    }

    #[test]
    fn refuses_disorder_repeats_and_unsafe_entries_and_stops_there() {
        let md5 = "d41d8cd98f00b204e9800998ecf8427e";
        let list = |paths: &[&str]| {
            let items: Vec<String> = paths
                .iter()
                .map(|p| format!(r#"{{"md5": "{md5}", "relpath": "{p}"}}"#))
                .collect();
            format!("[{}]", items.join(", ")).into_bytes()
        };
        assert!(matches!(
            read(&list(&["b", "a"])),
            Err(ManifestError::NotSorted(a, b)) if a == "b" && b == "a"
        ));
        assert!(matches!(
            read(&list(&["a", "a"])),
            Err(ManifestError::NotSorted(..))
        ));
        assert!(matches!(
            read(&list(&["a", "../x"])),
            Err(ManifestError::UnsafeRelpath(..))
        ));
        assert!(read(&list(&["a", "b"])[..20]).is_err());
        let mut r = ManifestReader::new(&b"[1, 2]"[..]);
        assert!(matches!(r.next(), Some(Err(_))));
        assert!(r.next().is_none(), "an error ends the entries");
    }
}
