//! Hostile repositories: pointer files, `.dir` manifests, pipelines and committed symlinks
//! written by someone else try to make dvx write into `.git`/`.dvc` or outside the repository.
//! Each attack goes through the real binary; each must be refused by name with nothing written
//! (a sentinel directory outside the repository is compared before and after).

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use dvx_test::{put_object, tree, write, Sentinel};

use super::env;

/// The repository's files except dvx's scratch space and the cache (which `fetch` may fill).
fn snapshot(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".dvc/tmp") && !p.starts_with(".dvc/cache"))
        .collect()
}

const HOOK: &[u8] = b"#!/bin/sh\necho owned > owned.txt\n";

fn pointer(path: &str, md5: &str, size: usize, extra: &str) -> String {
    format!("outs:\n- md5: {md5}\n  size: {size}\n  hash: md5\n{extra}  path: {path}\n")
}

/// A repository with a directory remote `store` holding `HOOK` (as a colleague pushed it).
fn repo_with_remote(env: &dvx_test::TestEnv) -> (std::path::PathBuf, String) {
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "store", "../store"])
        .ok();
    let md5 = put_object(&env.path("store"), HOOK, "");
    put_object(&repo.join(".dvc/cache"), HOOK, "");
    (repo, md5)
}

#[test]
fn pointer_outputs_in_git_or_dvc_are_refused_by_name() {
    let env = env();
    let (repo, md5) = repo_with_remote(&env);
    let hooks_before = tree(&repo.join(".git/hooks"));
    let config_before = fs::read(repo.join(".dvc/config")).unwrap();
    for (file, path, inside) in [
        ("evil.dvc", ".git/hooks/pre-commit", ".git"),
        ("evil.dvc", ".GIT/hooks/post-checkout", ".GIT"),
        ("evil.dvc", ".dvc/config.local", ".dvc"),
        ("evil.dvc", ".Dvc/config", ".Dvc"),
        ("sub/evil.dvc", ".git/config", ".git"),
        ("evil.dvc", "vendor/.git/hooks/pre-commit", ".git"),
    ] {
        write(
            &repo.join(file),
            pointer(path, &md5, HOOK.len(), "  isexec: true\n"),
        );
        let before = snapshot(&repo);
        for cmd in [
            &["pull"][..],
            &["checkout"],
            &["fetch"],
            &["checkout", "-f", file],
            &["status"],
        ] {
            env.dvx(&repo, cmd)
                .fails()
                .stderr_has(file)
                .stderr_has(&format!("'{path}' cannot be used: it is inside '{inside}'"));
            assert_eq!(
                before,
                snapshot(&repo),
                "{cmd:?} with {path} wrote something"
            );
        }
        fs::remove_file(repo.join(file)).unwrap();
    }
    assert_eq!(tree(&repo.join(".git/hooks")), hooks_before);
    assert_eq!(fs::read(repo.join(".dvc/config")).unwrap(), config_before);
    assert!(!repo.join(".dvc/config.local").exists());
    assert!(!repo.join("owned.txt").exists());
}

#[test]
fn manifest_relpaths_into_git_or_dvc_are_refused_by_name() {
    let env = env();
    let (repo, md5) = repo_with_remote(&env);
    for rel in [
        ".git/hooks/pre-commit",
        "x/.DVC/config",
        "../.git/hooks/pre-commit",
    ] {
        let manifest = format!(r#"[{{"md5": "{md5}", "relpath": "{rel}"}}]"#);
        let dir_md5 = put_object(&env.path("store"), manifest.as_bytes(), ".dir");
        write(
            &repo.join("data.dvc"),
            format!(
                "outs:\n- md5: {dir_md5}.dir\n  size: {}\n  nfiles: 1\n  hash: md5\n  path: data\n",
                HOOK.len()
            ),
        );
        let before = snapshot(&repo);
        env.dvx(&repo, &["pull"])
            .fails()
            .stderr_has(&format!("relpath '{rel}' cannot be used"));
        assert_eq!(before, snapshot(&repo), "pull of a manifest with {rel}");
        assert!(
            !repo
                .join(".dvc/cache/files/md5")
                .join(&dir_md5[..2])
                .exists(),
            "a hostile manifest entered the cache"
        );
    }
    // `path: .` names the pointer file's own directory
    write(&repo.join("data.dvc"), pointer(".", &md5, HOOK.len(), ""));
    env.dvx(&repo, &["checkout"])
        .fails()
        .stderr_has("data.dvc")
        .stderr_has("output path '.' cannot be used: it names no file");
}

#[test]
fn pipelines_and_imports_never_write_into_git_or_dvc() {
    let env = env();
    let repo = env.dvx_repo("r");
    for out in [
        ".git/hooks/pre-commit",
        ".DVC/config.local",
        "sub/.Git/config",
    ] {
        write(
            &repo.join("dvc.yaml"),
            format!("stages:\n  evil:\n    cmd: echo ran > ran.txt\n    outs:\n    - {out}\n"),
        );
        for cmd in [&["repro"][..], &["status"], &["checkout"], &["pull"]] {
            env.dvx(&repo, cmd)
                .fails()
                .stderr_has(&format!("output '{out}' of stage 'evil' cannot be used"));
        }
        assert!(!repo.join("ran.txt").exists(), "the stage ran");
    }
    fs::remove_file(repo.join("dvc.yaml")).unwrap();

    // import -o into .git, and an import pointer whose output is in .dvc
    let src = env.dvx_repo("src");
    write(&src.join("a.txt"), "a\n");
    env.git(&src, &["add", "a.txt"]).ok();
    env.git(&src, &["commit", "-qm", "a"]).ok();
    let before = snapshot(&repo);
    env.dvx(
        &repo,
        &[
            "import",
            src.to_str().unwrap(),
            "a.txt",
            "-o",
            ".git/hooks/pre-commit",
        ],
    )
    .fails()
    .stderr_has("is inside '.git'");
    env.dvx(
        &repo,
        &["import", src.to_str().unwrap(), "a.txt", "-o", "x/.dvc/a"],
    )
    .fails()
    .stderr_has("is inside '.dvc'");
    assert_eq!(before, snapshot(&repo));
    write(
        &repo.join("imp.dvc"),
        format!(
            "md5: 0123456789abcdef0123456789abcdef\nfrozen: true\ndeps:\n- path: a.txt\n  repo:\n    url: {}\nouts:\n- md5: 60b725f10c9c85c70d97880dfe8191b3\n  size: 2\n  hash: md5\n  path: .dvc/config.local\n",
            src.display()
        ),
    );
    let before = snapshot(&repo);
    for cmd in [&["update", "imp.dvc"][..], &["pull"]] {
        env.dvx(&repo, cmd)
            .fails()
            .stderr_has("imp.dvc")
            .stderr_has("'.dvc/config.local' cannot be used");
    }
    assert_eq!(before, snapshot(&repo));
}

#[test]
fn committed_symlinks_never_lead_a_pull_out_of_the_repository() {
    let env = env();
    let (repo, md5) = repo_with_remote(&env);
    let outside = Sentinel::new(&env.path("outside"), &[("keep.txt", b"keep\n")]);
    // a colleague commits a symlink to a directory outside and a pointer through it
    std::os::unix::fs::symlink("../outside", repo.join("out")).unwrap();
    write(
        &repo.join("evil.dvc"),
        pointer("out/evil.sh", &md5, HOOK.len(), "  isexec: true\n"),
    );
    env.git(&repo, &["add", "out", "evil.dvc"]).ok();
    env.git(&repo, &["commit", "-qm", "evil"]).ok();
    let clone = env.path("clone");
    env.git(
        env.tmp.path(),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    )
    .ok();
    for dir in [&repo, &clone] {
        for cmd in [
            &["pull"][..],
            &["checkout"],
            &["fetch"],
            &["remove", "--outs", "evil.dvc"],
            &["commit", "-f"],
        ] {
            env.dvx(dir, cmd)
                .fails()
                .stderr_has("evil.dvc")
                .stderr_has("symbolic link 'out'");
            outside.assert_untouched(&format!("{cmd:?}"));
        }
    }
    // a stage whose output goes through the symlink
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  s:\n    cmd: echo ran > ran.txt\n    outs:\n    - out/made.txt\n",
    );
    env.dvx(&repo, &["repro"])
        .fails()
        .stderr_has("symbolic link 'out'");
    assert!(!repo.join("ran.txt").exists(), "the stage ran");
    outside.assert_untouched("repro");
}

#[test]
fn a_symlinked_subdirectory_of_a_tracked_directory_is_never_written_through() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("data/sub/a.txt"), "A\n");
    write(&repo.join("data/sub/b.txt"), "B\n");
    write(&repo.join("data/top.txt"), "T\n");
    env.dvx(&repo, &["add", "data"]).ok();
    // an outside directory holding a file whose content is in the cache (b.txt's) under
    // another name: the old checkout deleted it as a "saved" file and wrote b.txt there
    let outside = Sentinel::new(
        &env.path("outside"),
        &[("a.txt", b"A\n"), ("other.txt", b"B\n")],
    );
    fs::remove_dir_all(repo.join("data/sub")).unwrap();
    std::os::unix::fs::symlink(&outside.dir, repo.join("data/sub")).unwrap();
    for cmd in [
        &["checkout"][..],
        &["checkout", "-f"],
        &["checkout", "--relink"],
    ] {
        env.dvx(&repo, cmd)
            .fails()
            .stderr_has("symbolic link 'data/sub'");
        outside.assert_untouched(&format!("{cmd:?}"));
    }
    // once the symlink is gone, checkout restores the directory
    fs::remove_file(repo.join("data/sub")).unwrap();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(fs::read(repo.join("data/sub/b.txt")).unwrap(), b"B\n");
    outside.assert_untouched("after the symlink was removed");
}

#[test]
fn add_through_a_symlinked_directory_is_refused() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["config", "cache.type", "hardlink"]).ok();
    let outside = Sentinel::new(
        &env.path("outside"),
        &[("file.csv", b"1,2\n"), ("d/x.txt", b"x\n")],
    );
    std::os::unix::fs::symlink(&outside.dir, repo.join("link")).unwrap();
    let before = snapshot(&repo);
    for target in ["link/file.csv", "link/d"] {
        env.dvx(&repo, &["add", target])
            .fails()
            .stderr_has(&format!(
                "'{target}' is reached through the symbolic link 'link'"
            ));
        outside.assert_untouched(target);
        assert_eq!(before, snapshot(&repo), "add {target}");
    }
    // a tracked directory holding a symlink to an outside directory: with a hardlink cache
    // every file would become a read-only link to the cache, outside files included
    write(&repo.join("data/own.txt"), "own\n");
    std::os::unix::fs::symlink(outside.dir.join("d"), repo.join("data/ext")).unwrap();
    env.dvx(&repo, &["add", "data"])
        .fails()
        .stderr_has("symbolic link 'data/ext'");
    outside.assert_untouched("add data");
    let m = fs::metadata(outside.dir.join("d/x.txt")).unwrap();
    assert_eq!(m.nlink(), 1);
    assert_ne!(m.permissions().mode() & 0o200, 0);
    assert!(!repo.join("data.dvc").exists());
}

/// An alias bomb, 100,000 levels of nesting and a matrix of 10^7 stages: each an error naming
/// the file and the limit, within bounded memory (the command runs under `ulimit -v` of 2 GiB)
/// and time, never an abort.
#[test]
fn hostile_yaml_fails_cleanly_in_bounded_memory() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!(
            "l{i}: &l{i} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    let deep = "- ".repeat(100_000) + "x\n";
    let mut matrix = String::from("stages:\n  s:\n    matrix:\n");
    for d in 0..7 {
        matrix.push_str(&format!("      d{d}: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"));
    }
    matrix.push_str("    cmd: echo ${key}\n");
    let bounded = |args: &str| {
        let start = std::time::Instant::now();
        let out = env
            .command("sh", &repo)
            .arg("-c")
            .arg(format!(
                "ulimit -v 2097152; exec {} {args}",
                env.dvx.display()
            ))
            .output()
            .unwrap();
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "dvx {args} took {:?}",
            start.elapsed()
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "dvx {args} did not fail cleanly: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let good = fs::read_to_string(repo.join("a.txt.dvc")).unwrap();
    for (file, text, limit) in [
        (
            "a.txt.dvc",
            format!("{good}{bomb}"),
            "more than 1000000 nodes",
        ),
        ("a.txt.dvc", deep.clone(), "nested deeper than 256 levels"),
    ] {
        write(&repo.join(file), &text);
        for cmd in ["status", "checkout", "push"] {
            let err = bounded(cmd);
            assert!(err.contains(file) && err.contains(limit), "{cmd}: {err}");
        }
    }
    write(&repo.join("a.txt.dvc"), &good);
    for (file, text, limit) in [
        ("params.yaml", bomb.clone(), "more than 1000000 nodes"),
        ("dvc.lock", deep.clone(), "nested deeper than 256 levels"),
        ("dvc.yaml", matrix.clone(), "more than 10000 stages"),
    ] {
        match file {
            "params.yaml" => write(
                &repo.join("dvc.yaml"),
                "stages:\n  t:\n    cmd: echo ${l8}\n    params:\n    - l8\n",
            ),
            "dvc.lock" => write(&repo.join("dvc.yaml"), "stages:\n  t:\n    cmd: echo t\n"),
            _ => {}
        }
        write(&repo.join(file), &text);
        for cmd in ["status", "repro", "dag"] {
            let err = bounded(cmd);
            assert!(
                err.contains(file) && err.contains(limit),
                "{cmd} {file}: {err}"
            );
        }
        for f in ["params.yaml", "dvc.lock", "dvc.yaml"] {
            let _ = fs::remove_file(repo.join(f));
        }
    }
}
