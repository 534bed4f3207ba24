#!/usr/bin/env bash
# Fuzzes the parsers of every untrusted format (pointer files, .dir manifests, dvc.lock,
# dvc.yaml, params files, config) with cargo fuzz (libFuzzer), SECONDS_EACH seconds per target
# (default 180). Installs cargo-fuzz when missing. The machine's toolchain is stable:
# RUSTC_BOOTSTRAP=1 lets cargo fuzz pass its flags, and the sanitizer is off (dvx-formats has
# no unsafe code; the fuzzers look for panics, aborts, stack overflows and runaway memory).
# A crashing input is written under fuzz/artifacts/<target>/; copy it into
# crates/dvx-formats/tests/fuzz_regressions/<target>/ so that the test suite keeps it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
each="${SECONDS_EACH:-180}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd "$here/fuzz"
targets=(pointer manifest lock dvc_yaml params config)
[ $# -gt 0 ] && targets=("$@")
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  seeds="$here/crates/dvx-formats/tests/fuzz_regressions/$t"
  echo "== $t: ${each}s" >&2
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none "$t" "corpus/$t" $( [ -d "$seeds" ] && echo "$seeds" ) -- \
    -max_total_time="$each" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1
done
