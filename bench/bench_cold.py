"""Cold starts, this tree against a baseline commit, side by side: what a CI job pays on every push.

    python bench/bench_cold.py [--baseline 9a335cb] [--runs 3] [--profile 12]

Three commands, each in a new process (models already rebuilt in the user cache, as on a user's
second day), the two trees alternating so that machine noise falls on both; each tree keeps its own place
gazetteer and memory in a cache folder of its own (the rebuilt models linked in from the user's):

- ``checker check ONE.txt --index indexes/corpus`` (one new article, a dev case's, against the sample index;
  the issue's goal: at most 5 s and 1 GB);
- ``checker compare corpus/`` with a fresh index (goal: at most 10 s);
- ``checker --help`` (goal: at most 0.5 s);
- the same check again with the memory on (a CI job checking an unchanged article on its next push: its claims,
  vectors and the judge's answers come from ``memory.sqlite3``; a tree without it works them out again). Every
  other row runs with the memory off (``CHECKER_REMEMBER=false``): a new article was never read before.

Prints each side's median wall time and peak memory (the process's, or its and its model worker's
together), and the ratio this tree / baseline, ratio first. ``--profile N`` then runs the cold check once
more under cProfile in each tree and prints the N costliest functions (cumulative time), the before and
after of the profile (the profile sees this process only, not a model worker).
The baseline commit is checked out in a temporary git worktree and run with the same Python (its
package first on PYTHONPATH). Default baseline: 9a335cb, the last commit before the cold-start work.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants (a check's model worker), in MB; 0 once gone."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += next((float(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0.0)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


# Built per version in the cache (keyed by the sources that build them): each tree keeps its own, the rest is shared.
_PER_TREE = {"gazetteer", "memory.sqlite3"}
_CACHES: dict[Path, Path] = {}  # tree -> its cache folder


def _tree_cache(tree: Path, work: Path) -> Path:
    """A cache folder for ``tree``: the user's rebuilt models linked in, its own gazetteer and memory (two versions
    in one cache would each find the other's gazetteer stale and build their own on every run)."""
    from checker.files import models_dir

    folder = work / f"cache-{len(_CACHES)}"
    folder.mkdir()
    shared = models_dir()
    for entry in shared.iterdir() if shared.is_dir() else ():
        if entry.name not in _PER_TREE:
            (folder / entry.name).symlink_to(entry)
    _CACHES[tree] = folder
    return folder


def _timed(tree: Path, args: list[str], prefix: list[str] | None = None, memory: bool = False) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of ``python -m checker.cli ARGS`` run from ``tree``: the process's own
    peak, or the peak of its resident memory and its worker's together, sampled every 20 ms, if larger."""
    # the memory (memory.sqlite3) off unless asked: a new article was never read, embedded or judged before
    env = dict(os.environ, PYTHONPATH=str(tree), CHECKER_REMEMBER=str(memory).lower())
    if tree in _CACHES:
        env["CHECKER_CACHE_DIR"] = str(_CACHES[tree])
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *(prefix or []), "-m", "checker.cli", *args],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):  # check exits 1 when it finds a conflict
        raise SystemExit(f"{tree}: checker {' '.join(args)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return wall, max(usage.ru_maxrss / 1024, peak[0])


def _commands(one: Path, index: Path, corpus: Path, work: Path) -> dict[str, object]:
    def compare_args() -> list[str]:
        fresh = Path(tempfile.mkdtemp(dir=work))
        return ["compare", str(corpus), "--index", str(fresh / "idx"), "--format", "json", "-o", str(fresh / "r.json")]

    def check_args() -> list[str]:
        return ["check", str(one), "--index", str(index), "--format", "json"]

    return {
        "check one article": check_args,
        "check it again (memory)": check_args,
        "compare corpus/, fresh index": compare_args,
        "--help": lambda: ["--help"],
    }


GOALS = {
    "check one article": "<= 5 s, <= 1 GB",
    "check it again (memory)": "(a CI re-run)",
    "compare corpus/, fresh index": "<= 10 s",
    "--help": "<= 0.5 s",
}
MEMORY = {"check it again (memory)"}  # run with the judge's memory on, after a run that filled it


_STAGES = (
    r"checker/(pipeline|extract/engine|extract/nlp|compare/engine|compare/judge|index/encoders|index/e5|index/store)"
    r"\.py|spacy/__init__|sentence_transformers/__init__|<built-in method builtins.__import__>"
)


def _profile(tree: Path, args: list[str], top: int, work: Path) -> str:
    out = work / f"{tree.name}.prof"
    _timed(tree, args, prefix=["-m", "cProfile", "-o", str(out)])
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    # the stages and model loads of a check, not the wrappers around them
    stats.sort_stats("cumulative").print_stats(_STAGES, top)
    return text.getvalue()


# an article no index holds: another story than the sample corpus's, from our dev cases
NEW_ARTICLE = ROOT / "dev-cases" / "accord-ue-mercosur-vote" / "corpus" / "a_agence.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="9a335cb")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--index", type=Path, default=ROOT / "indexes" / "corpus")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--profile", type=int, default=0, help="print this many costliest functions per tree")
    parser.add_argument(
        "--article", type=Path, default=NEW_ARTICLE, help="the new article checked (copied outside both trees)"
    )
    args = parser.parse_args()
    corpus, index = args.corpus.resolve(), args.index.resolve()
    if not (index / "manifest.json").is_file():
        raise SystemExit(f"no index at {index}: build it first with `checker index {args.corpus}`")
    work = Path(tempfile.mkdtemp(prefix="checker-bench-cold-"))
    # a new article, in no index and outside both trees: a sample article checked from a tree's folder is named
    # « corpus/x.txt » there and « x.txt » elsewhere, and one tree compared it with its own indexed copy
    (work / "new").mkdir()
    one = work / "new" / args.article.name
    shutil.copyfile(args.article, one)
    base = work / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(base), args.baseline],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        commands = _commands(one, index, corpus, work)
        trees = {"baseline": base, "this tree": ROOT}
        for tree in trees.values():
            _tree_cache(tree, work)
        for tree in trees.values():  # warm the disk cache and the rebuilt-model cache for both (and the memory)
            _timed(tree, commands["check one article"](), memory=True)
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for name, make in commands.items():
                for side, tree in trees.items():
                    results.setdefault((name, side), []).append(_timed(tree, make(), memory=name in MEMORY))
        print(f"cold starts, {args.runs} runs each (median), one new process per run; baseline {args.baseline}")
        print(f"{'command':<30} {'ratio':>6} {'this tree':>18} {'baseline':>18}  goal")
        for name in commands:
            after = results[(name, "this tree")]
            before = results[(name, "baseline")]
            t_a, t_b = statistics.median(w for w, _ in after), statistics.median(w for w, _ in before)
            m_a, m_b = max(m for _, m in after), max(m for _, m in before)
            print(f"{name:<30} {t_a / t_b:6.2f} {t_a:8.2f} s {m_a:6.0f} MB {t_b:8.2f} s {m_b:6.0f} MB  {GOALS[name]}")
        if args.profile:
            for side, tree in trees.items():
                print(f"\n--- profile of the cold check, {side} ---")
                print(_profile(tree, commands["check one article"](), args.profile, work))
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
