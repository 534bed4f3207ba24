//! What DVC records of data kept outside a repository (`import-url` from a bucket or a web
//! server), to tell later whether it changed: per URL scheme, a checksum the server gives
//! (`etag` for S3, GCS, Azure and WebDAV, `checksum` for HTTP), and for a directory an md5
//! over the etags of its files (the `.dir` object of that list, which DVC also keeps in the
//! cache).

use base64::Engine;
use md5::{Digest, Md5};

/// The name and value DVC records for a file on a store of scheme `scheme`, from the
/// server's ETag (as sent, quotes included) or Content-MD5; `None` when the server gives
/// neither (then HTTP uses [`http_fallback_checksum`]).
pub fn checksum(
    scheme: &str,
    etag: Option<&str>,
    content_md5: Option<&str>,
) -> Option<(&'static str, String)> {
    match scheme {
        "http" | "https" => etag.or(content_md5).map(|v| ("checksum", v.to_string())),
        // gcsfs gives the JSON API's base64 etag; DVC records its bytes in hex
        "gs" => etag.map(|e| {
            let e = e.trim_matches('"');
            let hex = base64::engine::general_purpose::STANDARD
                .decode(e)
                .map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
                .unwrap_or_else(|_| e.to_string());
            ("etag", hex)
        }),
        // adlfs keeps the quotes; DVC adds them where they are missing
        "azure" => etag.map(|e| ("etag", format!("\"{}\"", e.trim_matches('"')))),
        "s3" => etag.map(|e| ("etag", e.trim_matches('"').to_string())),
        // webdav4 keeps the quotes of `getetag`
        _ => etag.map(|e| ("etag", e.to_string())),
    }
}

/// The checksum DVC records for an HTTP file whose server sends neither ETag nor
/// Content-MD5: fsspec's `checksum()`, the md5 of Python's `str()` of the tuple holding the
/// file's info dict, as a decimal integer.
pub fn http_fallback_checksum(
    url: &str,
    size: Option<u64>,
    content_type: Option<&str>,
    last_modified: Option<&str>,
) -> String {
    let repr = crate::pyjson::repr_str;
    let mut info = format!(
        "{{'name': {}, 'size': {}",
        repr(url),
        size.map_or("None".to_string(), |s| s.to_string())
    );
    if let Some(t) = content_type {
        let mime = t.split(';').next().unwrap_or(t);
        info.push_str(&format!(", 'mimetype': {}", repr(mime)));
    }
    info.push_str(&format!(", 'url': {}", repr(url)));
    if let Some(m) = last_modified {
        info.push_str(&format!(", 'Last-Modified': {}", repr(m)));
    }
    info.push_str(", 'type': 'file'}");
    let digest = Md5::digest(format!("({info},)").as_bytes());
    u128::from_be_bytes(digest.into()).to_string()
}

/// The bytes of the `.dir` object DVC writes for a directory on a store: its files' etags
/// by relpath, sorted, as `json.dumps(..., sort_keys=True)` writes them.
pub fn etag_manifest(mut entries: Vec<(String, String)>) -> Vec<u8> {
    entries.sort_unstable();
    let mut out = b"[".to_vec();
    for (i, (relpath, etag)) in entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        out.extend_from_slice(b"{\"etag\": ");
        crate::pyjson::string(etag, &mut out);
        out.extend_from_slice(b", \"relpath\": ");
        crate::pyjson::string(relpath, &mut out);
        out.push(b'}');
    }
    out.push(b']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_are_named_and_written_as_dvc_records_them() {
        let quoted = "\"e5ebd4c02cefbe7955977c67ada242b7\"";
        let q = Some(quoted);
        assert_eq!(
            checksum("s3", q, None),
            Some(("etag", "e5ebd4c02cefbe7955977c67ada242b7".into()))
        );
        assert_eq!(
            checksum("azure", Some("0x8DC"), None),
            Some(("etag", "\"0x8DC\"".into()))
        );
        assert_eq!(
            checksum("gs", Some("CKih16GjycICEAE="), None),
            Some(("etag", "08a8a1d7a1a3c9c2021001".into()))
        );
        assert_eq!(
            checksum("https", q, Some("x")),
            Some(("checksum", quoted.into()))
        );
        assert_eq!(
            checksum("http", None, Some("rL0Y20zC+Fzt72VPzMSk2A==")),
            Some(("checksum", "rL0Y20zC+Fzt72VPzMSk2A==".into()))
        );
        assert_eq!(checksum("http", None, None), None);
        assert_eq!(
            checksum("webdav", Some("\"18eda9\""), None),
            Some(("etag", "\"18eda9\"".into()))
        );
    }

    #[test]
    fn http_without_etag_hashes_its_info_as_fsspec_does() {
        // `dvc import-url` of Python's http.server (DVC 3.67.1, fsspec 2025.x) recorded this
        assert_eq!(
            http_fallback_checksum(
                "http://127.0.0.1:39110/h.txt",
                Some(6),
                Some("text/plain"),
                Some("Thu, 03 Dec 2026 06:04:00 GMT")
            ),
            "322229615112164782119914215139514653506"
        );
    }

    #[test]
    fn a_directory_hashes_its_etags_in_relpath_order() {
        let m = etag_manifest(vec![
            ("x.txt".into(), "401b30e3b8b5d629635a5c613cdb7919".into()),
            (
                "sub/y.txt".into(),
                "c796c191140b5f9ce61892fab185f8d3".into(),
            ),
        ]);
        assert_eq!(
            String::from_utf8(m.clone()).unwrap(),
            r#"[{"etag": "c796c191140b5f9ce61892fab185f8d3", "relpath": "sub/y.txt"}, {"etag": "401b30e3b8b5d629635a5c613cdb7919", "relpath": "x.txt"}]"#
        );
        // the dependency's md5 DVC recorded for this directory
        let hex: String = Md5::digest(&m).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "59a3b011f41c8f8c61027df810e3f851");
    }
}
