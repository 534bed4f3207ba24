#!/usr/bin/env python3
"""`import-url` of a directory of many small objects from S3, dvx against DVC 3.67.1 (dvc-s3),
on a single-node Garage on loopback (the binary and the DVC virtualenv the test suite installs
under ~/.cache/dvx-test; run ./scripts/test.sh once first).

  python3 bench/import_url.py [--files 1000] [--runs 3] [--dvx target/release/dvx]

Prints the median seconds of `import-url` into a fresh repository and of a no-op `update`.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--files", type=int, default=1000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
args = ap.parse_args()

cache = Path(os.environ.get("DVX_TEST_CACHE", Path.home() / ".cache" / "dvx-test"))
garage_bin = cache / "garage-2.5.0" / "bin" / "garage"
venv = cache / "dvc-3.67.1" / "bin"
if not garage_bin.exists() or not (venv / "dvc").exists():
    sys.exit(f"needs {garage_bin} and {venv}/dvc: run ./scripts/test.sh once first")

state = Path(tempfile.mkdtemp(prefix="dvx-bench-import-url."))
ports = []
for _ in range(3):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    ports.append(s.getsockname()[1])
    s.close()
s3, rpc, admin = ports
(state / "garage.toml").write_text(f'''metadata_dir = "{state}/meta"
data_dir = "{state}/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc}"
rpc_public_addr = "127.0.0.1:{rpc}"
rpc_secret = "1799bccfd7411eddcf9ebd316bc1f5287ad12a68094e1c6ac6abde7e6feae1ec"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3}"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:{admin}"
admin_token = "bench"
''')
key, secret = "GK0123456789abcdef01234567", "5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0"
garage = subprocess.Popen(
    [str(garage_bin), "-c", str(state / "garage.toml"), "server", "--single-node", "--default-bucket"],
    env=dict(os.environ, GARAGE_DEFAULT_ACCESS_KEY=key, GARAGE_DEFAULT_SECRET_KEY=secret,
             GARAGE_DEFAULT_BUCKET="bench", RUST_LOG="warn"),
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", s3), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    time.sleep(0.5)
    endpoint = f"http://127.0.0.1:{s3}"
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
