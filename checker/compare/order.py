"""Order contradictions: which event came first, across sources.

Each claim carries order facts (« Séoul, avant celui de Bletchley Park » -> Seoul before Bletchley
Park). Two claims from different articles contradict on order when one's "A before B" is the
other's "B before A", names matched through the gazetteer's containment (Ryad is in Saudi Arabia).

Facts between two actions (« a d'abord coupé le réseau, puis déclenché le plan » against « le plan a
été déclenché avant même que la direction ne coupe le réseau ») match on their content lemmas: each
action's own words (those the other action of its claim does not share: the subject of both drops
out) must meet the other claim's opposite action and not its same-side one.
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


def _actions(fa: OrderFact, fb: OrderFact) -> str | None:
    """ "conflict", "equal" or None for two facts between actions (see the module docstring)."""
    a_before, a_after = set(fa.before_lemmas) - set(fa.after_lemmas), set(fa.after_lemmas) - set(fa.before_lemmas)
    b_before, b_after = set(fb.before_lemmas) - set(fb.after_lemmas), set(fb.after_lemmas) - set(fb.before_lemmas)
    crossed = bool(a_before & b_after) and bool(a_after & b_before)
    straight = bool(a_before & b_before) and bool(a_after & b_after)
    if crossed and not (a_before & b_before or a_after & b_after):
        return "conflict"
    if straight and not (a_before & b_after or a_after & b_before):
        return "equal"
    return None


def order_pairs(claims: list[Claim]) -> Iterator[tuple[str, Claim, OrderFact, Claim, OrderFact]]:
    """("conflict" | "equal", a, fact of a, b, fact of b) for claims of different articles whose
    order facts are about the same two events."""
    containers = _containers(claims)
    with_facts = [c for c in claims if c.order_facts]
    for i, a in enumerate(with_facts):
        for b in with_facts[i + 1 :]:
            if a.article == b.article:
                continue
            found = None
            for fa in a.order_facts:
                for fb in b.order_facts:
                    if fa.of_actions or fb.of_actions:
                        kind = _actions(fa, fb) if fa.of_actions and fb.of_actions else None
                        if kind == "conflict" or (kind == "equal" and found is None):
                            found = (kind, fa, fb)
                    elif _same(fa.before, fb.after, containers) and _same(fa.after, fb.before, containers):
                        found = ("conflict", fa, fb)
                    elif (
                        found is None
                        and _same(fa.before, fb.before, containers)
                        and _same(fa.after, fb.after, containers)
                    ):
                        found = ("equal", fa, fb)
            if found:
                yield found[0], a, found[1], b, found[2]
