//! The experiment queue: sweeps queued as tasks, run by parallel workers in temporary copies,
//! recorded as experiments DVC lists; failed, killed and dead tasks shown as failed with their
//! logs, the rest going on.

use std::path::Path;
use std::time::{Duration, Instant};

use dvx_test::TestEnv;

use super::env;
use super::test_exp_run::{dvc, exp_ref, pipeline_repo, show};

/// The queue's tasks as `queue status` shows them: (name, status).
fn statuses(env: &TestEnv, repo: &Path) -> Vec<(String, String)> {
    let out = env.dvx(repo, &["queue", "status"]).ok().stdout;
    out.lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            (cells[1].to_string(), cells[cells.len() - 1].to_string())
        })
        .collect()
}

fn status_of(env: &TestEnv, repo: &Path, name: &str) -> String {
    statuses(env, repo)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no task '{name}' in {:?}", statuses(env, repo)))
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "waited a minute for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The process id of the worker running a task, from the queue's task file.
fn worker_pid(repo: &Path, name: &str) -> u32 {
    let dir = repo.join(".dvc/tmp/exps/dvx-queue/tasks");
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let v: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            if v["name"] == name {
                return v["pid"].as_u64().expect("a running task's pid") as u32;
            }
        }
    }
    panic!("no task file for '{name}'");
}

/// The executor `exp show --json` gives the experiment named `name`.
fn executor_of(env: &TestEnv, repo: &Path, name: &str) -> serde_json::Value {
    let out = env.dvx(repo, &["exp", "show", "--json"]).ok().stdout;
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["experiments"].as_array().into_iter().flatten())
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no experiment '{name}' in {out}"))["executor"]
        .clone()
}

#[test]
fn a_queued_sweep_runs_in_parallel_and_dvc_lists_the_experiments() {
    let env = env();
    let repo = pipeline_repo(&env);
    env.dvx(
        &repo,
        &[
            "exp",
            "run",
            "--queue",
            "-S",
            "lr=choice(0.2,0.3)",
            "-S",
            "model.depth=range(3,5)",
            "-n",
            "sw",
        ],
    )
    .ok()
    .stdout_has("Queued experiment 'sw-4' for future execution.");
    // nothing changed in the workspace
    env.git(&repo, &["diff", "--quiet"]).ok();
    let queued = statuses(&env, &repo);
    assert_eq!(queued.len(), 4, "{queued:?}");
    assert!(queued.iter().all(|(_, s)| s == "Queued"), "{queued:?}");
    let listed = show(
        &repo,
        &env.dvx(&repo, &["exp", "show", "--json"]).ok().stdout,
    );
    let states: Vec<&str> = listed[1]["experiments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["executor"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["queued"; 4]);
    env.dvx(&repo, &["exp", "show", "--csv"])
        .ok()
        .stdout_has("Queued,Dvc-task");

    let run = env.dvx(&repo, &["exp", "run", "--run-all", "-j", "2"]).ok();
    assert!(run.stdout.contains("Ran experiment(s): "), "{run:?}");
    assert!(statuses(&env, &repo).iter().all(|(_, s)| s == "Success"));
    // each combination, once, as DVC sees it
    let theirs = show(
        &repo,
        &dvc(&env, &repo, &["exp", "show", "--json"]).ok().stdout,
    );
    let ours = show(
        &repo,
        &env.dvx(&repo, &["exp", "show", "--json"]).ok().stdout,
    );
    assert_eq!(ours, theirs, "exp show --json after the queue ran");
    let mut seen: Vec<(String, f64, i64)> = theirs[1]["experiments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let p = &e["revs"][0]["data"]["params"]["params.yaml"]["data"];
            (
                e["name"].as_str().unwrap().to_string(),
                p["lr"].as_f64().unwrap(),
                p["model"]["depth"].as_i64().unwrap(),
            )
        })
        .collect();
    seen.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        seen,
        [
            ("sw-1".into(), 0.2, 3),
            ("sw-2".into(), 0.2, 4),
            ("sw-3".into(), 0.3, 3),
            ("sw-4".into(), 0.3, 4)
        ]
    );
    env.dvx(&repo, &["queue", "logs", "sw-3"])
        .ok()
        .stdout_has("Running stage 'train':");
    dvc(&env, &repo, &["exp", "apply", "sw-4"]).ok();
    assert_eq!(
        std::fs::read_to_string(repo.join("model.txt")).unwrap(),
        "0.3 4 rows\n"
    );
    env.dvx(&repo, &["queue", "remove", "--success"])
        .ok()
        .stdout_has("Removed tasks in queue: ");
    env.dvx(&repo, &["queue", "status"])
        .ok()
        .stdout_has("No experiment tasks in the queue.");
    // the experiments stay
    assert!(exp_ref(&env, &repo, "sw-1").is_some());
}

#[test]
fn failed_killed_and_dead_tasks_fail_alone_and_the_rest_runs() {
    let env = env();
    let repo = pipeline_repo(&env);
    // a failing stage: failed, its log kept, no experiment
    env.dvx(
        &repo,
        &["exp", "run", "--queue", "-S", "fail=true", "-n", "broken"],
    )
    .ok();
    env.dvx(
        &repo,
        &["exp", "run", "--queue", "-S", "lr=0.4", "-n", "fine"],
    )
    .ok();
    env.dvx(&repo, &["exp", "run", "--run-all"]).ok();
    assert_eq!(status_of(&env, &repo, "broken"), "Failed");
    assert_eq!(status_of(&env, &repo, "fine"), "Success");
    env.dvx(&repo, &["queue", "logs", "broken"])
        .ok()
        .stdout_has("failed to reproduce 'train'");
    assert!(exp_ref(&env, &repo, "broken").is_none());
    // DVC's executor of a failed task: no name, its log and the stage's exit code
    let broken = executor_of(&env, &repo, "broken");
    assert_eq!(broken["state"], "failed");
    assert_eq!(broken["name"], serde_json::Value::Null);
    assert_eq!(broken["local"]["returncode"], 3);
    let log = broken["local"]["log"].as_str().unwrap();
    assert!(std::fs::read_to_string(log)
        .unwrap()
        .contains("failed to reproduce 'train'"));
    env.dvx(&repo, &["exp", "show", "--csv", "--hide-failed"])
        .ok()
        .stdout_has("fine");

    // kill -9 of a worker mid-run: its task fails, what is queued waits for the next start
    env.dvx(
        &repo,
        &["exp", "run", "--queue", "-S", "sleep=30", "-n", "slow"],
    )
    .ok();
    env.dvx(
        &repo,
        &["exp", "run", "--queue", "-S", "lr=0.5", "-n", "after"],
    )
    .ok();
    // two starts at once: one worker
    env.dvx(&repo, &["queue", "start"]).ok();
    env.dvx(&repo, &["queue", "start"]).ok();
    wait_for("the slow task to run", || {
        status_of(&env, &repo, "slow") == "Running"
    });
    let out = env.dvx(&repo, &["queue", "status"]).ok().stdout;
    assert!(out.contains("Worker status: 1 active"), "{out}");
    // a running task's executor: where it runs, its log, its worker
    wait_for("the running task's copy", || {
        !executor_of(&env, &repo, "slow")["local"]["root"].is_null()
    });
    let slow = executor_of(&env, &repo, "slow");
    assert_eq!(
        (&slow["state"], &slow["name"]),
        (&"running".into(), &"dvc-task".into())
    );
    assert!(Path::new(slow["local"]["root"].as_str().unwrap())
        .join("dvc.yaml")
        .is_file());
    assert!(slow["local"]["pid"].is_u64() && slow["local"]["returncode"].is_null());
    let pid = worker_pid(&repo, "slow");
    std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    wait_for("the dead task to show as failed", || {
        status_of(&env, &repo, "slow") == "Failed"
    });
    assert!(exp_ref(&env, &repo, "slow").is_none());
    // what was queued behind it runs after the next start (or, when the second start's worker
    // was still waiting for the slot as the first died, in that one): once, and it succeeds
    env.dvx(&repo, &["queue", "start"]).ok();
    wait_for("the next task to run", || {
        status_of(&env, &repo, "after") == "Success"
    });
    assert_eq!(status_of(&env, &repo, "slow"), "Failed");

    // queue kill: the task fails, the worker's next task still runs (after a new start)
    env.dvx(
        &repo,
        &["exp", "run", "--queue", "-S", "sleep=30", "-n", "stuck"],
    )
    .ok();
    env.dvx(&repo, &["queue", "start"]).ok();
    wait_for("the stuck task to run", || {
        status_of(&env, &repo, "stuck") == "Running"
    });
    env.dvx(&repo, &["queue", "kill", "stuck"])
        .ok()
        .stdout_has("Task 'stuck' has been killed.");
    assert_eq!(status_of(&env, &repo, "stuck"), "Failed");
    env.dvx(&repo, &["queue", "logs", "stuck"])
        .ok()
        .stdout_has("killed");
    // exp remove --queue forgets what is queued, not what ran
    env.dvx(&repo, &["exp", "run", "--queue", "-n", "later"])
        .ok();
    env.dvx(&repo, &["exp", "remove", "--queue"]).ok();
    let left: Vec<String> = statuses(&env, &repo).into_iter().map(|(n, _)| n).collect();
    assert!(
        !left.contains(&"later".to_string()) && left.contains(&"fine".to_string()),
        "{left:?}"
    );
    env.dvx(&repo, &["queue", "remove", "nope"])
        .fails()
        .stderr_has("'nope' is not a queued experiment");
    env.dvx(&repo, &["exp", "run", "--queue", "-S", "nope=1"])
        .fails()
        .stderr_has("Could not override 'nope'");
    wait_for("no worker left", || {
        env.dvx(&repo, &["queue", "status"])
            .ok()
            .stdout
            .contains("Worker status: 0 active")
    });
}
