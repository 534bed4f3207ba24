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
import socket
import subprocess
import sys
import tempfile
import time
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
    cache = Path(os.environ.get("DVX_TEST_CACHE", Path.home() / ".cache" / "dvx-test"))
    binary = cache / "garage-2.5.0" / "bin" / "garage"
    dvc_venv = cache / "dvc-3.67.1" / "bin"
    if not binary.exists() or not (dvc_venv / "dvc").exists():
        sys.exit(f"--s3 needs {binary} and {dvc_venv}/dvc with dvc-s3: run ./scripts/test.sh once first")
    state = Path(tempfile.mkdtemp(prefix="dvx-bench-garage."))
    ports = []
    for _ in range(3):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        ports.append(s.getsockname()[1])
        s.close()
    s3_port, rpc_port, admin_port = ports
    (state / "garage.toml").write_text(f'''metadata_dir = "{state}/meta"
data_dir = "{state}/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc_port}"
rpc_public_addr = "127.0.0.1:{rpc_port}"
rpc_secret = "1799bccfd7411eddcf9ebd316bc1f5287ad12a68094e1c6ac6abde7e6feae1ec"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3_port}"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:{admin_port}"
admin_token = "bench"
''')
    key, secret = "GK0123456789abcdef01234567", "5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0"
    garage = subprocess.Popen(
        [str(binary), "-c", str(state / "garage.toml"), "server", "--single-node", "--default-bucket"],
        env=dict(os.environ, GARAGE_DEFAULT_ACCESS_KEY=key, GARAGE_DEFAULT_SECRET_KEY=secret,
                 GARAGE_DEFAULT_BUCKET="dvx-bench", RUST_LOG="warn"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", s3_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    time.sleep(0.5)
    os.environ.update(AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret)
    os.environ["PATH"] = f"{dvc_venv}:{os.environ['PATH']}"
    endpoint = f"http://127.0.0.1:{s3_port}"
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
