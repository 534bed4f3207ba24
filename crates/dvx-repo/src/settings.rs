//! dvx's own settings, which DVC's config files must never hold (DVC refuses to run on a key it
//! does not know): `.dvx/config` (committed with the repository) and `.dvx/config.local` (this
//! copy's, which wins), in the configobj syntax of DVC's files.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The value of `[section] key` in `root`'s dvx settings, and the file that gave it.
pub fn get(root: &Path, section: &str, key: &str) -> Result<Option<(String, PathBuf)>> {
    let mut found = None;
    for name in ["config", "config.local"] {
        let path = root.join(".dvx").join(name);
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let cfg = dvx_formats::config::ConfigFile::parse(&text)
            .map_err(|e| Error::user(format!("'{}': {e}", path.display())))?;
        if let Some(v) = cfg.get(section, key) {
            found = Some((v.trim().to_string(), path));
        }
    }
    Ok(found)
}
