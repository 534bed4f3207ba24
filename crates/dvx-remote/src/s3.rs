//! S3 and S3-compatible object stores (AWS, MinIO, Ceph, Garage, ...): DVC's remote options
//! mapped onto opendal's S3 service, credentials from the remote's options, a credentials
//! file and profile, or the usual AWS sources (environment, `~/.aws/credentials`).

use std::collections::BTreeMap;
use std::fs;

use opendal::Operator;

use crate::store::ObjectStore;
use crate::{RemoteConfig, RemoteError};

const CREDENTIALS_HINT: &str = "check the credentials: access_key_id/secret_access_key (dvx remote modify --local), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials";

/// Opens an `s3://bucket/prefix` remote.
pub fn open(cfg: &RemoteConfig) -> Result<ObjectStore, RemoteError> {
    let rest = cfg.url.strip_prefix("s3://").unwrap_or(&cfg.url);
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(RemoteError::remote(
            format!("remote '{}': the URL names no bucket", cfg.name),
            Some("S3 URLs look like s3://bucket/optional/prefix"),
        ));
    }
    let mut b = opendal::services::S3::default()
        .bucket(bucket)
        .root(&format!("/{}", prefix.trim_matches('/')));
    let use_ssl = cfg.option("use_ssl").is_none_or(truthy);
    let endpoint = match cfg.option("endpointurl") {
        Some(e) if e.contains("://") => e.to_string(),
        Some(e) => format!("{}://{e}", if use_ssl { "https" } else { "http" }),
        None => "https://s3.amazonaws.com".to_string(),
    };
    b = b.endpoint(&endpoint);
    // opendal would ask the endpoint; a custom endpoint without a region is us-east-1.
    let region = cfg
        .option("region")
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
        .unwrap_or_else(|| "us-east-1".to_string());
    b = b.region(&region);
    // what opendal may read from the environment is scrubbed from messages too
    let mut secrets: Vec<String> = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .collect();
    let creds = credentials(cfg)?;
    if let Some(c) = &creds {
        b = b
            .access_key_id(&c.access_key_id)
            .secret_access_key(&c.secret_access_key);
        secrets.push(c.secret_access_key.clone());
        if let Some(t) = &c.session_token {
            b = b.session_token(t);
            secrets.push(t.clone());
        }
    }
    if let Some(sse) = cfg.option("sse") {
        b = b.server_side_encryption(sse);
    }
    if let Some(k) = cfg.option("sse_kms_key_id") {
        b = b.server_side_encryption_aws_kms_key_id(k);
    }
    if cfg.option("ssl_verify").is_some_and(|v| !truthy(v)) {
        return Err(RemoteError::remote(
            format!(
                "remote '{}': ssl_verify = false is not supported by dvx",
                cfg.name
            ),
            Some(
                "use a certificate the system trusts, or an http:// endpoint on a trusted network",
            ),
        ));
    }
    let op = Operator::new(b).map_err(|e| {
        RemoteError::remote(
            format!("remote '{}' is misconfigured: {}", cfg.name, e.kind()),
            None,
        )
    })?;
    ObjectStore::new(op, endpoint, bucket.to_string(), CREDENTIALS_HINT, secrets)
}

pub(crate) fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "true" | "yes" | "1" | "on"
    )
}

/// Keys given explicitly: in the remote's options, or read from a credentials file when the
/// remote names a profile or a file. None leaves opendal (reqsign) to its usual chain: the
/// AWS_* variables, `~/.aws/credentials` and `config` with AWS_PROFILE, web identity, IMDS.
///
/// Why dvx reads a named profile itself: DVC's `profile` and `credentialpath` are options of
/// one remote, and opendal's S3 builder takes neither (reqsign reads the profile and the file
/// only from the process environment, which dvx cannot set per remote). The reader below
/// covers what those options name: one `[profile]` section's keys.
struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

fn credentials(cfg: &RemoteConfig) -> Result<Option<Credentials>, RemoteError> {
    if let (Some(id), Some(secret)) = (cfg.option("access_key_id"), cfg.option("secret_access_key"))
    {
        return Ok(Some(Credentials {
            access_key_id: id.to_string(),
            secret_access_key: secret.to_string(),
            session_token: cfg.option("session_token").map(str::to_string),
        }));
    }
    let profile = cfg.option("profile");
    let file = cfg.option("credentialpath");
    if profile.is_none() && file.is_none() {
        return Ok(None);
    }
    let path = match file {
        Some(f) => crate::absolute(&cfg.base_dir, std::path::Path::new(f)),
        None => std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
            .map(Into::into)
            .or_else(|| {
                std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".aws/credentials"))
            })
            .unwrap_or_default(),
    };
    let profile = profile
        .map(str::to_string)
        .or_else(|| std::env::var("AWS_PROFILE").ok())
        .unwrap_or_else(|| "default".to_string());
    let text = fs::read_to_string(&path).map_err(|e| {
        RemoteError::remote(
            format!(
                "remote '{}': cannot read credentials file '{}': {e}",
                cfg.name,
                path.display()
            ),
            Some(
                "fix the remote's credentialpath, or set the keys with `dvx remote modify --local`",
            ),
        )
    })?;
    let section = ini_section(&text, &profile);
    match (section.get("aws_access_key_id"), section.get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Ok(Some(Credentials {
            access_key_id: id.clone(),
            secret_access_key: secret.clone(),
            session_token: section.get("aws_session_token").cloned(),
        })),
        _ => Err(RemoteError::remote(
            format!(
                "remote '{}': profile '{profile}' in '{}' has no aws_access_key_id/aws_secret_access_key",
                cfg.name,
                path.display()
            ),
            None,
        )),
    }
}

/// The `key = value` pairs of one `[section]` of an AWS credentials file.
fn ini_section(text: &str, name: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let s = s.trim();
            inside = s == name || s.strip_prefix("profile ").map(str::trim) == Some(name);
        } else if inside {
            if let Some((k, v)) = line.split_once('=') {
                out.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_profile_from_a_credentials_file() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[profile team]\naws_access_key_id=C\naws_secret_access_key=D\naws_session_token = E\n";
        let d = ini_section(text, "default");
        assert_eq!(d.get("aws_access_key_id").map(String::as_str), Some("A"));
        let t = ini_section(text, "team");
        assert_eq!(
            t.get("aws_secret_access_key").map(String::as_str),
            Some("D")
        );
        assert_eq!(t.get("aws_session_token").map(String::as_str), Some("E"));
        assert!(ini_section(text, "nope").is_empty());
    }
}
