#!/usr/bin/env python3
"""dvx's benchmark: the shared side-by-side harness (shared/bench/compare.py) with the steps dvx
implements so far: add, status (clean and 1% modified), commit, checkout after delete.

It imports compare.py unchanged and only narrows its step list; push and pull join when they
land.

  python3 bench/run.py                       # 20k small files + one 1 GiB file, 3 runs
  python3 bench/run.py --workload small --runs 1
  python3 bench/run.py --compare ../shared/bench/compare.py --json out.json
"""
import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
ap = argparse.ArgumentParser(add_help=False)
ap.add_argument("--compare", default=str(here.parent.parent / "shared" / "bench" / "compare.py"))
ap.add_argument("--tool", default=None)
known, rest = ap.parse_known_args()

spec = importlib.util.spec_from_file_location("compare", known.compare)
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

STEPS = {"add", "status-clean", "status-1pct-modified", "commit-modified", "checkout-after-delete"}
full_steps = compare.steps
compare.steps = lambda target: [s for s in full_steps(target) if s[0] in STEPS]
tool = known.tool
if tool is None:
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(here.parent / "Cargo.toml")], check=True)
    tool = str(here.parent / "target" / "release" / "dvx")
sys.argv = [sys.argv[0], "--tool", tool] + rest
compare.main()
