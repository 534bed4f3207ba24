//! Repositories made by the seed's DVC 2.10.2: no `hash:` fields, md5-dos2unix hashes, the
//! legacy cache layout. dvx reads, checks and checks them out.

use std::fs;
use std::path::Path;

use dvx_test::{assert_same_tree, copy_tree, tree, write, DVC2, DVC3};

use super::env;

fn crlf_text(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("row {i},value {}\r\n", i * 7))
        .collect()
}

#[test]
fn dvc2_repositories_are_read_and_checked_out() {
    let env = env();
    let repo = env.git_repo("legacy");
    env.dvc(DVC2, &repo, &["init", "-q"]).ok();
    write(&repo.join("small.csv"), crlf_text(100)); // below 1 MiB: dos2unix over the whole file
    write(&repo.join("large.csv"), crlf_text(70_000)); // above 1 MiB: converted chunk by chunk
    let bin: Vec<u8> = (0..300_000u32)
        .map(|i| (i % 251) as u8)
        .chain([b'\r', b'\n', 0])
        .collect();
    write(&repo.join("blob.bin"), &bin);
    write(&repo.join("dir/a.txt"), "a\r\nb\r\n");
    write(&repo.join("dir/sub/c.bin"), [0u8, 13, 10, 1, 2]);
    write(&repo.join("dir/big.csv"), crlf_text(60_000));
    env.dvc(
        DVC2,
        &repo,
        &["add", "small.csv", "large.csv", "blob.bin", "dir"],
    )
    .ok();
    let pointer = fs::read_to_string(repo.join("small.csv.dvc")).unwrap();
    assert!(
        !pointer.contains("hash:"),
        "DVC 2 writes no hash field:\n{pointer}"
    );
    assert!(
        tree(&repo.join(".dvc/cache"))
            .iter()
            .all(|(p, _)| !p.starts_with("files/")),
        "DVC 2 uses the legacy layout"
    );
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "legacy data"]).ok();

    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    let before: Vec<_> = ["small.csv", "large.csv", "blob.bin"]
        .iter()
        .map(|f| fs::read(repo.join(f)).unwrap())
        .collect();
    let dir_before = tree(&repo.join("dir"));
    for f in ["small.csv", "large.csv", "blob.bin"] {
        fs::remove_file(repo.join(f)).unwrap();
    }
    fs::remove_dir_all(repo.join("dir")).unwrap();
    env.dvx(&repo, &["checkout"]).ok();
    let after: Vec<_> = ["small.csv", "large.csv", "blob.bin"]
        .iter()
        .map(|f| fs::read(repo.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_same_tree(&dir_before, &tree(&repo.join("dir")), "restored dir");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvc(DVC2, &repo, &["status"])
        .ok()
        .stdout_has("up to date");

    // a change in a legacy output is seen
    write(&repo.join("dir/a.txt"), "changed\r\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("modified:           dir");
    // and committing it upgrades the entry to DVC 3 (hash: md5), readable by DVC 3
    env.dvx(&repo, &["commit", "-f", "dir.dvc"]).ok();
    let p = fs::read_to_string(repo.join("dir.dvc")).unwrap();
    assert!(p.contains("hash: md5"), "{p}");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn cache_migrate_matches_dvc() {
    let env = env();
    let legacy = env.git_repo("legacy");
    env.dvc(DVC2, &legacy, &["init", "-q"]).ok();
    write(&legacy.join("small.csv"), crlf_text(100));
    write(&legacy.join("dir/a.txt"), "a\r\nb\r\n");
    write(&legacy.join("dir/sub/c.bin"), [0u8, 13, 10, 1, 2]);
    env.dvc(DVC2, &legacy, &["add", "small.csv", "dir"]).ok();
    env.git(&legacy, &["add", "-A"]).ok();
    env.git(&legacy, &["commit", "-qm", "legacy data"]).ok();
    let (ours, theirs) = (env.path("ours"), env.path("theirs"));
    copy_tree(&legacy, &ours);
    copy_tree(&legacy, &theirs);
    for args in [
        &["cache", "migrate", "--dry"][..],
        &["cache", "migrate", "--dvc-files", "--dry"],
    ] {
        assert_eq!(
            env.dvx(&ours, args).ok().stdout,
            env.dvc(DVC3, &theirs, args).ok().stdout,
            "{args:?}"
        );
    }
    env.dvx(&ours, &["cache", "migrate", "--dvc-files"])
        .ok()
        .stdout_has("Migrated 4 files to DVC 3.0 cache location.")
        .stdout_has("Updating DVC file 'dir.dvc'");
    env.dvc(DVC3, &theirs, &["cache", "migrate", "--dvc-files"])
        .ok();
    // the same objects in the 3.x layout, and the same pointer files, byte for byte
    let names = |p: &Path| -> Vec<String> {
        tree(&p.join(".dvc/cache"))
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| !n.starts_with(".dvx-tmp"))
            .collect()
    };
    assert_eq!(names(&ours), names(&theirs));
    assert!(names(&ours).iter().any(|n| n.starts_with("files/md5/")));
    for f in ["small.csv.dvc", "dir.dvc"] {
        assert_eq!(
            fs::read_to_string(ours.join(f)).unwrap(),
            fs::read_to_string(theirs.join(f)).unwrap(),
            "{f}"
        );
    }
    // and real DVC 3 checks the migrated repository out from the new layout
    fs::remove_dir_all(ours.join("dir")).unwrap();
    env.dvc(DVC3, &ours, &["checkout"]).ok();
    env.dvc(DVC3, &ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvx(&ours, &["cache", "migrate", "--dvc-files"])
        .ok()
        .stdout_has("No DVC files in the repo to migrate to the 3.0 format.");
}
