//! Google Cloud Storage (`gs://bucket/prefix`): DVC's options `credentialpath` (a service
//! account key file), `endpointurl` (another server speaking the GCS JSON API),
//! `allow_anonymous_login` and `projectname`, else Google's usual sources
//! (`GOOGLE_APPLICATION_CREDENTIALS`, the gcloud configuration, the VM metadata server),
//! mapped onto opendal's GCS service.

use opendal::Operator;

use crate::s3::truthy;
use crate::store::ObjectStore;
use crate::{RemoteConfig, RemoteError};

const CREDENTIALS_HINT: &str = "check the credentials: credentialpath (a service account key file), GOOGLE_APPLICATION_CREDENTIALS, or `gcloud auth application-default login`";

/// Opens a `gs://bucket/prefix` remote.
pub fn open(cfg: &RemoteConfig) -> Result<ObjectStore, RemoteError> {
    let rest = cfg.url.strip_prefix("gs://").unwrap_or(&cfg.url);
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(RemoteError::remote(
            format!("remote '{}': the URL names no bucket", cfg.name),
            Some("GCS URLs look like gs://bucket/optional/prefix"),
        ));
    }
    let endpoint = cfg
        .option("endpointurl")
        .unwrap_or("https://storage.googleapis.com")
        .trim_end_matches('/')
        .to_string();
    let mut b = opendal::services::Gcs::default()
        .bucket(bucket)
        .root(&format!("/{}", prefix.trim_matches('/')))
        .endpoint(&endpoint);
    if let Some(p) = cfg.option("credentialpath") {
        if !std::path::Path::new(p).is_file() {
            return Err(RemoteError::remote(
                format!("remote '{}': credentialpath '{p}' is not a file", cfg.name),
                Some(CREDENTIALS_HINT),
            ));
        }
        b = b.credential_path(p);
    }
    let anonymous = cfg.option("allow_anonymous_login").is_some_and(truthy);
    let vm_metadata = !anonymous && on_google_cloud();
    let generations = crate::gcs_generations::GcsGenerations::new(
        &endpoint,
        bucket,
        prefix,
        anonymous,
        cfg.option("credentialpath"),
        vm_metadata,
    );
    if anonymous {
        b = b
            .skip_signature()
            .disable_vm_metadata()
            .disable_config_load();
    } else if !vm_metadata {
        // off Google Cloud the metadata server does not answer; asking it costs a minute of
        // retries before "no credentials"
        b = b.disable_vm_metadata();
    }
    let op = Operator::new(b).map_err(|e| {
        RemoteError::remote(
            format!("remote '{}' is misconfigured: {}", cfg.name, e.kind()),
            Some(CREDENTIALS_HINT),
        )
    })?;
    Ok(ObjectStore::new(
        op,
        endpoint,
        bucket.to_string(),
        CREDENTIALS_HINT,
        Vec::new(),
    )?
    .with_generations(generations))
}

/// Whether the VM metadata server's name resolves (it does on Google Cloud VMs only), or
/// `GCE_METADATA_HOST` names one.
fn on_google_cloud() -> bool {
    use std::net::ToSocketAddrs;
    std::env::var_os("GCE_METADATA_HOST").is_some()
        || ("metadata.google.internal", 80)
            .to_socket_addrs()
            .is_ok_and(|mut a| a.next().is_some())
}
