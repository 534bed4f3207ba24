#!/usr/bin/env bash
# No-op `repro` of a pipeline whose stage depends on many `.dvc` data sources, in a workspace of
# many untracked files (code, notebooks, a virtualenv...) beside a tracked directory of 1,000:
# how often each tool walks the workspace. Builds the repository once, then for each dvx binary
# given prints the median wall time of RUNS runs and the directory reads (getdents64 calls,
# counted by strace) of one run.
#
#   bench/repro_sources.sh target/release/dvx [OTHER_DVX...]
#   SOURCES=50 FILES=20000 RUNS=5 bench/repro_sources.sh target/release/dvx
set -euo pipefail
sources="${SOURCES:-50}"
files="${FILES:-20000}"
runs="${RUNS:-5}"
work="${WORK:-/tmp/dvx-bench-repro-sources}"
first="$(realpath "$1")"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
git init -q . && git config user.email b@example.com && git config user.name bench
"$first" init -q
mkdir -p big src
python3 - "$files" <<'PY'
import os, sys
def make(top, n):
    for i in range(n):
        d = f"{top}/{i // 100:04d}"
        os.makedirs(d, exist_ok=True)
        with open(f"{d}/{i}.txt", "w") as f:
            f.write(f"file {i}\n")
make("big", 1000)  # tracked
make("code", int(sys.argv[1]))  # untracked
PY
deps=""
for i in $(seq 1 "$sources"); do
  echo "source $i" > "src/s$i.txt"
  deps="$deps -d src/s$i.txt"
done
"$first" add -q big $(for i in $(seq 1 "$sources"); do echo "src/s$i.txt"; done)
# shellcheck disable=SC2086
"$first" stage add -q -n combine $deps -d big -o out.txt 'cat src/*.txt > out.txt'
"$first" repro -q
git add -A >/dev/null && git commit -qm bench
for tool in "$@"; do
  tool="$(realpath "$tool")"
  "$tool" repro -q # warm the state database
  times=()
  for _ in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    "$tool" repro -q
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
  reads=$(strace -f -c -e trace=getdents64 "$tool" repro -q 2>&1 >/dev/null |
    awk '$NF == "getdents64" { print $4 }')
  echo "$tool: repro with $sources data sources, $files untracked files: ${median}s (median of $runs), $reads getdents64 calls"
done
