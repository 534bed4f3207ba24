//! One side of a diff as a stream of (path, entry) in path order: its outputs, and the files of
//! its directories one directory at a time, as they are read from the cache (or hashed in the
//! workspace). Outputs of one revision do not nest, so a directory's files are a run of paths
//! that no other output of the same side falls into: a directory `d` is listed at `d/`, after
//! whatever sorts between `d` and `d/` (`d-2`, `d.csv`).

use dvx_formats::{ManifestError, Oid};
use dvx_odb::HashKind;

use crate::digest::Entries;
use crate::error::{Error, Result};

/// The paths of a side, in order (or a failure reading them).
pub(super) type Paths<'s> = Box<dyn Iterator<Item = Result<(String, Entry)>> + 's>;

/// One tracked path at one side: an output, or a file inside a tracked directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    /// None for an output never committed.
    pub oid: Option<Oid>,
    pub is_dir: bool,
    pub kind: HashKind,
}

impl Entry {
    pub fn file(oid: Oid, kind: HashKind) -> Self {
        Entry {
            oid: Some(oid),
            is_dir: false,
            kind,
        }
    }
}

/// What an output is at this side, looked at when its turn comes.
pub(super) struct Resolved {
    pub entry: Option<Entry>,
    pub files: Option<(Entries, HashKind)>,
}

enum Unit {
    Output(usize),
    Files(usize),
}

/// The paths of one side, in order. Built from the outputs' paths (and whether each may hold
/// files); `resolve(i)` says what output `i` is when its turn comes, so only the directory being
/// listed is open (and at most the few outputs sorting between a directory and its files).
pub(super) struct Side<'a> {
    units: std::vec::IntoIter<(String, Unit)>,
    resolve: Box<dyn FnMut(usize) -> Result<Resolved> + 'a>,
    waiting: Vec<(usize, Entries, HashKind)>,
    listing: Option<(String, Entries, HashKind)>,
    last: Option<String>,
    check_order: bool,
    failed: bool,
}

impl<'a> Side<'a> {
    /// `outputs`: each output's repository-relative path, and whether it may be a directory.
    /// With `check_order`, a path that does not come after the one before it (a manifest not
    /// sorted as DVC writes them, outputs that nest) ends the stream with an error that
    /// [`crate::digest::is_not_sorted`]; without, the caller sorts.
    pub fn new(
        outputs: Vec<(String, bool)>,
        check_order: bool,
        resolve: impl FnMut(usize) -> Result<Resolved> + 'a,
    ) -> Self {
        let mut units = Vec::with_capacity(outputs.len() * 2);
        for (i, (path, may_be_dir)) in outputs.into_iter().enumerate() {
            if may_be_dir {
                units.push((format!("{path}/"), Unit::Files(i)));
            }
            units.push((path, Unit::Output(i)));
        }
        units.sort_by(|a, b| a.0.cmp(&b.0));
        Side {
            units: units.into_iter(),
            resolve: Box::new(resolve),
            waiting: Vec::new(),
            listing: None,
            last: None,
            check_order,
            failed: false,
        }
    }

    fn advance(&mut self) -> Option<Result<(String, Entry)>> {
        loop {
            if let Some((prefix, files, kind)) = &mut self.listing {
                match files.next() {
                    Some(Ok(e)) => {
                        return Some(Ok((
                            format!("{prefix}{}", e.relpath),
                            Entry::file(e.oid, *kind),
                        )))
                    }
                    Some(Err(e)) => return Some(Err(e)),
                    None => self.listing = None,
                }
            }
            let (key, unit) = self.units.next()?;
            match unit {
                Unit::Output(i) => {
                    let r = match (self.resolve)(i) {
                        Ok(r) => r,
                        Err(e) => return Some(Err(e)),
                    };
                    if let Some((files, kind)) = r.files {
                        self.waiting.push((i, files, kind));
                    }
                    if let Some(e) = r.entry {
                        return Some(Ok((key, e)));
                    }
                }
                Unit::Files(i) => {
                    if let Some(at) = self.waiting.iter().position(|w| w.0 == i) {
                        let (_, files, kind) = self.waiting.swap_remove(at);
                        self.listing = Some((key, files, kind));
                    }
                }
            }
        }
    }
}

impl Iterator for Side<'_> {
    type Item = Result<(String, Entry)>;

    /// After an error, the stream ends.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.advance();
        match &next {
            Some(Ok((key, _))) if self.check_order => {
                if let Some(last) = self.last.as_ref().filter(|l| key.as_str() <= l.as_str()) {
                    self.failed = true;
                    let why = ManifestError::NotSorted(last.clone(), key.clone());
                    return Some(Err(Error::user(format!(
                        "tracked paths out of order: {why}"
                    ))
                    .with_cause(why)));
                }
                self.last = Some(key.clone());
            }
            Some(Err(_)) => self.failed = true,
            _ => {}
        }
        next
    }
}
