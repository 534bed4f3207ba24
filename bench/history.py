#!/usr/bin/env python3
"""dvx's benchmark of history commands, against dvc on the same data: a tracked directory of
20k files changed in 1% of its files between two commits, then `diff HEAD~1` (two revisions
read from git, both directories' files compared), `diff` (the workspace against HEAD), and
`gc -w -f` (the 1% of objects the first commit alone used are removed; timed once), and
`ls -R file://REPO` (the repository cloned, the directory's manifest fetched from its remote,
20k files listed).

  python3 bench/history.py                 # 20k files, 3 runs, medians
  python3 bench/history.py --files 2000 --runs 1

It reuses the shared harness (shared/bench/compare.py) for the data, the 1% change, the timing
(GNU time, after a sync) and the dvc install.
"""
import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
from pathlib import Path

here = Path(__file__).resolve().parent
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--compare", default=str(here.parent.parent / "shared" / "bench" / "compare.py"))
ap.add_argument("--tool", default=None)
ap.add_argument("--peer", default=None)
ap.add_argument("--files", type=int, default=20000)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--work", default="/tmp/dvx-bench-history")
a = ap.parse_args()

spec = importlib.util.spec_from_file_location("compare", a.compare)
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

tool = a.tool
if tool is None:
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(here.parent / "Cargo.toml")], check=True)
    tool = str(here.parent / "target" / "release" / "dvx")
work = Path(a.work)
work.mkdir(parents=True, exist_ok=True)
peer = a.peer or compare.ensure_dvc(work)
env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_NO_UPDATER="1", GIT_TERMINAL_PROMPT="0")
dataset = work / f"dataset-{a.files}"
if not dataset.exists():
    compare.make_small(dataset, a.files, 1)
target = "data/many"


def history(cli, label):
    """A repository with two commits of the directory, 1% of its files changed between them."""
    repo = work / f"repo-{label}"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(dataset, repo, symlinks=True)
    for cmd in (["git", "init", "-q"], ["git", "config", "user.email", "b@example.com"],
                ["git", "config", "user.name", "bench"], [cli, "init", "-q"], [cli, "add", target],
                ["git", "add", "-A"], ["git", "commit", "-qm", "v1"]):
        compare.sh(cmd, cwd=repo, env=env)
    compare.modify_1pct(repo, target)
    store = work / f"store-{label}"
    shutil.rmtree(store, ignore_errors=True)
    for cmd in ([cli, "add", target], [cli, "remote", "add", "-d", "storage", str(store)],
                ["git", "add", "-A"], ["git", "commit", "-qm", "v2"], [cli, "push", "-q"]):
        compare.sh(cmd, cwd=repo, env=env)
    return repo


steps = [("diff HEAD~1", ["diff", "HEAD~1"]), ("diff (workspace)", ["diff"])]
rows = {}
for label, cli in (("dvx", tool), ("dvc", peer)):
    repo = history(cli, label)
    for name, args in steps:
        runs = [compare.timed([cli] + args, repo, env) for _ in range(a.runs)]
        rows.setdefault(name, {})[label] = (statistics.median(r[0] for r in runs),
                                            max(r[1] for r in runs) // 1024)
    runs = [compare.timed([cli, "ls", "-R", f"file://{repo}"], work, env) for _ in range(a.runs)]
    rows.setdefault("ls -R file://REPO", {})[label] = (statistics.median(r[0] for r in runs),
                                                      max(r[1] for r in runs) // 1024)
    # once: a second run has nothing left to remove
    t, m = compare.timed([cli, "gc", "-w", "-f"], repo, env)
    rows.setdefault("gc -w -f (1% unused)", {})[label] = (t, m // 1024)
    shutil.rmtree(repo, ignore_errors=True)

print(f"{a.files} files, 1% changed between two commits, median of {a.runs} runs")
print("| step | dvx | dvc | dvc / dvx | peak RSS dvx / dvc |")
print("|---|---|---|---|---|")
for name, r in rows.items():
    (t, m), (pt, pm) = r["dvx"], r["dvc"]
    print(f"| {name} | {t:.2f} s | {pt:.2f} s | {pt / t:.1f}x | {m} / {pm} MiB |")
