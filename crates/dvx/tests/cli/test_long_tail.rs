//! DVC's commands beyond the core, against DVC 3.67.1 on copies of one repository: `remove` of
//! a pipeline stage, `freeze`/`unfreeze` of stages and `.dvc` files (the same files, byte for
//! byte, and the same output), the `rm`/`mv` aliases, and the commands dvx does not have yet
//! saying so, `doctor` giving DVC's fields.

use std::path::Path;

use dvx_test::{assert_same_tree, copy_tree, tree, write, TestEnv, DVC3};

use super::{env, work_files};

const DVC_YAML: &str = "stages:\n  first:  # the first\n    cmd: 'cp a.txt b.txt'\n    deps:\n    - a.txt\n    outs:\n    - b.txt  # out\n  # between\n  second:\n    cmd: cp b.txt c.txt\n    deps: [b.txt]\n    outs:\n    - c.txt\n  # after second\n  third:\n    cmd: echo third\n";

/// The same command in both copies: the same exit code, stdout and files.
#[track_caller]
fn both(env: &TestEnv, ours: &Path, theirs: &Path, args: &[&str]) -> (String, String) {
    let a = env.dvx(ours, args);
    let b = env.dvc(DVC3, theirs, args);
    assert_eq!(a.code, b.code, "{args:?}: dvx {a:?}\ndvc {b:?}");
    assert_eq!(a.stdout, b.stdout, "{args:?}: stdout");
    assert_same_tree(&work_files(ours), &work_files(theirs), &args.join(" "));
    (a.stderr, b.stderr)
}

#[test]
fn freeze_unfreeze_and_remove_of_stages_write_what_dvc_writes() {
    let env = env();
    let ours = env.dvx_repo("ours");
    write(&ours.join("a.txt"), "a\n");
    write(&ours.join("d.txt"), "d\n");
    write(&ours.join("dvc.yaml"), DVC_YAML);
    env.dvx(&ours, &["add", "-q", "d.txt"]).ok();
    env.dvx(&ours, &["repro", "-q"]).ok();
    env.git(&ours, &["add", "-A"]).ok();
    env.git(&ours, &["commit", "-qm", "pipeline"]).ok();
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);

    both(&env, &ours, &theirs, &["freeze", "first", "d.txt.dvc"]);
    // status of frozen stages warns that their dependencies are not looked at; a command with
    // no dependencies and no outputs is always changed
    let (e, d) = both(&env, &ours, &theirs, &["status"]);
    for w in [
        "WARNING: stage: 'first' is frozen. Its dependencies are not going to be shown in the status output.",
        "WARNING: stage: 'd.txt.dvc' is frozen. Its dependencies are not going to be shown in the status output.",
    ] {
        assert!(e.contains(w) && d.contains(w), "{e}\n{d}");
    }
    env.dvx(&ours, &["status"])
        .ok()
        .stdout_has("third:\n\talways changed");
    let frozen = std::fs::read_to_string(ours.join("dvc.yaml")).unwrap();
    assert!(
        frozen.contains("  # between\n    frozen: true\n"),
        "{frozen}"
    );
    // a frozen stage is not run again, whatever changed
    write(&ours.join("a.txt"), "changed\n");
    write(&theirs.join("a.txt"), "changed\n");
    both(&env, &ours, &theirs, &["repro", "first"]);
    assert_eq!(std::fs::read_to_string(ours.join("b.txt")).unwrap(), "a\n");
    both(&env, &ours, &theirs, &["unfreeze", "first", "d.txt.dvc"]);
    assert_eq!(
        std::fs::read_to_string(ours.join("d.txt.dvc")).unwrap(),
        std::fs::read_to_string(theirs.join("d.txt.dvc")).unwrap()
    );

    // remove: the stage leaves dvc.yaml and dvc.lock, its output leaves .gitignore
    both(&env, &ours, &theirs, &["remove", "second"]);
    let yaml = std::fs::read_to_string(ours.join("dvc.yaml")).unwrap();
    assert!(!yaml.contains("second") && yaml.contains("third"), "{yaml}");
    assert!(ours.join("c.txt").exists());
    both(&env, &ours, &theirs, &["remove", "first", "--outs"]);
    assert!(!ours.join("b.txt").exists());
    // the last stage: dvc.yaml and dvc.lock are deleted
    both(&env, &ours, &theirs, &["remove", "third"]);
    assert!(!ours.join("dvc.yaml").exists() && !ours.join("dvc.lock").exists());

    // what does not exist, or is not a stage: one line naming it, nothing written
    write(&ours.join("dvc.yaml"), DVC_YAML);
    write(&theirs.join("dvc.yaml"), DVC_YAML);
    let (e, _) = both(&env, &ours, &theirs, &["freeze", "nope"]);
    assert!(
        e.contains(
            "ERROR: failed to freeze 'nope' - Stage 'nope' not found inside 'dvc.yaml' file"
        ),
        "{e}"
    );
    let (e, d) = both(&env, &ours, &theirs, &["remove", "d.txt"]);
    assert!(
        e.contains("'d.txt' is not a .dvc file. Do you mean 'd.txt.dvc'?"),
        "{e}\n{d}"
    );
    let (e, _) = both(&env, &ours, &theirs, &["remove", "nope"]);
    assert!(
        e.contains("Stage 'nope' not found inside 'dvc.yaml' file"),
        "{e}"
    );
}

#[test]
fn aliases_and_commands_dvx_does_not_have_yet() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("x.txt"), "x\n");
    env.dvx(&repo, &["add", "-q", "x.txt"]).ok();
    env.dvx(&repo, &["mv", "x.txt", "y.txt"]).ok();
    assert!(repo.join("y.txt.dvc").is_file() && !repo.join("x.txt.dvc").exists());
    env.dvx(&repo, &["rm", "y.txt.dvc"]).ok();
    assert!(!repo.join("y.txt.dvc").exists() && repo.join("y.txt").is_file());
    for cmd in ["import-db", "dataset"] {
        env.dvx(&repo, &[cmd, "x"])
            .code(1)
            .stderr_has(&format!("dvx does not implement `dvc {cmd}` yet"));
    }
    env.dvx(&repo, &["nonsense"])
        .fails()
        .stderr_has("unrecognized subcommand");
    // -v says what dvx does: its version, the command, the repository, config and cache
    let v = env.dvx(&repo, &["status", "-v"]).ok();
    for line in [
        "DEBUG: dvx ",
        "DEBUG: command: ",
        "DEBUG: repository: ",
        "DEBUG: cache: ",
    ] {
        assert!(v.stderr.contains(line), "{line}: {v:?}");
    }
    assert!(!env.dvx(&repo, &["status"]).ok().stderr.contains("DEBUG"));
    // nothing to plot is not a failure
    for run in [
        env.dvx(&repo, &["plots", "show"]),
        env.dvc(DVC3, &repo, &["plots", "show"]),
    ] {
        run.ok()
            .stderr_has("No plots were loaded, visualization file will not be created.");
    }
}

/// `doctor` (and `version`) give DVC's fields with the same values where they describe the
/// repository, the cache and the machine; dvx names itself in the first line.
#[test]
fn doctor_reports_what_dvc_reports() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("x.txt"), "x\n");
    env.dvx(&repo, &["add", "-q", "x.txt"]).ok();
    env.dvx(&repo, &["remote", "add", "store", "../store"]).ok();
    env.dvx(&repo, &["remote", "add", "cloud", "s3://bucket/path"])
        .ok();
    let ours = env.dvx(&repo, &["doctor"]).ok().stdout;
    let theirs = env.dvc(DVC3, &repo, &["doctor"]).ok().stdout;
    assert!(ours.starts_with("dvx version: "), "{ours}");
    let field = |text: &str, name: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no '{name}' in {text}"))
            .to_string()
    };
    for name in [
        "Cache types",
        "Cache directory",
        "Caches",
        "Workspace directory",
        "Repo",
    ] {
        assert_eq!(field(&ours, name), field(&theirs, name), "{name}");
    }
    // DVC lists the remotes in its config's order
    let mut r: Vec<String> = field(&ours, "Remotes")
        .split(", ")
        .map(String::from)
        .collect();
    let mut t: Vec<String> = field(&theirs, "Remotes")
        .split(", ")
        .map(String::from)
        .collect();
    r.sort();
    t.sort();
    assert_eq!(r, t);
    for l in ["Global: ", "System: "] {
        fn line<'a>(text: &'a str, l: &str) -> Option<&'a str> {
            text.lines()
                .find(|x| x.trim_start().starts_with(l))
                .map(str::trim)
        }
        assert_eq!(line(&ours, l), line(&theirs, l), "{l}");
    }
    assert_eq!(ours, env.dvx(&repo, &["version"]).ok().stdout);
    assert!(repo.read_dir().unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("link-test")));
}

/// `repro` after a `.dvc` data source changed names its pointer file for git beside
/// `dvc.lock`, and `core.autostage` stages both, as DVC does.
#[test]
fn repro_hands_a_changed_data_source_to_git() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("d.txt"), "1\n");
    env.dvx(&repo, &["add", "-q", "d.txt"]).ok();
    env.dvx(
        &repo,
        &[
            "stage",
            "add",
            "-q",
            "-n",
            "c",
            "-d",
            "d.txt",
            "-o",
            "n.txt",
            "cat d.txt > n.txt",
        ],
    )
    .ok();
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    write(&repo.join("d.txt"), "2\n");
    env.dvx(&repo, &["repro"])
        .ok()
        .stdout_has("\tgit add d.txt.dvc dvc.lock\n");
    write(&repo.join("d.txt"), "3\n");
    env.dvx(&repo, &["config", "core.autostage", "true"]).ok();
    env.dvx(&repo, &["repro", "-q"]).ok();
    let staged = env
        .git(&repo, &["diff", "--cached", "--name-only"])
        .ok()
        .stdout;
    assert!(
        staged.contains("d.txt.dvc") && staged.contains("dvc.lock"),
        "{staged}"
    );
}

/// `add --no-commit` writes the pointer files DVC writes and leaves the cache alone; `commit`
/// puts the data in later.
#[test]
fn add_no_commit_records_without_caching() {
    let env = env();
    let ours = env.dvx_repo("ours");
    write(&ours.join("f.txt"), "x\n");
    write(&ours.join("d/a"), "1\n");
    write(&ours.join("d/b"), "2\n");
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);
    both(
        &env,
        &ours,
        &theirs,
        &["add", "-q", "--no-commit", "f.txt", "d"],
    );
    assert!(!ours.join(".dvc/cache").exists());
    env.dvx(&ours, &["status"])
        .ok()
        .stdout_has("not in cache:       f.txt");
    env.dvx(&ours, &["commit", "-f", "-q"]).ok();
    env.dvx(&ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    env.dvc(DVC3, &ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// The man pages and shell completions the Python package installs are the ones the CLI
/// generates now.
#[test]
fn packaged_man_pages_and_completions_are_current() {
    let env = env();
    let out = env.path("packaging");
    env.dvx(&env.path(""), &["packaging-files", out.to_str().unwrap()])
        .ok();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/dvx.data");
    let fresh = tree(&out);
    assert!(fresh.iter().any(|(p, _)| p.ends_with("man1/dvx-exp-run.1")));
    assert!(fresh.iter().any(|(p, _)| p.ends_with("completions/dvx")));
    if tree(&committed) != fresh {
        panic!(
            "packaging/dvx.data is out of date with the CLI: run \
             `cargo run -p dvx -- packaging-files packaging/dvx.data` and commit it"
        );
    }
}

/// `repro --glob`: targets are patterns of stage names (matching none, the whole pipeline), the
/// same plan as DVC's.
#[test]
fn repro_glob_selects_stages_as_dvc_does() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(&repo.join("a.txt"), "a\n");
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  count:\n    cmd: cp a.txt b.txt\n    deps: [a.txt]\n    outs: [b.txt]\n  count2:\n    cmd: cp a.txt c.txt\n    deps: [a.txt]\n    outs: [c.txt]\n  other:\n    cmd: cp a.txt d.txt\n    deps: [a.txt]\n    outs: [d.txt]\n",
    );
    env.dvx(&repo, &["repro", "-q", "count"]).ok();
    for pattern in ["cou*", "dvc.yaml:*2", "zz*", "o?her"] {
        let args = ["repro", "--dry", "--glob", pattern];
        let ours = env.dvx(&repo, &args).ok().stdout;
        let theirs = env.dvc(DVC3, &repo, &args).ok().stdout;
        assert_eq!(ours.replace("dvx push", "dvc push"), theirs, "{pattern}");
    }
}

/// `add SOURCE -o OUT` copies data from outside into the cache and workspace; `--to-remote`
/// sends it to the remote only: the pointer files and remotes DVC writes, and DVC can pull
/// what dvx sent.
#[test]
fn add_out_and_to_remote_write_what_dvc_writes() {
    let env = env();
    let src = env.path("outside");
    write(&src.join("f.csv"), "a,b\n1,2\n");
    write(&src.join("d/x"), "x\n");
    write(&src.join("d/sub/y"), "yy\n");
    let ours = env.dvx_repo("ours");
    env.git(&ours, &["commit", "-qm", "init", "--allow-empty"])
        .ok();
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);
    let (our_store, their_store) = (env.path("store-ours"), env.path("store-theirs"));
    for (repo, store) in [(&ours, &our_store), (&theirs, &their_store)] {
        env.dvx(
            repo,
            &["remote", "add", "-d", "st", store.to_str().unwrap()],
        )
        .ok();
    }
    let f = src.join("f.csv").display().to_string();
    let d = src.join("d").display().to_string();
    both(&env, &ours, &theirs, &["add", "-q", &f, "-o", "data.csv"]);
    both(
        &env,
        &ours,
        &theirs,
        &["add", "-q", &d, "-o", "dd", "--to-remote"],
    );
    both(&env, &ours, &theirs, &["add", "-q", &f, "--to-remote"]);
    assert_eq!(
        std::fs::read_to_string(ours.join("data.csv")).unwrap(),
        "a,b\n1,2\n"
    );
    assert!(!ours.join("dd").exists() && !ours.join("f.csv").exists());
    // the remote holds the objects (DVC leaves a temporary file of its own there)
    let objects = |store: &Path| -> Vec<String> {
        tree(store)
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| !p.ends_with(".tmp"))
            .collect()
    };
    assert_eq!(objects(&our_store), objects(&their_store));
    assert_eq!(objects(&our_store).len(), 4, "{:?}", objects(&our_store));
    // nothing of --to-remote went into the cache
    let cached = tree(&ours.join(".dvc/cache"));
    assert_eq!(cached.len(), 1, "{cached:?}");
    // the data comes back from the remote, with dvx and DVC
    env.dvx(&ours, &["pull", "dd.dvc"]).ok();
    assert_eq!(
        std::fs::read_to_string(ours.join("dd/sub/y")).unwrap(),
        "yy\n"
    );
    env.dvc(DVC3, &theirs, &["pull", "-q", "dd.dvc"]).ok();
    assert_same_tree(&tree(&ours.join("dd")), &tree(&theirs.join("dd")), "pulled");
    // import-url --to-remote: the same pointer file and remote objects; update --to-remote
    // sends the new version
    write(&src.join("e/z"), "z\n");
    let e = src.join("e").display().to_string();
    both(
        &env,
        &ours,
        &theirs,
        &["import-url", "-q", &e, "imp", "--to-remote"],
    );
    assert!(!ours.join("imp").exists());
    assert_eq!(objects(&our_store), objects(&their_store));
    write(&src.join("e/z"), "z2\n");
    env.dvx(&ours, &["update", "-q", "imp.dvc", "--to-remote"])
        .ok();
    env.dvc(DVC3, &theirs, &["update", "-q", "imp.dvc", "--to-remote"])
        .ok();
    assert_eq!(objects(&our_store), objects(&their_store));
    // DVC keeps the old stage md5 (its status then says "changed checksum"); dvx records the
    // new one: the rest is the same
    let body = |p: &Path| {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(body(&ours.join("imp.dvc")), body(&theirs.join("imp.dvc")));
    let st = env.dvc(DVC3, &ours, &["status", "imp.dvc"]);
    assert!(!st.stdout.contains("changed checksum"), "{st:?}");
    env.dvx(&ours, &["pull", "-q", "imp.dvc"]).ok();
    assert_eq!(std::fs::read_to_string(ours.join("imp/z")).unwrap(), "z2\n");
    std::fs::copy(ours.join("imp.dvc"), theirs.join("imp.dvc")).unwrap();
    env.dvc(DVC3, &theirs, &["pull", "-q", "imp.dvc"]).ok();

    // bad input: two targets, an existing -o path, nothing written
    let before = work_files(&ours);
    env.dvx(&ours, &["add", &f, &d, "-o", "x"])
        .fails()
        .stderr_has("-o and --to-remote take one target");
    env.dvx(&ours, &["add", &f, "-o", "data.csv"])
        .fails()
        .stderr_has("'data.csv' already exists locally");
    assert_same_tree(&before, &work_files(&ours), "after refused adds");
}

/// `repro --no-commit` records the stage without caching its outputs; `repro -i` asks before
/// each stage, and without a terminal to ask on the answer is no, as in DVC.
#[test]
fn repro_no_commit_and_interactive_behave_as_dvc() {
    let env = env();
    let ours = env.dvx_repo("ours");
    write(&ours.join("a.txt"), "a\n");
    env.dvx(
        &ours,
        &[
            "stage",
            "add",
            "-q",
            "-n",
            "first",
            "-d",
            "a.txt",
            "-o",
            "b.txt",
            "cp a.txt b.txt",
        ],
    )
    .ok();
    env.git(&ours, &["add", "-A"]).ok();
    env.git(&ours, &["commit", "-qm", "stage"]).ok();
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);
    for repo in [&ours, &theirs] {
        let r = if repo == &ours {
            env.dvx(repo, &["repro", "-i"])
        } else {
            env.dvc(DVC3, repo, &["repro", "-i"])
        };
        r.fails()
            .stderr_has("failed to reproduce 'first': reproduction aborted by the user");
        assert!(!repo.join("b.txt").exists() && !repo.join("dvc.lock").exists());
    }
    both(&env, &ours, &theirs, &["repro", "-q", "--no-commit"]);
    assert!(
        !ours.join(".dvc/cache").exists(),
        "{:?}",
        tree(&ours.join(".dvc/cache"))
    );
    for (a, b) in [
        (
            env.dvx(&ours, &["status"]),
            env.dvc(DVC3, &theirs, &["status"]),
        ),
        (
            env.dvc(DVC3, &ours, &["status"]),
            env.dvx(&theirs, &["status"]),
        ),
    ] {
        assert_eq!(a.stdout, b.stdout);
        assert!(a.stdout.contains("not in cache:       b.txt"), "{a:?}");
    }
    env.dvx(&ours, &["commit", "-q", "-f"]).ok();
    env.dvx(&ours, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// Variables a stage interpolates from a `vars` file (or `params.yaml`) are params too, as
/// DVC tracks them: `params diff` and `exp show` show them by dotted path.
#[test]
fn params_diff_shows_interpolated_vars_as_dvc_does() {
    let env = env();
    let repo = env.dvx_repo("r");
    write(
        &repo.join("config.yaml"),
        "train:\n  lr: 0.1\n  layers: [8, 4]\nseed: 1\nunused: 5\n",
    );
    write(&repo.join("params.yaml"), "epochs: 3\nother: x\n");
    write(&repo.join("tracked.yaml"), "k: 1\n");
    write(
        &repo.join("dvc.yaml"),
        "vars:\n  - config.yaml\n  - local: 7\nstages:\n  train:\n    cmd: echo ${train.lr} ${train.layers[0]} ${epochs} ${local} > out.txt\n    params:\n    - tracked.yaml:\n      - k\n    outs:\n    - out.txt\n  eval:\n    cmd: echo ${seed} ${train.layers[1]}\n",
    );
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "run"]).ok();
    write(
        &repo.join("config.yaml"),
        "train:\n  lr: 0.2\n  layers: [8, 2]\nseed: 1\nunused: 6\n",
    );
    write(&repo.join("params.yaml"), "epochs: 4\nother: y\n");
    let json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    for args in [
        &["params", "diff", "--json"][..],
        &["params", "diff", "--all", "--json"],
    ] {
        let (a, b) = (env.dvx(&repo, args).ok(), env.dvc(DVC3, &repo, args).ok());
        assert_eq!(json(&a.stdout), json(&b.stdout), "{args:?}");
        assert!(a.stdout.contains("\"train.lr\""), "{a:?}");
    }
    let (a, b) = (
        env.dvx(&repo, &["params", "diff"]).ok(),
        env.dvc(DVC3, &repo, &["params", "diff"]).ok(),
    );
    let sorted = |t: &str| {
        let mut l: Vec<&str> = t.lines().collect();
        l.sort();
        l.join("\n")
    };
    assert_eq!(sorted(&a.stdout), sorted(&b.stdout));
    let params = |out: &str| json(out)[0]["data"]["params"].clone();
    let (a, b) = (
        env.dvx(&repo, &["exp", "show", "--json"]).ok(),
        env.dvc(DVC3, &repo, &["exp", "show", "--json"]).ok(),
    );
    assert_eq!(params(&a.stdout), params(&b.stdout));
}

/// `repro --all-pipelines` runs every stage and checks every data source of the repository,
/// in DVC's order, saying what DVC says.
#[test]
fn repro_all_pipelines_runs_everything_as_dvc_does() {
    let env = env();
    let ours = env.dvx_repo("ours");
    write(&ours.join("solo.txt"), "s\n");
    write(&ours.join("a.txt"), "a\n");
    env.dvx(&ours, &["add", "-q", "solo.txt"]).ok();
    env.dvx(
        &ours,
        &[
            "stage",
            "add",
            "-q",
            "-n",
            "first",
            "-d",
            "a.txt",
            "-o",
            "b.txt",
            "cp a.txt b.txt",
        ],
    )
    .ok();
    std::fs::create_dir_all(ours.join("sub")).unwrap();
    env.dvx(
        &ours.join("sub"),
        &[
            "stage",
            "add",
            "-q",
            "-n",
            "second",
            "-o",
            "c.txt",
            "echo c > c.txt",
        ],
    )
    .ok();
    env.git(&ours, &["add", "-A"]).ok();
    env.git(&ours, &["commit", "-qm", "stages"]).ok();
    let theirs = env.path("theirs");
    copy_tree(&ours, &theirs);
    // the same lines but the `git add` hint, whose order is Python's set order in DVC
    let lines = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| !l.starts_with("\tgit add"))
            .map(|l| l.replace("dvx", "dvc"))
            .collect()
    };
    for _ in 0..2 {
        let (a, b) = (
            env.dvx(&ours, &["repro", "--all-pipelines"]).ok(),
            env.dvc(DVC3, &theirs, &["repro", "--all-pipelines"]).ok(),
        );
        assert_eq!(lines(&a.stdout), lines(&b.stdout));
        assert!(
            a.stdout.contains("'solo.txt.dvc' didn't change, skipping"),
            "{a:?}"
        );
        assert_same_tree(&work_files(&ours), &work_files(&theirs), "all pipelines");
    }
    assert_eq!(
        std::fs::read_to_string(ours.join("sub/c.txt")).unwrap(),
        "c\n"
    );
}
