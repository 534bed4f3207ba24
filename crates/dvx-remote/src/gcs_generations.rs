//! Reads of one generation of a GCS object (what `import-url --version-aware` recorded), which
//! opendal's GCS service does not offer: a GET of the JSON API with `generation=`, signed as
//! opendal signs its own requests (the same credential sources, through reqsign).

use bytes::Bytes;
use futures::Stream;
use reqsign_core::{Context, OsEnv, ProvideCredentialChain, Signer};
use reqsign_google::{
    Credential, DefaultCredentialProvider, FileCredentialProvider, RequestSigner,
};

const SCOPE: &str = "https://www.googleapis.com/auth/devstorage.read_write";

/// What a generation read needs of a `gs://` remote.
pub struct GcsGenerations {
    client: reqwest::Client,
    endpoint: String,
    bucket: String,
    /// The remote's prefix inside the bucket, without slashes at either end.
    prefix: String,
    /// None: anonymous (`allow_anonymous_login`).
    signer: Option<Signer<Credential>>,
}

/// reqsign's HTTP client (for token exchanges) over reqwest.
#[derive(Debug)]
struct Send(reqwest::Client);

impl reqsign_core::HttpSend for Send {
    async fn http_send(
        &self,
        req: http::Request<Bytes>,
    ) -> reqsign_core::Result<http::Response<Bytes>> {
        let fail = |e: reqwest::Error| {
            reqsign_core::Error::unexpected("sending a credentials request").with_source(e)
        };
        let (parts, body) = req.into_parts();
        let resp = self
            .0
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(body)
            .send()
            .await
            .map_err(fail)?;
        let mut out = http::Response::builder().status(resp.status());
        for (k, v) in resp.headers() {
            out = out.header(k, v);
        }
        let bytes = resp.bytes().await.map_err(fail)?;
        out.body(bytes).map_err(|e| {
            reqsign_core::Error::unexpected("reading a credentials response").with_source(e)
        })
    }
}

impl GcsGenerations {
    pub fn new(
        endpoint: &str,
        bucket: &str,
        prefix: &str,
        anonymous: bool,
        credential_path: Option<&str>,
        vm_metadata: bool,
    ) -> Self {
        let client = reqwest::Client::new();
        let signer = (!anonymous).then(|| {
            let ctx = Context::new()
                .with_file_read(reqsign_file_read_tokio::TokioFileRead)
                .with_http_send(Send(client.clone()))
                .with_env(OsEnv);
            let mut default = DefaultCredentialProvider::builder();
            if !vm_metadata {
                default = default.no_vm_metadata();
            }
            let mut chain = ProvideCredentialChain::new().push(default.build());
            if let Some(p) = credential_path {
                chain = chain.push_front(FileCredentialProvider::new(p).with_scope(SCOPE));
            }
            Signer::new(ctx, chain, RequestSigner::new("storage").with_scope(SCOPE))
        });
        GcsGenerations {
            client,
            endpoint: endpoint.trim_end_matches('/').to_string(),
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
            signer,
        }
    }

    /// The bytes of generation `generation` of the object at `key` (below the prefix).
    pub async fn read(
        &self,
        key: &str,
        generation: &str,
    ) -> Result<impl Stream<Item = reqwest::Result<Bytes>>, String> {
        let name = match self.prefix.as_str() {
            "" => key.trim_start_matches('/').to_string(),
            p => format!("{p}/{}", key.trim_start_matches('/')),
        };
        let url = format!(
            "{}/storage/v1/b/{}/o/{}?alt=media&generation={}",
            self.endpoint,
            encode(&self.bucket),
            encode(&name),
            encode(generation)
        );
        let mut headers = http::HeaderMap::new();
        if let Some(signer) = &self.signer {
            let (mut parts, ()) = http::Request::get(&url)
                .body(())
                .map_err(|e| e.to_string())?
                .into_parts();
            signer
                .sign(&mut parts, None)
                .await
                .map_err(|e| format!("signing the request: {e}"))?;
            parts.headers.remove(http::header::HOST);
            headers = parts.headers;
        }
        let resp = self
            .client
            .get(&url)
            .headers(headers)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match resp.status() {
            s if s.is_success() => Ok(resp.bytes_stream()),
            s if s.as_u16() == 404 => Err(format!("generation {generation} does not exist")),
            s => Err(format!("the server answered {s}")),
        }
    }
}

/// A path segment percent-encoded as the JSON API wants object names: all but unreserved.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn object_names_are_encoded_whole() {
        assert_eq!(
            super::encode("d/sub dir/f+1.txt"),
            "d%2Fsub%20dir%2Ff%2B1.txt"
        );
    }
}
