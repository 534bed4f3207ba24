//! Plots as DVC 3.67.1 gives them, side by side: the JSON the VS Code extension reads
//! (`plots diff REV… -o DIR --split --json`), `--json`, `--show-vega`, the images written
//! beside them, `plots templates`, and `plots modify` writing `dvc.yaml` as DVC does.

use std::fs;
use std::path::Path;

use dvx_test::{assert_same_tree, copy_tree, tree, write, TestEnv, DVC3};

use super::{env, work_files};

const GEN: &str = r#"mkdir -p sub/imgs logs
printf 'epoch,loss,acc\n0,0.9,0.5\n1,0.5,0.7\n2,0.3,VAL\n' | sed "s/VAL/$1/" > logs/train.csv
printf 'epoch,loss,acc\n0,1.0,0.4\n1,0.6,0.6\n2,0.4,0.7\n' > logs/val.csv
printf '1,2\n3,4\n' > logs/nohead.csv
printf '{"data": {"points": [{"x": 1, "y": 2.5, "cls": "a"}, {"x": 2, "y": 3, "cls": "b"}]}}' > sub/pts.json
printf 'PNG-1-%s' "$1" > sub/imgs/1.png
printf 'PNG-10' > sub/imgs/10.png
printf 'PNG-2' > sub/imgs/2.png
"#;

const DVC_YAML: &str = r#"stages:
  gen:
    cmd: sh gen.sh ${v}
    deps: [gen.sh]
    params: [v]
    outs:
    - sub/imgs
    plots:
    - logs:
        cache: false
    - sub/pts.json:
        x: x
        y: y
        template: scatter_jitter
plots:
- acc:
    x: epoch
    y:
      logs/train.csv: [loss, acc]
      logs/val.csv: acc
- multi_x:
    x:
      logs/train.csv: epoch
      logs/val.csv: loss
    y:
      logs/train.csv: acc
      logs/val.csv: acc
- custom:
    template: mine
    y:
      logs/val.csv: loss
- bars:
    template: bar_horizontal
    x: acc
    y:
      logs/train.csv: epoch
- missing:
    y:
      nothere.csv: a
- bad.json
- notes.txt
- sub/imgs
"#;

const SUB_YAML: &str = "plots:\n- pts.json:\n    template: confusion_normalized\n    x: x\n    y: cls\n- ../logs/val.csv:\n    title: from sub\n";

const MINE: &str = r#"{"$schema": "x", "data": {"values": "<DVC_METRIC_DATA>"}, "mark": "line", "encoding": {"x": {"field": "<DVC_METRIC_X>"}, "y": {"field": "<DVC_METRIC_Y>", "title": "<DVC_METRIC_Y_LABEL>"}, "color": "<DVC_METRIC_COLOR>"}}"#;

/// A repository with two revisions of its plots: committed, then changed in the workspace.
fn plots_repo(env: &TestEnv) -> std::path::PathBuf {
    let repo = env.dvx_repo("repo");
    write(&repo.join("gen.sh"), GEN);
    write(&repo.join("params.yaml"), "v: 0.8\n");
    write(&repo.join("dvc.yaml"), DVC_YAML);
    write(&repo.join("sub/dvc.yaml"), SUB_YAML);
    write(&repo.join(".dvc/plots/mine.json"), MINE);
    write(&repo.join("bad.json"), "{\"a\":");
    write(&repo.join("notes.txt"), "hi\n");
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "first"]).ok();
    write(&repo.join("params.yaml"), "v: 0.6\n");
    env.dvx(&repo, &["repro", "-q"]).ok();
    repo
}

/// Runs `args` with DVC, then with dvx, in the same repository: the same exit code, stdout
/// and stderr lines named in `stderr`, and the same files written under `out` (when given).
#[track_caller]
fn same(env: &TestEnv, repo: &Path, args: &[&str], out: Option<&str>) -> String {
    let snapshot = |what: &str| -> Vec<(String, Vec<u8>)> {
        match out.map(|o| repo.join(o)) {
            Some(dir) if dir.is_dir() => {
                let t = tree(&dir);
                fs::remove_dir_all(&dir).unwrap();
                t
            }
            Some(_) => panic!("{args:?}: {what} wrote nothing under {out:?}"),
            None => Vec::new(),
        }
    };
    let theirs = env.dvc(DVC3, repo, args);
    let their_files = snapshot("DVC");
    let ours = env.dvx(repo, args);
    let our_files = snapshot("dvx");
    assert_eq!(
        ours.code, theirs.code,
        "{args:?}: dvx {ours:?}\ndvc {theirs:?}"
    );
    assert_eq!(ours.stdout, theirs.stdout, "{args:?}: stdout");
    if out.is_some() {
        assert_same_tree(&our_files, &their_files, &args.join(" "));
    }
    ours.stdout
}

#[test]
fn plots_json_is_what_dvc_prints_for_the_vscode_panel() {
    let env = env();
    let repo = plots_repo(&env);
    // the VS Code extension's call: every renderer, anchors split out, images written
    let split = same(
        &env,
        &repo,
        &[
            "plots",
            "diff",
            "HEAD",
            "workspace",
            "-o",
            ".dvc/tmp/plots",
            "--split",
            "--json",
        ],
        Some(".dvc/tmp/plots"),
    );
    let v: serde_json::Value = serde_json::from_str(&split).unwrap();
    for id in [
        "acc",
        "multi_x",
        "custom",
        "bars",
        "sub/imgs/10.png",
        "logs/train.csv",
    ] {
        assert!(v["data"].get(id).is_some(), "{id} in {split}");
    }
    assert_eq!(
        v["data"]["acc"][0]["revisions"],
        serde_json::json!(["workspace", "HEAD"])
    );
    assert!(
        v["errors"].as_array().is_some_and(|e| e.len() >= 3),
        "{split}"
    );
    // without revisions (HEAD too: tracked files changed), whole templates, one target
    same(
        &env,
        &repo,
        &["plots", "diff", "--json", "-o", "j"],
        Some("j"),
    );
    same(
        &env,
        &repo,
        &["plots", "show", "--json", "-o", "j"],
        Some("j"),
    );
    for args in [
        &["plots", "show", "--show-vega", "acc"][..],
        &["plots", "show", "--show-vega", "multi_x"],
        &["plots", "show", "--show-vega", "custom"],
        &["plots", "show", "--json", "sub/"],
        &["plots", "show", "--json", "logs/val.csv"],
        &[
            "plots",
            "diff",
            "HEAD",
            "--json",
            "--targets",
            "bars",
            "sub/pts",
        ],
        &[
            "plots",
            "show",
            "--json",
            "--no-header",
            "-y",
            "1",
            "logs/nohead.csv",
        ],
        &[
            "plots",
            "show",
            "--json",
            "-t",
            "simple",
            "--title",
            "T",
            "--x-label",
            "X",
            "logs/val.csv",
        ],
        &["plots", "templates"],
        &["plots", "templates", "smooth"],
        &["plots", "templates", "nope"],
    ] {
        same(&env, &repo, args, None);
    }
    // the page: Vega specs and the images of both revisions beside it
    let page = env.dvx(&repo, &["plots", "diff", "HEAD"]).ok().stdout;
    let index = repo.join("dvc_plots/index.html");
    assert_eq!(page.trim(), format!("file://{}", index.display()));
    let html = fs::read_to_string(&index).unwrap();
    for img in [
        "static/workspace_sub_imgs_1.png",
        "static/HEAD_sub_imgs_1.png",
    ] {
        assert!(html.contains(&format!("<img src=\"{img}\">")), "{img}");
    }
    assert_eq!(
        fs::read(repo.join("dvc_plots/static/HEAD_sub_imgs_1.png")).unwrap(),
        b"PNG-1-0.8"
    );
}

#[test]
fn plots_modify_writes_dvc_yaml_as_dvc_does() {
    let env = env();
    let ours = env.dvx_repo("ours");
    write(
        &ours.join("dvc.yaml"),
        "# top comment\nstages:\n  train:\n    cmd: echo hi   # run\n    deps:\n    - a.txt\n    outs:\n    - model.bin\n    - logs.csv:\n        cache: false\n    plots:\n    - out/steps.csv:\n        cache: false\n        x: step\n  other:\n    cmd: echo x\n",
    );
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);
    let run = |args: &[&str]| {
        let a = env.dvx(&ours, args);
        let b = env.dvc(DVC3, &theirs, args);
        assert_eq!(a.code == 0, b.code == 0, "{args:?}: dvx {a:?}\ndvc {b:?}");
        assert_eq!(a.stdout, b.stdout, "{args:?}: stdout");
        assert_same_tree(&work_files(&ours), &work_files(&theirs), &args.join(" "));
        (a.stderr, b.stderr)
    };
    // an output becomes a plot (it moves to `plots`), properties set and unset
    run(&[
        "plots", "modify", "logs.csv", "-x", "epoch", "--title", "My T",
    ]);
    run(&["plots", "modify", "out/steps.csv", "--unset", "x"]);
    run(&[
        "plots",
        "modify",
        "logs.csv",
        "-y",
        "loss",
        "--x-label",
        "e",
    ]);
    run(&["plots", "modify", "logs.csv", "--unset", "x", "title"]);
    run(&["plots", "modify", "model.bin"]);
    // refused in DVC's words, nothing written
    for (args, msg) in [
        (
            &["plots", "modify", "out/steps.csv", "--unset", "title"][..],
            "display properties ['title'] not found in plot 'out/steps.csv'",
        ),
        (
            &["plots", "modify", "nothere.csv", "-x", "a"],
            "Unable to find DVC file with output 'nothere.csv'",
        ),
        (
            &["plots", "modify", "logs.csv", "-t", "nope"],
            "Template 'nope' not found.",
        ),
    ] {
        let (ours_err, theirs_err) = run(args);
        assert!(
            ours_err.contains(msg) && theirs_err.contains(msg),
            "{args:?}: {ours_err}\n{theirs_err}"
        );
    }
    // an output that is not a plot has nothing to unset
    fs::write(
        ours.join("dvc.yaml"),
        "stages:\n  s:\n    cmd: echo\n    outs:\n    - m.bin\n",
    )
    .unwrap();
    fs::write(
        theirs.join("dvc.yaml"),
        "stages:\n  s:\n    cmd: echo\n    outs:\n    - m.bin\n",
    )
    .unwrap();
    let (e, _) = run(&["plots", "modify", "m.bin", "--unset", "x"]);
    assert!(e.contains("'m.bin' is not a known plot."), "{e}");
}
