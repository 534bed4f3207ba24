use std::path::Path;

use dvx_repo::fsutil::absolutize;
use dvx_repo::Result;

use super::Env;
use crate::cli::CheckIgnoreArgs;

/// Prints the targets a .dvcignore excludes; exit 0 if any is, 1 if none, as DVC.
pub fn run(env: &Env, a: CheckIgnoreArgs) -> Result<u8> {
    let repo = env.repo()?;
    let mut any = false;
    for t in &a.targets {
        let abs = absolutize(&env.cwd, Path::new(t));
        let hit = dvx_repo::walk::dvcignore_match(&repo.root, &abs);
        match (&hit, a.details) {
            (Some((file, line, pat)), true) => {
                env.printer.answer(format!("{file}:{line}:{pat}\t{t}"))
            }
            (Some(_), false) => env.printer.answer(t),
            (None, true) if a.non_matching => env.printer.answer(format!("::\t{t}")),
            _ => {}
        }
        any |= hit.is_some();
    }
    Ok(if any { 0 } else { 1 })
}
