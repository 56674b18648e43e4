"""A timeline per corpus: the dated events its claims report, grouped across sources, in order.

A claim enters the timeline when it names an event type and a resolved date of month or day
precision. Claims from any article with the same date and a compatible event type are one entry
(« le 18 février à Ryad » and « le 18 février en Arabie Saoudite »). Dates without a year
(« --02-11 ») are placed after every dated year: news reports the current year without writing it.
A date contradiction therefore shows as the same event on two lines, each with its sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.models import Claim, ClaimRef, TimelineEntry

# Event types that may name one event (a summit where a declaration is signed): one timeline line.
_COMPATIBLE_TYPES = {
    frozenset({"summit", "declaration"}),
    frozenset({"signing", "declaration"}),
    frozenset({"summit", "signing"}),
    frozenset({"meeting", "summit"}),
    frozenset({"investment", "announcement"}),
    frozenset({"acquisition", "announcement"}),
    frozenset({"acquisition", "investment"}),
    frozenset({"acquisition", "signing"}),
    frozenset({"vote", "signing"}),
    frozenset({"vote", "declaration"}),
    frozenset({"match", "meeting"}),
}


def types_compatible(a: Claim, b: Claim) -> bool:
    """Unknown types are compatible; known ones when they share a type or form a known pair."""
    sa = set(a.event_types or ([a.event_type] if a.event_type else []))
    sb = set(b.event_types or ([b.event_type] if b.event_type else []))
    if not sa or not sb or sa & sb:
        return True
    return any(frozenset({x, y}) in _COMPATIBLE_TYPES for x in sa for y in sb)


_SINCE = re.compile(r"\b(depuis|since)\b[^,;.]*$|^(depuis|since)\b", re.IGNORECASE)
_NEAR = 40  # characters between a place and its date: « Bletchley Park, au Royaume-Uni, en novembre 2023 »


def _places_of(claim: Claim, mention) -> list[str]:
    """Places written with a date: right after it in the same phrase (« le 18 février à Ryad »), else
    just before it with no other date between (« Bletchley Park, au Royaume-Uni, en novembre 2023 »)."""
    others = [d.start for d in claim.date_mentions if d is not mention]
    places = [p for p in claim.place_mentions if p.role in {"location", "name"}]

    def gap(start: int, end: int) -> str:
        return claim.text[start - claim.start : end - claim.start]

    after = [
        p.name
        for p in places
        if 0 <= p.start - mention.end <= _NEAR // 2
        and not re.search(r"[,;(]|\b(puis|avant|après|et|then|before|after|and)\b", gap(mention.end, p.start))
    ]
    if after:
        return after
    return [
        p.name
        for p in places
        if 0 <= mention.start - p.end <= _NEAR and not any(p.end <= o < mention.start for o in others)
    ]


def _sort_key(date: str, latest_year: int) -> tuple[int, int, int]:
    if date.startswith("--"):
        parts = date[2:].split("-")
        return latest_year + 1, int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1] else 0
    parts = date.split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else 0, int(parts[2]) if len(parts) > 2 else 0


def _ref(c: Claim) -> ClaimRef:
    return ClaimRef(
        article=c.article, text=c.text, start=c.start, end=c.end, claim_id=c.id, speaker=c.speaker, source=c.source
    )


def _month_day(date: str) -> str:
    return date[2:] if date.startswith("--") else date[5:] if len(date) >= 7 else date


def build_timeline(claims: Sequence[Claim], max_claims: int = 3) -> list[TimelineEntry]:
    """Dated events of the claims, one entry per date and event, sorted by date."""
    groups: list[tuple[str, Claim, list[Claim]]] = []  # (date, first claim, members)
    where: dict[tuple[str, str], list[str]] = {}  # (claim id, date) -> places written next to that date
    for claim in claims:
        if not claim.event_type:
            continue
        for mention in claim.date_mentions:
            if not mention.value or mention.status == "unresolved" or mention.precision not in {"day", "month"}:
                continue
            before = claim.text[max(0, mention.start - claim.start - 50) : mention.start - claim.start]
            if _SINCE.search(before) or _SINCE.match(mention.text):
                continue  # « depuis février 2022 » starts a period, it dates no event of this claim
            where[(claim.id, mention.value)] = _places_of(claim, mention)
            for i, (date, first, members) in enumerate(groups):
                same_day = date == mention.value or (
                    (date.startswith("--") or mention.value.startswith("--"))
                    and _month_day(date) == _month_day(mention.value)
                )
                if same_day and types_compatible(first, claim):
                    if claim not in members:
                        members.append(claim)
                    if date.startswith("--") and not mention.value.startswith("--"):
                        groups[i] = (mention.value, first, members)  # keep the fullest date
                    break
            else:
                groups.append((mention.value, claim, [claim]))
    years = [int(d[:4]) for d, _, _ in groups if not d.startswith("--")]
    latest = max(years, default=0)
    entries = []
    for date, first, members in sorted(groups, key=lambda g: _sort_key(g[0], latest)):
        places = tuple(
            dict.fromkeys(
                name
                for c in members
                for (cid, d), names in where.items()
                if cid == c.id and _month_day(d) == _month_day(date)
                for name in names
            )
        )
        articles = tuple(dict.fromkeys(c.article for c in members))
        entries.append(
            TimelineEntry(
                date=date,
                event=first.event_type or "event",
                places=places,
                articles=articles,
                claims=tuple(_ref(c) for c in members[:max_claims]),
            )
        )
    return entries
