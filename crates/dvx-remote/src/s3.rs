//! S3 and S3-compatible object stores, through opendal.

use crate::{Download, Downloaded, Remote, RemoteConfig, RemoteError, Upload};
use dvx_odb::Progress;

pub struct S3Remote;

impl S3Remote {
    pub fn new(cfg: &RemoteConfig) -> Result<Self, RemoteError> {
        Err(RemoteError::remote(
            format!("remote '{}': s3:// is not supported yet", cfg.name),
            None,
        ))
    }
}

impl Remote for S3Remote {
    fn exists(&self, _keys: &[String]) -> Result<Vec<bool>, RemoteError> {
        unreachable!()
    }
    fn upload(&self, _: &[Upload], _: usize, _: &dyn Progress) -> Vec<Result<(), RemoteError>> {
        unreachable!()
    }
    fn download(
        &self,
        _: &[Download],
        _: usize,
        _: &dyn Progress,
    ) -> Vec<Result<Downloaded, RemoteError>> {
        unreachable!()
    }
}
