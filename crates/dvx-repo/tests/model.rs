//! Fast tests of the repository's models, offline and without git or Python: the order `repro`
//! plans stages in, what targets select, and the status of outputs. (The end-to-end tests in
//! crates/dvx/tests check the same against real DVC.)

use std::fs;
use std::path::Path;

use dvx_formats::pipeline::PipelineError;
use dvx_repo::index::{load_with_pipelines, select_with_pipelines};
use dvx_repo::pipeline::graph::{node_label, Graph, PlanOptions};
use dvx_repo::status::{stages_status, OutState};
use dvx_repo::{Cause, NoProgress, Repo, Transaction};

const DVC_YAML: &str = "stages:
  prepare:
    cmd: cp raw.csv prep.csv
    deps:
    - raw.csv
    outs:
    - prep.csv
  train:
    cmd: cp prep.csv model.pkl
    deps:
    - prep.csv
    outs:
    - model.pkl
  evaluate:
    cmd: cp model.pkl scores.json
    deps:
    - model.pkl
    - prep.csv
    metrics:
    - scores.json:
        cache: false
  other:
    cmd: echo other > other.txt
    outs:
    - other.txt
";

/// A repository without git: `raw.csv` tracked by a pointer file (not yet in the cache), and
/// the pipeline above.
fn repo(dir: &Path) -> Repo {
    fs::create_dir_all(dir.join(".dvc")).unwrap();
    fs::write(dir.join(".dvc/config"), "[core]\n    no_scm = True\n").unwrap();
    fs::write(dir.join("raw.csv"), "a,b\n1,2\n").unwrap();
    fs::write(
        dir.join("raw.csv.dvc"),
        "outs:\n- md5: 5a2ed4fbf2a6b2b6b7e3e5c1d0f4a9a1\n  size: 8\n  hash: md5\n  path: raw.csv\n",
    )
    .unwrap();
    fs::write(dir.join("dvc.yaml"), DVC_YAML).unwrap();
    Repo::open(dir).unwrap()
}

fn plan(repo: &Repo, target: &str, opts: PlanOptions) -> Vec<String> {
    let (pointers, p) = load_with_pipelines(repo).unwrap();
    let g = Graph::build(repo, &p, &pointers).unwrap();
    let stages =
        dvx_repo::pipeline::graph::select_stages(repo, &p, &repo.root, target, false).unwrap();
    g.plan(&p, &g.nodes_of(&stages), opts)
        .into_iter()
        .map(|n| node_label(&p, &pointers, g.nodes[n]))
        .collect()
}

#[test]
fn repro_plans_what_a_stage_depends_on_first() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    assert_eq!(
        plan(&repo, "evaluate", PlanOptions::default()),
        ["raw.csv.dvc", "prepare", "train", "evaluate"]
    );
    assert_eq!(
        plan(
            &repo,
            "prepare",
            PlanOptions {
                downstream: true,
                ..Default::default()
            }
        ),
        ["prepare", "train", "evaluate"]
    );
    assert_eq!(
        plan(
            &repo,
            "train",
            PlanOptions {
                single_item: true,
                ..Default::default()
            }
        ),
        ["train"]
    );
}

#[test]
fn a_cycle_is_refused_naming_its_stages() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let cyclic = DVC_YAML.replace("    - raw.csv\n", "    - raw.csv\n    - model.pkl\n");
    fs::write(dir.path().join("dvc.yaml"), cyclic).unwrap();
    let (pointers, p) = load_with_pipelines(&repo).unwrap();
    let err = Graph::build(&repo, &p, &pointers).err().expect("a cycle");
    assert!(
        err.message.contains("prepare") && err.message.contains("train"),
        "{}",
        err.message
    );
}

#[test]
fn targets_select_pointer_files_paths_stages_and_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let select = |t: &str| -> Vec<String> {
        select_with_pipelines(&repo, &repo.root, &[t.to_string()])
            .unwrap()
            .into_iter()
            .map(|s| s.rel)
            .collect()
    };
    assert_eq!(select("raw.csv.dvc"), ["raw.csv.dvc"]);
    assert_eq!(select("raw.csv"), ["raw.csv.dvc"]);
    assert_eq!(select("train"), ["dvc.yaml:train"]);
    assert_eq!(select("dvc.yaml:evaluate"), ["dvc.yaml:evaluate"]);
    assert_eq!(select("model.pkl"), ["dvc.yaml:train"]);
    let outs = |t: &str| -> Vec<String> {
        select_with_pipelines(&repo, &repo.root, &[t.to_string()])
            .unwrap()
            .into_iter()
            .flat_map(|s| s.pointer.outs.into_iter().map(|o| o.path))
            .collect()
    };
    assert_eq!(outs("train"), ["model.pkl"]);
    assert_eq!(outs("model.pkl"), ["model.pkl"]);
    let all = select_with_pipelines(&repo, &repo.root, &[]).unwrap();
    assert_eq!(all.len(), 5, "the pointer file and every stage");
    let err = select_with_pipelines(&repo, &repo.root, &["nothing.csv".into()])
        .expect_err("an unknown target");
    assert!(
        err.message.contains("'nothing.csv' is not tracked"),
        "{}",
        err.message
    );
}

#[test]
fn status_tells_modified_deleted_and_not_in_cache_apart() {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo(dir.path());
    let state_of = |repo: &Repo| {
        let stages = dvx_repo::stage::select(repo, &repo.root, &["raw.csv.dvc".into()]).unwrap();
        let s = stages_status(repo, &stages, &Default::default(), &NoProgress).unwrap();
        assert_eq!(s.len(), 1);
        s[0].state
    };
    // recorded content that the cache does not hold
    assert_eq!(state_of(&repo), Some(OutState::NotInCache));
    // commit the workspace content: recorded, cached, unchanged
    {
        let tx = Transaction::start(&repo, false).unwrap();
        let written = dvx_repo::commit::commit(
            &tx,
            &repo.root,
            &["raw.csv.dvc".into()],
            true,
            &|_| true,
            &NoProgress,
        )
        .unwrap();
        assert_eq!(written, ["raw.csv.dvc"]);
    }
    assert_eq!(state_of(&repo), None);
    fs::remove_file(dir.path().join("raw.csv")).unwrap();
    fs::write(dir.path().join("raw.csv"), "changed\n").unwrap();
    assert_eq!(state_of(&repo), Some(OutState::Modified));
    fs::remove_file(dir.path().join("raw.csv")).unwrap();
    assert_eq!(state_of(&repo), Some(OutState::Deleted));
}

#[test]
fn errors_say_what_went_wrong() {
    use dvx_repo::ErrorKind;
    let dir = tempfile::tempdir().unwrap();
    let Err(outside) = Repo::discover(dir.path()) else {
        panic!("no repository here")
    };
    assert_eq!(outside.kind, ErrorKind::NotARepo);
    let repo = repo(&dir.path().join("r"));
    fs::write(dir.path().join("r/raw.csv.dvc"), "outs: [unclosed\n").unwrap();
    let bad_pointer = load_with_pipelines(&repo).expect_err("an invalid pointer file");
    assert_eq!(bad_pointer.kind, ErrorKind::InvalidFile);
    assert!(
        bad_pointer.message.contains("raw.csv.dvc"),
        "{}",
        bad_pointer.message
    );
    assert!(
        matches!(
            bad_pointer.cause.as_deref(),
            Some(Cause::Pointer(dvx_formats::PointerError::Yaml(_)))
        ),
        "{:?}",
        bad_pointer.cause
    );
    fs::remove_file(dir.path().join("r/raw.csv.dvc")).unwrap();
    fs::write(dir.path().join("r/dvc.yaml"), "stages:\n  a:\n    cmd: [\n").unwrap();
    let bad_pipeline = load_with_pipelines(&repo).expect_err("an invalid dvc.yaml");
    assert_eq!(bad_pipeline.kind, ErrorKind::InvalidFile);
    assert!(
        bad_pipeline.message.contains("dvc.yaml"),
        "{}",
        bad_pipeline.message
    );
    assert!(
        matches!(
            bad_pipeline.cause.as_deref(),
            Some(Cause::Pipeline(PipelineError::Syntax(_)))
        ),
        "{:?}",
        bad_pipeline.cause
    );
    fs::write(dir.path().join("r/dvc.yaml"), DVC_YAML).unwrap();
    fs::write(dir.path().join("r/dvc.lock"), "schema: '1.0'\nstages: {}\n").unwrap();
    let bad_lock = load_with_pipelines(&repo).expect_err("a dvc.lock of another schema");
    assert_eq!(bad_lock.kind, ErrorKind::InvalidFile);
    assert!(
        matches!(bad_lock.cause.as_deref(), Some(Cause::Pipeline(PipelineError::LockSchema(Some(s)))) if s == "1.0"),
        "{:?}",
        bad_lock.cause
    );
    fs::remove_file(dir.path().join("r/dvc.lock")).unwrap();
    fs::create_dir_all(dir.path().join("q/.dvc/config")).unwrap();
    let Err(unreadable) = Repo::open(&dir.path().join("q")) else {
        panic!("a config that is a directory")
    };
    assert_eq!(unreadable.kind, ErrorKind::Io, "{unreadable:?}");
    assert!(
        matches!(unreadable.cause.as_deref(), Some(Cause::Io { path, .. }) if path.ends_with(".dvc/config")),
        "{:?}",
        unreadable.cause
    );
}

#[test]
fn git_errors_keep_what_git_said() {
    use dvx_repo::ErrorKind;
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    let scm = dvx_repo::scm::Git::discover(dir.path()).expect("a git work tree");
    let e: dvx_repo::Error = scm.resolve("no-such-branch").unwrap_err().into();
    assert_eq!(e.kind, ErrorKind::Git);
    assert_eq!(e.message, "unknown Git revision 'no-such-branch'");
    assert!(e.hint.is_some());
    assert!(matches!(
        e.cause.as_deref(),
        Some(Cause::Git(dvx_repo::scm::GitError::UnknownRevision(ref r))) if r == "no-such-branch"
    ));
}

/// Runs git in `dir` with a fixed identity, failing the test on an error.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_SYSTEM", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn diff_between_revisions_lists_changes_down_to_files_in_directories() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    fs::create_dir_all(d.join(".dvc")).unwrap();
    fs::write(d.join(".dvc/config"), "").unwrap();
    fs::create_dir_all(d.join("data")).unwrap();
    fs::write(d.join("data/a.txt"), "a\n").unwrap();
    fs::write(d.join("data/b.txt"), "b\n").unwrap();
    fs::write(d.join("model.bin"), "m1\n").unwrap();
    let repo = Repo::open(d).unwrap();
    let add = |paths: &[&str]| {
        let tx = Transaction::start(&repo, false).unwrap();
        let targets: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        dvx_repo::add::add(&tx, d, &targets, &Default::default(), &NoProgress).unwrap();
    };
    add(&["data", "model.bin"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "v1"]);
    fs::write(d.join("data/a.txt"), "a2\n").unwrap();
    fs::remove_file(d.join("data/b.txt")).unwrap();
    fs::write(d.join("data/c.txt"), "c\n").unwrap();
    add(&["data"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "v2"]);
    let r = dvx_repo::diff::diff(&repo, d, "HEAD~1", Some("HEAD"), &[], &NoProgress).unwrap();
    let paths = |v: &[dvx_repo::diff::Changed]| -> Vec<String> {
        v.iter().map(|c| c.path.clone()).collect()
    };
    assert_eq!(paths(&r.added), ["data/c.txt"]);
    assert_eq!(paths(&r.deleted), ["data/b.txt"]);
    let modified: Vec<&str> = r.modified.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(modified, ["data/", "data/a.txt"]);
    assert!(r.renamed.is_empty(), "{:?}", r.renamed);
    // nothing changed between a revision and itself
    let same = dvx_repo::diff::diff(&repo, d, "HEAD", Some("HEAD"), &[], &NoProgress).unwrap();
    assert_eq!(same, Default::default());
}
