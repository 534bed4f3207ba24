//! Web servers as remotes: WebDAV (`webdav://` over http, `webdavs://` over https), read and
//! written, and plain HTTP(S) (`http://`, `https://`), read-only as far as dvx goes. DVC's
//! options `user`, `password` and `token` are the credentials.

use opendal::Operator;

use crate::s3::truthy;
use crate::store::ObjectStore;
use crate::{RemoteConfig, RemoteError};

const CREDENTIALS_HINT: &str =
    "check the remote's user and password (or token): dvx remote modify --local NAME password ...";

/// The endpoint (`scheme://host[:port]`) and the path below it of a remote URL.
fn split(cfg: &RemoteConfig, http_scheme: &str) -> Result<(String, String), RemoteError> {
    let rest = cfg.url.split_once("://").map_or("", |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(RemoteError::remote(
            format!("remote '{}': the URL '{}' names no host", cfg.name, cfg.url),
            None,
        ));
    }
    if cfg.option("ssl_verify").is_some_and(|v| !truthy(v)) {
        return Err(RemoteError::remote(
            format!(
                "remote '{}': ssl_verify = false is not supported by dvx",
                cfg.name
            ),
            Some("use a certificate the system trusts"),
        ));
    }
    Ok((
        format!("{http_scheme}://{host}"),
        format!("/{}", path.trim_matches('/')),
    ))
}

fn credentials(cfg: &RemoteConfig) -> Vec<String> {
    ["password", "token"]
        .iter()
        .filter_map(|k| cfg.option(k).map(str::to_string))
        .collect()
}

fn misconfigured(cfg: &RemoteConfig, e: opendal::Error) -> RemoteError {
    RemoteError::remote(
        format!("remote '{}' is misconfigured: {}", cfg.name, e.kind()),
        None,
    )
}

/// Builds a WebDAV or HTTP operator: both builders take the same endpoint, root and
/// credential settings, under the same names.
macro_rules! web_operator {
    ($builder:ty, $cfg:expr, $endpoint:expr, $root:expr) => {{
        let cfg: &RemoteConfig = $cfg;
        let mut b = <$builder>::default().endpoint($endpoint).root($root);
        if let Some(u) = cfg.option("user") {
            b = b.username(u);
        }
        if let Some(p) = cfg.option("password") {
            b = b.password(p);
        }
        if let Some(t) = cfg.option("token") {
            b = b.token(t);
        }
        Operator::new(b).map_err(|e| misconfigured(cfg, e))?
    }};
}

/// Opens a `webdav://` or `webdavs://` remote.
pub fn open_webdav(cfg: &RemoteConfig) -> Result<ObjectStore, RemoteError> {
    let https = cfg.url.starts_with("webdavs://");
    let (endpoint, root) = split(cfg, if https { "https" } else { "http" })?;
    let op = web_operator!(opendal::services::Webdav, cfg, &endpoint, &root);
    ObjectStore::new(op, endpoint, root, CREDENTIALS_HINT, credentials(cfg))
}

/// Opens an `http://` or `https://` remote (downloads only).
pub fn open_http(cfg: &RemoteConfig) -> Result<ObjectStore, RemoteError> {
    let https = cfg.url.starts_with("https://");
    let (endpoint, root) = split(cfg, if https { "https" } else { "http" })?;
    let op = web_operator!(opendal::services::Http, cfg, &endpoint, &root);
    ObjectStore::new(op, endpoint, root, CREDENTIALS_HINT, credentials(cfg))
}
