//! dvx and real DVC 3.67.1 on one repository: each reads what the other wrote.

use std::fs;

use dvx_test::{assert_same_tree, tree, write, DVC3};

use super::env;
use super::test_add_compat::make_tree;

#[test]
fn dvc_reads_what_dvx_added() {
    let env = env();
    let repo = env.dvx_repo("r");
    make_tree(&repo);
    let before = tree(&repo.join("data"));
    env.dvx(&repo, &["add", "data", "files/yes"]).ok();
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    fs::remove_dir_all(repo.join("data")).unwrap();
    fs::remove_file(repo.join("files/yes")).unwrap();
    env.dvc(DVC3, &repo, &["checkout"]).ok();
    // DVC restores the symlink's target content as a regular file, as it hashed it
    let restored = tree(&repo.join("data"));
    assert_same_tree(&restored, &expected_checkout(before), "restored data");
    assert_eq!(fs::read(repo.join("files/yes")).unwrap(), b"yes\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

#[test]
fn dvx_reads_what_dvc_added() {
    let env = env();
    let repo = env.git_repo("r");
    env.dvc(DVC3, &repo, &["init", "-q"]).ok();
    make_tree(&repo);
    env.dvc(DVC3, &repo, &["add", "data", "files/x y.txt"]).ok();
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    let before = tree(&repo.join("data"));
    fs::remove_dir_all(repo.join("data")).unwrap();
    fs::remove_file(repo.join("files/x y.txt")).unwrap();
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("deleted:            data");
    env.dvx(&repo, &["checkout"])
        .ok()
        .stdout_has("A       data/");
    let restored = tree(&repo.join("data"));
    assert_same_tree(&restored, &expected_checkout(before), "restored data");
    assert_eq!(fs::read(repo.join("files/x y.txt")).unwrap(), b"x y.txt\n");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");

    // a change is seen the same way by both
    write(&repo.join("data/a/b"), "changed\n");
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("modified:           data");
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("modified:           data");
    let j = env.dvx(&repo, &["status", "--json"]).ok();
    assert_eq!(
        j.stdout.trim(),
        r#"{"data.dvc": [{"changed outs": {"data": "modified"}}]}"#
    );
    let d = env.dvc(DVC3, &repo, &["status", "--json"]).ok();
    assert_eq!(j.stdout.trim(), d.stdout.trim());
    // dvx commits it; dvc agrees it is committed
    env.dvx(&repo, &["commit", "-f"]).ok();
    env.dvc(DVC3, &repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
}

/// What a checkout restores of `make_tree`'s data: no dvcignored files, and the symlink as a
/// regular file holding its target's content (DVC hashed the content, not the link).
fn expected_checkout(before: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    before
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".tmp"))
        .map(|(p, b)| {
            if p == "link" {
                (p, b"deep\n".to_vec())
            } else {
                (p, b)
            }
        })
        .collect()
}

/// DVC's Python API on a repository and remote dvx wrote: `dvc.api.read/open/get_url` of
/// files and of a file inside a tracked directory, at the workspace and at a tag, from the
/// repository and from a clone (the data then comes from the remote), and `params_show` /
/// `metrics_show` of a pipeline dvx ran.
#[test]
fn dvc_api_reads_what_dvx_wrote() {
    let env = env();
    let repo = env.dvx_repo("api");
    let store = env.path("api-store");
    env.dvx(
        &repo,
        &["remote", "add", "-d", "st", store.to_str().unwrap()],
    )
    .ok();
    write(&repo.join("data/table.csv"), "a,b\n1,2\n");
    write(&repo.join("images/cat.txt"), "meow v1\n");
    write(&repo.join("params.yaml"), "lr: 0.1\n");
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  score:\n    cmd: >-\n      echo '{\"auc\": 0.75}' > metrics.json\n    params:\n    - lr\n    metrics:\n    - metrics.json:\n        cache: false\n",
    );
    env.dvx(&repo, &["add", "-q", "data/table.csv", "images"])
        .ok();
    env.dvx(&repo, &["repro", "-q"]).ok();
    env.dvx(&repo, &["push", "-q"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    env.git(&repo, &["tag", "v1"]).ok();
    write(&repo.join("images/cat.txt"), "meow v2\n");
    env.dvx(&repo, &["add", "-q", "images"]).ok();
    env.dvx(&repo, &["push", "-q"]).ok();
    env.git(&repo, &["commit", "-qam", "v2"]).ok();
    let clone = env.path("api-clone");
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
    let python = dvx_test::dvc_binary(DVC3).with_file_name("python");
    let script = r#"
import json, sys
import dvc.api
out = {}
for name, repo in (("repo", sys.argv[1]), ("clone", sys.argv[2])):
    out[name] = {
        "table": dvc.api.read("data/table.csv", repo=repo),
        "cat": dvc.api.read("images/cat.txt", repo=repo),
        "cat_v1": dvc.api.read("images/cat.txt", repo=repo, rev="v1"),
        "url": dvc.api.get_url("data/table.csv", repo=repo).split("/files/md5/")[1],
        "params": dvc.api.params_show(repo=repo),
        "metrics": dvc.api.metrics_show(repo=repo),
    }
    with dvc.api.open("data/table.csv", repo=repo) as f:
        out[name]["open"] = f.read()
print(json.dumps(out, sort_keys=True))
"#;
    let got = std::process::Command::new(&python)
        .args([
            "-c",
            script,
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ])
        .current_dir(env.path(""))
        .env("HOME", env.path("home"))
        .output()
        .unwrap();
    assert!(got.status.success(), "{got:?}");
    let v: serde_json::Value = serde_json::from_slice(&got.stdout).unwrap();
    for side in ["repo", "clone"] {
        let s = &v[side];
        assert_eq!(s["table"], "a,b\n1,2\n", "{side}: {s}");
        assert_eq!(s["open"], "a,b\n1,2\n", "{side}");
        assert_eq!(s["cat"], "meow v2\n", "{side}");
        assert_eq!(s["cat_v1"], "meow v1\n", "{side}");
        assert_eq!(
            s["url"], "e5/ebd4c02cefbe7955977c67ada242b7",
            "{side}: the object's key"
        );
        assert_eq!(s["params"], serde_json::json!({"lr": 0.1}), "{side}");
        assert_eq!(s["metrics"], serde_json::json!({"auc": 0.75}), "{side}");
    }
}
