//! `dvx gc` against `dvc gc` (DVC 3.67.1): on copies of one repository with several commits,
//! branches and tags, each scope leaves the same cache (and remote) as DVC's, real
//! `dvc checkout` works at every revision the scope keeps, and gc refuses what it cannot
//! account for.

use std::fs;
use std::path::{Path, PathBuf};

use dvx_test::{copy_tree, recorded_md5, tree, write, TestEnv, DVC3};

use super::env;

/// main: v1 (tagged v1) → v2 → v3; branch exp from v2: e1; the workspace: an uncommitted add;
/// and in the cache only, an add that was never committed.
/// Everything pushed to the directory remote `store`.
fn history(env: &TestEnv) -> PathBuf {
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "store", "../store"])
        .ok();
    let version = |label: &str| {
        write(&repo.join("data/a.csv"), format!("a {label}\n"));
        write(&repo.join("data/shared.csv"), "shared\n");
        write(&repo.join(format!("data/only-{label}.csv")), label);
        write(&repo.join("model.bin"), format!("model {label}\n"));
        env.dvx(&repo, &["add", "data", "model.bin"]).ok();
        env.git(&repo, &["add", "-A"]).ok();
        env.git(&repo, &["commit", "-qm", label]).ok();
    };
    version("v1");
    env.git(&repo, &["tag", "v1"]).ok();
    version("v2");
    env.git(&repo, &["checkout", "-qb", "exp"]).ok();
    fs::remove_file(repo.join("data/only-v1.csv")).unwrap();
    version("e1");
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    env.dvx(&repo, &["checkout", "-f"]).ok();
    // a version added and never committed: referenced by no revision
    write(&repo.join("model.bin"), "model scratch\n");
    env.dvx(&repo, &["add", "model.bin"]).ok();
    version("v3");
    write(&repo.join("model.bin"), "model uncommitted\n");
    env.dvx(&repo, &["add", "model.bin"]).ok();
    env.dvx(&repo, &["push", "-A"]).ok();
    env.dvx(&repo, &["push"]).ok();
    repo
}

/// The cache's objects (dvx's trash, `dvx/`, is its own and invisible to DVC).
fn cache(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(&repo.join(".dvc/cache"))
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".dvx-tmp") && !p.starts_with("dvx/"))
        .collect()
}

/// Real DVC checks out `rev` from the cache alone (no remote), completely.
fn dvc_checks_out(env: &TestEnv, repo: &Path, rev: &str) {
    env.git(repo, &["checkout", "-q", "-f", rev]).ok();
    env.dvc(DVC3, repo, &["checkout", "-f"]).ok();
    env.dvc(DVC3, repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn each_scope_keeps_what_dvc_keeps_and_dvc_checks_out_what_is_kept() {
    let env = env();
    let repo = history(&env);
    let all = cache(&repo).len();
    let cases: &[(&[&str], &[&str])] = &[
        (&["-w"], &[]),
        (&["-a"], &["main", "exp"]),
        (&["-T"], &["v1"]),
        (&["-A"], &["v1", "main~1", "exp", "main"]),
        (&["--rev", "main", "-n", "2"], &["main~1", "main"]),
        (&["-a", "-n", "2"], &["main~1", "exp~1", "exp"]),
    ];
    for (i, (flags, kept)) in cases.iter().enumerate() {
        let ours = env.path(&format!("ours{i}"));
        let theirs = env.path(&format!("theirs{i}"));
        copy_tree(&repo, &ours);
        copy_tree(&repo, &theirs);
        let mut args = vec!["gc", "-f"];
        args.extend_from_slice(flags);
        env.dvx(&ours, &args)
            .ok()
            .stdout_has("objects from repo cache.");
        env.dvc(DVC3, &theirs, &args).ok();
        let left = cache(&ours);
        assert_eq!(
            left.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            cache(&theirs).iter().map(|(p, _)| p).collect::<Vec<_>>(),
            "gc {flags:?}: dvx and dvc keep different objects"
        );
        assert!(left.len() < all, "gc {flags:?} removed nothing");
        // the workspace is always kept
        env.dvc(DVC3, &ours, &["status"])
            .ok()
            .stdout_has("Data and pipelines are up to date.");
        for rev in kept.iter() {
            dvc_checks_out(&env, &ours, rev);
        }
    }
}

#[test]
fn gc_cloud_removes_unused_remote_objects_as_dvc() {
    let env = env();
    let repo = history(&env);
    let ours = env.path("ours");
    let theirs = env.path("theirs");
    copy_tree(&repo, &ours);
    copy_tree(&env.path("store"), &env.path("ours-store"));
    copy_tree(&repo, &theirs);
    copy_tree(&env.path("store"), &env.path("theirs-store"));
    env.dvx(
        &ours,
        &["remote", "modify", "store", "url", "../ours-store"],
    )
    .ok();
    env.dvx(
        &theirs,
        &["remote", "modify", "store", "url", "../theirs-store"],
    )
    .ok();
    let store_before = tree(&env.path("ours-store"));
    let before = store_before.len();
    // --dry lists and removes nothing
    let dry = env.dvx(&ours, &["gc", "-w", "-c", "--dry"]).ok();
    assert!(dry.stdout.contains("Removing files/md5/"), "{}", dry.stdout);
    assert_eq!(tree(&env.path("ours-store")).len(), before);
    env.dvx(&ours, &["gc", "-w", "-c", "-f"])
        .ok()
        .stdout_has("objects from remote.")
        .stdout_has("The remote's trash keeps them 14 days");
    env.dvc(DVC3, &theirs, &["gc", "-w", "-c", "-f"]).ok();
    // the objects DVC sees are the ones DVC keeps; what dvx took waits in the remote's trash
    let names = |p: PathBuf| {
        tree(&p)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| !n.starts_with("dvx/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(env.path("ours-store")),
        names(env.path("theirs-store"))
    );
    assert!(names(env.path("ours-store")).len() < before);
    assert_eq!(
        tree(&env.path("ours-store")).len(),
        before,
        "trashed, not deleted"
    );
    // what the workspace needs is still there: a fresh clone pulls it
    env.dvx(&ours, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'store' are in sync.");
    // DVC's own gc leaves the trash alone, and undoing dvx's gc brings the remote back whole
    env.dvc(DVC3, &ours, &["gc", "-w", "-c", "-f"]).ok();
    env.dvx(&ours, &["op", "undo"])
        .ok()
        .stdout_has("brought back from the remote's trash");
    let now: Vec<(String, Vec<u8>)> = tree(&env.path("ours-store"))
        .into_iter()
        .filter(|(n, _)| !n.starts_with("dvx/"))
        .collect();
    dvx_test::assert_same_tree(&store_before, &now, "the remote after undoing gc -c");
}

#[test]
fn gc_asks_and_refuses_what_it_cannot_account_for() {
    let env = env();
    let repo = history(&env);
    let before = cache(&repo);
    // no terminal to ask on: nothing removed
    env.dvx(&repo, &["gc", "-w"])
        .code(1)
        .stderr_has("nothing removed");
    // the scope flags are required, as DVC
    env.dvx(&repo, &["gc", "-f"])
        .fails()
        .stderr_has("-w|--workspace");
    // a directory whose manifest is not in the cache: its files cannot be told from garbage
    let md5 = &recorded_md5(&repo.join("data.dvc"));
    let manifest = repo.join(format!(
        ".dvc/cache/files/md5/{}/{}.dir",
        &md5[..2],
        &md5[2..]
    ));
    let saved = fs::read(&manifest).unwrap();
    fs::remove_file(&manifest).unwrap();
    env.dvx(&repo, &["gc", "-w", "-f"])
        .fails()
        .stderr_has("is not in the cache")
        .stderr_has("nothing was removed");
    write(&manifest, &saved);
    // a pointer file in scope that cannot be read
    env.git(&repo, &["checkout", "-qb", "broken"]).ok();
    write(&repo.join("model.bin.dvc"), "outs: [broken\n");
    env.git(&repo, &["commit", "-qam", "broken"]).ok();
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    env.dvx(&repo, &["gc", "-a", "-f"])
        .fails()
        .stderr_has("pointer file 'model.bin.dvc' at revision");
    assert_eq!(cache(&repo), before, "gc removed objects before failing");
}
