//! A list of store keys (of a cache or a remote) an operation added or uploaded, held compactly:
//! an `add` or `push` of a million files records a million keys, which as strings would cost
//! about 75 bytes each; an object key is held as its (hash, kind) pair, 18 bytes. Written and
//! read as the JSON list of the keys' text, so the log's format does not depend on it.

use dvx_formats::Oid;
use dvx_odb::HashKind;
use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Keys {
    /// Object keys (`files/md5/ab/cdef…`, legacy `ab/cdef…`), as what they name.
    objects: Vec<(Oid, HashKind)>,
    /// Any other key (a run-cache entry, `runs/…`), as text.
    other: Vec<String>,
}

impl Keys {
    pub fn push(&mut self, key: &str) {
        match dvx_odb::key_object(key) {
            Some(o) => self.objects.push(o),
            None => self.other.push(key.to_string()),
        }
    }

    pub fn append(&mut self, mut more: Keys) {
        self.objects.append(&mut more.objects);
        self.other.append(&mut more.other);
    }

    pub fn len(&self) -> usize {
        self.objects.len() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The keys' text: objects first, in the order they were pushed, then the others.
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        let objects = self.objects.iter().map(|(o, k)| dvx_odb::object_key(o, *k));
        objects.chain(self.other.iter().cloned())
    }
}

impl FromIterator<String> for Keys {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut keys = Keys::default();
        for k in iter {
            keys.push(&k);
        }
        keys
    }
}

impl Serialize for Keys {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for k in self.iter() {
            seq.serialize_element(&k)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyList;
        impl<'de> Visitor<'de> for KeyList {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of store keys")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                let mut keys = Keys::default();
                // one key's text at a time: a long list is never held as strings
                while let Some(k) = seq.next_element::<std::borrow::Cow<'de, str>>()? {
                    keys.push(&k);
                }
                Ok(keys)
            }
        }
        d.deserialize_seq(KeyList)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_written_and_read_as_their_text() {
        let text = [
            "files/md5/ab/cdef0123456789abcdef0123456789",
            "runs/12/3456/7890",
            "files/md5/0f/00000000000000000000000000000f.dir",
            "ab/cdef0123456789abcdef0123456789",
            "files/md5/zz/not-an-object",
        ];
        let keys: Keys = text.iter().map(|k| k.to_string()).collect();
        assert_eq!(keys.len(), 5);
        // objects are held as pairs, the rest as text
        assert_eq!(keys.objects.len(), 3);
        let mut shown: Vec<String> = keys.iter().collect();
        let mut want: Vec<String> = text.iter().map(|k| k.to_string()).collect();
        shown.sort();
        want.sort();
        assert_eq!(shown, want);
        let json = serde_json::to_string(&keys).unwrap();
        let back: Keys = serde_json::from_str(&json).unwrap();
        assert_eq!(back, keys);
        let plain: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(plain.len(), 5);
        assert!(serde_json::from_str::<Keys>("[1]").is_err());
    }
}
