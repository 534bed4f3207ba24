//! Azure Blob Storage (`azure://container/prefix`): DVC's options `connection_string`,
//! `account_name`, `account_key` and `sas_token`, else the Azure CLI's variables
//! (`AZURE_STORAGE_CONNECTION_STRING`, `AZURE_STORAGE_ACCOUNT`, `AZURE_STORAGE_KEY`,
//! `AZURE_STORAGE_SAS_TOKEN`), as DVC reads them, mapped onto opendal's Azblob service.

use opendal::Operator;

use crate::store::ObjectStore;
use crate::{RemoteConfig, RemoteError};

const CREDENTIALS_HINT: &str = "check the credentials: connection_string, or account_name with account_key or sas_token (dvx remote modify --local NAME OPTION VALUE), or AZURE_STORAGE_CONNECTION_STRING";

/// An option of the remote, else the Azure CLI's environment variable for it.
fn setting(cfg: &RemoteConfig, option: &str, var: &str) -> Option<String> {
    cfg.option(option)
        .map(str::to_string)
        .or_else(|| std::env::var(var).ok())
        .filter(|v| !v.is_empty())
}

/// The value of `key` in an Azure connection string (`Key=value;...`).
fn connection_field<'a>(conn: &'a str, key: &str) -> Option<&'a str> {
    conn.split(';')
        .filter_map(|part| part.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(key))
        .map(|(_, v)| v.trim())
}

/// Opens an `azure://container/prefix` remote.
pub fn open(cfg: &RemoteConfig) -> Result<ObjectStore, RemoteError> {
    let rest = cfg.url.strip_prefix("azure://").unwrap_or(&cfg.url);
    let (container, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    let container = setting(cfg, "container_name", "AZURE_STORAGE_CONTAINER_NAME")
        .filter(|_| container.is_empty())
        .unwrap_or_else(|| container.to_string());
    if container.is_empty() {
        return Err(RemoteError::remote(
            format!("remote '{}': the URL names no container", cfg.name),
            Some("Azure URLs look like azure://container/optional/prefix"),
        ));
    }
    cfg.refuse(
        &["tenant_id", "client_id", "client_secret"],
        " (service principal login)",
        "use a connection string, an account key or a SAS token",
    )?;
    let misconfigured = |e: opendal::Error| {
        RemoteError::remote(
            format!("remote '{}' is misconfigured: {e}", cfg.name),
            Some(CREDENTIALS_HINT),
        )
    };
    let conn = setting(cfg, "connection_string", "AZURE_STORAGE_CONNECTION_STRING");
    let mut secrets = Vec::new();
    let (mut b, endpoint) = match &conn {
        Some(c) => {
            secrets.extend(connection_field(c, "AccountKey").map(str::to_string));
            secrets.extend(connection_field(c, "SharedAccessSignature").map(str::to_string));
            let b = opendal::services::Azblob::from_connection_string(c).map_err(|e| {
                RemoteError::remote(
                    format!(
                        "remote '{}': the connection string cannot be used: {}",
                        cfg.name,
                        e.kind()
                    ),
                    Some(CREDENTIALS_HINT),
                )
            })?;
            let endpoint = connection_field(c, "BlobEndpoint")
                .map(str::to_string)
                .or_else(|| {
                    connection_field(c, "AccountName")
                        .map(|a| format!("https://{a}.blob.core.windows.net"))
                })
                .unwrap_or_else(|| "Azure".to_string());
            (b, endpoint)
        }
        None => {
            let Some(account) = setting(cfg, "account_name", "AZURE_STORAGE_ACCOUNT") else {
                return Err(RemoteError::remote(
                    format!(
                        "remote '{}': Azure needs an account_name or a connection_string",
                        cfg.name
                    ),
                    Some(CREDENTIALS_HINT),
                ));
            };
            let endpoint = format!("https://{account}.blob.core.windows.net");
            let b = opendal::services::Azblob::default()
                .endpoint(&endpoint)
                .account_name(&account);
            (b, endpoint)
        }
    };
    if let Some(k) = setting(cfg, "account_key", "AZURE_STORAGE_KEY") {
        b = b.account_key(&k);
        secrets.push(k);
    }
    if let Some(t) = setting(cfg, "sas_token", "AZURE_STORAGE_SAS_TOKEN") {
        b = b.sas_token(&t);
        secrets.push(t);
    }
    b = b
        .container(&container)
        .root(&format!("/{}", prefix.trim_matches('/')));
    let op = Operator::new(b).map_err(misconfigured)?;
    ObjectStore::new(op, endpoint, container, CREDENTIALS_HINT, secrets)
}
