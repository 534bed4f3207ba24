#!/usr/bin/env python3
"""`import-url` of a directory of many small objects from S3, dvx against DVC 3.67.1 (dvc-s3),
on a single-node Garage on loopback (the binary and the DVC virtualenv the test suite installs
under ~/.cache/dvx-test; run ./scripts/test.sh once first).

  python3 bench/import_url.py [--files 1000] [--runs 3] [--dvx target/release/dvx]

Prints the median seconds of `import-url` into a fresh repository and of a no-op `update`.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--files", type=int, default=1000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
args = ap.parse_args()

sys.path.insert(0, str(Path(__file__).resolve().parent))
import garage as garage_server  # noqa: E402

garage, endpoint, state = garage_server.start("bench", "dvx-bench-import-url.")
key, secret, venv = garage_server.KEY, garage_server.SECRET, garage_server.DVC_VENV
try:
    env = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret,
               AWS_DEFAULT_REGION="garage")
    subprocess.run([str(venv / "python"), "-c", f"""
import s3fs
fs = s3fs.S3FileSystem(endpoint_url="{endpoint}", client_kwargs={{"region_name": "garage"}})
fs.pipe({{f"bench/data/f{{i:06d}}.csv": f"{{i}},{{i * 7}}\\n".encode() for i in range({args.files})}})
"""], env=env, check=True)
    tools = {"dvx": args.dvx, "dvc": str(venv / "dvc")}
    times = {t: {"import-url": [], "update, nothing changed": []} for t in tools}
    for run in range(args.runs):
        for name, exe in tools.items():
            repo = state / f"{name}-{run}"
            subprocess.run(["git", "init", "-q", str(repo)], check=True)
            subprocess.run([exe, "init", "-q"], cwd=repo, env=env, check=True)
            for step, cmd in [
                ("import-url", ["import-url", "-q", "s3://bench/data", "--fs-config", f"endpointurl={endpoint}"]),
                ("update, nothing changed", ["update", "-q", "data.dvc"]),
            ]:
                start = time.monotonic()
                subprocess.run([exe, *cmd], cwd=repo, env=env, check=True)
                times[name][step].append(time.monotonic() - start)
    print(f"{args.files} objects of a few bytes, medians of {args.runs} runs:")
    for step in times["dvx"]:
        a, b = statistics.median(times["dvx"][step]), statistics.median(times["dvc"][step])
        print(f"  {step}: dvx {a:.2f} s, dvc {b:.2f} s ({b / a:.1f}x)")
finally:
    garage.kill()
