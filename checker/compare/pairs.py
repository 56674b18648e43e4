"""Sentence pairs: two short texts and their claims -> one verdict (``checker compare-pairs``).

The pair judge reads both texts rendered with the slots the extraction found in them; the
attribution rules (:func:`checker.compare.engine.decide`) run on the claims each text holds, so two
texts quoting the same words from two speakers are an attribution conflict whatever the judge says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.compare.engine import decide
from checker.models import Claim, PairResult
from checker.progress import Progress

if TYPE_CHECKING:  # the judge module is loaded with the judge, not with this one
    from checker.compare.judge import Judgement


@dataclass(frozen=True)
class TextPair:
    """Two texts to judge, with the claims the extraction read in each."""

    id: str
    left: str
    right: str
    left_claims: Sequence[Claim]
    right_claims: Sequence[Claim]


def judge_pairs(
    pairs: Sequence[TextPair], *, judge=None, batch_size: int = 32, progress: Progress | None = None
) -> list[PairResult]:
    """One verdict per pair, in order. ``judge`` scores rendered texts (default: the shipped pair judge).
    Raises ModelError when the pair judge cannot be loaded."""
    from checker.compare.judge import pair_judge
    from checker.compare.judge_input import render_claims

    texts = [(render_claims(p.left, p.left_claims), render_claims(p.right, p.right_claims)) for p in pairs]
    judged = (judge or pair_judge()).judge_texts(texts, batch_size=batch_size, progress=progress)
    return [decide_pair(p.id, p.left_claims, p.right_claims, j) for p, j in zip(pairs, judged)]


def decide_pair(pair_id: str, left: Sequence[Claim], right: Sequence[Claim], judged: Judgement) -> PairResult:
    """One verdict for two short texts from the judge's probabilities: an attribution conflict where they
    quote the same words from two speakers or agencies, else the judge's label; a contradiction names the
    value that differs when the extraction reads one."""
    found = [f for a in left for b in right if (f := decide(a, b, judged, 1.0)) is not None]
    attribution = [f for f in found if f.verdict == "attribution_conflict"]
    if attribution:
        best = max(attribution, key=lambda f: f.confidence)
        return PairResult(
            id=pair_id,
            verdict="attribution_conflict",
            kind=best.kind,
            confidence=best.confidence,
            explanation=best.explanation,
        )
    label = judged.label
    named = [f for f in found if f.verdict == label]
    explanation = (
        named[0].explanation
        if named
        else "pair judge: " + ", ".join(f"{k} {p:.2f}" for k, p in judged.probabilities().items())
    )
    kind = ((named[0].kind if named else "other") or "other") if label == "contradiction" else None
    return PairResult(
        id=pair_id, verdict=label, kind=kind, confidence=round(judged.confidence, 2), explanation=explanation
    )
