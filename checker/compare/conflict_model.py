"""A learnt last step for content conflicts: the judge's probabilities and the extracted values, weighed.

The pair judge reads two sentences; the slots say which figure, date, place, yes/no or actor each one
states. Thresholds on the judge alone miss conflicts worded differently (the judge leans to agreement),
and a rule "the judge reads one fact and a value differs" calls every part against its whole a conflict.
This model weighs both from data: a logistic regression over a few features of a candidate pair
(:func:`features`), trained by ``scripts/train_conflict_model.py`` on dev cases the judge never learnt
from, where each candidate pair is labelled by the gold (a planted contradiction or not). It only says
whether a pair is a content contradiction; agreements and attribution keep their own rules.

Its weights are a small JSON file (``data/conflict_model.json``: names, means, scales, weights, the
threshold, and where they were measured), read with numpy alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.compare.slots import one_count_apart
from checker.errors import ModelError
from checker.models import Claim, SlotComparison

__all__ = ["FEATURES", "ConflictModel", "features", "judge_fingerprint", "load_conflict_model"]

MODEL_FILE = Path(__file__).resolve().parent / "data" / "conflict_model.json"
JUDGE_FILE = Path(__file__).resolve().parent / "data" / "judge" / "judge.json"
_VALUE_SLOTS = ("number", "date", "place")
_SLOTS = (*_VALUE_SLOTS, "time", "polarity", "role")
_MOMENT_SLOTS = (*_VALUE_SLOTS, "time")  # two of these differing: two moments or two places, more than one fact

FEATURES: tuple[str, ...] = (
    "p_agreement",
    "p_contradiction",
    "p_unrelated",
    "cosine",
    *(f"{s}_conflict" for s in _SLOTS),
    *(f"{s}_agrees" for s in _SLOTS),
    *(f"{s}_conflict_x_same_fact" for s in _VALUE_SLOTS),
    "any_value_conflict_x_contradiction",
    "date_conflict_inferred",
    "dates_max",
    "figures_max",
    "same_language",
    "keyword_overlap",
    "same_predicate",
    "both_negative",
    "one_count",
    "two_values_differ",
    "future_against_past",
    "modality_differs",
    "markers_differ",
)


def features(
    a: Claim, b: Claim, judged, similarity: float, comps: Sequence[SlotComparison], names: Sequence[str] = FEATURES
) -> np.ndarray:
    """The feature vector of one candidate pair: the features ``names`` (a model's own, or :data:`FEATURES`) in
    that order."""
    rel = {s: {c.relation for c in comps if c.slot == s} for s in _SLOTS}
    conflict = {s: float("conflict" in rel[s]) for s in _SLOTS}
    agrees = {s: float(bool(rel[s] & {"equal", "compatible"})) for s in _SLOTS}
    same_fact = 1.0 - judged.unrelated
    inferred = any(c.slot == "date" and c.relation == "conflict" and "inferred" in f"{c.left}{c.right}" for c in comps)
    ka, kb = set(a.keywords), set(b.keywords)
    values = {
        "p_agreement": judged.agreement,
        "p_contradiction": judged.contradiction,
        "p_unrelated": judged.unrelated,
        "cosine": similarity,
        **{f"{s}_conflict": conflict[s] for s in _SLOTS},
        **{f"{s}_agrees": agrees[s] for s in _SLOTS},
        **{f"{s}_conflict_x_same_fact": conflict[s] * same_fact for s in _VALUE_SLOTS},
        "any_value_conflict_x_contradiction": max(conflict[s] for s in _VALUE_SLOTS) * judged.contradiction,
        "date_conflict_inferred": float(inferred),
        "dates_max": float(min(3, max(len(a.date_mentions), len(b.date_mentions)))),
        "figures_max": float(min(4, max(len(a.numbers), len(b.numbers)))),
        "same_language": float(a.language == b.language),
        "keyword_overlap": len(ka & kb) / len(ka | kb) if ka | kb else 0.0,
        "same_predicate": float(a.predicate is not None and a.predicate == b.predicate),
        "both_negative": float(a.polarity == b.polarity == "negative"),  # two denials: one negation on each side
        "one_count": float(one_count_apart(a, b) is not None),  # one figure of a unit each: one count, two figures?
        # two facts of one story told alike: one count at two times, a plan and its outcome, a stage of a series
        "two_values_differ": float(sum(conflict[s] for s in _MOMENT_SLOTS) >= 2),
        "future_against_past": float({a.tense, b.tense} == {"future", "past"}),
        "modality_differs": float(a.modality != b.modality),
        "markers_differ": float(set(a.event_markers) != set(b.event_markers)),
    }
    return np.asarray([values[name] for name in names], dtype=np.float64)


class ConflictModel(BaseModel):
    """Logistic regression weights over standardised features, and the decision threshold."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = Field(ge=0.0, le=1.0, description="least probability of a contradiction for a finding")
    judge: str = Field(description="fingerprint of the judge whose probabilities it weighs (judge_fingerprint)")
    why: str = Field("", description="how it was trained and measured")

    @model_validator(mode="after")
    def _one_weight_a_feature(self) -> ConflictModel:
        if not len(self.features) == len(self.mean) == len(self.scale) == len(self.weights):
            raise ValueError("features, mean, scale and weights must have one entry per feature")
        return self

    def probability(self, x: np.ndarray) -> float:
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = float(z @ np.asarray(self.weights)) + self.bias
        return float(1.0 / (1.0 + np.exp(-min(50.0, max(-50.0, logit)))))


def judge_fingerprint(judge_file: Path = JUDGE_FILE) -> str:
    """The shipped judge's identity: a hash of its description (a retrained judge writes a new one)."""
    return hashlib.sha256(Path(judge_file).read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=4)
def load_conflict_model(path: Path = MODEL_FILE, judge_file: Path = JUDGE_FILE) -> ConflictModel | None:
    """The shipped model, or None when there is none (the thresholds decide alone).

    Raises ModelError when it weighs a feature this version does not compute, or another judge's probabilities."""
    if not Path(path).exists():
        return None
    model = ConflictModel.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    retrain = "retrain it (python scripts/train_conflict_model.py ... --write)"
    unknown = sorted(set(model.features) - set(FEATURES))
    if unknown:
        raise ModelError(f"{path} weighs features this version does not compute ({', '.join(unknown)}): {retrain}")
    if model.judge != judge_fingerprint(judge_file):
        raise ModelError(f"{path} was learnt on another pair judge's probabilities than the shipped one: {retrain}")
    return model
