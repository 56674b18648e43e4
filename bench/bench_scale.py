"""A thousand articles: `checker compare`, `index` and `check` against the bare cost of parsing and encoding.

    python bench/bench_scale.py                     # 1,000 articles
    python bench/bench_scale.py --articles 100 300  # several sizes: time per article should stay flat

For each size, one run of each, every command in a new process (models cached in the user cache):

1. a corpus built reproducibly (seed 7) from the sample and dev-case articles: each new article is one of
   them with its body sentences shuffled and its figures changed (so that no two are copies), written
   as ``.txt`` with its title and publication line;
2. the **baseline**: spaCy's French pipeline over every sentence, then the default encoder
   (sentence-transformers' e5-small) over every sentence: the bare cost the pipeline cannot avoid;
3. ``checker compare DIR`` with a fresh index; the ratio compare / baseline is printed first (the
   issue's goal: at most 1.5);
4. ``checker index DIR`` then ``checker check`` of 20 new articles (another seed) against that index.

Prints wall time, time per article and peak memory (the child's max RSS) for each.
Every command runs with the memory off (``CHECKER_REMEMBER=false``): nothing is read back from an earlier run.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«])")
_FIGURE = re.compile(r"\b(?!(?:19|20)\d\d\b)\d{3,}\b")  # figures of three digits or more, not years


def _sources() -> list[Path]:
    found = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "dev-cases").glob("*/corpus/*.txt"))
    if not found:
        raise SystemExit("no source articles under corpus/ or dev-cases/")
    return found


def make_corpus(folder: Path, count: int, seed: int) -> list[str]:
    """``count`` articles in ``folder``; returns their sentences (what the baseline parses and encodes)."""
    rng = random.Random(seed)
    sources = _sources()
    folder.mkdir(parents=True, exist_ok=True)
    sentences: list[str] = []
    for k in range(count):
        lines = [line for line in sources[k % len(sources)].read_text(encoding="utf-8").splitlines() if line.strip()]
        head = [line for line in lines[:3] if len(line) < 120 or "Publié" in line][:2]
        body = [s for line in lines[len(head) :] for s in _SENTENCE_END.split(line) if s.strip()]
        rng.shuffle(body)
        body = [_FIGURE.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), s) for s in body]
        sentences += body
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        (folder / f"{k:04d}.txt").write_text("\n\n".join(head + paragraphs) + "\n", encoding="utf-8")
    return sentences


_BASELINE = """
import sys, time
from checker.extract.nlp import load_nlp
from checker.index.encoders import load_encoder
sentences = open(sys.argv[1], encoding="utf-8").read().split("\\n")
nlp = load_nlp("fr")
for _ in nlp.pipe(sentences, batch_size=64):
    pass
load_encoder("e5-small").encode(sentences, batch_size=32)
"""


def _timed(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of a child process run from the repository root."""
    started = time.perf_counter()
    # memory off: a second run (or another tree with the same judge) would read the judge's answers back
    env = dict(os.environ, CHECKER_REMEMBER="false")
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def _checker(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker.cli", *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000])
    parser.add_argument("--seed", type=int, default=7)
    opts = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="checker-bench-scale-"))
    try:
        rows = []
        for n in opts.articles:
            corpus, new = work / f"corpus-{n}", work / f"new-{n}"
            sentences = make_corpus(corpus, n, opts.seed)
            make_corpus(new, 20, opts.seed + 1)
            text_file = work / f"sentences-{n}.txt"
            text_file.write_text("\n".join(s.replace("\n", " ") for s in sentences), encoding="utf-8")
            base = _timed([sys.executable, "-c", _BASELINE, str(text_file)])
            out = work / f"report-{n}"
            out.mkdir()
            compare = _timed(
                _checker(
                    "compare", str(corpus), "--index", str(out / "cmp"), "--format", "json", "-o", str(out / "r.json")
                )
            )
            index = _timed(_checker("index", str(corpus), "--index", str(out / "idx")))
            check = _timed(_checker("check", str(new), "--index", str(out / "idx"), "--format", "json"))
            rows.append((n, len(sentences), base, compare, index, check))
            print(f"{n} articles done", file=sys.stderr)
        print(
            f"{'articles':>8} {'sentences':>9} {'ratio':>6} {'baseline':>14} {'compare':>14} {'s/article':>9} "
            f"{'index':>14} {'check 20':>14}"
        )
        for n, sents, base, compare, index, check in rows:
            print(
                f"{n:>8} {sents:>9} {compare[0] / base[0]:6.2f} {base[0]:7.1f} s {base[1]:4.0f} MB "
                f"{compare[0]:7.1f} s {compare[1]:4.0f} MB {compare[0] / n:9.2f} {index[0]:7.1f} s {index[1]:4.0f} MB "
                f"{check[0]:7.1f} s {check[1]:4.0f} MB"
            )
        print("ratio = compare / baseline (spaCy parse + e5 encode of every sentence); goal <= 1.5")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
