"""How every report reads a Report's conflicts: findings that share a ``group`` are one discrepancy (one
article against several that agree with each other), and each claim of a conflict states one value;
and where a report finds the sentences that name an event or a place as the articles write them.

One place, so that the markdown and the HTML report count and quote the same discrepancies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checker.models import ClaimRef, Finding, Report
from checker.report.values import place_name
from checker.report.words import Language


def group_discrepancies(findings: Iterable[Finding]) -> list[list[Finding]]:
    """The contradictions and attribution conflicts, one list per discrepancy in report order, its leader
    (the strongest finding) first; a finding without a ``group`` is a discrepancy of its own."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.verdict != "agreement":
            groups.setdefault(f.group or f.id, []).append(f)
    return list(groups.values())


def stated(finding: Finding, ref: ClaimRef) -> str | None:
    """The value one claim of a conflict states: the comparison's left for side a, its right for side b;
    None for an agreement, a claim without a side, or a comparison that names no value."""
    conflict = finding.conflict()
    if conflict is None or ref.side is None:
        return None
    return conflict.left if ref.side == "a" else conflict.right


def claim_sentences(report: Report) -> dict[str, str]:
    """Every claim's sentence the report quotes (in its findings and its timeline), by claim id: an
    event lists only its claims' ids."""
    refs = [ref for f in report.findings for ref in f.claims] + [ref for t in report.timeline for ref in t.claims]
    return {ref.claim_id: ref.text for ref in refs}


def places_as_written(places: Iterable[str], sentences: Sequence[str], language: Language) -> list[str]:
    """Canonical place names as the reader writes them (``values.place_name``): « Seoul » -> « Séoul »
    when a sentence says « Séoul », « Riyadh » -> « Riyad » in French."""
    return list(dict.fromkeys(place_name(name, list(sentences), language) for name in places))
