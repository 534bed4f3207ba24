//! Whether an import's source has moved on: `status` asks this of every import pointer file.

use std::path::Path;

use dvx_formats::import::ImportDep;

use crate::repo::Repo;

/// An import whose revision now names a newer commit than the one recorded.
#[derive(Debug)]
pub struct ImportUpdate {
    /// The pointer file, repository-relative.
    pub stage: String,
    /// The dependency as DVC shows it: `path (url)`.
    pub dep: String,
    /// Ok(true): update available; Err: the source could not be read (the reason).
    pub available: std::result::Result<bool, String>,
}

/// For `status`: which of the imports (pointer file, dependency) have an update available
/// (each source and revision is opened once).
pub fn import_updates<'a>(
    repo: &Repo,
    cwd: &Path,
    imports: impl IntoIterator<Item = (&'a str, &'a ImportDep)>,
) -> Vec<ImportUpdate> {
    let mut heads: std::collections::HashMap<
        (String, Option<String>),
        std::result::Result<String, String>,
    > = std::collections::HashMap::new();
    let mut out = Vec::new();
    // without a recorded commit (`import --no-exec`) the import follows its revision: DVC
    // sees no update
    for (stage, dep) in imports.into_iter().filter(|(_, d)| d.rev_lock.is_some()) {
        let key = (
            format!("{}{:?}{:?}", dep.url, dep.config, dep.remote),
            dep.rev.clone(),
        );
        let head = heads
            .entry(key)
            .or_insert_with(|| {
                super::open_import_source(repo, cwd, dep, dep.rev.as_deref())
                    .map(|s| s.commit.clone())
                    .map_err(|e| e.to_string())
            })
            .clone();
        out.push(ImportUpdate {
            stage: stage.to_string(),
            dep: format!("{} ({})", dep.path, dep.url),
            available: head.map(|h| dep.rev_lock.as_deref() != Some(h.as_str())),
        });
    }
    out
}
