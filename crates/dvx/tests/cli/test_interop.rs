//! dvx and real DVC 3.67.1 on one repository: each reads what the other wrote.

use std::fs;

use dvx_test::{assert_same_tree, tree, write, DVC3};

use super::env;
use super::test_add_compat::make_tree;

#[test]
fn dvc_reads_what_dvx_added() {
    let env = env();
    let repo = env.dvx_repo("r");
    make_tree(&repo);
    let before = tree(&repo.join("data"));
    env.dvx(&repo, &["add", "data", "files/yes"]).ok();
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    fs::remove_dir_all(repo.join("data")).unwrap();
    fs::remove_file(repo.join("files/yes")).unwrap();
    env.dvc(DVC3, &repo, &["checkout"]).ok();
    // DVC restores the symlink's target content as a regular file, as it hashed it
    let restored = tree(&repo.join("data"));
    assert_same_tree(&restored, &expected_checkout(before), "restored data");
    assert_eq!(fs::read(repo.join("files/yes")).unwrap(), b"yes\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn dvx_reads_what_dvc_added() {
    let env = env();
    let repo = env.git_repo("r");
    env.dvc(DVC3, &repo, &["init", "-q"]).ok();
    make_tree(&repo);
    env.dvc(DVC3, &repo, &["add", "data", "files/x y.txt"]).ok();
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    let before = tree(&repo.join("data"));
    fs::remove_dir_all(repo.join("data")).unwrap();
    fs::remove_file(repo.join("files/x y.txt")).unwrap();
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("deleted:            data");
    env.dvx(&repo, &["checkout"])
        .ok()
        .stdout_has("A       data/");
    let restored = tree(&repo.join("data"));
    assert_same_tree(&restored, &expected_checkout(before), "restored data");
    assert_eq!(fs::read(repo.join("files/x y.txt")).unwrap(), b"x y.txt\n");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");

    // a change is seen the same way by both
    write(&repo.join("data/a/b"), "changed\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("modified:           data");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("modified:           data");
    let j = env.dvx(&repo, &["status", "--json"]).ok();
    assert_eq!(
        j.stdout.trim(),
        r#"{"data.dvc": [{"changed outs": {"data": "modified"}}]}"#
    );
    let d = env.dvc(DVC3, &repo, &["status", "--json"]).ok();
    assert_eq!(j.stdout.trim(), d.stdout.trim());
    // dvx commits it; dvc agrees it is committed
    env.dvx(&repo, &["commit", "-f"]).ok();
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// What a checkout restores of `make_tree`'s data: no dvcignored files, and the symlink as a
/// regular file holding its target's content (DVC hashed the content, not the link).
fn expected_checkout(before: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    before
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".tmp"))
        .map(|(p, b)| {
            if p == "link" {
                (p, b"deep\n".to_vec())
            } else {
                (p, b)
            }
        })
        .collect()
}
