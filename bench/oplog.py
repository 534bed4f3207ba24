#!/usr/bin/env python3
"""The operation log's costs.

  python3 bench/oplog.py [--files 20000] [--runs 3] [--ops 10000] [--dvx target/release/dvx]

1. `dvx checkout -f` of FILES files (256 B-4 KiB) after every file was edited, with and
   without the log (DVX_NO_OPLOG=1): recording saves each overwritten edit to the cache first.
2. `dvx op undo` of that checkout (every edit put back), against the checkout.
3. `dvx op log` of OPS recorded operations (the log is made of copies of one real line).
4. The size of the record of a one-file `add` in that repository of FILES files.
Medians of RUNS runs, warm page cache. (What recording adds to add, checkout, push and pull
of the same workload without edits: ../shared/bench/compare.py with a peer that sets
DVX_NO_OPLOG=1; see docs/benchmarks.md.)
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--files", type=int, default=20000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--ops", type=int, default=10000)
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
ap.add_argument("--work", default="/tmp/dvx-bench-oplog")
args = ap.parse_args()

repo = Path(args.work)
shutil.rmtree(repo, ignore_errors=True)
rng = random.Random(7)
files = []
for i in range(args.files):
    d = repo / "data" / f"d{i % 100:03d}"
    d.mkdir(parents=True, exist_ok=True)
    p = d / f"f{i:07d}.bin"
    p.write_bytes(rng.randbytes(rng.randint(256, 4096)))
    files.append(p)


def sh(cmd, env=None, check=True):
    return subprocess.run(cmd, cwd=repo, check=check, capture_output=True, env=env)


def timed(cmd, env=None):
    start = time.monotonic()
    sh(cmd, env)
    return time.monotonic() - start


sh(["git", "init", "-q"])
sh([args.dvx, "init", "-q"])
sh([args.dvx, "add", "-q", "data"])
sh(["git", "add", "-A"])
sh(["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "data"])


def edit_all():
    for p in files:
        p.write_bytes(b"edited " + p.name.encode())


nolog = dict(os.environ, DVX_NO_OPLOG="1")
with_log, without, undo = [], [], []
for _ in range(args.runs):
    edit_all()
    time.sleep(1.1)  # the edits are older than the state database's racy margin for both runs
    without.append(timed([args.dvx, "checkout", "-f"], nolog))
    edit_all()
    time.sleep(1.1)
    with_log.append(timed([args.dvx, "checkout", "-f"]))
    undo.append(timed([args.dvx, "op", "undo"]))
    sh([args.dvx, "checkout", "-f"])
m = statistics.median
print(f"{args.files} files of 256 B-4 KiB, every one edited; medians of {args.runs} runs:")
print(f"  checkout -f, no log (DVX_NO_OPLOG=1): {m(without):.3f} s")
print(f"  checkout -f, recorded (edits saved first): {m(with_log):.3f} s")
print(f"  op undo of that checkout: {m(undo):.3f} s")

# op log of many operations
log = repo / ".dvc/tmp/dvx/oplog/log.jsonl"
line = next(json.loads(l) for l in log.read_text().splitlines() if '"op"' in l)
with open(log, "w") as f:
    for i in range(args.ops):
        line["id"] = f"{i:012x}"
        f.write(json.dumps(line, separators=(",", ":")) + "\n")
times = [timed([args.dvx, "op", "log"]) for _ in range(args.runs)]
print(f"  op log of {args.ops} operations: {m(times) * 1000:.0f} ms")

# a one-file add in the big repository records a small operation
(repo / "one.txt").write_text("one\n")
sh([args.dvx, "add", "-q", "one.txt"])
out = json.loads(sh([args.dvx, "op", "log", "-n", "1", "--json"]).stdout)
size = (repo / ".dvc/tmp/dvx/oplog/ops" / f"{out[0]['id']}.json").stat().st_size
print(f"  record of a one-file add among {args.files} files: {size} bytes")
shutil.rmtree(repo, ignore_errors=True)
