//! `dvx add` writes the same bytes as `dvc add` (DVC 3.67.1): pointer files, `.dir` objects,
//! cache paths and `.gitignore` lines, for a tree full of awkward cases.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use dvx_test::{assert_same_tree, tree, write, DVC3};

use super::env;

/// Single files whose names need YAML quoting (or must not get it).
pub const ODD_NAMES: &[&str] = &[
    "a: b.csv",
    "#hash.csv",
    "123",
    "@at",
    "null",
    "yes",
    "x y.txt",
    "it's.txt",
    "ünï.txt",
    "2001-12-14",
    "-lead",
    "trail ",
    "1e3",
    "0x1F",
    "~",
    "true",
    "[br",
    "a #b",
    "tail:",
    "? q",
    "=",
];

/// The directory tree of the issue: nested and empty directories, empty files, unicode and
/// space names, names that sort differently by code point than by walk, a symlink inside, a
/// `.dvcignore` pattern, files over 1 MiB, CRLF text, an executable.
pub fn make_tree(repo: &Path) {
    let d = repo.join("data");
    write(&d.join("nested/deep/er/file.txt"), "deep\n");
    std::fs::create_dir_all(d.join("empty_dir")).unwrap();
    std::fs::create_dir_all(d.join("nested/empty")).unwrap();
    write(&d.join("empty_file"), "");
    write(&d.join("ünïcödé 名.txt"), "unicode\n");
    write(&d.join("😀 emoji.txt"), "astral\n");
    write(&d.join("with space.txt"), "space\n");
    write(&d.join("q\"uote\\back.txt"), "quote\n");
    for n in ["Z", "a-b", "a.b", "a/b", "a/c/d"] {
        write(&d.join(n), format!("{n}\n"));
    }
    std::os::unix::fs::symlink("nested/deep/er/file.txt", d.join("link")).unwrap();
    write(&d.join("skip.tmp"), "ignored by .dvcignore\n");
    write(&d.join("nested/skip.tmp"), "ignored too\n");
    let big: Vec<u8> = (0..(1_572_864u32 + 77))
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    write(&d.join("big.bin"), &big);
    let crlf: String = (0..40_000).map(|i| format!("line {i}\r\n")).collect();
    write(&d.join("crlf_big.txt"), &crlf);
    write(&d.join("crlf.txt"), "a\r\nb\r\n");
    write(&d.join("run.sh"), "#!/bin/sh\n");
    std::fs::set_permissions(d.join("run.sh"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut ign = std::fs::read_to_string(repo.join(".dvcignore")).unwrap();
    ign.push_str("*.tmp\n");
    write(&repo.join(".dvcignore"), ign);
    for n in ODD_NAMES {
        write(&repo.join("files").join(n), format!("{n}\n"));
    }
    write(&repo.join("files/tool.sh"), "#!/bin/sh\necho hi\n");
    std::fs::set_permissions(
        repo.join("files/tool.sh"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
}

fn add_targets() -> Vec<String> {
    let mut t = vec!["data".to_string(), "files/tool.sh".to_string()];
    t.extend(ODD_NAMES.iter().map(|n| format!("files/{n}")));
    t
}

/// Pointer files, .gitignore files and the cache, as (path, bytes).
fn dvc_state(repo: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = tree(repo)
        .into_iter()
        .filter(|(p, _)| {
            p.ends_with(".dvc") || p.ends_with(".gitignore") || p.starts_with(".dvc/cache/")
        })
        .collect();
    v.sort();
    v
}

/// Two fresh git repositories, "dvx" initialised by dvx and "dvc" by DVC 3.
fn dvx_and_dvc_repos(env: &dvx_test::TestEnv) -> (std::path::PathBuf, std::path::PathBuf) {
    let a = env.git_repo("dvx");
    let b = env.git_repo("dvc");
    env.dvx(&a, &["init", "-q"]).ok();
    env.dvc(DVC3, &b, &["init", "-q"]).ok();
    (a, b)
}

#[test]
fn add_writes_what_dvc_writes() {
    let env = env();
    let (a, b) = dvx_and_dvc_repos(&env);
    let no_tmp = |t: Vec<(String, Vec<u8>)>| {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with("tmp/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        no_tmp(tree(&a.join(".dvc"))),
        no_tmp(tree(&b.join(".dvc"))),
        ".dvc/ after init"
    );
    assert_eq!(
        std::fs::read(a.join(".dvcignore")).unwrap(),
        std::fs::read(b.join(".dvcignore")).unwrap()
    );
    make_tree(&a);
    make_tree(&b);
    let targets = add_targets();
    let args: Vec<&str> = std::iter::once("add")
        .chain(targets.iter().map(String::as_str))
        .collect();
    env.dvx(&a, &args).ok();
    env.dvc(DVC3, &b, &args).ok();
    let (sa, sb) = (dvc_state(&a), dvc_state(&b));
    assert_same_tree(
        &sa,
        &sb,
        "pointer files, .gitignore files and cache (left dvx, right dvc)",
    );
    // cache objects are read-only, as DVC leaves them
    for (p, _) in sa
        .iter()
        .filter(|(p, _)| p.starts_with(".dvc/cache/files/"))
    {
        let mode = std::fs::metadata(a.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o444, "{p}");
    }
    // and the workspace is left as DVC leaves it (a symlink inside is replaced by its content)
    assert_same_tree(
        &tree(&a.join("data")),
        &tree(&b.join("data")),
        "workspace after add",
    );
}

#[test]
fn re_adding_unchanged_data_changes_nothing() {
    let env = env();
    let repo = env.dvx_repo("r");
    make_tree(&repo);
    env.dvx(&repo, &["add", "data"]).ok();
    let before = dvc_state(&repo);
    let cache_mtimes: Vec<_> = before
        .iter()
        .filter(|(p, _)| p.starts_with(".dvc/cache/"))
        .map(|(p, _)| std::fs::metadata(repo.join(p)).unwrap().modified().unwrap())
        .collect();
    env.dvx(&repo, &["add", "data"]).ok();
    assert_eq!(before, dvc_state(&repo));
    let after: Vec<_> = before
        .iter()
        .filter(|(p, _)| p.starts_with(".dvc/cache/"))
        .map(|(p, _)| std::fs::metadata(repo.join(p)).unwrap().modified().unwrap())
        .collect();
    assert_eq!(cache_mtimes, after, "no cache object was rewritten");
}

/// Names at the file system's 255-byte limit (ASCII, and two-byte UTF-8) and a tree 200
/// levels deep: `add` writes what DVC writes, and a push, a pull into an empty cache and
/// workspace and a checkout bring back every file.
#[test]
fn names_at_the_length_limit_and_a_deep_tree_round_trip() {
    let env = env();
    let make = |repo: &Path| {
        let d = repo.join("data");
        write(&d.join("x".repeat(255)), "long name\n");
        write(&d.join("é".repeat(127)), "long UTF-8 name\n");
        let deep: std::path::PathBuf = std::iter::once("deep".to_string())
            .chain((0..200).map(|i| format!("d{i}")))
            .collect();
        write(&d.join(&deep).join("leaf"), "deep\n");
    };
    let a = env.dvx_repo("dvx");
    let b = env.git_repo("dvc");
    env.dvc(DVC3, &b, &["init", "-q"]).ok();
    make(&a);
    make(&b);
    env.dvx(&a, &["add", "data"]).ok();
    env.dvc(DVC3, &b, &["add", "data"]).ok();
    assert_same_tree(
        &dvc_state(&a),
        &dvc_state(&b),
        "after add (left dvx, right dvc)",
    );
    let before = tree(&a.join("data"));
    assert_eq!(before.len(), 3);
    env.dvx(&a, &["remote", "add", "-d", "r", "../store"]).ok();
    env.dvx(&a, &["push"]).ok().stdout_has("4 files pushed");
    std::fs::remove_dir_all(a.join("data")).unwrap();
    std::fs::remove_dir_all(a.join(".dvc/cache")).unwrap();
    env.dvx(&a, &["pull"])
        .ok()
        .stdout_has("4 files fetched and 3 files added");
    assert_same_tree(&before, &tree(&a.join("data")), "after pull");
    std::fs::remove_dir_all(a.join("data/deep")).unwrap();
    env.dvx(&a, &["checkout"]).ok();
    assert_same_tree(&before, &tree(&a.join("data")), "after checkout");
    env.dvc(DVC3, &a, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// An `add` of many targets at once (more than the per-file path of the write batch) writes
/// what DVC writes: each `.gitignore` gets every new line once, in order, after what it had (a
/// last line without its newline, a line already there), none for a file git already ignores;
/// a second `add` of the same targets after a few changed records just those.
#[test]
fn adding_many_targets_at_once_writes_what_dvc_writes() {
    let env = env();
    let (a, b) = dvx_and_dvc_repos(&env);
    let mut targets = Vec::new();
    for i in 0..150 {
        let dir = ["one", "two/deeper", "."][i % 3];
        let name = if i == 7 {
            "x.skip".to_string()
        } else {
            format!("f{i:03}")
        };
        targets.push(format!("{dir}/{name}").trim_start_matches("./").to_string());
    }
    for repo in [&a, &b] {
        for (i, t) in targets.iter().enumerate() {
            write(&repo.join(t), format!("{i}\n"));
        }
        write(&repo.join(".gitignore"), "*.skip\n");
        write(&repo.join("one/.gitignore"), "/f000\n# kept\n/other");
    }
    let args: Vec<&str> = std::iter::once("add")
        .chain(targets.iter().map(String::as_str))
        .collect();
    env.dvx(&a, &args).ok();
    env.dvc(DVC3, &b, &args).ok();
    let (sa, sb) = (dvc_state(&a), dvc_state(&b));
    assert_eq!(sa.iter().filter(|(p, _)| p.ends_with(".dvc")).count(), 150);
    assert_same_tree(&sa, &sb, "after the first add (left dvx, right dvc)");
    for (i, t) in targets.iter().enumerate().filter(|(i, _)| i % 50 == 1) {
        for repo in [&a, &b] {
            write(&repo.join(t), format!("{i} changed\n"));
        }
    }
    env.dvx(&a, &args).ok();
    env.dvc(DVC3, &b, &args).ok();
    let (sa, sb) = (dvc_state(&a), dvc_state(&b));
    assert_same_tree(&sa, &sb, "after the second add (left dvx, right dvc)");
}
