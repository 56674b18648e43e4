"""The markdown discrepancy report written for editors, in the corpus's language (French or English).

The counts and the files not read, then conflicts, ranked by confidence and then by how many independent
outlets stand on each side (each with a sentence about what differs, a table of the outlets on each side,
both verbatim sentences, their articles and offsets, and the values compared, written as a reader writes
them), then the timeline and the events, then agreements in a compact table (one row per fact, with the
number of independent outlets that confirm it), then the copies of one dispatch (which count once).
"""

from __future__ import annotations

import re
from collections import Counter

from checker.models import ClaimRef, Finding, Report
from checker.report.grouping import (
    Discrepancy,
    Outlets,
    claim_sentences,
    group_agreements,
    places_as_written,
    rank_discrepancies,
    stated,
)
from checker.report.sentences import event_name, finding_sentence
from checker.report.values import write_date, write_value
from checker.report.words import WORDS, Language, Words, report_language

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


def _ref_line(ref: ClaimRef, words: Words, extra: list[str]) -> str:
    """« - **a.txt** [10–59] (source: AFP): »: the article, the sentence's offsets, what more is known."""
    more = f" ({words.semicolon.join(extra)})" if extra else ""
    return f"- **{_text(ref.article)}** [{ref.start}–{ref.end}]{more}{words.colon.rstrip()}"


def _sides_table(d: Discrepancy, outlets: Outlets, language: Language) -> list[str]:
    """Who stands on each side: the value, how many independent outlets state it, and their articles
    (copies of one dispatch marked, and counted once)."""
    words = WORDS[language]
    slot = d.lead.kind or ""
    lines = [_row(words.sides_header), "|---|---|---|"]
    for side in d.sides:
        sentence = side.refs[0].text if side.refs else ""
        units = [outlets.label([(a, _text(a)) for a in unit], words, _text) for unit in side.units]
        lines.append(
            _row((_text(write_value(slot, side.value, language, sentence)), str(side.outlets), ", ".join(units) or "—"))
        )
    return [*lines, ""]


def _conflict_block(n: int, d: Discrepancy, outlets: Outlets, language: Language) -> list[str]:
    words = WORDS[language]
    f = d.lead
    kind = f" ({words.kind(f.kind)})" if f.kind else ""
    lines = [
        f"### {n}. {words.verdict(f.verdict)}{kind}, {words.confidence} {words.number(f.confidence)}",
        "",
        _text(finding_sentence(f, language)),
        "",
        *_sides_table(d, outlets, language),
    ]
    conflict = f.conflict()
    for ref in f.claims:
        who = []
        if conflict and ref.side and conflict.slot not in {"speaker", "source"}:  # those are named just after
            who.append(
                f"{words.states}{words.colon}{_text(write_value(conflict.slot, stated(f, ref), language, ref.text))}"
            )
        if ref.speaker:
            who.append(f"{words.speaker}{words.colon}{_text(ref.speaker)}")
        if ref.source:
            who.append(f"{words.source}{words.colon}{_text(ref.source)}")
        lines.append(_ref_line(ref, words, who))
        lines.append(f"  > {_text(ref.text)}")
    compared = [c for c in f.compared if c.relation in {"conflict", "equal", "compatible"}]
    first, second = f.claims
    if compared:
        lines += ["", _row(words.compared_header), "|---|---|---|---|"]
        lines += [
            _row(
                (
                    _text(words.slots.get(c.slot, c.slot)),
                    _text(write_value(c.slot, c.left, language, first.text)),
                    _text(write_value(c.slot, c.right, language, second.text)),
                    words.relations.get(c.relation, c.relation),
                )
            )
            for c in compared
        ]
    lines += ["", f"<sub>{words.finding_id.format(id=f.id)}</sub>", ""]
    return lines


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _also_line(f: Finding, language: Language) -> list[str]:
    """A grouped finding in one line per claim: article, offsets, the value it states, the sentence."""
    words = WORDS[language]
    conflict = f.conflict()
    lines = []
    for ref in f.claims:
        value = stated(f, ref)
        shown = [_text(write_value(conflict.slot, value, language, ref.text))] if conflict and value else []
        lines.append(f"{_ref_line(ref, words, shown)} {_text(ref.text)}")
    confidence = words.number(f.confidence)
    lines.append(f"  <sub>{words.finding_id_confidence.format(id=f.id, confidence=confidence)}</sub>")
    return lines


def render_markdown(report: Report, language: str | None = None) -> str:
    """The whole report as markdown, in ``language`` (fr or en; default: the language of most articles).

    Raises ConfigError: a language the reports are not written in.
    """
    lang = report_language(report, language)
    words = WORDS[lang]
    counts = report.counts()
    outlets = Outlets(report)
    discrepancies = rank_discrepancies(report, outlets)
    # one discrepancy (one article against several that agree) counts once, however many pairs show it
    by_verdict = Counter(d.lead.verdict for d in discrepancies)
    agreements = group_agreements(report, outlets)
    sentences = claim_sentences(report)
    out = [
        f"# {words.title.format(corpus=_text(report.corpus))}",
        "",
        words.summary.format(
            articles=report.articles, claims=report.claims, model=f"`{report.model}`", schema=report.schema_version
        ),
        "",
        *([_text(words.thresholds[report.thresholds]), ""] if report.thresholds else []),
        _row(words.counts_header),
        "|---|---|---|",
        _row((words.verdict("contradiction").lower(), str(by_verdict["contradiction"]), str(counts["contradiction"]))),
        _row(
            (
                words.verdict("attribution_conflict").lower(),
                str(by_verdict["attribution_conflict"]),
                str(counts["attribution_conflict"]),
            )
        ),
        _row((words.verdict("agreement").lower(), "—", str(counts["agreement"]))),
        "",
    ]
    if report.problems:
        out += [f"## {words.not_read}", ""]
        out += [f"- **{_text(p.path)}**{words.colon}{_text(p.reason)}" for p in report.problems]
        out.append("")
    out += [f"## {words.conflicts}", ""]
    if not discrepancies:
        out += [words.no_conflict, ""]
    for n, d in enumerate(discrepancies, 1):
        out += _conflict_block(n, d, outlets, lang)
        if len(d.findings) > 1:
            out += [words.same_discrepancy, ""]
            for f in d.findings[1:]:
                out += _also_line(f, lang)
            out.append("")
    if report.timeline:
        out += [f"## {words.timeline}", "", words.timeline_note, "", _row(words.timeline_header), "|---|---|---|---|"]
        for entry in report.timeline:
            texts = [ref.text for ref in entry.claims]
            event = event_name(entry.event, texts[0] if texts else None, lang)
            out.append(
                _row(
                    (
                        _text(write_date(entry.date, lang)),
                        _text(event),
                        _texts(places_as_written(entry.places, [*texts, *sentences.values()], lang)),
                        _texts(entry.articles),
                    )
                )
            )
        out.append("")
    if report.events:
        out += [f"## {words.events}", "", words.events_note, "", _row(words.events_header), "|---|---|---|---|---|"]
        for e in report.events:
            texts = [sentences[i] for i in e.claim_ids if i in sentences]
            out.append(
                _row(
                    (
                        _text(event_name(e.event, texts[0] if texts else None, lang)),
                        _texts(write_date(d, lang) for d in e.dates),
                        _texts(places_as_written(e.places, [*texts, *sentences.values()], lang)),
                        _texts(e.articles),
                        str(len(e.findings)),
                    )
                )
            )
        out.append("")
    out += [f"## {words.agreements}", ""]
    if not agreements:
        out += [words.no_agreement, ""]
    else:
        out += [_row(words.agreements_header), "|---|---|---|---|"]
        for agreement in agreements:
            where = [
                outlets.label(
                    [
                        (r.article, f"{_text(r.article)} [{r.start}–{r.end}]")
                        for r in agreement.refs
                        if r.article in unit
                    ],
                    words,
                    _text,
                )
                for unit in agreement.units
            ]
            out.append(
                _row(
                    (
                        words.number(agreement.lead.confidence),
                        _text(finding_sentence(agreement.lead, lang, len({r.article for r in agreement.refs}))),
                        ", ".join(where),
                        words.confirmed(len(agreement.units)),
                    )
                )
            )
        out.append("")
    if report.copies:
        out += [f"## {words.copies}", "", words.copies_note, "", _row(words.copies_header), "|---|---|---|"]
        out += [_row((_text(g.agency or "—"), _texts(g.articles), words.percent(g.shared))) for g in report.copies]
        out.append("")
    return "\n".join(out)
