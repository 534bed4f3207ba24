#!/usr/bin/env python3
"""dvx's benchmark of pipelines, against dvc on the same repositories:

- no-op `repro` of pipelines of 10, 100 and 1000 stages (each stage: one input file, a params
  key, one output; a chain of ten stages in every hundred), everything up to date;
- `params diff HEAD~1 HEAD` and `metrics diff HEAD~1 HEAD` on a 100-stage pipeline whose
  params and metrics changed between two commits (read from git objects).

  python3 bench/pipelines.py                       # 10/100/1000 stages, 3 runs, medians
  python3 bench/pipelines.py --stages 10 100 --runs 1

The repositories are built and run once with dvx (its dvc.lock is DVC's, byte for byte), then
copied for dvc; each tool gets one untimed warm-up run. Timing (GNU time after a sync) and the
dvc install come from the shared harness (shared/bench/compare.py).
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
ap.add_argument("--stages", type=int, nargs="+", default=[10, 100, 1000])
ap.add_argument("--diff-stages", type=int, default=100)
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--work", default="/tmp/dvx-bench-pipelines")
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


def pipeline(root: Path, n: int, lr: str = "0.1"):
    """n stages; stage i reads in/i.txt (or, every tenth stage within a chain, the previous
    stage's output), a params key, and writes out/i.txt and a metrics file."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "in").mkdir(parents=True)
    (root / "out").mkdir()
    (root / "metrics").mkdir()
    params = ["train:"] + [f"  k{i}: {i}" for i in range(n)] + [f"lr: {lr}"]
    (root / "params.yaml").write_text("\n".join(params) + "\n")
    lines = ["stages:"]
    for i in range(n):
        (root / "in" / f"{i}.txt").write_text(f"input {i}\n")
        dep = f"out/{i - 1}.txt" if i % 10 else f"in/{i}.txt"
        lines += [
            f"  s{i}:",
            f"    cmd: cat {dep} > out/{i}.txt && echo '{{\"score\":'${{lr}}'}}' > metrics/{i}.json",
            f"    deps: [{dep}]",
            f"    params: [train.k{i}, lr]",
            f"    outs: [out/{i}.txt]",
            "    metrics:",
            f"      - metrics/{i}.json:",
            "          cache: false",
        ]
    (root / "dvc.yaml").write_text("\n".join(lines) + "\n")
    for cmd in (["git", "init", "-q"], ["git", "config", "user.email", "b@example.com"],
                ["git", "config", "user.name", "bench"], [tool, "init", "-q"], [tool, "repro", "-q"],
                ["git", "add", "-A"], ["git", "commit", "-qm", "v1"]):
        compare.sh(cmd, cwd=root, env=env)


def timed(cli, args, repo):
    subprocess.run([cli] + args, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = [compare.timed([cli] + args, repo, env) for _ in range(a.runs)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs) // 1024


rows = {}
for n in a.stages:
    base = work / f"pipeline-{n}"
    pipeline(base, n)
    for label, cli in (("dvx", tool), ("dvc", peer)):
        repo = work / f"pipeline-{n}-{label}"
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(base, repo, symlinks=True)
        out = subprocess.run([cli, "status"], cwd=repo, env=env, capture_output=True, text=True)
        assert "up to date" in out.stdout, f"{label} does not see the pipeline as up to date:\n{out.stdout}{out.stderr}"
        rows.setdefault(f"repro, no-op, {n} stages", {})[label] = timed(cli, ["repro"], repo)
        shutil.rmtree(repo, ignore_errors=True)

# two commits of one pipeline: lr changed, every stage run again, metrics changed
base = work / "diff"
pipeline(base, a.diff_stages)
text = (base / "params.yaml").read_text().replace("lr: 0.1", "lr: 0.2")
(base / "params.yaml").write_text(text)
for cmd in ([tool, "repro", "-q"], ["git", "commit", "-qam", "v2"]):
    compare.sh(cmd, cwd=base, env=env)
for label, cli in (("dvx", tool), ("dvc", peer)):
    repo = work / f"diff-{label}"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(base, repo, symlinks=True)
    for name, args in (("params diff HEAD~1 HEAD", ["params", "diff", "HEAD~1", "HEAD"]),
                       ("metrics diff HEAD~1 HEAD", ["metrics", "diff", "HEAD~1", "HEAD"])):
        rows.setdefault(f"{name} ({a.diff_stages} stages)", {})[label] = timed(cli, args, repo)
    shutil.rmtree(repo, ignore_errors=True)

print(f"median of {a.runs} runs after one warm-up run")
print("| step | dvx | dvc | dvc / dvx | peak RSS dvx / dvc |")
print("|---|---|---|---|---|")
for name, r in rows.items():
    (t, m), (pt, pm) = r["dvx"], r["dvc"]
    print(f"| {name} | {t:.3f} s | {pt:.2f} s | {pt / t:.1f}x | {m} / {pm} MiB |")
