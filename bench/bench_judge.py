"""Pair judge throughput: pairs a second on this machine's cores, int8 (as shipped) against float32.

    python bench/bench_judge.py [--case dev-cases/incendie-serra] [--repeats 3]

The pairs are the ones `checker compare` would judge on a real corpus (a dev case's candidate pairs,
rendered with their slots). Both variants of the judge are loaded and timed in the same run, the
float32 one being the baseline; the ratio and how often the two give the same label are printed with
the load time and the process's peak memory. The goal (issue: trained comparison core) is at least
40 pairs a second on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pairs(case: Path):
    from checker.compare.engine import candidate_pairs
    from checker.compare.judge_input import render_claim
    from checker.config import load_settings
    from checker.pipeline import index_corpus

    settings = load_settings()
    with tempfile.TemporaryDirectory() as tmp:
        indexed = index_corpus(case / "corpus" if (case / "corpus").is_dir() else case, settings, index=Path(tmp) / "i")
    claims = indexed.claims
    pairs = candidate_pairs(claims, indexed.vectors, settings.neighbours)
    return [(render_claim(claims[i]), render_claim(claims[j])) for i, j in sorted(pairs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", type=Path, default=ROOT / "dev-cases" / "incendie-serra")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import torch

    from checker.compare import judge as judge_module

    pairs = _pairs(args.case)
    print(f"pairs: {len(pairs)} candidate pairs of {args.case.name}, torch threads {torch.get_num_threads()}")
    results = {}
    for name, quantized in (("float32 (baseline)", False), ("int8 (shipped)", True)):
        judge_module._loaded.clear()
        started = time.perf_counter()
        judge = judge_module.load_pair_judge(quantized=quantized)
        load = time.perf_counter() - started
        judge.judge_texts(pairs[:32])  # warm-up
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            out = judge.judge_texts(pairs)
            times.append(time.perf_counter() - started)
        rate = len(pairs) / statistics.median(times)
        results[name] = (rate, [j.label for j in out])
        print(f"{name:<20} load {load:.2f} s   {rate:6.1f} pairs/s (median of {args.repeats})")
    (base_rate, base_labels), (rate, labels) = results["float32 (baseline)"], results["int8 (shipped)"]
    same = sum(a == b for a, b in zip(base_labels, labels)) / len(labels)
    print(
        f"ratio int8 / float32: {rate / base_rate:.2f}x   same label: {same:.1%}   "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(f"goal >= 40 pairs/s: {'met' if rate >= 40 else 'NOT met'}")


if __name__ == "__main__":
    main()
