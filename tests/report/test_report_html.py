"""render_html on Reports built by hand: discrepancies counted once however many articles repeat them,
every article's value and sentence with the value marked, hostile text kept inert, and a golden file.

The golden file changes only on purpose. After a deliberate change to the page, regenerate it and
review the diff before committing:

    CHECKER_REGENERATE_GOLDEN=1 pytest tests/report
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from test_report_markdown import assert_golden, hostile_report, small_report

from checker.models import ClaimRef, Finding, ReadProblem, Report, SlotComparison
from checker.report import render_html

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report_grouped.html"

ODD = "Le vote des délégués a eu lieu dimanche à Nantes."
SAT_A = "Les délégués ont voté samedi 14 mars à Nantes."
SAT_B = "Samedi 14 mars, les délégués réunis à Nantes ont adopté le texte."
PESKOV = "« Nous ne signerons pas », a déclaré Dmitri Peskov."
OUCHAKOV = "« Nous ne signerons pas », a déclaré Iouri Ouchakov."


def ref(article: str, text: str, side: str, **extra: str) -> ClaimRef:
    return ClaimRef(
        article=article, text=text, start=10, end=10 + len(text), claim_id=f"{article}:{side}", side=side, **extra
    )


def grouped_report() -> Report:
    """One date discrepancy between three articles (two findings, one group), one attribution conflict,
    one agreement and a file not read: what `group_findings` hands the report."""
    dates = SlotComparison(
        slot="date",
        left="2026-03-15 (« dimanche », inferred)",
        right="2026-03-14 (« samedi 14 mars »)",
        relation="conflict",
    )
    odd = ref("e_regional.txt", ODD, "a")
    date_1 = Finding(
        id="d1d1d1d1d1d1d1d1",
        verdict="contradiction",
        kind="date",
        confidence=0.81,
        explanation="Same vote (délégué, nantes), different date: 2026-03-15 vs 2026-03-14.",
        claims=(odd, ref("a_agence.txt", SAT_A, "b")),
        group="d1d1d1d1d1d1d1d1",
        compared=(dates, SlotComparison(slot="place", left="Nantes", right="Nantes", relation="equal")),
    )
    date_2 = date_1.model_copy(
        update={"id": "d2d2d2d2d2d2d2d2", "confidence": 0.7, "claims": (odd, ref("b_quotidien.txt", SAT_B, "b"))}
    )
    speaker = Finding(
        id="5555555555555555",
        verdict="attribution_conflict",
        kind="speaker",
        confidence=0.64,
        explanation="The same words, said by Dmitri Peskov in one article and by Iouri Ouchakov in another.",
        claims=(
            ref("a_agence.txt", PESKOV, "a", speaker="Dmitri Peskov", source="AFP"),
            ref("c_hebdo.txt", OUCHAKOV, "b", speaker="Iouri Ouchakov"),
        ),
        group="5555555555555555",
        compared=(SlotComparison(slot="speaker", left="Dmitri Peskov", right="Iouri Ouchakov", relation="conflict"),),
    )
    agreement = small_report().findings[1]
    return Report(
        schema_version="1.1",  # as checker 1.1 saved it (tests/fixtures/report/grouped.json): no copies, no outlets
        corpus="corpus/vote",
        articles=4,
        claims=20,
        model="e5-small",
        findings=(date_1, date_2, speaker, agreement),
        problems=(ReadProblem(path="scan.txt", reason="binary file (contains NUL bytes), not text"),),
    )


class Page(HTMLParser):
    """The page as a browser's parser reads it: every start tag with its attributes, the text inside each
    element that has an id or a class, and the number of cells of each row of each table."""

    VOID = {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[tuple[str, str | None]] = []  # (tag, "#id" or ".class")
        self.text: dict[str, list[str]] = {}
        self.tables: list[list[int]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in {"td", "th"}:
            self.tables[-1][-1] += 1
        if tag not in self.VOID:
            key = f"#{attributes['id']}" if attributes.get("id") else None
            key = key or (f".{attributes['class']}" if attributes.get("class") else None)
            self.open.append((tag, key))
            if key:
                self.text.setdefault(key, []).append("")

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, key in self.open:
            if key:
                self.text[key][-1] += data

    def first(self, key: str) -> str:
        return self.text[key][0]


# ---------------------------------------------------------------- what an editor reads
def test_report_html_counts_discrepancies_not_pairs():
    html = render_html(grouped_report())
    page = Page(html)
    assert page.first("#discrepancy-count") == "2"  # three conflict findings, two discrepancies
    assert "<tr><td>contradiction</td><td>1</td><td>2</td></tr>" in html
    assert "<tr><td>attribution conflict</td><td>1</td><td>1</td></tr>" in html
    assert "<tr><td>agreement</td><td>—</td><td>1</td></tr>" in html
    assert html.count('<section class="discrepancy item"') == 2


def test_report_html_a_discrepancy_lists_every_article_once_with_its_value_and_marked_sentence():
    html = render_html(grouped_report())
    first = html.split('id="discrepancy-1"', 1)[1].split("</section>", 1)[0]
    assert "1</span>. Contradiction (date), confidence 0.81" in first
    table = first.split('<table class="sides">', 1)[1].split("</table>", 1)[1]  # the articles, after the sides
    assert table.count('<span class="article">e_regional.txt</span>') == 1  # the odd article is in both findings
    rows = re.findall(r"<tr><td>.*?</tr>", table)
    assert [re.search(r'class="article">(.*?)<', r)[1] for r in rows] == [
        "e_regional.txt",
        "a_agence.txt",
        "b_quotidien.txt",
    ]
    assert '<td class="value">15 March 2026 (“dimanche”)</td>' in rows[0]  # the date, as a reader writes it
    assert "Le vote des délégués a eu lieu <mark>dimanche</mark> à Nantes." in rows[0]
    assert "Les délégués ont voté <mark>samedi 14 mars</mark> à Nantes." in rows[1]
    assert "<mark>Samedi 14 mars</mark>, les délégués" in rows[2]  # found whatever the case, shown as written
    assert (
        "Same fact, but not the same date: one says 15 March 2026 (“dimanche”), the other 14 March 2026 "
        "(“samedi 14 mars”)." in first
    )
    assert "findings <code>d1d1d1d1d1d1d1d1</code> (0.81), <code>d2d2d2d2d2d2d2d2</code> (0.70)" in first


def test_report_html_an_attribution_conflict_marks_each_speaker():
    second = render_html(grouped_report()).split('id="discrepancy-2"', 1)[1].split("</section>", 1)[0]
    assert 'data-verdict="attribution_conflict" data-kind="speaker"' in second
    assert "a déclaré <mark>Dmitri Peskov</mark>." in second and "a déclaré <mark>Iouri Ouchakov</mark>." in second
    assert '<span class="who">speaker: Dmitri Peskov; source: AFP</span>' in second
    assert "finding <code>5555555555555555</code> (0.64)" in second


def test_report_html_marks_nothing_when_the_sentence_does_not_hold_the_value():
    report = grouped_report()
    lead = report.findings[0]
    moved = lead.model_copy(update={"compared": (lead.compared[0].model_copy(update={"left": "2026-03-13"}),)})
    html = render_html(report.model_copy(update={"findings": (moved,)}))
    assert f'<td class="value">13 March 2026</td><td class="sentence">{ODD}</td>' in html
    assert html.count("<mark>") == 1  # the other article's value is still found


def test_report_html_sections_in_order_and_empty_ones_say_so():
    html = render_html(grouped_report())
    assert html.index("<h2>Discrepancies</h2>") < html.index("<h2>Agreements</h2>") < html.index("Files not read")
    assert '<li><span class="article">scan.txt</span>: binary file (contains NUL bytes), not text</li>' in html
    empty = render_html(Report(corpus="c", articles=2, claims=3, model="fake", findings=()))
    assert "<p>No contradiction or attribution conflict found.</p>" in empty
    assert "<p>No agreement found between sources.</p>" in empty
    assert "Files not read" not in empty and Page(empty).first("#discrepancy-count") == "0"


def test_report_html_reads_without_javascript_and_loads_nothing():
    html = render_html(grouped_report())
    page = Page(html)
    hidden = {attributes.get("id") for _, attributes in page.tags if "hidden" in attributes}
    assert hidden == {"filters", "shown"}  # only the filters wait for the script; every finding shows
    for fetch in ("http:", "https:", "//", "src=", "href=", "<link", "@import", "url("):
        assert fetch not in html.split("<script>")[0], fetch


def test_report_html_policy_allows_exactly_its_own_script():
    """A wrong hash would leave the filters hidden in every browser: checked here without one."""
    html = render_html(grouped_report())
    (script,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy == f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; base-uri 'none'"


def test_report_html_filters_name_what_the_report_holds():
    page = Page(render_html(grouped_report()))
    items = [a for tag, a in page.tags if "item" in (a.get("class") or "").split()]
    assert [(a["data-verdict"], a["data-kind"], a["data-confidence"]) for a in items] == [
        ("contradiction", "date", "0.81"),
        ("attribution_conflict", "speaker", "0.64"),
        ("agreement", "", "0.80"),
    ]
    names = ["a_agence.txt", "b_quotidien.txt", "c_hebdo.txt", "e_regional.txt"]
    options = [a["value"] for tag, a in page.tags if tag == "option"]
    assert options == [
        "",
        "contradiction",
        "attribution_conflict",
        "agreement",
        "",
        "date",
        "speaker",
        "",
        "0",
        "1",
        "2",
        "3",
    ]
    assert [a["data-articles"] for a in items] == ["0 1 3", "0 2", "0 2"]
    assert page.first("#f-article") == "all" + "".join(names)


def test_report_html_matches_the_golden_file():
    assert_golden(GOLDEN, render_html(grouped_report()))


# ---------------------------------------------------------------- hostile text
# The markdown's hostile text, plus what breaks out of an attribute, a cell, a comment or the script.
HTML_HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3)) "
    '" onmouseover="alert(5)" \' onfocus=\'alert(6)\' autofocus x=\' <a href="javascript:alert(7)">clic</a> '
    "</td></tr></table></section> <!-- </script><script>alert(8)</script> &lt;entité&gt; &amp; <svg onload=alert(9)>"
)
HTML_HOSTILE_NAME = "a\"b'c <img src=x onerror=alert(4)>\n</option></select><script>alert(10)</script>.txt"
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "strong", "span", "code", "table",
    "thead", "tbody", "tr", "th", "td", "form", "label", "select", "option", "input", "section", "br", "mark", "ul",
    "li", "script",
}  # fmt: skip


def test_report_html_hostile_text_and_file_names_stay_text():
    html = render_html(hostile_report(HTML_HOSTILE, HTML_HOSTILE_NAME))
    page = Page(html)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS  # no img, svg, a: only the page's own elements
    assert sum(tag == "script" for tag, _ in page.tags) == 1 and html.count("<script>") == 1
    attributes = {name for _, a in page.tags for name in a}
    assert not [name for name in attributes if name.startswith("on") or name in {"href", "src", "autofocus", "x"}]
    for _, a in page.tags:
        assert all(value is None or "javascript:" not in value for value in a.values())
        if "data-articles" in a:
            assert re.fullmatch(r"[\d ]*", a["data-articles"])
    # the text reads back exactly as the article wrote it: nothing was lost or decoded on the way
    assert page.first(".sentence") == HTML_HOSTILE and HTML_HOSTILE in page.first(".explanation")
    assert page.first(".article") == HTML_HOSTILE_NAME
    assert page.first("#f-article") == "all" + HTML_HOSTILE_NAME
    assert unescape(re.search(r"<title>(.*?)</title>", html, re.S)[1]) == f"Discrepancy report: {HTML_HOSTILE_NAME}"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&amp;lt;entité&amp;gt;" in html
    # no article text is ever inside an attribute (the filters use numbers); quotes are escaped all the same
    assert "&quot; onmouseover=&quot;alert(5)&quot; &#x27; onfocus=&#x27;alert(6)&#x27;" in html
    # counts, the discrepancy's sides and articles, agreements: no cell leaks
    assert [len(set(rows)) for rows in page.tables] == [1, 1, 1, 1]


def test_report_html_hostile_markdown_text_is_inert_too():
    page = Page(render_html(hostile_report()))
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    assert page.first(".sentence") == hostile_report().findings[0].claims[0].text
