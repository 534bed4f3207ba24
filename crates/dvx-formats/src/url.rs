//! URLs in messages: a password written into a remote's or a source's URL
//! (`https://user:pw@host/...`, `webdav://user:pw@...`) is never shown.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

static USERINFO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.\-]*://)([^/@\s:'\x22]*):([^/@\s'\x22]*)@")
        .expect("a valid pattern")
});

/// `text` with the password of every `scheme://user:password@` in it replaced by `***`.
pub fn redact(text: &str) -> Cow<'_, str> {
    USERINFO.replace_all(text, "${1}${2}:***@")
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            redact("remote 'w' (https://alice:s3cret@example.com/store): 401"),
            "remote 'w' (https://alice:***@example.com/store): 401"
        );
        assert_eq!(
            redact("webdavs://bob:p%40ss@h:8080/x and ssh://git@host/r"),
            "webdavs://bob:***@h:8080/x and ssh://git@host/r"
        );
        assert_eq!(redact("s3://bucket/key"), "s3://bucket/key");
        assert_eq!(redact("http://:tok@h/"), "http://:***@h/");
    }
}
