//! Pipelines against DVC 3.67.1: `repro` writes the `dvc.lock` DVC writes (byte for byte), each
//! tool sees the other's pipeline as up to date, `status` reports the same changes, `stage add`
//! writes the same `dvc.yaml`, the run-cache is shared, `dag` draws the same graph; pipeline
//! outputs travel with push/pull/checkout and survive gc; bad pipelines are refused.

use std::fs;
use std::path::{Path, PathBuf};

use dvx_test::{assert_same_tree, tree, write, TestEnv, DVC3};
use serde_json::Value;

use super::env;

const PARAMS: &str = "train:\n  lr: 0.01\n  epochs: 3\n  small: 1.0e-05\n  layers: [8, 16]\nmodels: [a, b]\nseeds: [1, 2]\n";

const DVC_YAML: &str = r#"vars:
  - outdir: out
stages:
  report:
    cmd: cat ${outdir}/model_a.txt ${outdir}/model_b.txt > report.txt
    deps:
      - ${outdir}/model_a.txt
      - ${outdir}/model_b.txt
    outs:
      - report.txt
  prepare:
    desc: copy the raw data
    meta:
      owner: me
    cmd: mkdir -p ${outdir} && cp -r data ${outdir}/prepared
    deps: [data]
    outs: ["${outdir}/prepared"]
  train:
    foreach: ${models}
    do:
      cmd: echo ${item} ${train.lr} ${train.small} > ${outdir}/model_${item}.txt && echo '{"acc":0.9,"loss":0.25}' > metrics_${item}.json
      deps: ["${outdir}/prepared"]
      params:
        - train.lr
        - train.small
        - train
        - other.json: [threshold]
        - conf.toml:
      outs: ["${outdir}/model_${item}.txt"]
      metrics:
        - metrics_${item}.json:
            cache: false
  mx:
    matrix:
      seed: ${seeds}
      kind: [p, q]
    cmd: echo ${item.seed}${item.kind} > mx_${key}.txt
    outs: ["mx_${key}.txt"]
  long:
    cmd: echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb > long.txt
    outs: [long.txt]
  lst:
    cmd:
      - "echo 'a: b' > lst.txt"
      - 'echo "x #y" >> lst.txt'
    outs:
      - lst.txt:
          persist: true
  inwdir:
    wdir: sub
    cmd: cp ../report.txt copied.txt
    deps: [../report.txt]
    outs: [copied.txt]
  always:
    cmd: echo same > always.txt
    always_changed: true
    outs: [always.txt]
"#;

const SUB_YAML: &str = "stages:\n  sub1:\n    cmd: cp ../long.txt long_copy.txt\n    deps: [../long.txt]\n    outs: [long_copy.txt]\n";

/// A repository with the pipeline above, initialised and driven by `tool` ("dvx" or "dvc").
fn project(env: &TestEnv, name: &str, tool: &str) -> PathBuf {
    let repo = env.git_repo(name);
    run(env, tool, &repo, &["init", "-q"]).ok();
    write(&repo.join("data/a.txt"), "hello\n");
    write(&repo.join("data/b.txt"), "world\n");
    write(&repo.join("params.yaml"), PARAMS);
    write(
        &repo.join("other.json"),
        "{\"threshold\": 0.5, \"nested\": {\"k\": \"v\"}}\n",
    );
    write(
        &repo.join("conf.toml"),
        "[model]\nname = \"x\"\nrate = 0.25\n",
    );
    write(&repo.join("dvc.yaml"), DVC_YAML);
    write(&repo.join("sub/dvc.yaml"), SUB_YAML);
    run(env, tool, &repo, &["add", "-q", "data"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "pipeline"]).ok();
    repo
}

fn run(env: &TestEnv, tool: &str, dir: &Path, args: &[&str]) -> dvx_test::Run {
    if tool == "dvx" {
        env.dvx(dir, args)
    } else {
        env.dvc(DVC3, dir, args)
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display()))
}

/// The workspace without `.git` and `.dvc`.
fn workspace(repo: &Path) -> Vec<(String, Vec<u8>)> {
    tree(repo)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git/") && !p.starts_with(".dvc/"))
        .collect()
}

fn json(run: dvx_test::Run) -> Value {
    serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("`{}` printed no JSON ({e}):\n{}", run.cmd, run.stdout))
}

/// `status --json` of both tools in one repository must agree.
#[track_caller]
fn same_status(env: &TestEnv, repo: &Path, what: &str) -> Value {
    let ours = json(env.dvx(repo, &["status", "--json"]).ok());
    let theirs = json(env.dvc(DVC3, repo, &["status", "--json"]).ok());
    assert_eq!(ours, theirs, "status --json differs ({what})");
    ours
}

#[test]
fn repro_writes_the_lock_dvc_writes_and_each_tool_trusts_the_other() {
    let env = env();
    let ours = project(&env, "ours", "dvx");
    let theirs = project(&env, "theirs", "dvc");

    let out = env.dvx(&ours, &["repro"]).ok();
    run(&env, "dvc", &theirs, &["repro"]).ok();
    // DAG order: report is defined first but runs after the stages it depends on
    let order: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Running stage '"))
        .collect();
    assert_eq!(order.first(), Some(&"prepare':"), "{}", out.stdout);
    assert!(
        out.stdout.contains("'data.dvc' didn't change, skipping"),
        "{}",
        out.stdout
    );
    let pos = |s: &str| order.iter().position(|o| o.starts_with(s)).unwrap();
    assert!(pos("report") > pos("train@b") && pos("inwdir") > pos("report"));
    env.dvx(&ours, &["repro", "sub/dvc.yaml"]).ok();
    run(&env, "dvc", &theirs, &["repro", "sub/dvc.yaml"]).ok();

    for f in [
        "dvc.lock",
        "sub/dvc.lock",
        ".gitignore",
        "out/.gitignore",
        "sub/.gitignore",
    ] {
        assert_eq!(read(&ours.join(f)), read(&theirs.join(f)), "{f} differs");
    }
    // a command longer than 80 columns is folded as DVC folds it
    assert!(read(&ours.join("dvc.lock"))
        .contains("    cmd: echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa \n      bbbb"));
    assert_same_tree(
        &workspace(&ours),
        &workspace(&theirs),
        "workspaces after repro",
    );

    // each tool sees the other's run as done: only the always-changed stage is stale
    for repo in [&ours, &theirs] {
        let st = same_status(&env, repo, "after repro");
        assert_eq!(st, serde_json::json!({"always": ["always changed"]}));
    }
    for (repo, tool) in [(&ours, "dvc"), (&theirs, "dvx")] {
        let lock = read(&repo.join("dvc.lock"));
        let out = run(&env, tool, repo, &["repro"]).ok();
        assert!(
            out.stdout
                .contains("Stage 'report' didn't change, skipping"),
            "{}",
            out.stdout
        );
        let ran: Vec<&str> = out
            .stdout
            .lines()
            .filter(|l| l.starts_with("Running stage"))
            .collect();
        assert_eq!(
            ran,
            ["Running stage 'always':"],
            "{tool} repro ran more than the always-changed stage"
        );
        assert_eq!(
            read(&repo.join("dvc.lock")),
            lock,
            "{tool} rewrote the lock"
        );
    }

    // the same edits in both repositories give the same status, then the same lock
    for repo in [&ours, &theirs] {
        let p = read(&repo.join("params.yaml")).replace("lr: 0.01", "lr: 0.02");
        write(&repo.join("params.yaml"), p);
        write(
            &repo.join("other.json"),
            "{\"threshold\": 0.5, \"nested\": {\"k\": \"w\"}}\n",
        );
        write(
            &repo.join("conf.toml"),
            "[model]\nname = \"y\"\nrate = 0.25\n",
        );
        fs::remove_file(repo.join("mx_1-q.txt")).unwrap();
        write(&repo.join("long.txt"), "edited by hand\n");
        let y = read(&repo.join("dvc.yaml"))
            .replace("echo same > always.txt", "echo other > always.txt");
        write(&repo.join("dvc.yaml"), y);
    }
    let st = same_status(&env, &ours, "after edits");
    assert_eq!(
        st["train@a"][0]["changed deps"]["params.yaml"]["train.lr"],
        "modified"
    );
    assert_eq!(
        st["train@a"][0]["changed deps"]["conf.toml"]["model"],
        "modified"
    );
    assert_eq!(st["mx@1-q"][0]["changed outs"]["mx_1-q.txt"], "deleted");
    assert_eq!(st["long"][0]["changed outs"]["long.txt"], "modified");
    same_status(&env, &theirs, "after edits");
    let text = env.dvx(&ours, &["status"]).ok().stdout;
    let dvc_text = env.dvc(DVC3, &ours, &["status"]).ok().stdout;
    for block in [
        "train@a:\n\tchanged deps:\n\t\tparams.yaml:\n\t\t\tmodified:           train.lr\n",
        "\tchanged command\n",
        "long:\n\tchanged outs:\n\t\tmodified:           long.txt\n",
    ] {
        assert!(text.contains(block), "dvx status lacks {block:?}:\n{text}");
        assert!(
            dvc_text.contains(block),
            "dvc status lacks {block:?}:\n{dvc_text}"
        );
    }
    env.dvx(&ours, &["repro"]).ok();
    env.dvx(&ours, &["repro", "sub/dvc.yaml"]).ok();
    run(&env, "dvc", &theirs, &["repro"]).ok();
    run(&env, "dvc", &theirs, &["repro", "sub/dvc.yaml"]).ok();
    for f in ["dvc.lock", "sub/dvc.lock"] {
        assert_eq!(
            read(&ours.join(f)),
            read(&theirs.join(f)),
            "{f} differs after the second repro"
        );
    }
    assert_same_tree(
        &workspace(&ours),
        &workspace(&theirs),
        "workspaces after the second repro",
    );
    same_status(&env, &ours, "after the second repro");
}

#[test]
fn stage_add_writes_the_dvc_yaml_dvc_writes() {
    let env = env();
    let ours = env.dvx_repo("ours");
    let theirs = env.dvx_repo("theirs");
    for (repo, tool) in [(&ours, "dvx"), (&theirs, "dvc")] {
        write(&repo.join("params.yaml"), "lr: 1\nepochs: 2\n");
        write(&repo.join("o.json"), "{\"a\": 1}\n");
        write(&repo.join("in.txt"), "in\n");
        fs::create_dir_all(repo.join("sub")).unwrap();
        run(
            &env,
            tool,
            repo,
            &[
                "stage",
                "add",
                "-n",
                "s1",
                "-d",
                "../in.txt",
                "-d",
                "../params.yaml",
                "-p",
                "lr,epochs",
                "-p",
                "../o.json:a",
                "-o",
                "z.out",
                "-O",
                "y.out",
                "-m",
                "m.json",
                "-M",
                "n.json",
                "--plots",
                "p.csv",
                "--plots-no-cache",
                "q.csv",
                "-w",
                "sub",
                "echo hi > z.out",
            ],
        )
        .ok();
        run(
            &env,
            tool,
            repo,
            &[
                "stage",
                "add",
                "-n",
                "s0",
                "--desc",
                "the d",
                "--always-changed",
                "-o",
                "x y",
                "--outs-persist",
                "keep.txt",
                "echo 'a: b'",
            ],
        )
        .ok();
        run(
            &env,
            tool,
            repo,
            &[
                "stage", "add", "-n", "s2", "-d", "in.txt", "-o", "copy.txt", "cp", "in.txt",
                "copy.txt",
            ],
        )
        .ok()
        .stdout_has("Added stage 's2' in 'dvc.yaml'");
        // a second add of the same name is refused; -f replaces it in place
        run(
            &env,
            tool,
            repo,
            &["stage", "add", "-n", "s0", "-o", "w.txt", "touch w.txt"],
        )
        .fails()
        .stderr_has("already exists");
        run(
            &env,
            tool,
            repo,
            &[
                "stage",
                "add",
                "-f",
                "-n",
                "s0",
                "-o",
                "w.txt",
                "-p",
                "o.json:",
                "touch w.txt",
            ],
        )
        .ok();
    }
    for f in ["dvc.yaml", ".gitignore", "sub/.gitignore"] {
        assert_eq!(read(&ours.join(f)), read(&theirs.join(f)), "{f} differs");
    }
    // --run adds and runs it; DVC sees the result as up to date
    env.dvx(
        &ours,
        &[
            "stage",
            "add",
            "--run",
            "-n",
            "s3",
            "-d",
            "in.txt",
            "-o",
            "s3.txt",
            "cat in.txt > s3.txt",
        ],
    )
    .ok()
    .stdout_has("Running stage 's3'");
    assert_eq!(read(&ours.join("s3.txt")), "in\n");
    let st = json(env.dvc(DVC3, &ours, &["status", "--json", "s3"]).ok());
    assert_eq!(st, serde_json::json!({}));
    // stage list names them
    let list = env
        .dvx(&ours, &["stage", "list", "--name-only"])
        .ok()
        .stdout;
    assert_eq!(list, "s1\ns0\ns2\ns3\n");
}

#[test]
fn run_cache_entries_are_used_by_either_tool() {
    let env = env();
    let repo = env.dvx_repo("repo");
    let log = env.path("runs.log");
    write(&repo.join("in.txt"), "input\n");
    write(&repo.join("params.yaml"), "n: 1\n");
    let y = format!(
        "stages:\n  s:\n    cmd: echo run >> {} && cat in.txt > out.txt && echo n=${{n}} >> out.txt\n    deps: [in.txt]\n    params: [n]\n    outs: [out.txt]\n",
        log.display()
    );
    write(&repo.join("dvc.yaml"), &y);
    let runs = || read(&log).lines().count();
    let set_n = |n: u32| write(&repo.join("params.yaml"), format!("n: {n}\n"));

    env.dvx(&repo, &["repro"]).ok();
    set_n(2);
    env.dvx(&repo, &["repro"]).ok();
    assert_eq!(runs(), 2);
    // back to n=1: DVC finds dvx's entry and checks the output out instead of running
    set_n(1);
    env.dvc(DVC3, &repo, &["repro"])
        .ok()
        .stdout_has("Stage 's' is cached - skipping run, checking out outputs");
    assert_eq!(runs(), 2);
    assert_eq!(read(&repo.join("out.txt")), "input\nn=1\n");
    // and the other way round
    set_n(3);
    env.dvc(DVC3, &repo, &["repro"]).ok();
    set_n(4);
    env.dvc(DVC3, &repo, &["repro"]).ok();
    assert_eq!(runs(), 4);
    set_n(3);
    env.dvx(&repo, &["repro"])
        .ok()
        .stdout_has("Stage 's' is cached - skipping run, checking out outputs");
    assert_eq!(runs(), 4);
    assert_eq!(read(&repo.join("out.txt")), "input\nn=3\n");
    assert_eq!(
        json(env.dvc(DVC3, &repo, &["status", "--json"]).ok()),
        serde_json::json!({})
    );
    // an output deleted by hand comes back from the cache without running the command
    fs::remove_file(repo.join("out.txt")).unwrap();
    env.dvx(&repo, &["repro", "--no-run-cache"])
        .ok()
        .stdout_has("is cached - skipping run");
    assert_eq!(runs(), 4);
    // --no-run-cache runs the command where only the run-cache knows the answer
    set_n(4);
    env.dvx(&repo, &["repro", "--no-run-cache"])
        .ok()
        .stdout_has("Running stage 's'");
    assert_eq!(runs(), 5);
    // -f always runs
    env.dvx(&repo, &["repro", "-f"])
        .ok()
        .stdout_has("Running stage 's'");
    assert_eq!(runs(), 6);
}

#[test]
fn dag_draws_what_dvc_draws() {
    let env = env();
    let repo = project(&env, "repo", "dvx");
    for args in [
        // the ASCII drawing (grandalf's layout), of stages and of outputs
        vec!["dag"],
        vec!["dag", "report"],
        vec!["dag", "--full", "train@a"],
        vec!["dag", "--outs"],
        vec!["dag", "--outs", "--dot"],
        vec!["dag", "--outs", "--md"],
        vec!["dag", "--dot"],
        vec!["dag", "--mermaid"],
        vec!["dag", "--md"],
        vec!["dag", "--dot", "report"],
        vec!["dag", "--mermaid", "train@a"],
        vec!["dag", "--mermaid", "--full", "train@a"],
    ] {
        let ours = env.dvx(&repo, &args).ok().stdout;
        let theirs = env.dvc(DVC3, &repo, &args).ok().stdout;
        assert_eq!(ours, theirs, "`{}` differs", args.join(" "));
    }
}

#[test]
fn pipeline_outputs_travel_with_push_pull_checkout_and_survive_gc() {
    let env = env();
    let repo = project(&env, "repo", "dvx");
    let store = env.path("store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "storage", store.to_str().unwrap()],
    )
    .ok();
    env.dvx(&repo, &["repro"]).ok();
    // -R: every dvc.yaml under a directory
    env.dvx(&repo, &["repro", "-R", "sub"])
        .ok()
        .stdout_has("Running stage 'sub/dvc.yaml:sub1'");
    env.dvx(&repo, &["gc", "-w", "-f"]).ok();
    // gc kept every cached output the lock records: checkout restores a deleted one
    fs::remove_dir_all(repo.join("out")).unwrap();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(read(&repo.join("out/model_a.txt")), "a 0.01 1e-05\n");
    assert_eq!(read(&repo.join("out/prepared/a.txt")), "hello\n");
    env.dvx(&repo, &["push"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "ran"]).ok();
    // a fresh clone pulls the pipeline's outputs; both tools call it up to date
    let clone = env.path("clone");
    env.git(
        &env.path(""),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&clone, &["pull"]).ok();
    assert_eq!(
        read(&clone.join("report.txt")),
        "a 0.01 1e-05\nb 0.01 1e-05\n"
    );
    assert_eq!(read(&clone.join("out/prepared/b.txt")), "world\n");
    let st = json(env.dvc(DVC3, &clone, &["status", "--json"]).ok());
    assert_eq!(st, serde_json::json!({"always": ["always changed"]}));
    // repro --pull in another clone downloads instead of running
    let clone2 = env.path("clone2");
    env.git(
        &env.path(""),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            clone2.to_str().unwrap(),
        ],
    )
    .ok();
    // (its .dvc data source too, as DVC pulls it)
    let out = env.dvx(&clone2, &["repro", "--pull", "report"]).ok().stdout;
    assert!(out.contains("Pulling data for stage: 'data.dvc'"), "{out}");
    assert!(out.contains("Pulling data for stage: 'report'"), "{out}");
    assert!(!out.contains("Running stage"), "{out}");
    assert_eq!(read(&clone2.join("data/a.txt")), "hello\n");
    assert_eq!(
        read(&clone2.join("report.txt")),
        "a 0.01 1e-05\nb 0.01 1e-05\n"
    );
    // gc -A keeps what older commits' locks record
    write(
        &repo.join("params.yaml"),
        PARAMS.replace("lr: 0.01", "lr: 0.5"),
    );
    env.dvx(&repo, &["repro"]).ok();
    env.git(&repo, &["commit", "-qam", "lr"]).ok();
    env.dvx(&repo, &["gc", "-A", "-f"]).ok();
    env.git(&repo, &["checkout", "-q", "HEAD~1"]).ok();
    env.dvx(&repo, &["checkout"]).ok();
    assert_eq!(read(&repo.join("out/model_a.txt")), "a 0.01 1e-05\n");
}

#[test]
fn repro_options_select_what_runs() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("in.txt"), "x\n");
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  a:\n    cmd: cat in.txt > a.txt\n    deps: [in.txt]\n    outs: [a.txt]\n  b:\n    cmd: cat a.txt a.txt > b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n  c:\n    cmd: cat b.txt > c.txt\n    deps: [b.txt]\n    outs: [c.txt]\n  lone:\n    cmd: echo lone > lone.txt\n    outs: [lone.txt]\n",
    );
    let ran = |out: &dvx_test::Run| -> Vec<String> {
        out.stdout
            .lines()
            .filter_map(|l| l.strip_prefix("Running stage '"))
            .map(|s| s.trim_end_matches("':").to_string())
            .collect()
    };
    assert_eq!(
        ran(&env.dvx(&repo, &["repro", "--dry", "b"]).ok()),
        ["a", "b"]
    );
    assert!(!repo.join("a.txt").exists(), "--dry ran a command");
    assert_eq!(ran(&env.dvx(&repo, &["repro", "b"]).ok()), ["a", "b"]);
    assert_eq!(
        ran(&env.dvx(&repo, &["repro", "-s", "-f", "b"]).ok()),
        ["b"]
    );
    assert_eq!(ran(&env.dvx(&repo, &["repro", "-P", "a"]).ok()), ["c"]);
    assert_eq!(
        ran(&env.dvx(&repo, &["repro", "-f", "--downstream", "b"]).ok()),
        ["b", "c"]
    );
    assert_eq!(ran(&env.dvx(&repo, &["repro"]).ok()), ["lone"]);
    assert_eq!(ran(&env.dvx(&repo, &["repro"]).ok()), Vec::<String>::new());
    // frozen stages are not run, nor what they depend on, even when their deps change
    let y =
        read(&repo.join("dvc.yaml")).replace("  b:\n    cmd", "  b:\n    frozen: true\n    cmd");
    write(&repo.join("dvc.yaml"), y);
    write(&repo.join("in.txt"), "y\n");
    let out = env.dvx(&repo, &["repro", "c"]).ok();
    assert_eq!(ran(&out), Vec::<String>::new(), "{}", out.stdout);
    let dvc = env.dvc(DVC3, &repo, &["repro", "--dry", "c"]).ok();
    assert_eq!(ran(&dvc), Vec::<String>::new(), "{}", dvc.stdout);
    assert_eq!(read(&repo.join("a.txt")), "x\n");
    // --allow-missing: a deleted output alone does not make a stage run
    write(&repo.join("in.txt"), "x\n");
    fs::remove_file(repo.join("c.txt")).unwrap();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    let out = env.dvx(&repo, &["repro", "--allow-missing"]).ok();
    assert_eq!(ran(&out), Vec::<String>::new());
    assert!(
        out.stdout.contains("Data and pipelines are up to date."),
        "{}",
        out.stdout
    );
    // the same state, judged by DVC
    let dvc = env
        .dvc(DVC3, &repo, &["repro", "--allow-missing", "--dry"])
        .ok();
    assert_eq!(ran(&dvc), Vec::<String>::new(), "{}", dvc.stdout);
    // without it, what is missing is made again, and DVC agrees nothing is left to do
    env.dvx(&repo, &["repro"]).ok();
    assert_eq!(read(&repo.join("c.txt")), "x\nx\n");
    assert_eq!(
        json(env.dvc(DVC3, &repo, &["status", "--json"]).ok()),
        serde_json::json!({})
    );
    // -k: a failing stage stops only what depends on it; its exit code is passed on
    let y = read(&repo.join("dvc.yaml"))
        + "  bad:\n    cmd: exit 4\n    outs: [bad.txt]\n  after:\n    cmd: cat bad.txt > after.txt\n    deps: [bad.txt]\n    outs: [after.txt]\n  good:\n    cmd: echo good > good.txt\n    outs: [good.txt]\n";
    write(&repo.join("dvc.yaml"), y);
    let out = env.dvx(&repo, &["repro", "-k"]).code(4);
    assert_eq!(ran(&out), ["bad", "good"], "{}", out.stdout);
    assert!(
        out.stdout.contains("Stage 'after' skipped"),
        "{}",
        out.stdout
    );
    out.stderr_has("failed to reproduce 'bad'");
    assert_eq!(read(&repo.join("good.txt")), "good\n");
    // without -k the first failure stops the run
    fs::remove_file(repo.join("good.txt")).unwrap();
    let out = env.dvx(&repo, &["repro", "--no-run-cache"]).code(4);
    assert_eq!(ran(&out), ["bad"], "{}", out.stdout);
}

#[test]
fn bad_pipelines_are_refused_and_nothing_is_lost() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("in.txt"), "x\n");
    write(&repo.join("params.yaml"), "lr: 1\n");
    let good = "stages:\n  a:\n    cmd: cat in.txt > a.txt\n    deps: [in.txt]\n    params: [lr]\n    outs: [a.txt]\n";
    write(&repo.join("dvc.yaml"), good);
    env.dvx(&repo, &["repro"]).ok();
    let lock = read(&repo.join("dvc.lock"));
    let before = workspace(&repo);

    let refuse = |yaml: &str, needle: &str| {
        write(&repo.join("dvc.yaml"), yaml);
        let mut expected = before.clone();
        expected.retain(|(p, _)| p != "dvc.yaml");
        expected.push(("dvc.yaml".into(), yaml.as_bytes().to_vec()));
        expected.sort();
        for args in [vec!["repro"], vec!["status"], vec!["dag"]] {
            let r = env.dvx(&repo, &args).fails().stderr_has(needle);
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
        assert_same_tree(&workspace(&repo), &expected, needle);
        assert_eq!(read(&repo.join("dvc.lock")), lock);
    };
    refuse(
        "stages:\n  a:\n    cmd: cat b.txt > a.txt\n    deps: [b.txt]\n    outs: [a.txt]\n  b:\n    cmd: cat a.txt > b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n",
        "Same item(s) are defined as both a dependency and an output in stages: ",
    );
    refuse(
        "stages:\n  a:\n    cmd: echo > a.txt\n    outs: [a.txt]\n  b:\n    cmd: echo > a.txt\n    outs: [a.txt]\n",
        "output 'a.txt' is specified in more than one stage",
    );
    refuse(
        "stages:\n  a:\n    cmd: mkdir -p d\n    outs: [d]\n  b:\n    cmd: echo > d/x\n    outs: [d/x]\n",
        "output 'd/x' of stage 'b' is inside output 'd' of stage 'a'",
    );
    refuse(
        "stages:\n  a:\n    cmd: echo ${nothere.key} > a.txt\n    outs: [a.txt]\n",
        "failed to parse 'stages.a.cmd' in 'dvc.yaml': Could not find 'nothere.key'",
    );
    refuse("stages:\n  a:\n    cmd: [\n", "'dvc.yaml' is invalid");
    refuse(
        "stages:\n  a:\n    cmd: x\n    outz: [a]\n",
        "unknown key 'outz'",
    );
    write(&repo.join("dvc.yaml"), good);

    // a missing dependency and a params file that does not parse: refused, outputs kept
    fs::rename(repo.join("in.txt"), repo.join("in.moved")).unwrap();
    env.dvx(&repo, &["repro"])
        .fails()
        .stderr_has("dependency 'in.txt' does not exist");
    assert_eq!(read(&repo.join("a.txt")), "x\n");
    fs::rename(repo.join("in.moved"), repo.join("in.txt")).unwrap();
    write(&repo.join("params.yaml"), "lr: [1,\n");
    env.dvx(&repo, &["repro"])
        .fails()
        .stderr_has("unable to read parameters from 'params.yaml'");
    env.dvx(&repo, &["status"])
        .fails()
        .stderr_has("unable to read parameters from 'params.yaml'");
    assert_eq!(read(&repo.join("a.txt")), "x\n");
    assert_eq!(read(&repo.join("dvc.lock")), lock);
    write(&repo.join("params.yaml"), "lr: 1\n");

    // a failing command: its exit code is passed on, the lock keeps the old entry, and the
    // partial output is not committed to the cache
    write(&repo.join("in.txt"), "changed\n");
    let y = good.replace("cat in.txt > a.txt", "echo partial > a.txt; exit 3");
    write(&repo.join("dvc.yaml"), &y);
    env.dvx(&repo, &["repro"]).code(3).stderr_has(
        "failed to reproduce 'a': failed to run: echo partial > a.txt; exit 3, exited with 3",
    );
    assert_eq!(read(&repo.join("dvc.lock")), lock);
    let partial_cached = tree(&repo.join(".dvc/cache"))
        .into_iter()
        .any(|(_, bytes)| bytes == b"partial\n");
    assert!(
        !partial_cached,
        "the failed stage's partial output was committed to the cache"
    );
    // DVC agrees the stage is stale
    let st = json(env.dvc(DVC3, &repo, &["status", "--json"]).ok());
    assert_eq!(st["a"][0]["changed deps"]["in.txt"], "modified");
}

/// `params diff --json` and `metrics show/diff --json` must equal DVC's; so must the tables
/// where DVC's row order is fixed (one file).
#[track_caller]
fn same_json(env: &TestEnv, repo: &Path, args: &[&str]) -> Value {
    let ours = json(env.dvx(repo, args).ok());
    let theirs = json(env.dvc(DVC3, repo, args).ok());
    assert_eq!(ours, theirs, "`{}` differs", args.join(" "));
    ours
}

#[track_caller]
fn same_text(env: &TestEnv, repo: &Path, args: &[&str]) -> String {
    let ours = env.dvx(repo, args).ok().stdout;
    let theirs = env.dvc(DVC3, repo, args).ok().stdout;
    assert_eq!(ours, theirs, "`{}` differs", args.join(" "));
    ours
}

#[test]
fn params_and_metrics_compare_revisions_as_dvc_does() {
    let env = env();
    let repo = project(&env, "repo", "dvx");
    env.dvx(&repo, &["repro"]).ok();
    // a cached metric beside the git-tracked ones (cache: false) of the train stages
    write(&repo.join("eval.sh"), "echo '{\"auc\": 0.75, \"n\": 10, \"name\": \"m\", \"per\": {\"x\": 0.5}, \"lst\": [1]}' > eval.json\n");
    let y = read(&repo.join("dvc.yaml")).replace(
        "  always:\n",
        "  evaluate:\n    cmd: sh eval.sh\n    deps: [eval.sh]\n    metrics: [eval.json]\n  always:\n",
    );
    write(&repo.join("dvc.yaml"), y);
    env.dvx(&repo, &["repro"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "first run"]).ok();
    env.git(&repo, &["tag", "v1"]).ok();

    // nothing changed yet
    assert_eq!(
        same_json(&env, &repo, &["params", "diff", "--json"]),
        serde_json::json!({})
    );
    assert_eq!(
        same_json(&env, &repo, &["metrics", "diff", "--json"]),
        serde_json::json!({})
    );
    same_json(&env, &repo, &["params", "diff", "--all", "--json"]);
    same_json(&env, &repo, &["metrics", "show", "--json"]);

    // change params and metrics, run, commit
    write(
        &repo.join("params.yaml"),
        PARAMS
            .replace("lr: 0.01", "lr: 0.02")
            .replace("epochs: 3", "epochs: 4")
            + "extra: [x, y]\n",
    );
    write(
        &repo.join("other.json"),
        "{\"threshold\": 0.7, \"nested\": {\"k\": \"v\"}}\n",
    );
    write(
        &repo.join("eval.sh"),
        read(&repo.join("eval.sh")).replace("0.75", "0.8125"),
    );
    let y = read(&repo.join("dvc.yaml")).replace(
        "{\"acc\":0.9,\"loss\":0.25}",
        "{\"acc\":0.95,\"loss\":0.2,\"f\":{\"g\":0.123456789}}",
    );
    write(&repo.join("dvc.yaml"), y);
    env.dvx(&repo, &["repro"]).ok();
    let d = same_json(&env, &repo, &["params", "diff", "--json"]);
    assert_eq!(
        d["params.yaml"]["train.lr"],
        serde_json::json!({"old": 0.01, "new": 0.02, "diff": 0.01})
    );
    assert_eq!(
        d["params.yaml"]["extra"],
        serde_json::json!({"old": null, "new": "['x', 'y']"})
    );
    same_json(&env, &repo, &["params", "diff", "--all", "--json"]);
    same_json(&env, &repo, &["params", "diff", "--deps", "--json"]);
    same_json(
        &env,
        &repo,
        &["params", "diff", "--json", "--targets", "other.json"],
    );
    let m = same_json(&env, &repo, &["metrics", "diff", "--json"]);
    assert_eq!(
        m["eval.json"]["auc"],
        serde_json::json!({"old": 0.75, "new": 0.8125, "diff": 0.0625})
    );
    same_json(&env, &repo, &["metrics", "diff", "--all", "--json"]);
    same_json(&env, &repo, &["metrics", "show", "--json"]);
    // one file: DVC's table is deterministic
    same_text(&env, &repo, &["params", "diff", "--targets", "other.json"]);
    same_text(
        &env,
        &repo,
        &["params", "diff", "--targets", "other.json", "--md"],
    );
    let t = same_text(
        &env,
        &repo,
        &["metrics", "diff", "--targets", "metrics_a.json"],
    );
    assert!(t.contains("0.12346"), "{t}");
    same_text(
        &env,
        &repo,
        &[
            "metrics",
            "diff",
            "--targets",
            "eval.json",
            "--all",
            "--md",
            "--no-path",
        ],
    );
    same_text(&env, &repo, &["metrics", "show", "eval.json"]);
    same_text(&env, &repo, &["metrics", "show", "--md", "eval.json"]);
    env.git(&repo, &["commit", "-qam", "second run"]).ok();
    // between revisions, read from git objects (and the cache, for the cached metric)
    fs::remove_file(repo.join("eval.json")).unwrap();
    let d = same_json(&env, &repo, &["metrics", "diff", "v1", "HEAD", "--json"]);
    assert_eq!(d["eval.json"]["auc"]["new"], 0.8125);
    same_json(&env, &repo, &["params", "diff", "v1", "HEAD", "--json"]);
    same_json(&env, &repo, &["metrics", "show", "-T", "--json"]);
    same_text(&env, &repo, &["metrics", "show", "-T", "eval.json"]);
    // data diff covers the outputs dvc.lock records, as DVC's
    same_json(&env, &repo, &["diff", "v1", "HEAD", "--json"]);
    same_json(&env, &repo, &["diff", "--json"]);
    // an unknown revision is named
    env.dvx(&repo, &["params", "diff", "nope"])
        .fails()
        .stderr_has("unknown Git revision 'nope'");
}

/// Loads a page in headless Chromium (Debian's, installed by scripts/test.sh) and returns the
/// DOM after its scripts ran.
fn browser_dom(env: &TestEnv, page: &Path) -> String {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(
        chromium.exists(),
        "the plots test needs Debian's chromium at /usr/bin/chromium; scripts/test.sh installs it (apt-get install chromium)"
    );
    let profile = env.path("chromium-profile");
    let out = env
        .command(chromium, &env.path(""))
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=15000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("running chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `status` element the page fills in when every plot is embedded: (plots, drawn, errors).
fn page_status(dom: &str) -> (usize, usize, String) {
    let tag = dom
        .split("<div id=\"status\"")
        .nth(1)
        .and_then(|t| t.split('>').next())
        .unwrap_or_else(|| panic!("no status element in the page:\n{dom}"));
    let attr = |name: &str| -> String {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        attr("data-done"),
        "true",
        "the page's scripts did not finish: {tag}"
    );
    (
        attr("data-plots").parse().unwrap(),
        attr("data-rendered").parse().unwrap(),
        attr("data-errors"),
    )
}

#[test]
fn plots_pages_draw_every_plot_in_a_real_browser() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("gen.sh"), "printf 'step,loss,acc\\n0,1.0,0.5\\n1,0.5,0.7\\n2,LOSS,0.9\\n' | sed \"s/LOSS/$1/\" > train.csv\nprintf 'actual,predicted\\ncat,cat\\ndog,cat\\ndog,dog\\n' > classes.csv\necho '[{\"name\": \"a\", \"value\": 3}, {\"name\": \"b\", \"value\": 5}]' > bars.json\nprintf 'epoch\\tscore\\n1\\t0.1\\n2\\t0.3\\n' > scores.tsv\nprintf -- '- {x: 1, y: 2}\\n- {x: 2, y: 1}\\n' > points.yaml\n");
    write(&repo.join("params.yaml"), "last: 0.25\n");
    write(
        &repo.join("dvc.yaml"),
        r#"stages:
  train:
    cmd: sh gen.sh ${last}
    deps: [gen.sh]
    params: [last]
    outs: [classes.csv, bars.json, scores.tsv, points.yaml]
    plots:
      - train.csv:
          cache: false
          x: step
          y: [loss, acc]
          title: Training
plots:
  - classes.csv:
      template: confusion
      x: actual
      y: predicted
  - classes.csv normalized:
      template: confusion_normalized
      x: actual
      y:
        classes.csv: predicted
  - bars.json:
      template: bar_horizontal_sorted
      x: name
      y: value
  - scores.tsv:
      template: smooth
      x: epoch
  - points.yaml:
      template: scatter
      x: x
      y: y
  - Loss:
      template: simple
      x: step
      y:
        train.csv: loss
"#,
    );
    env.dvx(&repo, &["repro"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "first"]).ok();
    // plots show: every defined plot is drawn, without a network (the scripts are beside the page)
    let out = env.dvx(&repo, &["plots", "show"]).ok().stdout;
    let index = repo.join("dvc_plots/index.html");
    assert_eq!(out.trim(), format!("file://{}", index.display()));
    let (plots, drawn, errors) = page_status(&browser_dom(&env, &index));
    assert_eq!((plots, drawn, errors.as_str()), (7, 7, ""), "plots show");
    let dom = browser_dom(&env, &index);
    assert_eq!(
        dom.matches("class=\"marks\"").count(),
        7,
        "every plot has a drawing"
    );
    // plots diff: two revisions in one page, each revision's data in the spec
    write(&repo.join("params.yaml"), "last: 0.125\n");
    env.dvx(&repo, &["repro"]).ok();
    env.dvx(
        &repo,
        &[
            "plots",
            "diff",
            "-o",
            "cmp",
            "--targets",
            "train.csv",
            "classes.csv",
        ],
    )
    .ok();
    let page = read(&repo.join("cmp/index.html"));
    assert!(
        page.contains("\"rev\":\"HEAD\"") && page.contains("\"rev\":\"workspace\""),
        "both revisions' data"
    );
    // CSV values are strings, as DVC hands them to Vega
    assert!(
        page.contains("\"dvc_inferred_y_value\":\"0.125\"")
            && page.contains("\"dvc_inferred_y_value\":\"0.25\"")
    );
    let (plots, drawn, errors) = page_status(&browser_dom(&env, &repo.join("cmp/index.html")));
    // targets match plot ids at their start, as DVC's do: train.csv, classes.csv (as defined
    // in dvc.yaml, and as the file named), "classes.csv normalized"
    assert_eq!((plots, drawn, errors.as_str()), (4, 4, ""), "plots diff");
    // a data file can be named (a plot of dvc.yaml named so is drawn twice, as DVC does); an
    // unknown template is refused
    env.dvx(&repo, &["plots", "show", "-o", "one", "scores.tsv"])
        .ok();
    assert_eq!(
        page_status(&browser_dom(&env, &repo.join("one/index.html"))).1,
        2
    );
    let y = read(&repo.join("dvc.yaml")).replace("template: smooth", "template: nope");
    write(&repo.join("dvc.yaml"), y);
    env.dvx(&repo, &["plots", "show"])
        .fails()
        .stderr_has("Template 'nope' not found.");
}

#[test]
fn run_cache_travels_with_push_and_pull_both_ways() {
    let env = env();
    let store = env.path("store");
    let log = env.path("runs.log");
    let setup = |name: &str| -> PathBuf {
        let repo = env.dvx_repo(name);
        env.dvx(
            &repo,
            &["remote", "add", "-d", "storage", store.to_str().unwrap()],
        )
        .ok();
        write(&repo.join("in.txt"), "input\n");
        write(&repo.join("params.yaml"), "n: 1\n");
        let y = format!(
            "stages:\n  s:\n    cmd: echo run >> {} && cat in.txt > out.txt && echo n=${{n}} >> out.txt\n    deps: [in.txt]\n    params: [n]\n    outs: [out.txt]\n",
            log.display()
        );
        write(&repo.join("dvc.yaml"), y);
        repo
    };
    let runs = || {
        fs::read_to_string(&log)
            .map(|t| t.lines().count())
            .unwrap_or(0)
    };
    // dvx runs n=1 and n=2 and pushes its run-cache
    let a = setup("a");
    env.dvx(&a, &["repro"]).ok();
    write(&a.join("params.yaml"), "n: 2\n");
    env.dvx(&a, &["repro"]).ok();
    assert_eq!(runs(), 2);
    let out = env.dvx(&a, &["push", "--run-cache"]).ok().stdout;
    // 2 outputs and 2 run-cache entries
    assert_eq!(out.trim(), "4 files pushed", "{out}");
    assert_eq!(
        env.dvx(&a, &["push", "--run-cache"]).ok().stdout.trim(),
        "Everything is up to date."
    );
    // another repository (DVC) pulls the run-cache and gets n=1 without running anything
    let b = setup("b");
    // (DVC's `fetch --run-cache` brings the entries, `repro --pull` their objects)
    env.dvc(DVC3, &b, &["fetch", "--run-cache"]).ok();
    assert!(
        tree(&b.join(".dvc/cache/runs")).len() == 2,
        "DVC fetched dvx's run-cache entries"
    );
    env.dvc(DVC3, &b, &["repro", "--pull"])
        .ok()
        .stdout_has("Stage 's' is cached - skipping run, checking out outputs");
    assert_eq!(runs(), 2);
    assert_eq!(read(&b.join("out.txt")), "input\nn=1\n");
    // DVC runs n=3 and pushes; dvx pulls the run-cache into a third repository
    write(&b.join("params.yaml"), "n: 3\n");
    env.dvc(DVC3, &b, &["repro"]).ok();
    assert_eq!(runs(), 3);
    env.dvc(DVC3, &b, &["push", "--run-cache"]).ok();
    let c = setup("c");
    write(&c.join("params.yaml"), "n: 3\n");
    env.dvx(&c, &["pull", "--run-cache"]).ok();
    env.dvx(&c, &["repro"])
        .ok()
        .stdout_has("Stage 's' is cached - skipping run, checking out outputs");
    assert_eq!(runs(), 3);
    assert_eq!(read(&c.join("out.txt")), "input\nn=3\n");
    // repro --pull fetches the run-cache itself
    let d = setup("d");
    write(&d.join("params.yaml"), "n: 2\n");
    env.dvx(&d, &["repro", "--pull"])
        .ok()
        .stdout_has("is cached - skipping run");
    assert_eq!(runs(), 3);
    assert_eq!(read(&d.join("out.txt")), "input\nn=2\n");
}

#[test]
fn commit_records_a_stage_run_by_hand_and_add_refuses_its_outputs() {
    let env = env();
    let repo = env.dvx_repo("repo");
    write(&repo.join("in.txt"), "x\n");
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  s:\n    cmd: cat in.txt > out.txt\n    deps: [in.txt]\n    outs: [out.txt]\n",
    );
    env.dvx(&repo, &["repro"]).ok();
    // the user runs the command by hand after changing the input
    write(&repo.join("in.txt"), "y\n");
    write(&repo.join("out.txt"), "y\n");
    env.dvx(&repo, &["commit", "s"])
        .fails()
        .stderr_has("unable to commit changed stage 's'");
    env.dvx(&repo, &["commit", "-f", "s"]).ok();
    assert_eq!(
        json(env.dvc(DVC3, &repo, &["status", "--json"]).ok()),
        serde_json::json!({})
    );
    assert_eq!(
        json(env.dvx(&repo, &["status", "--json"]).ok()),
        serde_json::json!({})
    );
    // a stage's output is the stage's: add refuses it, and anything inside or around it
    env.dvx(&repo, &["add", "out.txt"])
        .fails()
        .stderr_has("output 'out.txt' is already specified in stage 's'");
    assert!(!repo.join("out.txt.dvc").exists());
}

/// A data source verified unchanged is not walked again for a stage that depends on it, but a
/// stage command that ran since may have written into it: the stages after it read it again,
/// as DVC does. Here `touch` (always changed) writes into `data`, the output of `data.dvc`,
/// when a flag is set, and `count`, which depends on `data` and comes after `touch`, runs
/// again in both tools.
#[test]
fn a_data_source_written_by_an_earlier_stage_is_read_again() {
    let env = env();
    for tool in ["dvx", "dvc"] {
        let repo = match tool {
            "dvx" => env.dvx_repo(tool),
            _ => {
                let r = env.git_repo(tool);
                env.dvc(DVC3, &r, &["init", "-q"]).ok();
                r
            }
        };
        for i in 0..4 {
            write(&repo.join(format!("data/f{i}.txt")), format!("{i}\n"));
        }
        run(&env, tool, &repo, &["add", "data"]).ok();
        write(
            &repo.join("dvc.yaml"),
            "stages:\n  touch:\n    cmd: if [ -e flag ]; then echo new > data/new.txt; fi; echo ok > touched.txt\n    deps:\n    - data\n    outs:\n    - touched.txt\n    always_changed: true\n  count:\n    cmd: ls data | wc -l > count.txt\n    deps:\n    - data\n    - touched.txt\n    outs:\n    - count.txt\n",
        );
        run(&env, tool, &repo, &["repro"]).ok();
        assert_eq!(read(&repo.join("count.txt")).trim(), "4", "{tool}");
        write(&repo.join("flag"), "");
        let out = run(&env, tool, &repo, &["repro"]).ok();
        assert!(
            out.stdout.contains("Running stage 'count'"),
            "{tool}: {}",
            out.stdout
        );
        assert_eq!(read(&repo.join("count.txt")).trim(), "5", "{tool}");
    }
}

/// `status` looks at the pointer files first: a stage's dependency on a tracked directory they
/// found unchanged is not walked a second time (its subdirectory is opened once, as strace
/// shows); once the directory changed, both report it as DVC does.
#[test]
fn status_walks_a_tracked_directory_a_stage_depends_on_once() {
    let env = env();
    let repo = env.dvx_repo("r");
    for i in 0..20 {
        write(&repo.join(format!("data/sub/f{i}.txt")), format!("{i}\n"));
    }
    env.dvx(&repo, &["add", "data"]).ok();
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  count:\n    cmd: ls data/sub | wc -l > count.txt\n    deps:\n    - data\n    outs:\n    - count.txt\n",
    );
    env.dvx(&repo, &["repro"]).ok();
    let trace = env.path("trace");
    let out = env
        .command("strace", &repo)
        .args(["-f", "-e", "trace=openat", "-o"])
        .arg(&trace)
        .args([env!("CARGO_BIN_EXE_dvx"), "status"])
        .output()
        .expect("running strace: scripts/test.sh installs it (apt-get install strace)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout.trim(), "Data and pipelines are up to date.");
    let trace = read(&trace);
    let opened = trace
        .lines()
        .filter(|l| l.contains("data/sub\"") && l.contains("O_DIRECTORY"))
        .count();
    assert_eq!(opened, 1, "data/sub was not opened exactly once:\n{trace}");

    write(&repo.join("data/sub/f3.txt"), "changed\n");
    let ours = env.dvx(&repo, &["status"]).ok().stdout;
    let theirs = env.dvc(DVC3, &repo, &["status"]).ok().stdout;
    assert!(ours.contains("changed deps"), "{ours}");
    assert_eq!(ours, theirs);
}
