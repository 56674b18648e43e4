"""How every report reads a Report's conflicts: findings that share a ``group`` are one discrepancy (one
article against several that agree with each other), and each claim of a conflict states one value.

One place, so that the markdown and the HTML report count and quote the same discrepancies.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.models import ClaimRef, Finding


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
