//! A pipeline stage against its `dvc.lock` entry: whether it changed and how (`status`), and
//! recording it (`save`: outputs into the cache, `.gitignore`, the lock entry, a run-cache
//! entry). Shared by `repro`, `commit` and `status`, so that none of them calls another.

pub mod commit;
pub mod save;
pub mod status;

/// Messages for the user while stages are recorded ("Updating lock file ..."). (The repository
/// lock is let go while a command runs, through the [`crate::Transaction`]: the command may call
/// dvc or dvx itself, as DVC allows.)
pub trait ReproUi {
    fn say(&self, msg: &str);

    /// Asks the user to confirm `statement` (`-i`); no one to ask means no.
    fn confirm(&mut self, statement: &str) -> bool {
        let _ = statement;
        false
    }
}
