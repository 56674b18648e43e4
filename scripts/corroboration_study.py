#!/usr/bin/env python3
"""Does corroboration tell a planted figure, date or place conflict from two values of different things?

    python scripts/corroboration_study.py /tmp/n-holdout.pkl /tmp/n-batch9.pkl ...   # tune_decision.py --judged

For every candidate pair whose two claims state conflicting values (figure, date or place), counts the
articles other than the two that side with one claim against the other: a claim near the first that conflicts
with it on that slot and agrees with the second. An outlet alone against several others is how a misreported
value looks to a fact-checker. Prints the area under the ROC curve for "the pair is a planted contradiction"
of that count and of the judge's own signals, and how many pairs simple rules keep. Development figures:
the cases have been read.
"""

from __future__ import annotations

import pickle
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
from score_dev_cases import names_pair  # noqa: E402  (the shared scorer's own matching rule)

from checker.compare.engine import _slots  # noqa: E402

VALUE_SLOTS = ("number", "date", "place")


def rows_of_case(case) -> list[tuple[bool, bool, int, int, float, float]]:
    """(planted, trap, support for the left claim's value, for the right one's, same fact, P(contradiction))
    of each candidate pair with a value conflict."""
    _, gold, _, rows = case
    planted = [e for e in gold["expect"] if e["verdict"] == "contradiction"]
    traps = [e for e in gold["expect"] if e["verdict"] == "agreement"] + list(gold.get("forbid", []))
    near: dict[str, dict[str, object]] = defaultdict(dict)
    for a, b, *_ in rows:
        near[a.id][b.id], near[b.id][a.id] = b, a
    cache: dict = {}

    def relations(x, y, slot: str) -> set[str]:
        if (x.id, y.id) not in cache:
            cache[x.id, y.id] = _slots(x, y)
        return {c.relation for c in cache[x.id, y.id] if c.slot == slot}

    def support(x, y, slot: str) -> int:
        """Articles besides x's and y's with a claim near x that conflicts with x and agrees with y."""
        sides: set[str] = set()
        for c in near[x.id].values():
            if c.article in {x.article, y.article} or c.article in sides:
                continue
            with_y = relations(y, c, slot)
            if "conflict" in relations(x, c, slot) and with_y & {"equal", "compatible"} and "conflict" not in with_y:
                sides.add(c.article)
        return len(sides)

    out = []
    for a, b, _, _, judged in rows:
        slots = [s for s in VALUE_SLOTS if "conflict" in relations(a, b, s)]
        if not slots:
            continue
        label = any(names_pair(e, a, b) for e in planted)
        trap = any(names_pair(e, a, b) for e in traps)
        against_a = max(support(a, b, s) for s in slots)
        against_b = max(support(b, a, s) for s in slots)
        out.append((label, trap, against_a, against_b, 1.0 - judged.unrelated, judged.contradiction))
    return out


def main() -> int:
    rows = [r for path in sys.argv[1:] for case in pickle.loads(Path(path).read_bytes()) for r in rows_of_case(case)]
    labels = np.array([r[0] for r in rows], dtype=int)
    traps = np.array([r[1] and not r[0] for r in rows])
    print(f"{len(rows)} candidate pairs with a value conflict, {labels.sum()} planted, {traps.sum()} traps")
    signals = {
        "corroboration: most sides against one claim": [max(r[2], r[3]) for r in rows],
        "corroboration: all other sides": [r[2] + r[3] for r in rows],
        "corroboration: one claim alone": [float(max(r[2], r[3]) > 0 and min(r[2], r[3]) == 0) for r in rows],
        "judge: 1 - P(unrelated)": [r[4] for r in rows],
        "judge: P(contradiction)": [r[5] for r in rows],
    }
    for name, values in signals.items():
        x = np.asarray(values, dtype=float)
        print(
            f"{name:<46} AUC {roc_auc_score(labels, x):.3f} | mean: planted {x[labels == 1].mean():.2f}, "
            f"traps {x[traps].mean():.2f}, others {x[(labels == 0) & ~traps].mean():.2f}"
        )
    for same in (0.7, 0.8, 0.9):
        for sides in (0, 1, 2):
            kept = [r for r in rows if r[4] >= same and max(r[2], r[3]) >= sides]
            hits = sum(r[0] for r in kept)
            print(
                f"same fact >= {same}, >= {sides} other outlet(s) against one claim: {len(kept)} pairs, "
                f"{hits} planted, {sum(r[1] and not r[0] for r in kept)} traps"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
