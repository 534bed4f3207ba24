//! The experiment queue: `exp run --queue` records each experiment as a task (its files as a
//! commit under `refs/dvx/queue/<id>`, the `-S` overrides already applied), and workers run the
//! tasks in temporary copies of the repository, sharing the cache.
//!
//! No broker and no daemon: the state is files under `.dvc/tmp/exps/dvx-queue/` — one JSON
//! file per task, written atomically, and file locks (`flock`) that the kernel releases when a
//! process dies. A worker holds its slot's lock while it lives, and a task's lock while it runs
//! it: a task marked running whose lock is free was running in a process that died, and is
//! failed. Finished runs are ordinary experiment refs; a failed one keeps its log.

mod enqueue;
mod remove;
mod state;
mod worker;

pub use enqueue::enqueue;
pub use remove::{find, remove, RemoveWhich};
pub use state::{Queue, Task, TaskStatus};
pub use worker::{kill, start, stop, work, Executor, LocalWorkers};
