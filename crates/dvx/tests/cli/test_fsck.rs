//! `fsck`: a flipped byte, a missing object and a truncated manifest found and named with what
//! needs them, in the workspace and (with `-A`) at older commits; a sound cache passes.

use std::fs;
use std::path::Path;

use dvx_test::{recorded_md5, write};

use super::env;

/// The cache path of the object whose (md5) name starts with `hex` prefix `name`.
fn object(repo: &Path, name: &str) -> std::path::PathBuf {
    let p = repo
        .join(".dvc/cache/files/md5")
        .join(&name[..2])
        .join(&name[2..]);
    assert!(p.exists(), "{} is in the cache", p.display());
    p
}

/// Writes over a cache object (they are read-only), as a disk fault would.
fn force_write(path: &Path, bytes: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    fs::write(path, bytes).unwrap();
}

fn md5(text: &str) -> String {
    dvx_test::md5_hex(text.as_bytes())
}

#[test]
fn fsck_names_corrupt_missing_and_unreadable_objects_and_what_needs_them() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("a.txt"), "hello\n");
    write(&repo.join("d/x"), "1\n");
    write(&repo.join("d/y"), "22\n");
    env.dvx(&repo, &["add", "-q", "a.txt", "d"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "one"]).ok();
    env.dvx(&repo, &["fsck"])
        .ok()
        .stdout_has("4 objects checked: no problem found");

    // a flipped byte, a missing file of a directory
    let a = object(&repo, &md5("hello\n"));
    let mut bytes = fs::read(&a).unwrap();
    bytes[0] ^= 1;
    force_write(&a, &bytes);
    fs::remove_file(object(&repo, &md5("22\n"))).unwrap();
    let out = env.dvx(&repo, &["fsck"]).fails();
    assert_eq!(out.code, 1);
    for line in [
        &format!(
            "corrupt: files/md5/{}/{}: its content hashes to {}",
            &md5("hello\n")[..2],
            &md5("hello\n")[2..],
            md5("iello\n")
        ),
        "\tneeded by a.txt (a.txt.dvc)",
        &format!(
            "missing: files/md5/{}/{}",
            &md5("22\n")[..2],
            &md5("22\n")[2..]
        ),
        "\tneeded by d/y (d.dvc)",
        "3 objects checked: 2 problems",
    ] {
        assert!(out.stdout.contains(line), "{line:?} in:\n{}", out.stdout);
    }
    let json: serde_json::Value =
        serde_json::from_str(&env.dvx(&repo, &["fsck", "--json"]).fails().stdout).unwrap();
    assert_eq!(json["checked"], 3);
    assert_eq!(json["problems"][0]["type"], "corrupt");
    assert_eq!(
        json["problems"][1]["needed_by"],
        serde_json::json!(["d/y (d.dvc)"])
    );

    // a manifest cut short is corrupt; its files cannot be named any more
    let dir = recorded_md5(&repo.join("d.dvc"));
    let manifest = object(&repo, &format!("{dir}.dir"));
    force_write(&manifest, &fs::read(&manifest).unwrap()[..10]);
    env.dvx(&repo, &["fsck"])
        .fails()
        .stdout_has(&format!(
            "corrupt: files/md5/{}/{}.dir",
            &dir[..2],
            &dir[2..]
        ))
        .stdout_has("\tneeded by d (d.dvc)");

    // what older commits need: only with -A
    let other = env.dvx_repo("history");
    write(&other.join("f.txt"), "v1\n");
    env.dvx(&other, &["add", "-q", "f.txt"]).ok();
    env.git(&other, &["add", "-A"]).ok();
    env.git(&other, &["commit", "-qm", "v1"]).ok();
    write(&other.join("f.txt"), "v2\n");
    env.dvx(&other, &["add", "-q", "f.txt"]).ok();
    env.git(&other, &["commit", "-qam", "v2"]).ok();
    env.dvx(&other, &["gc", "-w", "-f"]).ok();
    env.dvx(&other, &["fsck"])
        .ok()
        .stdout_has("1 object checked: no problem found");
    let first = env
        .git(&other, &["rev-parse", "--short=7", "HEAD~1"])
        .ok()
        .stdout;
    env.dvx(&other, &["fsck", "-A"])
        .fails()
        .stdout_has(&format!(
            "missing: files/md5/{}/{}",
            &md5("v1\n")[..2],
            &md5("v1\n")[2..]
        ))
        .stdout_has(&format!("\tneeded by f.txt (f.txt.dvc@{})", first.trim()));
}

/// A repository with a file and a directory of two files, pushed to the directory remote
/// `store` (returned).
fn pushed_repo(env: &dvx_test::TestEnv) -> (std::path::PathBuf, std::path::PathBuf) {
    let repo = env.dvx_repo("repo");
    let store = env.path("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "store", store.to_str().unwrap()],
    )
    .ok();
    write(&repo.join("a.txt"), "hello\n");
    write(&repo.join("d/x"), "1\n");
    write(&repo.join("d/y"), "22\n");
    env.dvx(&repo, &["add", "-q", "a.txt", "d"]).ok();
    env.dvx(&repo, &["push", "-q"]).ok();
    (repo, store)
}

#[test]
fn fsck_repair_quarantines_corrupt_objects_and_fetches_good_copies() {
    let env = env();
    let (repo, _store) = pushed_repo(&env);
    // a file the remote never got
    write(&repo.join("late.txt"), "late\n");
    env.dvx(&repo, &["add", "-q", "late.txt"]).ok();
    // with the remote checked: what it lacks is named, what only it holds is no problem
    fs::remove_file(object(&repo, &md5("22\n"))).unwrap();
    let late_key = format!("files/md5/{}/{}", &md5("late\n")[..2], &md5("late\n")[2..]);
    let out = env.dvx(&repo, &["fsck", "-r", "store"]).fails();
    assert!(
        out.stdout.contains(&format!(
            "not on the remote: {late_key}\n\tneeded by late.txt (late.txt.dvc)"
        )) && out
            .stdout
            .contains("1 needed objects are on the remote only")
            && out.stdout.contains(": 1 problem\n")
            && !out.stdout.contains("missing:"),
        "{}",
        out.stdout
    );
    let a = object(&repo, &md5("hello\n"));
    force_write(&a, b"jello\n");
    fs::remove_file(object(&repo, &md5("late\n"))).unwrap();
    let out = env.dvx(&repo, &["fsck", "--repair"]).fails();
    assert_eq!(out.code, 1, "one problem is left: {out:?}");
    assert!(
        out.stdout.contains("2 objects fetched from the remote"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!(
            "left after the repair:\nmissing: files/md5/{}/{}\n\tneeded by late.txt (late.txt.dvc)",
            &md5("late\n")[..2],
            &md5("late\n")[2..]
        )),
        "{}",
        out.stdout
    );
    // the corrupt bytes are kept aside, good ones are back
    assert_eq!(fs::read_to_string(&a).unwrap(), "hello\n");
    let kept: Vec<_> = dvx_test::tree(&repo.join(".dvc/tmp/dvx-quarantine"))
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert_eq!(kept, vec![b"jello\n".to_vec()]);
    // once the late file is pushed again from a copy of it, a repair mends everything: exit 3
    write(&repo.join("late.txt"), "late\n");
    env.dvx(&repo, &["commit", "-f", "-q", "late.txt.dvc"]).ok();
    env.dvx(&repo, &["push", "-q"]).ok();
    let f = object(&repo, &md5("late\n"));
    force_write(&f, b"LATE\n");
    let out = env.dvx(&repo, &["fsck", "--repair"]);
    assert_eq!(out.code, 3, "{out:?}");
    assert!(
        out.stdout.contains("repaired: no problem left"),
        "{}",
        out.stdout
    );
    env.dvx(&repo, &["fsck"]).ok();
    // DVC sees a sound cache
    let status = env
        .dvc(dvx_test::DVC3, &repo, &["status", "--json"])
        .ok()
        .stdout;
    assert_eq!(status.trim(), "{}");
}

#[test]
fn fsck_verify_remote_downloads_and_hashes_what_is_needed() {
    let env = env();
    let (repo, store) = pushed_repo(&env);
    env.dvx(&repo, &["fsck", "-r", "store", "--verify-remote"])
        .ok()
        .stdout_has("no problem found");
    // the remote's copy of a.txt rots; the cache's is sound
    let key = format!(
        "files/md5/{}/{}",
        &md5("hello\n")[..2],
        &md5("hello\n")[2..]
    );
    force_write(&store.join(&key), b"iello\n");
    // listing alone sees nothing wrong; downloading does
    env.dvx(&repo, &["fsck", "-r", "store"])
        .ok()
        .stdout_has("no problem found");
    let out = env
        .dvx(&repo, &["fsck", "-r", "store", "--verify-remote"])
        .fails();
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(&format!(
            "corrupt on the remote: {key}: its content hashes to {}\n\tneeded by a.txt (a.txt.dvc)",
            md5("iello\n")
        )),
        "{}",
        out.stdout
    );
    env.dvx(&repo, &["fsck", "--verify-remote"])
        .fails()
        .stderr_has("--remote");
    // nothing of the download is left behind
    assert!(fs::read_dir(repo.join(".dvc/tmp/dvx"))
        .unwrap()
        .flatten()
        .all(|e| !e.path().is_dir() || e.file_name() == "oplog"));
}
