//! Replays every input kept under `tests/fuzz_regressions/<target>/` through the fuzz target's
//! code (`dvx_formats::fuzzing`): inputs that once crashed, aborted or ran out of memory, and
//! the hostile ones the fuzzers are pointed at. Each must finish without a panic, quickly.

use std::time::{Duration, Instant};

#[test]
fn kept_fuzz_inputs_never_crash() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    for (target, run) in dvx_formats::fuzzing::TARGETS {
        let dir = root.join(target);
        let inputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        assert!(!inputs.is_empty(), "{}: no inputs to replay", dir.display());
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let start = Instant::now();
            run(&data);
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{} took {:?}",
                input.display(),
                start.elapsed()
            );
            replayed += 1;
        }
    }
    assert!(replayed >= 6, "only {replayed} inputs replayed");
}
