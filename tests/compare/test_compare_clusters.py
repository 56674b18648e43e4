"""Events per story: claims linked by agreements and contradictions form one event; attribution and
order findings do not link; events need two articles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from checker.compare.clusters import group_events
from checker.models import Claim, ClaimRef, DateMention, Finding, SlotComparison

ROOT = Path(__file__).resolve().parents[2]


def claim(cid: str, article: str, date: str | None = None, **slots) -> Claim:
    mentions = [DateMention(text=date, start=0, end=len(date), value=date)] if date else []
    return Claim(id=cid, article=article, text=f"Phrase {cid}.", start=0, end=9, date_mentions=mentions, **slots)


def finding(
    fid: str, a: Claim, b: Claim, verdict: str = "agreement", kind: str | None = None, slot: str = "date"
) -> Finding:
    refs = tuple(ClaimRef(article=c.article, text=c.text, start=c.start, end=c.end, claim_id=c.id) for c in (a, b))
    comp = SlotComparison(slot=slot, left="x", right="y", relation="conflict" if kind else "equal")
    return Finding(id=fid, verdict=verdict, kind=kind, confidence=0.8, explanation="e", claims=refs, compared=(comp,))


def test_compare_clusters_linked_claims_form_one_event_with_both_dates():
    a = claim("a1", "a.txt", "2026-03-14", event_type="vote", keywords=["vote", "nantes"])
    b = claim("b1", "b.txt", "2026-03-14", event_type="vote", keywords=["vote", "nantes"])
    c = claim("c1", "c.txt", "2026-03-15", event_type="vote", keywords=["vote", "délégué"])
    d = claim("d1", "d.txt", keywords=["autre"])
    findings = [
        finding("f1", a, b),
        finding("f2", c, a, "contradiction", "date"),
        finding("f3", d, a, "attribution_conflict", "speaker", "speaker"),
    ]
    (event,) = group_events([a, b, c, d], findings)
    assert event.articles == ("a.txt", "b.txt", "c.txt") and set(event.claim_ids) == {"a1", "b1", "c1"}
    assert event.dates == ("2026-03-14", "2026-03-15") and event.event.startswith("vote (")
    assert set(event.findings) == {"f1", "f2"}


def test_compare_clusters_order_findings_do_not_link():
    a, b = claim("a1", "a.txt"), claim("b1", "b.txt")
    assert group_events([a, b], [finding("f1", a, b, "contradiction", "order", "order")]) == []


def test_compare_clusters_labels_are_the_same_under_any_hash_seed():
    """Event labels pick the most shared words; ties must not fall in hash order (PYTHONHASHSEED)."""
    words = ["sommet", "pays", "accord", "paris", "déclaration", "vote", "ministre", "texte"]
    a, b = claim("a1", "a.txt", keywords=words), claim("b1", "b.txt", keywords=words[::-1])
    script = (
        "import sys\n"
        "from checker.compare.clusters import group_events\n"
        "from checker.models import Claim, Finding\n"
        "claims = [Claim.model_validate_json(line) for line in sys.argv[1:3]]\n"
        "print([e.event for e in group_events(claims, [Finding.model_validate_json(sys.argv[3])])])\n"
    )
    args = [a.model_dump_json(), b.model_dump_json(), finding("f1", a, b).model_dump_json()]
    labels = {
        subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(labels) == 1, labels
    assert labels.pop().strip() == "['statement (accord, déclaration, ministre, paris)']"
