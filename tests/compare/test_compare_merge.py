"""Findings about one discrepancy share a group: one article against several that agree."""

from __future__ import annotations

from checker.compare.merge import group_findings, value_key
from checker.models import ClaimRef, Finding, SlotComparison


def ref(article: str, cid: str) -> ClaimRef:
    return ClaimRef(article=article, text=f"text of {cid}", start=0, end=10, claim_id=cid)


def date_conflict(fid: str, a: ClaimRef, left: str, b: ClaimRef, right: str, confidence: float) -> Finding:
    comp = SlotComparison(slot="date", left=f"{left} (« x »)", right=f"{right} (« y », inferred)", relation="conflict")
    return Finding(
        id=fid,
        verdict="contradiction",
        kind="date",
        confidence=confidence,
        explanation="e",
        claims=(a, b),
        compared=(comp,),
    )


def test_compare_merge_value_key():
    assert value_key("date", "2026-03-14 (« Samedi », inferred)") == "2026-03-14"
    assert value_key("number", "8 400 hectares (8 400 hectare)") == "8 400 hectare"
    assert value_key("place", "à Lunel (Lunel)") == "Lunel"


def test_compare_merge_one_article_against_two_is_one_group():
    odd, x, y, z = ref("e.txt", "odd"), ref("a.txt", "x"), ref("b.txt", "y"), ref("c.txt", "z")
    findings = [
        date_conflict("f1", odd, "2026-03-15", x, "2026-03-14", 0.8),
        date_conflict("f2", y, "2026-03-14", odd, "2026-03-15", 0.7),  # the odd claim on the other side
        date_conflict("f3", z, "2026-03-20", x, "2026-03-14", 0.6),  # another value: another discrepancy
    ]
    grouped = {f.id: f for f in group_findings(findings)}
    assert grouped["f1"].group == grouped["f2"].group == "f1"
    assert grouped["f3"].group == "f3"
    assert [r.side for r in grouped["f2"].claims] == ["a", "b"]
    assert len(grouped["f2"].claims) == 2  # still a pair: the JSON contract
