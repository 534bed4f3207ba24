//! Repository operations: what each dvx command does, over pointer files, the cache and git.
//!
//! Nothing here prints or exits: operations return reports and typed errors, and report
//! progress through the [`Progress`] handle the caller passes.

pub mod add;
pub mod artifacts;
pub mod checkout;
pub mod commit;
pub mod compare;
pub mod config;
pub mod config_edit;
pub mod data_status;
pub mod diff;
pub mod digest;
pub mod doctor;
pub mod error;
pub mod exp_refs;
pub mod external;
pub mod fetch;
pub mod fsck;
pub mod fsutil;
pub mod gc;
pub mod history;
pub mod hooks;
pub mod imports;
pub mod index;
pub mod init;
pub mod lock;
pub mod manage;
pub mod merge;
pub mod migrate;
pub mod monitor;
pub mod oplog;
pub mod parts;
pub mod pipeline;
pub mod plots;
pub mod record;
pub mod remotes;
pub mod repo;
pub mod repro;
pub mod run_cache;
pub use dvx_scm as scm;
pub mod settings;
pub mod stage;
pub mod stage_add;
pub mod stage_edit;
pub mod stage_lock;
pub mod staged;
pub mod status;
pub mod status_report;
pub mod transaction;
pub mod transfer;
pub mod trash;
pub mod undo;
pub mod url_list;
pub mod url_source;
pub mod walk;
pub mod worktree;

pub use error::{Cause, Error, ErrorKind, Result};
pub use repo::Repo;
pub use transaction::Transaction;

pub use dvx_odb::{NoProgress, Progress};
