//! kill -9 during `add` and `checkout`: every byte of the user's data survives (in the
//! workspace or in the cache), nothing partial appears under a final name, and the next
//! command recovers.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dvx_test::{tree, write, TestEnv};

use super::env;

fn make_data(repo: &Path) -> HashMap<String, Vec<u8>> {
    let mut files = HashMap::new();
    for i in 0..400u32 {
        let bytes: Vec<u8> = (0..(16_384 + i * 97))
            .map(|j| (j.wrapping_mul(31).wrapping_add(i * 7)) as u8)
            .collect();
        files.insert(format!("part{:02}/f{i:04}.bin", i % 13), bytes);
    }
    files.insert(
        "large.bin".into(),
        (0..24_000_000u32)
            .map(|j| (j >> 9) as u8 ^ (j as u8))
            .collect(),
    );
    for (rel, b) in &files {
        write(&repo.join("data").join(rel), b);
    }
    files
}

/// md5 of each file by coreutils (independent of dvx), keyed by path.
pub fn md5sums(paths: &[std::path::PathBuf]) -> HashMap<std::path::PathBuf, String> {
    let mut out = HashMap::new();
    for chunk in paths.chunks(500) {
        let o = Command::new("md5sum").args(chunk).output().expect("md5sum");
        for line in String::from_utf8_lossy(&o.stdout).lines() {
            let (sum, path) = line.split_at(32);
            out.insert(path.trim_start().into(), sum.to_string());
        }
    }
    out
}

/// Every object in the cache holds exactly what its name says.
fn assert_cache_sound(repo: &Path) {
    assert_objects_sound(&repo.join(".dvc/cache/files/md5"));
}

/// Every object under a `files/md5` root (cache or remote) holds exactly what its name says.
pub fn assert_objects_sound(root: &Path) {
    if !root.exists() {
        return; // killed before the first object was written: nothing to check
    }
    let objs: Vec<_> = tree(root).into_iter().map(|(p, _)| root.join(p)).collect();
    for (path, sum) in md5sums(&objs) {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('/', "");
        assert_eq!(
            rel.trim_end_matches(".dir"),
            sum,
            "{} is partial or corrupt",
            path.display()
        );
    }
}

/// Every file of the data exists intact in the workspace or in the cache.
fn assert_data_survives(repo: &Path, files: &HashMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let ws = repo.join("data").join(rel);
        if fs::read(&ws).ok().as_deref() == Some(bytes.as_slice()) {
            continue;
        }
        let tmp = tempfile::NamedTempFile::new().unwrap();
        fs::write(tmp.path(), bytes).unwrap();
        let want = md5sums(&[tmp.path().to_path_buf()])[tmp.path()].clone();
        let obj = repo
            .join(".dvc/cache/files/md5")
            .join(&want[..2])
            .join(&want[2..]);
        assert_eq!(
            fs::read(&obj).ok().as_deref(),
            Some(bytes.as_slice()),
            "{rel} is in neither the workspace nor the cache"
        );
    }
}

pub fn kill_after(env: &TestEnv, repo: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = env
        .command(&env.dvx, repo)
        .args(args)
        .spawn()
        .expect("spawning dvx");
    let start = Instant::now();
    while start.elapsed() < delay {
        if let Ok(Some(_)) = child.try_wait() {
            return false; // finished before the kill
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    true
}

fn delays() -> Vec<Duration> {
    // Spread over the command's run, with a per-run random offset; printed for reproduction.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let d: Vec<Duration> = [2u64, 10, 25, 50, 90, 150, 250, 400]
        .iter()
        .map(|ms| Duration::from_millis(ms + seed % 7))
        .collect();
    eprintln!("kill delays: {d:?}");
    d
}

#[test]
fn kill_during_add_loses_nothing() {
    for cache_type in ["reflink,copy", "hardlink", "symlink"] {
        let env = env();
        let repo = env.dvx_repo("r");
        env.dvx(&repo, &["config", "cache.type", cache_type]).ok();
        let files = make_data(&repo);
        let mut killed = 0;
        for d in delays() {
            killed += kill_after(&env, &repo, &["add", "data"], d) as usize;
            assert_data_survives(&repo, &files);
            assert_cache_sound(&repo);
            if repo.join("data.dvc").exists() {
                // a pointer file only ever appears whole
                let text = fs::read_to_string(repo.join("data.dvc")).unwrap();
                assert!(text.contains("path: data\n"), "{text}");
            }
        }
        assert!(
            killed > 0,
            "{cache_type}: dvx add always finished before the kill; the test proves nothing"
        );
        env.dvx(&repo, &["add", "data"]).ok();
        env.dvx(&repo, &["status"]).ok().stdout_has("up to date");
        for (rel, bytes) in &files {
            assert_eq!(
                &fs::read(repo.join("data").join(rel)).unwrap(),
                bytes,
                "{cache_type}: {rel}"
            );
        }
    }
}

#[test]
fn kill_during_checkout_leaves_old_or_new_files_and_recovers() {
    let env = env();
    let repo = env.dvx_repo("r");
    let files = make_data(&repo);
    env.dvx(&repo, &["add", "data"]).ok();
    let mut killed = 0;
    for d in delays() {
        fs::remove_dir_all(repo.join("data")).unwrap();
        killed += kill_after(&env, &repo, &["checkout"], d) as usize;
        // whatever exists under a final name is complete (nothing, if killed before the
        // directory was made)
        let after_kill = if repo.join("data").exists() {
            tree(&repo.join("data"))
        } else {
            Vec::new()
        };
        for (rel, bytes) in after_kill {
            if rel
                .split('/')
                .next_back()
                .is_some_and(|n| n.starts_with(".dvx-tmp."))
            {
                continue;
            }
            assert_eq!(
                Some(&bytes),
                files.get(&rel),
                "{rel} is partial after a kill"
            );
        }
        env.dvx(&repo, &["checkout"]).ok();
        let restored: HashMap<String, Vec<u8>> = tree(&repo.join("data")).into_iter().collect();
        assert_eq!(
            restored, files,
            "the next checkout recovers everything, leaving no temporary files"
        );
        env.dvx(&repo, &["status"]).ok().stdout_has("up to date");
    }
    assert!(
        killed > 0,
        "dvx checkout always finished before the kill; the test proves nothing"
    );
}
