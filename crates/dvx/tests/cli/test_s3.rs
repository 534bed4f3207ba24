//! S3 remotes against a real S3 server (Garage on loopback) and real DVC 3.67.1 with dvc-s3.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use dvx_test::garage::{Garage, ACCESS_KEY, BUCKET, REGION, SECRET_KEY};
use dvx_test::{assert_same_tree, tree, write, TestEnv, DVC3};

use super::env;

/// Adds the Garage bucket as remote `name` (default), the keys in config.local as a team would.
fn add_s3_remote(env: &TestEnv, repo: &Path, g: &Garage, name: &str, prefix: &str) {
    let url = format!("s3://{BUCKET}/{prefix}");
    env.dvx(repo, &["remote", "add", "-d", name, &url]).ok();
    env.dvx(
        repo,
        &["remote", "modify", name, "endpointurl", &g.endpoint()],
    )
    .ok();
    env.dvx(repo, &["remote", "modify", name, "region", REGION])
        .ok();
    env.dvx(
        repo,
        &[
            "remote",
            "modify",
            "--local",
            name,
            "access_key_id",
            ACCESS_KEY,
        ],
    )
    .ok();
    env.dvx(
        repo,
        &[
            "remote",
            "modify",
            "--local",
            name,
            "secret_access_key",
            SECRET_KEY,
        ],
    )
    .ok();
}

fn make_data(repo: &Path, files: u32) {
    for i in 0..files {
        write(
            &repo.join(format!("data/part{}/f{i:05}.csv", i % 7)),
            format!("{i},{}\n", i * 31),
        );
    }
    write(&repo.join("model.bin"), vec![3u8; 100_000]);
}

#[test]
fn s3_push_pull_and_status_agree_with_dvc() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "team/store");
    // credentials live in config.local only, never in the committed config
    let config = fs::read_to_string(repo.join(".dvc/config")).unwrap();
    assert!(
        !config.contains(SECRET_KEY) && !config.contains(ACCESS_KEY),
        "{config}"
    );
    assert!(fs::read_to_string(repo.join(".dvc/config.local"))
        .unwrap()
        .contains(SECRET_KEY));
    make_data(&repo, 40);
    // a large file goes up in parallel parts
    let big: Vec<u8> = (0..40_000_000u32)
        .map(|i| (i % 251) as u8 ^ (i >> 16) as u8)
        .collect();
    write(&repo.join("big.bin"), &big);
    env.dvx(&repo, &["add", "data", "model.bin", "big.bin"])
        .ok();
    env.dvx(&repo, &["status", "-c"])
        .ok()
        .stdout_has("\tnew:                big.bin");
    let mark = g.mark();
    env.dvx(&repo, &["push"]).ok().stdout_has("43 files pushed");
    let uploads = g.requests_since(mark);
    assert!(
        uploads.iter().any(|r| r.contains("uploads")),
        "big.bin should go up as a multipart upload: {uploads:?}"
    );
    env.dvx(&repo, &["push"])
        .ok()
        .stdout_has("Everything is up to date.");
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "data"]).ok();

    // real DVC pulls what dvx pushed, in a clone with its own config.local
    let clone = env.path("clone");
    env.git(&env.path(""), &["clone", "-q", "r", "clone"]).ok();
    fs::copy(
        repo.join(".dvc/config.local"),
        clone.join(".dvc/config.local"),
    )
    .unwrap();
    env.dvc(DVC3, &clone, &["pull"]).ok();
    assert_same_tree(
        &tree(&clone.join("data")),
        &tree(&repo.join("data")),
        "data",
    );
    assert_eq!(fs::read(clone.join("big.bin")).unwrap(), big);

    // DVC pushes a change; dvx pulls it into a fresh cache
    write(&clone.join("data/part0/new.csv"), "new\n");
    env.dvc(DVC3, &clone, &["add", "data"]).ok();
    env.dvc(DVC3, &clone, &["push"]).ok();
    env.git(&clone, &["commit", "-qam", "v2"]).ok();
    env.git(&repo, &["pull", "-q", "../clone", "HEAD"]).ok();
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    let st = env.dvx(&repo, &["status", "-c", "--json"]).ok();
    let dvc_st = env.dvc(DVC3, &repo, &["status", "-c", "--json"]).ok();
    let parse = |s: &str| -> serde_json::Value { serde_json::from_str(s).unwrap() };
    assert_eq!(parse(&st.stdout), parse(&dvc_st.stdout));
    env.dvx(&repo, &["pull"]).ok();
    assert_same_tree(
        &tree(&repo.join("data")),
        &tree(&clone.join("data")),
        "data v2",
    );
    env.dvx(&repo, &["status"])
        .ok()
        .stdout_has("Data and pipelines are up to date.");
    // gc -c lists the bucket and deletes what the workspace no longer uses (data v1's .dir)
    env.dvx(&repo, &["gc", "-w", "-c", "-f"])
        .ok()
        .stdout_has("Removed 1 objects from remote.");
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
}

#[test]
fn s3_existence_checks_cost_little() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "");
    make_data(&repo, 3000);
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    // a first push of 3000 files lists the shard prefixes instead of asking 3000 times
    let mark = g.mark();
    env.dvx(&repo, &["push"])
        .ok()
        .stdout_has("3002 files pushed");
    let reqs = g.requests_since(mark);
    let heads = reqs.iter().filter(|r| r.starts_with("HEAD ")).count();
    let lists = reqs.iter().filter(|r| r.contains("list-type=2")).count();
    assert!(heads <= 20 && lists <= 257, "{heads} HEADs, {lists} LISTs");
    assert!(
        heads + lists >= 1,
        "the push asked the remote nothing: {reqs:?}"
    );
    assert!(
        reqs.iter().filter(|r| r.starts_with("PUT ")).count() >= 3002,
        "fewer PUTs than files pushed: {reqs:?}"
    );
    // a no-op push and status -c: one question per .dir and per file output, no listing
    for cmd in [&["push"][..], &["status", "-c"]] {
        let mark = g.mark();
        env.dvx(&repo, cmd).ok();
        let reqs = g.requests_since(mark);
        assert!(
            (1..=2).contains(&reqs.len()),
            "{cmd:?} sent {} requests: {reqs:?}",
            reqs.len()
        );
    }
    // a small push to a full remote never lists it
    write(&repo.join("model.bin"), "v2\n");
    env.dvx(&repo, &["add", "model.bin"]).ok();
    let mark = g.mark();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    let reqs = g.requests_since(mark);
    assert!(
        reqs.iter().all(|r| !r.contains("list-type")),
        "a one-file push listed the remote: {reqs:?}"
    );
    assert!(
        reqs.iter().any(|r| r.starts_with("PUT ")),
        "the one-file push uploaded nothing: {reqs:?}"
    );
}

#[test]
fn s3_errors_are_one_clear_line_and_never_show_secrets() {
    let mut g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "x");
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    let snapshot = |r: &Path| {
        let mut t = tree(r);
        t.retain(|(p, _)| !p.starts_with(".dvc/tmp"));
        t
    };
    let before = snapshot(&repo);
    let no_secret = |r: &dvx_test::Run| {
        assert!(
            !r.stderr.contains(SECRET_KEY) && !r.stdout.contains(SECRET_KEY),
            "a secret was printed:\n{}{}",
            r.stdout,
            r.stderr
        );
    };

    // wrong secret key
    let wrong = "0000000000000000000000000000000000000000000000000000000000000000";
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "s3r",
            "secret_access_key",
            wrong,
        ],
    )
    .ok();
    // (pull needs the remote only for what the cache lacks)
    fs::rename(repo.join(".dvc/cache"), env.path("cache-aside")).unwrap();
    let r = env
        .dvx(&repo, &["pull", "-v"])
        .fails()
        .stderr_has("remote 's3r'")
        .stderr_has("access denied");
    assert!(
        !r.stderr.contains(wrong),
        "the secret was printed: {}",
        r.stderr
    );
    assert_eq!(fs::read(repo.join("a.txt")).unwrap(), b"a\n");
    fs::remove_dir_all(repo.join(".dvc/cache")).ok();
    fs::rename(env.path("cache-aside"), repo.join(".dvc/cache")).unwrap();
    for cmd in [&["push", "-v"][..], &["status", "-c"]] {
        let r = env
            .dvx(&repo, cmd)
            .fails()
            .stderr_has("remote 's3r'")
            .stderr_has("access denied");
        assert!(
            !r.stderr.contains(wrong),
            "the secret was printed: {}",
            r.stderr
        );
    }
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "s3r",
            "secret_access_key",
            SECRET_KEY,
        ],
    )
    .ok();

    // a bucket that does not exist
    env.dvx(
        &repo,
        &["remote", "modify", "s3r", "url", "s3://no-such-bucket/x"],
    )
    .ok();
    let r = env
        .dvx(&repo, &["push", "-v"])
        .fails()
        .stderr_has("bucket 'no-such-bucket' does not exist");
    no_secret(&r);
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "s3r",
            "url",
            &format!("s3://{BUCKET}/x"),
        ],
    )
    .ok();

    // an endpoint nobody listens on
    g.stop();
    let start = Instant::now();
    let r = env
        .dvx(&repo, &["push", "-v"])
        .fails()
        .stderr_has("cannot reach");
    no_secret(&r);
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "giving up took {:?}",
        start.elapsed()
    );
    assert_same_tree(
        &snapshot(&repo),
        &before,
        "the repository after failed commands",
    );
    g.restart();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
}

#[test]
fn s3_server_stopped_mid_push_then_the_push_resumes() {
    let mut g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "resume");
    make_data(&repo, 2500);
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    let total = 2500 + 2;
    // stop the server while the push runs
    let child = env
        .command(&env.dvx, &repo)
        .args(["push", "-j", "4"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mark = g.mark();
    let start = Instant::now();
    while g
        .requests_since(mark)
        .iter()
        .filter(|r| r.starts_with("PUT"))
        .count()
        < 200
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the push never started uploading"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    g.stop();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "the push succeeded without its server"
    );
    assert!(stderr.contains("remote 's3r'"), "{stderr}");
    g.restart();
    // the directory is not complete on the remote: its .dir was not pushed
    let st = env.dvx(&repo, &["status", "-c"]).ok();
    assert!(
        st.stdout.contains("\tnew:                data\n"),
        "{}",
        st.stdout
    );
    // the second push moves only what is missing and completes
    let r = env.dvx(&repo, &["push"]).ok();
    let pushed: usize = r
        .stdout
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        pushed > 0 && pushed < total,
        "second push moved {pushed} of {total}: {}",
        r.stdout
    );
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
    // and everything comes back intact
    let data = tree(&repo.join("data"));
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    env.dvx(&repo, &["pull"]).ok();
    assert_same_tree(
        &tree(&repo.join("data")),
        &data,
        "data after a resumed push",
    );
}

#[test]
fn s3_credentials_from_the_environment_or_a_profile_file() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    let url = format!("s3://{BUCKET}/creds");
    env.dvx(&repo, &["remote", "add", "-d", "s3r", &url]).ok();
    env.dvx(
        &repo,
        &["remote", "modify", "s3r", "endpointurl", &g.endpoint()],
    )
    .ok();
    env.dvx(&repo, &["remote", "modify", "s3r", "region", REGION])
        .ok();
    write(&repo.join("a.txt"), "a\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    // no credentials anywhere: said clearly, with where to put them
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("found no credentials")
        .stderr_has("AWS_ACCESS_KEY_ID");
    // the AWS_* variables, as DVC's boto reads them
    let out = env
        .command(&env.dvx, &repo)
        .args(["push"])
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1 file pushed");
    // a named profile in a credentials file the remote points to
    let creds = env.path("aws-credentials");
    write(
        &creds,
        format!("[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n\n[team]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"),
    );
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "s3r",
            "credentialpath",
            creds.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&repo, &["remote", "modify", "s3r", "profile", "team"])
        .ok();
    write(&repo.join("a.txt"), "a2\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    // and ~/.aws/credentials, the default profile, when the remote names nothing
    env.dvx(&repo, &["remote", "modify", "-u", "s3r", "credentialpath"])
        .ok();
    env.dvx(&repo, &["remote", "modify", "-u", "s3r", "profile"])
        .ok();
    write(
        &env.path("home/.aws/credentials"),
        format!(
            "[default]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        ),
    );
    write(&repo.join("a.txt"), "a3\n");
    env.dvx(&repo, &["add", "a.txt"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
}

#[test]
fn undoing_a_push_to_s3_keeps_the_objects_and_says_so() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "undo/store");
    write(&repo.join("data.csv"), "a,b\n1,2\n");
    env.dvx(&repo, &["add", "data.csv"]).ok();
    env.dvx(&repo, &["push"]).ok().stdout_has("1 file pushed");
    // the bucket keeps no trash: nothing is deleted, and the undo says what stays and why
    env.dvx(&repo, &["op", "undo"])
        .ok()
        .stdout_has("Undid ")
        .stderr_has("1 object(s) operation ")
        .stderr_has("uploaded to remote 's3r' (s3://")
        .stderr_has("stay there: that remote keeps no trash");
    env.dvc(DVC3, &repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
}

/// A push of 3 changed files of a 300-file directory: the new `.dir`, the committed version's
/// `.dir` (which vouches for the other 297 files), the three files and four uploads; then DVC
/// finds the remote in sync.
fn pushes_three_changed_files_in_few_requests(env: &TestEnv, g: &Garage, repo: &Path) {
    let mark = g.mark();
    env.dvx(repo, &["push"]).ok().stdout_has("4 files pushed");
    let requests = g.requests_since(mark);
    assert!(
        requests.len() <= 12,
        "{} requests for a push of 3 changed files: {requests:#?}",
        requests.len()
    );
    env.dvc(DVC3, repo, &["status", "-c"])
        .ok()
        .stdout_has("Cache and remote 's3r' are in sync.");
}

#[test]
fn a_push_of_a_slightly_changed_directory_asks_about_the_change_only() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "incremental/store");
    for i in 0..300 {
        write(&repo.join(format!("data/f{i:03}.csv")), format!("{i}\n"));
    }
    env.dvx(&repo, &["add", "data"]).ok();
    env.dvx(&repo, &["push"])
        .ok()
        .stdout_has("301 files pushed");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    // 1% of the files change
    for i in [7, 150, 299] {
        write(
            &repo.join(format!("data/f{i:03}.csv")),
            format!("{i} changed\n"),
        );
    }
    env.dvx(&repo, &["add", "data"]).ok();
    // status -c asks about as little, and says what DVC says
    let mark = g.mark();
    let ours = env.dvx(&repo, &["status", "-c"]).ok().stdout;
    let asked = g.requests_since(mark).len();
    assert!(asked <= 8, "{asked} requests for status -c");
    let theirs = env.dvc(DVC3, &repo, &["status", "-c"]).ok().stdout;
    let lines = |s: &str| {
        let mut v: Vec<String> = s.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(lines(&ours), lines(&theirs));
    assert!(ours.contains("new:                data/f150.csv"), "{ours}");
    pushes_three_changed_files_in_few_requests(&env, &g, &repo);
    // a fresh clone pulls the new version whole
    fs::remove_dir_all(repo.join(".dvc/cache")).unwrap();
    fs::remove_dir_all(repo.join("data")).unwrap();
    env.dvx(&repo, &["pull"])
        .ok()
        .stdout_has("301 files fetched");
    assert_eq!(
        fs::read_to_string(repo.join("data/f150.csv")).unwrap(),
        "150 changed\n"
    );
}

#[test]
fn a_stage_output_directory_changed_slightly_is_pushed_asking_about_the_change_only() {
    let g = Garage::start();
    let env = env();
    let repo = env.dvx_repo("r");
    add_s3_remote(&env, &repo, &g, "s3r", "stage/store");
    // a stage writing 300 files, 3 of which depend on a parameter
    write(&repo.join("params.yaml"), "v: 1\n");
    write(
        &repo.join("make.py"),
        "import os,re\nv=re.search(r'v: *(\\d+)',open('params.yaml').read()).group(1)\nos.makedirs('out',exist_ok=True)\nfor i in range(300):\n    open('out/f%03d'%i,'w').write('%d %s\\n'%(i, v if i%100==7 else ''))\n",
    );
    write(
        &repo.join("dvc.yaml"),
        "stages:\n  make:\n    cmd: python3 make.py\n    deps: [make.py]\n    params: [v]\n    outs: [out]\n",
    );
    env.dvx(&repo, &["repro"]).ok();
    env.dvx(&repo, &["push"])
        .ok()
        .stdout_has("301 files pushed");
    env.git(&repo, &["add", "-A"]).ok();
    env.git(&repo, &["commit", "-qm", "v1"]).ok();
    write(&repo.join("params.yaml"), "v: 2\n");
    env.dvx(&repo, &["repro"]).ok();
    pushes_three_changed_files_in_few_requests(&env, &g, &repo);
}
