//! Object ids: an md5 digest, and whether the object is a `.dir` manifest.

use std::fmt;

/// The name of an object in a cache or remote: 16 bytes of md5 and a `.dir` flag.
///
/// Kept as bytes rather than a hex string so a million manifest entries stay small.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid {
    pub digest: [u8; 16],
    pub is_dir: bool,
}

/// A string that is not an md5 (`32 hex digits`, optionally followed by `.dir`).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("'{0}' is not an md5 hash (32 hex digits, optionally followed by .dir)")]
pub struct BadOid(pub String);

impl Oid {
    pub fn file(digest: [u8; 16]) -> Self {
        Oid {
            digest,
            is_dir: false,
        }
    }

    pub fn dir(digest: [u8; 16]) -> Self {
        Oid {
            digest,
            is_dir: true,
        }
    }

    /// Parses `hex` or `hex.dir`; upper-case hex is accepted and normalised.
    pub fn parse(s: &str) -> Result<Self, BadOid> {
        let (hex, is_dir) = match s.strip_suffix(".dir") {
            Some(h) => (h, true),
            None => (s, false),
        };
        let bytes = hex.as_bytes();
        if bytes.len() != 32 {
            return Err(BadOid(s.to_string()));
        }
        let mut digest = [0u8; 16];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hi = hex_val(pair[0]).ok_or_else(|| BadOid(s.to_string()))?;
            let lo = hex_val(pair[1]).ok_or_else(|| BadOid(s.to_string()))?;
            digest[i] = hi << 4 | lo;
        }
        Ok(Oid { digest, is_dir })
    }

    /// The 32 lower-case hex digits, without `.dir`.
    pub fn hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(32);
        for b in self.digest {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        s
    }

    /// The object's name relative to an odb root's hash directory: `ab/cdef…[.dir]`.
    pub fn shard_path(&self) -> (String, String) {
        let hex = self.hex();
        let rest = if self.is_dir {
            format!("{}.dir", &hex[2..])
        } else {
            hex[2..].to_string()
        };
        (hex[..2].to_string(), rest)
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())?;
        if self.is_dir {
            f.write_str(".dir")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let o = Oid::parse("c99cb9829c6fb509b072366a74afc877.dir").unwrap();
        assert!(o.is_dir);
        assert_eq!(o.to_string(), "c99cb9829c6fb509b072366a74afc877.dir");
        let u = Oid::parse("B1946AC92492D2347C6235B4D2611184").unwrap();
        assert_eq!(u.to_string(), "b1946ac92492d2347c6235b4d2611184");
        assert_eq!(
            u.shard_path(),
            ("b1".into(), "946ac92492d2347c6235b4d2611184".into())
        );
    }

    #[test]
    fn rejects_non_hashes() {
        for bad in [
            "",
            "abc",
            "zz946ac92492d2347c6235b4d2611184",
            "b1946ac92492d2347c6235b4d26111845",
        ] {
            assert!(Oid::parse(bad).is_err(), "{bad}");
        }
    }
}
