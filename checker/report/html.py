"""The HTML discrepancy report: one self-contained page an editor opens in a browser, in the corpus's
language (French or English).

The counts, then one entry per discrepancy (the findings that share a ``group``: one article against
the others), ranked by confidence and then by how many independent outlets stand on each side, each with
a table of the outlets on each side (copies of one dispatch counted once) and a table of every article
in it, the value it states and its verbatim sentence with that value marked; then agreements (one row
per fact, with the number of independent outlets that confirm it), the copies of one dispatch, and the
files not read.

Everything that comes from an article or a file name is escaped with ``html.escape`` (quotes too, for
attributes); the filters' data attributes hold only numbers and the report's own words. The page loads
nothing (inline CSS, no asset) and its Content-Security-Policy lets only its own script run, so markup
that slipped through would still be inert. It reads without JavaScript; the script shows the filters
(verdict, kind, article, a confidence floor).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

from checker.models import ClaimRef, Report
from checker.report.grouping import Discrepancy, Outlets, group_agreements, rank_discrepancies, stated
from checker.report.sentences import finding_sentence
from checker.report.values import write_value
from checker.report.words import WORDS, Language, Words, report_language

_VERDICTS = ("contradiction", "attribution_conflict", "agreement")

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
table.counts { width: auto; } table.counts td + td { text-align: right; }
table.sides td:nth-child(2) { text-align: right; }
.discrepancy { border-left: 4px solid #c62828; padding: .75rem 1rem; margin: 1rem 0; background: #fdf7f7; }
.discrepancy[data-verdict="attribution_conflict"] { border-color: #ef6c00; background: #fffaf3; }
.article { font-weight: 600; overflow-wrap: anywhere; } .offsets, .who, .ids { color: #555; font-size: .85rem; }
.sentence { font-family: Georgia, serif; } mark { background: #ffe066; padding: 0 .1em; }
#filters { display: flex; flex-wrap: wrap; gap: 1rem; padding: .75rem; background: #f4f4f6; }
[hidden] { display: none !important; }
""".strip()

# Shows the filters and hides what they leave out; the page is whole without it.
_SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  var items = document.querySelectorAll(".item");
  function value(id) { return document.getElementById(id).value; }
  function apply() {
    var verdict = value("f-verdict"), kind = value("f-kind"), article = value("f-article");
    var floor = parseFloat(value("f-confidence")) || 0, shown = 0;
    items.forEach(function (el) {
      var d = el.dataset;
      var keep = (!verdict || d.verdict === verdict) && (!kind || d.kind === kind)
        && (!article || d.articles.split(" ").indexOf(article) >= 0) && parseFloat(d.confidence) >= floor;
      el.hidden = !keep;
      if (keep && el.classList.contains("discrepancy")) { shown += 1; }
    });
    document.getElementById("shown-count").textContent = shown;
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  document.getElementById("shown").hidden = false;
  apply();
})();
""".strip()

# Nothing is fetched (default-src 'none'); only the script above runs, by its hash: an inline handler or
# a script that escaped the escaping is refused by the browser.
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
_POLICY = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'"


def _e(text: object) -> str:
    """Text safe inside an element or a quoted attribute: « <b>"x"</b> » -> « &lt;b&gt;&quot;x&quot;&lt;/b&gt; »."""
    return escape(str(text), quote=True)


def _written(value: str) -> list[str]:
    """The texts to look for in a sentence to find where it states ``value``: the value itself, then the
    words the slot label quotes from the article (« 2025-02-11 (« mardi », inferred) » -> « mardi »;
    « Soixante et un pays (61 country) » -> « Soixante et un pays »)."""
    return [value, *re.findall(r"«\s*(.+?)\s*»", value), value.split(" (", 1)[0]]


def _marked(sentence: str, value: str | None) -> str:
    """The sentence, escaped, with the first place it states ``value`` (found case-insensitively) in
    <mark>; unmarked when it is not found."""
    for needle in filter(None, (written.strip() for written in _written(value or ""))):
        found = re.search(re.escape(needle), sentence, re.IGNORECASE)
        if found:
            before, inside, after = sentence[: found.start()], found[0], sentence[found.end() :]
            return f"{_e(before)}<mark>{_e(inside)}</mark>{_e(after)}"
    return _e(sentence)


def _article(name: str) -> str:
    return f'<span class="article">{_e(name)}</span>'


def _where(ref: ClaimRef, words: Words) -> str:
    """The article cell: its name, the offsets of the sentence, who said it and per which agency."""
    labels = ((words.speaker, ref.speaker), (words.source, ref.source))
    who = [f"{_e(label)}{words.colon}{_e(name)}" for label, name in labels if name]
    return f'{_article(ref.article)} <span class="offsets">[{ref.start}–{ref.end}]</span>' + (
        f'<br><span class="who">{words.semicolon.join(who)}</span>' if who else ""
    )


def _head(headers: tuple[str, ...]) -> str:
    return f"<thead><tr>{''.join(f'<th>{_e(h)}</th>' for h in headers)}</tr></thead>"


def _sides(d: Discrepancy, outlets: Outlets, words: Words, language: Language) -> list[str]:
    """Who stands on each side: the value, how many independent outlets state it, and their articles
    (copies of one dispatch marked, and counted once)."""
    out = ['<table class="sides">', _head(words.sides_header), "<tbody>"]
    for side in d.sides:
        value = write_value(d.lead.kind or "", side.value, language, side.refs[0].text if side.refs else "")
        units = ", ".join(outlets.label([(a, _article(a)) for a in unit], words, _e) for unit in side.units)
        out.append(f'<tr><td class="value">{_e(value)}</td><td>{side.outlets}</td><td>{units}</td></tr>')
    return [*out, "</tbody>", "</table>"]


def _discrepancy(n: int, d: Discrepancy, articles: dict[str, int], outlets: Outlets, language: Language) -> list[str]:
    """One discrepancy: its leader's verdict, the sentence about it and its confidence, who stands on each
    side, a row per claim (each claim once, though the odd article's claim is in every finding), and the ids
    of its findings."""
    words = WORDS[language]
    members = d.findings
    lead = d.lead
    rows: dict[str, tuple[ClaimRef, str | None]] = {}
    for f in members:
        for ref in f.claims:
            rows.setdefault(ref.claim_id, (ref, stated(f, ref)))
    data = " ".join(str(articles[a]) for a in sorted({ref.article for ref, _ in rows.values()}))
    kind = f" ({_e(words.kind(lead.kind))})" if lead.kind else ""
    slot = lead.kind or ""
    out = [
        f'<section class="discrepancy item" id="discrepancy-{n}" data-verdict="{_e(lead.verdict)}" '
        f'data-kind="{_e(lead.kind or "")}" data-articles="{data}" data-confidence="{lead.confidence:.2f}">',
        f'<h3><span class="number">{n}</span>. {_e(words.verdict(lead.verdict))}{kind}, {_e(words.confidence)} '
        f"{words.number(lead.confidence)}</h3>",
        f'<p class="explanation">{_e(finding_sentence(lead, language))}</p>',
        *_sides(d, outlets, words, language),
        "<table>",
        _head(words.article_header),
        "<tbody>",
    ]
    for ref, value in rows.values():
        shown = write_value(slot, value, language, ref.text)
        out.append(
            f'<tr><td>{_where(ref, words)}</td><td class="value">{_e(shown)}</td>'
            f'<td class="sentence">{_marked(ref.text, value)}</td></tr>'
        )
    ids = ", ".join(f"<code>{_e(f.id)}</code> ({words.number(f.confidence)})" for f in members)
    label = words.finding_ids[len(members) > 1]
    out += ["</tbody>", "</table>", f'<p class="ids">{_e(label)} {ids}</p>', "</section>"]
    return out


def _options(name: str, label: str, choices: list[tuple[str, str]], words: Words) -> str:
    options = "".join(f'<option value="{_e(value)}">{_e(text)}</option>' for value, text in choices)
    return (
        f'<label>{_e(label)} <select id="f-{name}"><option value="">{_e(words.all)}</option>{options}</select></label>'
    )


def render_html(report: Report, language: str | None = None) -> str:
    """The whole report as one self-contained HTML page, in ``language`` (fr or en; default: the language
    of most articles).

    Raises ConfigError: a language the reports are not written in.
    """
    lang = report_language(report, language)
    words = WORDS[lang]
    outlets = Outlets(report)
    discrepancies = rank_discrepancies(report, outlets)
    agreements = group_agreements(report, outlets)
    # the article filter names articles by their number here: no file name is ever inside a data attribute
    articles = {a: i for i, a in enumerate(sorted({ref.article for f in report.findings for ref in f.claims}))}
    findings = report.counts()
    # a discrepancy counts once however many articles repeat it; agreements are not grouped
    grouped = {v: str(sum(1 for d in discrepancies if d.lead.verdict == v)) for v in _VERDICTS}
    grouped["agreement"] = "—"
    title = _e(words.title.format(corpus=report.corpus))
    summary = words.summary.format(
        articles=report.articles,
        claims=report.claims,
        model=f"<code>{_e(report.model)}</code>",
        schema=_e(report.schema_version),
    )
    count = len(discrepancies)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        f"<p>{summary}</p>",
        *([f'<p class="thresholds">{_e(words.thresholds[report.thresholds])}</p>'] if report.thresholds else []),
        f'<p class="total"><strong id="discrepancy-count">{count}</strong> '
        f"{_e(words.discrepancy_count[count != 1])} "
        f'<span id="shown" hidden>(<span id="shown-count">{count}</span> {_e(words.shown)})</span></p>',
        '<table class="counts">',
        _head(words.html_counts_header),
        "<tbody>",
        *(
            f"<tr><td>{_e(words.verdict(v).lower())}</td><td>{grouped[v]}</td><td>{findings[v]}</td></tr>"
            for v in _VERDICTS
        ),
        "</tbody>",
        "</table>",
        '<form id="filters" hidden>',
        _options("verdict", words.filter_verdict, [(v, words.verdict(v).lower()) for v in _VERDICTS], words),
        _options(
            "kind",
            words.filter_kind,
            [(k, words.kind(k)) for k in sorted({f.kind for f in report.findings if f.kind})],
            words,
        ),
        _options("article", words.filter_article, [(str(i), a) for a, i in articles.items()], words),
        f'<label>{_e(words.filter_confidence)} <input id="f-confidence" type="number" min="0" max="1" step="0.05" '
        'value="0"></label>',
        "</form>",
        f"<h2>{_e(words.discrepancies)}</h2>",
    ]
    if not discrepancies:
        out.append(f"<p>{_e(words.no_conflict)}</p>")
    for n, d in enumerate(discrepancies, 1):
        out += _discrepancy(n, d, articles, outlets, lang)
    out.append(f"<h2>{_e(words.agreements)}</h2>")
    if not agreements:
        out.append(f"<p>{_e(words.no_agreement)}</p>")
    else:
        out += ["<table>", _head(words.agreements_header), "<tbody>"]
        for agreement in agreements:
            f = agreement.lead
            named = sorted({articles[r.article] for r in agreement.refs})
            where = "<br>".join(
                outlets.label([(r.article, _where(r, words)) for r in agreement.refs if r.article in unit], words, _e)
                for unit in agreement.units
            )
            sentence = finding_sentence(f, lang, len({r.article for r in agreement.refs}))
            out.append(
                f'<tr class="item" data-verdict="agreement" data-kind="{_e(f.kind or "")}" '
                f'data-articles="{" ".join(map(str, named))}" data-confidence="{f.confidence:.2f}">'
                f"<td>{words.number(f.confidence)}</td><td>{_e(sentence)}</td>"
                f"<td>{where}</td><td>{_e(words.confirmed(len(agreement.units)))}</td></tr>"
            )
        out += ["</tbody>", "</table>"]
    if report.copies:
        out += [f"<h2>{_e(words.copies)}</h2>", f"<p>{_e(words.copies_note)}</p>", '<table class="copies">']
        out += [_head(words.copies_header), "<tbody>"]
        out += [
            f"<tr><td>{_e(g.agency or '—')}</td>"
            f"<td>{', '.join(map(_article, g.articles))}</td>"
            f"<td>{_e(words.percent(g.shared))}</td></tr>"
            for g in report.copies
        ]
        out += ["</tbody>", "</table>"]
    if report.problems:
        out += [f"<h2>{_e(words.not_read)}</h2>", "<ul>"]
        out += [
            f'<li><span class="article">{_e(p.path)}</span>{words.colon}{_e(p.reason)}</li>' for p in report.problems
        ]
        out.append("</ul>")
    out += [f"<script>{_SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)
