//! Git hooks: `dvx install` and `dvx git-hook`, driven by real git commits, checkouts and
//! pushes; and dvx's hooks under the real pre-commit framework (from PyPI).

use std::fs;
use std::path::{Path, PathBuf};

use dvx_test::{cache_root, install_once, python_venv, tree, write, TestEnv, DVC3};

use super::env;

/// A test environment whose PATH finds the dvx under test (the hooks run `dvx`).
fn hooks_env() -> TestEnv {
    let dir = Path::new(env!("CARGO_BIN_EXE_dvx")).parent().unwrap();
    env().with_path_first(dir.to_path_buf())
}

fn pre_commit_binary() -> PathBuf {
    let venv = cache_root().join("pre-commit-4.7.0");
    install_once(&venv, "pre-commit==4.7.0", |dir| {
        python_venv(dir, &["pre-commit==4.7.0".to_string()])
    });
    venv.join("bin/pre-commit")
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

/// `dvx add data`, then a git commit: the pre-commit hook shows dvx's status.
fn add_and_commit_shows_status(env: &TestEnv, repo: &Path) {
    env.dvx(repo, &["add", "data"]).ok();
    env.git(repo, &["add", "-A"]).ok();
    let commit = env.git(repo, &["commit", "-qm", "v1"]).ok();
    assert!(
        format!("{}{}", commit.stdout, commit.stderr)
            .contains("Data and pipelines are up to date."),
        "{commit:?}"
    );
}

#[test]
fn installed_hooks_run_status_checkout_and_push() {
    let env = hooks_env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["install"]).ok();
    // the same three hooks DVC installs, each calling back into dvx
    let theirs = env.git_repo("theirs");
    env.dvc(DVC3, &theirs, &["init", "-q"]).ok();
    env.dvc(DVC3, &theirs, &["install"]).ok();
    for hook in ["pre-commit", "post-checkout", "pre-push"] {
        let ours = repo.join(".git/hooks").join(hook);
        assert!(theirs.join(".git/hooks").join(hook).is_file());
        assert!(is_executable(&ours), "{hook} is not executable");
        let text = fs::read_to_string(&ours).unwrap();
        assert!(text.contains(&format!("dvx git-hook {hook}")), "{text}");
    }
    // a second install changes nothing and says why
    env.dvx(&repo, &["install"])
        .fails()
        .stderr_has("Hook 'post-checkout' already exists");

    // pre-commit: status is shown as the commit is made
    write(&repo.join("data/a.csv"), "v1\n");
    write(&repo.join("data/b.csv"), "b\n");
    add_and_commit_shows_status(&env, &repo);
    // a branch whose directory has another set of files
    env.git(&repo, &["checkout", "-qb", "v2"]).ok();
    write(&repo.join("data/a.csv"), "v2\n");
    fs::remove_file(repo.join("data/b.csv")).unwrap();
    write(&repo.join("data/new/c.csv"), "c\n");
    let commit = env
        .git(&repo, &["commit", "--allow-empty", "-qm", "unrecorded"])
        .ok();
    assert!(
        format!("{}{}", commit.stdout, commit.stderr).contains("modified:"),
        "the hook shows data changed but not added: {commit:?}"
    );
    env.dvx(&repo, &["add", "data"]).ok();
    env.git(&repo, &["commit", "-qam", "v2"]).ok();
    let v2 = tree(&repo.join("data"));
    // post-checkout: switching branches brings the data along, no `dvx checkout` typed
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    assert_eq!(fs::read(repo.join("data/a.csv")).unwrap(), b"v1\n");
    assert!(repo.join("data/b.csv").is_file());
    assert!(!repo.join("data/new").exists());
    env.git(&repo, &["checkout", "-q", "v2"]).ok();
    assert_eq!(tree(&repo.join("data")), v2);
    // a checkout of files (flag 0) leaves the data alone
    write(&repo.join("data/a.csv"), "edited\n");
    env.git(&repo, &["checkout", "-q", "HEAD", "--", "data.dvc"])
        .ok();
    assert_eq!(fs::read(repo.join("data/a.csv")).unwrap(), b"edited\n");
    env.dvx(&repo, &["checkout", "-f"]).ok();

    // pre-push: pushing the commits pushes their data
    env.dvx(&repo, &["remote", "add", "-d", "store", "../store"])
        .ok();
    env.git(&repo, &["commit", "-qam", "remote"]).ok();
    env.git(&env.path(""), &["init", "-q", "--bare", "origin.git"])
        .ok();
    env.git(&repo, &["remote", "add", "origin", "../origin.git"])
        .ok();
    let push = env.git(&repo, &["push", "-q", "origin", "v2"]).ok();
    assert!(
        format!("{}{}", push.stdout, push.stderr).contains("files pushed"),
        "{push:?}"
    );
    env.dvx(&repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'store' are in sync.");
}

#[test]
fn hooks_find_the_dvx_that_installed_them_off_path() {
    // the environment's PATH has no dvx: the hooks must fall back on the binary that wrote them
    let env = env();
    let repo = env.dvx_repo("r");
    let probe = env
        .git(
            &repo,
            &["-c", "alias.probe=!command -v dvx || echo none", "probe"],
        )
        .ok();
    assert_eq!(
        probe.stdout.trim(),
        "none",
        "dvx is on PATH here: {probe:?}"
    );
    env.dvx(&repo, &["install"]).ok();
    write(&repo.join("data/a.csv"), "v1\n");
    add_and_commit_shows_status(&env, &repo);
}

#[test]
fn hooks_do_nothing_outside_a_dvx_repository() {
    let env = hooks_env();
    let plain = env.git_repo("plain");
    for hook in ["pre-commit", "post-checkout", "pre-push"] {
        let r = env.dvx(&plain, &["git-hook", hook, "a", "b", "1"]).ok();
        assert!(r.stdout.is_empty(), "{r:?}");
    }
}

#[test]
fn pre_commit_framework_runs_dvx_hooks() {
    let pre_commit = pre_commit_binary();
    let env = hooks_env();
    // this project's hook definitions, in a repository of their own
    let hooks_repo = env.git_repo("dvx-hooks");
    let defs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.pre-commit-hooks.yaml");
    fs::copy(&defs, hooks_repo.join(".pre-commit-hooks.yaml")).unwrap();
    env.git(&hooks_repo, &["add", "-A"]).ok();
    env.git(&hooks_repo, &["commit", "-qm", "hooks"]).ok();
    let rev = env.git(&hooks_repo, &["rev-parse", "HEAD"]).ok();
    let repo = env.dvx_repo("r");
    write(
        &repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n- repo: {}\n  rev: {}\n  hooks:\n  - id: dvx-pre-commit\n  - id: dvx-post-checkout\n",
            hooks_repo.display(),
            rev.stdout.trim()
        ),
    );
    let install = |repo: &Path| {
        let out = env
            .command(&pre_commit, repo)
            .args(["install", "--hook-type", "pre-commit"])
            .args(["--hook-type", "post-checkout"])
            .output()
            .unwrap();
        assert!(out.status.success(), "pre-commit install: {out:?}");
    };
    install(&repo);
    write(&repo.join("data.csv"), "v1\n");
    env.dvx(&repo, &["add", "data.csv"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    let commit = env.git(&repo, &["commit", "-qm", "v1"]).ok();
    let said = format!("{}{}", commit.stdout, commit.stderr);
    assert!(
        said.contains("dvx status") && said.contains("Passed"),
        "{commit:?}"
    );
    env.git(&repo, &["checkout", "-qb", "v2"]).ok();
    write(&repo.join("data.csv"), "v2\n");
    env.dvx(&repo, &["add", "data.csv"]).ok();
    env.git(&repo, &["commit", "-qam", "v2"]).ok();
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    assert_eq!(fs::read(repo.join("data.csv")).unwrap(), b"v1\n");

    // `dvx install --use-pre-commit-tool` writes a configuration that works the same way
    let other = env.dvx_repo("other");
    write(&other.join(".pre-commit-config.yaml"), "# ours\nrepos: \n");
    env.dvx(&other, &["install", "--use-pre-commit-tool"]).ok();
    let config = fs::read_to_string(other.join(".pre-commit-config.yaml")).unwrap();
    assert!(
        config.starts_with("# ours\nrepos: \n- repo: local\n"),
        "{config}"
    );
    env.dvx(&other, &["install", "--use-pre-commit-tool"]).ok();
    assert_eq!(
        fs::read_to_string(other.join(".pre-commit-config.yaml")).unwrap(),
        config,
        "a second install adds nothing"
    );
    install(&other);
    write(&other.join("data.csv"), "x\n");
    env.dvx(&other, &["add", "data.csv"]).ok();
    env.git(&other, &["add", "-A"]).ok();
    let commit = env.git(&other, &["commit", "-qm", "x"]).ok();
    let said = format!("{}{}", commit.stdout, commit.stderr);
    assert!(
        said.contains("dvx status") && said.contains("Passed"),
        "{commit:?}"
    );
}

/// A history where two branches changed one tracked directory: `main` modified a.csv, removed
/// c.csv and added y.csv; `side` added x.csv (and, with `conflict`, modified a.csv too).
/// `.gitattributes` routes `.dvc` files to the `dvc` merge driver.
fn diverged(env: &TestEnv, repo: &Path, tool: &dyn Fn(&[&str]), conflict: bool) {
    write(&repo.join(".gitattributes"), "*.dvc merge=dvc\n");
    for f in ["a", "b", "c"] {
        write(&repo.join(format!("data/{f}.csv")), format!("{f}\n"));
    }
    tool(&["add", "data"]);
    env.git(repo, &["add", "-A"]).ok();
    env.git(repo, &["commit", "-qm", "base"]).ok();
    env.git(repo, &["checkout", "-qb", "side"]).ok();
    write(&repo.join("data/x.csv"), "x\n");
    if conflict {
        write(&repo.join("data/a.csv"), "a from side\n");
    }
    tool(&["add", "data"]);
    env.git(repo, &["commit", "-qam", "side"]).ok();
    env.git(repo, &["checkout", "-q", "main"]).ok();
    tool(&["checkout", "-f"]);
    write(&repo.join("data/a.csv"), "a from main\n");
    fs::remove_file(repo.join("data/c.csv")).unwrap();
    write(&repo.join("data/y.csv"), "y\n");
    tool(&["add", "data"]);
    env.git(repo, &["commit", "-qam", "main"]).ok();
}

#[test]
fn merge_driver_merges_a_directory_changed_on_two_branches_as_dvc_does() {
    // git runs the driver by name: both dvx and DVC on PATH
    let env = env();
    let bin = env.path("bin");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_dvx"), bin.join("dvx")).unwrap();
    std::os::unix::fs::symlink(dvx_test::dvc_binary(DVC3), bin.join("dvc")).unwrap();
    let env = env.with_path_first(bin);

    let ours = env.dvx_repo("ours");
    env.dvx(&ours, &["install"]).ok();
    let driver = env.git(&ours, &["config", "merge.dvc.driver"]).ok().stdout;
    assert_eq!(
        driver,
        "dvx git-hook merge-driver --ancestor %O --our %A --their %B \n"
    );
    diverged(&env, &ours, &|a| drop(env.dvx(&ours, a).ok()), false);
    let theirs = env.git_repo("theirs");
    env.dvc(DVC3, &theirs, &["init", "-q"]).ok();
    env.git(&theirs, &["commit", "-qm", "init"]).ok();
    env.dvc(DVC3, &theirs, &["install"]).ok();
    diverged(
        &env,
        &theirs,
        &|a| drop(env.dvc(DVC3, &theirs, a).ok()),
        false,
    );

    env.git(&ours, &["merge", "-q", "--no-edit", "side"]).ok();
    env.git(&theirs, &["merge", "-q", "--no-edit", "side"]).ok();
    // the driver's run is in the operation log: the merged manifest it added to the cache
    let log = env.dvx(&ours, &["op", "log", "-n", "1"]).ok().stdout;
    assert!(
        log.contains("dvx git-hook merge-driver") && log.contains("1 object added to the cache"),
        "{log}"
    );
    let merged = fs::read_to_string(ours.join("data.dvc")).unwrap();
    assert_eq!(merged, fs::read_to_string(theirs.join("data.dvc")).unwrap());
    assert!(merged.contains("nfiles: 4\n"), "{merged}");
    // the merged directory: both sides' changes, checked out by either tool
    env.dvx(&ours, &["checkout"]).ok();
    let files: Vec<(String, String)> = tree(&ours.join("data"))
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let want = [
        ("a.csv", "a from main\n"),
        ("b.csv", "b\n"),
        ("x.csv", "x\n"),
        ("y.csv", "y\n"),
    ];
    assert_eq!(
        files,
        want.iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    env.dvc(DVC3, &ours, &["status"])
        .ok()
        .stdout_has("up to date");

    // The same file changed on both sides: no merge, git reports the conflict.
    let clash = env.dvx_repo("clash");
    env.dvx(&clash, &["install"]).ok();
    diverged(&env, &clash, &|a| drop(env.dvx(&clash, a).ok()), true);
    let before = fs::read_to_string(clash.join("data.dvc")).unwrap();
    let r = env
        .git(&clash, &["merge", "-q", "--no-edit", "side"])
        .fails();
    assert!(
        format!("{}{}", r.stdout, r.stderr).contains("data/a.csv") || r.stderr.contains("a.csv"),
        "{r:?}"
    );
    assert_eq!(
        fs::read_to_string(clash.join("data.dvc")).unwrap(),
        before,
        "the conflicting side was rewritten"
    );
}
