"""Independent outlets in both reports and both languages: copies of one dispatch and articles of one
outlet count once on each side of a discrepancy and in an agreement, and are marked; discrepancies are
ranked by confidence, then by the outlets on each side; the copy groups get a section of their own."""

from __future__ import annotations

import re

import pytest
from test_report_html import Page, grouped_report, ref
from test_report_markdown import AGREE_A, AGREE_B

from checker.models import ClaimRef, CopyGroup, Finding, Report, SlotComparison
from checker.report import render_html, render_markdown
from checker.report.grouping import Outlets, group_agreements, rank_discrepancies

COPIES = CopyGroup(articles=("a_agence.txt", "b_quotidien.txt"), agency="AFP", shared=0.91)


def copied_report() -> Report:
    """The grouped report, where b_quotidien.txt reprints a_agence.txt's AFP dispatch: the date's « samedi »
    side has two articles but one independent outlet; and b_quotidien.txt confirms the agreement too (three
    articles, two independent outlets)."""
    report = grouped_report()
    agreement = report.findings[3]
    third = agreement.model_copy(
        update={
            "id": "abababababababab",
            "confidence": 0.7,
            "claims": (
                agreement.claims[1],
                ClaimRef(article="b_quotidien.txt", text=AGREE_B, start=5, end=5 + len(AGREE_B), claim_id="b2"),
            ),
        }
    )
    return report.model_copy(
        update={
            "schema_version": "1.2",
            "findings": (*report.findings, third),
            "copies": (COPIES,),
            "outlets": {"e_regional.txt": "Ouest-Régional"},
        }
    )


def _discrepancy_md(text: str, n: int) -> str:
    return text.split(f"### {n}. ", 1)[1].split("\n### ", 1)[0]


def test_report_grouping_copies_count_once_on_each_side():
    (date, speaker) = rank_discrepancies(copied_report(), Outlets(copied_report()))
    assert [side.outlets for side in date.sides] == [1, 1]
    assert [[ref.article for ref in side.refs] for side in date.sides] == [
        ["e_regional.txt"],
        ["a_agence.txt", "b_quotidien.txt"],
    ]
    assert date.sides[1].units == (("a_agence.txt", "b_quotidien.txt"),)
    assert [side.outlets for side in speaker.sides] == [1, 1]
    # the same report saved before copies were found: two outlets say « samedi »
    (before, _) = rank_discrepancies(grouped_report(), Outlets(grouped_report()))
    assert [side.outlets for side in before.sides] == [1, 2]


def test_report_grouping_articles_of_one_outlet_count_once():
    report = grouped_report().model_copy(
        update={"outlets": {"a_agence.txt": "Le Soir", "b_quotidien.txt": "Le Soir", "c_hebdo.txt": "La Semaine"}}
    )
    (date, _) = rank_discrepancies(report, Outlets(report))
    assert [side.outlets for side in date.sides] == [1, 1]
    text = render_markdown(report)
    assert "| 14 March 2026 (“samedi 14 mars”) | 1 | a_agence.txt (Le Soir) + b_quotidien.txt (Le Soir) |" in text


@pytest.mark.parametrize(
    ("language", "header", "dispatch"),
    [
        ("en", "| states | independent outlets | articles |", "copy of the same dispatch"),
        ("fr", "| valeur | médias indépendants | articles |", "reprise de la même dépêche"),
    ],
)
def test_report_grouping_markdown_table_of_outlets_marks_copies(language, header, dispatch):
    first = _discrepancy_md(render_markdown(copied_report(), language), 1)
    table = first.split(header + "\n|---|---|---|\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [row.split(" | ")[1:] for row in table] == [
        ["1", "e_regional.txt (Ouest-Régional) |"],
        ["1", f"a_agence.txt + b_quotidien.txt ({dispatch}) |"],
    ]


@pytest.mark.parametrize(
    ("language", "dispatch", "confirmed"),
    [
        ("en", "copy of the same dispatch", "confirmed by 2 independent outlets"),
        ("fr", "reprise de la même dépêche", "confirmé par 2 médias indépendants"),
    ],
)
def test_report_grouping_html_table_of_outlets_and_agreements_count_copies_once(language, dispatch, confirmed):
    html = render_html(copied_report(), language)
    first = html.split('id="discrepancy-1"', 1)[1].split("</section>", 1)[0]
    sides = first.split('<table class="sides">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td.*?</tr>", sides)
    assert [re.findall(r"</td><td>(\d+)</td>", row) for row in rows] == [["1"], ["1"]]
    assert f'<span class="article">b_quotidien.txt</span> ({dispatch})</td>' in rows[1]
    assert "(Ouest-Régional)" in rows[0]
    agreements = html.split("<h2>", 3)[2].split("</table>", 1)[0]
    (row,) = re.findall(r'<tr class="item".*?</tr>', agreements)  # three agreeing articles: one fact, one row
    assert f"<td>{confirmed}</td>" in row and 'data-articles="0 1 2"' in row
    assert f'<span class="offsets">[5–{5 + len(AGREE_B)}]</span> ({dispatch})</td>' in row
    assert all(len(set(cells)) == 1 for cells in Page(html).tables)


@pytest.mark.parametrize(
    ("language", "confirmed", "same_fact"),
    [
        ("en", "confirmed by 1 independent outlet", "Same fact in both articles"),
        ("fr", "confirmé par 1 média indépendant", "Même fait dans les deux articles"),
    ],
)
def test_report_grouping_agreement_between_copies_is_one_outlet(language, confirmed, same_fact):
    report = copied_report()
    agreement = report.findings[3].model_copy(
        update={
            "claims": (
                ClaimRef(article="a_agence.txt", text=AGREE_B, start=300, end=300 + len(AGREE_B), claim_id="a2"),
                ClaimRef(article="b_quotidien.txt", text=AGREE_B, start=200, end=200 + len(AGREE_B), claim_id="b9"),
            )
        }
    )
    copied = report.model_copy(update={"findings": (agreement,)})
    row = render_markdown(copied, language).split("|---|---|---|---|\n", 1)[1].splitlines()[0]
    assert row.endswith(f" | {confirmed} |") and same_fact in row
    assert "a_agence.txt [300–372] + b_quotidien.txt [200–272] (" in row
    assert f"<td>{confirmed}</td>" in render_html(copied, language)


def test_report_grouping_three_articles_agreeing_are_one_fact():
    (fact,) = group_agreements(copied_report(), Outlets(copied_report()))
    assert [f.id for f in fact.findings] == ["fedcba9876543210", "abababababababab"]  # the strongest first
    assert [r.article for r in fact.refs] == ["c_hebdo.txt", "a_agence.txt", "b_quotidien.txt"]
    assert fact.units == (("c_hebdo.txt",), ("a_agence.txt", "b_quotidien.txt"))
    text = render_markdown(copied_report())
    assert "| 0.80 | Same fact in 3 articles (figure: 109 milliards). |" in text
    assert "| confirmed by 2 independent outlets |" in text
    assert "Même fait dans 3 articles (chiffre : 109 milliards)." in render_markdown(copied_report(), "fr")
    assert f"c_hebdo.txt [0–{len(AGREE_A)}], a_agence.txt [300–372] + b_quotidien.txt [5–77] (copy" in text


def _conflict(fid: str, confidence: float, *articles: str) -> list[Finding]:
    """One article against the others on a figure: one finding per other article, one group."""
    comparison = SlotComparison(
        slot="number", left="40 pays (40 country)", right="55 pays (55 country)", relation="conflict"
    )
    odd = ref(articles[0], f"{fid}: 40 pays.", "a")
    return [
        Finding(
            id=f"{fid}{n}",
            verdict="contradiction",
            kind="number",
            confidence=confidence - n / 1000,
            explanation="e",
            claims=(odd, ref(other, f"{fid}: 55 pays.", "b")),
            group=f"{fid}0",
            compared=(comparison,),
        )
        for n, other in enumerate(articles[1:])
    ]


def test_report_grouping_ranks_by_confidence_then_by_independent_outlets():
    findings = (
        *_conflict("x", 0.80, "x1.txt", "x2.txt"),  # 0.80, one against one
        *_conflict("y", 0.804, "y1.txt", "y2.txt", "y3.txt", "y4.txt"),  # 0.80 as written, one against three
        *_conflict("z", 0.801, "z1.txt", "z2.txt", "z3.txt"),  # 0.80, one against two copies: one against one
        *_conflict("w", 0.9, "w1.txt", "w2.txt"),  # the most confident, however few
    )
    report = Report(
        corpus="c",
        articles=11,
        claims=11,
        model="fake",
        findings=findings,
        copies=(CopyGroup(articles=("z2.txt", "z3.txt"), shared=1.0),),
    )
    ranked = rank_discrepancies(report, Outlets(report))
    assert [d.lead.id for d in ranked] == ["w0", "y0", "x0", "z0"]
    assert [[s.outlets for s in d.sides] for d in ranked] == [[1, 1], [1, 3], [1, 1], [1, 1]]
    text = render_markdown(report)
    where = [text.index(f"{fid}: 40 pays.") for fid in "wyxz"]
    assert where == sorted(where)
    html = render_html(report)
    where = [html.index(f'<span class="article">{fid}1.txt</span>') for fid in "wyxz"]
    assert where == sorted(where)


@pytest.mark.parametrize(
    ("language", "heading", "row"),
    [
        ("en", "## Copies of one dispatch", "| AFP | a_agence.txt, b_quotidien.txt | 91% |"),
        ("fr", "## Reprises d'une même dépêche", "| AFP | a_agence.txt, b_quotidien.txt | 91 % |"),
    ],
)
def test_report_grouping_copies_have_a_section_of_their_own(language, heading, row):
    text = render_markdown(copied_report(), language)
    assert heading in text and row in text.split(heading, 1)[1]
    assert heading not in render_markdown(grouped_report(), language)  # no copies, no section
    html = render_html(copied_report(), language)
    copies = html.split('<table class="copies">', 1)[1].split("</table>", 1)[0]
    assert "<td>AFP</td>" in copies and '<span class="article">b_quotidien.txt</span>' in copies


def test_report_grouping_outlet_names_are_escaped():
    hostile = "<script>alert(1)</script> | *x*"
    report = copied_report().model_copy(update={"outlets": {"e_regional.txt": hostile}})
    text = render_markdown(report)
    assert "(\\<script\\>alert(1)\\</script\\> \\| \\*x\\*)" in text and "<script>" not in text
    html = render_html(report)
    assert "(&lt;script&gt;alert(1)&lt;/script&gt; | *x*)" in html and html.count("<script>") == 1


def test_report_grouping_agreements_join_the_strongest_not_a_chain():
    """a~b (0.9), b~c (0.8), c~d (0.7): b~c joins a~b (it holds b), c~d does not (it shares c with b~c
    only): a chain of shared claims would make one "fact" of a whole article."""
    base = grouped_report()
    agreement = base.findings[3]

    def agree(fid: str, confidence: float, x: str, y: str) -> Finding:
        claims = (
            ClaimRef(article=f"{x}.txt", text=f"{x}.", start=0, end=2, claim_id=x),
            ClaimRef(article=f"{y}.txt", text=f"{y}.", start=0, end=2, claim_id=y),
        )
        return agreement.model_copy(update={"id": fid, "confidence": confidence, "claims": claims, "compared": ()})

    report = base.model_copy(
        update={"findings": (agree("ab", 0.9, "a", "b"), agree("bc", 0.8, "b", "c"), agree("cd", 0.7, "c", "d"))}
    )
    facts = group_agreements(report, Outlets(report))
    assert [[f.id for f in fact.findings] for fact in facts] == [["ab", "bc"], ["cd"]]
