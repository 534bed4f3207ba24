use dvx_repo::init::{init, InitOptions};
use dvx_repo::Result;

use super::Env;
use crate::cli::InitArgs;

pub fn run(env: &Env, a: InitArgs) -> Result<u8> {
    init(
        &env.cwd,
        &InitOptions {
            no_scm: a.no_scm,
            force: a.force,
            subdir: a.subdir,
        },
    )?;
    env.printer.out("Initialized DVC repository.");
    if !a.no_scm {
        env.printer.out("\nYou can now commit the changes to git.");
    }
    Ok(0)
}
