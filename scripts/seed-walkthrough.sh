#!/usr/bin/env bash
# Builds dvx and runs the seed lesson's walkthrough with it, in a throwaway git repository:
# init, a local directory remote, add three CSV files, status, push, pull into an empty cache,
# commit a new data version with git and push it, roll back with
# `git checkout HEAD~1 && dvx checkout`, and forward again. Every step is checked.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# DVX=/path/to/dvx runs the walkthrough with that executable (an installed one) instead
if [ -n "${DVX:-}" ]; then
  dvx="$DVX"
else
  echo "building dvx (release mode; the first build takes 10-20 minutes on 2 cores) ..." >&2
  cargo build --release --manifest-path "$here/Cargo.toml"
  dvx="$here/target/release/dvx"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/dvx-walkthrough.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work"

step() { printf '\n$ %s\n' "$*"; "$@"; }
check() { if ! eval "$1"; then echo "walkthrough check failed: $1" >&2; exit 1; fi; }

git init -q -b main .
git config user.email walkthrough@example.com
git config user.name walkthrough
printf 'logs/\nstores/\n' > .gitignore
step "$dvx" init
step "$dvx" remote add -d storage stores/blob
check 'grep -qx "    url = ../stores/blob" .dvc/config'
mkdir -p data
for f in projects tags labeled_projects; do
  python3 - "$f" <<'PY'
import random, sys
name = sys.argv[1]
rng = random.Random(name)
with open(f"data/{name}.csv", "w") as fh:
    fh.write("id,created_on,title,tag\n")
    for i in range(2000):
        fh.write(f"{i},2020-0{rng.randint(1,9)}-1{rng.randint(0,9)},title {rng.random():.6f},{name}\n")
PY
done
step "$dvx" add data/projects.csv
step "$dvx" add data/tags.csv
step "$dvx" add data/labeled_projects.csv
step cat data/.gitignore
step cat data/projects.csv.dvc
check '[ "$(cat data/.gitignore)" = "$(printf "/projects.csv\n/tags.csv\n/labeled_projects.csv")" ]'
step "$dvx" status
check '"$dvx" status | grep -q "Data and pipelines are up to date."'
git add -A && git commit -q -m "data v1"
v1="$(md5sum < data/projects.csv)"

step "$dvx" push
check '"$dvx" push | grep -q "Everything is up to date."'
step find stores/blob -type f
check '[ "$(find stores/blob/files/md5 -type f | wc -l)" = 3 ]'
step "$dvx" status -c
step rm -rf data/projects.csv data/tags.csv data/labeled_projects.csv .dvc/cache
step "$dvx" pull
check '[ "$(md5sum < data/projects.csv)" = "$v1" ]'
check '"$dvx" status | grep -q "Data and pipelines are up to date."'

echo "999,2022-01-01,a new project,new" >> data/projects.csv
step "$dvx" status
step "$dvx" add data/projects.csv
step "$dvx" push
git commit -q -am "data v2"
v2="$(md5sum < data/projects.csv)"

step git checkout -q HEAD~1
step "$dvx" checkout
check '[ "$(md5sum < data/projects.csv)" = "$v1" ]'
step git checkout -q main
step "$dvx" checkout
check '[ "$(md5sum < data/projects.csv)" = "$v2" ]'
step "$dvx" status
printf '\nwalkthrough OK: add, status, push, pull, commit and rollback work with dvx\n'
