"""Claim pairs across sources -> Findings (agreement, contradiction, attribution_conflict).

Candidates are each claim's nearest claims from OTHER articles (embedding neighbours), plus
claims quoting the same words, plus claims stating an order between the same two events. Each
candidate pair goes through ``judge_pair``: the same-statement test for attribution, then the
same-event gate, then slot comparison. Every finding carries both sentences and the values compared.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from checker.compare.calibration import calibrate
from checker.compare.events import EventMatch, firmly_same, keyword_overlap, same_event
from checker.compare.merge import group_findings
from checker.compare.order import order_pairs
from checker.compare.slots import (
    compare_attribution,
    compare_dates,
    compare_frames,
    compare_numbers,
    compare_places,
    compare_roles,
    quote_similarity,
)
from checker.models import Claim, ClaimRef, Finding, SlotComparison

Search = Callable[[np.ndarray, int], list[list[tuple[int, float]]]]
Progress = Callable[[int, int], None]

# Base confidence of a verdict by the slot it rests on, before the same-event strength is applied.
# Hand-set from how often each rule was right on the dev cases; see README "Confidence".
BASE_CONFIDENCE = {
    "speaker": 0.9, "source": 0.85, "polarity": 0.8, "number": 0.85, "date": 0.85, "place": 0.7,
    "order": 0.8, "role": 0.75, "agreement": 0.8,
}
CONFLICT_PRIORITY = ("polarity", "role", "number", "date", "place")
SAME_QUOTE = 0.9
SAME_STATEMENT_COSINE = 0.95  # e5 cosines: paraphrases ~0.96, unrelated ~0.88 (MODELS.md)
SAME_QUOTE_ACROSS_LANGUAGES = 0.93  # e5 cosine of a quote and its translation


def finding_id(a: Claim, b: Claim, verdict: str, kind: str | None) -> str:
    """Stable id: the same two sentences and verdict give the same id, whatever the order."""
    key = "\x00".join(sorted([f"{a.article}\x00{a.text}", f"{b.article}\x00{b.text}"]) + [verdict, kind or ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _ref(c: Claim) -> ClaimRef:
    return ClaimRef(article=c.article, text=c.text, start=c.start, end=c.end, claim_id=c.id, speaker=c.speaker, source=c.source)


def _event_label(a: Claim, b: Claim) -> str:
    shared = [k for k in a.keywords if k in set(b.keywords)][:4]
    kind = a.event_type or b.event_type or "statement"
    return f"{kind} ({', '.join(shared)})" if shared else kind


def _finding(a: Claim, b: Claim, verdict: str, kind: str | None, confidence: float, explanation: str,
             compared: Sequence[SlotComparison], event: str | None) -> Finding:
    return Finding(
        id=finding_id(a, b, verdict, kind),
        verdict=verdict,
        kind=kind,
        confidence=round(max(0.05, min(0.99, confidence)), 2),
        explanation=explanation,
        event=event,
        claims=(_ref(a), _ref(b)),
        compared=tuple(compared),
    )


def _same_statement(a: Claim, b: Claim, similarity: float, quote_cosine: float | None = None) -> float:
    """How surely two claims carry the same statement: the same quoted words (in two languages: their
    vectors' cosine), or (without quotes) nearly the same sentence (cosine >= 0.95 and half their content
    words shared). 0 when not."""
    qsim = quote_similarity(a, b)
    if qsim >= SAME_QUOTE:
        return qsim
    if a.language != b.language and quote_cosine is not None and quote_cosine >= SAME_QUOTE_ACROSS_LANGUAGES:
        return quote_cosine
    if a.quote or b.quote or similarity < SAME_STATEMENT_COSINE:
        return 0.0
    shared, jaccard = keyword_overlap(a, b)
    return 0.9 * similarity if jaccard >= 0.5 and shared >= 3 else 0.0


def _judge_attribution(a: Claim, b: Claim, similarity: float, quote_cosine: float | None = None) -> Finding | None:
    """The same statement in both claims: who said it, and per which agency."""
    qsim = _same_statement(a, b, similarity, quote_cosine)
    if not qsim:
        return None
    comps = compare_attribution(a, b)
    said = a.quote or a.text
    quote = said if len(said) <= 80 else said[:77] + "…"
    for comp in comps:
        if comp.relation == "conflict":
            what = "speakers" if comp.slot == "speaker" else "agencies"
            expl = f"The same words « {quote} » are credited to different {what}: {comp.left} vs {comp.right}."
            return _finding(a, b, "attribution_conflict", comp.slot, BASE_CONFIDENCE[comp.slot] * (0.9 + 0.1 * qsim),
                            expl, comps, "statement")
    if any(c.relation == "equal" for c in comps):
        who = next(c.left for c in comps if c.relation == "equal")
        return _finding(a, b, "agreement", None, BASE_CONFIDENCE["agreement"] * qsim,
                        f"Both quote {who} saying « {quote} ».", comps, "statement")
    return None


def judge_pair(a: Claim, b: Claim, similarity: float, *, assume_same_event: bool = False,
               quote_cosine: float | None = None) -> Finding | None:
    """The verdict on two claims, or None when they are not comparable (different events, no shared slot).

    ``quote_cosine`` is the cosine of the two claims' quoted words, when both quote (for quotes in two
    languages)."""
    found = _judge_attribution(a, b, similarity, quote_cosine)
    if found:
        return found
    match = EventMatch(True, 0.7, "given as one event") if assume_same_event else same_event(a, b, similarity)
    if not match.same:
        return None
    event = _event_label(a, b)
    firm = assume_same_event or firmly_same(a, b, match, similarity)
    # A claim that orders several events (« fait suite à X, puis à Y ») speaks of more than one event:
    # its dates and places are compared through order facts, not slot by slot.
    single = not a.order_facts and not b.order_facts
    conflicts_possible = compare_frames(a, b) + compare_roles(a, b) + compare_numbers(a, b)
    # « Ce lundi, Marseille savoure sa victoire » dates the writing, « a battu dimanche » the match
    tenses_meet = not (a.tense and b.tense and a.tense != b.tense and "present" in (a.tense, b.tense))
    if single and tenses_meet and _dates_comparable(a, b):
        conflicts_possible += compare_dates(a, b)
        if a.event_type and a.event_type == b.event_type and match.strength >= 0.5:
            # where something happened conflicts only for claims that share much more than a type
            conflicts_possible += compare_places(a, b, locations_only=True)
    conflicts = [c for c in conflicts_possible if c.relation == "conflict"] if firm else []
    if any(c.slot == "date" for c in conflicts):
        elsewhere = [c for c in compare_places(a, b, locations_only=True) if c.relation == "conflict"]
        if elsewhere:
            # another place AND another date: two events (a meeting in Riyadh on the 18th, one in
            # Istanbul on the 27th), not one event reported twice wrongly
            return None
    agreeing = [c for c in conflicts_possible if c.relation in {"equal", "compatible"}]
    agreeing += [c for c in compare_places(a, b, locations_only=False) if c.relation in {"equal", "compatible"} and c not in agreeing]
    if conflicts:
        def strength(c: SlotComparison) -> float:
            inferred = "inferred" in (c.left or "") or "inferred" in (c.right or "")
            score = BASE_CONFIDENCE[c.slot] * (0.6 + 0.4 * match.strength) * (0.75 if inferred else 1.0)
            return score * (0.7 if any(x.slot == c.slot for x in agreeing) else 1.0)

        # the best-supported conflict names the finding: an exact place beats a date inferred from « dimanche »
        top = max(conflicts, key=lambda c: (strength(c), -CONFLICT_PRIORITY.index(c.slot)))
        confidence = strength(top)
        expl = _conflict_sentence(top, event, match)
        return _finding(a, b, "contradiction", top.slot, confidence, expl, conflicts_possible, event)
    substantive = [c for c in agreeing if c.slot in {"number", "date", "place", "polarity"}]
    if substantive:
        slots = ", ".join(f"{c.slot} {c.left} ~ {c.right}" for c in substantive[:3])
        confidence = BASE_CONFIDENCE["agreement"] * (0.6 + 0.4 * match.strength)
        return _finding(a, b, "agreement", None, confidence,
                        f"Both report the same {event}: {slots}.", conflicts_possible, event)
    return None


def _dates_comparable(a: Claim, b: Claim) -> bool:
    """Whether two claims' dates can date one event: not when they quote different words (« a affirmé
    mardi » and « a prévenu mercredi » date two statements), and only when one names an event or both
    share their main predicate (« le tribunal avait donné raison mercredi » and « le 10 mars, des militants
    avaient occupé » date two different things)."""
    if a.quote and b.quote and quote_similarity(a, b) < SAME_QUOTE:
        return False
    return bool(a.event_type or b.event_type) or (a.predicate is not None and a.predicate == b.predicate)


def _conflict_sentence(comp: SlotComparison, event: str, match: EventMatch) -> str:
    what = {"number": "figure", "date": "date", "place": "place", "polarity": "outcome", "role": "who did what"}[comp.slot]
    return f"Same {event} ({match.reason}), different {what}: {comp.left} vs {comp.right}."


def _order_finding(kind: str, a: Claim, fa, b: Claim, fb) -> Finding:
    if kind == "conflict":
        expl = f"Order of events: one source has {fa.before} before {fa.after} (« {fa.cue} »), the other {fb.before} before {fb.after} (« {fb.cue} »)."
        comps = (SlotComparison(slot="order", left=f"{fa.before} < {fa.after}", right=f"{fb.before} < {fb.after}", relation="conflict"),)
        return _finding(a, b, "contradiction", "order", BASE_CONFIDENCE["order"], expl, comps, "series of events")
    comps = (SlotComparison(slot="order", left=f"{fa.before} < {fa.after}", right=f"{fb.before} < {fb.after}", relation="equal"),)
    return _finding(a, b, "agreement", None, BASE_CONFIDENCE["agreement"] * 0.9,
                    f"Both place {fa.before} before {fa.after}.", comps, "series of events")


def _numpy_search(vectors: np.ndarray) -> Search:
    def search(queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        scores = queries @ vectors.T
        out = []
        for row in scores:
            top = np.argsort(-row)[:k]
            out.append([(int(i), float(row[i])) for i in top])
        return out

    return search


def _quote_cosine(a: Claim, b: Claim, quote_vectors: dict[str, np.ndarray] | None) -> float | None:
    """Cosine of two claims' quoted words in two languages, when both vectors are known."""
    if not quote_vectors or a.language == b.language or a.id not in quote_vectors or b.id not in quote_vectors:
        return None
    return float(quote_vectors[a.id] @ quote_vectors[b.id])


def candidate_pairs(claims: Sequence[Claim], vectors: np.ndarray, neighbours: int, search: Search | None = None,
                    focus: set[int] | None = None, quote_vectors: dict[str, np.ndarray] | None = None
                    ) -> dict[tuple[int, int], float]:
    """Unordered pairs (i, j) of claims from different articles with their cosine similarity.

    With ``focus``, only pairs that involve at least one of those positions (CI mode: new claims)."""
    search = search or _numpy_search(vectors)
    per_article: dict[str, int] = {}
    for c in claims:
        per_article[c.article] = per_article.get(c.article, 0) + 1
    widest = max(per_article.values(), default=0)
    pairs: dict[tuple[int, int], float] = {}
    if len(claims) == 0:
        return pairs
    k = min(len(claims), neighbours + widest)
    for i, hits in enumerate(search(vectors, k)):
        kept = 0
        for j, score in hits:
            if j == i or j < 0 or claims[j].article == claims[i].article:
                continue
            key = (min(i, j), max(i, j))
            pairs[key] = max(score, pairs.get(key, -1.0))
            kept += 1
            if kept >= neighbours:
                break
    # Same quoted words are compared whatever their embedding rank.
    quoted = [i for i, c in enumerate(claims) if c.quote]
    for x, i in enumerate(quoted):
        for j in quoted[x + 1 :]:
            if claims[i].article != claims[j].article and (
                quote_similarity(claims[i], claims[j]) >= SAME_QUOTE
                or (_quote_cosine(claims[i], claims[j], quote_vectors) or 0.0) >= SAME_QUOTE_ACROSS_LANGUAGES
            ):
                pairs.setdefault((min(i, j), max(i, j)), float(vectors[i] @ vectors[j]))
    if focus is not None:
        pairs = {key: v for key, v in pairs.items() if key[0] in focus or key[1] in focus}
    return pairs


def compare_claims(claims: Sequence[Claim], vectors: np.ndarray, *, neighbours: int = 8, search: Search | None = None,
                   progress: Progress | None = None, focus: set[int] | None = None,
                   quote_vectors: dict[str, np.ndarray] | None = None, calibrated: bool = True) -> list[Finding]:
    """Findings over a corpus's claims; ``vectors`` are aligned with ``claims`` (L2-normalised rows).

    ``calibrated=False`` keeps the rules' raw scores (to fit the calibration).
    ``focus`` limits the findings to pairs that involve those claim positions; ``quote_vectors`` (claim
    id -> vector of its quoted words) lets the same quote be recognised across languages.
    ``search(queries, k)`` returns, per query row, (claim position, score) pairs best first; the
    default is exact numpy search. Findings come out conflicts first, then by confidence.
    """
    claims = list(claims)
    pairs = candidate_pairs(claims, vectors, neighbours, search, focus, quote_vectors)
    findings: dict[str, Finding] = {}
    total = len(pairs)
    for n, ((i, j), score) in enumerate(sorted(pairs.items()), 1):
        found = judge_pair(claims[i], claims[j], score, quote_cosine=_quote_cosine(claims[i], claims[j], quote_vectors))
        if found:
            findings[found.id] = found
        if progress and (n % 50 == 0 or n == total):
            progress(n, total)
    focused = {claims[i].id for i in focus} if focus is not None else None
    for kind, a, fa, b, fb in order_pairs(claims):
        if focused is not None and a.id not in focused and b.id not in focused:
            continue
        found = _order_finding(kind, a, fa, b, fb)
        findings.setdefault(found.id, found)
    found = list(findings.values())
    if calibrated:
        # conflicts carry the probability of being right (checker/compare/calibration.py); agreements keep the rules' score
        found = [f if f.verdict == "agreement" else f.model_copy(update={"confidence": round(calibrate(f.confidence, f.kind), 2)})
                 for f in found]
    order = {"attribution_conflict": 0, "contradiction": 0, "agreement": 1}
    return sorted(group_findings(found), key=lambda f: (order[f.verdict], -f.confidence, f.id))


__all__ = ["compare_claims", "judge_pair", "candidate_pairs", "finding_id", "keyword_overlap"]
