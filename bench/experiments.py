#!/usr/bin/env python3
"""dvx's benchmark of experiments, against dvc on the same repositories:

- `exp show --json` of 100 experiments over 10 baseline commits (`-n 10`), each tool's own
  experiments (10 per baseline): the first time (what each tool keeps of collected commits
  removed) and again (after a warm-up run; both tools keep what they collected);
- the queue: 20 queued experiments of a stage that takes ~1 s, run with `exp run --run-all -j 2`
  (wall time, and how many succeeded);
- a no-op `exp run` (the stage restored from the run-cache) beside a no-op `repro`.

  python3 bench/experiments.py            # 3 runs, medians
  python3 bench/experiments.py --runs 1

Timing (GNU time after a sync) and the dvc install come from the shared harness
(shared/bench/compare.py).
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
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--queued", type=int, default=20)
ap.add_argument("--work", default="/tmp/dvx-bench-experiments")
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
# DVC's queue starts its workers as `dvc` from PATH: the peer's directory comes first
env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_NO_UPDATER="1", GIT_TERMINAL_PROMPT="0",
           PATH=f"{Path(peer).parent}:{os.environ.get('PATH', '')}")

TRAIN = """import json, re, time, sys
text = open("params.yaml").read()
lr = float(re.search(r"^lr: *(\\S+)", text, re.M).group(1))
time.sleep(float(re.search(r"^sleep: *(\\S+)", text, re.M).group(1)))
open("model.txt", "w").write(f"model {lr}\\n")
json.dump({"acc": lr * 2, "loss": 1 - lr}, open("metrics.json", "w"))
"""


def repo(root: Path, exe: str, sleep: float):
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    compare.sh(["git", "init", "-q"], cwd=root)
    compare.sh(["git", "config", "user.email", "bench@example.com"], cwd=root)
    compare.sh(["git", "config", "user.name", "bench"], cwd=root)
    compare.sh([exe, "init", "-q"], cwd=root, env=env)
    (root / "train.py").write_text(TRAIN)
    (root / "params.yaml").write_text(f"lr: 0.1\nsleep: {sleep}\n")
    (root / "dvc.yaml").write_text(
        "stages:\n  train:\n    cmd: python3 train.py\n    deps: [train.py]\n"
        "    params: [lr, sleep]\n    outs: [model.txt]\n    metrics:\n"
        "    - metrics.json:\n        cache: false\n")
    compare.sh([exe, "repro", "-q"], cwd=root, env=env)
    compare.sh(["git", "add", "-A"], cwd=root)
    compare.sh(["git", "commit", "-qm", "base"], cwd=root)


def median_of(cmd, cwd, runs):
    compare.timed(cmd, cwd, env)  # warm-up
    return statistics.median(compare.timed(cmd, cwd, env)[0] for _ in range(runs))


def show_bench(exe: str, label: str):
    root = work / f"show-{label}"
    repo(root, exe, 0)
    for b in range(10):
        if b:
            text = (root / "params.yaml").read_text().replace(f"lr: 0.{b}", f"lr: 0.{b + 1}")
            (root / "params.yaml").write_text(text)
            compare.sh([exe, "repro", "-q"], cwd=root, env=env)
            compare.sh(["git", "commit", "-qam", f"baseline {b}"], cwd=root)
        for e in range(10):
            compare.sh([exe, "exp", "run", "-q", "-S", f"lr=0.{b}{e}1"], cwd=root, env=env)
        compare.sh(["git", "checkout", "-q", "--", "."], cwd=root)
    cmd = [exe, "exp", "show", "--json", "-n", "10"]
    # cold: what each tool keeps of the commits it collected is removed first
    colds = []
    for _ in range(a.runs):
        for kept in [".dvc/tmp/dvx/exp-show", ".dvc/tmp/exps/cache"]:
            shutil.rmtree(root / kept, ignore_errors=True)
        colds.append(compare.timed(cmd, root, env)[0])
    return statistics.median(colds), median_of(cmd, root, a.runs)


def queue_bench(exe: str, label: str):
    walls, ok = [], []
    for r in range(a.runs):
        root = work / f"queue-{label}"
        repo(root, exe, 1)
        for i in range(a.queued):
            compare.sh([exe, "exp", "run", "--queue", "-S", f"lr=0.{i + 10}"], cwd=root, env=env)
        try:
            walls.append(compare.timed(["timeout", "600", exe, "exp", "run", "--run-all", "-j", "2"], root, env)[0])
        except RuntimeError:
            walls.append(float("nan"))  # failed or hung for 10 minutes
        listed = subprocess.run([exe, "exp", "list", "--name-only"], cwd=root, env=env,
                                capture_output=True, text=True).stdout.split()
        ok.append(len(listed))
        subprocess.run([exe, "queue", "stop"], cwd=root, env=env, capture_output=True)
    return statistics.median(walls), min(ok)


def noop_bench(exe: str, label: str):
    root = work / f"noop-{label}"
    repo(root, exe, 0)
    compare.sh([exe, "exp", "run", "-q", "-S", "lr=0.5"], cwd=root, env=env)
    compare.sh(["git", "checkout", "-q", "--", "."], cwd=root)
    compare.sh([exe, "checkout", "-q", "-f"], cwd=root, env=env)
    repro = median_of([exe, "repro"], root, a.runs)
    # each run: lr=0.5 again, which the run-cache holds; the experiment is recorded
    run = median_of([exe, "exp", "run", "-f", "-n", "again", "-S", "lr=0.5"], root, a.runs)
    return repro, run


rows = []
(cold_o, warm_o), (cold_t, warm_t) = show_bench(tool, "dvx"), show_bench(peer, "dvc")
rows.append(("exp show --json, 100 experiments / 10 baselines, first", cold_o, cold_t))
rows.append(("exp show --json, 100 experiments / 10 baselines, again", warm_o, warm_t))
(qo, ok_o), (qt, ok_t) = queue_bench(tool, "dvx"), queue_bench(peer, "dvc")
rows.append((f"queue: {a.queued} experiments of ~1 s, -j 2", qo, qt))
(ro, eo), (rt, et) = noop_bench(tool, "dvx"), noop_bench(peer, "dvc")
rows.append(("no-op repro", ro, rt))
rows.append(("no-op exp run (run-cache)", eo, et))

print(f"| | dvx | dvc | speed-up |\n|---|---|---|---|")
for name, o, t in rows:
    print(f"| {name} | {o:.3f} s | {t:.3f} s | {t / o:.1f}x |")
print(f"\nqueued experiments recorded (fewest over {a.runs} runs): dvx {ok_o}/{a.queued}, dvc {ok_t}/{a.queued}")
