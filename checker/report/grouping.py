"""How every report reads a Report's conflicts: findings that share a ``group`` are one discrepancy (one
article against several that agree with each other), each claim of a conflict states one value, and
the articles on each side count as so many independent outlets (copies of one dispatch and articles of
one outlet count once); agreements that share a claim are one fact, confirmed by so many independent
outlets; and where a report finds the sentences that name an event or a place as the articles write them.

One place, so that the markdown and the HTML report count, rank and quote the same discrepancies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from checker.graph import components
from checker.models import ClaimRef, Finding, Report
from checker.report.values import place_name
from checker.report.words import Language, Words


def group_discrepancies(findings: Iterable[Finding]) -> list[list[Finding]]:
    """The contradictions and attribution conflicts, one list per discrepancy in report order, its leader
    (the strongest finding) first; a finding without a ``group`` is a discrepancy of its own."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.verdict != "agreement":
            groups.setdefault(f.group or f.id, []).append(f)
    return list(groups.values())


class Outlets:
    """Which articles of a report speak with one voice: the copies of one dispatch (``Report.copies``)
    and the articles of one outlet (``Report.outlets``) are one independent outlet."""

    def __init__(self, report: Report) -> None:
        self._copies = {article: group for group in report.copies for article in group.articles}
        self._outlet = report.outlets
        first_of: dict[str, str] = {}
        links = [(group.articles[0], article) for group in report.copies for article in group.articles[1:]]
        links += [(first_of.setdefault(outlet, article), article) for article, outlet in sorted(report.outlets.items())]
        articles = [a for group in report.copies for a in group.articles] + sorted(report.outlets)
        self._unit = components(links, dict.fromkeys(articles))

    def units(self, articles: Iterable[str]) -> list[tuple[str, ...]]:
        """``articles`` (each once, in order) gathered by independent outlet, in order of first mention."""
        units: dict[str, list[str]] = {}
        for article in dict.fromkeys(articles):
            units.setdefault(self._unit.get(article, article), []).append(article)
        return [tuple(unit) for unit in units.values()]

    def label(self, items: Sequence[tuple[str, str]], words: Words, escape: Callable[[str], str]) -> str:
        """One independent outlet as a report names it: each of its ``items`` (an article, and how the caller
        writes it) with the article's outlet when known, and for copies « reprise de la même dépêche »:
        « a.txt + b.txt (Ouest-France) (reprise de la même dépêche) ». ``escape`` makes words safe for the page."""
        written = [text + (f" ({escape(self._outlet[a])})" if a in self._outlet else "") for a, text in items]
        dispatches = Counter(self._copies[a].articles for a in dict.fromkeys(a for a, _ in items) if a in self._copies)
        copies = max(dispatches.values(), default=0) > 1
        return " + ".join(written) + (f" ({escape(words.same_dispatch)})" if copies else "")


@dataclass(frozen=True)
class Side:
    """The claims of a discrepancy that state one value, gathered by independent outlet."""

    value: str | None  # the value its first claim states (a comparison label)
    refs: tuple[ClaimRef, ...]  # each claim once
    units: tuple[tuple[str, ...], ...]  # its articles, by independent outlet

    @property
    def outlets(self) -> int:
        return len(self.units)


@dataclass(frozen=True)
class Discrepancy:
    """One discrepancy: its findings (the leader, the strongest, first) and its two sides."""

    findings: tuple[Finding, ...]
    sides: tuple[Side, Side]

    @property
    def lead(self) -> Finding:
        return self.findings[0]


def _two_sides(members: Sequence[Finding]) -> list[list[tuple[ClaimRef, str | None]]]:
    """The claims of one discrepancy on the leader's first claim's side and on the other: the two claims of
    a finding stand on opposite sides. A claim that no finding ties to the leader's goes by its ``side``."""
    where: dict[str, int] = {ref.claim_id: n for n, ref in enumerate(members[0].claims)}
    pending = list(members[1:])
    while pending:
        tied = [f for f in pending if any(ref.claim_id in where for ref in f.claims)]
        if not tied:
            for f in pending:
                for ref in f.claims:
                    where.setdefault(ref.claim_id, int(ref.side == "b"))
            break
        for f in tied:
            known = next(where[ref.claim_id] for ref in f.claims if ref.claim_id in where)
            for ref in f.claims:
                where.setdefault(ref.claim_id, 1 - known)
        pending = [f for f in pending if all(f is not t for t in tied)]
    sides: list[list[tuple[ClaimRef, str | None]]] = [[], []]
    seen: set[str] = set()
    for f in members:
        for ref in f.claims:
            if ref.claim_id not in seen:
                seen.add(ref.claim_id)
                sides[where[ref.claim_id]].append((ref, _value(f, ref)))
    return sides


def _value(finding: Finding, ref: ClaimRef) -> str | None:
    """The value a claim of a conflict states (``stated``); for a claim saved without a side, the
    comparison's left for the finding's first claim and its right for the second."""
    conflict = finding.conflict()
    if ref.side is not None or conflict is None:
        return stated(finding, ref)
    return conflict.left if ref is finding.claims[0] else conflict.right


def rank_discrepancies(report: Report, outlets: Outlets) -> list[Discrepancy]:
    """The report's discrepancies (``group_discrepancies``) with their two sides, ranked by confidence
    (as the report writes it: 0.81 before 0.80) and then by how many independent outlets stand on each side
    (more in all first, then the more even)."""
    ranked = []
    for members in group_discrepancies(report.findings):
        one, other = (
            Side(
                value=claims[0][1] if claims else None,
                refs=tuple(ref for ref, _ in claims),
                units=tuple(outlets.units(ref.article for ref, _ in claims)),
            )
            for claims in _two_sides(members)
        )
        ranked.append(Discrepancy(tuple(members), (one, other)))

    def key(d: Discrepancy) -> tuple[float, int, int]:
        counts = [side.outlets for side in d.sides]
        return (-round(d.lead.confidence, 2), -sum(counts), -min(counts))

    return sorted(ranked, key=key)


@dataclass(frozen=True)
class Agreement:
    """One fact several articles agree on: the agreements that share a claim (the strongest first), the
    claims they tie, and those claims' articles by independent outlet."""

    findings: tuple[Finding, ...]
    refs: tuple[ClaimRef, ...]
    units: tuple[tuple[str, ...], ...]

    @property
    def lead(self) -> Finding:
        return self.findings[0]


def group_agreements(report: Report, outlets: Outlets) -> list[Agreement]:
    """The report's agreements, one per fact, in report order: an agreement joins the strongest one that
    holds one of its claims (a star around that one, not a chain: pairs that merely share a claim with
    each other, through a long sentence stating two facts, would otherwise pile every fact into one)."""
    agreements = [f for f in report.findings if f.verdict == "agreement"]
    position = {f.id: i for i, f in enumerate(agreements)}
    owner: dict[str, str] = {}  # claim id -> the leading agreement that holds it
    facts: dict[str, list[Finding]] = {}
    for f in sorted(agreements, key=lambda f: -f.confidence):  # stable: report order among equals
        lead = next((owner[r.claim_id] for r in f.claims if r.claim_id in owner), None)
        if lead is None:
            facts[f.id] = [f]
            owner.update((r.claim_id, f.id) for r in f.claims)
        else:
            facts[lead].append(f)
    out = []
    for lead in sorted(facts, key=position.__getitem__):
        members = facts[lead]
        refs = tuple({ref.claim_id: ref for f in members for ref in f.claims}.values())
        out.append(Agreement(tuple(members), refs, tuple(outlets.units(ref.article for ref in refs))))
    return out


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
