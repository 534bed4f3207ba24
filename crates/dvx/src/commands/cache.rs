use dvx_repo::config::{read_level, write_level, Level};
use dvx_repo::{Error, Result};

use super::config::level_file;
use super::Env;
use crate::cli::{CacheArgs, CacheCommand};

pub fn run(env: &Env, a: CacheArgs) -> Result<u8> {
    match a.command {
        CacheCommand::Dir(d) => {
            let level = d.level.chosen().unwrap_or(Level::Repo);
            if d.value.is_none() && !d.unset {
                let repo = env.repo()?;
                env.printer.answer(repo.cache_dir().display().to_string());
                return Ok(0);
            }
            let path = level_file(env, level)?;
            let mut file = read_level(&path)?;
            if d.unset {
                file.unset("cache", "dir");
            } else if let Some(v) = &d.value {
                // As DVC: a relative path given on the command line is stored relative to the
                // config file's directory.
                let base = path
                    .parent()
                    .ok_or_else(|| Error::user("config file has no directory"))?;
                file.set(
                    "cache",
                    "dir",
                    &dvx_repo::config::path_to_store(v, &env.cwd, base),
                );
            }
            write_level(&path, &file)?;
            Ok(0)
        }
    }
}
