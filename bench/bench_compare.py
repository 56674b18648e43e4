"""`checker compare` wall time, this tree against a baseline commit, measured side by side.

    python bench/bench_compare.py [--baseline 09cc923] [--corpus corpus] [--runs 3]

The baseline commit is checked out in a temporary git worktree and run with the same Python
environment (its package on PYTHONPATH); each run uses a fresh index folder (models cached, as a
user's second day), the two alternate so that machine noise falls on both. Prints each side's median
and the ratio (this tree / baseline). The goal of the trained-core issue: at most 1.5x the rules engine
(commit 09cc923, the last before the pair judge).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(tree: Path, corpus: Path, index_root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(tree))
    index = Path(tempfile.mkdtemp(dir=index_root))
    out = index / "report.json"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "compare",
            str(corpus),
            "--index",
            str(index / "idx"),
            "--format",
            "json",
            "-o",
            str(out),
        ],
        cwd=tree,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="09cc923")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="checker-bench-compare-"))
    base = work / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(base), args.baseline],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        times: dict[str, list[float]] = {"baseline": [], "this tree": []}
        _run(ROOT, corpus, work)  # warm the model caches (the e5 folder, spaCy) for both
        for _ in range(args.runs):
            times["baseline"].append(_run(base, corpus, work))
            times["this tree"].append(_run(ROOT, corpus, work))
        b, t = statistics.median(times["baseline"]), statistics.median(times["this tree"])
        print(f"corpus {corpus.name}, {args.runs} runs each, fresh index every run")
        print(f"baseline {args.baseline}: median {b:.1f} s  ({', '.join(f'{x:.1f}' for x in times['baseline'])})")
        print(f"this tree:        median {t:.1f} s  ({', '.join(f'{x:.1f}' for x in times['this tree'])})")
        print(f"ratio this tree / baseline: {t / b:.2f}  (goal <= 1.5)")
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(base)],
            cwd=ROOT,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
