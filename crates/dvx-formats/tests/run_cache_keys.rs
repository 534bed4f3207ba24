//! Run-cache keys and values are DVC's: the expected digests were computed by DVC 3.67.1's own
//! `dvc.stage.cache._get_cache_hash` on the same lock entry (with and without `key=True`).

use dvx_formats::pipeline::Lock;

const LOCK: &str = "schema: '2.0'
stages:
  train:
    cmd: python train.py --lr 0.1
    deps:
    - path: data/prep.csv
      hash: md5
      md5: 1f5e5a3c2b8e0c7d9a6b4f3e2d1c0b9a
      size: 1234
    - path: train.py
      hash: md5
      md5: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
      size: 88
    params:
      params.yaml:
        train.lr: 0.1
        train.epochs: 10
    outs:
    - path: model.pkl
      hash: md5
      md5: 9f8e7d6c5b4a39281706f5e4d3c2b1a0
      size: 4096
    - path: metrics.json
      hash: md5
      md5: 00112233445566778899aabbccddeeff
      size: 42
";

#[test]
fn run_cache_key_and_value_are_dvcs() {
    let lock = Lock::parse(LOCK).unwrap();
    let entry = lock.get("train").unwrap();
    assert_eq!(
        entry.run_cache_key(),
        "048f34cf2ca785d3ecb6ea476641afe934c175dae46d1ae5eab3f3ba7e6dd61e"
    );
    assert_eq!(
        entry.run_cache_value(),
        "f32edec5b71e35f1b7823f548ae8972ce237567d0a691433ac29dc6e2af5fbbc"
    );
}

#[test]
fn the_key_ignores_output_hashes_and_the_value_does_not() {
    let changed = LOCK.replace(
        "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "ffffffffffffffffffffffffffffffff",
    );
    let a = Lock::parse(LOCK).unwrap();
    let b = Lock::parse(&changed).unwrap();
    let (a, b) = (a.get("train").unwrap(), b.get("train").unwrap());
    assert_eq!(a.run_cache_key(), b.run_cache_key());
    assert_ne!(a.run_cache_value(), b.run_cache_value());
    let cmd = LOCK.replace("--lr 0.1", "--lr 0.2");
    let c = Lock::parse(&cmd).unwrap();
    assert_ne!(a.run_cache_key(), c.get("train").unwrap().run_cache_key());
}
