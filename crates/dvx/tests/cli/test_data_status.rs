//! `data status` with every section DVC shows, against DVC 3.67.1 on the same repository.

use std::fs;

use dvx_test::{write, DVC3};

use super::{env, sorted_lists};

/// Both tools' `data status ARGS --json`, each list sorted (DVC's follow Python set order).
fn both(env: &dvx_test::TestEnv, dir: &std::path::Path, args: &[&str]) -> [serde_json::Value; 2] {
    let mut argv = vec!["data", "status"];
    argv.extend_from_slice(args);
    argv.push("--json");
    let json = |out: String| sorted_lists(serde_json::from_str(&out).unwrap());
    [
        json(env.dvx(dir, &argv).ok().stdout),
        json(env.dvc(DVC3, dir, &argv).ok().stdout),
    ]
}

/// The text, its lines sorted (the order within a section is DVC's set order), with DVC's
/// command names in the hints as dvx prints them.
fn text_lines(out: &str) -> Vec<String> {
    let mut v: Vec<String> = out
        .replace("\"dvc ", "\"dvx ")
        .lines()
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// Pointer files and a pipeline's outputs (a cached one and a `cache: false` metrics file),
/// some changed since HEAD, some in the workspace, some pushed: what the VS Code extension asks
/// (`--granular --unchanged --json`), untracked files (from a subdirectory too), targets, and
/// what the remote lacks, each as DVC reports it.
#[test]
fn data_status_shows_every_section_as_dvc_does() {
    let env = env();
    let repo = env.dvx_repo("r");
    for f in ["a", "c", "sub/b"] {
        write(&repo.join("dir").join(f), format!("{f}\n"));
    }
    write(&repo.join("x.txt"), "x\n");
    write(&repo.join("y.txt"), "y\n");
    env.dvx(&repo, &["add", "dir", "x.txt", "y.txt"]).ok();
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  s:\n    cmd: echo o > out.txt && echo 1 > m.json\n    outs:\n    - out.txt\n    metrics:\n    - m.json:\n        cache: false\n",
    );
    env.dvx(&repo, &["repro", "-q"]).ok();
    // nothing to push to: every output is "not in remote", as for DVC
    let [ours, theirs] = both(&env, &repo, &["--not-in-remote", "--granular"]);
    assert_eq!(
        ours["not_in_remote"].as_array().map(Vec::len),
        Some(7),
        "{ours}"
    );
    assert_eq!(ours, theirs);
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    let store = env.tmp.path().join("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "store", store.to_str().unwrap()],
    )
    .ok();
    env.dvx(&repo, &["push", "dir.dvc", "y.txt.dvc"]).ok();

    // workspace changes, a committed change, untracked files, a git-ignored one
    write(&repo.join("dir/a"), "a2\n");
    fs::remove_file(repo.join("dir/c")).unwrap();
    write(&repo.join("dir/n"), "n\n");
    write(&repo.join("out.txt"), "o2\n");
    write(&repo.join("y.txt"), "y2\n");
    env.dvx(&repo, &["add", "y.txt"]).ok();
    write(&repo.join("new.txt"), "new\n");
    write(&repo.join("nd/e/f"), "f\n");
    write(&repo.join("skip.log"), "ignored\n");
    let ignore = fs::read_to_string(repo.join(".gitignore")).unwrap();
    write(&repo.join(".gitignore"), format!("{ignore}*.log\n"));

    for args in [
        &["--granular", "--unchanged"][..],
        &["--unchanged"],
        &["--granular", "--unchanged", "--untracked-files"],
        &["--untracked-files=no"],
        &["--not-in-remote"],
        &["--not-in-remote", "--granular", "-r", "store"],
        &["dir", "nd", "--unchanged", "--untracked-files"],
        &[
            "dir/sub",
            "nd/e/f",
            "x.txt",
            "--granular",
            "--unchanged",
            "--untracked-files",
        ],
        &["dir/a", "dir/n", "--granular", "--not-in-remote"],
    ] {
        let [ours, theirs] = both(&env, &repo, args);
        assert_eq!(ours, theirs, "{args:?}");
    }
    let [ours, _] = both(
        &env,
        &repo,
        &["--granular", "--unchanged", "--untracked-files"],
    );
    assert_eq!(
        ours["unchanged"],
        serde_json::json!(["dir/sub/b", "x.txt"]),
        "{ours}"
    );
    assert_eq!(
        ours["untracked"],
        serde_json::json!(["nd/e/f", "new.txt"]),
        "{ours}"
    );
    assert_eq!(
        ours["committed"]["modified"],
        serde_json::json!(["y.txt"]),
        "{ours}"
    );
    assert!(ours.get("not_in_cache").is_none(), "{ours}");

    // from a subdirectory, untracked files are named from there
    let [ours, theirs] = both(&env, &repo.join("nd"), &["--untracked-files"]);
    assert_eq!(
        ours["untracked"],
        serde_json::json!(["../new.txt", "e/f"]),
        "{ours}"
    );
    assert_eq!(ours, theirs);

    let args = [
        "data",
        "status",
        "--granular",
        "--unchanged",
        "--untracked-files",
        "--not-in-remote",
    ];
    let ours = env.dvx(&repo, &args).ok().stdout;
    let theirs = env.dvc(DVC3, &repo, &args).ok().stdout;
    assert!(ours.contains("DVC unchanged files:\n"), "{ours}");
    assert!(ours.contains("Not in remote:\n"), "{ours}");
    assert_eq!(
        text_lines(&ours),
        text_lines(&theirs),
        "{ours}\n---\n{theirs}"
    );
}

/// A repository whose git has no commit says so, as DVC does.
#[test]
fn data_status_in_an_empty_git_repository() {
    let env = env();
    let repo = env.git_repo("r");
    env.dvx(&repo, &["init", "-q"]).ok();
    let ours = env.dvx(&repo, &["data", "status"]).ok().stdout;
    let theirs = env.dvc(DVC3, &repo, &["data", "status"]).ok().stdout;
    assert_eq!(ours, theirs);
    assert!(
        ours.starts_with("No changes in an empty git repo."),
        "{ours}"
    );
}
