#!/usr/bin/env python3
"""dvx's benchmark: the shared side-by-side harness (shared/bench/compare.py), imported unchanged,
with one step added after `push`: `status -c` (cache against remote, nothing to do).

  python3 bench/run.py                       # 20k small files + one 1 GiB file, 3 runs, local remote
  python3 bench/run.py --workload small --runs 1
  python3 bench/run.py --s3 --runs 3         # the same against S3: a Garage server on loopback
  python3 bench/run.py --compare ../shared/bench/compare.py --json out.json
  python3 bench/run.py --s3 --rclone         # dvx push/pull against `rclone copy` up/down instead

With --rclone (and --s3) the small workload's directory (made by a run without it) is pushed
and pulled by dvx, and copied up and down by Debian's `rclone` with many transfers in flight, to
fresh prefixes of the same bucket: what the directory costs a plain S3 copier on the same server.

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
ap.add_argument("--rclone", action="store_true")
ap.add_argument("--work", default="/tmp/dvx-bench")
ap.add_argument("--transfers", type=int, default=64)
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



def against_rclone():
    """dvx push and pull of the small workload's directory, then rclone copy up and down."""
    work = Path(known.work)
    dataset = work / "dataset-small"
    if not dataset.exists():
        sys.exit(f"{dataset} is missing: run `python3 bench/run.py --workload small --runs 1` once first")
    env = dict(os.environ, DVC_NO_ANALYTICS="1", GIT_TERMINAL_PROMPT="0")
    repo, clone, down = work / "repo-rclone", work / "clone-rclone", work / "down-rclone"
    for p in (repo, clone, down):
        subprocess.run(["rm", "-rf", str(p)], check=True)
    subprocess.run(["cp", "-a", str(dataset), str(repo)], check=True)
    for cmd in (["git", "init", "-q"], ["git", "config", "user.email", "b@example.com"],
                ["git", "config", "user.name", "b"], [tool, "init", "-q"],
                [tool, "remote", "add", "-d", "storage", "remote"], [tool, "add", "data/many"],
                ["git", "add", "-A"], ["git", "commit", "-qm", "data"]):
        compare.sh(cmd, repo, env)
    rows = {"dvx push": compare.timed([tool, "push"], repo, env)}
    compare.sh(["git", "clone", "-q", str(repo), str(clone)], work, env)
    rows["dvx pull"] = compare.timed([tool, "pull"], clone, env)
    # rclone: its S3 backend configured from the environment, the best settings for many small
    # objects (no bucket check, no HEAD after each upload, no listing of the destination)
    prefix = f"rclone-{os.getpid()}"
    renv = {k: v for k, v in env.items() if k != "AWS_CA_BUNDLE"}
    renv.update(RCLONE_CONFIG_G_TYPE="s3", RCLONE_CONFIG_G_PROVIDER="Other", RCLONE_CONFIG_G_ENDPOINT=endpoint,
                RCLONE_CONFIG_G_REGION="garage", RCLONE_CONFIG_G_ACCESS_KEY_ID=key,
                RCLONE_CONFIG_G_SECRET_ACCESS_KEY=secret)
    flags = [f"--transfers={known.transfers}", f"--checkers={known.transfers}", "--s3-no-check-bucket",
             "--s3-no-head", "--no-check-dest"]
    rows["rclone copy up"] = compare.timed(["rclone", "copy", str(dataset / "data" / "many"), f"g:dvx-bench/{prefix}"] + flags, work, renv)
    rows["rclone copy down"] = compare.timed(["rclone", "copy", f"g:dvx-bench/{prefix}", str(down)] + flags, work, renv)
    n = sum(1 for _ in (dataset / "data" / "many").rglob("*.bin"))
    print(f"\n== {n} files over S3 (Garage on loopback), rclone with {known.transfers} transfers ==")
    for name, (wall, rss) in rows.items():
        print(f"{name:18} {wall:8.2f} s {rss / 1024:6.0f} MiB")
    print(f"rclone up / dvx push: {rows['rclone copy up'][0] / rows['dvx push'][0]:.1f}x, "
          f"rclone down / dvx pull: {rows['rclone copy down'][0] / rows['dvx pull'][0]:.1f}x")
    for p in (repo, clone, down):
        subprocess.run(["rm", "-rf", str(p)], check=True)


if known.rclone and garage is None:
    sys.exit("--rclone compares over S3: give --s3 too")
sys.argv = [sys.argv[0], "--tool", tool] + rest + ["--work", known.work]
try:
    against_rclone() if known.rclone else compare.main()
finally:
    if garage is not None:
        garage.kill()
        garage.wait()
        subprocess.run(["rm", "-rf", str(state)])
