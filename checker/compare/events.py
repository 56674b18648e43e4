"""Same event or not: the gate before any slot comparison.

Two claims can only contradict each other about one event. They are taken as two events when
one marks itself as another (« un autre rendez-vous », "another meeting"), when one speaks of the
next edition and the other does not, when their event types differ, or when their participants
differ (a US–Ukraine meeting and a Russia–US meeting in the same country). Otherwise they must
share enough: content words, or a very close embedding for pairs in two languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.models import Claim

_COMPATIBLE_TYPES = {frozenset({"summit", "declaration"}), frozenset({"signing", "declaration"}),
                     frozenset({"summit", "signing"}), frozenset({"meeting", "summit"}),
                     frozenset({"investment", "announcement"}), frozenset({"acquisition", "announcement"}),
                     frozenset({"acquisition", "investment"}), frozenset({"acquisition", "signing"}),
                     frozenset({"vote", "signing"}), frozenset({"vote", "declaration"}), frozenset({"match", "meeting"})}


def types_compatible(a: Claim, b: Claim) -> bool:
    """Unknown types are compatible; known ones when they share a type or form a known pair."""
    sa, sb = set(a.event_types or ([a.event_type] if a.event_type else [])), set(b.event_types or ([b.event_type] if b.event_type else []))
    if not sa or not sb or sa & sb:
        return True
    return any(frozenset({x, y}) in _COMPATIBLE_TYPES for x in sa for y in sb)


def firmly_same(a: Claim, b: Claim, match: EventMatch, similarity: float) -> bool:
    """Enough to call a slot difference a contradiction: both name a compatible event type and share two
    content words or a counted thing, or they share much (3+ content words, Jaccard >= 0.2), or they are
    close translations. Weaker matches only agree. A sentence in the pluperfect (« les députés avaient
    rejeté… ») tells an earlier event: it contradicts only another such sentence."""
    if not match.same or (("earlier" in a.event_markers) != ("earlier" in b.event_markers)):
        return False
    shared, jaccard = keyword_overlap(a, b)
    if a.event_type and b.event_type and (shared >= 2 or counted_units(a) & counted_units(b)):
        return True
    if a.event_type and b.event_type and a.language != b.language and similarity >= 0.87:
        return True  # translations share no words: their event types and a close vector must do
    if a.language != b.language:
        return similarity >= 0.9
    if counted_units(a) & counted_units(b) and similarity >= 0.85:
        return True
    return shared >= 3 and jaccard >= 0.2


@dataclass(frozen=True)
class EventMatch:
    same: bool
    strength: float  # 0..1, how sure we are it is one event
    reason: str


def keyword_overlap(a: Claim, b: Claim) -> tuple[int, float]:
    """(shared content lemmas, Jaccard) of two claims."""
    ka, kb = set(a.keywords), set(b.keywords)
    shared = ka & kb
    return len(shared), (len(shared) / len(ka | kb) if ka | kb else 0.0)


def same_event(a: Claim, b: Claim, similarity: float, *, cross_lingual_floor: float = 0.86) -> EventMatch:
    """Whether two claims report the same event, with a strength and a reason a person can read."""
    ma, mb = set(a.event_markers), set(b.event_markers)
    if "other" in ma or "other" in mb:
        return EventMatch(False, 0.0, "one of them is explicitly another event")
    if ("next" in ma) != ("next" in mb):
        return EventMatch(False, 0.0, "one speaks of the next edition, the other does not")
    if ("past" in ma) != ("past" in mb):
        return EventMatch(False, 0.0, "one recalls an earlier event (« avait … en 2002 »)")
    ta, tb = a.event_type, b.event_type
    if not types_compatible(a, b):
        return EventMatch(False, 0.0, f"different events ({ta} vs {tb})")
    pa, pb = set(a.participants), set(b.participants)
    if len(pa) >= 2 and len(pb) >= 2 and not (pa <= pb or pb <= pa):
        return EventMatch(False, 0.0, f"different participants ({'/'.join(sorted(pa))} vs {'/'.join(sorted(pb))})")
    shared, jaccard = keyword_overlap(a, b)
    if a.language != b.language:
        if similarity >= cross_lingual_floor:
            return EventMatch(True, min(1.0, (similarity - cross_lingual_floor) * 8 + 0.4), "close translation")
        return EventMatch(False, 0.0, "not close enough across languages")
    if shared >= 3 or (shared >= 2 and jaccard >= 0.12):
        return EventMatch(True, min(1.0, 0.3 + jaccard * 2 + shared * 0.05), f"{shared} content words in common")
    if shared >= 1 and ta and ta == tb and similarity >= 0.8:
        return EventMatch(True, 0.35, f"both about one {ta}")
    if shared >= 1 and counted_units(a) & counted_units(b) and similarity >= 0.83:
        return EventMatch(True, 0.3, f"both count {', '.join(sorted(counted_units(a) & counted_units(b)))}")
    return EventMatch(False, 0.0, "too little in common")


# Units too common to say two figures count the same thing.
_GENERIC_UNITS = {"year", "month", "week", "day", "hour", "minute", "percent", "%", "EUR", "USD", None}


def counted_units(c: Claim) -> set[str]:
    """Specific things a claim counts (deaths, countries, spectators), not money or time."""
    return {q.unit_id or q.unit for q in c.numbers} - _GENERIC_UNITS
