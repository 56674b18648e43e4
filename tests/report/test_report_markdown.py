"""render_markdown and render_json on a Report built by hand: what an editor reads, what a CI job
parses, and a golden file for the whole markdown.

The golden file changes only on purpose. After a deliberate change to the report's layout,
regenerate it and review the diff before committing:

    CHECKER_REGENERATE_GOLDEN=1 pytest tests/report
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from checker.models import ClaimRef, Finding, ReadProblem, Report, SlotComparison
from checker.report import render_json, render_markdown

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "report_small.md"

LEFT = "Soixante et un pays ont signé mardi la déclaration finale du sommet de Paris."
RIGHT = "La déclaration finale du sommet de Paris a été signée par 58 pays."
AGREE_A = "Le président a annoncé dimanche 109 milliards d'euros d'investissements privés."
AGREE_B = "Emmanuel Macron a promis 109 milliards d'euros d'investissements privés."


def small_report() -> Report:
    contradiction = Finding(
        id="0123456789abcdef",
        verdict="contradiction",
        kind="number",
        confidence=0.78,
        explanation="Same summit (déclaration, final, sommet), different figure: Soixante et un pays (61 country) "
        "vs 58 pays (58 country).",
        event="summit (déclaration, final, sommet)",
        claims=(
            ClaimRef(article="b_quotidien.txt", text=LEFT, start=50, end=50 + len(LEFT), claim_id="b1", source="AFP"),
            ClaimRef(
                article="a_agence.txt",
                text=RIGHT,
                start=70,
                end=70 + len(RIGHT),
                claim_id="a1",
                speaker="Emmanuel Macron",
            ),
        ),
        compared=(
            SlotComparison(
                slot="number",
                left="Soixante et un pays (61 country)",
                right="58 pays (58 country)",
                relation="conflict",
            ),
            SlotComparison(slot="date", left="2025-02-11 (« mardi »)", right=None, relation="unknown"),
        ),
    )
    agreement = Finding(
        id="fedcba9876543210",
        verdict="agreement",
        kind=None,
        confidence=0.8,
        explanation="Both report the same investment: number 109 milliards d'euros | 109 Md€ (109 000 000 000 EUR).",
        event="investment",
        claims=(
            ClaimRef(article="c_hebdo.txt", text=AGREE_A, start=0, end=len(AGREE_A), claim_id="c1"),
            ClaimRef(article="a_agence.txt", text=AGREE_B, start=300, end=300 + len(AGREE_B), claim_id="a2"),
        ),
        compared=(SlotComparison(slot="number", left="109 milliards", right="109 milliards", relation="equal"),),
    )
    return Report(
        corpus="corpus/ia-summit",
        articles=5,
        claims=42,
        model="e5-small",
        findings=(contradiction, agreement),
        problems=(ReadProblem(path="scan.txt", reason="binary file (contains NUL bytes), not text"),),
    )


def test_report_markdown_counts_table():
    text = render_markdown(small_report())
    assert text.startswith("# Discrepancy report: corpus/ia-summit\n")
    assert "5 articles, 42 claims compared with encoder `e5-small` (schema 1.2)." in text
    assert (
        "| verdict | discrepancies | pairs of claims |\n|---|---|---|\n| contradiction | 1 | 1 |\n"
        "| attribution conflict | 0 | 0 |\n| agreement | — | 1 |"
    ) in text


def test_report_markdown_conflict_shows_both_sentences_with_articles_and_offsets():
    text = render_markdown(small_report())  # no language recorded: English
    assert "### 1. Contradiction (figure), confidence 0.78" in text
    assert f"- **b_quotidien.txt** [50–{50 + len(LEFT)}] (source: AFP):\n  > {LEFT}" in text
    assert f"- **a_agence.txt** [70–{70 + len(RIGHT)}] (speaker: Emmanuel Macron):\n  > {RIGHT}" in text
    # the report's own sentence, with the values as the article writes them: no « (61 country) » gloss
    assert "Same fact, but not the same figure: one says Soixante et un pays (61), the other 58 pays." in text
    assert "| figure | Soixante et un pays (61) | 58 pays | differ |" in text
    assert "country)" not in text and "different figure" not in text  # the JSON's explanation is not printed
    assert "| date |" not in text  # an unknown relation is no evidence
    assert "finding id `0123456789abcdef`" in text


def test_report_markdown_agreements_in_a_table_with_pipes_escaped():
    report = small_report()
    agreement = report.findings[1]
    piped = SlotComparison(slot="number", left="109 Md€ | 109 milliards", right="109 milliards", relation="compatible")
    text = render_markdown(
        report.model_copy(update={"findings": (agreement.model_copy(update={"compared": (piped,)}),)})
    )
    agreements = text.split("## Agreements", 1)[1]
    assert "| 0.80 | Same fact in both articles (figure: 109 Md€ \\| 109 milliards / 109 milliards). |" in agreements
    assert f"c_hebdo.txt [0–{len(AGREE_A)}]" in agreements and f"a_agence.txt [300–{300 + len(AGREE_B)}]" in agreements
    assert "Contradiction" not in agreements
    for line in agreements.strip().splitlines()[2:]:
        assert line.count(" | ") == 3, line


def test_report_markdown_names_the_files_not_read():
    text = render_markdown(small_report())
    assert "## Files not read\n\n- **scan.txt**: binary file (contains NUL bytes), not text\n" in text
    assert text.index("## Files not read") < text.index("## Conflicts") < text.index("## Agreements")


def test_report_markdown_empty_report_says_so():
    text = render_markdown(Report(corpus="c", articles=2, claims=3, model="fake", findings=()))
    assert "No contradiction or attribution conflict found." in text
    assert "No agreement found between sources." in text
    assert "Files not read" not in text


def test_report_markdown_conflicts_are_numbered_in_order():
    report = small_report()
    first = report.findings[0]
    second = first.model_copy(update={"id": "1111111111111111", "verdict": "attribution_conflict", "kind": "speaker"})
    text = render_markdown(report.model_copy(update={"findings": (first, second, report.findings[1])}))
    assert text.index("### 1. Contradiction (figure)") < text.index("### 2. Attribution conflict (speaker)")
    assert "| attribution conflict | 1 |" in text


def test_report_json_parses_back_to_the_same_findings():
    report = small_report()
    data = json.loads(render_json(report))
    assert data["schema_version"] == "1.2"
    assert data["summary"] == {"agreement": 1, "contradiction": 1, "attribution_conflict": 0}
    assert data["problems"] == [{"path": "scan.txt", "reason": "binary file (contains NUL bytes), not text"}]
    assert tuple(Finding.model_validate(f) for f in data["findings"]) == report.findings
    data.pop("summary")
    assert Report.model_validate(data) == report


def test_report_json_keeps_french_text_readable():
    text = render_json(small_report())
    assert "« mardi »" in text and "déclaration" in text  # ensure_ascii off: diffs stay legible
    assert text.endswith("\n")


def assert_golden(golden: Path, text: str) -> None:
    """``text`` is the golden file's; with CHECKER_REGENERATE_GOLDEN=1 it becomes it (the test then skips)."""
    if os.environ.get("CHECKER_REGENERATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.skip(f"regenerated {golden}: review the diff before committing")
    assert golden.is_file(), "missing golden file: CHECKER_REGENERATE_GOLDEN=1 pytest tests/report"
    assert text == golden.read_text(encoding="utf-8")


def test_report_markdown_matches_the_golden_file():
    assert_golden(GOLDEN, render_markdown(small_report()))


def test_report_markdown_prints_a_group_once_with_each_article_value():
    from checker.compare.merge import group_findings

    def ref(article, cid):
        return ClaimRef(article=article, text=f"Phrase {cid}.", start=0, end=9, claim_id=cid)

    def conflict(fid, a, b, conf):
        comp = SlotComparison(
            slot="date",
            left="2026-03-15 (« dimanche », inferred)",
            right="2026-03-14 (« samedi 14 mars »)",
            relation="conflict",
        )
        return Finding(
            id=fid,
            verdict="contradiction",
            kind="date",
            confidence=conf,
            explanation="Same vote, different date.",
            claims=(a, b),
            compared=(comp,),
        )

    odd = ref("e.txt", "odd")
    findings = group_findings(
        [conflict("f1", odd, ref("a.txt", "x"), 0.8), conflict("f2", odd, ref("b.txt", "y"), 0.7)]
    )
    text = render_markdown(Report(corpus="c", articles=3, claims=3, model="fake", findings=tuple(findings)))
    assert text.count("### ") == 1
    assert "The same discrepancy with other articles:" in text
    assert "**b.txt** [0–9] (14 March 2026 (“samedi 14 mars”)): Phrase y." in text
    assert "states: 15 March 2026 (“dimanche”)" in text


# ---------------------------------------------------------------- hostile text
HOSTILE = (
    "<script>alert(1)</script> <b>gras</b> <img src=x onerror=alert(2)> [lien](javascript:alert(3)) `code` "
    "**fort** _penché_ ~~barré~~ &lt;entité&gt; # titre | cellule \\ fin"
)
HOSTILE_NAME = "a|b <img src=x onerror=alert(4)>\n[x](javascript:y) `n`.txt"


def hostile_report(text: str = HOSTILE, name: str = HOSTILE_NAME) -> Report:
    """Every field that comes from an article or a file name holds ``text`` or ``name``."""
    from checker.models import EventGroup, TimelineEntry

    def ref(side):
        return ClaimRef(
            article=name,
            text=text,
            start=0,
            end=len(text),
            claim_id=f"c{side}",
            speaker=text,
            source=text,
            side=side,
        )

    conflict = Finding(
        id="0123456789abcdef",
        verdict="contradiction",
        kind="number",
        confidence=0.9,
        explanation=text,
        event=text,
        claims=(ref("a"), ref("b")),
        compared=(SlotComparison(slot="number", left=text, right=text, relation="conflict"),),
    )
    agreement = conflict.model_copy(update={"id": "fedcba9876543210", "verdict": "agreement", "kind": None})
    return Report(
        corpus=name,
        articles=2,
        claims=2,
        model="fake",
        findings=(conflict, agreement),
        problems=(ReadProblem(path=name, reason=text),),
        timeline=(TimelineEntry(date="2025-02-11", event=text, places=(text,), articles=(name,), claims=(ref("a"),)),),
        events=(
            EventGroup(
                id="e1",
                event=text,
                dates=(text,),
                places=(text,),
                articles=(name, "b.txt"),
                claim_ids=("ca", "cb"),
            ),
        ),
    )


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def test_report_markdown_escapes_hostile_article_text_and_file_names():
    text = render_markdown(hostile_report())
    for raw in (
        r"<script",
        r"</script",
        r"<b>",
        r"<img",
        r"\]\(javascript:",
        r"`code",
        r"\*\*fort",
        r"~~barré",
        r"&lt;",
        r"_penché",
        r"# titre",
    ):
        # no tag, link, code span, emphasis, entity or heading gets through unescaped
        assert not re.search(r"(?<!\\)" + raw, text), raw
    assert "\\<script\\>alert(1)\\</script\\>" in text  # shown as written, escaped
    table = None
    for line in text.splitlines():  # every table row has its header's number of cells: no | or newline leaks
        if line.startswith("|"):
            table = table if table is not None else _unescaped_pipes(line)
            assert _unescaped_pipes(line) == table, line
        else:
            table = None
        ours = ("# Discrepancy report: ", "## ", "### ", "<sub>")  # the report's own headings and id lines
        assert not line.startswith(("#", "<", "[")) or line.startswith(ours), line


def test_report_markdown_hostile_text_renders_as_text():
    """Through a CommonMark renderer with raw HTML allowed: the hostile text is text, the tables hold."""
    markdown_it = pytest.importorskip("markdown_it")
    html = (
        markdown_it.MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .render(render_markdown(hostile_report()))
    )
    for markup in (
        "<script",
        "<b>",
        "<img",
        "href=",
        "<code>n",
        "<code>code",
        "<strong>fort",
        "<em>penché",
        "<s>",
        "<h1>titre",
    ):
        assert markup not in html, markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;lt;entité&amp;gt;" in html  # an entity in the article is shown, not decoded
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert len({len(re.findall(r"<t[hd][ >]", row)) for row in rows}) == 1, table
