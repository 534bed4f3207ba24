//! `init`: create `.dvc/` (config, .gitignore, tmp/) and `.dvcignore`, as DVC does.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, IoContext, Result};
use crate::scm::Git;

pub const DVCIGNORE_TEXT: &str = "# Add patterns of files dvc should ignore, which could improve\n# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n";
const DVC_GITIGNORE: &str = "/config.local\n/tmp\n/cache\n";

#[derive(Debug, Default, Clone)]
pub struct InitOptions {
    pub no_scm: bool,
    pub force: bool,
    /// Allow initialising in a subdirectory of the git work tree.
    pub subdir: bool,
}

/// Initialises a repository in `dir`; returns the files git should track (already staged).
pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vec<PathBuf>> {
    let git = if opts.no_scm {
        None
    } else {
        Git::discover(dir)
    };
    if !opts.no_scm {
        let Some(g) = &git else {
            return Err(Error::user(format!(
                "'{}' is not tracked by any supported SCM tool (e.g. Git)",
                dir.display()
            ))
            .with_hint("run `git init` first, or use `dvx init --no-scm` to work without git")
            .kind(ErrorKind::User));
        };
        let same = fs::canonicalize(&g.root).ok() == fs::canonicalize(dir).ok();
        if !same && !opts.subdir {
            return Err(Error::user(format!(
                "'{}' is not the top of its git work tree ('{}')",
                dir.display(),
                g.root.display()
            ))
            .with_hint("run `dvx init` at the top of the git work tree, or pass --subdir"));
        }
    }
    let dvc_dir = dir.join(".dvc");
    if dvc_dir.exists() {
        if !opts.force {
            return Err(Error::user(format!("'{}' exists", dvc_dir.display()))
                .with_hint("use `-f` to force re-initialisation"));
        }
        fs::remove_dir_all(&dvc_dir).ctx("removing", &dvc_dir)?;
    }
    fs::create_dir_all(dvc_dir.join("tmp")).ctx("creating", &dvc_dir)?;
    let config = dvc_dir.join("config");
    let text = if opts.no_scm {
        "[core]\n    no_scm = True\n"
    } else {
        ""
    };
    fs::write(&config, text).ctx("writing", &config)?;
    let dvcignore = dir.join(".dvcignore");
    if !dvcignore.exists() {
        fs::write(&dvcignore, DVCIGNORE_TEXT).ctx("writing", &dvcignore)?;
    }
    let mut files = vec![config, dvcignore];
    if let Some(g) = &git {
        let gi = dvc_dir.join(".gitignore");
        fs::write(&gi, DVC_GITIGNORE).ctx("writing", &gi)?;
        files.insert(0, gi);
        g.add(&files)?;
    }
    Ok(files)
}
