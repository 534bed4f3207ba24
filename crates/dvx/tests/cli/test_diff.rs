//! `dvx diff` against `dvc diff` (DVC 3.67.1) on the same repository and revisions: JSON,
//! text, Markdown and hashes; and its errors.

use std::fs;
use std::path::Path;

use dvx_test::{recorded_md5, reverse_manifest, write, TestEnv, DVC3};

use super::env;

/// Two commits: a directory whose files are modified, deleted and added; a file output
/// renamed; an output removed and one added.
fn history(env: &TestEnv) -> std::path::PathBuf {
    let repo = env.dvx_repo("r");
    write(&repo.join("data/a.csv"), "a\n");
    write(&repo.join("data/b.csv"), "b\n");
    write(&repo.join("data/sub/c.csv"), "c\n");
    write(&repo.join("model.bin"), "weights v1\n");
    write(&repo.join("old.txt"), "old\n");
    env.dvx(&repo, &["add", "data", "model.bin", "old.txt"])
        .ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    write(&repo.join("data/a.csv"), "a2\n");
    fs::remove_file(repo.join("data/b.csv")).unwrap();
    write(&repo.join("data/sub/new.csv"), "new\n");
    env.dvx(&repo, &["add", "data"]).ok();
    env.dvx(&repo, &["move", "model.bin", "weights.bin"]).ok();
    env.dvx(&repo, &["remove", "old.txt.dvc"]).ok();
    write(&repo.join("notes.md"), "notes\n");
    env.dvx(&repo, &["add", "notes.md"]).ok();
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v2"]).ok();
    repo
}

fn same_as_dvc(env: &TestEnv, repo: &Path, args: &[&str]) -> String {
    let mut full = vec!["diff"];
    full.extend_from_slice(args);
    let ours = env.dvx(repo, &full).ok();
    let theirs = env.dvc(DVC3, repo, &full).ok();
    assert_eq!(ours.stdout, theirs.stdout, "dvx {full:?} vs dvc");
    ours.stdout
}

#[test]
fn diff_matches_dvc_between_revisions_and_against_the_workspace() {
    let env = env();
    let repo = history(&env);
    let json = same_as_dvc(&env, &repo, &["--json", "HEAD~1", "HEAD"]);
    // the sets themselves, not only agreement: files inside the directory, the rename
    assert!(json.contains(r#"{"path": "data/sub/new.csv"}"#), "{json}");
    assert!(json.contains(r#"{"path": "data/b.csv"}"#), "{json}");
    assert!(
        json.contains(r#"{"path": {"old": "model.bin", "new": "weights.bin"}}"#),
        "{json}"
    );
    assert!(
        json.contains(r#"{"path": "data/"}, {"path": "data/a.csv"}"#),
        "{json}"
    );
    let text = same_as_dvc(&env, &repo, &["HEAD~1", "HEAD"]);
    assert!(
        text.ends_with("files summary: 2 added, 2 deleted, 1 renamed, 1 modified\n"),
        "{text}"
    );
    same_as_dvc(&env, &repo, &["--show-hash", "HEAD~1", "HEAD"]);
    same_as_dvc(&env, &repo, &["--show-hash", "--json", "HEAD~1", "HEAD"]);
    same_as_dvc(&env, &repo, &["--md", "HEAD~1", "HEAD"]);
    same_as_dvc(&env, &repo, &["HEAD~1", "HEAD", "--targets", "data"]);
    same_as_dvc(
        &env,
        &repo,
        &["--json", "HEAD~1", "HEAD", "--targets", "data/sub"],
    );
    // nothing changed: no text, `{}` in JSON
    assert_eq!(same_as_dvc(&env, &repo, &[]), "");
    assert_eq!(same_as_dvc(&env, &repo, &["--json"]), "{}\n");
    // the workspace against HEAD (the default), and against an older revision
    write(&repo.join("data/sub/c.csv"), "c changed\n");
    fs::remove_file(repo.join("notes.md")).unwrap();
    let text = same_as_dvc(&env, &repo, &[]);
    assert!(text.contains("Deleted:\n    notes.md\n"), "{text}");
    same_as_dvc(&env, &repo, &["--json"]);
    same_as_dvc(&env, &repo, &["HEAD~1"]);
    same_as_dvc(&env, &repo, &["--json", "--show-hash", "HEAD~1"]);
    // a recorded object gone from the cache is "not in cache" (against the workspace only)
    let md5 = recorded_md5(&repo.join("weights.bin.dvc"));
    fs::remove_file(repo.join(format!(".dvc/cache/files/md5/{}/{}", &md5[..2], &md5[2..])))
        .unwrap();
    let text = same_as_dvc(&env, &repo, &[]);
    assert!(text.contains("Not in cache:\n    weights.bin\n"), "{text}");
    same_as_dvc(&env, &repo, &["--json"]);
    same_as_dvc(&env, &repo, &["--hide-missing"]);
}

/// dvx reads manifests as they come, in the order DVC writes them; one written by another
/// tool in another order is read whole instead, with the same result as DVC's.
#[test]
fn diff_reads_a_manifest_in_another_order_as_dvc_does() {
    let env = env();
    let repo = history(&env);
    let (_, new) = reverse_manifest(&repo, "data.dvc");
    env.git(
        &repo,
        &["commit", "-qam", "the same files, listed in another order"],
    )
    .ok();
    let json = same_as_dvc(&env, &repo, &["--json", "HEAD~1", "HEAD"]);
    assert_eq!(
        json,
        "{\"added\": [], \"deleted\": [], \"modified\": [{\"path\": \"data/\"}], \"renamed\": []}\n"
    );
    let json = same_as_dvc(&env, &repo, &["--json", "--show-hash", "HEAD~1", "HEAD"]);
    assert!(json.contains(&format!(r#""new": "{new}.dir""#)), "{json}");
    same_as_dvc(&env, &repo, &["--json", "HEAD~2"]);
}

#[test]
fn diff_errors_name_the_revision_and_file() {
    let env = env();
    let repo = history(&env);
    env.dvx(&repo, &["diff", "no-such-rev"])
        .fails()
        .stderr_has("unknown Git revision 'no-such-rev'");
    // a pointer file broken in an old commit: named with its revision
    write(&repo.join("notes.md.dvc"), "outs: [broken\n");
    env.git(&repo, &["commit", "-qam", "broken"]).ok();
    let short = env.git(&repo, &["rev-parse", "--short=7", "HEAD"]).ok();
    env.git(&repo, &["revert", "--no-edit", "HEAD"]).ok();
    env.dvx(&repo, &["diff", "HEAD~1", "HEAD"])
        .fails()
        .stderr_has(&format!(
            "pointer file 'notes.md.dvc' at revision {} is invalid",
            short.stdout.trim()
        ));
    // a repository without commits has nothing to compare
    let fresh = env.git_repo("fresh");
    env.dvx(&fresh, &["init", "-q"]).ok();
    assert_eq!(same_as_dvc(&env, &fresh, &["--json"]), "{}\n");
    assert_eq!(same_as_dvc(&env, &fresh, &[]), "");
}
