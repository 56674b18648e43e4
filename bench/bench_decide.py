"""What the learnt conflict step costs on top of the thresholds: ``decide`` over a dev case's candidate
pairs, judged once, with the decision's thresholds (the baseline) and with the learnt step, in one run.

    python bench/bench_decide.py [--case dev-cases/incendie-serra] [--repeats 5]

Prints the pairs, each variant's median time over the repeats (the same judgements, slot comparisons
included), the ratio learnt / thresholds, and how many findings each makes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", type=Path, default=ROOT / "dev-cases" / "incendie-serra")
    parser.add_argument("--repeats", type=int, default=5)
    opts = parser.parse_args()
    from checker.compare.conflict_model import load_conflict_model
    from checker.compare.engine import candidate_pairs, decide, load_decision
    from checker.compare.judge import load_pair_judge
    from checker.config import load_settings
    from checker.pipeline import index_corpus

    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        indexed = index_corpus(opts.case / "corpus", settings, index=Path(tmp) / "idx")
    claims = indexed.claims
    pairs = sorted(candidate_pairs(claims, indexed.vectors, settings.neighbours).items())
    judged = load_pair_judge(settings.cache_dir).judge_claims([(claims[i], claims[j]) for (i, j), _ in pairs])
    decision, model = load_decision(), load_conflict_model()
    if model is None:
        raise SystemExit("no learnt conflict step shipped (checker/compare/data/conflict_model.json)")

    def run(with_model: bool) -> tuple[float, int]:
        started = time.perf_counter()
        found = [
            decide(claims[i], claims[j], v, s, decision=decision, model=model if with_model else None)
            for ((i, j), s), v in zip(pairs, judged)
        ]
        return time.perf_counter() - started, sum(f is not None for f in found)

    times: dict[bool, list[float]] = {False: [], True: []}
    counts = {}
    for _ in range(opts.repeats):
        for variant in (False, True):  # alternating, so that machine noise falls on both
            seconds, counts[variant] = run(variant)
            times[variant].append(seconds)
    base, learnt = statistics.median(times[False]), statistics.median(times[True])
    print(f"{opts.case.name}: {len(pairs)} candidate pairs, median of {opts.repeats}")
    print(f"ratio learnt / thresholds: {learnt / base:.2f}")
    print(f"thresholds:   {base * 1000:.0f} ms ({base / len(pairs) * 1e6:.0f} µs a pair), {counts[False]} findings")
    print(f"learnt step:  {learnt * 1000:.0f} ms ({learnt / len(pairs) * 1e6:.0f} µs a pair), {counts[True]} findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
