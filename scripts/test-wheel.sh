#!/usr/bin/env bash
# The Python package, as a user installs it: builds dvx's wheel with maturin (pyproject.toml's
# settings: the executable alone, OpenSSL built in), installs it into a fresh virtualenv with
# pip, checks what it installed, and runs the seed walkthrough with the installed `dvx`; then
# `pip install` of the source tree (the PEP 517 build) the same way. Debug builds, to keep the
# test short. The build runs in a copy of the tracked sources at a fixed place under the test
# cache, so its compiled dependencies are reused from one run to the next (the first one
# compiles them and OpenSSL: ~10 minutes on 2 cores).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="${DVX_TEST_CACHE:-$HOME/.cache/dvx-test}"
maturin_version=1.16.0
tools="$cache/maturin-$maturin_version"
if [ ! -x "$tools/bin/maturin" ]; then
  rm -rf "$tools.tmp"
  python3 -m venv "$tools.tmp"
  "$tools.tmp/bin/pip" install -q --disable-pip-version-check "maturin==$maturin_version"
  rm -rf "$tools" && mv "$tools.tmp" "$tools"
  # a venv's scripts name their interpreter by path: make them again where it now is
  python3 -m venv --upgrade "$tools" >/dev/null
fi
src="$cache/wheel-src"
mkdir -p "$src"
find "$src" -mindepth 1 -maxdepth 1 ! -name target -exec rm -rf {} +
(cd "$here" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) |
  tar -xf - -C "$src"
work="$(mktemp -d "${TMPDIR:-/tmp}/dvx-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "wheel check failed: $*" >&2; exit 1; }

echo "building the wheel (maturin build --profile dev) ..." >&2
(cd "$src" && "$tools/bin/maturin" build --profile dev --out "$work/wheels" >&2)
wheel=("$work"/wheels/dvx-*.whl)
[ -f "${wheel[0]}" ] || fail "no wheel in $work/wheels"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check --no-index "${wheel[0]}"
exe="$work/venv/bin/dvx"
[ "$(head -c 4 "$exe" | od -An -c | tr -d ' ')" = '177ELF' ] ||
  fail "$exe is not the executable itself (a launcher script loses the name it is called by)"
if ldd "$exe" | grep -q 'libssl\|libcrypto'; then fail "$exe needs the system's OpenSSL"; fi
[ ! -e "$work/venv/bin/dvc" ] || fail "the wheel installed a dvc executable"
"$exe" --version | grep -q '^dvx ' || fail "dvx --version: $("$exe" --version)"
# the documented opt-in: a link named dvc answers as DVC does (for the VS Code extension)
ln -s "$exe" "$work/dvc"
"$work/dvc" --version | grep -q '^3\.67\.1 (dvx ' || fail "dvc --version: $("$work/dvc" --version)"
for f in share/man/man1/dvx.1 share/man/man1/dvx-exp-run.1 share/bash-completion/completions/dvx \
  share/zsh/site-functions/_dvx share/fish/vendor_completions.d/dvx.fish; do
  [ -s "$work/venv/$f" ] || fail "the wheel did not install $f"
done
DVX="$exe" "$here/scripts/seed-walkthrough.sh" >&2

echo "pip install of the source tree ..." >&2
python3 -m venv "$work/venv2"
MATURIN_PEP517_ARGS="--profile dev" \
  "$work/venv2/bin/pip" install -q --disable-pip-version-check "$src"
"$work/venv2/bin/dvx" --version | grep -q '^dvx ' || fail "dvx from pip install of the source"
echo "wheel OK: built, installed with pip into a fresh virtualenv, walkthrough passed"
