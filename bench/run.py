#!/usr/bin/env python3
"""dvx's benchmark: the shared side-by-side harness (shared/bench/compare.py), imported unchanged,
with one step added after `push`: `status -c` (cache against remote, nothing to do).

  python3 bench/run.py                       # 20k small files + one 1 GiB file, 3 runs, local remote
  python3 bench/run.py --workload small --runs 1
  python3 bench/run.py --s3 --runs 3         # the same against S3: a Garage server on loopback
  python3 bench/run.py --compare ../shared/bench/compare.py --json out.json

With --s3 each tool's remote is a fresh prefix of one bucket on a single-node Garage (the binary
the test suite installs under ~/.cache/dvx-test), reached over loopback with the credentials in
the AWS_* environment variables, so that clones get them too. DVC runs with dvc-s3 from the
test suite's DVC 3.67.1 virtualenv.
"""
import argparse
import importlib.util
import itertools
import os
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
ap = argparse.ArgumentParser(add_help=False)
ap.add_argument("--compare", default=str(here.parent.parent / "shared" / "bench" / "compare.py"))
ap.add_argument("--tool", default=None)
ap.add_argument("--s3", action="store_true")
known, rest = ap.parse_known_args()

spec = importlib.util.spec_from_file_location("compare", known.compare)
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

full_steps = compare.steps


def steps(target):
    out = []
    for s in full_steps(target):
        out.append(s)
        if s[0] == "push":
            out.append(("status-cloud", ["status", "-c"], None))
    return out


compare.steps = steps

tool = known.tool
if tool is None:
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(here.parent / "Cargo.toml")], check=True)
    tool = str(here.parent / "target" / "release" / "dvx")

garage = None
if known.s3:
    sys.path.insert(0, str(here))
    import garage as garage_server

    garage, endpoint, state = garage_server.start("dvx-bench", "dvx-bench-garage.")
    key, secret, dvc_venv = garage_server.KEY, garage_server.SECRET, garage_server.DVC_VENV
    os.environ.update(AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret)
    os.environ["PATH"] = f"{dvc_venv}:{os.environ['PATH']}"
    fresh = itertools.count()
    plain_sh = compare.sh

    def sh(cmd, cwd=None, env=None, check=True, quiet=True):
        # `remote add -d storage DIR` becomes a fresh S3 prefix with the endpoint and region
        if len(cmd) >= 4 and cmd[1:3] == ["remote", "add"]:
            url = f"s3://dvx-bench/{Path(cmd[-1]).name}-{next(fresh)}"
            plain_sh([cmd[0], "remote", "add", "-d", "storage", url], cwd, env, check, quiet)
            plain_sh([cmd[0], "remote", "modify", "storage", "endpointurl", endpoint], cwd, env, check, quiet)
            return plain_sh([cmd[0], "remote", "modify", "storage", "region", "garage"], cwd, env, check, quiet)
        return plain_sh(cmd, cwd, env, check, quiet)

    compare.sh = sh

sys.argv = [sys.argv[0], "--tool", tool] + rest
try:
    compare.main()
finally:
    if garage is not None:
        garage.kill()
        garage.wait()
        subprocess.run(["rm", "-rf", str(state)])
