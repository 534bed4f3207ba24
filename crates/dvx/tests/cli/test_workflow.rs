//! The seed walkthrough's local steps, and rolling data back with git.

use std::fs;

use dvx_test::{assert_same_tree, tree, write};

use super::env;

#[test]
fn seed_walkthrough_add_status_and_rollback() {
    let env = env();
    let repo = env.git_repo("mlops");
    write(&repo.join(".gitignore"), "logs/\nstores/\n");
    env.dvx(&repo, &["init"])
        .ok()
        .stdout_has("Initialized DVC repository.");
    for (name, rows) in [
        ("projects.csv", 50),
        ("tags.csv", 20),
        ("labeled_projects.csv", 40),
    ] {
        let text: String = (0..rows)
            .map(|i| format!("{i},{name},text {i}\n"))
            .collect();
        write(&repo.join("data").join(name), text);
    }
    for name in ["projects.csv", "tags.csv", "labeled_projects.csv"] {
        let r = env.dvx(&repo, &["add", &format!("data/{name}")]).ok();
        assert!(
            r.stdout
                .contains(&format!("git add data/{name}.dvc data/.gitignore")),
            "{}",
            r.stdout
        );
    }
    assert_eq!(
        fs::read_to_string(repo.join("data/.gitignore")).unwrap(),
        "/projects.csv\n/tags.csv\n/labeled_projects.csv\n"
    );
    let p = fs::read_to_string(repo.join("data/projects.csv.dvc")).unwrap();
    assert!(
        p.starts_with("outs:\n- md5: ") && p.ends_with("  hash: md5\n  path: projects.csv\n"),
        "{p}"
    );
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data v1"]).ok();
    // git sees only pointers, never the data
    let ls = env.git(&repo, &["ls-files"]).ok().stdout;
    assert!(
        ls.contains("data/projects.csv.dvc") && !ls.lines().any(|l| l == "data/projects.csv"),
        "{ls}"
    );

    let v1 = fs::read(repo.join("data/projects.csv")).unwrap();
    write(&repo.join("data/projects.csv"), "a whole new version\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("modified:           data/projects.csv");
    env.dvx(&repo, &["add", "data/projects.csv"]).ok();
    env.git(&repo, &["commit", "-qam", "data v2"]).ok();
    env.git(&repo, &["checkout", "-q", "HEAD~1"]).ok();
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("modified:           data/projects.csv");
    env.dvx(&repo, &["checkout"])
        .ok()
        .stdout_has("M       data/projects.csv");
    assert_eq!(fs::read(repo.join("data/projects.csv")).unwrap(), v1);
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(
        fs::read(repo.join("data/projects.csv")).unwrap(),
        b"a whole new version\n"
    );
}

#[test]
fn rollback_of_a_directory_removes_files_the_old_version_lacked() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("ds/keep.txt"), "keep\n");
    write(&repo.join("ds/sub/old.txt"), "old\n");
    env.dvx(&repo, &["add", "ds"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    let v1 = tree(&repo.join("ds"));
    write(&repo.join("ds/new/added.txt"), "added\n");
    write(&repo.join("ds/keep.txt"), "changed\n");
    fs::remove_file(repo.join("ds/sub/old.txt")).unwrap();
    env.dvx(&repo, &["add", "ds"]).ok();
    env.git(&repo, &["commit", "-qam", "v2"]).ok();
    let v2 = tree(&repo.join("ds"));

    env.git(&repo, &["checkout", "-q", "HEAD~1"]).ok();
    env.dvx(&repo, &["checkout"]).ok().stdout_has("M       ds/");
    assert_same_tree(&tree(&repo.join("ds")), &v1, "ds");
    assert!(
        !repo.join("ds/new").exists(),
        "an emptied directory is removed"
    );
    env.dvx(&repo, &["status"]).ok().stdout_has("up to date");
    env.git(&repo, &["checkout", "-q", "main"]).ok();
    env.dvx(&repo, &["checkout"]).ok();
    assert_same_tree(&tree(&repo.join("ds")), &v2, "ds");
}

#[test]
fn checkout_keeps_unsaved_work_unless_forced() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("ds/a.txt"), "a\n");
    write(&repo.join("f.txt"), "f\n");
    env.dvx(&repo, &["add", "ds", "f.txt"]).ok();
    write(&repo.join("ds/a.txt"), "unsaved edit\n");
    write(&repo.join("ds/extra.txt"), "unsaved new file\n");
    write(&repo.join("f.txt"), "unsaved f\n");
    let r = env.dvx(&repo, &["checkout"]).fails();
    for p in ["ds/a.txt", "ds/extra.txt", "f.txt"] {
        assert!(r.stderr.contains(p), "{p} not listed:\n{}", r.stderr);
    }
    assert_eq!(
        fs::read_to_string(repo.join("ds/a.txt")).unwrap(),
        "unsaved edit\n"
    );
    assert_eq!(
        fs::read_to_string(repo.join("f.txt")).unwrap(),
        "unsaved f\n"
    );
    assert!(repo.join("ds/extra.txt").exists());
    env.dvx(&repo, &["checkout", "-f"]).ok();
    assert_eq!(fs::read_to_string(repo.join("ds/a.txt")).unwrap(), "a\n");
    assert_eq!(fs::read_to_string(repo.join("f.txt")).unwrap(), "f\n");
    assert!(!repo.join("ds/extra.txt").exists());
}
