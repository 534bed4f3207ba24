//! The operation log: every command that changes data is recorded, `op undo` puts the
//! workspace, pointer files and cache back byte for byte (and undoing the undo redoes it),
//! `op restore` goes back several operations, gc's trash brings objects back, a change made by
//! DVC is noticed, and a kill -9 never leaves a half-recorded operation.

use std::fs;
use std::path::Path;
use std::time::Duration;

use dvx_test::{assert_same_tree, recorded_md5, tree, write, TestEnv, DVC3};

use super::env;
use super::test_interrupt::kill_after;

/// The workspace with its pointer files and the cache's objects: everything an undo must put
/// back (git's directory, dvx's own files under `.dvc/tmp` and the cache's trash aside).
fn snapshot(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(repo)
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with(".git/")
                && !p.starts_with(".dvc/tmp/")
                && !p.starts_with(".dvc/cache/dvx/")
                && !p.starts_with(".dvc/cache/.dvx-tmp")
        })
        .collect()
}

fn dvc_status(env: &TestEnv, repo: &Path) -> String {
    env.dvc(DVC3, repo, &["status"]).ok().stdout
}

/// Runs `args`, which must change something; `op undo` must put everything back as it was
/// (DVC's status too), and undoing the undo must bring the command's result back.
#[track_caller]
fn undo_and_redo(env: &TestEnv, repo: &Path, args: &[&str]) {
    undo_and_redo_keeping(env, repo, args, false)
}

/// [`undo_and_redo`]; with `referenced_stay`, the objects the command brought into the cache
/// that committed pointer files reference stay there after the undo (as after a `fetch`), and
/// the rest is put back byte for byte.
#[track_caller]
fn undo_and_redo_keeping(env: &TestEnv, repo: &Path, args: &[&str], referenced_stay: bool) {
    let before = snapshot(repo);
    let status_before = dvc_status(env, repo);
    env.dvx(repo, args).ok();
    let after = snapshot(repo);
    assert_ne!(before, after, "`dvx {}` changed nothing", args.join(" "));
    let log = env.dvx(repo, &["op", "log", "-n", "1"]).ok().stdout;
    assert!(
        log.contains(&format!("dvx {}", args.join(" "))),
        "the newest operation is `dvx {}`:\n{log}",
        args.join(" ")
    );
    env.dvx(repo, &["op", "undo"]).ok().stdout_has("Undid ");
    let undone = snapshot(repo);
    let (undone, before_cmp) = if referenced_stay {
        let outside = |t: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
            t.iter()
                .filter(|(p, _)| !p.starts_with(".dvc/cache/"))
                .cloned()
                .collect()
        };
        let cached_now: Vec<_> = undone
            .iter()
            .filter(|(p, _)| p.starts_with(".dvc/cache/"))
            .collect();
        let cached_after: Vec<_> = after
            .iter()
            .filter(|(p, _)| p.starts_with(".dvc/cache/"))
            .collect();
        assert_eq!(cached_now, cached_after, "the referenced objects stay");
        (outside(&undone), outside(&before))
    } else {
        (undone, before.clone())
    };
    assert_same_tree(
        &before_cmp,
        &undone,
        &format!("after undoing `dvx {}`", args.join(" ")),
    );
    let status_now = dvc_status(env, repo);
    if referenced_stay {
        // the data is cached now: DVC calls the missing outputs deleted, not "not in cache"
        assert_eq!(
            status_before.replace("not in cache:  ", "deleted:       "),
            status_now,
            "dvc status after undoing `dvx {}`",
            args.join(" ")
        );
    } else {
        assert_eq!(
            status_before,
            status_now,
            "dvc status after undoing `dvx {}`",
            args.join(" ")
        );
    }
    env.dvx(repo, &["op", "undo"]).ok();
    assert_same_tree(
        &after,
        &snapshot(repo),
        &format!("after redoing `dvx {}`", args.join(" ")),
    );
}

/// `op log --json`: the operations, newest first.
fn op_log(env: &TestEnv, repo: &Path) -> serde_json::Value {
    serde_json::from_str(&env.dvx(repo, &["op", "log", "--json"]).ok().stdout).unwrap()
}

fn commit_all(env: &TestEnv, repo: &Path, msg: &str) {
    env.git(repo, &["add", "-A"]).ok();
    env.git(repo, &["commit", "-qm", msg]).ok();
}

#[test]
fn each_recorded_command_is_undone_byte_for_byte_and_redone() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("data/a.txt"), "one\n");
    write(&repo.join("data/d/x"), "x1\n");
    write(&repo.join("data/d/sub/y"), "y1\n");
    undo_and_redo(&env, &repo, &["add", "data/a.txt"]);
    undo_and_redo(&env, &repo, &["add", "data/d"]);
    commit_all(&env, &repo, "v1");

    // a modified file added again, a modified directory committed
    write(&repo.join("data/a.txt"), "two\n");
    undo_and_redo(&env, &repo, &["add", "data/a.txt"]);
    write(&repo.join("data/d/x"), "x2\n");
    undo_and_redo(&env, &repo, &["commit", "-f", "data/d.dvc"]);
    commit_all(&env, &repo, "v2");

    // checkout -f over unsaved edits: the undo brings the edited bytes back
    write(&repo.join("data/a.txt"), "unsaved edit\n");
    write(
        &repo.join("data/d/sub/y"),
        "unsaved edit of a file in a directory\n",
    );
    write(
        &repo.join("data/d/new"),
        "a new file in a tracked directory\n",
    );
    undo_and_redo(&env, &repo, &["checkout", "-f"]);
    assert_eq!(
        fs::read_to_string(repo.join("data/a.txt")).unwrap(),
        "two\n"
    );
    env.dvx(&repo, &["op", "undo"]).ok();
    assert_eq!(
        fs::read_to_string(repo.join("data/a.txt")).unwrap(),
        "unsaved edit\n"
    );
    assert_eq!(
        fs::read_to_string(repo.join("data/d/sub/y")).unwrap(),
        "unsaved edit of a file in a directory\n"
    );
    env.dvx(&repo, &["checkout", "-f"]).ok();

    undo_and_redo(&env, &repo, &["remove", "--outs", "data/a.txt.dvc"]);
    undo_and_redo(&env, &repo, &["move", "data/d", "data/e"]);
    commit_all(&env, &repo, "v3");

    // a pipeline's run
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  count:\n    cmd: cat data/e/x data/e/sub/y > out.txt\n    deps:\n    - data/e\n    outs:\n    - out.txt\n",
    );
    commit_all(&env, &repo, "pipeline");
    undo_and_redo(&env, &repo, &["repro"]);
    commit_all(&env, &repo, "ran");

    // pull from a remote into an empty cache and workspace
    let remote = env.path("remote");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "r", remote.to_str().unwrap()],
    )
    .ok();
    env.dvx(&repo, &["push"]).ok();
    commit_all(&env, &repo, "remote");
    fs::remove_dir_all(repo.join("data/e")).unwrap();
    fs::remove_file(repo.join("out.txt")).unwrap();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    undo_and_redo_keeping(&env, &repo, &["pull"], true);

    // the log lists them all, newest first, with their exit codes
    let log = op_log(&env, &repo);
    let ops = log.as_array().unwrap();
    assert!(ops.len() >= 20, "{} operations recorded", ops.len());
    assert_eq!(ops[0]["command"][1], "op");
    assert!(ops.iter().all(|o| o["exit"] == 0), "{log}");
}

#[test]
fn op_restore_goes_back_several_operations_and_show_names_each_path() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("a"), "1\n");
    env.dvx(&repo, &["add", "a"]).ok();
    let first = env.dvx(&repo, &["op", "log", "--json"]).ok().stdout;
    let first: serde_json::Value = serde_json::from_str(&first).unwrap();
    let id = first[0]["id"].as_str().unwrap().to_string();
    let at_first = snapshot(&repo);
    write(&repo.join("a"), "2\n");
    env.dvx(&repo, &["add", "a"]).ok();
    write(&repo.join("b"), "3\n");
    env.dvx(&repo, &["add", "b"]).ok();
    let shown = env.dvx(&repo, &["op", "show", &id[..6]]).ok().stdout;
    assert!(shown.contains("A a.dvc"), "{shown}");
    assert!(
        shown.contains("M .gitignore") || shown.contains("A .gitignore"),
        "{shown}"
    );
    env.dvx(&repo, &["op", "restore", &id]).ok();
    // the data file keeps what the user wrote (adding never changed it); pointers and cache
    // are as they were after the first add
    let mut expected = at_first.clone();
    expected.retain(|(p, _)| p != "a");
    expected.push(("a".into(), b"2\n".to_vec()));
    expected.push(("b".into(), b"3\n".to_vec()));
    expected.sort();
    assert_same_tree(&expected, &snapshot(&repo), "after op restore");
    env.dvx(&repo, &["op", "restore", "zzzz"])
        .fails()
        .stderr_has("no operation 'zzzz'");
}

#[test]
fn gc_goes_to_a_trash_that_undo_empties_back_and_expiry_keeps_what_is_recent() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("data/a"), "v1\n");
    env.dvx(&repo, &["add", "data/a"]).ok();
    commit_all(&env, &repo, "v1");
    env.git(&repo, &["branch", "-M", "main"]).ok();
    env.git(&repo, &["checkout", "-qb", "other"]).ok();
    write(&repo.join("data/a"), "other branch\n");
    env.dvx(&repo, &["add", "data/a"]).ok();
    commit_all(&env, &repo, "other");
    let main = "main";
    env.git(&repo, &["checkout", "-q", main]).ok();
    env.dvx(&repo, &["checkout"]).ok();
    write(&repo.join("data/a"), "v2\n");
    env.dvx(&repo, &["add", "data/a"]).ok();
    commit_all(&env, &repo, "v2");
    let cache_before = tree(&repo.join(".dvc/cache/files"));

    // an old trash directory (as a gc of long ago left it) and a recent one
    let old = repo.join(".dvc/cache/dvx/trash/1000-0123456789ab/files/md5/00");
    write(&old.join("0000000000000000000000000000aa"), "old\n");
    let out = env.dvx(&repo, &["gc", "-w", "-f"]).ok().stdout;
    assert!(out.contains("Removed 2 objects from repo cache."), "{out}");
    assert!(out.contains("kept 14 days"), "{out}");
    assert!(
        out.contains("1 objects (4 B) older than 14 days removed for good"),
        "{out}"
    );
    assert!(!old.exists(), "the expired trash is gone");
    // dvc checks out every revision only after the undo
    env.git(&repo, &["checkout", "-q", "other"]).ok();
    env.dvc(DVC3, &repo, &["checkout", "-f"]).fails();
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    env.dvx(&repo, &["checkout", "-f"]).ok();
    let log = op_log(&env, &repo);
    let gc_id = log
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["command"][1] == "gc")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    env.dvx(&repo, &["op", "undo", &gc_id]).ok();
    assert_same_tree(
        &cache_before,
        &tree(&repo.join(".dvc/cache/files")),
        "the cache after undoing gc",
    );
    for rev in ["other", "main~1", "main"] {
        env.git(&repo, &["checkout", "-q", rev]).ok();
        env.dvc(DVC3, &repo, &["checkout", "-f"]).ok();
    }
    env.git(&repo, &["checkout", "-q", "main"]).ok();

    // a second gc, then emptying: only what is older than the age given goes
    env.dvx(&repo, &["gc", "-w", "-f"]).ok();
    env.dvx(&repo, &["gc", "--empty-trash", "--older-than", "1d"])
        .ok()
        .stdout_has("0 objects");
    env.dvx(&repo, &["gc", "--empty-trash"])
        .ok()
        .stdout_has("2 objects");
    // the retention is dvx's own setting, never DVC's config
    write(&repo.join(".dvx/config"), "[gc]\n    trash_days = 3\n");
    write(&repo.join("scratch"), "unused soon\n");
    env.dvx(&repo, &["add", "scratch"]).ok();
    fs::remove_file(repo.join("scratch.dvc")).unwrap();
    env.dvx(&repo, &["gc", "-w", "-f"])
        .ok()
        .stdout_has("kept 3 days");
    env.dvc(DVC3, &repo, &["status"]).ok();
}

#[test]
fn a_change_made_by_dvc_is_noticed_and_not_undone() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("a.txt"), "by dvx\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    write(&repo.join("a.txt"), "by dvc\n");
    env.dvc(DVC3, &repo, &["add", "a.txt"]).ok();
    let before = snapshot(&repo);
    env.dvx(&repo, &["op", "undo"])
        .fails()
        .stderr_has("cannot undo operation")
        .stderr_has("a.txt.dvc: now text of");
    assert_same_tree(&before, &snapshot(&repo), "after the refused undo");
}

/// The newest operation's paths, from `op show --json`.
fn newest_paths(env: &TestEnv, repo: &Path) -> Vec<serde_json::Value> {
    let log = op_log(env, repo);
    let id = log[0]["id"].as_str().unwrap().to_string();
    let shown = env.dvx(repo, &["op", "show", &id, "--json"]).ok().stdout;
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    shown["paths"].as_array().unwrap().clone()
}

/// A directory output checked out where nothing was is recorded as one path (its `.dir`), not
/// one per file: undone whole, refused once a file in it changed, and recorded as what it
/// holds when the checkout was killed part way.
#[test]
fn a_directory_checked_out_where_nothing_was_is_one_path() {
    let env = env();
    let repo = env.dvx_repo("repo");
    for i in 0..2000 {
        write(
            &repo.join(format!("data/{}/f{i}", i % 20)),
            format!("{i}\n"),
        );
    }
    env.dvx(&repo, &["add", "-q", "data"]).ok();
    commit_all(&env, &repo, "data");
    let md5 = &recorded_md5(&repo.join("data.dvc"));
    let key = format!("files/md5/{}/{}.dir", &md5[..2], &md5[2..]);
    fs::remove_dir_all(repo.join("data")).unwrap();
    let before = snapshot(&repo);
    env.dvx(&repo, &["checkout"]).ok();
    let after = snapshot(&repo);
    let paths = newest_paths(&env, &repo);
    assert_eq!(
        paths,
        vec![serde_json::json!({
            "path": "data",
            "before": {"kind": "absent"},
            "after": {"kind": "tree", "key": key, "files": 2000}
        })]
    );
    let shown = env
        .dvx(
            &repo,
            &["op", "show", op_log(&env, &repo)[0]["id"].as_str().unwrap()],
        )
        .ok()
        .stdout;
    assert!(shown.contains("data"), "{shown}");

    // a file changed since: the undo names the directory and touches nothing
    write(&repo.join("data/3/f3"), "edited\n");
    let edited = snapshot(&repo);
    env.dvx(&repo, &["op", "undo"])
        .fails()
        .stderr_has("data: now a directory of 2000 files")
        .stderr_has(&format!("left a directory of 2000 files, md5 {md5}.dir"));
    assert_same_tree(&edited, &snapshot(&repo), "after the refused undo");
    write(&repo.join("data/3/f3"), "3\n");
    env.dvx(&repo, &["op", "undo"]).ok();
    assert_same_tree(&before, &snapshot(&repo), "after the undo");
    env.dvx(&repo, &["op", "undo"]).ok();
    assert_same_tree(&after, &snapshot(&repo), "after the redo");

    // killed part way: the next command records the directory as it found it, and its undo
    // removes what the checkout made
    let mut interrupted = 0;
    for ms in [20u64, 50, 100, 150, 200, 300, 500, 800] {
        let _ = fs::remove_dir_all(repo.join("data"));
        if !kill_after(&env, &repo, &["checkout"], Duration::from_millis(ms)) {
            continue;
        }
        env.dvx(&repo, &["status"]).ok();
        let log = op_log(&env, &repo);
        if log[0]["status"] != "interrupted" {
            continue;
        }
        interrupted += 1;
        let paths = newest_paths(&env, &repo);
        if repo.join("data").exists() {
            assert_eq!(paths.len(), 1, "{paths:?}");
            assert_eq!(paths[0]["path"], "data");
            assert!(["tree", "directory"].contains(&paths[0]["after"]["kind"].as_str().unwrap()));
            env.dvx(&repo, &["op", "undo"]).ok();
            assert!(
                !repo.join("data").exists(),
                "the undo removes what the checkout made"
            );
        }
    }
    assert!(interrupted > 0, "no checkout was killed part way");
}

#[test]
fn kill_9_while_recording_leaves_whole_operations_and_a_working_repository() {
    let env = env();
    let repo = env.dvx_repo("repo");
    for i in 0..3000 {
        write(
            &repo.join(format!("data/{}/f{i}", i % 30)),
            format!("{i}\n"),
        );
    }
    env.dvx(&repo, &["add", "-q", "data"]).ok();
    commit_all(&env, &repo, "data");
    let mut killed = 0;
    let mut interrupted = 0;
    for ms in [5u64, 20, 60, 120, 250] {
        // edits the checkout overwrites, then the checkout killed part way
        for i in (0..3000).step_by(7) {
            write(
                &repo.join(format!("data/{}/f{i}", i % 30)),
                format!("edited {i}\n"),
            );
        }
        killed += kill_after(&env, &repo, &["checkout", "-f"], Duration::from_millis(ms)) as usize;
        // the next command records what the dead one did, then works
        env.dvx(&repo, &["status"]).ok();
        let log = op_log(&env, &repo);
        for op in log.as_array().unwrap() {
            let id = op["id"].as_str().unwrap();
            let shown = env.dvx(&repo, &["op", "show", id, "--json"]).ok().stdout;
            let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
            assert_eq!(shown["id"], id);
        }
        let newest = &log[0];
        if newest["status"] == "interrupted" {
            interrupted += 1;
            // what the killed checkout overwrote comes back
            env.dvx(&repo, &["op", "undo"]).ok();
            for i in (0..3000).step_by(7) {
                assert_eq!(
                    fs::read_to_string(repo.join(format!("data/{}/f{i}", i % 30))).unwrap(),
                    format!("edited {i}\n")
                );
            }
        }
        assert!(
            fs::read_dir(repo.join(".dvc/tmp/dvx/oplog/pending"))
                .map(|d| d.count())
                .unwrap_or(0)
                == 0,
            "no journal is left once recovered"
        );
        env.dvx(&repo, &["checkout", "-f"]).ok();
    }
    assert!(killed > 0, "every checkout finished before its kill");
    eprintln!("{killed} kills, {interrupted} interrupted operations undone");
}

#[test]
fn exp_apply_over_uncommitted_edits_is_undone() {
    let env = env();
    let repo = super::test_exp_run::pipeline_repo(&env);
    env.dvx(&repo, &["exp", "run", "-S", "lr=0.7", "-n", "seven"])
        .ok();
    env.git(&repo, &["checkout", "-q", "--", "params.yaml"])
        .ok();
    env.dvx(&repo, &["repro", "-q"]).ok();
    // an edit of an output's data that is nowhere else
    fs::remove_file(repo.join("model.txt")).unwrap();
    write(&repo.join("model.txt"), "hand-made model\n");
    // and an edit of a file git tracks, which apply writes through git
    let params = fs::read_to_string(repo.join("params.yaml")).unwrap() + "# mine\n";
    write(&repo.join("params.yaml"), &params);
    env.dvx(&repo, &["exp", "apply", "seven"]).ok();
    assert_eq!(
        fs::read_to_string(repo.join("model.txt")).unwrap(),
        "0.7 2 rows\n"
    );
    let log = env.dvx(&repo, &["op", "log", "-n", "1"]).ok().stdout;
    assert!(log.contains("dvx exp apply seven"), "{log}");
    env.dvx(&repo, &["op", "undo"]).ok();
    assert_eq!(
        fs::read_to_string(repo.join("model.txt")).unwrap(),
        "hand-made model\n"
    );
    assert_eq!(
        fs::read_to_string(repo.join("params.yaml")).unwrap(),
        params
    );
}

#[test]
fn undoing_an_older_add_keeps_the_object_a_later_add_shares() {
    let env = env();
    let repo = env.dvx_repo("repo");
    // in two directories: each has its own .gitignore, which the undo must find as it left it
    write(&repo.join("d1/a"), "same bytes\n");
    env.dvx(&repo, &["add", "d1/a"]).ok();
    let log = op_log(&env, &repo);
    let first = log[0]["id"].as_str().unwrap().to_string();
    assert_eq!(log[0]["cache_added"], 1);
    write(&repo.join("d2/b"), "same bytes\n");
    env.dvx(&repo, &["add", "d2/b"]).ok();
    env.dvx(&repo, &["op", "undo", &first]).ok();
    assert!(!repo.join("d1/a.dvc").exists());
    let key = dvx_test::md5_hex(b"same bytes\n");
    assert!(
        repo.join(format!(".dvc/cache/files/md5/{}/{}", &key[..2], &key[2..]))
            .exists(),
        "b.dvc still needs the object the first add created"
    );
    env.dvc(DVC3, &repo, &["status", "d2/b.dvc"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn experiment_refs_are_recorded_and_put_back() {
    let env = env();
    let repo = super::test_exp_run::pipeline_repo(&env);
    let before = snapshot(&repo);
    env.dvx(&repo, &["exp", "run", "-S", "lr=0.7", "-n", "seven"])
        .ok();
    let shown = env.dvx(&repo, &["op", "show", "HEAD"]).fails();
    assert!(shown.stderr.contains("no operation 'HEAD'"), "{shown:?}");
    let log = op_log(&env, &repo);
    assert_eq!(log[0]["command"][2], "run");
    assert!(log[0]["refs"].as_u64().unwrap() >= 1, "{log}");
    // removing the experiment, then taking the removal back: DVC lists it again
    env.dvx(&repo, &["exp", "remove", "seven"]).ok();
    env.dvc(DVC3, &repo, &["exp", "list", "--name-only"])
        .ok()
        .stdout_lacks("seven");
    env.dvx(&repo, &["op", "undo"])
        .ok()
        .stdout_has("1 git ref put back");
    env.dvc(DVC3, &repo, &["exp", "list", "--name-only"])
        .ok()
        .stdout_has("seven");
    // and taking the run back: no experiment, the workspace as before the run
    env.dvx(&repo, &["op", "restore", log[1]["id"].as_str().unwrap()])
        .ok();
    env.dvc(DVC3, &repo, &["exp", "list", "--name-only"])
        .ok()
        .stdout_lacks("seven");
    // (the cache keeps what the restore itself overwrote: params.yaml as the run left it)
    let outside_cache = |t: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with(".dvc/cache/"))
            .collect()
    };
    assert_same_tree(
        &outside_cache(before),
        &outside_cache(snapshot(&repo)),
        "after taking the run back",
    );
}

#[test]
fn push_is_recorded_and_its_undo_empties_a_directory_remote_back() {
    let env = env();
    let repo = env.dvx_repo("repo");
    let store = env.path("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "r", store.to_str().unwrap()],
    )
    .ok();
    write(&repo.join("data/old.txt"), "pushed before\n");
    env.dvx(&repo, &["add", "data/old.txt"]).ok();
    env.dvx(&repo, &["push"]).ok();
    let remote_before = tree(&store);
    assert!(!remote_before.is_empty());
    write(&repo.join("data/d/x"), "x\n");
    write(&repo.join("data/d/sub/y"), "y\n");
    write(&repo.join("data/new.txt"), "new\n");
    env.dvx(&repo, &["add", "data/d", "data/new.txt"]).ok();
    // DVC lists them in no fixed order
    let cloud_status = || {
        let out = env.dvc(DVC3, &repo, &["status", "-c"]).ok().stdout;
        let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let status_before = cloud_status();
    assert_eq!(status_before.len(), 4, "{status_before:?}");
    env.dvx(&repo, &["push"]).ok().stdout_has("4 files pushed");
    let remote_after = tree(&store);
    // the operation lists what it uploaded: two files, a manifest, one more file
    let log = op_log(&env, &repo);
    assert_eq!(log[0]["command"][1], "push");
    assert_eq!(log[0]["remote_objects"], 4);
    let id = log[0]["id"].as_str().unwrap().to_string();
    let shown = env.dvx(&repo, &["op", "show", &id]).ok().stdout;
    assert_eq!(
        shown.matches("remote 'r': uploaded files/md5/").count(),
        4,
        "{shown}"
    );
    assert!(shown.contains(".dir"), "{shown}");
    // undo: the remote holds what it held before (the rest waits in its trash), and DVC sees
    // the data as not pushed again
    env.dvx(&repo, &["op", "undo"])
        .ok()
        .stdout_has("4 remote objects moved to the remote's trash");
    let outside_trash = |t: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with("dvx/"))
            .collect()
    };
    assert_same_tree(
        &remote_before,
        &outside_trash(tree(&store)),
        "the remote after undoing push",
    );
    assert_eq!(cloud_status(), status_before);
    // undoing the undo puts them back
    env.dvx(&repo, &["op", "undo"])
        .ok()
        .stdout_has("4 remote objects brought back from the remote's trash");
    assert_same_tree(
        &remote_after,
        &outside_trash(tree(&store)),
        "the remote after redoing push",
    );
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'r' are in sync.");
}

#[test]
fn an_experiment_run_in_a_temporary_copy_is_recorded_in_the_repository() {
    let env = env();
    let repo = super::test_exp_run::pipeline_repo(&env);
    let before = snapshot(&repo);
    env.dvx(
        &repo,
        &["exp", "run", "--temp", "-S", "lr=0.3", "-n", "three"],
    )
    .ok();
    let log = op_log(&env, &repo);
    assert_eq!(log[0]["command"][3], "--temp", "{log}");
    assert_eq!(log[0]["refs"], 1, "{log}");
    assert_eq!(
        log[0]["paths"], 0,
        "the copy's files are not the workspace's: {log}"
    );
    // model.txt and the run-cache entry at least
    assert!(log[0]["cache_added"].as_u64().unwrap() >= 2, "{log}");
    assert_ne!(before, snapshot(&repo), "the run added to the shared cache");
    env.dvx(&repo, &["op", "undo"])
        .ok()
        .stdout_has("1 git ref put back")
        .stdout_lacks("0 paths");
    env.dvc(DVC3, &repo, &["exp", "list", "--name-only"])
        .ok()
        .stdout_lacks("three");
    assert_same_tree(&before, &snapshot(&repo), "after undoing the run");
}

#[test]
fn import_update_and_fetch_are_undone_byte_for_byte() {
    let env = env();
    let src = env.dvx_repo("src");
    write(&src.join("a.txt"), "version one\n");
    env.dvx(&src, &["add", "a.txt"]).ok();
    commit_all(&env, &src, "v1");
    let repo = env.dvx_repo("repo");
    let source = src.to_str().unwrap();
    undo_and_redo(&env, &repo, &["import", source, "a.txt", "-o", "b.txt"]);
    commit_all(&env, &repo, "imported");
    write(&src.join("a.txt"), "version two\n");
    env.dvx(&src, &["add", "a.txt"]).ok();
    commit_all(&env, &src, "v2");
    undo_and_redo(&env, &repo, &["update", "b.txt.dvc"]);
    assert_eq!(
        fs::read_to_string(repo.join("b.txt")).unwrap(),
        "version two\n"
    );
    commit_all(&env, &repo, "updated");
    // fetch into an emptied cache (the import's data from its source, the rest from the
    // remote): what it brings is referenced, so an undo leaves it where pointer files name it
    let store = env.path("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "r", store.to_str().unwrap()],
    )
    .ok();
    write(&repo.join("c.txt"), "pushed\n");
    env.dvx(&repo, &["add", "c.txt"]).ok();
    env.dvx(&repo, &["push"]).ok();
    commit_all(&env, &repo, "c");
    fs::remove_dir_all(repo.join(".dvc/cache/files")).unwrap();
    fs::remove_file(repo.join("b.txt")).unwrap();
    fs::remove_file(repo.join("c.txt")).unwrap();
    undo_and_redo_keeping(&env, &repo, &["fetch"], true);
}
