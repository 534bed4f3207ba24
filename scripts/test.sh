#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first: the system tools below
# (from Debian's packages if missing); the tests themselves create and cache the Python
# virtualenvs with real DVC 3.67.1 and 2.10.2 (under ~/.cache/dvx-test, or $DVX_TEST_CACHE).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
need=()
command -v git >/dev/null || need+=(git)
command -v flock >/dev/null || need+=(util-linux)
command -v script >/dev/null || need+=(bsdutils)
command -v md5sum >/dev/null || need+=(coreutils)
pkg-config --exists openssl 2>/dev/null || need+=(libssl-dev pkg-config)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} ..." >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}"
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}"; fi
fi
cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole run: cargo prints one summary per test binary.
awk '/^test result:/ { p += $4; f += $6 } END { printf "%d passed, %d failed\n", p, f }' "$log"
exit "$status"
