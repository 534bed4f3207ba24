//! `artifacts get URL NAME [--rev VERSION | --stage STAGE]`: an artifact of DVC's model
//! registry downloaded from the commit its registry tags name (`dvx_formats::gto`), at the
//! path the `artifacts:` section of that commit's `dvc.yaml` gives it.

use std::path::{Path, PathBuf};

use dvx_formats::gto;

use crate::error::{Error, Result};
use crate::external::{get_from, GetOptions, Source};
use crate::Progress;

#[derive(Debug, Default, Clone)]
pub struct ArtifactOptions {
    /// The version to get (`--rev v1.2.0`).
    pub version: Option<String>,
    /// The stage whose newest assignment to get (`--stage prod`).
    pub stage: Option<String>,
    pub out: Option<String>,
    pub force: bool,
    pub jobs: Option<usize>,
}

/// Downloads the artifact; returns where it went and how many files it has.
pub fn get(
    cwd: &Path,
    url: &str,
    name: &str,
    opts: &ArtifactOptions,
    progress: &dyn Progress,
) -> Result<(PathBuf, usize)> {
    let failed = |why: String| Error::user(format!("failed to get '{name}' from '{url}' - {why}"));
    if opts.version.is_some() && opts.stage.is_some() {
        return Err(failed(
            "Artifact version and stage are mutually exclusive.".into(),
        ));
    }
    let not_found = || {
        let at = opts.stage.as_deref().or(opts.version.as_deref());
        let desc = at.map(|a| format!(" @ {a}")).unwrap_or_default();
        failed(format!("Unable to find artifact '{name}{desc}'"))
    };
    let (dirname, short) = gto::split_name(name).ok_or_else(not_found)?;
    let full = match &dirname {
        Some(d) => format!("{d}:{short}"),
        None => short.clone(),
    };
    let source = Source::open(url, None, cwd)?;
    let tags = source.annotated_tags()?;
    let commit = gto::select(&tags, &full, opts.version.as_deref(), opts.stage.as_deref())
        .ok_or_else(not_found)?
        .to_string();
    let source = source.at_commit(&commit);
    let dvc_yaml = match &dirname {
        Some(d) => format!("{d}/dvc.yaml"),
        None => "dvc.yaml".to_string(),
    };
    let text = source.read_text(&dvc_yaml)?.ok_or_else(not_found)?;
    let docs = dvx_formats::yaml::load(&text)
        .map_err(|e| failed(format!("'{dvc_yaml}' at {commit}: {e}")))?;
    let path = docs
        .first()
        .map(|d| &d["artifacts"][short.as_str()]["path"])
        .and_then(dvx_formats::yaml::scalar_text)
        .ok_or_else(not_found)?;
    let path = match &dirname {
        Some(d) => format!("{d}/{path}"),
        None => path,
    };
    let got = get_from(
        cwd,
        Some(&source),
        url,
        &path,
        &GetOptions {
            out: opts.out.clone(),
            rev: None,
            force: opts.force,
            jobs: opts.jobs,
            ..Default::default()
        },
        progress,
    )?;
    Ok((got.clone(), count_files(&got)))
}

fn count_files(p: &Path) -> usize {
    match std::fs::read_dir(p) {
        Ok(entries) => entries.flatten().map(|e| count_files(&e.path())).sum(),
        Err(_) => 1,
    }
}
