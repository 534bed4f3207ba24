//! push, fetch, pull and `status -c` on directory remotes, against real DVC 3.67.1 and 2.10.2.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::Duration;

use dvx_test::{assert_same_tree, contents, copy_tree, tree, write, DVC2, DVC3};

use super::env;
use super::test_interrupt::{assert_objects_sound, kill_after};

/// Three CSV files as in the seed's lesson, a directory with nested and empty files.
fn make_data(repo: &Path) {
    for (name, rows) in [("projects", 300), ("tags", 200), ("labeled_projects", 100)] {
        let text: String = (0..rows)
            .map(|i| format!("{i},2020-01-{:02},title {i},{name}\n", i % 28 + 1))
            .collect();
        write(&repo.join(format!("{name}.csv")), text);
    }
    write(&repo.join("images/a.png"), [0u8, 1, 2, 3, 255]);
    write(&repo.join("images/sub/b.png"), vec![7u8; 70_000]);
    write(&repo.join("images/sub/empty"), "");
    write(&repo.join("images/héllo wörld.txt"), "unicode\n");
}

const TARGETS: [&str; 4] = ["projects.csv", "tags.csv", "labeled_projects.csv", "images"];

/// The lines of a command's output as a set (DVC prints `status -c` in no fixed order).
fn line_set(s: &str) -> BTreeSet<String> {
    s.lines().map(str::to_string).collect()
}

#[test]
fn push_fetch_pull_and_status_agree_with_dvc() {
    let env = env();
    // the same data in a dvx repository and a DVC repository, each beside its own remote
    let ours = env.dvx_repo("ours/repo");
    let theirs = env.git_repo("theirs/repo");
    env.dvc(DVC3, &theirs, &["init", "-q"]).ok();
    let remote_add = ["remote", "add", "-d", "storage", "../blob"];
    let mut add = vec!["add"];
    add.extend(TARGETS);
    make_data(&ours);
    make_data(&theirs);
    env.dvx(&ours, &remote_add).ok();
    env.dvc(DVC3, &theirs, &remote_add).ok();
    env.dvx(&ours, &add).ok();
    env.dvc(DVC3, &theirs, &add).ok();
    assert_eq!(
        fs::read(ours.join(".dvc/config")).unwrap(),
        fs::read(theirs.join(".dvc/config")).unwrap()
    );
    // status -c before pushing: every object is new
    let ours_st = env.dvx(&ours, &["status", "-c"]).ok();
    let theirs_st = env.dvc(DVC3, &theirs, &["status", "-c"]).ok();
    assert_eq!(line_set(&ours_st.stdout), line_set(&theirs_st.stdout));
    assert!(ours_st
        .stdout
        .contains("\tnew:                images/sub/b.png\n"));
    let json = |r: dvx_test::Run| -> serde_json::Value { serde_json::from_str(&r.stdout).unwrap() };
    assert_eq!(
        json(env.dvx(&ours, &["status", "-c", "--json"]).ok()),
        json(env.dvc(DVC3, &theirs, &["status", "-c", "--json"]).ok())
    );

    // push: the same summary, the same remote, byte for byte
    let pushed = env.dvx(&ours, &["push"]).ok();
    let dvc_pushed = env.dvc(DVC3, &theirs, &["push"]).ok();
    assert_eq!(pushed.stdout.trim(), "8 files pushed");
    assert_eq!(pushed.stdout, dvc_pushed.stdout);
    let blob = env.path("ours/blob");
    assert_same_tree(
        &tree(&blob),
        &tree(&env.path("theirs/blob")),
        "dvx's remote vs DVC's",
    );
    assert_objects_sound(&blob.join("files/md5"));
    for (p, _) in tree(&blob) {
        let perm = fs::metadata(blob.join(&p)).unwrap().permissions();
        assert!(perm.readonly(), "remote object {p} is writable");
    }

    // a second push moves nothing; both tools see the remote in sync
    env.dvx(&ours, &["push"])
        .ok()
        .stdout_has("Everything is up to date.");
    env.dvx(&ours, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    env.dvc(DVC3, &ours, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    assert_eq!(
        env.dvx(&ours, &["status", "-c", "--json"])
            .ok()
            .stdout
            .trim(),
        "{}"
    );

    // without the cache, status -c says what fetch would bring, as DVC does
    let data_before = tree(&ours.join("images"));
    fs::remove_dir_all(ours.join(".dvc/cache")).unwrap();
    let ours_st = env.dvx(&ours, &["status", "-c"]).ok();
    let dvc_st = env.dvc(DVC3, &ours, &["status", "-c"]).ok();
    assert_eq!(line_set(&ours_st.stdout), line_set(&dvc_st.stdout));
    assert!(ours_st
        .stdout
        .contains("\tdeleted:            projects.csv\n"));

    // fetch fills the cache; pull then restores the workspace
    // (DVC's `status -c` above kept the images' .dir manifest in the cache: 7 objects left)
    env.dvx(&ours, &["fetch"])
        .ok()
        .stdout_has("7 files fetched");
    assert_objects_sound(&ours.join(".dvc/cache/files/md5"));
    env.dvx(&ours, &["fetch"])
        .ok()
        .stdout_has("Everything is up to date.");
    fs::remove_dir_all(ours.join("images")).unwrap();
    fs::remove_file(ours.join("tags.csv")).unwrap();
    let pulled = env.dvx(&ours, &["pull"]).ok();
    assert_eq!(
        pulled.stdout,
        "A       images/\nA       tags.csv\n5 files added\n"
    );
    assert_same_tree(&tree(&ours.join("images")), &data_before, "pulled images");
    // cache and workspace both gone: fetched and added in one summary, as DVC words it
    fs::remove_dir_all(ours.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(ours.join("images")).unwrap();
    env.dvx(&ours, &["pull", "images"])
        .ok()
        .stdout_has("5 files fetched and 4 files added");
    env.dvx(&ours, &["status", "images"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn dvc_and_dvx_share_one_remote_both_ways() {
    let env = env();
    // DVC makes the repository and pushes; dvx pulls in a clone
    let origin = env.git_repo("origin");
    env.dvc(DVC3, &origin, &["init", "-q"]).ok();
    make_data(&origin);
    env.dvc(
        DVC3,
        &origin,
        &["remote", "add", "-d", "storage", "../blob"],
    )
    .ok();
    let mut add = vec!["add"];
    add.extend(TARGETS);
    env.dvc(DVC3, &origin, &add).ok();
    env.git(&origin, &["add", "-A"]).ok();
    env.git(&origin, &["commit", "-qm", "data v1"]).ok();
    env.dvc(DVC3, &origin, &["push"])
        .ok()
        .stdout_has("8 files pushed");

    let clone = env.path("clone");
    env.git(&env.path(""), &["clone", "-q", "origin", "clone"])
        .ok();
    env.dvx(&clone, &["pull"])
        .ok()
        .stdout_has("8 files fetched");
    for t in TARGETS {
        assert_same_tree(&contents(&clone.join(t)), &contents(&origin.join(t)), t);
    }
    env.dvc(DVC3, &clone, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");

    // dvx changes the data and pushes; DVC pulls it into the first repository
    write(&clone.join("images/new.png"), [9u8; 1000]);
    write(&clone.join("projects.csv"), "id\n1\n");
    env.dvx(&clone, &["add", "images", "projects.csv"]).ok();
    env.dvx(&clone, &["push"]).ok().stdout_has("3 files pushed");
    env.git(&clone, &["commit", "-qam", "data v2"]).ok();
    env.git(&clone, &["push", "-q", "origin", "HEAD:refs/heads/v2"])
        .ok();
    env.git(&origin, &["checkout", "-q", "v2"]).ok();
    fs::remove_dir_all(origin.join(".dvc/cache")).unwrap();
    env.dvc(DVC3, &origin, &["pull", "-f"]).ok();
    for t in TARGETS {
        assert_same_tree(&contents(&origin.join(t)), &contents(&clone.join(t)), t);
    }
    let dvc_st = env.dvc(DVC3, &origin, &["status", "-c"]).ok();
    let dvx_st = env.dvx(&clone, &["status", "-c"]).ok();
    assert_eq!(dvc_st.stdout, dvx_st.stdout);
    assert_eq!(
        dvx_st.stdout.trim(),
        "Cache and remote 'storage' are in sync."
    );
}

#[test]
fn a_dvc2_repository_and_remote_work_both_ways() {
    let env = env();
    let repo = env.git_repo("legacy");
    env.dvc(DVC2, &repo, &["init", "-q"]).ok();
    write(&repo.join("data.csv"), "a,b\r\n1,2\r\n");
    write(&repo.join("dir/x.txt"), "x\r\n");
    write(&repo.join("dir/sub/y.bin"), [0u8, 13, 10, 255]);
    env.dvc(DVC2, &repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    env.dvc(DVC2, &repo, &["add", "data.csv", "dir"]).ok();
    env.dvc(DVC2, &repo, &["push"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "legacy"]).ok();
    let remote = tree(&env.path("blob"));
    assert!(
        remote.iter().all(|(p, _)| !p.starts_with("files/")),
        "DVC 2.10.2 pushes the <2>/<30> layout: {remote:?}"
    );

    let clone = env.path("clone");
    env.git(&env.path(""), &["clone", "-q", "legacy", "clone"])
        .ok();
    env.dvx(&clone, &["status", "-c"])
        .ok()
        .stdout_has("\tdeleted:            dir/sub/y.bin");
    env.dvx(&clone, &["pull"])
        .ok()
        .stdout_has("4 files fetched");
    assert_eq!(fs::read(clone.join("data.csv")).unwrap(), b"a,b\r\n1,2\r\n");
    assert_same_tree(&tree(&clone.join("dir")), &tree(&repo.join("dir")), "dir");
    env.dvx(&clone, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvx(&clone, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    // pushing the legacy entries again moves nothing
    env.dvx(&clone, &["push"])
        .ok()
        .stdout_has("Everything is up to date.");

    // a new version added by dvx goes to the same remote in DVC 3's layout; DVC 3 pulls it
    write(&clone.join("data.csv"), "a,b\n1,2\n3,4\n");
    env.dvx(&clone, &["add", "data.csv"]).ok();
    env.dvx(&clone, &["push"]).ok().stdout_has("1 file pushed");
    env.git(&clone, &["commit", "-qam", "v2"]).ok();
    let third = env.path("third");
    env.git(&env.path(""), &["clone", "-q", "clone", "third"])
        .ok();
    env.dvc(DVC3, &third, &["pull"]).ok();
    assert_eq!(
        fs::read(third.join("data.csv")).unwrap(),
        b"a,b\n1,2\n3,4\n"
    );
    assert_same_tree(
        &tree(&third.join("dir")),
        &tree(&repo.join("dir")),
        "dir by DVC 3",
    );
}

#[test]
fn outputs_choose_their_remote_and_push_false_stays_local() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("shared.txt"), "shared\n");
    write(&repo.join("special.txt"), "special\n");
    write(&repo.join("private.txt"), "private\n");
    env.dvx(&repo, &["remote", "add", "-d", "main", "../main"])
        .ok();
    env.dvx(&repo, &["remote", "add", "other", "../other"]).ok();
    env.dvx(&repo, &["add", "shared.txt", "special.txt", "private.txt"])
        .ok();
    let edit = |file: &str, extra: &str| {
        let p = repo.join(file);
        let mut text = fs::read_to_string(&p).unwrap();
        text.push_str(extra);
        fs::write(&p, text).unwrap();
    };
    edit("special.txt.dvc", "  remote: other\n");
    edit("private.txt.dvc", "  push: false\n");
    // real DVC agrees on where each object goes
    let twin = env.path("twin");
    copy_tree(&repo, &twin);
    env.dvx(&repo, &["push"]).ok().stdout_has("2 files pushed");
    env.dvc(DVC3, &twin, &["push"]).ok();
    let names =
        |d: &str| -> Vec<String> { tree(&env.path(d)).into_iter().map(|(p, _)| p).collect() };
    assert_eq!(names("main").len(), 1, "main holds shared.txt only");
    assert_eq!(names("other").len(), 1, "other holds special.txt only");
    assert_eq!(
        fs::read(env.path("main").join(&names("main")[0])).unwrap(),
        b"shared\n"
    );
    assert_eq!(
        fs::read(env.path("other").join(&names("other")[0])).unwrap(),
        b"special\n"
    );
    // -r names the remote for outputs without their own
    env.dvx(&repo, &["push", "-r", "other", "shared.txt"])
        .ok()
        .stdout_has("1 file pushed");
    assert_eq!(names("other").len(), 2);
    // pulling brings each from where it lives
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    for f in ["shared.txt", "special.txt"] {
        fs::remove_file(repo.join(f)).unwrap();
    }
    env.dvx(&repo, &["pull", "shared.txt", "special.txt"])
        .ok()
        .stdout_has("2 files fetched and 2 files added");
    assert_eq!(fs::read(repo.join("special.txt")).unwrap(), b"special\n");
}

#[test]
fn history_scopes_push_every_version() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    let version = |text: &str, msg: &str| {
        write(&repo.join("data.csv"), text);
        env.dvx(&repo, &["add", "data.csv"]).ok();
        env.git(&repo, &["add", "-A"]).ok();
        env.git(&repo, &["commit", "-qm", msg]).ok();
    };
    version("v1\n", "v1");
    env.git(&repo, &["tag", "first"]).ok();
    version("v2\n", "v2");
    env.git(&repo, &["checkout", "-qb", "side"]).ok();
    version("v3\n", "v3");
    env.git(&repo, &["checkout", "-q", "-"]).ok();
    version("v4\n", "v4");
    let count = || tree(&env.path("blob")).len();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    assert_eq!(count(), 1);
    env.dvx(&repo, &["push", "-T"])
        .ok()
        .stdout_has("1 file pushed"); // v1
    env.dvx(&repo, &["push", "-a"])
        .ok()
        .stdout_has("1 file pushed"); // v3
    env.dvx(&repo, &["push", "--all-commits"])
        .ok()
        .stdout_has("1 file pushed"); // v2
    assert_eq!(count(), 4);
    // DVC agrees that every commit's data is on the remote
    env.dvc(DVC3, &repo, &["status", "-c", "--all-commits"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    env.dvx(&repo, &["status", "-c", "-A"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    // and fetch -A brings them all back into an empty cache
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    env.dvx(&repo, &["fetch", "-A"])
        .ok()
        .stdout_has("4 files fetched");
}

#[test]
fn corrupt_or_hostile_remote_objects_are_never_used() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    write(&repo.join("a.txt"), "good content\n");
    write(&repo.join("d/x.txt"), "x\n");
    env.dvx(&repo, &["add", "a.txt", "d"]).ok();
    env.dvx(&repo, &["push"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data"]).ok();
    // the remote's copy of a.txt is damaged
    let obj = tree(&env.path("blob"))
        .into_iter()
        .find(|(_, b)| b == b"good content\n")
        .unwrap()
        .0;
    let obj = env.path("blob").join(obj);
    let mut perm = fs::metadata(&obj).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perm.set_readonly(false);
    fs::set_permissions(&obj, perm).unwrap();
    fs::write(&obj, "evil content!\n").unwrap();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_file(repo.join("a.txt")).unwrap();
    let r = env.dvx(&repo, &["pull"]).fails();
    r.stderr_has("a.txt (remote 'storage')")
        .stderr_has("corrupt");
    assert!(
        !repo.join("a.txt").exists(),
        "a corrupt object reached the workspace"
    );
    let cached: Vec<Vec<u8>> = tree(&repo.join(".dvc/cache"))
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    assert!(
        !cached.contains(&b"evil content!\n".to_vec()),
        "a corrupt object entered the cache"
    );
    assert_eq!(
        fs::read(repo.join("d/x.txt")).unwrap(),
        b"x\n",
        "the good output was pulled"
    );

    // a `.dir` on the remote (named by its true md5) that points outside the repository
    let evil = br#"[{"md5": "d41d8cd98f00b204e9800998ecf8427e", "relpath": "../../outside.txt"}]"#;
    let sum = format!("{:x}", md5_of(evil));
    let hostile = env
        .path("blob/files/md5")
        .join(&sum[..2])
        .join(format!("{}.dir", &sum[2..]));
    write(&hostile, evil);
    write(
        &env.path("blob/files/md5/d4/1d8cd98f00b204e9800998ecf8427e"),
        "",
    );
    fs::write(
        repo.join("d.dvc"),
        format!("outs:\n- md5: {sum}.dir\n  size: 0\n  nfiles: 1\n  hash: md5\n  path: d\n"),
    )
    .unwrap();
    let r = env.dvx(&repo, &["pull", "d"]).fails();
    r.stderr_has("d (remote 'storage')").stderr_has("manifest");
    assert!(!env.path("outside.txt").exists());
    assert!(!repo.parent().unwrap().join("outside.txt").exists());
    assert!(
        !repo.join(".dvc/cache/files/md5").join(&sum[..2]).exists(),
        "a hostile manifest entered the cache"
    );
}

fn md5_of(bytes: &[u8]) -> u128 {
    let out = std::process::Command::new("md5sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(bytes)?;
            c.wait_with_output()
        })
        .expect("md5sum");
    u128::from_str_radix(&String::from_utf8_lossy(&out.stdout)[..32], 16).unwrap()
}

#[test]
fn remote_errors_are_clear_and_change_nothing() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    let before = tree(&repo);
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("no remote given and no default remote set")
        .stderr_has("dvx remote add -d");
    env.dvx(&repo, &["pull", "-r", "nope"])
        .fails()
        .stderr_has("remote 'nope' doesn't exist");
    env.dvx(&repo, &["remote", "add", "-d", "odd", "ftp://host/x"])
        .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("remote 'odd' (ftp://host/x)")
        .stderr_has("ftp://");
    // a remote directory that cannot be written
    env.dvx(
        &repo,
        &["remote", "add", "-f", "-d", "odd", "/proc/dvx-no-such-dir"],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("remote 'odd' (/proc/dvx-no-such-dir)");
    // objects missing everywhere: a warning naming them, and pull fails on the checkout
    env.dvx(&repo, &["remote", "add", "-f", "-d", "odd", "../empty"])
        .ok();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    let mut after = tree(&repo);
    after.retain(|(p, _)| !p.starts_with(".dvc/"));
    let mut before_ws = before.clone();
    before_ws.retain(|(p, _)| !p.starts_with(".dvc/"));
    assert_same_tree(&after, &before_ws, "workspace after failed commands");
    env.dvx(&repo, &["fetch"])
        .ok()
        .stderr_has("name: a.txt, md5: 60b725f10c9c85c70d97880dfe8191b3");
}

#[test]
fn kill_during_push_and_pull_then_resume() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    for i in 0..1500u32 {
        let bytes: Vec<u8> = (0..(2_000 + i * 37)).map(|j| (j ^ i) as u8).collect();
        write(
            &repo.join(format!("data/p{:02}/f{i:04}.bin", i % 17)),
            bytes,
        );
    }
    write(&repo.join("big.bin"), vec![42u8; 30_000_000]);
    env.dvx(&repo, &["add", "data", "big.bin"]).ok();
    let all_objects = tree(&repo.join(".dvc/cache/files/md5")).len();
    let mut killed = 0;
    for ms in [5u64, 20, 60, 150] {
        killed += kill_after(&env, &repo, &["push", "-j", "2"], Duration::from_millis(ms)) as usize;
        // nothing partial under a final name, and the .dir only with all its files
        assert_objects_sound(&env.path("blob/files/md5"));
        let remote_objects = env.path("blob/files/md5");
        let on_remote = if remote_objects.exists() {
            tree(&remote_objects)
        } else {
            Vec::new() // killed before the first upload
        };
        if on_remote.iter().any(|(p, _)| p.ends_with(".dir")) {
            assert_eq!(
                on_remote.len(),
                all_objects,
                "a .dir was pushed before its files"
            );
        }
    }
    assert!(
        killed > 0,
        "push always finished before the kill; the test proves nothing"
    );
    let r = env.dvx(&repo, &["push"]).ok();
    assert!(r.stdout.contains("pushed") || r.stdout.contains("Everything is up to date."));
    assert_eq!(tree(&env.path("blob/files/md5")).len(), all_objects);
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");

    // the same for pull into an empty cache and workspace
    let data = tree(&repo.join("data"));
    let mut killed = 0;
    for ms in [5u64, 20, 60, 150] {
        fs::remove_dir_all(repo.join("data")).ok();
        killed += kill_after(&env, &repo, &["pull", "-j", "2"], Duration::from_millis(ms)) as usize;
        assert_objects_sound(&repo.join(".dvc/cache/files/md5"));
        fs::remove_dir_all(repo.join(".dvc/cache")).ok();
    }
    assert!(
        killed > 0,
        "pull always finished before the kill; the test proves nothing"
    );
    fs::remove_dir_all(repo.join(".dvc/cache")).ok();
    fs::remove_dir_all(repo.join("data")).ok();
    kill_after(&env, &repo, &["pull", "-j", "2"], Duration::from_millis(80));
    env.dvx(&repo, &["pull"]).ok();
    assert_same_tree(
        &tree(&repo.join("data")),
        &data,
        "data after an interrupted pull",
    );
    let leftovers: Vec<_> = tree(&repo.join(".dvc/cache"))
        .into_iter()
        .filter(|(p, _)| p.contains(".dvx-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn transfer_progress_counts_bytes_on_a_terminal_only() {
    let env = env();
    let repo = env.dvx_repo("r");
    let big: Vec<u8> = (0..40u32 << 20).map(|i| (i % 253) as u8).collect();
    write(&repo.join("big.bin"), &big);
    env.dvx(&repo, &["add", "big.bin"]).ok();
    env.dvx(&repo, &["remote", "add", "-d", "store", "../store"])
        .ok();
    // script(1) from util-linux gives dvx a terminal
    let on_terminal = |cmd: &str| {
        let out = env
            .command("script", &repo)
            .env("TERM", "xterm")
            .args(["-qec", &format!("{} {cmd}", env.dvx.display()), "/dev/null"])
            .output()
            .expect("script(1) from util-linux is needed for this test");
        assert!(out.status.success(), "{cmd}: {:?}", out);
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // one file, but 40 MiB: a bar in bytes against the total, with the files beside it
    let shown = on_terminal("push");
    assert!(
        shown.contains("pushing") && shown.contains("/40.00 MiB") && shown.contains("/1 files"),
        "{shown}"
    );
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_file(repo.join("big.bin")).unwrap();
    // a fetch does not know the total: files done, with the bytes moved beside them
    let shown = on_terminal("pull");
    assert!(
        shown.contains("fetching") && shown.contains("/1 files") && shown.contains("MiB"),
        "{shown}"
    );
    assert_eq!(fs::read(repo.join("big.bin")).unwrap(), big);
    // piped: no bar
    fs::remove_dir_all(env.path("store")).unwrap();
    let piped = env.dvx(&repo, &["push"]).ok();
    assert!(!piped.stderr.contains("pushing"), "{}", piped.stderr);
}

/// A workspace and cache as both tools leave them (git's and the tools' own files aside).
fn data_and_cache(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git/") && !p.starts_with(".dvc/tmp/"))
        .collect()
}

#[test]
fn parts_of_a_tracked_directory_are_fetched_pulled_and_checked_out_as_dvc_does() {
    let env = env();
    let made = env.dvx_repo("made/repo");
    make_data(&made);
    env.dvx(&made, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    env.dvx(&made, &["add", "images", "projects.csv"]).ok();
    env.dvx(&made, &["push"]).ok();
    env.git(&made, &["add", "-A"]).ok();
    env.git(&made, &["commit", "-qm", "data"]).ok();
    // the same clone twice, each with its own copy of the remote, emptied of data
    let (ours, theirs) = (env.path("ours/repo"), env.path("theirs/repo"));
    for side in ["ours", "theirs"] {
        copy_tree(&made, &env.path(&format!("{side}/repo")));
        copy_tree(&env.path("made/blob"), &env.path(&format!("{side}/blob")));
    }
    for repo in [&ours, &theirs] {
        fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
        fs::remove_dir_all(repo.join("images")).unwrap();
        fs::remove_file(repo.join("projects.csv")).unwrap();
    }
    let same = |what: &str, args: &[&str]| {
        let (a, b) = (env.dvx(&ours, args).ok(), env.dvc(DVC3, &theirs, args).ok());
        assert_eq!(a.stdout, b.stdout, "{what}: dvx and DVC say the same");
        assert_same_tree(&data_and_cache(&theirs), &data_and_cache(&ours), what);
    };
    // a subdirectory: its files and the manifest, nothing of the rest
    same("pull images/sub", &["pull", "images/sub"]);
    assert!(ours.join("images/sub/b.png").is_file());
    assert!(!ours.join("images/a.png").exists());
    assert!(!ours.join("projects.csv").exists());
    // one file: fetched, then checked out beside the part already there
    same("fetch images/a.png", &["fetch", "images/a.png"]);
    same("checkout images/a.png", &["checkout", "images/a.png"]);
    assert!(ours.join("images/a.png").is_file());
    // a file the cache lacks: the checkout fails and changes nothing (DVC 3.67.1 removes the
    // whole directory there, the part it had placed included)
    let before = data_and_cache(&ours);
    env.dvx(&ours, &["checkout", "images/héllo wörld.txt"])
        .fails()
        .stderr_has("Is your cache up to date?");
    assert_same_tree(&before, &data_and_cache(&ours), "a failed checkout");
    // a file of the part deleted, checked out again by its directory
    for repo in [&ours, &theirs] {
        fs::remove_file(repo.join("images/sub/b.png")).unwrap();
    }
    same("checkout images/sub", &["checkout", "images/sub"]);
    // then everything: what is still missing comes
    same("pull", &["pull"]);
    assert_eq!(
        fs::read_to_string(ours.join("images/héllo wörld.txt")).unwrap(),
        "unicode\n"
    );
}

/// Transfers read a directory's manifest as it comes, a chunk at a time (the test build's
/// chunks are a few objects), and one written in another order than DVC's (by another tool)
/// whole instead: a push of a changed version whose manifest is in reverse order sends the
/// change only (the earlier version's `.dir` on the remote vouches for the rest), DVC then
/// finds the remote in sync, and a pull into an empty cache places every file.
#[test]
fn a_manifest_in_another_order_is_pushed_and_pulled_whole() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    for i in 0..12 {
        write(&repo.join(format!("data/f{i:02}.txt")), format!("{i}\n"));
    }
    env.dvx(&repo, &["add", "data"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("13 files pushed");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    for i in [3, 10] {
        write(
            &repo.join(format!("data/f{i:02}.txt")),
            format!("{i} changed\n"),
        );
    }
    env.dvx(&repo, &["add", "data"]).ok();
    let (_, new) = dvx_test::reverse_manifest(&repo, "data.dvc");
    env.dvx(&repo, &["push"]).ok().stdout_has("3 files pushed");
    let blob = repo.parent().unwrap().join("blob/files/md5");
    assert!(blob
        .join(&new[..2])
        .join(format!("{}.dir", &new[2..]))
        .is_file());
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 'storage' are in sync.");
    let want = contents(&repo.join("data"));
    assert_eq!(want.len(), 12);
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    env.dvx(&repo, &["pull"])
        .ok()
        .stdout_has("13 files fetched");
    assert_eq!(contents(&repo.join("data")), want);
}

/// A large object is hashed as it is downloaded (every download is verified), and that hash
/// goes to the state database: the checkout of a pull does not read the object a second time.
#[test]
fn a_large_object_fetched_is_not_read_again_to_be_checked_out() {
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    // above the size from which objects' hashes are remembered
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    write(&repo.join("big.bin"), &big);
    env.dvx(&repo, &["add", "big.bin"]).ok();
    env.dvx(&repo, &["push"]).ok();
    let key = dvx_test::recorded_md5(&repo.join("big.bin.dvc"));
    let obj = repo
        .join(".dvc/cache/files/md5")
        .join(&key[..2])
        .join(&key[2..]);
    let tamper = || {
        // The only way to see that an object was not read: change its bytes in place and
        // keep its size and mtime, as the state database's contract (like git's index) allows.
        let mtime = fs::metadata(&obj).unwrap().modified().unwrap();
        let mut f = fs::File::options().write(true).open(&obj).unwrap();
        std::io::Write::write_all(&mut f, b"TAMPERED").unwrap();
        f.set_modified(mtime).unwrap();
    };
    let refetch = || {
        fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
        fs::remove_file(repo.join("big.bin")).unwrap();
        env.dvx(&repo, &["fetch"]).ok().stdout_has("1 file fetched");
    };

    // fetch hashed the object as it wrote it, and said so to the state database
    refetch();
    tamper();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(
        &fs::read(repo.join("big.bin")).unwrap()[..8],
        b"TAMPERED",
        "checkout read the fetched object again instead of trusting its download's hash"
    );

    // without that record, checkout reads the object and refuses it
    refetch();
    fs::remove_file(repo.join(".dvc/tmp/dvx/state.redb")).unwrap();
    tamper();
    env.dvx(&repo, &["checkout"]).fails().stderr_has("corrupt");
    assert!(!repo.join("big.bin").exists());
    // and a pull of the intact object places it whole
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    env.dvx(&repo, &["pull"]).ok();
    assert_eq!(fs::read(repo.join("big.bin")).unwrap(), big);
}

/// The files left under a directory that must exist (the staging directory after a pull).
fn files_under(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(rel, _)| rel).collect()
}

/// A pull writes the workspace's copy of a large file from the same read as its cache copy
/// while the download is verified, and its checkout renames that copy into place instead of
/// copying the object again. The file is what DVC pulls (executable bit too), `status` of both
/// tools is clean, and no copy is left behind; a corrupt object on the remote places nothing.
#[test]
fn a_large_file_pulled_is_placed_from_the_copy_written_while_it_downloaded() {
    use std::os::unix::fs::PermissionsExt;
    let env = env();
    let repo = env.dvx_repo("r");
    env.dvx(&repo, &["remote", "add", "-d", "storage", "../blob"])
        .ok();
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i * 31 % 253) as u8).collect();
    write(&repo.join("models/big.bin"), &big);
    fs::set_permissions(
        repo.join("models/big.bin"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    write(&repo.join("small.txt"), "small\n");
    env.dvx(&repo, &["add", "models/big.bin", "small.txt"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("2 files pushed");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data"]).ok();

    let root = env.path("");
    env.git(&root, &["clone", "-q", "r", "by-dvx"]).ok();
    env.git(&root, &["clone", "-q", "r", "by-dvc"]).ok();
    let (ours, theirs) = (env.path("by-dvx"), env.path("by-dvc"));
    env.dvx(&ours, &["pull", "-v"])
        .ok()
        .stdout_has("2 files fetched")
        .stderr_has("big.bin': placed the copy written while it downloaded");
    env.dvc(DVC3, &theirs, &["pull"]).ok();
    for t in ["models", "small.txt"] {
        assert_same_tree(&contents(&ours.join(t)), &contents(&theirs.join(t)), t);
    }
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&ours.join("models/big.bin")), 0o744);
    assert_eq!(
        mode(&ours.join("models/big.bin")),
        mode(&theirs.join("models/big.bin"))
    );
    assert_eq!(mode(&ours.join("small.txt")), 0o644);
    env.dvx(&ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvc(DVC3, &ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    let staging = ours.join(".dvc/tmp/dvx/staging");
    assert_eq!(files_under(&staging), Vec::<String>::new());

    // a corrupt object: neither the cache nor the workspace gets it, and no copy is left
    let key = dvx_test::recorded_md5(&repo.join("models/big.bin.dvc"));
    let obj = env.path("blob/files/md5").join(&key[..2]).join(&key[2..]);
    fs::set_permissions(&obj, fs::Permissions::from_mode(0o644)).unwrap();
    let mut bad = big.clone();
    bad[1_000_000] ^= 1;
    fs::write(&obj, &bad).unwrap();
    env.git(&root, &["clone", "-q", "r", "corrupt"]).ok();
    let corrupt = env.path("corrupt");
    env.dvx(&corrupt, &["pull"]).fails().stderr_has("corrupt");
    assert!(!corrupt.join("models/big.bin").exists());
    assert_eq!(contents(&corrupt.join("small.txt")).len(), 1);
    assert_eq!(
        files_under(&corrupt.join(".dvc/tmp/dvx/staging")),
        Vec::<String>::new()
    );
}
