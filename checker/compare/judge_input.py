"""What the pair judge reads of a claim: its sentence, then the values the extraction resolved.

The cross-encoder sees each side as one line of text::

    Le ministre s'est rendu mardi à Monchique. || date 2026-08-04 | lieu Monchique PT | nombre 14 village

The sentence comes first, verbatim but for a wire's dateline (« LISBONNE, 5 août 2026 (AFP) - »);
after « || »: the dates (« mardi » in an article of Wednesday 5 August -> 2026-08-04, read against
the article's publication date, which itself is left out: two outlets publishing on different days say
nothing about the fact), places (with their country) and figures (« quatorze villages » -> 14 village,
« environ 600 » -> ~600) that the extract stage read. Those are what
a reader works out with the calendar and the atlas; written out, the judge can compare « mardi » with
« le 4 août » and « quatorze » with "14" without learning arithmetic. Training renders its pairs with the
same function (``checker.training``), so the judge always reads what it was trained on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from checker.models import Claim

__all__ = ["render_claim", "render_claims", "rendered_pairs", "strip_dateline"]

_DATELINE = re.compile(
    r"^\s*[A-ZÉÈÀÂÎÔÇ][A-ZÉÈÀÂÎÔÇ'’. -]{2,40}(?:\s*\([^)]{1,30}\))?,\s*[^-–—()]{0,40}?(?:\([^)]{1,30}\))?\s*[-–—]+\s+"
)


def strip_dateline(text: str) -> str:
    """« LISBONNE, 5 août 2026 (AFP) - Le feu… » -> « Le feu… »: where and when the dispatch was filed is
    no fact of the story (the publication date comes with the slots)."""
    m = _DATELINE.match(text)
    return text[m.end() :] if m and len(text) - m.end() > 20 else text


SEPARATOR = " || "
_MAX_ITEMS = 4  # per slot: enough for one sentence, short enough for the judge's 160 tokens


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))[:_MAX_ITEMS]


def _context(claims: Sequence[Claim]) -> str:
    dates = _unique(
        (m.value + (f"/{m.range_end}" if m.range_end else ""))
        for c in claims
        for m in c.date_mentions
        if m.value and not m.since
    )
    places = _unique(
        (f"{p.name} {p.country}" if p.country and p.kind != "country" else p.name)
        for c in claims
        for p in c.place_mentions
        if p.role != "name"
    )
    numbers = _unique(
        ("~" if q.approximate else "") + _number(q.value) + (f" {q.unit_id or q.unit}" if (q.unit_id or q.unit) else "")
        for c in claims
        for q in c.numbers
    )
    parts: list[str] = []
    parts += [f"date {', '.join(dates)}"] if dates else []
    parts += [f"lieu {', '.join(places)}"] if places else []
    parts += [f"nombre {', '.join(numbers)}"] if numbers else []
    return " | ".join(parts).strip(" |")


def render_claims(text: str, claims: Sequence[Claim]) -> str:
    """A text (one claim's sentence, or a short passage of several) with the slots of its claims."""
    context = _context(claims)
    text = strip_dateline(text.strip())
    return f"{text}{SEPARATOR}{context}" if context else text


def render_claim(claim: Claim) -> str:
    """One claim as the judge reads it (see the module docstring)."""
    return render_claims(claim.text, [claim])


def rendered_pairs(pairs: Sequence[tuple[Claim, Claim]]) -> list[tuple[str, str]]:
    """Each pair of claims as the judge reads it, each claim rendered once however many pairs it is in."""
    rendered: dict[str, str] = {}
    for a, b in pairs:
        for c in (a, b):
            if c.id not in rendered:
                rendered[c.id] = render_claim(c)
    return [(rendered[a.id], rendered[b.id]) for a, b in pairs]
