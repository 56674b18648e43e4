#!/usr/bin/env python3
"""How similar are the candidate pairs that matter? The cosine floor of the judge's cheap gate, from data.

    python scripts/gate_study.py                 # every dev case with a gold file
    python scripts/gate_study.py --keep 0.98     # the floor that keeps 98 % of the gold pairs

Each case is indexed once; its candidate pairs (neighbours from other articles, shared quotes) are
listed with their cosine, and a pair is a *gold pair* when some entry of the case's gold file (an
expected conflict or agreement, or a forbidden one) matches its two claims, by the shared scorer's rule.
Prints the share of candidate pairs and of gold pairs above each floor, and the highest floor that keeps
``--keep`` of the gold pairs: every pair below it is one the judge need not read (``min_similarity`` in
checker/compare/data/decision.json). No judge is loaded: the floor does not depend on the judge.
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


def case_cosines(case: Path, settings, tmp: Path) -> tuple[list[float], list[float]]:
    """(every candidate pair's cosine, the cosines of the gold pairs among them)."""
    from checker.compare.engine import candidate_pairs
    from checker.pipeline import index_corpus

    gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
    entries = gold.get("expect", []) + gold.get("forbid", [])
    indexed = index_corpus(case / "corpus", settings, index=tmp / case.name)
    claims = [json.loads(c.model_dump_json()) for c in indexed.claims]
    pairs = candidate_pairs(indexed.claims, indexed.vectors, settings.neighbours, quote_vectors=indexed.quote_vectors)
    every, wanted = [], []
    for (i, j), cosine in pairs.items():
        every.append(cosine)
        a, b = claims[i], claims[j]
        if any(_pair_matches(e, a, b) or _pair_matches(e, b, a) for e in entries):
            wanted.append(cosine)
    return every, wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--keep", type=float, default=0.98, help="share of the gold pairs the floor must keep")
    opts = parser.parse_args()
    from checker.config import load_settings

    settings = load_settings()
    every: list[float] = []
    wanted: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(opts.cases):
            e, w = case_cosines(case, settings, Path(tmp))
            every += e
            wanted += w
            print(f"{case.name:<32} {len(e):>5} pairs, {len(w):>3} gold, gold cosine min {min(w, default=0):.3f}")
    all_c, gold_c = np.array(every), np.array(wanted)
    print(f"\n{len(all_c)} candidate pairs, {len(gold_c)} gold pairs")
    print("floor  pairs kept  gold kept")
    for floor in FLOORS:
        print(f"{floor:.2f}   {np.mean(all_c >= floor):9.2f}  {np.mean(gold_c >= floor):9.3f}")
    floor = float(np.quantile(gold_c, 1 - opts.keep)) if len(gold_c) else 0.0
    print(
        f"\nfloor keeping {opts.keep:.0%} of the gold pairs: {floor:.3f} "
        f"(judges {np.mean(all_c >= floor):.0%} of the candidate pairs)"
    )


if __name__ == "__main__":
    main()
