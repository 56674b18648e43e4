#!/usr/bin/env python3
"""Can a figure conflict be told from two counts of different things? Three cheap signals, measured.

    python scripts/tune_decision.py --judged /tmp/holdout.pkl dev-cases/<case> ...   # judge cases once
    python scripts/figure_conflict_study.py /tmp/holdout.pkl /tmp/batch9.pkl ...

Over every candidate pair of the judged dev cases where the two claims state a figure of one unit that
conflicts (``slots.number_relation``), labelled by the gold (a planted contradiction matched by the shared
scorer's rule, or not; traps and agreements counted apart), it prints the area under the ROC curve of:

- the judge's own probabilities on the pair (what the learnt conflict step already weighs);
- **closeness**: how near the two figures are (``|log(x / y)|``): outlets that disagree on one count rarely
  disagree by an order of magnitude;
- **counterfactual**: the judge again, with the right-hand figure written into the left-hand sentence (and
  the other way), so that only the figures' contexts differ: if the judge then reads one fact, the two
  figures should be one count;
- **context**: the cosine of the default encoder's vectors of the words around each figure (six each
  side, the figure masked).

Development figures (the cases have been read): notes/judge-decision-study.md says what they showed.
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
from score_dev_cases import names_pair  # noqa: E402  (the shared scorer's own matching rule)

from checker.compare.judge import load_pair_judge  # noqa: E402
from checker.compare.judge_input import render_claim  # noqa: E402
from checker.compare.slots import counts_comparable, number_relation  # noqa: E402
from checker.config import load_settings  # noqa: E402
from checker.index.encoders import load_encoder  # noqa: E402
from checker.models import Claim, Quantity  # noqa: E402

WINDOW = 6  # words of context each side of a figure


def _span(claim: Claim, q: Quantity) -> tuple[int, int] | None:
    i, j = q.start - claim.start, q.end - claim.start
    if claim.text[i:j] == q.text:
        return i, j
    k = claim.text.find(q.text)
    return (k, k + len(q.text)) if k >= 0 else None


def written_in(claim: Claim, old: Quantity, new: Quantity) -> Claim | None:
    """``claim`` with figure ``old`` replaced by ``new`` (its words and its slot)."""
    span = _span(claim, old)
    if span is None:
        return None
    text = claim.text[: span[0]] + new.text + claim.text[span[1] :]
    return claim.model_copy(update={"text": text, "numbers": [new if n is old else n for n in claim.numbers]})


def context(claim: Claim, q: Quantity) -> str:
    span = _span(claim, q) or (0, 0)
    left, right = claim.text[: span[0]].split()[-WINDOW:], claim.text[span[1] :].split()[:WINDOW]
    return " ".join([*left, "N", q.unit or "", *right])


def conflicting_figures(a: Claim, b: Claim) -> list[tuple[Quantity, Quantity]]:
    return [
        (x, y)
        for x in a.numbers
        for y in b.numbers
        if (x.unit_id or x.unit)
        and (x.unit_id or x.unit) == (y.unit_id or y.unit)
        and x.value > 0
        and y.value > 0
        and counts_comparable(x, y)
        and number_relation(x, y) == "conflict"
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judged", nargs="+", type=Path, help="pickles written by tune_decision.py --judged")
    opts = parser.parse_args()
    from sklearn.metrics import roc_auc_score

    rows = []
    for path in opts.judged:
        for _, gold, _, pairs in pickle.loads(path.read_bytes()):  # noqa: S301 (files tune_decision.py wrote)
            planted = [e for e in gold["expect"] if e["verdict"] == "contradiction"]
            others = [e for e in gold["expect"] if e["verdict"] == "agreement"] + list(gold.get("forbid", []))
            for a, b, _, _, judged in pairs:
                figures = conflicting_figures(a, b)
                if not figures:
                    continue
                x, y = min(figures, key=lambda f: abs(math.log(f[0].value / f[1].value)))
                label = any(names_pair(e, a, b) for e in planted)
                trap = any(names_pair(e, a, b) for e in others)
                rows.append((a, b, x, y, judged, label, trap))
    if not rows:
        raise SystemExit("no candidate pair with a figure conflict in these pickles")
    label = np.array([r[5] for r in rows])
    trap = np.array([r[6] for r in rows])
    print(f"{len(rows)} pairs with a figure conflict: {label.sum()} planted, {trap.sum()} traps or agreements")

    settings = load_settings()
    judge = load_pair_judge(settings.cache_dir)
    texts, kept = [], []
    for k, (a, b, x, y, *_rest) in enumerate(rows):
        b2, a2 = written_in(b, y, x), written_in(a, x, y)
        if b2 is not None and a2 is not None:
            texts += [(render_claim(a), render_claim(b2)), (render_claim(a2), render_claim(b))]
            kept.append(k)
    flipped = judge.judge_texts(texts)
    counterfactual = np.full(len(rows), np.nan)
    for n, k in enumerate(kept):
        counterfactual[k] = (flipped[2 * n].agreement + flipped[2 * n + 1].agreement) / 2

    encoder = load_encoder(settings.encoder, settings.cache_dir)
    windows = [(context(a, x), context(b, y)) for a, b, x, y, *_ in rows]
    vectors = encoder.encode([t for pair in windows for t in pair])
    cosine = np.einsum("ij,ij->i", vectors[0::2], vectors[1::2])

    signals = {
        "judge: 1 - P(unrelated)": np.array([1 - r[4].unrelated for r in rows]),
        "judge: P(contradiction)": np.array([r[4].contradiction for r in rows]),
        "closeness: -|log(x / y)|": np.array([-abs(math.log(r[2].value / r[3].value)) for r in rows]),
        "counterfactual: P(agreement)": counterfactual,
        "context: cosine": cosine,
    }
    print(f"{'signal':<32} {'AUC':>5} {'planted':>8} {'traps':>6} {'others':>6}   (means)")
    for name, values in signals.items():
        ok = ~np.isnan(values)
        auc = roc_auc_score(label[ok], values[ok])
        means = [values[ok & m].mean() for m in (label, trap & ~label, ~trap & ~label)]
        print(f"{name:<32} {auc:5.3f} {means[0]:8.2f} {means[1]:6.2f} {means[2]:6.2f}")
    same_fact, close = signals["judge: 1 - P(unrelated)"], -signals["closeness: -|log(x / y)|"]
    print("the sharpest rule of two signals: 1 - P(unrelated) >= s and |log(x / y)| <= c")
    for c in (0.3, 0.5):
        for s in (0.8, 0.9):
            said = (same_fact >= s) & (close <= c)
            right = int((said & label).sum())
            print(
                f"  c {c} s {s}: {int(said.sum())} pairs, {right} planted, {int((said & trap & ~label).sum())} traps, "
                f"precision {right / max(1, int(said.sum())):.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
