//! Experiments: runs of the pipeline with changed params, each kept as a git ref
//! (`refs/exps/<baseline>/<name>`, shared with DVC) on an ordinary commit, compared in a table,
//! applied or branched; and the queue that runs them.
//!
//! Built on dvx-repo: its repro engine runs the stages, `dvx_scm` makes the commits and refs.

pub mod apply;
pub mod clean;
pub mod manage;
pub mod names;
pub mod queue;
pub mod run;
pub mod save;
pub mod select;
pub mod show;
mod show_cache;
pub mod sync;

pub use select::Selection;
