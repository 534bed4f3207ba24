//! Experiments' refs shared with DVC 3.67.1: experiments DVC runs are listed, branched and
//! removed by dvx exactly as DVC does it, and DVC sees what dvx changed.

use std::path::Path;

use dvx_test::{dvc_binary, write, TestEnv, DVC3};

use super::env;

const DVC_YAML: &str = "stages:\n  train:\n    cmd: cat params.yaml > model.txt\n    params: [lr]\n    outs: [model.txt]\n";

/// A repository with two commits (the first tagged `v1`): two experiments DVC ran on the first
/// (`mine` and a generated name), one on the second (`later`).
fn repo_with_experiments(env: &TestEnv) -> std::path::PathBuf {
    let repo = env.dvx_repo("r");
    write(&repo.join("params.yaml"), "lr: 0.1\n");
    write(&repo.join("dvc.yaml"), DVC_YAML);
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "pipeline"]).ok();
    env.git(&repo, &["tag", "v1"]).ok();
    dvc_exp_run(env, &repo, &["-S", "lr=0.2"]);
    dvc_exp_run(env, &repo, &["-n", "mine", "-S", "lr=0.3"]);
    write(&repo.join("params.yaml"), "lr: 0.5\n");
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.git(&repo, &["commit", "-qam", "second"]).ok();
    dvc_exp_run(env, &repo, &["-n", "later", "-S", "lr=0.6"]);
    repo
}

/// `dvc exp run ARGS`. The harness pins git's dates in ISO form, which DVC's own git
/// committer refuses ("Git commit failed"): DVC's experiment commits get the real time.
fn dvc_exp_run(env: &TestEnv, repo: &Path, args: &[&str]) {
    let out = env
        .command(dvc_binary(DVC3), repo)
        .args(["exp", "run", "-q"])
        .args(args)
        .env_remove("GIT_AUTHOR_DATE")
        .env_remove("GIT_COMMITTER_DATE")
        .output()
        .expect("running dvc exp run");
    assert!(
        out.status.success(),
        "dvc exp run {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `exp list ARGS` of both tools must agree. DVC's order of baselines and of experiments varies
/// from run to run (it iterates a hash set), dvx's follows the refs' names: the blocks (a
/// baseline line and its experiments) and their lines are compared as sets.
fn both_list(env: &TestEnv, repo: &Path, args: &[&str]) -> String {
    let mut full = vec!["exp", "list"];
    full.extend_from_slice(args);
    let theirs = env.dvc(DVC3, repo, &full).ok().stdout;
    let ours = env.dvx(repo, &full).ok().stdout;
    assert_eq!(
        blocks(&ours),
        blocks(&theirs),
        "exp list {args:?}:\n{ours}\n{theirs}"
    );
    ours
}

fn blocks(out: &str) -> Vec<Vec<String>> {
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for line in out.lines() {
        if line.starts_with('\t') && !blocks.is_empty() {
            blocks.last_mut().unwrap().push(line.to_string());
        } else if line.ends_with(':') || blocks.is_empty() {
            blocks.push(vec![line.to_string()]);
        } else {
            blocks.last_mut().unwrap().push(line.to_string());
        }
    }
    for b in &mut blocks {
        b[1..].sort();
    }
    blocks.sort();
    blocks
}

#[test]
fn experiments_dvc_ran_are_listed_branched_and_removed_as_dvc_does() {
    let env = env();
    let repo = repo_with_experiments(&env);
    // DVC leaves refs/exps/exec/EXEC_HEAD behind: not an experiment
    assert!(env
        .git(&repo, &["for-each-ref", "refs/exps/exec"])
        .ok()
        .stdout
        .contains("EXEC_HEAD"));

    let head = both_list(&env, &repo, &[]);
    assert!(head.contains("[later]") && !head.contains("mine"), "{head}");
    let all = both_list(&env, &repo, &["-A"]);
    assert!(all.contains("v1:") && all.contains("[mine]"), "{all}");
    for args in [
        &["--name-only"][..],
        &["--sha-only"],
        &["-n", "2"],
        &["-n", "-1", "--name-only"],
        &["--rev", "v1"],
        &["--rev", "HEAD~1", "--rev", "HEAD"],
        &["-n", "0"],
    ] {
        both_list(&env, &repo, args);
    }
    // packed refs are read too (DVC itself misses them: its issue #9260)
    env.git(&repo, &["pack-refs", "--all"]).ok();
    assert_eq!(env.dvx(&repo, &["exp", "list", "-A"]).ok().stdout, all);

    // branch: the same refusal as DVC when the branch exists, DVC's message otherwise
    let mine = env
        .dvx(&repo, &["exp", "list", "-A", "--sha-only"])
        .ok()
        .stdout;
    env.dvx(&repo, &["exp", "branch", "mine"])
        .ok()
        .stdout_has("Git branch 'mine-branch' has been created from experiment 'mine'.");
    let branch_tip = env.git(&repo, &["rev-parse", "mine-branch"]).ok().stdout;
    assert!(mine.contains(branch_tip.trim()), "{mine} / {branch_tip}");
    env.dvc(DVC3, &repo, &["exp", "branch", "mine"])
        .fails()
        .stderr_has("Git branch 'mine-branch' already exists.");
    env.dvx(&repo, &["exp", "branch", "mine"])
        .fails()
        .stderr_has("Git branch 'mine-branch' already exists.");
    env.dvx(&repo, &["exp", "branch", "nope"])
        .fails()
        .stderr_has("nope");

    // rename, and back with DVC; a name taken on the same baseline needs -f
    env.dvx(&repo, &["exp", "rename", "mine", "renamed"])
        .ok()
        .stdout_has("Renamed experiments: 'mine'");
    let names = env
        .dvc(DVC3, &repo, &["exp", "list", "-A", "--name-only"])
        .ok()
        .stdout;
    assert!(
        names.contains("renamed") && !names.contains("mine"),
        "{names}"
    );
    env.dvc(DVC3, &repo, &["exp", "rename", "renamed", "mine"])
        .ok();
    let v1 = env
        .dvx(&repo, &["exp", "list", "--rev", "v1", "--name-only"])
        .ok()
        .stdout;
    let other = v1
        .lines()
        .find(|n| *n != "mine")
        .expect("two experiments on v1");
    env.dvx(&repo, &["exp", "rename", "mine", other])
        .fails()
        .stderr_has(&format!(
            "Experiment conflicts with existing experiment '{other}'"
        ));
    env.dvx(&repo, &["exp", "rename", "mine", "a/b"])
        .fails()
        .stderr_has("Invalid exp name a/b");
    env.dvx(&repo, &["exp", "rename", "mine", "mine"])
        .ok()
        .stdout_has("No experiments to rename.");

    // remove: by name, unknown names refused with DVC's words, then every other one with -A
    env.dvx(&repo, &["exp", "remove", "nope", "other"])
        .fails()
        .stderr_has("'nope; other' are not valid experiment names");
    env.dvx(&repo, &["exp", "remove", "mine"])
        .ok()
        .stdout_has("Removed experiments: 'mine'");
    let left = env
        .dvc(DVC3, &repo, &["exp", "list", "-A", "--name-only"])
        .ok()
        .stdout;
    assert!(!left.contains("mine") && left.contains("later"), "{left}");
    env.dvx(&repo, &["exp", "remove", "--rev", "HEAD", "--keep"])
        .ok()
        .stdout_has("Removed experiments: '");
    let left = env
        .dvc(DVC3, &repo, &["exp", "list", "-A", "--name-only"])
        .ok()
        .stdout;
    assert_eq!(left.trim(), "later");
    env.dvx(&repo, &["exp", "remove", "-A"])
        .ok()
        .stdout_has("Removed experiments: 'later'");
    assert_eq!(env.dvc(DVC3, &repo, &["exp", "list", "-A"]).ok().stdout, "");
    env.dvx(&repo, &["exp", "remove", "-A"])
        .ok()
        .stdout_has("No experiments to remove.");
    // the branch made from an experiment stays
    env.git(&repo, &["rev-parse", "mine-branch"]).ok();
}

/// The cache objects of `model.txt` that each experiment's `dvc.lock` records.
fn experiment_objects(env: &TestEnv, repo: &Path) -> Vec<std::path::PathBuf> {
    let shas = env
        .dvx(repo, &["exp", "list", "-A", "--sha-only"])
        .ok()
        .stdout;
    let objects: Vec<std::path::PathBuf> = shas
        .lines()
        .map(|sha| {
            let lock = env
                .git(repo, &["show", &format!("{sha}:dvc.lock")])
                .ok()
                .stdout;
            let md5 = lock
                .lines()
                .find_map(|l| l.trim().strip_prefix("md5: "))
                .unwrap_or_else(|| panic!("no md5 in the dvc.lock of {sha}:\n{lock}"))
                .to_string();
            repo.join(".dvc/cache/files/md5")
                .join(&md5[..2])
                .join(&md5[2..])
        })
        .collect();
    assert_eq!(objects.len(), 3, "{shas}");
    objects
}

#[test]
fn gc_keeps_what_experiments_need_with_all_experiments_and_with_all_commits() {
    let env = env();
    let repo = repo_with_experiments(&env);
    let objects = experiment_objects(&env, &repo);
    assert!(objects.iter().all(|o| o.exists()), "{objects:?}");
    env.dvx(&repo, &["gc", "-w", "--all-experiments", "-f"])
        .ok()
        .stderr_has("and all experiments of the current repo.");
    assert!(objects.iter().all(|o| o.exists()), "{objects:?}");
    // DVC agrees that nothing more goes
    env.dvc(DVC3, &repo, &["gc", "-w", "--all-experiments", "-f"])
        .ok();
    assert!(objects.iter().all(|o| o.exists()), "{objects:?}");
    // -A: DVC's leaves experiments out (their data would go); dvx's keeps them
    env.dvx(&repo, &["gc", "-A", "-f"]).ok();
    assert!(objects.iter().all(|o| o.exists()), "{objects:?}");
    // the workspace alone: only the experiment checked out in the workspace stays
    env.dvx(&repo, &["gc", "-w", "-f"]).ok();
    let kept: Vec<bool> = objects.iter().map(|o| o.exists()).collect();
    assert_eq!(
        kept.iter().filter(|k| **k).count(),
        1,
        "{objects:?} {kept:?}"
    );
}

/// `store` as the default DVC remote of `repo`, in its local config (not committed).
fn add_store(env: &TestEnv, repo: &Path, store: &Path) {
    let store = store.to_str().unwrap();
    env.dvx(repo, &["remote", "add", "-d", "--local", "store", store])
        .ok();
}

#[test]
fn experiments_travel_through_git_and_dvc_remotes_both_ways() {
    let env = env();
    let repo = repo_with_experiments(&env);
    let objects = experiment_objects(&env, &repo);
    let store = env.path("store");
    let origin = env.path("origin.git");
    env.git(
        &env.path(""),
        &["init", "-q", "--bare", origin.to_str().unwrap()],
    )
    .ok();
    env.git(
        &repo,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    )
    .ok();
    env.git(&repo, &["push", "-q", "origin", "HEAD"]).ok();
    add_store(&env, &repo, &store);

    // dvx pushes `mine` (ref and data); pushing it again is up to date, as DVC says it
    env.dvx(&repo, &["exp", "push", "origin", "mine"])
        .ok()
        .stdout_has("Pushed experiment mine to Git remote 'origin'.");
    let again = env
        .dvx(&repo, &["exp", "push", "origin", "mine"])
        .ok()
        .stdout;
    let theirs = env
        .dvc(DVC3, &repo, &["exp", "push", "origin", "mine"])
        .ok()
        .stdout;
    assert_eq!(again, theirs);
    assert!(
        again.contains("Experiment mine is up to date on Git remote 'origin'."),
        "{again}"
    );
    // --run-cache: the run-cache's entries go along
    assert!(!store.join("runs").exists());
    env.dvx(&repo, &["exp", "push", "origin", "mine", "--run-cache"])
        .ok();
    let entries = dvx_test::tree(&store.join("runs"));
    assert!(!entries.is_empty(), "no run-cache entry pushed");
    // DVC pushes `later` its own way
    env.dvc(DVC3, &repo, &["exp", "push", "origin", "later"])
        .ok();
    let listed = env
        .git(&repo, &["ls-remote", "origin", "refs/exps/*"])
        .ok()
        .stdout;
    assert!(
        listed.contains("/mine") && listed.contains("/later"),
        "{listed}"
    );
    let remote_list = both_list(&env, &repo, &["origin", "-A"]);
    assert!(
        remote_list.contains("\tmine") && remote_list.contains("\tlater"),
        "{remote_list}"
    );
    both_list(&env, &repo, &["origin", "--name-only"]);
    // rename -g: the name is looked up on the remote, the local experiment is renamed (as DVC)
    env.dvx(&repo, &["exp", "rename", "-g", "origin", "mine", "mine2"])
        .ok();
    let local = env
        .dvx(&repo, &["exp", "list", "-A", "--name-only"])
        .ok()
        .stdout;
    assert!(
        local.contains("mine2") && !local.lines().any(|l| l == "mine"),
        "{local}"
    );
    env.dvx(&repo, &["exp", "rename", "mine2", "mine"]).ok();
    env.dvx(&repo, &["exp", "rename", "-g", "origin", "nope", "x"])
        .fails()
        .stderr_has("nope");

    // a clone gets both from dvx's pull: refs, and data into its cache
    let clone = env.path("clone");
    env.git(
        &env.path(""),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    )
    .ok();
    add_store(&env, &clone, &store);
    env.dvx(&clone, &["exp", "pull", "origin", "mine", "later"])
        .ok()
        .stdout_has("Pulled experiment '['");
    let names = env
        .dvc(DVC3, &clone, &["exp", "list", "-A", "--name-only"])
        .ok()
        .stdout;
    assert!(names.contains("mine") && names.contains("later"), "{names}");
    let in_clone = |o: &std::path::PathBuf| clone.join(o.strip_prefix(&repo).unwrap()).exists();
    let pulled: Vec<bool> = objects.iter().map(in_clone).collect();
    assert_eq!(
        pulled.iter().filter(|p| **p).count(),
        2,
        "{objects:?} {pulled:?}"
    );
    // nothing left to pull: both tools say so alike
    let ours = env
        .dvx(&clone, &["exp", "pull", "origin", "mine"])
        .ok()
        .stdout;
    let theirs = env
        .dvc(DVC3, &clone, &["exp", "pull", "origin", "mine"])
        .ok()
        .stdout;
    assert_eq!(ours, theirs);
    assert!(ours.contains("No experiments to pull."), "{ours}");
    // unknown names are refused, nothing fetched
    env.dvx(&clone, &["exp", "pull", "origin", "nope"])
        .fails()
        .stderr_has("'nope' is not a valid experiment name");

    // the clone runs its own `mine` on the same baseline: the two diverge, and neither side's
    // is replaced without --force
    let mine_ref = env
        .git(
            &clone,
            &["for-each-ref", "--format=%(refname)", "refs/exps/*/*/mine"],
        )
        .ok()
        .stdout
        .trim()
        .to_string();
    let baseline: String = mine_ref.split('/').skip(2).take(2).collect();
    let origin_mine = || {
        env.git(&repo, &["ls-remote", "origin", &mine_ref])
            .ok()
            .stdout
    };
    let before = origin_mine();
    env.git(&clone, &["checkout", "-q", &baseline]).ok();
    dvc_exp_run(&env, &clone, &["-n", "mine", "-f", "-S", "lr=0.9"]);
    env.dvx(&clone, &["exp", "push", "origin", "mine"])
        .ok()
        .stderr_has("Local experiment mine has diverged from remote experiment with the same name.")
        .stdout_has("No experiments to push.");
    assert_eq!(origin_mine(), before);
    env.dvx(&clone, &["exp", "pull", "origin", "mine"])
        .ok()
        .stderr_has("has diverged from remote experiment")
        .stdout_has("No experiments to pull.");
    env.dvx(&clone, &["exp", "push", "-f", "origin", "mine"])
        .ok()
        .stdout_has("Pushed experiment mine to Git remote 'origin'.");
    let local = env.git(&clone, &["rev-parse", &mine_ref]).ok().stdout;
    assert!(origin_mine().starts_with(local.trim()), "{local}");

    // remove on the git remote, by name as DVC resolves it there
    env.dvx(&clone, &["exp", "remove", "-g", "origin", "nope"])
        .fails()
        .stderr_has("Experiment 'nope' does not exist in 'origin'");
    env.dvx(&clone, &["exp", "remove", "-g", "origin", "mine"])
        .ok()
        .stdout_has("Removed experiments: 'mine'");
    assert_eq!(origin_mine(), "");
    let names = env
        .dvc(DVC3, &repo, &["exp", "list", "origin", "-A", "--name-only"])
        .ok()
        .stdout;
    assert_eq!(names.trim(), "later");
    // the local experiment stays
    env.git(&clone, &["rev-parse", &mine_ref]).ok();
}
