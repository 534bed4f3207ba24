//! md5 of files, streamed: plain md5 (DVC 3) and md5-dos2unix (DVC 2.x entries).

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::mpsc;

use md5::{Digest, Md5};

/// Read size: large enough for sequential throughput, small enough to stay in cache.
pub const CHUNK: usize = 1 << 20;

/// Which hash an output's md5 is: DVC 3's plain md5, or DVC 2's md5 of dos2unix'd text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashKind {
    Md5,
    Dos2Unix,
}

impl HashKind {
    pub fn tag(self) -> u8 {
        match self {
            HashKind::Md5 => 0,
            HashKind::Dos2Unix => 1,
        }
    }
}

/// md5 of a byte slice.
pub fn md5_bytes(b: &[u8]) -> [u8; 16] {
    Md5::digest(b).into()
}

/// Hashes a file's content; returns (digest, bytes read).
pub fn hash_file(path: &Path, kind: HashKind) -> io::Result<([u8; 16], u64)> {
    let mut f = File::open(path)?;
    hash_reader(&mut f, kind)
}

/// Hashes everything `r` yields.
pub fn hash_reader(r: &mut impl Read, kind: HashKind) -> io::Result<([u8; 16], u64)> {
    let mut h = Md5::new();
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    loop {
        let n = read_full(r, &mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        match kind {
            HashKind::Md5 => h.update(&buf[..n]),
            HashKind::Dos2Unix => h.update(dos2unix_chunk(&buf[..n]).as_ref()),
        }
        if n < buf.len() {
            break;
        }
    }
    Ok((h.finalize().into(), total))
}

/// Copies `src` into `dst` and hashes it in the same pass: the file is read once. Reading and
/// hashing run on this thread, writing on a helper thread, so the two overlap.
pub fn hash_and_copy(
    src: &mut File,
    dst: &mut File,
    kind: HashKind,
) -> io::Result<([u8; 16], u64)> {
    let len = src.metadata().map(|m| m.len()).unwrap_or(0);
    if len <= 4 * CHUNK as u64 {
        // Small files: one thread, one buffer; no thread start-up cost per file.
        let mut h = Md5::new();
        let mut buf = Vec::with_capacity(len as usize + 1);
        src.read_to_end(&mut buf)?;
        match kind {
            HashKind::Md5 => h.update(&buf),
            HashKind::Dos2Unix => {
                for c in buf.chunks(CHUNK) {
                    h.update(dos2unix_chunk(c).as_ref())
                }
            }
        }
        dst.write_all(&buf)?;
        return Ok((h.finalize().into(), buf.len() as u64));
    }
    let (to_writer, from_reader) = mpsc::sync_channel::<Vec<u8>>(4);
    let (recycle_tx, recycle_rx) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let writer = s.spawn(move || -> io::Result<()> {
            for buf in from_reader {
                dst.write_all(&buf)?;
                let _ = recycle_tx.send(buf);
            }
            Ok(())
        });
        let mut h = Md5::new();
        let mut total = 0u64;
        let result = (|| -> io::Result<()> {
            loop {
                let mut buf = recycle_rx.try_recv().unwrap_or_else(|_| vec![0u8; CHUNK]);
                buf.resize(CHUNK, 0);
                let n = read_full(src, &mut buf)?;
                if n == 0 {
                    return Ok(());
                }
                buf.truncate(n);
                total += n as u64;
                match kind {
                    HashKind::Md5 => h.update(&buf),
                    HashKind::Dos2Unix => h.update(dos2unix_chunk(&buf).as_ref()),
                }
                if to_writer.send(buf).is_err() {
                    return Ok(()); // the writer failed; its error is reported below
                }
                if n < CHUNK {
                    return Ok(());
                }
            }
        })();
        drop(to_writer);
        let wrote = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")));
        result?;
        wrote?;
        Ok((h.finalize().into(), total))
    })
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// DVC's text heuristic for one chunk: no NUL in the first 512 bytes, and at most 30% of bytes
/// outside printable ASCII plus `\n\r\t\f\b`.
pub fn is_text(chunk: &[u8]) -> bool {
    let head = &chunk[..chunk.len().min(512)];
    if head.contains(&0) {
        return false;
    }
    if head.is_empty() {
        return true;
    }
    let nontext = head
        .iter()
        .filter(|&&b| !((32..127).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x08)))
        .count();
    (nontext as f64) / (head.len() as f64) <= 0.30
}

/// A chunk as DVC 2 hashed it: CRLF turned into LF when the chunk looks like text.
pub fn dos2unix_chunk(chunk: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !is_text(chunk) || !chunk.windows(2).any(|w| w == b"\r\n") {
        return std::borrow::Cow::Borrowed(chunk);
    }
    let mut out = Vec::with_capacity(chunk.len());
    let mut i = 0;
    while i < chunk.len() {
        if chunk[i] == b'\r' && chunk.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        out.push(chunk[i]);
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_of_known_strings() {
        // md5("hello\n") as printed by md5sum
        assert_eq!(
            dvx_formats::Oid::file(md5_bytes(b"hello\n")).to_string(),
            "b1946ac92492d2347c6235b4d2611184"
        );
    }

    #[test]
    fn dos2unix_only_touches_text() {
        assert_eq!(dos2unix_chunk(b"a\r\nb\r\n").as_ref(), b"a\nb\n");
        let bin = b"\0\r\n".to_vec();
        assert_eq!(dos2unix_chunk(&bin).as_ref(), bin.as_slice());
    }

    #[test]
    fn copy_and_hash_agree_with_hash_of_copy() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        let data: Vec<u8> = (0..(6 * CHUNK + 123))
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&src, &data).unwrap();
        let dst = dir.path().join("dst");
        let got = hash_and_copy(
            &mut File::open(&src).unwrap(),
            &mut File::create(&dst).unwrap(),
            HashKind::Md5,
        )
        .unwrap();
        assert_eq!(std::fs::read(&dst).unwrap(), data);
        assert_eq!(got, (md5_bytes(&data), data.len() as u64));
        assert_eq!(hash_file(&src, HashKind::Md5).unwrap(), got);
    }
}
