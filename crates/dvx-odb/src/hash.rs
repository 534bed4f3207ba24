//! md5 of files, streamed: plain md5 (DVC 3) and md5-dos2unix (DVC 2.x entries).

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::Path;

/// MD5 over a stream of updates: OpenSSL's where it is built in and allowed (faster), the md-5
/// crate otherwise (a build without the `openssl` feature, or an OpenSSL that refuses MD5, as
/// in FIPS mode). Both give the same digest.
enum Md5 {
    #[cfg(feature = "openssl")]
    OpenSsl(openssl::hash::Hasher),
    Rust(md5::Md5),
}

impl Md5 {
    fn new() -> Self {
        #[cfg(feature = "openssl")]
        if let Ok(h) = openssl::hash::Hasher::new(openssl::hash::MessageDigest::md5()) {
            return Md5::OpenSsl(h);
        }
        Md5::Rust(<md5::Md5 as md5::Digest>::new())
    }

    fn update(&mut self, b: &[u8]) {
        match self {
            #[cfg(feature = "openssl")]
            // EVP_DigestUpdate cannot fail for MD5 once the context exists.
            Md5::OpenSsl(h) => h.update(b).expect("OpenSSL MD5 update"),
            Md5::Rust(h) => md5::Digest::update(h, b),
        }
    }

    fn finalize(self) -> [u8; 16] {
        match self {
            #[cfg(feature = "openssl")]
            Md5::OpenSsl(mut h) => {
                let d = h.finish().expect("OpenSSL MD5 final");
                let mut out = [0u8; 16];
                out.copy_from_slice(&d);
                out
            }
            Md5::Rust(h) => md5::Digest::finalize(h).into(),
        }
    }
}
/// Read size: large enough for sequential throughput, small enough to stay in cache.
pub const CHUNK: usize = 1 << 20;

/// Which hash an output's md5 is: DVC 3's plain md5, or DVC 2's md5 of dos2unix'd text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashKind {
    Md5,
    Dos2Unix,
}

impl HashKind {
    /// The hash an output's recorded md5 is: DVC 2.x entries (no `hash:`) are md5-dos2unix.
    pub fn of(out: &dvx_formats::Output) -> HashKind {
        if out.is_legacy() {
            HashKind::Dos2Unix
        } else {
            HashKind::Md5
        }
    }

    pub fn tag(self) -> u8 {
        match self {
            HashKind::Md5 => 0,
            HashKind::Dos2Unix => 1,
        }
    }
}

/// md5 of a byte slice.
pub fn md5_bytes(b: &[u8]) -> [u8; 16] {
    let mut h = Md5::new();
    h.update(b);
    h.finalize()
}

/// A writer that hashes what passes through it on the way to `inner`.
pub struct HashingWriter<W> {
    inner: W,
    md5: Md5,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            md5: Md5::new(),
        }
    }

    pub fn finish(self) -> ([u8; 16], W) {
        (self.md5.finalize(), self.inner)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.md5.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A reader that hashes what passes through it from `inner`, and keeps the first read error
/// (a parser reading through it may report only its own error).
pub struct HashingReader<R> {
    inner: R,
    md5: Md5,
    error: Option<io::Error>,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        HashingReader {
            inner,
            md5: Md5::new(),
            error: None,
        }
    }

    /// Reads the rest (so the digest is of everything), then the digest, or the first error.
    pub fn finish(mut self) -> io::Result<[u8; 16]> {
        if self.error.is_none() {
            io::copy(&mut self, &mut io::sink())?;
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.md5.finalize()),
        }
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.md5.update(&buf[..n]);
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let kept = io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                Err(kept)
            }
        }
    }
}

/// md5 of whatever `write` writes, without keeping it.
pub fn md5_of_writes(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<[u8; 16]> {
    let mut w = HashingWriter::new(io::sink());
    write(&mut w)?;
    Ok(w.finish().0)
}

/// Hashes a file's content; returns (digest, bytes read).
pub fn hash_file(path: &Path, kind: HashKind) -> io::Result<([u8; 16], u64)> {
    let mut f = File::open(path)?;
    // a buffer the file's size (one read, and its end seen), not a whole chunk: a zeroed
    // chunk per small file costs more than the file (glibc serves it from the heap, zeroing
    // all of it, once a freed large block has raised its mmap threshold)
    let len = f.metadata()?.len();
    let cap = usize::try_from(len)
        .unwrap_or(CHUNK)
        .saturating_add(1)
        .min(CHUNK);
    hash_reader_with(&mut f, kind, cap)
}

/// Hashes everything `r` yields.
pub fn hash_reader(r: &mut impl Read, kind: HashKind) -> io::Result<([u8; 16], u64)> {
    hash_reader_with(r, kind, CHUNK)
}

/// [`hash_reader`] through a buffer of `cap` bytes.
fn hash_reader_with(r: &mut impl Read, kind: HashKind, cap: usize) -> io::Result<([u8; 16], u64)> {
    let mut h = Md5::new();
    let mut buf = vec![0u8; cap.max(1)];
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
    Ok((h.finalize(), total))
}

/// Copies the file at `src_path` into `dst` and hashes it, reading it from disk once. Small
/// files are read into memory once, hashed and written; large ones are hashed on this thread
/// while the kernel copies them on another (so a file written meanwhile fails: see
/// [`hash_and_copy_stable`]).
pub fn hash_and_copy(
    src_path: &Path,
    dst: &mut File,
    kind: HashKind,
) -> io::Result<([u8; 16], u64)> {
    match copy_hashed(src_path, &mut [dst], kind)? {
        Copied::Hashed(digest, size) => Ok((digest, size)),
        Copied::SourceChanged => Err(io::Error::other("the file changed while it was copied")),
    }
}

/// [`hash_and_copy`] of a file that may be written while it is read (a workspace file a job
/// still writes): when a large file changed during the copy (its copy and its hash read it
/// apart), the copy at `dst_path` is what is kept, so it is hashed again and named by its own
/// bytes, never by a hash of bytes it does not hold. A small file is read once: its copy is
/// what was hashed.
pub fn hash_and_copy_stable(
    src_path: &Path,
    dst: &mut File,
    dst_path: &Path,
    kind: HashKind,
) -> io::Result<([u8; 16], u64)> {
    match copy_hashed(src_path, &mut [dst], kind)? {
        Copied::Hashed(digest, size) => Ok((digest, size)),
        Copied::SourceChanged => hash_file(dst_path, kind),
    }
}

/// [`hash_and_copy_stable`] that also writes a second copy into `also` (a download that is the
/// workspace's copy too), from the same read: says whether `also` holds the bytes hashed. When
/// the source changed during the copy only `dst` is hashed again, and `also` is not to be used.
pub fn hash_and_copy_stable_also(
    src_path: &Path,
    dst: &mut File,
    dst_path: &Path,
    also: &mut File,
    kind: HashKind,
) -> io::Result<(([u8; 16], u64), bool)> {
    match copy_hashed(src_path, &mut [dst, also], kind)? {
        Copied::Hashed(digest, size) => Ok(((digest, size), true)),
        Copied::SourceChanged => Ok((hash_file(dst_path, kind)?, false)),
    }
}

enum Copied {
    Hashed([u8; 16], u64),
    /// A large file changed between (or while) its copy and its hash read it.
    SourceChanged,
}

/// Copies `src_path` into each of `dsts` while hashing it once.
fn copy_hashed(src_path: &Path, dsts: &mut [&mut File], kind: HashKind) -> io::Result<Copied> {
    use std::os::unix::fs::MetadataExt;
    let stamp = |m: &std::fs::Metadata| (m.len(), m.mtime(), m.mtime_nsec(), m.ino());
    let src = &mut File::open(src_path)?;
    let before = src.metadata()?;
    let len = before.len();
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
        for dst in dsts.iter_mut() {
            dst.write_all(&buf)?;
        }
        return Ok(Copied::Hashed(h.finalize(), buf.len() as u64));
    }
    // Large files: the kernel copies (copy_file_range) on a helper thread, into each
    // destination in turn, while this thread hashes; all read the same pages, so the data
    // comes from disk once.
    let mut copy_src = File::open(src_path)?;
    std::thread::scope(|s| {
        let writer = s.spawn(move || {
            let mut lens = Vec::with_capacity(dsts.len());
            for dst in dsts.iter_mut() {
                copy_src.rewind()?;
                lens.push(io::copy(&mut copy_src, *dst)?);
            }
            Ok::<_, io::Error>(lens)
        });
        let hashed = hash_reader(src, kind);
        let copied = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("copy thread panicked")))?;
        let (digest, total) = hashed?;
        let after = std::fs::metadata(src_path)?;
        if copied.iter().any(|&n| n != total) || stamp(&after) != stamp(&before) {
            return Ok(Copied::SourceChanged);
        }
        Ok(Copied::Hashed(digest, total))
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
    fn a_hashing_reader_hashes_everything_even_what_was_not_read() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut r = HashingReader::new(&data[..]);
        let mut head = [0u8; 1000];
        r.read_exact(&mut head).unwrap();
        assert_eq!(r.finish().unwrap(), md5_bytes(&data));
        // a read error is kept and given back by finish, even if the reader swallowed it
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk gone"))
            }
        }
        let mut r = HashingReader::new(Failing);
        assert!(r.read(&mut head).is_err());
        assert_eq!(r.finish().unwrap_err().to_string(), "disk gone");
    }

    #[test]
    fn a_file_hashes_the_same_through_a_buffer_of_its_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 1, 4095, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let p = dir.path().join(len.to_string());
            std::fs::write(&p, &data).unwrap();
            let want = hash_reader(&mut &data[..], HashKind::Md5).unwrap();
            assert_eq!(hash_file(&p, HashKind::Md5).unwrap(), want, "{len}");
            assert_eq!(want.1, len as u64);
        }
    }

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
        let got = hash_and_copy(&src, &mut File::create(&dst).unwrap(), HashKind::Md5).unwrap();
        assert_eq!(std::fs::read(&dst).unwrap(), data);
        assert_eq!(got, (md5_bytes(&data), data.len() as u64));
        assert_eq!(hash_file(&src, HashKind::Md5).unwrap(), got);
    }

    #[test]
    fn a_copy_into_two_files_fills_both_with_the_bytes_hashed() {
        let dir = tempfile::tempdir().unwrap();
        for len in [3 * CHUNK + 1, 9 * CHUNK + 77] {
            let src = dir.path().join(format!("src{len}"));
            let data: Vec<u8> = (0..len).map(|i| (i * 13 % 253) as u8).collect();
            std::fs::write(&src, &data).unwrap();
            let (a, b) = (
                dir.path().join(format!("a{len}")),
                dir.path().join(format!("b{len}")),
            );
            let got = hash_and_copy_stable_also(
                &src,
                &mut File::create(&a).unwrap(),
                &a,
                &mut File::create(&b).unwrap(),
                HashKind::Md5,
            )
            .unwrap();
            assert_eq!(got, ((md5_bytes(&data), len as u64), true));
            assert_eq!(std::fs::read(&a).unwrap(), data);
            assert_eq!(std::fs::read(&b).unwrap(), data);
        }
    }
}
