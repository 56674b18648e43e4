#!/usr/bin/env python3
"""How similar are the candidate pairs that matter? A cosine floor or fewer neighbours for the judge, from data.

    python scripts/gate_study.py                 # every dev case with a gold file
    python scripts/gate_study.py --keep 0.98     # the floor that keeps 98 % of the gold pairs

Each case is indexed once; its candidate pairs (neighbours from other articles, shared quotes) are
listed with their cosine, and a pair is a *gold pair* when some entry of the case's gold file (an
expected conflict or agreement, or a forbidden one) matches its two claims, by the shared scorer's rule.
Prints the share of candidate pairs and of gold pairs above each cosine floor, the highest floor that
keeps ``--keep`` of the gold pairs, and the same by neighbour rank (a pair's rank: where each claim
finds the other among the claims of other articles, the better of the two): how many neighbours per
claim (setting ``neighbours``) keep ``--keep`` of the gold pairs. No judge is loaded: neither depends on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
sys.path.insert(0, str(ROOT / "scripts"))
from score_dev_cases import cases  # noqa: E402
from score_findings import side_matches  # noqa: E402  (the shared scorer's own matching rule)

FLOORS = (0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84, 0.86)


def _pair_matches(entry: dict, a: dict, b: dict) -> bool:
    return side_matches(entry["a"], a) and side_matches(entry["b"], b)


def _ranks(claims, vectors: np.ndarray) -> dict[tuple[int, int], int]:
    """(i, j) -> the better of j's rank among i's neighbours from other articles and i's among j's (1 = nearest)."""
    scores = vectors @ vectors.T
    out: dict[tuple[int, int], int] = {}
    for i, row in enumerate(scores):
        rank = 0
        for j in np.argsort(-row):
            if claims[j].article == claims[i].article:
                continue
            rank += 1
            key = (min(i, int(j)), max(i, int(j)))
            out[key] = min(rank, out.get(key, rank))
    return out


def case_cosines(case: Path, settings, tmp: Path) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    """(every candidate pair's (cosine, rank), those of the gold pairs among them)."""
    from checker.compare.engine import candidate_pairs
    from checker.pipeline import index_corpus

    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    entries = gold.get("expect", []) + gold.get("forbid", [])
    indexed = index_corpus(case / "corpus", settings, index=tmp / case.name)
    claims = [json.loads(c.model_dump_json()) for c in indexed.claims]
    pairs = candidate_pairs(indexed.claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors)
    ranks = _ranks(indexed.claims, indexed.vectors)
    every, wanted = [], []
    for (i, j), cosine in pairs.items():
        every.append((cosine, ranks.get((i, j), 1)))
        a, b = claims[i], claims[j]
        if any(_pair_matches(e, a, b) or _pair_matches(e, b, a) for e in entries):
            wanted.append((cosine, ranks.get((i, j), 1)))
    return every, wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--keep", type=float, default=0.98, help="share of the gold pairs the floor must keep")
    opts = parser.parse_args()
    from checker.config import load_settings

    settings = load_settings()
    every: list[tuple[float, int]] = []
    wanted: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(opts.cases):
            e, w = case_cosines(case, settings, Path(tmp))
            every += e
            wanted += w
            worst = max((r for _, r in w), default=0)
            print(f"{case.name:<32} {len(e):>5} pairs, {len(w):>3} gold, worst gold rank {worst}")
    all_c, gold_c = np.array([c for c, _ in every]), np.array([c for c, _ in wanted])
    all_r, gold_r = np.array([r for _, r in every]), np.array([r for _, r in wanted])
    print(f"\n{len(all_c)} candidate pairs, {len(gold_c)} gold pairs")
    print("floor  pairs kept  gold kept")
    for floor in FLOORS:
        print(f"{floor:.2f}   {np.mean(all_c >= floor):9.2f}  {np.mean(gold_c >= floor):9.3f}")
    floor = float(np.quantile(gold_c, 1 - opts.keep)) if len(gold_c) else 0.0
    print(
        f"\nfloor keeping {opts.keep:.0%} of the gold pairs: {floor:.3f} "
        f"(judges {np.mean(all_c >= floor):.0%} of the candidate pairs)"
    )
    print("\nneighbours  pairs kept  gold kept")
    for k in range(1, int(all_r.max(initial=1)) + 1):
        print(f"{k:>10}   {np.mean(all_r <= k):9.2f}  {np.mean(gold_r <= k):9.3f}")


if __name__ == "__main__":
    main()
