//! `exp run` and `exp show` against DVC 3.67.1: experiments dvx runs (in the workspace and in
//! a temporary copy) are DVC experiments, DVC's are dvx's, and `exp show` prints what DVC
//! prints.

use std::path::{Path, PathBuf};

use dvx_test::{dvc_binary, write, TestEnv, DVC3};

use super::env;

const TRAIN: &str = r#"import json, os, re, sys
text = open("params.yaml").read()
def find(pattern):
    return re.search(pattern, text, re.M).group(1)
p = {"lr": float(find(r"^lr: *([^ #\n]+)")), "model": {"depth": int(find(r"^  depth: *(\d+)"))}}
if find(r"^fail: *(\w+)") == "true":
    sys.exit(3)
import time
time.sleep(float(find(r"^sleep: *([^ #\n]+)")))
with open("model.txt", "w") as f:
    f.write("%s %s %s\n" % (p["lr"], p["model"]["depth"], open("data.txt").read().strip()))
env = {k: os.environ.get(k) for k in ("DVC_EXP_NAME", "DVC_EXP_BASELINE_REV", "DVC_ROOT")}
json.dump({"acc": p["lr"] * 2, "nested": {"depth": p["model"]["depth"]}, "env": env},
          open("metrics.json", "w"))
"#;

const PARAMS: &str =
    "# training\nlr: 0.1   # learning rate\nmodel:\n  depth: 2\nfail: false\nsleep: 0\n";

const DVC_YAML: &str = "stages:\n  train:\n    cmd: python3 train.py\n    deps: [train.py, data.txt]\n    params: [lr, model.depth, fail, sleep]\n    outs: [model.txt]\n    metrics:\n    - metrics.json:\n        cache: false\n";

/// A committed pipeline whose stage reads params.yaml and a data source tracked by dvx.
pub(super) fn pipeline_repo(env: &TestEnv) -> PathBuf {
    let repo = env.dvx_repo("r");
    write(&repo.join("train.py"), TRAIN);
    write(&repo.join("params.yaml"), PARAMS);
    write(&repo.join("dvc.yaml"), DVC_YAML);
    write(&repo.join("data.txt"), "rows\n");
    env.dvx(&repo, &["add", "-q", "data.txt"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "pipeline"]).ok();
    repo
}

/// The harness pins git's dates in a form DVC's committer refuses: DVC runs with real ones.
pub(super) fn dvc(env: &TestEnv, repo: &Path, args: &[&str]) -> dvx_test::Run {
    let out = env
        .command(dvc_binary(DVC3), repo)
        .args(args)
        .env_remove("GIT_AUTHOR_DATE")
        .env_remove("GIT_COMMITTER_DATE")
        .output()
        .expect("running dvc");
    dvx_test::Run {
        cmd: format!("dvc {}", args.join(" ")),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub(super) fn exp_ref(env: &TestEnv, repo: &Path, name: &str) -> Option<String> {
    let refs = env
        .git(
            repo,
            &[
                "for-each-ref",
                "--format=%(objectname) %(refname)",
                "refs/exps",
            ],
        )
        .ok()
        .stdout;
    refs.lines()
        .find(|l| l.ends_with(&format!("/{name}")))
        .map(|l| l.split(' ').next().unwrap().to_string())
}

pub(super) fn show(repo: &Path, text: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("exp show --json in {}: {e}\n{text}", repo.display()));
    // timestamps differ (the harness pins dvx's commit dates), and DVC orders experiments by
    // time: compare without them, experiments by name
    fn scrub(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                if m.contains_key("timestamp") {
                    m.insert("timestamp".into(), serde_json::Value::Null);
                }
                for (_, x) in m.iter_mut() {
                    scrub(x);
                }
            }
            serde_json::Value::Array(a) => {
                for x in a.iter_mut() {
                    scrub(x);
                }
            }
            _ => {}
        }
    }
    scrub(&mut v);
    for entry in v.as_array_mut().unwrap() {
        if let Some(exps) = entry["experiments"].as_array_mut() {
            exps.sort_by_key(|e| e["name"].as_str().unwrap_or("").to_string());
        }
    }
    v
}

/// `exp show --csv ARGS` of both tools, without the Created column, experiment rows sorted
/// within each baseline (DVC orders them by time).
fn csv_of(out: &str) -> Vec<String> {
    let mut lines: Vec<Vec<String>> = out
        .lines()
        .map(|l| {
            l.trim_end_matches('\r')
                .split(',')
                .map(String::from)
                .collect()
        })
        .collect();
    let created = lines[0].iter().position(|c| c == "Created");
    for l in &mut lines {
        if let Some(i) = created {
            l.remove(i);
        }
    }
    // which experiment is last (└──, `branch_base`) follows the order, which follows time
    let mut rows: Vec<String> = lines
        .into_iter()
        .map(|l| l.join(",").replace(",branch_base,", ",branch_commit,"))
        .collect();
    // rows after a baseline row (which has an empty Experiment) up to the next one
    let mut i = 1;
    while i < rows.len() {
        let start = i + 1;
        let mut end = start;
        while end < rows.len() && !rows[end].starts_with(',') {
            end += 1;
        }
        rows[start..end].sort();
        i = end;
    }
    rows
}

#[test]
fn experiments_run_by_dvx_are_dvc_experiments_and_back() {
    let env = env();
    let repo = pipeline_repo(&env);
    let head = env
        .git(&repo, &["rev-parse", "HEAD"])
        .ok()
        .stdout
        .trim()
        .to_string();

    // a workspace run: results stay in the workspace, HEAD and the index do not move
    env.dvx(
        &repo,
        &[
            "exp",
            "run",
            "-S",
            "lr=0.2",
            "-S",
            "model.depth=5",
            "-n",
            "ws",
        ],
    )
    .ok()
    .stdout_has("Ran experiment(s): ws")
    .stdout_has("Experiment results have been applied to your workspace.");
    let params = std::fs::read_to_string(repo.join("params.yaml")).unwrap();
    assert_eq!(
        params,
        "# training\nlr: 0.2   # learning rate\nmodel:\n  depth: 5\nfail: false\nsleep: 0\n"
    );
    assert_eq!(
        env.git(&repo, &["rev-parse", "HEAD"]).ok().stdout.trim(),
        head
    );
    assert_eq!(
        env.git(&repo, &["diff", "--cached", "--name-only"])
            .ok()
            .stdout,
        ""
    );
    let ws = exp_ref(&env, &repo, "ws").expect("the experiment's ref");
    assert_eq!(
        env.git(&repo, &["rev-parse", &format!("{ws}^")])
            .ok()
            .stdout
            .trim(),
        head
    );
    let message = env
        .git(&repo, &["log", "-1", "--format=%s", &ws])
        .ok()
        .stdout;
    assert!(message.starts_with("dvc: commit experiment "), "{message}");
    let committed = env
        .git(&repo, &["show", &format!("{ws}:metrics.json")])
        .ok()
        .stdout;
    let metrics: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(metrics["env"]["DVC_EXP_NAME"], "ws");
    assert_eq!(metrics["env"]["DVC_EXP_BASELINE_REV"], head.as_str());
    assert_eq!(
        metrics["env"]["DVC_ROOT"],
        repo.canonicalize().unwrap().to_str().unwrap()
    );
    let files = env.git(&repo, &["ls-tree", "--name-only", &ws]).ok().stdout;
    for f in ["dvc.lock", "metrics.json", "params.yaml", "data.txt.dvc"] {
        assert!(files.lines().any(|l| l == f), "{f} not in {files}");
    }
    assert!(!files.lines().any(|l| l == "model.txt"), "{files}");

    // a temporary copy: the workspace stays as it is, nothing is left behind
    let workspace = || -> Vec<(String, Vec<u8>)> {
        dvx_test::tree(&repo)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".git/") && !p.starts_with(".dvc/"))
            .collect()
    };
    let before = workspace();
    env.dvx(
        &repo,
        &["exp", "run", "--temp", "-S", "lr=0.3", "-n", "tmp"],
    )
    .ok()
    .stdout_has("Ran experiment(s): tmp");
    dvx_test::assert_same_tree(&workspace(), &before, "the workspace after --temp");
    let tmp = exp_ref(&env, &repo, "tmp").expect("the --temp experiment's ref");
    let tmp_params = env
        .git(&repo, &["show", &format!("{tmp}:params.yaml")])
        .ok()
        .stdout;
    // the copy took the workspace's uncommitted changes (depth 5) and its own override
    assert!(
        tmp_params.contains("lr: 0.3") && tmp_params.contains("depth: 5"),
        "{tmp_params}"
    );

    // DVC runs one too; both tools show the same experiments
    dvc(
        &env,
        &repo,
        &["exp", "run", "-q", "-S", "lr=0.4", "-n", "theirs"],
    )
    .ok();
    let ours = show(
        &repo,
        &env.dvx(&repo, &["exp", "show", "--json"]).ok().stdout,
    );
    let theirs = show(
        &repo,
        &dvc(&env, &repo, &["exp", "show", "--json"]).ok().stdout,
    );
    assert_eq!(ours, theirs, "exp show --json");
    assert_eq!(
        ours[1]["experiments"].as_array().unwrap().len(),
        3,
        "{ours}"
    );
    for args in [
        &[][..],
        &["--sort-by", "lr", "--sort-order", "desc"],
        &["--only-changed", "--drop", "data"],
        &["--keep", "fail", "--only-changed", "--sha"],
        &["--hide-workspace", "--precision", "2"],
    ] {
        let mut full = vec!["exp", "show", "--csv"];
        full.extend_from_slice(args);
        let ours = env.dvx(&repo, &full).ok().stdout;
        let theirs = dvc(&env, &repo, &full).ok().stdout;
        assert_eq!(csv_of(&ours), csv_of(&theirs), "exp show {args:?}");
    }

    for args in [
        &[][..],
        &["ws", "tmp"],
        &["--all", "ws", "theirs"],
        &["--md", "tmp"],
        &["--json", "ws", "tmp"],
        &["--no-path", "--param-deps", "HEAD", "ws"],
    ] {
        let mut full = vec!["exp", "diff"];
        full.extend_from_slice(args);
        let (ours, theirs) = (
            env.dvx(&repo, &full).ok().stdout,
            dvc(&env, &repo, &full).ok().stdout,
        );
        if args.contains(&"--json") {
            // DVC's keys come in the order of a Python set: compared as JSON
            let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
            assert_eq!(parse(&ours), parse(&theirs), "exp diff {args:?}");
        } else {
            assert_eq!(ours, theirs, "exp diff {args:?}");
        }
    }

    // the table goes through a pager on a terminal only (script(1) gives dvx one)
    let dvx = env.dvx.display().to_string();
    let paged = env
        .command("script", &repo)
        .env("TERM", "xterm")
        .env("PAGER", "sed s/^/PAGED:/")
        .args(["-qec", &format!("{dvx} exp show"), "/dev/null"])
        .output()
        .expect("script(1) from util-linux is needed for this test");
    let paged = String::from_utf8_lossy(&paged.stdout);
    assert!(paged.contains("PAGED:  Experiment"), "{paged}");
    let plain = env.dvx(&repo, &["exp", "show"]).ok().stdout;
    assert!(
        plain.contains("Experiment") && !plain.contains("PAGED:"),
        "{plain}"
    );
    // packed refs: still listed
    env.git(&repo, &["pack-refs", "--all"]).ok();
    let packed = show(
        &repo,
        &env.dvx(&repo, &["exp", "show", "--json"]).ok().stdout,
    );
    assert_eq!(packed, ours, "exp show --json with packed refs");
    // DVC's gc keeps what dvx's experiments need
    dvc(&env, &repo, &["gc", "-w", "--all-experiments", "-f"]).ok();

    // DVC applies dvx's experiment from the shared cache
    dvc(&env, &repo, &["exp", "apply", "tmp"]).ok();
    assert_eq!(
        std::fs::read_to_string(repo.join("model.txt")).unwrap(),
        "0.3 5 rows\n"
    );
    dvc(&env, &repo, &["exp", "branch", "ws", "ws-branch"]).ok();
    assert_eq!(
        env.git(&repo, &["rev-parse", "ws-branch"])
            .ok()
            .stdout
            .trim(),
        ws
    );
}

#[test]
fn exp_run_refuses_bad_input_and_a_failed_run_leaves_things_as_they_were() {
    let env = env();
    let repo = pipeline_repo(&env);
    env.dvx(&repo, &["exp", "run", "-n", "one"]).ok();
    env.git(&repo, &["checkout", "-q", "--", "params.yaml"])
        .ok();
    let refs = || env.git(&repo, &["for-each-ref", "refs/exps"]).ok().stdout;
    let before = refs();
    let params = std::fs::read(repo.join("params.yaml")).unwrap();

    env.dvx(&repo, &["exp", "run", "-n", "one"])
        .fails()
        .stderr_has("Experiment conflicts with existing experiment 'one'.");
    env.dvx(&repo, &["exp", "run", "-n", "a/b"])
        .fails()
        .stderr_has("Invalid exp name a/b");
    env.dvx(&repo, &["exp", "run", "-S", "nope=1"])
        .fails()
        .stderr_has("Invalid `--set-param` value: Could not override 'nope'.");
    env.dvx(&repo, &["exp", "run", "-S", "lr=choice(0.1,0.2)"])
        .fails()
        .stderr_has("Sweep overrides can't be used without `--queue`");
    env.dvx(&repo, &["exp", "run", "-S", "missing.json:a=1"])
        .fails()
        .stderr_has("Could not override 'a'");
    write(&repo.join("bad.yaml"), "a: [1,\n");
    env.dvx(&repo, &["exp", "run", "-S", "bad.yaml:a=1"])
        .fails()
        .stderr_has("Invalid `--set-param` value");
    std::fs::remove_file(repo.join("bad.yaml")).unwrap();
    // Hydra composition (DVC's hydra.enabled) is refused, not done wrong
    env.dvx(&repo, &["config", "hydra.enabled", "true"]).ok();
    env.dvx(&repo, &["exp", "run", "-S", "lr=0.3"])
        .fails()
        .stderr_has("Hydra");
    env.dvx(&repo, &["config", "--unset", "hydra.enabled"]).ok();
    // the stage fails: no experiment, the params as they were
    env.dvx(&repo, &["exp", "run", "-S", "fail=true", "-n", "bad"])
        .fails()
        .stderr_has("failed to reproduce 'train'");
    assert_eq!(std::fs::read(repo.join("params.yaml")).unwrap(), params);
    env.dvx(&repo, &["exp", "run", "--temp", "-S", "fail=true"])
        .fails();
    assert_eq!(refs(), before, "no experiment was recorded");
    // -f overwrites, and a temp run leaves no copy behind
    env.dvx(&repo, &["exp", "run", "-f", "-n", "one", "-S", "lr=0.9"])
        .ok();
    let leftovers: Vec<String> = std::fs::read_dir(repo.join(".dvc/tmp/exps"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.starts_with("tmp") && !n.starts_with("exp-index")),
        "{leftovers:?}"
    );
    let one = exp_ref(&env, &repo, "one").unwrap();
    let p = env
        .git(&repo, &["show", &format!("{one}:params.yaml")])
        .ok()
        .stdout;
    assert!(p.contains("lr: 0.9"), "{p}");
}

#[test]
fn exp_apply_gives_dvcs_files_and_keeps_what_it_replaces() {
    let env = env();
    let repo = pipeline_repo(&env);
    env.dvx(&repo, &["exp", "run", "-S", "lr=0.7", "-n", "seven"])
        .ok();
    env.git(&repo, &["checkout", "-q", "--", "params.yaml"])
        .ok();
    env.dvx(&repo, &["repro", "-q"]).ok();
    // uncommitted work of every kind: a tracked file, an untracked file, an output's data
    write(&repo.join("train.py"), format!("{TRAIN}# my edit\n"));
    write(&repo.join("notes.txt"), "my notes\n");
    std::fs::remove_file(repo.join("model.txt")).unwrap();
    write(&repo.join("model.txt"), "hand-made model\n");
    let mine: Vec<(String, Vec<u8>)> = ["train.py", "notes.txt", "model.txt", "params.yaml"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(repo.join(f)).unwrap()))
        .collect();

    let other = env.path("other");
    dvx_test::copy_tree(&repo, &other);
    let applied = env.dvx(&repo, &["exp", "apply", "seven"]).ok();
    assert!(
        applied.stdout.contains(
            "Changes for experiment 'seven' have been applied to your current workspace."
        ),
        "{applied:?}"
    );
    let saved = applied
        .stderr
        .split("dvx exp apply ")
        .nth(1)
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| panic!("no saved ref named: {applied:?}"));
    assert_eq!(
        std::fs::read_to_string(repo.join("model.txt")).unwrap(),
        "0.7 2 rows\n"
    );
    assert!(std::fs::read_to_string(repo.join("params.yaml"))
        .unwrap()
        .contains("lr: 0.7"));
    // DVC's apply of the same experiment on the same workspace gives the same files
    let ours = dvx_test::tree(&repo);
    dvc(&env, &other, &["exp", "apply", "seven"]).ok();
    let theirs = dvx_test::tree(&other);
    let visible = |t: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        t.into_iter()
            .filter(|(p, _)| !p.starts_with(".git/") && !p.starts_with(".dvc/"))
            .collect()
    };
    dvx_test::assert_same_tree(
        &visible(ours),
        &visible(theirs),
        "dvx's and DVC's exp apply",
    );

    // and everything the workspace had comes back
    env.dvx(&repo, &["exp", "apply", &saved]).ok();
    for (f, bytes) in &mine {
        assert_eq!(
            &std::fs::read(repo.join(f)).unwrap(),
            bytes,
            "{f} after restoring"
        );
    }
    env.dvx(&repo, &["exp", "apply", "nope"])
        .fails()
        .stderr_has("'nope' does not appear to be an experiment commit.");
}

#[test]
fn exp_save_records_the_workspace_and_exp_clean_removes_only_what_is_dead() {
    let env = env();
    let repo = pipeline_repo(&env);
    env.dvx(&repo, &["repro", "-q"]).ok();
    // a hand-made change of params and output, and an untracked file to include
    write(
        &repo.join("params.yaml"),
        PARAMS.replace("lr: 0.1", "lr: 0.8"),
    );
    std::fs::remove_file(repo.join("model.txt")).unwrap();
    write(&repo.join("model.txt"), "by hand\n");
    write(&repo.join("notes.txt"), "notes\n");
    env.dvx(&repo, &["exp", "save", "-n", "manual", "-I", "notes.txt"])
        .ok()
        .stdout_has("Experiment has been saved as: manual");
    let c = exp_ref(&env, &repo, "manual").unwrap();
    let files = env.git(&repo, &["ls-tree", "--name-only", &c]).ok().stdout;
    assert!(files.lines().any(|f| f == "notes.txt"), "{files}");
    let p = env
        .git(&repo, &["show", &format!("{c}:params.yaml")])
        .ok()
        .stdout;
    assert!(p.contains("lr: 0.8"), "{p}");
    env.dvx(&repo, &["exp", "save", "-n", "manual"])
        .fails()
        .stderr_has("Experiment conflicts with existing experiment 'manual'.");
    // DVC sees it, and gets the hand-made output from the cache
    let other = env.path("other");
    dvx_test::copy_tree(&repo, &other);
    std::fs::remove_file(other.join("model.txt")).unwrap();
    dvc(&env, &other, &["exp", "apply", "manual"]).ok();
    assert_eq!(
        std::fs::read_to_string(other.join("model.txt")).unwrap(),
        "by hand\n"
    );

    // what a killed run leaves: a copy nobody holds and a stale private index go, a copy in
    // use stays
    let exps = repo.join(".dvc/tmp/exps");
    std::fs::create_dir_all(exps.join("tmpdead/.dvc")).unwrap();
    write(&exps.join("tmpdead/.dvx-in-use"), "");
    std::fs::create_dir_all(exps.join("tmplive")).unwrap();
    write(&exps.join("tmplive/.dvx-in-use"), "");
    let held = std::fs::File::open(exps.join("tmplive/.dvx-in-use")).unwrap();
    held.lock().unwrap();
    env.dvx(&repo, &["exp", "clean"]).ok();
    assert!(!exps.join("tmpdead").exists());
    assert!(exps.join("tmplive").exists());
    drop(held);
}

#[test]
fn a_dvclive_script_under_exp_run_gives_experiments_with_its_metrics() {
    let env = env();
    let repo = env.dvx_repo("r");
    let python = dvx_test::dvclive_python();
    write(
        &repo.join("train.py"),
        "import re\nfrom dvclive import Live\nlr = float(re.search(r'lr: (\\S+)', open('params.yaml').read()).group(1))\nwith Live() as live:\n    live.log_param('lr', lr)\n    for epoch in range(3):\n        live.log_metric('acc', lr * (epoch + 1))\n        live.next_step()\n",
    );
    write(&repo.join("params.yaml"), "lr: 0.1\n");
    write(
        &repo.join("dvc.yaml"),
        format!(
            "stages:\n  train:\n    cmd: {} train.py\n    deps: [train.py]\n    params: [lr]\n",
            python.display()
        ),
    );
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "base"]).ok();
    for (lr, name) in [("0.2", "a"), ("0.3", "b"), ("0.4", "c")] {
        env.dvx(
            &repo,
            &["exp", "run", "-S", &format!("lr={lr}"), "-n", name],
        )
        .ok();
    }
    let ours = env.dvx(&repo, &["exp", "show", "--csv"]).ok().stdout;
    let theirs = dvc(&env, &repo, &["exp", "show", "--csv"]).ok().stdout;
    assert_eq!(
        csv_of(&ours),
        csv_of(&theirs),
        "exp show after DVCLive runs"
    );
    let json = show(
        &repo,
        &env.dvx(&repo, &["exp", "show", "--json"]).ok().stdout,
    );
    let mut accs: Vec<(String, f64)> = json[1]["experiments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["revs"][0]["data"]["metrics"]["dvclive/metrics.json"]["data"]["acc"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("no DVCLive metric in {e}")),
            )
        })
        .collect();
    accs.sort_by(|x, y| x.0.cmp(&y.0));
    let rounded: Vec<(String, i64)> = accs
        .into_iter()
        .map(|(n, a)| (n, (a * 10.0).round() as i64))
        .collect();
    assert_eq!(
        rounded,
        [("a".into(), 6), ("b".into(), 9), ("c".into(), 12)]
    );
}

/// The VS Code extension runs `<dvc.dvcPath> --version` and reads a DVC version at the start
/// of its output: dvx linked as `dvc` gives one, and still says what it is.
#[test]
fn dvx_called_dvc_answers_the_version_with_a_dvc_version() {
    let env = env();
    let link = env.path("bin/dvc");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&env.dvx, &link).unwrap();
    let out = env
        .command(&link, &env.path(""))
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.starts_with("3.67.1 (dvx "), "{text}");
    let own = env.dvx(&env.path(""), &["--version"]).ok().stdout;
    assert!(own.starts_with("dvx "), "{own}");
}

/// Starts `exp run` of a 30 s stage in its own process group; returns it, its process id as the
/// experiments lock file holds it, and the process id of the stage's command.
// the child is returned to the caller, which waits for it
#[allow(clippy::zombie_processes)]
fn start_long_experiment(env: &TestEnv, repo: &Path) -> (std::process::Child, u32, u32) {
    use std::os::unix::process::CommandExt;
    let mut command = env.command(&env.dvx, repo);
    command
        .args(["exp", "run", "-S", "sleep=30", "-n", "long"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .process_group(0);
    // As on a terminal: a test run in the background (`cmd &` in a script) inherits SIGINT
    // ignored, and an ignored signal stays ignored in every program started below.
    // SAFETY: signal(2) is async-signal-safe; nothing else runs between fork and exec.
    #[allow(unsafe_code)]
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let mut child = command.spawn().unwrap();
    let file = repo.join(".dvc/tmp/exps/rwlock.lock");
    let start = std::time::Instant::now();
    let children = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default()
    };
    loop {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if let Ok(pid) = text.trim().parse::<u32>() {
            // the stage's command has started once dvx has a child and the params are set
            let stage: Option<u32> = children(pid)
                .split_whitespace()
                .filter_map(|c| c.parse().ok())
                .find(|c: &u32| {
                    std::fs::read_to_string(format!("/proc/{c}/cmdline"))
                        .is_ok_and(|cmd| cmd.contains("train.py"))
                });
            if let Some(stage) = stage {
                return (child, pid, stage);
            }
        }
        if start.elapsed().as_secs() > 30 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no running stage under the pid in {}", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The VS Code extension stops a running experiment by killing the process whose id DVC's
/// experiments lock file holds: the stage's command stops with it, and the failed run puts the
/// params back.
#[test]
fn a_running_experiment_leaves_its_pid_where_the_vs_code_extension_looks() {
    let env = env();
    let repo = pipeline_repo(&env);
    let refs = || env.git(&repo, &["for-each-ref", "refs/exps"]).ok().stdout;
    let (child, pid, stage) = start_long_experiment(&env, &repo);
    assert_eq!(pid, child.id());
    std::process::Command::new("kill")
        .arg(pid.to_string())
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        !Path::new(&format!("/proc/{stage}")).exists(),
        "the stage's command {stage} outlived dvx"
    );
    assert!(stderr.contains("failed to run"), "{stderr}");
    assert_eq!(refs(), "", "a stopped experiment is not recorded");
    assert_eq!(
        std::fs::read_to_string(repo.join("params.yaml")).unwrap(),
        PARAMS
    );
}

/// Ctrl-C at the terminal interrupts the stage's command; dvx outlives it, as DVC does, to say
/// so and put the params back.
#[test]
fn ctrl_c_stops_the_stage_and_dvx_cleans_up() {
    let env = env();
    let repo = pipeline_repo(&env);
    let (child, pid, stage) = start_long_experiment(&env, &repo);
    // the terminal sends SIGINT to the whole foreground process group
    std::process::Command::new("kill")
        .args(["-INT", "--", &format!("-{pid}")])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("failed to run: python3 train.py"),
        "{stderr}"
    );
    assert!(!Path::new(&format!("/proc/{stage}")).exists());
    assert_eq!(
        std::fs::read_to_string(repo.join("params.yaml")).unwrap(),
        PARAMS
    );
    assert_eq!(
        env.git(&repo, &["for-each-ref", "refs/exps"]).ok().stdout,
        ""
    );
}

/// `-S` edits params files as DVC's round-trip YAML and tomlkit do: values replaced where they
/// stand, keys added at the end of their mapping or table, removed keys taken with their
/// trailing comments, quotes ruamel does not keep dropped, sequences written in block style.
#[test]
fn set_param_edits_params_yaml_as_dvc_does() {
    let env = env();
    let repo = pipeline_repo(&env);
    write(
        &repo.join("params.yaml"),
        "# run\nlr: 0.1  # rate\n\nmodel:\n  depth: 2  # layers\n  # end of model\n\n  # more\n  width: 4\n  name: 'cnn'   # quoted\n  sizes: [1, 2]  # flow\nfail: False\nsleep: 0\nextra: x\n",
    );
    env.git(&repo, &["commit", "-qam", "params with comments"])
        .ok();
    let other = env.path("other");
    dvx_test::copy_tree(&repo, &other);
    let args = [
        "exp",
        "run",
        "-S",
        "lr=0.25",
        "-S",
        "~extra",
        "-S",
        "+model.act=relu",
        "-S",
        "+opt=1",
        "-S",
        "++fail=false",
    ];
    env.dvx(&repo, &args).ok();
    dvc(&env, &other, &args).ok();
    let read = |dir: &Path, name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(read(&repo, "params.yaml"), read(&other, "params.yaml"));
    assert!(read(&repo, "params.yaml").contains("  name: cnn     # quoted\n"));

    // a TOML params file of the stage
    for dir in [&repo, &other] {
        write(
            &dir.join("params.toml"),
            "# top\nlr = 0.1 # rate\nname = 'cnn'\n\n[model]\n# the model\ndepth = 2  # layers\nwidth = 4\n\n[train]\nepochs = 3\n",
        );
        write(
            &dir.join("dvc.yaml"),
            DVC_YAML.replace(
                "params: [lr, model.depth, fail, sleep]",
                "params: [lr, model.depth, fail, sleep, {params.toml: [lr]}]",
            ),
        );
    }
    let toml_args = [
        "exp",
        "run",
        "-S",
        "params.toml:lr=0.5",
        "-S",
        "params.toml:~model.depth",
        "-S",
        "params.toml:+model.act=relu",
        "-S",
        "params.toml:+train.opt={name: adam}",
        "-S",
        "params.toml:+seed=7",
    ];
    env.dvx(&repo, &toml_args).ok();
    dvc(&env, &other, &toml_args).ok();
    assert_eq!(read(&repo, "params.toml"), read(&other, "params.toml"));
    assert!(read(&repo, "params.toml").contains("lr = 0.5 # rate\n"));
}
