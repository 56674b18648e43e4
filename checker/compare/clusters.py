"""Events per story: claims tied together by the comparison, grouped into one event each.

Two claims are linked when a finding judged them to report one event (an agreement or a contradiction
on a date, place, figure, outcome or who did what; not attribution, which is about a statement, and
not order, which relates two events). Linked claims form an event (connected components); the event is
named by its most common type and the words its claims share most, and carries the dates and places
its claims give (disagreeing ones included: that is what the findings are about).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from checker.graph import components
from checker.models import Claim, EventGroup, Finding

_EVENT_KINDS = {None, "date", "place", "number", "polarity", "role"}


def group_events(claims: Sequence[Claim], findings: Sequence[Finding]) -> list[EventGroup]:
    """Events with claims from at least two articles, most articles first."""
    by_id = {c.id: c for c in claims}
    links = [
        f
        for f in findings
        if f.verdict != "attribution_conflict"
        and f.kind in _EVENT_KINDS
        and not any(c.slot == "order" for c in f.compared)
        and all(r.claim_id in by_id for r in f.claims)
    ]
    component = components((f.claims[0].claim_id, f.claims[1].claim_id) for f in links)
    members: dict[str, list[str]] = {}
    for cid, top in component.items():
        members.setdefault(top, []).append(cid)
    about: dict[str, list[str]] = {}
    for f in links:
        about.setdefault(component[f.claims[0].claim_id], []).append(f.id)
    events = []
    for root, ids in members.items():
        group = sorted((by_id[i] for i in ids), key=lambda c: (c.article, c.start))
        articles = tuple(dict.fromkeys(c.article for c in group))
        if len(articles) < 2:
            continue
        types = Counter(t for c in group for t in ([c.event_type] if c.event_type else []))
        words = Counter(k for c in group for k in set(c.keywords))
        # ties broken by the word itself: in set order they would follow the hash seed, and two runs differ
        shared = [w for w, n in sorted(words.items(), key=lambda item: (-item[1], item[0]))[:4] if n > 1]
        kind = types.most_common(1)[0][0] if types else "statement"
        events.append(
            EventGroup(
                id=hashlib.sha1("\x00".join(sorted(ids)).encode()).hexdigest()[:12],
                event=f"{kind} ({', '.join(shared)})" if shared else kind,
                dates=tuple(dict.fromkeys(d.value for c in group for d in c.date_mentions if d.value and not d.since)),
                places=tuple(dict.fromkeys(p.name for c in group for p in c.place_mentions if p.role == "location")),
                articles=articles,
                claim_ids=tuple(c.id for c in group),
                findings=tuple(sorted(set(about.get(root, [])))),
            )
        )
    return sorted(events, key=lambda e: (-len(e.articles), -len(e.claim_ids), e.id))
