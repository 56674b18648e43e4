"""The markdown discrepancy report written for editors.

Conflicts first (each with both verbatim sentences, their articles and offsets, the values
compared and a one-line explanation), then agreements in a compact table, then unreadable files.
"""

from __future__ import annotations

import re
from collections import Counter

from checker.models import Finding, Report
from checker.report.grouping import group_discrepancies, stated

_TITLES = {"contradiction": "Contradiction", "attribution_conflict": "Attribution conflict", "agreement": "Agreement"}

# What markdown or HTML could read in an article's words or a file's name: tags and entities (< > &),
# links and images ([ ]: « ! » alone is inert), code (`), emphasis (* ~, and _ unless inside a word, where
# it is inert), headings (#), table cells (|) and the escape itself (\). Each is backslash-escaped, which
# renders it as itself.
_SPECIAL = re.compile(r"[\\`*\[\]<>&#|~]|(?<![^\W_])_|_(?![^\W_])")


def _text(text: str) -> str:
    """Text from an article or a file name, safe anywhere in the report: on one line (a newline would
    end a table row or a quote) and with every markup character escaped.

    « <script>alert(1)</script> » -> « \\<script\\>alert(1)\\</script\\> »; « a | b » -> « a \\| b ».
    """
    return _SPECIAL.sub(lambda m: "\\" + m[0], " ".join(text.split()))


def _texts(values) -> str:
    return ", ".join(_text(v) for v in values) or "—"


def _conflict_block(n: int, f: Finding) -> list[str]:
    kind = f" ({f.kind})" if f.kind else ""
    lines = [f"### {n}. {_TITLES[f.verdict]}{kind}, confidence {f.confidence:.2f}", "", _text(f.explanation), ""]
    conflict = f.conflict()
    for ref in f.claims:
        who = []
        if conflict and ref.side:
            who.append(f"states: {_text(stated(f, ref) or '—')}")
        if ref.speaker:
            who.append(f"speaker: {_text(ref.speaker)}")
        if ref.source:
            who.append(f"source: {_text(ref.source)}")
        extra = f" ({'; '.join(who)})" if who else ""
        lines.append(f"- **{_text(ref.article)}** [{ref.start}–{ref.end}]{extra}:")
        lines.append(f"  > {_text(ref.text)}")
    compared = [c for c in f.compared if c.relation in {"conflict", "equal", "compatible"}]
    if compared:
        lines += ["", "| slot | first | second | relation |", "|---|---|---|---|"]
        lines += [
            f"| {_text(c.slot)} | {_text(c.left or '—')} | {_text(c.right or '—')} | {c.relation} |" for c in compared
        ]
    lines += ["", f"<sub>finding id `{f.id}`</sub>", ""]
    return lines


def _also_line(f: Finding) -> list[str]:
    """A grouped finding in one line per claim: article, offsets, the value it states, the sentence."""
    lines = []
    for ref in f.claims:
        value = stated(f, ref)
        lines.append(
            f"- **{_text(ref.article)}** [{ref.start}–{ref.end}]{f' ({_text(value)})' if value else ''}: "
            f"{_text(ref.text)}"
        )
    lines.append(f"  <sub>finding id `{f.id}`, confidence {f.confidence:.2f}</sub>")
    return lines


def render_markdown(report: Report) -> str:
    """The whole report as markdown."""
    counts = report.counts()
    discrepancies = group_discrepancies(report.findings)
    # one discrepancy (one article against several that agree) counts once, however many pairs show it
    by_verdict = Counter(members[0].verdict for members in discrepancies)
    agreements = [f for f in report.findings if f.verdict == "agreement"]
    out = [
        f"# Discrepancy report: {_text(report.corpus)}",
        "",
        f"{report.articles} articles, {report.claims} claims compared with encoder `{report.model}` "
        f"(schema {report.schema_version}).",
        "",
        "| verdict | discrepancies | pairs of claims |",
        "|---|---|---|",
        f"| contradiction | {by_verdict['contradiction']} | {counts['contradiction']} |",
        f"| attribution conflict | {by_verdict['attribution_conflict']} | {counts['attribution_conflict']} |",
        f"| agreement | — | {counts['agreement']} |",
        "",
    ]
    if report.problems:
        out += ["## Files not read", ""]
        out += [f"- **{_text(p.path)}**: {_text(p.reason)}" for p in report.problems]
        out.append("")
    out += ["## Conflicts", ""]
    if not discrepancies:
        out += ["No contradiction or attribution conflict found.", ""]
    for n, members in enumerate(discrepancies, 1):
        out += _conflict_block(n, members[0])
        if len(members) > 1:
            out += ["The same discrepancy with other articles:", ""]
            for f in members[1:]:
                out += _also_line(f)
            out.append("")
    if report.timeline:
        out += [
            "## Timeline",
            "",
            "Dated events as the sources report them; one event on two dates is worth a look.",
            "",
            "| date | event | where | sources |",
            "|---|---|---|---|",
        ]
        for entry in report.timeline:
            out.append(
                f"| {_text(entry.date)} | {_text(entry.event)} | {_texts(entry.places)} | {_texts(entry.articles)} |"
            )
        out.append("")
    if report.events:
        out += [
            "## Events",
            "",
            "Events several sources report, with the dates and places they give (a disagreement shows as two values).",
            "",
            "| event | dates | where | sources | findings |",
            "|---|---|---|---|---|",
        ]
        for e in report.events:
            out.append(
                f"| {_text(e.event)} | {_texts(e.dates)} | {_texts(e.places)} | {_texts(e.articles)} | "
                f"{len(e.findings)} |"
            )
        out.append("")
    out += ["## Agreements", ""]
    if not agreements:
        out += ["No agreement found between sources.", ""]
    else:
        out += ["| confidence | what agrees | first | second |", "|---|---|---|---|"]
        for f in agreements:
            a, b = f.claims
            out.append(
                f"| {f.confidence:.2f} | {_text(f.explanation)} | {_text(a.article)} [{a.start}–{a.end}] | "
                f"{_text(b.article)} [{b.start}–{b.end}] |"
            )
        out.append("")
    return "\n".join(out)
