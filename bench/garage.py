"""A throwaway single-node Garage S3 server on loopback for the benchmarks: the binary the test
suite installs under ~/.cache/dvx-test (run ./scripts/test.sh once first)."""
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEY = "GK0123456789abcdef01234567"
SECRET = "5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0c0ffee5ec7e7a0"
CACHE = Path(os.environ.get("DVX_TEST_CACHE", Path.home() / ".cache" / "dvx-test"))
DVC_VENV = CACHE / "dvc-3.67.1" / "bin"


def start(bucket: str, prefix: str):
    """Starts Garage with `bucket`; returns (process, endpoint URL, state directory)."""
    binary = CACHE / "garage-2.5.0" / "bin" / "garage"
    if not binary.exists() or not (DVC_VENV / "dvc").exists():
        sys.exit(f"needs {binary} and {DVC_VENV}/dvc with dvc-s3: run ./scripts/test.sh once first")
    state = Path(tempfile.mkdtemp(prefix=prefix))
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
    proc = subprocess.Popen(
        [str(binary), "-c", str(state / "garage.toml"), "server", "--single-node", "--default-bucket"],
        env=dict(os.environ, GARAGE_DEFAULT_ACCESS_KEY=KEY, GARAGE_DEFAULT_SECRET_KEY=SECRET,
                 GARAGE_DEFAULT_BUCKET=bucket, RUST_LOG="warn"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", s3_port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    time.sleep(0.5)
    return proc, f"http://127.0.0.1:{s3_port}", state
