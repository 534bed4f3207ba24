#!/usr/bin/env python3
"""What the VS Code extension's plots panel and pipeline view call, dvx against DVC 3.67.1:
`plots diff HEAD workspace -o .dvc/tmp/plots --split --json` and `dag`, on a repository of a
training log (ROWS rows of epoch, loss, acc), a validation log, two multi-file plots, 20
images and a pipeline of STAGES stages, with the log changed since HEAD (the binary and the DVC
virtualenv the test suite installs under ~/.cache/dvx-test; run ./scripts/test.sh once first).

  python3 bench/plots.py [--rows 2000] [--stages 20] [--runs 5] [--dvx target/release/dvx]

Prints the median seconds of each command for each tool (outputs compared: the same bytes).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ap = argparse.ArgumentParser()
ap.add_argument("--rows", type=int, default=2000)
ap.add_argument("--stages", type=int, default=20)
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--dvx", default=str(Path(__file__).resolve().parent.parent / "target/release/dvx"))
ap.add_argument("--work", default="/tmp/dvx-bench-plots")
ap.add_argument("--keep", action="store_true", help="leave the repository in --work")
args = ap.parse_args()
dvc = str(Path.home() / ".cache/dvx-test/dvc-3.67.1/bin/dvc")

repo = Path(args.work)
shutil.rmtree(repo, ignore_errors=True)
(repo / "logs").mkdir(parents=True)
(repo / "imgs").mkdir()
run = lambda *cmd: subprocess.run(cmd, cwd=repo, check=True, stdout=subprocess.DEVNULL)
run("git", "init", "-q")
run(args.dvx, "init", "-q")


def logs(shift):
    rows = "".join(f"{i},{1 / (i + 1) + shift:.6f},{i / args.rows:.6f}\n" for i in range(args.rows))
    (repo / "logs/train.csv").write_text("epoch,loss,acc\n" + rows)
    (repo / "logs/val.csv").write_text("epoch,loss,acc\n" + rows.replace(",0.", ",0.1", 10))


logs(0.0)
for i in range(20):
    (repo / f"imgs/{i}.png").write_bytes(b"\x89PNG" + bytes([i]) * 64)
stages = "".join(
    f"  s{i}:\n    cmd: echo {i} > out{i}.txt\n    deps: [{'out%d.txt' % (i - 1) if i else 'logs'}]\n    outs: [out{i}.txt]\n"
    for i in range(args.stages)
)
(repo / "dvc.yaml").write_text(
    "stages:\n" + stages + "plots:\n- loss:\n    x: epoch\n    y:\n      logs/train.csv: loss\n"
    "      logs/val.csv: loss\n- acc:\n    x: epoch\n    y:\n      logs/train.csv: [loss, acc]\n"
    "- logs/train.csv\n- imgs\n"
)
run("git", "add", "-A")
run("git", "commit", "-qm", "first")
logs(0.01)

commands = {
    "plots diff --json --split": ["plots", "diff", "HEAD", "workspace", "-o", ".dvc/tmp/plots", "--split", "--json"],
    "dag": ["dag"],
}
print(f"{args.rows} log rows, 20 images, {args.stages} stages; medians of {args.runs} runs:")
for name, cmd in commands.items():
    outs, times = {}, {}
    for tool, exe in [("dvx", args.dvx), ("dvc", dvc)]:
        subprocess.run([exe, *cmd], cwd=repo, capture_output=True)  # warm-up
        t = []
        for _ in range(args.runs):
            start = time.monotonic()
            r = subprocess.run([exe, *cmd], cwd=repo, capture_output=True, check=True)
            t.append(time.monotonic() - start)
        outs[tool], times[tool] = r.stdout, statistics.median(t)
    same = "same output" if outs["dvx"] == outs["dvc"] else "OUTPUTS DIFFER"
    a, b = times["dvx"], times["dvc"]
    print(f"  {name}: dvx {a:.3f} s, dvc {b:.3f} s ({b / a:.1f}x), {same}")
if not args.keep:
    shutil.rmtree(repo, ignore_errors=True)
