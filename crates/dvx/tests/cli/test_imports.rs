//! `ls`, `get`, `import`, `update` (the data-registry pattern) against DVC 3.67.1: the same
//! listings, the same pointer files byte for byte, imports updated by the other tool, pull of
//! imports from the source's remote; and bad input.

use std::fs;
use std::path::{Path, PathBuf};

use dvx_test::{assert_same_tree, tree, write, TestEnv, DVC3};

use super::{env, work_files};

/// A registry: a directory output with a subdirectory, a file output, git files (one
/// executable, one in a subdirectory with pointer files), tag v1 and a later commit, all
/// pushed to a directory remote named by an absolute path (so clones reach it too).
fn registry(env: &TestEnv) -> PathBuf {
    let reg = env.dvx_repo("registry");
    let store = env.path("store");
    env.dvx(
        &reg,
        &["remote", "add", "-d", "storage", store.to_str().unwrap()],
    )
    .ok();
    for i in 1..=3 {
        write(
            &reg.join(format!("data/images/{i}.png")),
            format!("img{i}\n"),
        );
    }
    write(&reg.join("data/images/sub/deep.txt"), "deep\n");
    write(&reg.join("data/table.csv"), "a,b\n");
    write(&reg.join("data/README.md"), "readme\n");
    let mut perm = fs::metadata(reg.join("data/README.md"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    fs::set_permissions(reg.join("data/README.md"), perm).unwrap();
    write(&reg.join("train.py"), "print('train')\n");
    env.dvx(&reg, &["add", "data/images", "data/table.csv"])
        .ok();
    env.git(&reg, &["add", "-A"]).ok();
    env.git(&reg, &["commit", "-qm", "v1"]).ok();
    env.git(&reg, &["tag", "v1"]).ok();
    env.dvx(&reg, &["push"]).ok();
    advance(env, &reg);
    reg
}

/// A new commit in the registry: a changed file output, a file added to the directory.
fn advance(env: &TestEnv, reg: &Path) {
    let n = fs::read_dir(reg.join("data/images")).unwrap().count();
    write(&reg.join("data/table.csv"), format!("a,b\nrow{n}\n"));
    write(
        &reg.join(format!("data/images/{n}.png")),
        format!("img{n}\n"),
    );
    env.dvx(reg, &["add", "data/images", "data/table.csv"]).ok();
    env.git(reg, &["commit", "-qam", "more"]).ok();
    env.dvx(reg, &["push"]).ok();
}

fn url(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn ls_lists_what_dvc_lists() {
    let env = env();
    let reg = registry(&env);
    let u = url(&reg);
    let r = reg.display().to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec![&u],
        vec![&u, "data"],
        vec![&u, "-R"],
        vec![&u, "--dvc-only"],
        vec![&u, "-R", "--dvc-only"],
        vec![&u, "data/images"],
        vec![&u, "data/images", "-R"],
        vec![&u, "data/images/sub"],
        vec![&u, "data/images/2.png"],
        vec![&u, "data/table.csv"],
        vec![&u, "data/README.md"],
        vec![&u, "-R", "--rev", "v1"],
        vec![&r, "data", "--rev", "v1"],
        vec![&r, "-R", "--rev", "HEAD~1"],
    ];
    let out = env.path("");
    let same = |args: &[&str]| {
        for json in [true, false] {
            let mut full = vec!["ls"];
            full.extend_from_slice(args);
            if json {
                full.push("--json");
            }
            let ours = env.dvx(&out, &full).ok();
            let theirs = env.dvc(DVC3, &out, &full).ok();
            assert_eq!(ours.stdout, theirs.stdout, "dvx {full:?} vs dvc");
        }
    };
    for args in &cases {
        same(args);
    }
    // -T (a tree) and -L (a depth), which have no JSON
    let text_only = |args: &[&str]| {
        let mut full = vec!["ls"];
        full.extend_from_slice(args);
        let ours = env.dvx(&out, &full).ok();
        let theirs = env.dvc(DVC3, &out, &full).ok();
        assert!(!ours.stdout.is_empty(), "{full:?}");
        assert_eq!(ours.stdout, theirs.stdout, "dvx {full:?} vs dvc");
    };
    for args in [
        vec![u.as_str(), "-T"],
        vec![&u, "-T", "--size", "--show-hash"],
        vec![&u, "-T", "-L", "2", "--size"],
        vec![&u, "data/images", "-T", "--show-hash"],
        vec![&u, "-T", "--dvc-only"],
        vec![&u, "-R", "-L", "2", "--size"],
        vec![&u, "-R", "-L", "3"],
        vec![&u, "data", "-R", "-L", "1"],
        vec![&r, "-T", "--size"],
        vec![&r, "-R", "-L", "2", "--size"],
        vec![&r, "data/images", "-T", "--rev", "v1"],
    ] {
        text_only(&args);
    }
    // A local path without --rev lists the workspace, as DVC does: uncommitted files, sizes as
    // they are on disk, and for outputs missing from the workspace what the pointer records.
    write(&reg.join("data/untracked.txt"), "not committed\n");
    for args in [
        vec![r.as_str()],
        vec![&r, "data"],
        vec![&r, "-R"],
        vec![&r, "--dvc-only"],
        vec![&r, "-R", "--dvc-only"],
        vec![&r, "data/images"],
        vec![&r, "data/images", "-R"],
        vec![&r, "data/table.csv"],
    ] {
        same(&args);
    }
    let ws = env.dvx(&out, &["ls", &r, "data", "--json"]).ok().stdout;
    assert!(ws.contains(r#""path": "untracked.txt"}"#), "{ws}");
    fs::remove_dir_all(reg.join("data/images/sub")).unwrap();
    fs::remove_file(reg.join("data/table.csv")).unwrap();
    for args in [
        vec![r.as_str(), "data"],
        vec![&r, "-R"],
        vec![&r, "data/images"],
    ] {
        same(&args);
    }
    fs::remove_file(reg.join("data/untracked.txt")).unwrap();
    env.dvx(&reg, &["checkout"]).ok();

    // What the listing says, not only that both agree.
    let root = env.dvx(&out, &["ls", &u, "-R", "--json"]).ok().stdout;
    assert!(
        root.contains(r#""isout": true, "isdir": false, "isexec": false, "size": null, "md5": "#),
        "{root}"
    );
    assert!(
        root.contains(r#""path": "data/images/sub/deep.txt"}"#),
        "{root}"
    );
    assert!(
        root.contains(r#""isexec": true, "size": 7, "md5": null, "path": "data/README.md"}"#),
        "{root}"
    );
    let v1 = env
        .dvx(&out, &["ls", &u, "data/images", "--rev", "v1"])
        .ok()
        .stdout;
    assert_eq!(v1, "1.png\n2.png\n3.png\nsub\n");
}

/// Two consumer repositories, one driven by DVC and one by dvx.
fn consumers(env: &TestEnv) -> (PathBuf, PathBuf) {
    let a = env.git_repo("by-dvc");
    env.dvc(DVC3, &a, &["init", "-q"]).ok();
    env.git(&a, &["commit", "-qm", "init"]).ok();
    (a, env.dvx_repo("by-dvx"))
}

const IMPORTS: &[&[&str]] = &[
    &["data/table.csv", "--rev", "v1", "-o", "t.csv"],
    &["data/images"],
    &["data", "-o", "alldata"],
    &["data/images/2.png"],
    &["data/README.md", "-o", "readme.md"],
    &["data/images/sub", "-o", "sub"],
];

#[test]
fn import_writes_what_dvc_writes_and_each_tool_updates_the_others() {
    let env = env();
    let reg = registry(&env);
    let r = reg.display().to_string();
    let (by_dvc, by_dvx) = consumers(&env);
    for args in IMPORTS {
        let mut full = vec!["import", "-q", r.as_str()];
        full.extend_from_slice(args);
        env.dvc(DVC3, &by_dvc, &full).ok();
        env.dvx(&by_dvx, &full).ok();
    }
    let pointers = [
        "t.csv.dvc",
        "images.dvc",
        "alldata.dvc",
        "2.png.dvc",
        "readme.md.dvc",
        "sub.dvc",
    ];
    for p in pointers {
        assert_eq!(
            fs::read_to_string(by_dvx.join(p)).unwrap(),
            fs::read_to_string(by_dvc.join(p)).unwrap(),
            "{p}"
        );
    }
    let t = fs::read_to_string(by_dvx.join("t.csv.dvc")).unwrap();
    assert!(
        t.starts_with("md5: ") && t.contains("frozen: true\n") && t.contains("    rev: v1\n"),
        "{t}"
    );
    assert_eq!(fs::read_to_string(by_dvx.join("t.csv")).unwrap(), "a,b\n");
    assert_same_tree(
        &tree(&by_dvx.join("alldata")),
        &tree(&by_dvc.join("alldata")),
        "alldata",
    );
    // DVC's own files stay out of an imported directory; git's files come along.
    assert!(
        by_dvx.join("alldata/README.md").is_file()
            && !by_dvx.join("alldata/table.csv.dvc").exists()
    );
    assert_eq!(
        fs::read_to_string(by_dvx.join(".gitignore")).unwrap(),
        fs::read_to_string(by_dvc.join(".gitignore")).unwrap()
    );
    env.dvc(DVC3, &by_dvx, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvx(&by_dvc, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");

    // The registry moves on: each tool updates the other's imports, to the same bytes.
    advance(&env, &reg);
    let status_dvc = env.dvc(DVC3, &by_dvx, &["status", "--json"]).ok().stdout;
    let status_dvx = env.dvx(&by_dvx, &["status", "--json"]).ok().stdout;
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(parse(&status_dvx), parse(&status_dvc), "status --json");
    assert!(status_dvx.contains(r#""data/images ("#) && status_dvx.contains("update available"));
    env.dvx(&by_dvc, &["update", "images.dvc", "alldata.dvc"])
        .ok();
    env.dvc(DVC3, &by_dvx, &["update", "images.dvc", "alldata.dvc"])
        .ok();
    env.dvx(&by_dvc, &["update", "t.csv.dvc"])
        .ok()
        .stdout_has("'t.csv.dvc' didn't change, skipping");
    env.dvx(&by_dvc, &["update", "--rev", "main", "t.csv.dvc"])
        .ok();
    env.dvc(DVC3, &by_dvx, &["update", "--rev", "main", "t.csv.dvc"])
        .ok();
    for p in ["images.dvc", "alldata.dvc", "t.csv.dvc"] {
        assert_eq!(
            fs::read_to_string(by_dvx.join(p)).unwrap(),
            fs::read_to_string(by_dvc.join(p)).unwrap(),
            "{p} after update"
        );
    }
    assert_same_tree(
        &tree(&by_dvc.join("images")),
        &tree(&reg.join("data/images")),
        "images",
    );
    assert_eq!(
        fs::read_to_string(by_dvc.join("t.csv")).unwrap(),
        fs::read_to_string(reg.join("data/table.csv")).unwrap()
    );
    assert!(fs::read_to_string(by_dvc.join("t.csv.dvc"))
        .unwrap()
        .contains("    rev: main\n"));
    env.dvc(DVC3, &by_dvc, &["status", "images.dvc", "t.csv.dvc"])
        .ok()
        .stdout_has("up to date");
    env.dvx(&by_dvx, &["status", "images.dvc", "t.csv.dvc"])
        .ok()
        .stdout_has("up to date");
}

#[test]
fn pull_takes_imports_from_the_source_and_push_leaves_them_out() {
    let env = env();
    let reg = registry(&env);
    let consumer = env.dvx_repo("consumer");
    let mine = env.path("consumer-store");
    env.dvx(
        &consumer,
        &["remote", "add", "-d", "mine", mine.to_str().unwrap()],
    )
    .ok();
    env.dvx(&consumer, &["import", &url(&reg), "data/images"])
        .ok();
    env.dvx(
        &consumer,
        &["import", reg.to_str().unwrap(), "data", "-o", "all"],
    )
    .ok();
    env.git(&consumer, &["add", "-A"]).ok();
    env.git(&consumer, &["commit", "-qm", "imports"]).ok();
    env.dvx(&consumer, &["push"]).ok();
    assert!(
        !mine.exists() || tree(&mine).is_empty(),
        "imports were pushed: {:?}",
        tree(&mine)
    );
    env.dvx(&consumer, &["status", "-c"]).ok();

    let clone = env.path("clone");
    env.git(
        &env.path(""),
        &[
            "clone",
            "-q",
            consumer.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&clone, &["pull"]).ok();
    assert_same_tree(
        &tree(&clone.join("images")),
        &tree(&consumer.join("images")),
        "images",
    );
    assert_same_tree(
        &tree(&clone.join("all")),
        &tree(&consumer.join("all")),
        "all",
    );
    env.dvc(DVC3, &clone, &["status"])
        .ok()
        .stdout_has("up to date");
    // DVC pulls dvx's imports the same way.
    let clone2 = env.path("clone2");
    env.git(
        &env.path(""),
        &[
            "clone",
            "-q",
            consumer.to_str().unwrap(),
            clone2.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvc(DVC3, &clone2, &["pull", "-q"]).ok();
    assert_same_tree(
        &tree(&clone2.join("all")),
        &tree(&consumer.join("all")),
        "all by dvc",
    );
    // gc keeps what imports use.
    env.dvx(&clone, &["gc", "-w", "-f"]).ok();
    env.dvx(&clone, &["checkout", "--relink"]).ok();
    env.dvx(&clone, &["status"]).ok().stdout_has("up to date");
}

#[test]
fn get_downloads_what_dvc_downloads() {
    let env = env();
    let reg = registry(&env);
    let work = env.path("work");
    fs::create_dir_all(&work).unwrap();
    let r = reg.display().to_string();
    for (path, out) in [
        ("data/images", "imgs"),
        ("data", "d"),
        ("data/table.csv", "t.csv"),
        ("train.py", "train.py"),
    ] {
        env.dvx(&work, &["get", &r, path, "-o", &format!("x-{out}")])
            .ok();
        env.dvc(DVC3, &work, &["get", &r, path, "-o", &format!("y-{out}")])
            .ok();
        let (x, y) = (work.join(format!("x-{out}")), work.join(format!("y-{out}")));
        if x.is_dir() {
            assert_same_tree(&tree(&x), &tree(&y), path);
        } else {
            assert_eq!(fs::read(&x).unwrap(), fs::read(&y).unwrap(), "{path}");
        }
    }
    assert_eq!(
        fs::read_to_string(work.join("x-imgs/sub/deep.txt")).unwrap(),
        "deep\n"
    );
    // From a clone, at a tag; and the target exists: refused without -f, replaced with it.
    env.dvx(
        &work,
        &[
            "get",
            &url(&reg),
            "data/table.csv",
            "--rev",
            "v1",
            "-o",
            "x-t.csv",
        ],
    )
    .fails()
    .stderr_has("already exists");
    env.dvx(
        &work,
        &[
            "get",
            &url(&reg),
            "data/table.csv",
            "--rev",
            "v1",
            "-o",
            "x-t.csv",
            "-f",
        ],
    )
    .ok();
    assert_eq!(fs::read_to_string(work.join("x-t.csv")).unwrap(), "a,b\n");
    let left: Vec<_> = fs::read_dir(&work)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        left.iter()
            .all(|n| !n.to_string_lossy().starts_with(".dvx-tmp")),
        "{left:?}"
    );
}

#[test]
fn bad_sources_are_refused_with_nothing_written() {
    let env = env();
    let reg = registry(&env);
    let consumer = env.dvx_repo("consumer");
    // The workspace and git (the cache may gain verified objects, which gc removes).
    let files = |repo: &Path| -> Vec<String> {
        tree(repo)
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| !p.starts_with(".dvc/") && !p.starts_with(".git/"))
            .collect()
    };
    let before = files(&consumer);
    let plain = env.path("plain-dir");
    fs::create_dir_all(&plain).unwrap();
    let r = reg.display().to_string();
    env.dvx(&consumer, &["import", plain.to_str().unwrap(), "x"])
        .fails()
        .stderr_has("is not a git repository");
    env.dvx(&consumer, &["import", "/nonexistent/repo", "x"])
        .fails()
        .stderr_has("is not a repository dvx can read");
    env.dvx(&consumer, &["import", &r, "nothere.csv"])
        .fails()
        .stderr_has("'nothere.csv' does not exist in");
    env.dvx(&consumer, &["import", &r, "data/images/9.png"])
        .fails()
        .stderr_has("'data/images/9.png' does not exist in");
    env.dvx(
        &consumer,
        &["import", &r, "data/table.csv", "--rev", "nope"],
    )
    .fails()
    .stderr_has("unknown Git revision 'nope'");
    env.dvx(&consumer, &["import", &r, "../outside"])
        .fails()
        .stderr_has("not a path inside the source repository");
    env.dvx(&consumer, &["ls", &r, "nothere"])
        .fails()
        .stderr_has("'nothere' does not exist in");

    // A source without a default remote: a clone has nowhere to fetch from.
    let bare = env.dvx_repo("no-remote");
    write(&bare.join("f.txt"), "f\n");
    env.dvx(&bare, &["add", "f.txt"]).ok();
    env.git(&bare, &["add", "-A"]).ok();
    env.git(&bare, &["commit", "-qm", "f"]).ok();
    env.dvx(&consumer, &["import", &url(&bare), "f.txt"])
        .fails()
        .stderr_has("has no default remote");
    // A local one is read from its cache, as DVC does.
    env.dvx(
        &consumer,
        &[
            "get",
            bare.to_str().unwrap(),
            "f.txt",
            "-o",
            "../f-copy.txt",
        ],
    )
    .ok();
    assert_eq!(fs::read_to_string(env.path("f-copy.txt")).unwrap(), "f\n");

    // Data that was never pushed.
    write(&reg.join("unpushed.bin"), "local only\n");
    env.dvx(&reg, &["add", "unpushed.bin"]).ok();
    env.git(&reg, &["add", "-A"]).ok();
    env.git(&reg, &["commit", "-qm", "unpushed"]).ok();
    env.dvx(&consumer, &["import", &url(&reg), "unpushed.bin"])
        .fails()
        .stderr_has("is not on its remote");

    // A malformed pointer file at the revision: named with the revision.
    write(&reg.join("broken.dvc"), "outs: [not, a, mapping\n");
    env.git(&reg, &["add", "-A"]).ok();
    env.git(&reg, &["commit", "-qm", "broken"]).ok();
    env.dvx(&consumer, &["import", &r, "data/table.csv"])
        .fails()
        .stderr_has("pointer file 'broken.dvc' in");
    assert_eq!(
        files(&consumer),
        before,
        "a refused import changed the consumer"
    );

    // A pointer file from a colleague whose import names a path outside the source.
    write(&consumer.join("evil.dvc"), format!("md5: 0123456789abcdef0123456789abcdef\nfrozen: true\ndeps:\n- path: ../../etc/passwd\n  repo:\n    url: {r}\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184\n  size: 6\n  hash: md5\n  path: evil\n"));
    env.dvx(&consumer, &["update", "evil.dvc"])
        .fails()
        .stderr_has("'../../etc/passwd' cannot be used: it leaves its directory");
    env.dvx(&consumer, &["pull", "evil.dvc"])
        .fails()
        .stderr_has("'../../etc/passwd' cannot be used: it leaves its directory");
    assert!(!consumer.join("evil").exists());
}

#[test]
fn imports_without_data_are_written_and_pulled_as_dvc_does() {
    let env = env();
    let reg = registry(&env);
    let r = reg.display().to_string();
    let (by_dvc, by_dvx) = consumers(&env);
    for args in [
        &[
            "import",
            "-q",
            "--no-download",
            &r,
            "data/images",
            "-o",
            "nd",
        ][..],
        &[
            "import",
            "-q",
            "--no-exec",
            &r,
            "data/table.csv",
            "-o",
            "ne.csv",
        ],
        // (DVC 3.67.1 pulls one revision for two such imports of one path)
        &[
            "import",
            "-q",
            "--no-download",
            &r,
            "data/images/2.png",
            "--rev",
            "v1",
            "-o",
            "v1.png",
        ],
    ] {
        env.dvc(DVC3, &by_dvc, args).ok();
        env.dvx(&by_dvx, args).ok();
    }
    for p in ["nd.dvc", "ne.csv.dvc", "v1.png.dvc"] {
        assert_eq!(
            fs::read_to_string(by_dvx.join(p)).unwrap(),
            fs::read_to_string(by_dvc.join(p)).unwrap(),
            "{p}"
        );
    }
    let nd = fs::read_to_string(by_dvx.join("nd.dvc")).unwrap();
    assert!(
        nd.starts_with("md5: ")
            && nd.contains("rev_lock: ")
            && nd.contains("outs:\n- hash: md5\n  path: nd\n"),
        "{nd}"
    );
    let ne = fs::read_to_string(by_dvx.join("ne.csv.dvc")).unwrap();
    assert!(!ne.starts_with("md5") && !ne.contains("rev_lock"), "{ne}");
    assert!(!by_dvx.join("nd").exists() && !by_dvx.join("ne.csv").exists());
    // status agrees: nothing downloaded is deleted, an import without its md5 is changed
    let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(
        json(&env.dvx(&by_dvx, &["status", "--json"]).stdout),
        json(&env.dvc(DVC3, &by_dvc, &["status", "--json"]).stdout),
        "status before pull"
    );
    // pull takes the data from the source, without recording it
    let store = env.path("consumer-store").display().to_string();
    for repo in [&by_dvx, &by_dvc] {
        env.dvx(repo, &["remote", "add", "-d", "mine", &store]).ok();
    }
    env.dvx(&by_dvx, &["pull"]).ok().stdout_has("A       nd/");
    // (DVC 3.67.1 fails on the import without its revision (`--no-exec`): "Checkout failed";
    // it pulls the rest, compared here, while ne.csv is set aside)
    fs::rename(by_dvc.join("ne.csv.dvc"), env.path("ne.csv.dvc")).unwrap();
    env.dvc(DVC3, &by_dvc, &["pull", "-q"]).ok();
    fs::rename(env.path("ne.csv.dvc"), by_dvc.join("ne.csv.dvc")).unwrap();
    assert_eq!(
        fs::read_to_string(by_dvx.join("ne.csv")).unwrap(),
        fs::read_to_string(reg.join("data/table.csv")).unwrap(),
        "ne.csv"
    );
    fs::copy(by_dvx.join("ne.csv"), by_dvc.join("ne.csv")).unwrap();
    assert_same_tree(&work_files(&by_dvx), &work_files(&by_dvc), "after pull");
    assert_same_tree(
        &tree(&by_dvx.join("nd")),
        &tree(&reg.join("data/images")),
        "nd",
    );
    assert_eq!(fs::read_to_string(by_dvx.join("v1.png")).unwrap(), "img2\n");
    assert_eq!(
        json(&env.dvx(&by_dvx, &["status", "--json"]).stdout),
        json(&env.dvc(DVC3, &by_dvc, &["status", "--json"]).stdout),
        "status after pull"
    );
}

#[test]
fn du_reports_what_dvc_reports() {
    let env = env();
    let reg = registry(&env);
    let r = reg.display().to_string();
    let here = env.path("");
    for args in [
        &["du", &r][..],
        &["du", &r, "data"],
        &["du", &r, "data", "-s"],
        &["du", &r, "data/images"],
        &["du", &r, "data/table.csv"],
        &["du", &r, "--rev", "v1"],
        &["du", &r, "data", "--rev", "v1"],
        &["du", &r, "-s", "--rev", "v1"],
        &["du", &r, "data/images", "--rev", "v1"],
    ] {
        let a = env.dvx(&here, args).ok();
        let b = env.dvc(DVC3, &here, args).ok();
        assert!(!a.stdout.trim().is_empty(), "{args:?}");
        // the same lines, the total last; DVC lists the entries in Python's set order
        // (random from run to run), dvx by name
        let lines = |t: &str| {
            let mut l: Vec<String> = t.lines().map(str::to_string).collect();
            let last = l.pop();
            l.sort();
            (l, last)
        };
        assert_eq!(lines(&a.stdout), lines(&b.stdout), "{args:?}");
    }
    env.dvx(&here, &["du", &r, "nope"])
        .fails()
        .stderr_has("'nope' does not exist");
}

/// A model registry: artifacts in `dvc.yaml` (one in a subdirectory's), versions and stages
/// as GTO's annotated tags; `artifacts get` takes what DVC takes.
#[test]
fn artifacts_get_downloads_what_dvc_downloads() {
    let env = env();
    let reg = env.dvx_repo("models");
    let store = env.path("models-store");
    env.dvx(
        &reg,
        &["remote", "add", "-d", "st", store.to_str().unwrap()],
    )
    .ok();
    write(
        &reg.join("dvc.yaml"),
        "artifacts:\n  clf:\n    path: out/model.pkl\n    type: model\n",
    );
    write(
        &reg.join("nlp/dvc.yaml"),
        "artifacts:\n  tok:\n    path: vocab\n",
    );
    let commit = |n: u32| {
        write(&reg.join("out/model.pkl"), format!("model {n}\n"));
        write(&reg.join("nlp/vocab/words.txt"), format!("words {n}\n"));
        env.dvx(&reg, &["add", "-q", "out/model.pkl", "nlp/vocab"])
            .ok();
        env.git(&reg, &["add", "-A"]).ok();
        env.git(&reg, &["commit", "-qm", &format!("v{n}")]).ok();
        env.dvx(&reg, &["push", "-q"]).ok();
    };
    let tag = |name: &str, at: &str| {
        env.git(&reg, &["tag", "-a", name, at, "-m", name]).ok();
        // GTO orders tags by their time, to the second
        std::thread::sleep(std::time::Duration::from_millis(1100));
    };
    commit(1);
    tag("clf@v1.9.0", "HEAD");
    tag("nlp=tok@v0.1.0", "HEAD");
    commit(2);
    tag("clf@v1.10.0", "HEAD");
    tag("clf#prod#1", "HEAD~1");
    commit(3);
    // a lightweight tag is not GTO's, and a stage's newest assignment wins
    env.git(&reg, &["tag", "clf@v9.0.0", "HEAD"]).ok();
    tag("clf#prod#2", "HEAD~2");
    let r = reg.display().to_string();
    let (a, b) = (env.path("a"), env.path("b"));
    for dir in [&a, &b] {
        std::fs::create_dir_all(dir).unwrap();
    }
    for (i, args) in [
        &["artifacts", "get", &r, "clf"][..],
        &[
            "artifacts",
            "get",
            &r,
            "clf",
            "--rev",
            "v1.9.0",
            "-o",
            "old.pkl",
        ],
        &[
            "artifacts",
            "get",
            &r,
            "clf",
            "--stage",
            "prod",
            "-o",
            "prod.pkl",
        ],
        &["artifacts", "get", &r, "nlp:tok"],
        &["artifacts", "get", &r, "nlp/dvc.yaml:tok", "-o", "tok2"],
    ]
    .into_iter()
    .enumerate()
    {
        let x = env.dvx(&a, args).ok();
        let y = env.dvc(DVC3, &b, args).ok();
        assert_eq!(x.stdout, y.stdout, "{i}: {args:?}");
    }
    assert_same_tree(&tree(&a), &tree(&b), "artifacts");
    assert_eq!(
        std::fs::read_to_string(a.join("model.pkl")).unwrap(),
        "model 2\n"
    );
    assert_eq!(
        std::fs::read_to_string(a.join("old.pkl")).unwrap(),
        "model 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(a.join("prod.pkl")).unwrap(),
        "model 1\n"
    );
    assert_eq!(
        std::fs::read_to_string(a.join("vocab/words.txt")).unwrap(),
        "words 1\n"
    );
    // bad input: one line naming it, nothing written
    let before = tree(&a);
    for (args, says) in [
        (
            &["artifacts", "get", &r, "nope"][..],
            "Unable to find artifact 'nope'",
        ),
        (
            &["artifacts", "get", &r, "clf", "--rev", "v3.0.0"],
            "Unable to find artifact 'clf @ v3.0.0'",
        ),
        (
            &["artifacts", "get", &r, "clf", "--stage", "dev"],
            "Unable to find artifact 'clf @ dev'",
        ),
        (
            &["artifacts", "get", &r, "clf"],
            "'model.pkl' already exists locally",
        ),
    ] {
        env.dvx(&a, args).fails().stderr_has(says);
    }
    assert_same_tree(&before, &tree(&a), "after refused gets");
}

/// A source whose data comes from a pipeline: the outputs its `dvc.lock` records are listed,
/// downloaded and imported as DVC does them (an output with `cache: false` is a plain file).
#[test]
fn outputs_of_a_source_pipeline_are_listed_and_imported_as_dvc_does() {
    let env = env();
    let src = env.dvx_repo("pipeline");
    let store = env.path("pipeline-store");
    env.dvx(
        &src,
        &["remote", "add", "-d", "st", store.to_str().unwrap()],
    )
    .ok();
    write(
        &src.join("dvc.yaml"),
        "stages:\n  gen:\n    cmd: mkdir -p outdir && echo n > n.txt && echo m > m.txt && echo d > outdir/d.txt\n    outs:\n    - n.txt\n    - outdir\n    - m.txt:\n        cache: false\n",
    );
    env.dvx(&src, &["repro", "-q"]).ok();
    env.dvx(&src, &["push", "-q"]).ok();
    env.git(&src, &["add", "-A"]).ok();
    env.git(&src, &["commit", "-qm", "pipeline"]).ok();
    let s = src.display().to_string();
    let here = env.path("");
    for rev in [None, Some("HEAD")] {
        for args in [
            vec!["ls", s.as_str(), "--json"],
            vec!["ls", &s, "-R", "--json"],
            vec!["ls", &s, "--dvc-only"],
            vec!["ls", &s, "outdir", "--json"],
        ] {
            let mut args = args.clone();
            if let Some(r) = rev {
                args.extend(["--rev", r]);
            }
            let (a, b) = (env.dvx(&here, &args).ok(), env.dvc(DVC3, &here, &args).ok());
            assert_eq!(a.stdout, b.stdout, "{args:?}");
        }
    }
    let ls = env.dvx(&here, &["ls", &s, "--json"]).ok().stdout;
    assert!(
        ls.contains(r#""isout": true, "isdir": false, "isexec": false, "size": 2, "md5": "fe13119fb084fe8bbf5fe3ab7cc89b3b", "path": "n.txt""#),
        "{ls}"
    );
    let (by_dvc, by_dvx) = consumers(&env);
    for args in [
        &["import", "-q", &s, "n.txt"][..],
        &["import", "-q", &s, "outdir"],
        &["get", "-q", &s, "outdir/d.txt", "-o", "d.txt"],
    ] {
        env.dvc(DVC3, &by_dvc, args).ok();
        env.dvx(&by_dvx, args).ok();
    }
    assert_same_tree(&work_files(&by_dvx), &work_files(&by_dvc), "imports");
    assert_eq!(
        fs::read_to_string(by_dvx.join("outdir/d.txt")).unwrap(),
        "d\n"
    );
}

/// `--config`, `--remote` and `--remote-config` point a source at a remote its own config
/// does not name: the same pointer files as DVC's (which record them), and `pull` of the
/// import in a fresh clone uses them again.
#[test]
fn source_config_flags_reach_the_right_remote_as_dvc_does() {
    let env = env();
    let src = env.dvx_repo("src");
    let real = env.path("real-store");
    write(&src.join("data/x.csv"), "x,y\n");
    write(&src.join("dir/a.txt"), "a\n");
    env.dvx(&src, &["remote", "add", "-d", "gone", "/nonexistent/store"])
        .ok();
    env.dvx(&src, &["remote", "add", "real", real.to_str().unwrap()])
        .ok();
    env.dvx(&src, &["add", "-q", "data/x.csv", "dir"]).ok();
    env.dvx(&src, &["push", "-q", "-r", "real"]).ok();
    env.git(&src, &["add", "-A"]).ok();
    env.git(&src, &["commit", "-qm", "data"]).ok();
    // only the remote has the data now
    fs::remove_dir_all(src.join(".dvc/cache")).unwrap();
    let cfg = env.path("extra.cfg");
    write(
        &cfg,
        format!(
            "[core]\n    remote = other\n['remote \"other\"']\n    url = {}\n",
            real.display()
        ),
    );
    let s = src.display().to_string();
    let real_url = format!("url={}", real.display());
    let (by_dvc, by_dvx) = consumers(&env);
    env.dvx(&by_dvx, &["import", "-q", &s, "data/x.csv"])
        .fails()
        .stderr_has("/nonexistent/store");
    for args in [
        &["import", "-q", &s, "data/x.csv", "--remote", "real"][..],
        &[
            "import",
            "-q",
            &s,
            "data/x.csv",
            "-o",
            "b.csv",
            "--remote-config",
            &real_url,
        ],
        &[
            "import",
            "-q",
            &s,
            "dir",
            "--remote",
            "gone",
            "--remote-config",
            &real_url,
        ],
        &[
            "import",
            "-q",
            &s,
            "data/x.csv",
            "-o",
            "c.csv",
            "--config",
            cfg.to_str().unwrap(),
        ],
    ] {
        env.dvc(DVC3, &by_dvc, args).ok();
        env.dvx(&by_dvx, args).ok();
    }
    assert_same_tree(&work_files(&by_dvx), &work_files(&by_dvc), "imports");
    let x = fs::read_to_string(by_dvx.join("x.csv.dvc")).unwrap();
    assert!(x.contains("    remote: real\n"), "{x}");
    // ls, get and du take the flags too
    let here = env.path("");
    let ls = ["ls", s.as_str(), "dir", "--remote", "real"];
    assert_eq!(
        env.dvx(&here, &ls).ok().stdout,
        env.dvc(DVC3, &here, &ls).ok().stdout
    );
    env.dvx(
        &here,
        &["get", &s, "dir", "-o", "got", "--remote-config", &real_url],
    )
    .ok();
    assert_eq!(fs::read_to_string(here.join("got/a.txt")).unwrap(), "a\n");
    // a fresh clone pulls the imports through what they record
    env.git(&by_dvx, &["add", "-A"]).ok();
    env.git(&by_dvx, &["commit", "-qm", "imports"]).ok();
    let clone = env.path("clone");
    env.git(
        &here,
        &[
            "clone",
            "-q",
            by_dvx.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&clone, &["pull", "-q"]).ok();
    assert_same_tree(&work_files(&clone), &work_files(&by_dvx), "pulled");
    // a repository import is not updated --to-remote, as in DVC
    let before = work_files(&by_dvx);
    env.dvx(&by_dvx, &["update", "x.csv.dvc", "--to-remote"])
        .fails()
        .stderr_has(
            "Data imported from other DVC or Git repositories can't be updated with --to-remote",
        );
    assert_same_tree(&before, &work_files(&by_dvx), "after a refused update");
}

/// What a source's `.dvcignore` files exclude (in its workspace and at a commit) is not
/// listed or downloaded, as DVC sees it.
#[test]
fn a_source_dvcignore_hides_what_it_excludes() {
    let env = env();
    let src = env.dvx_repo("ignoring");
    write(&src.join("d/a.txt"), "a\n");
    write(&src.join("d/x.log"), "log\n");
    write(&src.join("d/sub/s.txt"), "s\n");
    write(&src.join("d/sub/t.log"), "t\n");
    write(&src.join("d/sub/keep.log"), "k\n");
    write(&src.join("d/tmp/junk.txt"), "j\n");
    write(&src.join(".dvcignore"), "*.log\ntmp/\n");
    write(&src.join("d/sub/.dvcignore"), "!keep.log\n");
    env.git(&src, &["add", "-A"]).ok();
    env.git(&src, &["commit", "-qm", "ignore"]).ok();
    let s = src.display().to_string();
    let here = env.path("");
    for rev in [None, Some("HEAD")] {
        for args in [
            vec!["ls", s.as_str(), "-R"],
            vec!["ls", &s, "d"],
            vec!["ls", &s, "d/sub"],
        ] {
            let mut args = args.clone();
            if let Some(r) = rev {
                args.extend(["--rev", r]);
            }
            let (a, b) = (env.dvx(&here, &args).ok(), env.dvc(DVC3, &here, &args).ok());
            assert_eq!(a.stdout, b.stdout, "{args:?}");
            assert!(
                !a.stdout.contains("x.log") && !a.stdout.contains("junk"),
                "{args:?}"
            );
        }
    }
    env.dvx(&here, &["get", &s, "d", "-o", "ours"]).ok();
    env.dvc(DVC3, &here, &["get", &s, "d", "-o", "theirs"]).ok();
    assert_same_tree(
        &tree(&here.join("ours")),
        &tree(&here.join("theirs")),
        "get",
    );
    assert!(!here.join("ours/x.log").exists() && here.join("ours/sub/s.txt").exists());
}
