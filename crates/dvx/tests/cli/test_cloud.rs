//! Azure Blob Storage and Google Cloud Storage remotes against real servers of their APIs on
//! loopback (Azurite; fake-gcs-server), and real DVC 3.67.1 with dvc-azure and dvc-gs on the
//! same remotes.

use dvx_test::servers::{azure_connection_string, azurite, fake_gcs, free_port, AZURE_KEY, BUCKET};
use dvx_test::{tree, write};

use super::env;
use super::test_ssh::{make_data, round_trip_with_dvc};

#[test]
fn azure_remote_round_trip_with_dvc() {
    let azurite = azurite();
    let env = env();
    let repo = env.dvx_repo("r");
    let url = format!("azure://{BUCKET}/store");
    env.dvx(&repo, &["remote", "add", "-d", "az", &url]).ok();
    let conn = azure_connection_string(azurite.port);
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "az",
            "connection_string",
            &conn,
        ],
    )
    .ok();
    round_trip_with_dvc(&env, &repo, "az");
    let config = std::fs::read_to_string(repo.join(".dvc/config")).unwrap();
    assert!(!config.contains(AZURE_KEY), "the key went to .dvc/config");
}

#[test]
fn azure_remote_failures_are_one_clear_line() {
    let azurite = azurite();
    let env = env();
    let repo = env.dvx_repo("r");
    make_data(&repo);
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    let before = tree(&repo.join(".dvc/cache"));
    env.dvx(&repo, &["remote", "add", "-d", "az", "azure://nope/store"])
        .ok();
    let conn = azure_connection_string(azurite.port);
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "az",
            "connection_string",
            &conn,
        ],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("container 'nope' does not exist");
    // a wrong key (still valid base64): refused, and never printed
    let wrong_key = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";
    let wrong = conn.replace(AZURE_KEY, wrong_key);
    let url = format!("azure://{BUCKET}/store");
    env.dvx(&repo, &["remote", "modify", "az", "url", &url])
        .ok();
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "az",
            "connection_string",
            &wrong,
        ],
    )
    .ok();
    let r = env
        .dvx(&repo, &["push", "-v"])
        .fails()
        .stderr_has("access denied");
    assert!(
        !r.stderr.contains(wrong_key),
        "the key was printed: {}",
        r.stderr
    );
    // no credentials at all
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "-u",
            "az",
            "connection_string",
        ],
    )
    .ok();
    env.dvx(&repo, &["status", "-c"])
        .fails()
        .stderr_has("needs an account_name or a connection_string");
    // nothing listening
    let closed = conn.replace(&azurite.port.to_string(), &free_port().to_string());
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "--local",
            "az",
            "connection_string",
            &closed,
        ],
    )
    .ok();
    env.dvx(&repo, &["status", "-c"])
        .fails()
        .stderr_has("cannot reach");
    assert_eq!(tree(&repo.join(".dvc/cache")), before, "the cache changed");
}

#[test]
fn gcs_remote_round_trip_with_dvc() {
    let gcs = fake_gcs();
    // gcsfs would first ask for the bucket's type over gRPC, which the server does not
    // speak, for a minute
    let env = env().with_var("GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT", "false");
    let repo = env.dvx_repo("r");
    let url = format!("gs://{BUCKET}/store");
    let endpoint = format!("http://127.0.0.1:{}", gcs.port);
    env.dvx(&repo, &["remote", "add", "-d", "gcs", &url]).ok();
    env.dvx(
        &repo,
        &["remote", "modify", "gcs", "endpointurl", &endpoint],
    )
    .ok();
    env.dvx(
        &repo,
        &["remote", "modify", "gcs", "allow_anonymous_login", "true"],
    )
    .ok();
    round_trip_with_dvc(&env, &repo, "gcs");
}

#[test]
fn gcs_remote_failures_are_one_clear_line() {
    let gcs = fake_gcs();
    let env = env();
    let repo = env.dvx_repo("r");
    make_data(&repo);
    env.dvx(&repo, &["add", "data", "model.bin"]).ok();
    let before = tree(&repo.join(".dvc/cache"));
    let endpoint = format!("http://127.0.0.1:{}", gcs.port);
    env.dvx(&repo, &["remote", "add", "-d", "gcs", "gs://nope/store"])
        .ok();
    env.dvx(
        &repo,
        &["remote", "modify", "gcs", "endpointurl", &endpoint],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("found no credentials");
    let missing = env.path("no-such-key.json");
    env.dvx(
        &repo,
        &[
            "remote",
            "modify",
            "gcs",
            "credentialpath",
            missing.to_str().unwrap(),
        ],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("is not a file");
    env.dvx(&repo, &["remote", "modify", "-u", "gcs", "credentialpath"])
        .ok();
    env.dvx(
        &repo,
        &["remote", "modify", "gcs", "allow_anonymous_login", "true"],
    )
    .ok();
    env.dvx(&repo, &["push"])
        .fails()
        .stderr_has("bucket 'nope' does not exist");
    write(&repo.join("model.bin"), "changed\n");
    assert_eq!(tree(&repo.join(".dvc/cache")), before, "the cache changed");
}
