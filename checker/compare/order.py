"""Order contradictions: which event came first, across sources.

Each claim carries order facts (« Séoul, avant celui de Bletchley Park » -> Seoul before Bletchley
Park). Two claims from different articles contradict on order when one's "A before B" is the
other's "B before A", names matched through the gazetteer's containment (Ryad is in Saudi Arabia).
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.models import Claim, OrderFact


def _containers(claims: list[Claim]) -> dict[str, set[str]]:
    """Each place name -> itself and the places that contain it, from every mention seen."""
    out: dict[str, set[str]] = {}
    for claim in claims:
        for place in claim.place_mentions:
            out.setdefault(place.name, {place.name}).update(place.within)
    return out


def _same(x: str, y: str, containers: dict[str, set[str]]) -> bool:
    return x == y or y in containers.get(x, ()) or x in containers.get(y, ())


def _related(containers: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each place name -> the names :func:`_same` matches with it: itself, the places that contain it and
    those it contains."""
    out: dict[str, set[str]] = {}
    for name, outer in containers.items():
        for other in outer:
            out.setdefault(name, {name}).add(other)
            out.setdefault(other, {other}).add(name)
    return out


def order_pairs(claims: list[Claim]) -> Iterator[tuple[str, Claim, OrderFact, Claim, OrderFact]]:
    """("conflict" | "equal", a, fact of a, b, fact of b) for claims of different articles whose
    order facts are about the same two events.

    Claims are paired through an index of the names their facts put first and second, so the work grows
    with the pairs that share a name (or a container), not with the square of the claims that have facts."""
    containers = _containers(claims)
    related = _related(containers)
    with_facts = [c for c in claims if c.order_facts]
    first: dict[str, set[int]] = {}  # place name -> claims (positions in with_facts) with a fact that puts it first
    second: dict[str, set[int]] = {}
    for k, c in enumerate(with_facts):
        for fact in c.order_facts:
            first.setdefault(fact.before, set()).add(k)
            second.setdefault(fact.after, set()).add(k)
    for i, a in enumerate(with_facts):
        # a pair needs one fact of b whose first or second event is a's first one, give or take containment
        partners: set[int] = set()
        for fa in a.order_facts:
            for name in related.get(fa.before, {fa.before}):
                partners |= first.get(name, set()) | second.get(name, set())
        for j in sorted(k for k in partners if k > i):
            b = with_facts[j]
            found = order_relation(a, b, containers) if a.article != b.article else None
            if found:
                yield found[0], a, found[1], b, found[2]


def order_relation(a: Claim, b: Claim, containers: dict[str, set[str]]) -> tuple[str, OrderFact, OrderFact] | None:
    """("conflict" | "equal", fact of a, fact of b) when two claims' order facts are about the same two events
    (a conflict wins over an agreement), else None."""
    found = None
    for fa in a.order_facts:
        for fb in b.order_facts:
            if _same(fa.before, fb.after, containers) and _same(fa.after, fb.before, containers):
                found = ("conflict", fa, fb)
            elif found is None and _same(fa.before, fb.before, containers) and _same(fa.after, fb.after, containers):
                found = ("equal", fa, fb)
    return found
