#!/usr/bin/env python3
"""The file-system monitor (`[core] monitor = watchman` in .dvx/config) on a large directory.

  python3 bench/monitor.py [--files 1000000] [--runs 3] [--dvx target/release/dvx] [--work DIR]

Makes FILES small files in 100-file directories (once: kept in WORK and reused when the count
matches), adds them, starts a watchman server of its own, and times, with the monitor and by
walking (the monitor off in .dvx/config.local), medians of RUNS runs, warm page cache:
1. `status` with nothing changed;
2. `status` after 1% of the files were rewritten (new content, same names), each run on a
   fresh 1% (the monitor's run and the walk's run see the same change);
3. `commit -f` of that change.
Beside them the floor of a walk: `find data -type f | wc -l` (a stat-free walk) and the peak RSS
of each dvx command (/usr/bin/time -f %M). Needs watchman (apt-get install watchman).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--files", type=int, default=1_000_000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
ap.add_argument("--work", default="/tmp/dvx-bench-monitor")
args = ap.parse_args()

repo = Path(args.work)
marker = repo / ".bench-files"
if not marker.is_file() or marker.read_text() != str(args.files):
    shutil.rmtree(repo, ignore_errors=True)
    for i in range(args.files):
        d = repo / "data" / f"{i // 10000:03d}" / f"{i // 100 % 100:02d}"
        if i % 100 == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"{i % 100:02d}.txt").write_text(f"file {i}\n")
    marker.write_text(str(args.files))
all_files = sorted(str(p.relative_to(repo)) for p in (repo / "data").rglob("*.txt"))

sock_dir = tempfile.mkdtemp(prefix="dvx-bench-watchman-")
sock = os.path.join(sock_dir, "sock")
server = subprocess.Popen(
    ["watchman", "--foreground", f"--sockname={sock}", f"--statefile={sock_dir}/state",
     f"--logfile={sock_dir}/log", f"--pidfile={sock_dir}/pid"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
env = dict(os.environ, WATCHMAN_SOCK=sock)


def sh(cmd, check=True):
    return subprocess.run(cmd, cwd=repo, check=check, capture_output=True, env=env, text=True)


def timed(cmd):
    """Seconds and peak RSS (MiB) of one command."""
    start = time.monotonic()
    r = sh(["/usr/bin/time", "-f", "%M", *cmd])
    secs = time.monotonic() - start
    return secs, int(r.stderr.strip().splitlines()[-1]) / 1024


def monitor(on: bool):
    local = repo / ".dvx" / "config.local"
    if on:
        local.unlink(missing_ok=True)
    else:
        local.write_text("[core]\nmonitor = none\n")


try:
    for _ in range(200):
        if subprocess.run(["watchman", f"--sockname={sock}", "--no-spawn", "get-pid"],
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.05)
    shutil.rmtree(repo / ".git", ignore_errors=True)
    shutil.rmtree(repo / ".dvc", ignore_errors=True)
    shutil.rmtree(repo / ".dvx", ignore_errors=True)
    for f in ["data.dvc", ".gitignore", ".dvcignore"]:
        (repo / f).unlink(missing_ok=True)
    sh(["git", "init", "-q"])
    sh([args.dvx, "init", "-q"])
    (repo / ".dvx").mkdir()
    (repo / ".dvx" / "config").write_text("[core]\nmonitor = watchman\n")
    start = time.monotonic()
    sh([args.dvx, "add", "-q", "data"])
    print(f"{args.files} files; add (walks, remembers): {time.monotonic() - start:.2f} s")
    sh([args.dvx, "status"])  # the state database warm

    start = time.monotonic()
    subprocess.run("find data -type f | wc -l", shell=True, cwd=repo, capture_output=True)
    print(f"floor: find data -type f: {time.monotonic() - start:.2f} s")

    rows = {}
    generation = [0]

    def change_one_percent():
        generation[0] += 1
        step = 100
        for rel in all_files[generation[0] % step::step]:
            (repo / rel).write_text(f"changed {generation[0]}\n")

    for label, prepare, cmd in [
        ("status, nothing changed", None, ["status"]),
        ("status, 1% changed", change_one_percent, ["status"]),
        ("commit -f, 1% changed", change_one_percent, ["commit", "-f"]),
    ]:
        for on in [True, False]:
            times, rss = [], []
            for _ in range(args.runs):
                if prepare:
                    prepare()
                monitor(on)
                # the change seen by the state of this mode's last look
                s, m = timed([args.dvx, *cmd])
                times.append(s)
                rss.append(m)
            rows[(label, on)] = (statistics.median(times), max(rss))
    monitor(True)
    print(f"{'step':28} {'watchman':>10} {'walking':>10} {'ratio':>7} {'RSS w/o':>14}")
    for label in dict.fromkeys(k[0] for k in rows):
        (a, ra), (b, rb) = rows[(label, True)], rows[(label, False)]
        print(f"{label:28} {a:9.3f}s {b:9.3f}s {b / a:6.1f}x {ra:6.0f}/{rb:.0f} MiB")
finally:
    subprocess.run(["watchman", f"--sockname={sock}", "--no-spawn", "shutdown-server"],
                   capture_output=True)
    server.kill()
    shutil.rmtree(sock_dir, ignore_errors=True)
