//! Plots as DVC draws them: their definitions (top-level `plots:` of every `dvc.yaml`, stage
//! outputs marked as plots, files named on the command line; directories unpacked), their
//! data at the workspace and at revisions, and the filled Vega-Lite templates (`--json`,
//! `--show-vega`, the HTML page) or images.

pub mod collect;
pub mod convert;
pub mod data;
pub mod modify;
pub mod render;
pub mod templates;
pub mod vega;

use std::path::Path;

use crate::compare::View;
use crate::error::Result;
use crate::repo::Repo;

pub use collect::{Props, RevPlots};
pub use render::{Options, Rendered, Renderer};

/// Why a plot, a data file or a revision could not be drawn: DVC's exception type name (the
/// `type` of `--json` errors) and message.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotError {
    pub kind: String,
    pub msg: String,
}

impl PlotError {
    pub fn new(kind: &str, msg: impl Into<String>) -> PlotError {
        PlotError {
            kind: kind.to_string(),
            msg: msg.into(),
        }
    }
}

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

/// The revisions `plots diff` draws, as DVC picks them: none given, the workspace (and HEAD
/// first when tracked files changed); one given, it and the workspace; the workspace always
/// first.
pub fn diff_revisions(repo: &Repo, given: &[String]) -> Vec<String> {
    let mut revs: Vec<String> = given.to_vec();
    if revs.len() <= 1 {
        let dirty = repo.scm.as_ref().is_some_and(|g| g.has_changes());
        if revs.is_empty() && dirty {
            revs.push("HEAD".into());
        }
        revs.push("workspace".into());
    }
    workspace_first(revs)
}

fn workspace_first(mut revs: Vec<String>) -> Vec<String> {
    if let Some(i) = revs.iter().position(|r| r == "workspace") {
        revs.remove(i);
        revs.insert(0, "workspace".into());
    }
    revs
}

/// The plots of each revision (targets repository-relative; `props` from the command line).
pub fn collect_revs(
    repo: &Repo,
    revs: &[String],
    targets: &[String],
    props: &Props,
) -> Result<Vec<RevPlots>> {
    let revs = workspace_first(revs.to_vec());
    let mut out = Vec::new();
    for rev in &revs {
        let view = View::open(repo, rev)?;
        out.push(collect::collect(&view, rev, targets, props));
    }
    Ok(out)
}

/// Where DVC looks for templates by name: `.dvc/plots`.
pub fn templates_dir(repo: &Repo) -> std::path::PathBuf {
    repo.dvc_dir.join("plots")
}

/// Whether any revision failed to load something (DVC then says which, on stderr).
pub fn errored(revs: &[RevPlots]) -> Vec<&str> {
    revs.iter()
        .filter(|r| r.errored())
        .map(|r| r.rev.as_str())
        .collect()
}

/// The renderers of collected plots; images are written under `out` (none: embedded).
pub fn renderers(
    repo: &Repo,
    revs: &[RevPlots],
    out: Option<&Path>,
    cwd: &Path,
    warn: &mut dyn FnMut(String),
) -> std::result::Result<Vec<Rendered>, PlotError> {
    let dir = templates_dir(repo);
    let opts = Options {
        out: out.map(Path::to_path_buf),
        templates_dir: Some(&dir),
        cwd,
    };
    render::renderers(revs, &opts, warn)
}
