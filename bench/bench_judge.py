"""Pair judge throughput: pairs a second on this machine's cores, as shipped (bfloat16 where the CPU has
it natively) against float32, and int8 dynamic quantisation for the record.

    python bench/bench_judge.py [--case dev-cases/incendie-serra] [--repeats 3]
    python bench/bench_judge.py --other /tmp/judge-s6   # also another judge (e.g. one of fewer layers)


The pairs are the ones `checker compare` would judge on a real corpus (a dev case's candidate pairs,
rendered with their slots). Every variant of the judge is loaded and timed in the same run, the
float32 one being the baseline; each one's ratio to it and how often it gives float32's label are
printed with the load time and the process's peak memory. ``--other DIR``: another judge folder, timed in the
same run at the shipped precision, with its ratio to the shipped judge and how often their labels agree. The
goal (issue: trained comparison core) is at least 40 pairs a second on 2 cores.
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
    parser.add_argument("--other", type=Path, help="another judge folder, timed against the shipped one")
    args = parser.parse_args()
    import torch

    from checker.compare import judge as judge_module

    pairs = _pairs(args.case)
    print(f"pairs: {len(pairs)} candidate pairs of {args.case.name}, torch threads {torch.get_num_threads()}")
    results = {}
    shipped = "bf16" if judge_module.bf16_native() else "fp32"

    def timed(name: str, precision: str, folder: Path = judge_module.DATA_DIR) -> None:
        judge_module._loaded.clear()
        started = time.perf_counter()
        judge = judge_module.load_pair_judge(precision=precision, folder=folder)
        load = time.perf_counter() - started
        judge.judge_texts(pairs[:32])  # warm-up
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            out = judge.judge_texts(pairs)
            times.append(time.perf_counter() - started)
        results[name] = (len(pairs) / statistics.median(times), [j.label for j in out])
        print(f"{name:<5} load {load:.2f} s   {results[name][0]:6.1f} pairs/s (median of {args.repeats})")

    for precision in ("fp32", "bf16", "int8"):
        if precision == "bf16" and not judge_module.bf16_native():
            print("bf16: this CPU has no native bfloat16 (avx512_bf16 / amx_bf16): not measured")
            continue
        timed(precision, precision)
    base_rate, base_labels = results["fp32"]
    for precision, (rate, labels) in results.items():
        same = sum(a == b for a, b in zip(base_labels, labels)) / len(labels)
        tag = "  <- shipped" if precision == shipped else ""
        print(f"{precision:<5} ratio to fp32 {rate / base_rate:.2f}x   same label as fp32 {same:.1%}{tag}")
    if args.other:
        timed("other", shipped, args.other)
        rate, labels = results["other"]
        same = sum(a == b for a, b in zip(results[shipped][1], labels)) / len(labels)
        layers = judge_module.judge_info(args.other).get("layers", 12)
        print(
            f"other ({args.other}, {layers} layers, {shipped}): ratio to the shipped judge "
            f"{rate / results[shipped][0]:.2f}x   same label as the shipped judge {same:.1%}"
        )
    print(
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"goal >= 40 pairs/s as shipped: {'met' if results[shipped][0] >= 40 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
