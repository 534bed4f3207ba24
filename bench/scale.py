#!/usr/bin/env python3
"""Every step of the issue on scale, on one large directory, against its floor, with peak RSS.

  python3 bench/scale.py --files 1000000                  # dvx alone (DVC takes hours at 1M)
  python3 bench/scale.py --files 100000 --peer dvc        # the same steps run by DVC too
  python3 bench/scale.py --files 2000000 --json out.json
  python3 bench/scale.py --pointers 10000 --peer dvc      # 10k files, each with its own .dvc file

Uses the shared harness (`../shared/bench/compare.py`, imported unchanged) for the data (FILES
files of 256 B-4 KiB in 1,000 directories, from a seed, made once and kept in WORK), the timing
(GNU time: wall seconds and peak RSS, after a sync) and the floors measured in the same run: a
plain `cp -r` plus sync of the directory (for a step that writes every file) and a `find`
stat walk (for a step that only looks). Each tool runs the steps below once, in its own fresh
git repository with a directory remote; `--peer` runs the same command lines with another
tool afterwards (`dvc`: the test suite's DVC 3.67.1, installed if missing).

With `--pointers N` the same N files are tracked one by one (`add` of every file: a `.dvc`
file each, beside it), and the steps that change, delete or restore files touch the data files
only, never the pointer files.
"""
import argparse
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

here = Path(__file__).resolve().parent
ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--files", type=int, default=1_000_000)
ap.add_argument("--pointers", type=int, default=0, help="track this many files each with its own .dvc file instead")
ap.add_argument("--tool", default=None, help="dvx to measure (default: a release build of this tree)")
ap.add_argument("--peer", default=None, help="also run the steps with this tool ('dvc': DVC 3.67.1)")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "dvx-bench-scale"))
ap.add_argument("--compare", default=str(here.parent.parent / "shared" / "bench" / "compare.py"))
ap.add_argument("--json", help="write the figures here")
a = ap.parse_args()

spec = importlib.util.spec_from_file_location("compare", a.compare)
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)

TARGET = "data/many"
STAGE = """stages:
  scan:
    cmd: echo scanned > scan.txt
    deps:
    - data/many
    outs:
    - scan.txt
"""

# (name, argv after the tool, what to do before it, floor)
STEPS = [
    ("add", ["add", TARGET], None, "cp-r"),
    ("status, nothing changed", ["status"], "commit-git", "stat-walk"),
    # the first look after files were written learns their state (hashes, pointer texts)
    ("status, nothing changed, run again", ["status"], None, "stat-walk"),
    ("data status, nothing changed", ["data", "status"], None, "stat-walk"),
    ("status, 1% modified", ["status"], "modify-1pct", "stat-walk"),
    ("commit, 1% modified", ["commit", "-f"], None, "stat-walk"),
    ("diff HEAD~1", ["diff", "HEAD~1"], "commit-git", None),
    ("diff, nothing changed", ["diff"], None, "stat-walk"),
    ("push", ["push"], None, "cp-r"),
    ("status -c, in sync", ["status", "-c"], None, None),
    ("push, 1% changed since the last push", ["push"], "change-1pct", None),
    ("checkout, nothing to do", ["checkout"], None, "stat-walk"),
    ("checkout, 1% missing", ["checkout"], "delete-1pct", "stat-walk"),
    ("checkout after git checkout (1% changed)", ["checkout"], "git-checkout-parent", "stat-walk"),
    ("gc -w, 1% unused", ["gc", "-w", "-f"], "back-to-main", None),
    ("repro, nothing to do (directory dependency)", ["repro"], "stage", "stat-walk"),
    ("repro, nothing to do, run again", ["repro"], None, "stat-walk"),
    ("exp show", ["exp", "show"], "commit-git", None),
    ("checkout, all missing", ["checkout"], "delete-all", "cp-r"),
    ("fetch into a fresh clone", ["fetch"], "clone", "cp-r"),
    ("checkout after fetch", ["checkout"], "in-clone", "cp-r"),
    ("pull into a fresh clone", ["pull"], "clone", "cp-r"),
]


def sh(cmd, cwd, env):
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed in {cwd}: {p.stderr.decode()[-2000:]}")


def files_of(root):
    """The data files under root (not the pointer files and .gitignore files of --pointers)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix == ".bin")


def modify_1pct(repo):
    if not a.pointers:
        return compare.modify_1pct(repo, TARGET)
    # as the harness does, on the data files only
    for p in random.Random(7).sample(files_of(repo / TARGET), max(1, a.pointers // 100)):
        with open(p, "ab") as f:
            f.write(b"x")


def remove(*paths):
    subprocess.run(["rm", "-rf", *map(str, paths)], check=True)  # faster than shutil at 1M files


def settle():
    """Waits out ext4's memory of freshly deleted inodes: for a minute after a million files are
    deleted, creating as many is several times slower for any tool (docs/benchmarks.md). The
    floors are measured on a settled file system; so are the steps that follow a deletion."""
    subprocess.run(["sync"], check=True)
    time.sleep(61)


def run(tool, dataset, work, env):
    repo, remote, clone = work / "repo", work / "remote", work / "clone"
    remove(repo, remote, clone)
    subprocess.run(["cp", "-a", str(dataset), str(repo)], check=True)
    for cmd in (["git", "init", "-q"], ["git", "config", "user.email", "bench@example.com"],
                ["git", "config", "user.name", "bench"], [tool, "init", "-q"],
                [tool, "remote", "add", "-d", "storage", str(remote)]):
        sh(cmd, repo, env)
    results, cwd = {}, repo
    for name, args, setup, _ in STEPS:
        if args[0] == "add" and a.pointers:
            args = ["add"] + [str(p.relative_to(repo)) for p in files_of(repo / TARGET)]
        if setup == "commit-git":
            sh(["git", "add", "-A"], cwd, env)
            sh(["git", "commit", "-q", "-m", name], cwd, env)
        elif setup == "modify-1pct":
            modify_1pct(repo)
        elif setup == "change-1pct":
            modify_1pct(repo)
            sh([tool, "commit", "-f"], cwd, env)
            sh(["git", "add", "-A"], cwd, env)
            sh(["git", "commit", "-q", "-m", name], cwd, env)
        elif setup == "delete-1pct":
            for p in random.Random(11).sample(files_of(repo / TARGET), max(1, count // 100)):
                p.unlink()
        elif setup == "git-checkout-parent":
            sh(["git", "checkout", "-q", "HEAD~1"], cwd, env)
        elif setup == "back-to-main":
            sh(["git", "checkout", "-q", "-"], cwd, env)
            sh([tool, "checkout"], cwd, env)
        elif setup == "stage":
            (repo / "dvc.yaml").write_text(STAGE)
            sh([tool, "repro"], cwd, env)
        elif setup == "delete-all":
            if a.pointers:
                for p in files_of(repo / TARGET):
                    p.unlink()
            else:
                remove(repo / TARGET)
            settle()
        elif setup == "clone":
            sh([tool, "push"], cwd, env)  # the stage's output too
            if clone.exists():
                remove(clone)
                settle()
            sh(["git", "clone", "-q", str(repo), str(clone)], work, env)
            cwd = clone
        elif setup == "in-clone":
            cwd = clone
        results[name] = compare.timed([tool] + args, cwd, env)
        print(f"  {name}: {results[name][0]:.2f} s, {results[name][1] / 1024:.0f} MiB", file=sys.stderr)
    remove(repo, remote, clone)
    return results


count = a.pointers or a.files


def main():
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    tool = a.tool
    if tool is None:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", str(here.parent / "Cargo.toml")],
                       check=True)
        tool = str(here.parent / "target" / "release" / "dvx")
    tools = [("dvx", str(Path(tool).resolve()))]
    if a.peer:
        tools.append(("peer", compare.ensure_dvc(work) if a.peer == "dvc" else a.peer))
    env = dict(os.environ, DVC_NO_ANALYTICS="1", DVC_NO_UPDATER="1", GIT_TERMINAL_PROMPT="0")

    dataset = work / f"dataset-{count}"
    if not dataset.exists():
        print(f"generating {count} files ...", file=sys.stderr)
        compare.make_small(dataset.with_suffix(".tmp"), count, a.seed)
        dataset.with_suffix(".tmp").rename(dataset)
    floors = compare.limits(dataset, TARGET)
    figures = {}
    for label, exe in tools:
        print(f"{label}: {exe}", file=sys.stderr)
        figures[label] = run(exe, dataset, work, env)

    tracked = "each with its own .dvc file" if a.pointers else "one tracked directory"
    print(f"\n== {count} files of 256 B-4 KiB in 1,000 directories, {tracked}, one run ==")
    head = f"{'step':44} {'dvx s':>8} {'/floor':>7} {'MiB':>5}"
    if a.peer:
        head += f" {'peer s':>8} {'peer/dvx':>8} {'MiB':>5}"
    print(head)
    rows = {}
    for name, _, _, floor in STEPS:
        t, m = figures["dvx"][name]
        f = floors[floor] if floor else None
        row = {"dvx_s": t, "dvx_peak_mib": m / 1024, "floor": floor, "dvx_over_floor": t / f if f else None}
        line = f"{name:44} {t:8.2f} {(f'{t / f:.1f}x' if f else '-'):>7} {m / 1024:5.0f}"
        if a.peer:
            pt, pm = figures["peer"][name]
            row.update(peer_s=pt, peer_peak_mib=pm / 1024)
            line += f" {pt:8.2f} {pt / t:7.1f}x {pm / 1024:5.0f}"
        rows[name] = row
        print(line)
    print("floors: " + ", ".join(f"{k} {v:.2f} s" for k, v in floors.items()))
    if a.json:
        Path(a.json).write_text(json.dumps({"files": count, "pointers": bool(a.pointers), "floors": floors, "steps": rows}, indent=2))


main()
