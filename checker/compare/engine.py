"""Claim pairs across sources -> Findings (agreement, contradiction, attribution_conflict).

1. Candidates: each claim's nearest claims from OTHER articles (embedding neighbours), plus claims
   quoting the same words (in one language or two).
2. The pair judge (:mod:`checker.compare.judge`, a cross-encoder trained in this repository) reads
   every candidate pair and says, with calibrated probabilities, whether the two claims state the same
   fact and agree, state it incompatibly, or are not about the same fact. That decision replaces the
   hand rules that used to gate "same event" by shared keywords.
3. Evidence: the slots the extraction read (dates, places, figures, polarity, who did what) are
   compared to name the values a finding rests on; a conflict the judge sees but no slot names is
   reported as such ("the judge decided alone"), with both sentences and its probability.
4. Attribution: the same statement (the same quoted words, in one language or two, or what the judge
   reads as the same statement between two reported speeches) credited to two speakers or two agencies.
5. Order facts between events are compared across articles (exact, from the extraction).

The thresholds applied to the judge's probabilities are data (``data/decision.json``), chosen on dev
cases that the judge never trained on, each with the reason it has its value.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from checker.compare.conflict_model import ConflictModel, features, load_conflict_model
from checker.compare.merge import group_findings
from checker.compare.order import order_pairs
from checker.compare.slots import (
    compare_attribution,
    compare_dates,
    compare_frames,
    compare_numbers,
    compare_places,
    compare_roles,
    compare_times,
    folded_quote,
    one_count_apart,
    quote_similarity,
)
from checker.models import Claim, ClaimRef, Finding, SlotComparison, ThresholdsName, kind_of_slot
from checker.progress import Progress
from checker.text import QUE_NOT_REPORTING, QUOTED

__all__ = [
    "Decision",
    "PairScorer",
    "candidate_pairs",
    "checked_search",
    "compare_claims",
    "decide",
    "finding_id",
    "learnt_step",
    "load_decision",
    "named_decision",
]

Search = Callable[[np.ndarray, int], list[list[tuple[int, float]]]]

SAME_QUOTE = 0.9  # rapidfuzz token-set ratio of two quotes: the same words, give or take an elision
SAME_QUOTE_ACROSS_LANGUAGES = 0.93  # e5 cosine of a quote and its translation
SAME_STATEMENT_COSINE = 0.95  # e5 cosines: paraphrases ~0.96, unrelated ~0.88 (MODELS.md)
CONFLICT_PRIORITY = ("polarity", "role", "number", "date", "time", "place")
DECISION_FILE = Path(__file__).resolve().parent / "data" / "decision.json"
DECISION_FILES: dict[ThresholdsName, Path] = {
    "cautious": DECISION_FILE,
    "wide": DECISION_FILE.with_name("decision-wide.json"),
}
"""The thresholds a user chooses between (setting ``thresholds``): cautious says fewer conflicts, more of them
right; wide finds more of them at the cost of more false ones. Each file's ``why`` gives its measured figures."""


class Decision(BaseModel):
    """Thresholds on the judge's calibrated probabilities (``data/decision.json``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agreement: float = Field(description="least probability of agreement for an agreement finding")
    contradiction: float = Field(description="least probability of contradiction for a contradiction finding")
    contradiction_with_slot: float = Field(
        description="least probability of contradiction when an extracted value (figure, date, place) differs"
    )
    same_statement: float = Field(
        description="least probability of agreement for two reported speeches to be one statement (attribution)"
    )
    same_fact_with_slot: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="least probability of the same fact (1 - unrelated) at which an extracted figure, date or place "
        "that differs makes a contradiction whatever the judge's own verdict; absent: off",
    )
    same_fact_slots: tuple[Literal["number", "date", "time", "place", "role"], ...] = Field(
        ("number", "date", "place"),
        description="the extracted values that rule reads: a sentence's figure counts its fact, while a date or a "
        "place may belong to another event of the sentence (when it was said, a background fact, a plan); role: "
        "who did it (two agents of an act one sentence gives to one agent, or agent and object exchanged); time: "
        "the time of day, where each sentence gives one",
    )
    same_fact_one_count: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="least probability of the same fact (1 - unrelated) at which two figures that look like two "
        "outlets' figures for one count (slots.one_count_apart: one figure of a unit each, a modest factor apart, "
        "neither sentence stating the other's) make a contradiction whatever the judge's own verdict; absent: off",
    )
    conflict_model: bool = Field(
        False,
        description="content contradictions decided by the learnt model of data/conflict_model.json (the judge's "
        "probabilities and the extracted values weighed) instead of the three thresholds above",
    )
    why: dict[str, str] = Field(default_factory=dict, description="the reason for each value, and where it was chosen")


@lru_cache(maxsize=4)
def load_decision(path: Path = DECISION_FILE) -> Decision:
    return Decision.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))


def named_decision(name: ThresholdsName) -> Decision:
    """The shipped thresholds of that name (``cautious``, the default, or ``wide``): see DECISION_FILES."""
    return load_decision(DECISION_FILES[name])


class Judged(Protocol):
    """The judge's calibrated probabilities for one pair, as the engine reads them."""

    @property
    def agreement(self) -> float: ...

    @property
    def contradiction(self) -> float: ...

    @property
    def unrelated(self) -> float: ...

    @property
    def label(self) -> str: ...


class PairScorer(Protocol):
    """What the engine needs of a judge (the shipped one, or a stand-in in tests)."""

    def judge_claims(
        self, pairs: Sequence[tuple[Claim, Claim]], batch_size: int = 32, progress: Progress | None = None
    ) -> Sequence[Judged]: ...


def finding_id(a: Claim, b: Claim, verdict: str, kind: str | None) -> str:
    """Stable id: the same two sentences and verdict give the same id, whatever the order."""
    key = "\x00".join(sorted([f"{a.article}\x00{a.text}", f"{b.article}\x00{b.text}"]) + [verdict, kind or ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _ref(c: Claim) -> ClaimRef:
    return ClaimRef(
        article=c.article, text=c.text, start=c.start, end=c.end, claim_id=c.id, speaker=c.speaker, source=c.source
    )


def _event_label(a: Claim, b: Claim) -> str:
    shared = [k for k in a.keywords if k in set(b.keywords)][:4]
    kind = a.event_type or b.event_type or "statement"
    return f"{kind} ({', '.join(shared)})" if shared else kind


def _finding(
    a: Claim,
    b: Claim,
    verdict: str,
    kind: str | None,
    confidence: float,
    explanation: str,
    compared: Sequence[SlotComparison],
    event: str | None,
) -> Finding:
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


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "…"


# ---------------------------------------------------------------------------------------- attribution
def _same_words(a: Claim, b: Claim, similarity: float, quote_cosine: float | None) -> float:
    """How surely two claims carry the same words: the same quote (in two languages: their vectors' cosine),
    or nearly the same sentence without quotes. 0 when not."""
    qsim = quote_similarity(a, b)
    if qsim >= SAME_QUOTE:
        return qsim
    if a.language != b.language and quote_cosine is not None and quote_cosine >= SAME_QUOTE_ACROSS_LANGUAGES:
        return quote_cosine
    return 0.0


def _two_quotes(a: Claim, b: Claim) -> bool:
    """Both claims quote words in one language: they are the same statement only if the words are the same
    (:func:`_same_words`), however alike the judge finds two people's reactions to one event (« Nous sommes
    dévastés » / « C'est un drame épouvantable »). A quote and indirect speech, or a quote and its
    translation, are left to the judge; so is indirect speech that quotes a few of its words (« a estimé qu'on
    fermait les classes …, « sans jamais rien remplacer » »)."""
    return _quotes(a) and _quotes(b) and a.language == b.language


# « a estimé que … »: French indirect speech (not « alors que », « ne … que »: the word before it says which);
# English "that" is also a determiner, so it is not read here
_INDIRECT = re.compile(r"(\S+)\s+(?:que|qu['’])(?=\s|\w)", re.IGNORECASE)


def _quotes(c: Claim) -> bool:
    """Whether a claim's statement is a quote: it has quoted words, and no « que » of indirect speech outside
    them (a « que » after a verb, not one of a conjunction or a restriction)."""
    if not c.quote or c.language != "fr":
        return bool(c.quote)
    outside = QUOTED.sub(" ", c.text)
    return not any(
        m.group(1).casefold().strip(",;:") not in QUE_NOT_REPORTING and not _RESTRICTION.search(outside[: m.end()])
        for m in _INDIRECT.finditer(outside)
    )


_RESTRICTION = re.compile(r"\bn(?:e\s|['’])\S+(?:\s+\S+){0,3}\s+qu(?:e|['’])\S*$", re.IGNORECASE)


def _reported(c: Claim) -> bool:
    return bool(c.quote or c.speaker or c.source_scope == "sentence")


def _attribution(
    a: Claim,
    b: Claim,
    similarity: float,
    quote_cosine: float | None,
    judged: Judged | None,
    decision: Decision,
    values: _Values,
) -> Finding | None:
    """The same statement in both claims: who said it, and per which agency."""
    words = _same_words(a, b, similarity, quote_cosine)
    by_judge = (
        judged is not None
        and judged.agreement >= decision.same_statement
        and _reported(a)
        and _reported(b)
        and not _two_quotes(a, b)
    )
    if not words and not by_judge:
        return None
    if not words and _values_exclude(values.numbers + values.located):
        return None  # « près de 300 hectares, selon la mairie » is not « 2 300 hectares, selon la chambre »
    comps = compare_attribution(a, b)
    conflict = next((c for c in comps if c.relation == "conflict"), None)
    said = _short(a.quote or a.text)
    if conflict is not None:
        bodies = "body" in {a.source_kind, b.source_kind}
        what = "speakers" if conflict.slot == "speaker" else "sources" if bodies else "agencies"
        if words or judged is None:
            how = "The same words"
            sure = 0.9 * (0.9 + 0.1 * words)
        else:
            how = f"The pair judge reads the same statement (probability {judged.agreement:.2f}) in both; it"
            sure = 0.9 * judged.agreement
        expl = f"{how} « {said} » credited to different {what}: {conflict.left} vs {conflict.right}."
        return _finding(a, b, "attribution_conflict", conflict.slot, sure, expl, comps, "statement")
    if words and any(c.relation == "equal" for c in comps):
        who = next(c.left for c in comps if c.relation == "equal")
        return _finding(
            a, b, "agreement", None, 0.8 * words, f"Both quote {who} saying « {said} ».", comps, "statement"
        )
    return None


# ---------------------------------------------------------------------------------------- content
@dataclass(frozen=True)
class _Values:
    """Two claims' figures and located places, compared once for the same-statement guard and the content
    decision that both read them."""

    numbers: list[SlotComparison]
    located: list[SlotComparison]

    @classmethod
    def of(cls, a: Claim, b: Claim) -> _Values:
        return cls(compare_numbers(a, b), compare_places(a, b, locations_only=True))


def _slots(a: Claim, b: Claim, values: _Values | None = None) -> list[SlotComparison]:
    """Every slot the two claims both state, compared (conflicting ones first). ``values``: their figures and
    located places when already compared."""
    values = values or _Values.of(a, b)
    single = not a.order_facts and not b.order_facts  # a claim ordering several events dates each through order facts
    comps = compare_frames(a, b) + compare_roles(a, b) + values.numbers
    if single:
        dates = compare_dates(a, b)
        comps += dates + compare_times(a, b, dates) + values.located
    seen = {(c.slot, c.left, c.right) for c in comps}
    comps += [c for c in compare_places(a, b, locations_only=False) if (c.slot, c.left, c.right) not in seen]
    return sorted(comps, key=lambda c: c.relation != "conflict")


def _compared(a: Claim, b: Claim) -> tuple[_Values, list[SlotComparison]]:
    """What :func:`decide` reads of two claims' slots, whatever the thresholds: their figures and located places,
    and every slot they both state."""
    values = _Values.of(a, b)
    return values, _slots(a, b, values)


_COUNT_STAGES = frozenset({"provisional", "updated"})


def _stages_of_one_count(a: Claim, b: Claim, comps: Sequence[SlotComparison]) -> bool:
    """Two claims with figures where one gives its figures as a stage of a changing count and the other not that
    stage (« selon un premier bilan, au moins 1 800 appels » / « 4 300 appels, selon son dernier bilan »; « le
    bilan a été revu à la hausse : 2 750 hectares » / « 2 300 hectares »), and nothing but figures differs:
    a contradiction between them is an update (whether the extraction compared the two figures or the judge
    decided alone). Their agreement on one figure (« selon le dernier bilan, 87 cas » / « 87 cas ») stands."""
    if _COUNT_STAGES.intersection(a.event_markers) == _COUNT_STAGES.intersection(b.event_markers):
        return False
    return bool(a.numbers and b.numbers) and not any(c.relation == "conflict" and c.slot != "number" for c in comps)


_EXCLUDES_ONE_FACT = frozenset({"number", "place"})  # two claims that differ on these tell no one agreed fact


def _values_exclude(comps: Sequence[SlotComparison]) -> bool:
    """Figures or places that exclude each other among ``comps``: the two claims tell no one fact or statement."""
    return any(c.relation == "conflict" and c.slot in _EXCLUDES_ONE_FACT for c in comps)


_WHAT = {
    "number": "figure",
    "date": "date",
    "time": "time of day",
    "place": "place",
    "polarity": "outcome",
    "role": "who did what",
}
# values the extraction names, that the same-fact rule may read
_NAMED = frozenset({"number", "date", "time", "place", "role"})


def decide(
    a: Claim,
    b: Claim,
    judged: Judged,
    similarity: float,
    *,
    decision: Decision | None = None,
    quote_cosine: float | None = None,
    model: ConflictModel | None = None,
) -> Finding | None:
    """The finding on two claims given the judge's probabilities, or None (not the same fact, or unsure).

    ``model``: the learnt conflict step to decide content contradictions with (:func:`learnt_step` gives the
    shipped one for a judge); without it, the decision's thresholds."""
    decision = decision or load_decision()
    values, comps = _compared(a, b)
    found = _attribution(a, b, similarity, quote_cosine, judged, decision, values)
    if found:
        return found
    if _same_sentence(a, b):
        return _word_for_word(a, b, comps)
    found = _content(a, b, judged, similarity, comps, decision, model)
    if found is not None and found.verdict == "contradiction" and _stages_of_one_count(a, b, comps):
        return None  # a first count and a later one: an update, not a contradiction (nor an agreement)
    return found


def _same_sentence(a: Claim, b: Claim) -> bool:
    """Whether two claims are the same words (case, spacing and apostrophes aside): one dispatch printed twice, or
    one sentence two outlets share."""
    return _words(a.text) == _words(b.text)


def _words(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def _agreeing_values(comps: Sequence[SlotComparison]) -> str:
    """The first three values both claims state alike, as an agreement's explanation names them."""
    agreeing = [c for c in comps if c.relation in {"equal", "compatible"} and c.slot in _WHAT]
    return "; ".join(f"{_WHAT[c.slot]} {c.left} ~ {c.right}" for c in agreeing[:3])


def _word_for_word(a: Claim, b: Claim, comps: list[SlotComparison]) -> Finding | None:
    """The finding on two claims that are the same sentence: an agreement, whatever the judge says (it never learnt
    a sentence against itself, and reads some as a contradiction at 0.98); none when an extracted value differs
    between them (« mardi » read in two articles published on other days: the reading's doing, not the outlets')."""
    if any(c.relation == "conflict" for c in comps):
        return None
    values = _agreeing_values(comps)
    expl = "Both articles print this sentence word for word: the same fact (one dispatch, or one source)" + (
        f": {values}." if values else "."
    )
    return _finding(a, b, "agreement", None, 0.9, expl, comps, _event_label(a, b))


def _content(
    a: Claim,
    b: Claim,
    judged: Judged,
    similarity: float,
    comps: list[SlotComparison],
    decision: Decision,
    model: ConflictModel | None,
) -> Finding | None:
    """decide() on what the two claims state (their attribution aside)."""
    event = _event_label(a, b)
    conflicts = [c for c in comps if c.relation == "conflict" and c.slot in _WHAT]
    if model is not None:
        return _learnt(a, b, judged, similarity, comps, conflicts, event, model, decision)
    p_conflict = judged.contradiction
    named = [c for c in conflicts if c.slot in _NAMED]
    judge_says = p_conflict >= decision.contradiction or (
        named and p_conflict >= decision.contradiction_with_slot and judged.label != "agreement"
    )
    if not named and a.polarity == b.polarity == "negative":
        judge_says = False  # two denials: the judge reads a negation on each side as a contradiction (an NLI artifact)
    # the judge says the same fact, the extracted values say it is told differently
    same_fact = 1.0 - judged.unrelated
    read = [c for c in named if c.slot in decision.same_fact_slots]
    slot_says = bool(read) and decision.same_fact_with_slot is not None and same_fact >= decision.same_fact_with_slot
    # two outlets' figures for one count: the judge reads figures poorly, the extraction says which count they are
    one_count = (
        one_count_apart(a, b)
        if not (judge_says or slot_says)
        and decision.same_fact_one_count is not None
        and same_fact >= decision.same_fact_one_count
        and any(c.slot == "number" for c in named)
        else None
    )
    if judge_says or slot_says or one_count:
        if conflicts:
            top = one_count or min(
                read if slot_says and not judge_says else conflicts, key=lambda c: CONFLICT_PRIORITY.index(c.slot)
            )
            why = (
                f"pair judge: contradiction {p_conflict:.2f}"
                if judge_says
                else f"pair judge: the same fact {same_fact:.2f}, contradiction only {p_conflict:.2f}: "
                + (
                    "one figure each, a count told differently"
                    if one_count
                    else "the extraction reads who did it otherwise"
                    if top.slot == "role"
                    else f"the extracted {_WHAT[top.slot]}s differ"
                )
            )
            expl = f"Same fact, different {_WHAT[top.slot]}: {top.left} vs {top.right} ({why})."
            return _finding(a, b, "contradiction", kind_of_slot(top.slot), p_conflict, expl, comps, event)
        expl = (
            f"The pair judge reads both sentences as the same fact told incompatibly (probability "
            f"{p_conflict:.2f}); the judge decided alone: no extracted value (figure, date, place, negation) "
            "names the difference, read both sentences."
        )
        return _finding(a, b, "contradiction", "other", p_conflict, expl, comps, event)
    return _agreement(a, b, judged, comps, event, decision)


def learnt_step(judge: object, decision: Decision | None = None) -> ConflictModel | None:
    """The shipped learnt conflict step for this judge, or None (the thresholds decide): it weighs the
    shipped judge's probabilities, so a stand-in judge (``judge = "fake"``) or the decision's flag off
    leaves it out. Raises ModelError when its file was learnt with another judge than the shipped one."""
    if not (decision or load_decision()).conflict_model or not getattr(judge, "learnt_step", False):
        return None
    return load_conflict_model()


def _agreement(
    a: Claim, b: Claim, judged: Judged, comps: list[SlotComparison], event: str | None, decision: Decision
) -> Finding | None:
    """An agreement finding when the judge is sure enough of one, with the values both state; none when the
    two claims state figures or places that exclude each other (« 37 exploitations » / « vingt-sept »,
    « à Rouen » / « à Amiens »): the judge's agreement against that evidence is no verdict to show an
    editor (on the 60 development cases, 29 of the 297 agreements said on a planted contradiction, for one
    planted agreement lost; a date is left out: another event's day in one sentence is common)."""
    if judged.agreement < decision.agreement:
        return None
    if _values_exclude(comps):
        return None
    values = _agreeing_values(comps)
    expl = f"Both report the same fact (pair judge: agreement {judged.agreement:.2f})" + (
        f": {values}." if values else "."
    )
    return _finding(a, b, "agreement", None, judged.agreement, expl, comps, event)


def _learnt(
    a: Claim,
    b: Claim,
    judged: Judged,
    similarity: float,
    comps: list[SlotComparison],
    conflicts: list[SlotComparison],
    event: str | None,
    model: ConflictModel,
    decision: Decision,
) -> Finding | None:
    """decide's content step with the learnt conflict model; agreements as with the thresholds."""
    p = model.probability(features(a, b, judged, similarity, comps, model.features))
    if p >= model.threshold:
        top = min(conflicts, key=lambda c: CONFLICT_PRIORITY.index(c.slot)) if conflicts else None
        basis = f"learnt weighing of the pair judge (contradiction {judged.contradiction:.2f}, agreement " + (
            f"{judged.agreement:.2f}) and the extracted values: contradiction {p:.2f}"
        )
        if top is not None:
            expl = f"Same fact, different {_WHAT[top.slot]}: {top.left} vs {top.right} ({basis})."
            return _finding(a, b, "contradiction", kind_of_slot(top.slot), p, expl, comps, event)
        expl = f"Read as the same fact told incompatibly ({basis}); no extracted value names the difference: read both."
        return _finding(a, b, "contradiction", "other", p, expl, comps, event)
    return _agreement(a, b, judged, comps, event, decision)


# ---------------------------------------------------------------------------------------- order
def _order_finding(kind: str, a: Claim, fa, b: Claim, fb) -> Finding:
    comps = (
        SlotComparison(
            slot="order",
            left=f"{fa.before} < {fa.after}",
            right=f"{fb.before} < {fb.after}",
            relation="conflict" if kind == "conflict" else "equal",
        ),
    )
    if kind == "conflict":
        expl = (
            f"Order of events: one source has {fa.before} before {fa.after} (« {fa.cue} »), "
            f"the other {fb.before} before {fb.after} (« {fb.cue} »)."
        )
        return _finding(a, b, "contradiction", "order", 0.8, expl, comps, "series of events")
    return _finding(
        a, b, "agreement", None, 0.72, f"Both place {fa.before} before {fa.after}.", comps, "series of events"
    )


# ---------------------------------------------------------------------------------------- candidates
def _numpy_search(vectors: np.ndarray) -> Search:
    def search(queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        scores = queries @ vectors.T
        out = []
        for row in scores:
            top = np.argsort(-row)[:k]
            out.append([(int(i), float(row[i])) for i in top])
        return out

    return search


_SAME = 1e-5  # two similarities of float32 vectors closer than this are one


def checked_search(vectors: np.ndarray, checked: int, pool_ranks: Sequence[np.ndarray], neighbours: int) -> Search:
    """The search ``check`` compares with: rows ``[:checked]`` of ``vectors`` are the checked articles' claims, the
    rest the pool of indexed claims near them, and ``pool_ranks[p]`` the similarities (best first) of pool claim p's
    nearest claims from other articles in the whole index (the checked articles left out), at most ``neighbours``.

    A checked claim's hits are exact search's. A pool claim reaches a checked claim only where a compare of the whole
    corpus would rank that claim among its ``neighbours`` nearest: behind fewer than ``neighbours`` of its index
    neighbours and of the other checked claims. Without this a pool claim, seeing only the pool, counts every checked
    claim among its nearest, and ``check`` judged about two pairs in five more than ``compare`` makes for the same
    article (249 articles, a dev case's article checked against the other 248). Pool claims get no hits among
    themselves: ``check`` keeps only pairs with a checked claim."""
    exact = _numpy_search(vectors)

    def search(queries: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        rows = exact(queries, k)
        to_checked = queries[checked:] @ vectors[:checked].T  # each pool claim against every checked claim
        for p in range(checked, len(rows)):
            ranks, others = pool_ranks[p - checked], to_checked[p - checked]
            # ahead of a checked claim: the claims clearly more similar (one similarity computed two ways is not)
            rows[p] = [
                (j, score)
                for j, score in rows[p]
                if j < checked and int((ranks > score + _SAME).sum() + (others > score + _SAME).sum()) < neighbours
            ]
        return rows

    return search


def _quote_cosine(a: Claim, b: Claim, quote_vectors: dict[str, np.ndarray] | None) -> float | None:
    """Cosine of two claims' quoted words in two languages, when both vectors are known."""
    if not quote_vectors or a.language == b.language or a.id not in quote_vectors or b.id not in quote_vectors:
        return None
    return float(quote_vectors[a.id] @ quote_vectors[b.id])


def same_quote(a: Claim, b: Claim, quote_vectors: dict[str, np.ndarray] | None = None) -> bool:
    """The same quoted words (token-set ratio at least ``SAME_QUOTE``), or in two languages one the other's
    translation (cosine of their quote vectors at least ``SAME_QUOTE_ACROSS_LANGUAGES``)."""
    return (
        quote_similarity(a, b) >= SAME_QUOTE
        or (_quote_cosine(a, b, quote_vectors) or 0.0) >= SAME_QUOTE_ACROSS_LANGUAGES
    )


# quoted claims compared at once with all the others: their scores stay under 100 MB at 100,000 quotes
_QUOTE_BLOCK = 256


def same_quote_pairs(
    claims: Sequence[Claim], quote_vectors: dict[str, np.ndarray] | None = None, focus: set[int] | None = None
) -> list[tuple[int, int]]:
    """Pairs (i < j) of quoting claims from different articles that :func:`same_quote` accepts. With ``focus``,
    only pairs that involve one of those positions.

    Every quote is still measured against every other, but in compiled code: rapidfuzz's ``cdist`` (its
    token-set ratio, both cores, each distinct quote once) and one matrix product of the quote vectors per block
    of rows, where a Python loop over pairs cost about 10 µs a pair (17 s of a 1,000-article compare). Both only
    short-list: each pair they keep is confirmed with :func:`same_quote`, so the pairs are exactly its."""
    quoted = [i for i, c in enumerate(claims) if c.quote]
    if len(quoted) < 2:
        return []
    rows = quoted if focus is None else [i for i in quoted if i in focus]
    texts = [folded_quote(claims[i]) for i in quoted]
    articles = np.array([claims[i].article for i in quoted], dtype=object)
    where = {i: x for x, i in enumerate(quoted)}
    with_vector = [x for x, i in enumerate(quoted) if quote_vectors and claims[i].id in quote_vectors]
    matrix = (
        np.stack([quote_vectors[claims[quoted[x]].id] for x in with_vector]).astype(np.float32)
        if quote_vectors and with_vector
        else np.zeros((0, 1), np.float32)
    )
    vector_row = {x: r for r, x in enumerate(with_vector)}
    # each distinct quote is measured once (a dispatch's quote reprinted word for word is one text)
    distinct = list(dict.fromkeys(texts))
    holders: dict[str, list[int]] = {}
    for x, text in enumerate(texts):
        holders.setdefault(text, []).append(x)
    row_texts = list(dict.fromkeys(texts[where[i]] for i in rows))
    in_rows = {where[i] for i in rows}
    found: set[tuple[int, int]] = set()
    short: set[tuple[int, int]] = set()
    for start in range(0, len(row_texts), _QUOTE_BLOCK):
        block_texts = row_texts[start : start + _QUOTE_BLOCK]
        scores = process.cdist(
            block_texts,
            distinct,
            scorer=fuzz.token_set_ratio,
            score_cutoff=SAME_QUOTE * 100 - 1,
            dtype=np.uint8,  # rounded, one point of margin below the cut: every pair the ratio keeps stays in
            workers=-1,
        )
        for r, c in zip(*np.nonzero(scores)):
            short.update((x, y) for x in holders[block_texts[r]] if x in in_rows for y in holders[distinct[int(c)]])
    with_rows = [where[i] for i in rows if where[i] in vector_row]
    for start in range(0, len(with_rows), _QUOTE_BLOCK):
        block = with_rows[start : start + _QUOTE_BLOCK]
        cosines = matrix[[vector_row[x] for x in block]] @ matrix.T
        short.update(
            (block[r], with_vector[c]) for r, c in zip(*np.nonzero(cosines >= SAME_QUOTE_ACROSS_LANGUAGES - 1e-3))
        )
    for x, y in short:
        if x == y or articles[x] == articles[y]:
            continue
        i, j = min(quoted[x], quoted[y]), max(quoted[x], quoted[y])
        if (i, j) not in found and same_quote(claims[i], claims[j], quote_vectors):
            found.add((i, j))
    return sorted(found)


def candidate_pairs(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    neighbours: int,
    search: Search | None = None,
    focus: set[int] | None = None,
    quote_vectors: dict[str, np.ndarray] | None = None,
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
    for i, j in same_quote_pairs(claims, quote_vectors, focus):
        pairs.setdefault((i, j), float(vectors[i] @ vectors[j]))
    # The same figure of the same unit (« neuf enfants » / « 9 enfants », "32,000 ticket holders") in two
    # articles: compared whatever their embedding rank, unless that figure is so common in the corpus that
    # it no longer picks out one fact.
    for holders in _shared_figures(claims).values():
        for x, i in enumerate(holders):
            for j in holders[x + 1 :]:
                if claims[i].article != claims[j].article:
                    pairs.setdefault((min(i, j), max(i, j)), float(vectors[i] @ vectors[j]))
    if focus is not None:
        pairs = {key: v for key, v in pairs.items() if key[0] in focus or key[1] in focus}
    return pairs


SHARED_FIGURE_MAX_CLAIMS = 6  # a figure stated by more claims than this picks out no one fact


def _shared_figures(claims: Sequence[Claim]) -> dict[tuple[float, str], list[int]]:
    """(value, unit) -> positions of the claims that state it exactly, for figures of at least 3 with a
    language-independent unit, stated by 2 to SHARED_FIGURE_MAX_CLAIMS claims."""
    holders: dict[tuple[float, str], list[int]] = {}
    for i, c in enumerate(claims):
        for q in c.numbers:
            if q.unit_id and not q.approximate and q.value >= 3:
                seen = holders.setdefault((q.value, q.unit_id), [])
                if not seen or seen[-1] != i:
                    seen.append(i)
    return {k: v for k, v in holders.items() if 2 <= len(v) <= SHARED_FIGURE_MAX_CLAIMS}


def compare_claims(
    claims: Sequence[Claim],
    vectors: np.ndarray,
    *,
    neighbours: int = 5,
    search: Search | None = None,
    progress: Progress | None = None,
    focus: set[int] | None = None,
    quote_vectors: dict[str, np.ndarray] | None = None,
    judge: PairScorer | None = None,
    decision: Decision | None = None,
) -> list[Finding]:
    """Findings over a corpus's claims; ``vectors`` are aligned with ``claims`` (L2-normalised rows).

    ``judge`` scores the candidate pairs (default: the shipped pair judge, loaded on first use;
    :func:`checker.compare.judge.pair_judge` gives the one a setting names). ``focus`` limits the findings
    to pairs that involve those claim positions;
    ``quote_vectors`` (claim id -> vector of its quoted words) lets the same quote be recognised across
    languages. ``search(queries, k)`` returns, per query row, (claim position, score) pairs best first;
    the default is exact numpy search. Findings come out conflicts first, then by confidence.
    Raises ModelError when the judge cannot be loaded.
    """
    claims = list(claims)
    decision = decision or load_decision()
    pairs = sorted(candidate_pairs(claims, vectors, neighbours, search, focus, quote_vectors).items())
    if judge is None:
        from checker.compare.judge import pair_judge

        judge = pair_judge("trained")
    judged = judge.judge_claims([(claims[i], claims[j]) for (i, j), _ in pairs], progress=progress) if pairs else []
    model = learnt_step(judge, decision)
    findings: dict[str, Finding] = {}
    for ((i, j), score), verdict in zip(pairs, judged):
        found = decide(
            claims[i],
            claims[j],
            verdict,
            score,
            decision=decision,
            quote_cosine=_quote_cosine(claims[i], claims[j], quote_vectors),
            model=model,
        )
        if found:
            findings[found.id] = found
    focused = {claims[i].id for i in focus} if focus is not None else None
    for kind, a, fa, b, fb in order_pairs(claims):
        if focused is not None and a.id not in focused and b.id not in focused:
            continue
        found = _order_finding(kind, a, fa, b, fb)
        findings.setdefault(found.id, found)
    order = {"attribution_conflict": 0, "contradiction": 0, "agreement": 1}
    return sorted(group_findings(list(findings.values())), key=lambda f: (order[f.verdict], -f.confidence, f.id))
