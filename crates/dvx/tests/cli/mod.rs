mod test_add_compat;
mod test_bad_input;
mod test_cloud;
mod test_commands;
mod test_concurrency;
mod test_data_status;
mod test_diff;
mod test_exp;
mod test_exp_queue;
mod test_exp_run;
mod test_fsck;
mod test_gc;
mod test_hooks;
mod test_hostile;
mod test_import_url;
mod test_import_url_cloud;
mod test_imports;
mod test_interop;
mod test_interrupt;
mod test_kill_matrix;
mod test_legacy;
mod test_long_tail;
mod test_monitor;
mod test_oplog;
mod test_pipelines;
mod test_plots;
mod test_push_pull;
mod test_s3;
mod test_safety;
mod test_ssh;
mod test_web;
mod test_workflow;
mod test_yaml_ruamel;

pub fn env() -> dvx_test::TestEnv {
    dvx_test::TestEnv::new(env!("CARGO_BIN_EXE_dvx"))
}

/// The workspace's files, without git's and dvc's directories.
pub fn work_files(root: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    dvx_test::tree(root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git/") && !p.starts_with(".dvc/"))
        .collect()
}

/// DVC lists the kinds of change in the order a Python set of paths iterates (another in every
/// run): JSON compared with each list sorted.
pub fn sorted_lists(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Array(mut a) => {
            a.sort_by_key(|x| x.to_string());
            serde_json::Value::Array(a)
        }
        serde_json::Value::Object(m) => m.into_iter().map(|(k, v)| (k, sorted_lists(v))).collect(),
        v => v,
    }
}
