"""Finding confidence that means something: the rules' raw score mapped to how often such findings were
right on the labelled dev cases.

The map is a logistic regression on the logit of the raw score and the finding's kind, fitted by
``scripts/calibrate_findings.py`` on every conflict finding of the dev cases that have a gold file
(right = it matches an expected conflict of the gold, with the shared scorer's rule). The weights ship
in ``data/finding_calibration.json`` with the data they came from and their leave-one-case-out
figures. Agreements are not calibrated: gold files list some agreements, not all, so an agreement
finding cannot be labelled wrong.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("data") / "finding_calibration.json"
KINDS = ("date", "number", "place", "polarity", "role", "order", "speaker", "source")


def features(raw: float, kind: str | None) -> list[float]:
    """logit of the raw score, then one indicator per kind."""
    p = min(max(raw, 0.01), 0.99)
    return [math.log(p / (1 - p))] + [1.0 if kind == k else 0.0 for k in KINDS]


@lru_cache(maxsize=1)
def _weights() -> tuple[tuple[float, ...], float] | None:
    if not PATH.is_file():
        return None
    data = json.loads(PATH.read_text(encoding="utf-8"))
    if tuple(data["kinds"]) != KINDS:
        return None
    return tuple(data["coef"]), float(data["intercept"])


def calibrate(raw: float, kind: str | None) -> float:
    """Calibrated probability that a conflict finding with this raw score and kind is right; the raw
    score when no calibration ships."""
    weights = _weights()
    if weights is None:
        return raw
    coef, intercept = weights
    z = intercept + sum(w * x for w, x in zip(coef, features(raw, kind)))
    return 1 / (1 + math.exp(-z))
