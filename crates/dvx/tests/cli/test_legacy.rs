//! Repositories made by the seed's DVC 2.10.2: no `hash:` fields, md5-dos2unix hashes, the
//! legacy cache layout. dvx reads, checks and checks them out.

use std::fs;

use dvx_test::{assert_same_tree, tree, write, DVC2, DVC3};

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
