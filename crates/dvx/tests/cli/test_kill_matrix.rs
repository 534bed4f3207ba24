//! kill -9 at random moments of every writing command: add, commit, checkout, push, pull,
//! fetch, gc, repro, import, update, move, remove. After each kill nothing is lost (every byte
//! of data before or after is in the workspace, the cache or the remote), nothing is
//! half-written under a final name (cache and remote objects hold what their names say; every
//! pointer file, dvc.lock and .gitignore is a whole version, before or after), and running the
//! command again reaches the state an uninterrupted run reaches, which `dvc status` agrees with.
//!
//! The kill moments are spread over the measured length of an uninterrupted run, with a random
//! offset printed for reproduction (`DVX_KILL_SEED=N` repeats a run).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use dvx_test::{copy_tree, md5_hex, tree, write, TestEnv, DVC3};

use super::env;
use super::test_interrupt::assert_objects_sound;

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    /// What finishes the job after a kill (the same command, unless said otherwise).
    again: Option<&'static [&'static str]>,
    /// Makes `case/repo` (and `case/store`, the directory remote) ready for the command.
    setup: fn(&TestEnv, &Path),
}

fn data(repo: &Path, tag: &str) {
    for i in 0..300u32 {
        write(
            &repo.join(format!("data/p{:02}/f{i:03}.txt", i % 11)),
            format!("{tag} {i} {}\n", "x".repeat(3000 + i as usize)),
        );
    }
    let big: Vec<u8> = (0..6_000_000u32)
        .map(|j| (j >> 7) as u8 ^ tag.len() as u8)
        .collect();
    write(&repo.join("data/big.bin"), big);
}

fn base(env: &TestEnv, case: &Path) -> PathBuf {
    let repo = case.join("repo");
    fs::create_dir_all(&repo).unwrap();
    env.git(&repo, &["init", "-q"]).ok();
    env.dvx(&repo, &["init", "-q"]).ok();
    env.dvx(&repo, &["remote", "add", "-d", "s", "../store"])
        .ok();
    repo
}

/// `base` with `data/` (version 1) added.
fn added(env: &TestEnv, case: &Path) -> PathBuf {
    let repo = base(env, case);
    data(&repo, "v1");
    env.dvx(&repo, &["add", "data"]).ok();
    repo
}

fn commit_all(env: &TestEnv, repo: &Path) {
    env.git(repo, &["add", "-A"]).ok();
    env.git(repo, &["commit", "-qm", "state"]).ok();
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "add",
            args: &["add", "data"],
            again: None,
            setup: |env, case| {
                let repo = base(env, case);
                data(&repo, "v1");
            },
        },
        Case {
            name: "commit",
            args: &["commit", "-f"],
            again: None,
            setup: |env, case| {
                let repo = added(env, case);
                data(&repo, "v2");
            },
        },
        Case {
            name: "checkout",
            args: &["checkout"],
            again: None,
            setup: |env, case| {
                let repo = added(env, case);
                fs::remove_dir_all(repo.join("data")).unwrap();
            },
        },
        Case {
            name: "push",
            args: &["push", "-j", "2"],
            again: None,
            setup: |env, case| {
                added(env, case);
            },
        },
        Case {
            name: "pull",
            args: &["pull"],
            again: None,
            setup: |env, case| {
                let repo = added(env, case);
                env.dvx(&repo, &["push"]).ok();
                fs::remove_dir_all(repo.join("data")).unwrap();
                fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
            },
        },
        Case {
            name: "fetch",
            args: &["fetch"],
            again: None,
            setup: |env, case| {
                let repo = added(env, case);
                env.dvx(&repo, &["push"]).ok();
                fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
            },
        },
        Case {
            name: "gc",
            args: &["gc", "-w", "-f"],
            again: None,
            setup: |env, case| {
                let repo = added(env, case);
                data(&repo, "v2");
                env.dvx(&repo, &["add", "data"]).ok();
            },
        },
        Case {
            name: "repro",
            args: &["repro"],
            again: None,
            setup: |env, case| {
                let repo = base(env, case);
                data(&repo, "v1");
                write(
                    &repo.join("dvc.yaml"),
                    "stages:\n  copy:\n    cmd: cp -r data out\n    deps:\n    - data\n    outs:\n    - out\n",
                );
            },
        },
        Case {
            name: "import",
            args: &["import", "../src", "data", "-o", "imported"],
            // as with DVC, an import whose output is (partly) there is redone with -f
            again: Some(&["import", "../src", "data", "-o", "imported", "-f"]),
            setup: |env, case| {
                let src = base(env, &case.join("srccase"));
                fs::rename(&src, case.join("src")).unwrap();
                fs::rename(case.join("srccase/store"), case.join("store")).unwrap_or(());
                let src = case.join("src");
                data(&src, "v1");
                env.dvx(&src, &["add", "data"]).ok();
                commit_all(env, &src);
                let repo = base(env, case);
                commit_all(env, &repo);
            },
        },
        Case {
            name: "update",
            args: &["update", "imported.dvc"],
            again: None,
            setup: |env, case| {
                let src = base(env, &case.join("srccase"));
                fs::rename(&src, case.join("src")).unwrap();
                let src = case.join("src");
                data(&src, "v1");
                env.dvx(&src, &["add", "data"]).ok();
                commit_all(env, &src);
                let repo = base(env, case);
                env.dvx(&repo, &["import", "../src", "data", "-o", "imported"])
                    .ok();
                commit_all(env, &repo);
                data(&src, "v2");
                env.dvx(&src, &["add", "data"]).ok();
                commit_all(env, &src);
            },
        },
        Case {
            name: "move",
            args: &["move", "data", "moved"],
            again: None,
            setup: |env, case| {
                added(env, case);
            },
        },
        Case {
            name: "remove",
            args: &["remove", "data.dvc", "--outs"],
            again: None,
            setup: |env, case| {
                added(env, case);
            },
        },
    ]
}

/// What a case directory holds that matters: text files dvx writes (pointer files, dvc.lock,
/// .gitignore) by path, and the md5 of every data file (workspace, cache objects, remote).
struct State {
    texts: BTreeMap<String, Vec<u8>>,
    workspace: BTreeMap<String, String>,
}

fn is_text_of_dvx(rel: &str) -> bool {
    rel.ends_with(".dvc") || rel.ends_with("dvc.lock") || rel.ends_with(".gitignore")
}

fn state(repo: &Path) -> State {
    let mut texts = BTreeMap::new();
    let mut workspace = BTreeMap::new();
    for (rel, bytes) in tree(repo) {
        if rel.starts_with(".git/") || rel.starts_with(".dvc/") {
            continue;
        }
        if is_text_of_dvx(&rel) {
            texts.insert(rel, bytes);
        } else {
            workspace.insert(rel, md5_hex(&bytes));
        }
    }
    State { texts, workspace }
}

/// md5s of every object a store holds under `files/md5`.
fn objects(root: &Path) -> HashSet<String> {
    let dir = root.join("files/md5");
    if !dir.exists() {
        return HashSet::new();
    }
    tree(&dir)
        .into_iter()
        .map(|(p, _)| p.replace('/', "").trim_end_matches(".dir").to_string())
        .collect()
}

/// Asserts two maps are equal, naming only the keys that differ.
#[track_caller]
fn same<V: PartialEq>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>, what: &str) {
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(differ.is_empty(), "{what}: these differ: {differ:?}");
}

fn spawn_and_kill(env: &TestEnv, repo: &Path, args: &[&str], delay: Duration) -> bool {
    use std::os::unix::process::CommandExt;
    let mut child = env
        .command(&env.dvx, repo)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("spawning dvx");
    let start = Instant::now();
    while start.elapsed() < delay {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        std::thread::yield_now();
    }
    // the whole group: a stage's command goes with dvx
    let _ = std::process::Command::new("kill")
        .args(["-9", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    true
}

fn seed() -> u64 {
    let seed = std::env::var("DVX_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill matrix: DVX_KILL_SEED={seed}");
    seed
}

#[test]
fn kill_9_at_random_moments_of_every_writing_command_loses_nothing() {
    let env = env();
    let mut rng = seed();
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    const KILLS: usize = 6;
    for case in cases() {
        let origin = env.path(&format!("{}-origin", case.name));
        (case.setup)(&env, &origin);
        let before = state(&origin.join("repo"));
        // the uninterrupted run: its result, and how long it takes
        let reference = env.path(&format!("{}-reference", case.name));
        copy_tree(&origin, &reference);
        let start = Instant::now();
        env.dvx(&reference.join("repo"), case.args).ok();
        let took = start.elapsed();
        let after = state(&reference.join("repo"));
        let known: HashSet<String> = before
            .workspace
            .values()
            .chain(after.workspace.values())
            .cloned()
            .collect();
        let mut killed = 0;
        // KILLS moments across the run; when a loaded machine made the timed run slow and
        // every kill came too late, more attempts early in the run
        for k in 0..KILLS * 3 {
            if k >= KILLS && killed > 0 {
                break;
            }
            let dir = env.path(&format!("{}-{k}", case.name));
            copy_tree(&origin, &dir);
            let repo = dir.join("repo");
            let frac = (next() % 1000) as f64 / 1000.0;
            let delay = if k < KILLS {
                took.mul_f64(0.05 + 0.9 * frac)
            } else {
                took.mul_f64(0.002 + 0.02 * frac)
            };
            let what = format!("{} killed after {delay:?} of {took:?}", case.name);
            if !spawn_and_kill(&env, &repo, case.args, delay) {
                continue;
            }
            killed += 1;
            // nothing half-written under a final name
            assert_objects_sound(&repo.join(".dvc/cache/files/md5"));
            assert_objects_sound(&dir.join("store/files/md5"));
            let now = state(&repo);
            for (rel, bytes) in &now.texts {
                let whole = [&before.texts, &after.texts]
                    .iter()
                    .any(|s| s.values().any(|b| b == bytes));
                assert!(
                    whole,
                    "{what}: '{rel}' is neither a before nor an after version"
                );
            }
            // nothing lost: every data file is in the workspace, the cache or the remote
            let mut present: HashSet<String> = now.workspace.values().cloned().collect();
            present.extend(objects(&repo.join(".dvc/cache")));
            present.extend(objects(&dir.join("store")));
            present.extend(objects(&dir.join("src/.dvc/cache")));
            for m in &known {
                if case.name == "gc" && !after.workspace.values().any(|w| w == m) {
                    continue; // gc removes exactly the unused versions
                }
                assert!(present.contains(m), "{what}: content {m} was lost");
            }
            // running the command again finishes the job
            let again = env.dvx(&repo, case.again.unwrap_or(case.args));
            // the next command that walks the workspace removes a dead process's temporaries
            let ours = env.dvx(&repo, &["status", "--json"]).ok().stdout;
            let done = state(&repo);
            if again.code != 0 {
                same(
                    &done.texts,
                    &after.texts,
                    &format!(
                        "{what}: the rerun failed ({}) before the work was done",
                        again.stderr
                    ),
                );
            }
            same(
                &done.texts,
                &after.texts,
                &format!("{what}: pointer files after the rerun"),
            );
            same(
                &done.workspace,
                &after.workspace,
                &format!("{what}: workspace after the rerun"),
            );
            assert!(
                !tree(&repo).iter().any(|(p, _)| {
                    !p.starts_with(".dvc/")
                        && p.rsplit('/')
                            .next()
                            .is_some_and(|n| n.starts_with(".dvx-tmp."))
                }),
                "{what}: a temporary file is left in the workspace"
            );
            let theirs = env.dvc(DVC3, &repo, &["status", "--json"]).ok().stdout;
            assert_eq!(ours.trim(), theirs.trim(), "{what}: dvc status disagrees");
            fs::remove_dir_all(&dir).unwrap();
        }
        assert!(
            killed > 0,
            "{}: the command always finished before the kill; the test proves nothing",
            case.name
        );
        fs::remove_dir_all(&origin).unwrap();
        fs::remove_dir_all(&reference).unwrap();
    }
}
