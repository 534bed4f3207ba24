#!/usr/bin/env python3
"""`dvx fsck` of a cache against its floor: md5sum of every cache object on all cores.

  python3 bench/fsck.py [--files 20000] [--runs 3] [--dvx target/release/dvx]

Builds a repository of FILES files of 0.25-4 KiB (the shared harness's small workload),
`dvx add`s them, then times `dvx fsck` and `find .dvc/cache -type f | xargs -P CORES md5sum`
with a warm page cache; prints the medians.
"""
import argparse
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
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
ap.add_argument("--work", default="/tmp/dvx-bench-fsck")
args = ap.parse_args()

repo = Path(args.work)
shutil.rmtree(repo, ignore_errors=True)
data = repo / "data"
rng = random.Random(7)
for i in range(args.files):
    d = data / f"d{i % 100:02d}"
    d.mkdir(parents=True, exist_ok=True)
    (d / f"f{i:06d}.bin").write_bytes(rng.randbytes(rng.randint(256, 4096)))
subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
subprocess.run([args.dvx, "init", "-q"], cwd=repo, check=True)
subprocess.run([args.dvx, "add", "-q", "data"], cwd=repo, check=True)

cores = str(os.cpu_count() or 1)
commands = {
    "dvx fsck": [args.dvx, "fsck"],
    f"md5sum, {cores} at once (floor)": [
        "sh", "-c", f"find .dvc/cache -type f -print0 | xargs -0 -P {cores} -n 500 md5sum > /dev/null"],
}
print(f"{args.files} files of 0.25-4 KiB; medians of {args.runs} runs, warm page cache:")
for name, cmd in commands.items():
    subprocess.run(cmd, cwd=repo, capture_output=True)  # warm-up
    times = []
    for _ in range(args.runs):
        start = time.monotonic()
        subprocess.run(cmd, cwd=repo, capture_output=True, check=True)
        times.append(time.monotonic() - start)
    print(f"  {name}: {statistics.median(times):.3f} s")
shutil.rmtree(repo, ignore_errors=True)
