"""Events per story: claims linked by agreements and contradictions form one event; attribution and
order findings do not link; events need two articles."""

from __future__ import annotations

from checker.compare.clusters import group_events
from checker.models import Claim, ClaimRef, DateMention, Finding, SlotComparison


def claim(cid: str, article: str, date: str | None = None, **slots) -> Claim:
    mentions = [DateMention(text=date, start=0, end=len(date), value=date)] if date else []
    return Claim(id=cid, article=article, text=f"Phrase {cid}.", start=0, end=9, date_mentions=mentions, **slots)


def finding(fid: str, a: Claim, b: Claim, verdict: str = "agreement", kind: str | None = None, slot: str = "date") -> Finding:
    refs = tuple(ClaimRef(article=c.article, text=c.text, start=c.start, end=c.end, claim_id=c.id) for c in (a, b))
    comp = SlotComparison(slot=slot, left="x", right="y", relation="conflict" if kind else "equal")
    return Finding(id=fid, verdict=verdict, kind=kind, confidence=0.8, explanation="e", claims=refs, compared=(comp,))


def test_compare_clusters_linked_claims_form_one_event_with_both_dates():
    a = claim("a1", "a.txt", "2026-03-14", event_type="vote", keywords=["vote", "nantes"])
    b = claim("b1", "b.txt", "2026-03-14", event_type="vote", keywords=["vote", "nantes"])
    c = claim("c1", "c.txt", "2026-03-15", event_type="vote", keywords=["vote", "délégué"])
    d = claim("d1", "d.txt", keywords=["autre"])
    findings = [finding("f1", a, b), finding("f2", c, a, "contradiction", "date"),
                finding("f3", d, a, "attribution_conflict", "speaker", "speaker")]
    (event,) = group_events([a, b, c, d], findings)
    assert event.articles == ("a.txt", "b.txt", "c.txt") and set(event.claim_ids) == {"a1", "b1", "c1"}
    assert event.dates == ("2026-03-14", "2026-03-15") and event.event.startswith("vote (")
    assert set(event.findings) == {"f1", "f2"}


def test_compare_clusters_order_findings_do_not_link():
    a, b = claim("a1", "a.txt"), claim("b1", "b.txt")
    assert group_events([a, b], [finding("f1", a, b, "contradiction", "order", "order")]) == []
