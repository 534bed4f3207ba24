use dvx_repo::config::Level;
use dvx_repo::Result;

use super::config::edit;
use super::Env;
use crate::cli::{CacheArgs, CacheCommand, CacheMigrateArgs};

pub fn run(env: &Env, a: CacheArgs) -> Result<u8> {
    match a.command {
        CacheCommand::Migrate(m) => migrate(env, m),
        CacheCommand::Dir(d) => {
            let level = d.level.chosen().unwrap_or(Level::Repo);
            if d.value.is_none() && !d.unset {
                let repo = env.repo()?;
                env.printer.answer(repo.cache_dir().display().to_string());
                return Ok(0);
            }
            edit(env, level, |file, base| {
                if d.unset {
                    file.unset("cache", "dir");
                } else if let Some(v) = &d.value {
                    // As DVC: a relative path given on the command line is stored relative to
                    // the config file's directory.
                    file.set(
                        "cache",
                        "dir",
                        &dvx_repo::config::path_to_store(v, &env.cwd, base),
                    );
                }
                Ok(())
            })?;
            Ok(0)
        }
    }
}

/// `cache migrate [--dvc-files] [--dry]`, with DVC's messages.
fn migrate(env: &Env, a: CacheMigrateArgs) -> Result<u8> {
    use dvx_repo::migrate;
    let repo = env.repo()?;
    let tx = dvx_repo::Transaction::start(&repo, env.wait_for_lock)?;
    if a.dry {
        env.printer.out(format!(
            "{} files will be re-hashed and migrated to the DVC 3.0 cache location.",
            migrate::count_legacy(&tx)?
        ));
    } else {
        let n = migrate::migrate_cache(&tx, &env.progress())?;
        env.printer
            .out(format!("Migrated {n} files to DVC 3.0 cache location."));
    }
    if !a.dvc_files {
        return Ok(0);
    }
    let files = migrate::legacy_pointer_files(&tx)?;
    if files.is_empty() {
        env.printer
            .out("No DVC files in the repo to migrate to the 3.0 format.");
        return Ok(0);
    }
    if a.dry {
        env.printer
            .out("Entries in following DVC files will be migrated to the 3.0 format:");
        for f in &files {
            env.printer.out(format!("\t{f}"));
        }
        return Ok(0);
    }
    let targets: Vec<String> = files
        .iter()
        .map(|f| repo.root.join(f).display().to_string())
        .collect();
    dvx_repo::commit::commit(&tx, &repo.root, &targets, true, &|_| true, &env.progress())?;
    for f in &files {
        env.printer.out(format!("Updating DVC file '{f}'"));
    }
    Ok(0)
}
