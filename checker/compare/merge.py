"""One discrepancy, one group: findings about the same difference are tied together.

When one article says « dimanche » and three others say « samedi 14 mars », the engine judges three
pairs and finds three contradictions about one discrepancy. Each stays a finding of its own (two
claims that contradict each other: the JSON contract), and all three get the same ``group``: the id of
the strongest of them. The markdown report prints a group once. Two findings belong together when
they share a claim and the other claims state the same value for the same slot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from checker.models import Finding

_IN_PARENS = re.compile(r"\(([^()]*)\)\s*$")


def value_key(slot: str, label: str | None) -> str:
    """The normalised value of a comparison label: « 2026-03-14 (« Samedi », inferred) » -> 2026-03-14,
    « 8 400 hectares (8 400 hectare) » -> 8 400 hectare, « à Lunel (Lunel) » -> Lunel."""
    label = label or ""
    if slot in {"date", "time"}:
        return label.split(" (", 1)[0]
    if slot in {"number", "place"}:
        m = _IN_PARENS.search(label)
        return m.group(1) if m else label
    return label


def group_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Conflict findings with ``group`` and ``side`` set (strongest first within a group); agreements unchanged."""
    out: list[Finding] = []
    # (kind, claim id on one side, value stated on the other side) -> group id
    keys: dict[tuple[str | None, str, str], str] = {}
    for f in sorted(findings, key=lambda f: (-f.confidence, f.id)):
        comp = f.conflict() if f.verdict != "agreement" else None
        if comp is None:
            out.append(f)
            continue
        a, b = f.claims
        left, right = value_key(comp.slot, comp.left), value_key(comp.slot, comp.right)
        mine = [(f.kind, a.claim_id, right), (f.kind, b.claim_id, left)]
        group = next((keys[k] for k in mine if k in keys), f.id)
        for k in mine:
            keys.setdefault(k, group)
        out.append(
            f.model_copy(
                update={
                    "group": group,
                    "claims": (a.model_copy(update={"side": "a"}), b.model_copy(update={"side": "b"})),
                }
            )
        )
    return out
