"""Reports in the corpus's language: a French corpus gets a French report (markdown and HTML) with its
values written as a French reader writes them, and no English gloss or internal notation; an English
corpus gets an English report; ``language`` (the CLI's --lang) chooses another.

The golden files change only on purpose: CHECKER_REGENERATE_GOLDEN=1 pytest tests/report
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_report_markdown import assert_golden

from checker.errors import ConfigError
from checker.models import ClaimRef, CopyGroup, EventGroup, Finding, Report, SlotComparison, TimelineEntry
from checker.report import render_html, render_markdown
from checker.report.sentences import event_name, short_phrase
from checker.report.values import place_name, write_date, write_value
from checker.report.words import report_language

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _ref(article: str, text: str, side: str, cid: str, **extra: str) -> ClaimRef:
    return ClaimRef(article=article, text=text, start=0, end=len(text), claim_id=cid, side=side, **extra)


def _finding(fid, verdict, kind, confidence, explanation, a, b, *compared, event=None) -> Finding:
    return Finding(
        id=fid,
        verdict=verdict,
        kind=kind,
        confidence=confidence,
        explanation=explanation,
        event=event,
        claims=(a, b),
        compared=compared,
    )


def corpus_report(language: str, sentences: dict[str, str]) -> Report:
    """One finding of each kind, a timeline and an event, with the slot labels and explanations the
    comparison writes (English glosses, ISO and yearless dates, « GB: signer (denied) », « Seoul < … »);
    the two articles that agree are copies of one AFP dispatch, one of them printed by a named outlet."""
    s = sentences
    figure = _finding(
        "f1f1f1f1f1f1f1f1",
        "contradiction",
        "number",
        0.85,
        "Same fact, different figure: Soixante et un pays (61 country) vs 58 pays (58 country) "
        "(pair judge: contradiction 0.85).",
        _ref("agence.txt", s["sixty_one"], "a", "c1"),
        _ref("quotidien.txt", s["fifty_eight"], "b", "c2", source="AFP"),
        SlotComparison(slot="number", left=s["sixty_one_label"], right=s["fifty_eight_label"], relation="conflict"),
        SlotComparison(slot="place", left=s["seoul_label"], right=s["seoul_label"], relation="equal"),
        event="statement (tonne, lourd, cargo, transporter)",
    )
    date = _finding(
        "d1d1d1d1d1d1d1d1",
        "contradiction",
        "date",
        0.8,
        "Same fact, different date: 2025-02-11 vs --02-18 (pair judge: contradiction 0.80).",
        _ref("agence.txt", s["tuesday"], "a", "c3"),
        _ref("hebdo.txt", s["eighteenth"], "b", "c4"),
        SlotComparison(slot="date", left=s["tuesday_label"], right=s["eighteenth_label"], relation="conflict"),
    )
    polarity = _finding(
        "p1p1p1p1p1p1p1p1",
        "contradiction",
        "polarity",
        0.9,
        "Same fact, different outcome: GB: signer (affirmed) vs GB: signer (denied) (pair judge: contradiction 0.90).",
        _ref("agence.txt", s["signed"], "a", "c5"),
        _ref("quotidien.txt", s["not_signed"], "b", "c6"),
        SlotComparison(slot="polarity", left="GB: signer (affirmed)", right="GB: signer (denied)", relation="conflict"),
    )
    order = _finding(
        "o1o1o1o1o1o1o1o1",
        "contradiction",
        "order",
        0.8,
        "Order of events: one source has Seoul before Bletchley Park (« après »), the other Bletchley Park "
        "before Seoul (« avant »).",
        _ref("hebdo.txt", s["after"], "a", "c7"),
        _ref("quotidien.txt", s["before"], "b", "c8"),
        SlotComparison(
            slot="order", left="Seoul < Bletchley Park", right="Bletchley Park < Seoul", relation="conflict"
        ),
    )
    alone = _finding(
        "a1a1a1a1a1a1a1a1",
        "contradiction",
        "other",
        0.82,
        "The pair judge reads both sentences as the same fact told incompatibly (probability 0.82); the judge "
        "decided alone: no extracted value (figure, date, place, negation) names the difference, read both sentences.",
        _ref("agence.txt", s["cargo"], "a", "c9"),
        _ref("hebdo.txt", s["cargo_other"], "b", "c10"),
        event="statement (tonne, lourd, cargo, transporter)",
    )
    speaker = _finding(
        "s1s1s1s1s1s1s1s1",
        "attribution_conflict",
        "speaker",
        0.64,
        "The same words « Nous ne signerons pas » credited to different speakers: Dmitri Peskov vs Iouri Ouchakov.",
        _ref("agence.txt", s["peskov"], "a", "c11", speaker="Dmitri Peskov"),
        _ref("hebdo.txt", s["ouchakov"], "b", "c12", speaker="Iouri Ouchakov"),
        SlotComparison(slot="speaker", left="Dmitri Peskov", right="Iouri Ouchakov", relation="conflict"),
    )
    agreement = _finding(
        "g1g1g1g1g1g1g1g1",
        "agreement",
        None,
        0.8,
        "Both report the same fact (pair judge: agreement 0.80): figure 61 pays (61 country) ~ 61 pays (61 country).",
        _ref("agence.txt", s["sixty_one_digits"], "a", "c13"),
        _ref("regional.txt", s["sixty_one_digits"], "b", "c14"),
        SlotComparison(slot="number", left=s["digits_label"], right=s["digits_label"], relation="equal"),
        SlotComparison(slot="date", left=s["tuesday_label"], right=s["tuesday_label"], relation="equal"),
    )
    return Report(
        corpus="corpus/sommet",
        articles=4,
        claims=30,
        model="e5-small",
        findings=(figure, date, polarity, order, alone, speaker, agreement),
        timeline=(
            TimelineEntry(
                date="--02-18",
                event="summit",
                places=("Seoul",),
                articles=("hebdo.txt",),
                claims=(_ref("hebdo.txt", s["eighteenth"], "b", "c4"),),
            ),
            TimelineEntry(
                date="2025-02-11",
                event="summit (sommet, déclaration)",
                places=("Seoul",),
                articles=("agence.txt",),
                claims=(_ref("agence.txt", s["tuesday"], "a", "c3"),),
            ),
        ),
        events=(
            EventGroup(
                id="e1",
                event="statement (tonne, lourd, cargo, transporter)",
                dates=("2025-02-11", "--02-18"),
                places=("Seoul",),
                articles=("agence.txt", "hebdo.txt"),
                claim_ids=("c9", "c10"),
                findings=("a1a1a1a1a1a1a1a1",),
            ),
        ),
        language=language,
        copies=(CopyGroup(articles=("agence.txt", "regional.txt"), agency="AFP", shared=0.87),),
        outlets={"regional.txt": "Ouest-France"},
    )


FRENCH = {
    "sixty_one": "Soixante et un pays ont signé mardi la déclaration finale du sommet de Séoul.",
    "fifty_eight": "La déclaration finale du sommet de Séoul a été signée par 58 pays.",
    "sixty_one_label": "Soixante et un pays (61 country)",
    "fifty_eight_label": "58 pays (58 country)",
    "seoul_label": "Séoul (Seoul)",
    "tuesday": "Le texte a été adopté mardi à Séoul.",
    "tuesday_label": "2025-02-11 (« mardi », inferred)",
    "eighteenth": "Le texte a été adopté le 18 février à Séoul.",
    "eighteenth_label": "--02-18 (« 18 février »)",
    "signed": "Le Royaume-Uni a signé la déclaration de Séoul.",
    "not_signed": "Le Royaume-Uni n'a pas signé la déclaration de Séoul.",
    "after": "Le sommet de Séoul s'est tenu après celui de Bletchley Park.",
    "before": "Le sommet de Séoul s'est tenu avant celui de Bletchley Park.",
    "cargo": "Le cargo transportait une tonne de matériel lourd vers le port de Marioupol ce matin-là.",
    "cargo_other": "Le cargo est reparti à vide, sans matériel lourd à bord.",
    "peskov": "« Nous ne signerons pas », a déclaré Dmitri Peskov.",
    "ouchakov": "« Nous ne signerons pas », a déclaré Iouri Ouchakov.",
    "sixty_one_digits": "61 pays ont signé la déclaration.",
    "digits_label": "61 pays (61 country)",
}
ENGLISH = {
    "sixty_one": "Sixty-one countries signed the final declaration of the Seoul summit on Tuesday.",
    "fifty_eight": "The final declaration of the Seoul summit was signed by 58 countries.",
    "sixty_one_label": "Sixty-one countries (61 country)",
    "fifty_eight_label": "58 countries (58 country)",
    "seoul_label": "Seoul (Seoul)",
    "tuesday": "The text was adopted on Tuesday in Seoul.",
    "tuesday_label": "2025-02-11 (« Tuesday », inferred)",
    "eighteenth": "The text was adopted on 18 February in Seoul.",
    "eighteenth_label": "--02-18 (« 18 February »)",
    "signed": "The United Kingdom signed the Seoul declaration.",
    "not_signed": "The United Kingdom did not sign the Seoul declaration.",
    "after": "The Seoul summit was held after the one at Bletchley Park.",
    "before": "The Seoul summit was held before the one at Bletchley Park.",
    "cargo": "The freighter carried a tonne of heavy equipment to the port of Mariupol that morning.",
    "cargo_other": "The freighter left empty, with no heavy equipment on board.",
    "peskov": "“We will not sign,” said Dmitri Peskov.",
    "ouchakov": "“We will not sign,” said Yuri Ushakov.",
    "sixty_one_digits": "61 countries signed the declaration.",
    "digits_label": "61 countries (61 country)",
}


def french_report() -> Report:
    return corpus_report("fr", FRENCH)


def english_report() -> Report:
    return corpus_report("en", ENGLISH)


class _Text(HTMLParser):
    """The text a browser shows (script and style left out): what an editor reads of the page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in {"script", "style"}

    def handle_endtag(self, tag):
        self.skip -= tag in {"script", "style"}

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _shown(fmt: str, report: Report, language: str | None = None) -> str:
    """What an editor reads of the report, less the article names and the finding ids (which are no words)."""
    if fmt == "md":
        text = render_markdown(report, language)
    else:
        text = "\n".join(_Text(render_html(report, language)).parts)
    return re.sub(r"`[0-9a-z]{16}`|[0-9a-z]{16}\b", "", text)


# Glosses and notations of the JSON's labels, English words of the English report: none may reach a French reader.
NOT_FRENCH = [
    "(denied)", "(affirmed)", " < ", "country)", "inferred", "statement", "tonne, lourd", "summit",
    "Agreement", "agreement", "Attribution conflict", "attribution conflict", "confidence", "figure", "Same fact",
    "pair judge", "decided alone", "Discrepancy", "discrepanc", "Conflicts", "Timeline", "Events", "speaker",
    "states", "finding", "GB:", "signer (",
]  # fmt: skip
NOT_ENGLISH = [
    "Rapport", "Divergences", "Même fait", "confiance", "affirmations", "l'un dit", "l'autre", "février",
    "Chronologie", "Événements", "Accords", "juge", "(denied)", "(affirmed)", " < ", "country)", "inferred",
    "statement (", "GB:",
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_language_a_french_corpus_reads_in_french_without_gloss_or_notation(fmt):
    shown = _shown(fmt, french_report())
    assert [w for w in NOT_FRENCH if w in shown] == []
    assert not re.search(r"\d{4}-\d{2}(-\d{2})?|--\d{2}-\d{2}", shown)  # no ISO date, no yearless --MM-DD
    assert not re.search(r"\b0\.\d", shown)  # decimal commas: « 0,85 »
    for wanted in (
        "Rapport de divergences : corpus/sommet",
        "Contradiction (chiffre), confiance 0,85",
        "Même fait, mais pas le même chiffre : l'un dit Soixante et un pays (61), l'autre 58 pays.",
        "Même fait, mais pas la même date : l'un dit 11 février 2025 (« mardi »), l'autre 18 février.",
        "l'un dit que le Royaume-Uni a signé, l'autre que le Royaume-Uni n'a pas signé.",
        "l'un place Séoul avant Bletchley Park, l'autre Bletchley Park avant Séoul.",
        "Le juge de paires lit les deux phrases comme le même fait raconté de façon incompatible (probabilité 0,82) ; "
        "aucune valeur extraite ne nomme la différence : lisez les deux phrases.",
        "Les mêmes propos, attribués à deux personnes : Dmitri Peskov dans l'un, Iouri Ouchakov dans l'autre.",
        "Conflit d'attribution (auteur des propos), confiance 0,64",
        "Même fait dans les deux articles (chiffre : 61 pays ; date : 11 février 2025 (« mardi »)).",
        "Accords",
    ):
        assert wanted in shown, wanted


def test_report_language_french_markdown_names_events_by_their_words_and_dates_as_written():
    text = render_markdown(french_report())
    assert "## Chronologie" in text and "## Événements" in text
    assert "| 18 février | sommet | Séoul | hebdo.txt |" in text  # a yearless date reads « 18 février »
    assert "| 11 février 2025 | Le texte a été adopté mardi à Séoul. | Séoul | agence.txt |" in text
    # an event named by shared words is named by the first words of a sentence that reports it
    assert "| Le cargo transportait une tonne de matériel lourd … | 11 février 2025, 18 février | Séoul |" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_language_an_english_corpus_reads_in_english(fmt):
    shown = _shown(fmt, english_report())
    assert [w for w in NOT_ENGLISH if w in shown] == []
    assert not re.search(r"\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}", shown)
    for wanted in (
        "Discrepancy report: corpus/sommet",
        "Contradiction (figure), confidence 0.85",
        "Same fact, but not the same figure: one says Sixty-one countries (61), the other 58 countries.",
        "one says 11 February 2025 (“Tuesday”), the other 18 February.",
        "one says the United Kingdom signed, the other that the United Kingdom did not sign.",
        "one puts Seoul before Bletchley Park, the other Bletchley Park before Seoul.",
        "The pair judge reads both sentences as the same fact told incompatibly (probability 0.82); "
        "no extracted value names the difference: read both sentences.",
        "The same words, credited to two speakers: Dmitri Peskov in one, Iouri Ouchakov in the other.",
    ):
        assert wanted in shown, wanted


def test_report_language_is_the_one_asked_for_else_the_corpus_one_else_english():
    french = french_report()
    assert render_markdown(french, "en").startswith("# Discrepancy report: corpus/sommet\n")
    assert '<html lang="fr">' in render_html(french) and '<html lang="en">' in render_html(french, "en")
    assert render_markdown(english_report(), "fr").startswith("# Rapport de divergences : corpus/sommet\n")
    assert report_language(french.model_copy(update={"language": None})) == "en"  # saved before it was recorded
    assert report_language(french.model_copy(update={"language": "de"})) == "en"  # no report in German
    with pytest.raises(ConfigError, match="no report in 'de'"):
        render_markdown(french, "de")


def test_report_language_main_language_of_the_articles():
    assert Report.main_language(["fr", "en", "fr"]) == "fr"
    assert Report.main_language(["en", "en", "fr"]) == "en"
    assert Report.main_language(["en", "fr"]) == "fr"  # French first on a tie
    assert Report.main_language([]) is None


# ---------------------------------------------------------------- values as a reader writes them
@pytest.mark.parametrize(
    "value, french, english",
    [
        ("2025-02-18", "18 février 2025", "18 February 2025"),
        ("--02-11", "11 février", "11 February"),
        ("2025-03-01", "1er mars 2025", "1 March 2025"),
        ("2022-02", "février 2022", "February 2022"),
        ("2025", "2025", "2025"),
        ("2025-02-10..2025-02-12", "du 10 au 12 février 2025", "10–12 February 2025"),
        ("2025-02-28..2025-03-02", "du 28 février au 2 mars 2025", "28 February – 2 March 2025"),
        ("2025-04..2025-06", "d'avril à juin 2025", "April – June 2025"),
        ("2025-13-01", "2025-13-01", "2025-13-01"),  # not a date: as it is
    ],
)
def test_report_language_dates(value, french, english):
    assert (write_date(value, "fr"), write_date(value, "en")) == (french, english)


@pytest.mark.parametrize(
    "slot, label, sentence, french, english",
    [
        ("number", "61 pays (61 country)", "", "61 pays", "61 pays"),
        ("number", "Soixante et un pays (61 country)", "", "Soixante et un pays (61)", "Soixante et un pays (61)"),
        (
            "number",
            "un million et demi (1.5e+06 person)",
            "",
            "un million et demi (1 500 000)",
            "un million et demi (1,500,000)",
        ),
        (
            "number",
            "environ trente pour cent (~30 percent)",
            "",
            "environ trente pour cent (environ 30)",
            "environ trente pour cent (about 30)",
        ),
        ("place", "Ryad (Riyadh)", "", "Ryad", "Ryad"),
        ("date", "2026-03-14 (« samedi 14 mars »)", "", "14 mars 2026", "14 March 2026 (“samedi 14 mars”)"),
        (
            "polarity",
            "US, GB: signer (denied)",
            "",
            "les États-Unis et le Royaume-Uni n'ont pas signé",
            "the United States and the United Kingdom did not sign",
        ),
        ("polarity", "FR: venir (denied)", "", "la France n'est pas venue", "France did not come"),
        (
            "polarity",
            "gouvernement: annoncer (affirmed)",
            "Le gouvernement a annoncé",
            "Le gouvernement a annoncé",
            "Le gouvernement announced",
        ),
        ("order", "Seoul < Bletchley Park", "après Séoul", "Séoul avant Bletchley Park", "Séoul before Bletchley Park"),
        (
            "role",
            "racheter: agent alpha, patient beta",
            "Alpha a racheté Beta.",
            "Alpha a racheté Beta",
            "Alpha bought Beta",
        ),
        ("speaker", "Dmitri Peskov", "", "Dmitri Peskov", "Dmitri Peskov"),
        ("time", "18:30 (« peu après 18 h 30 »)", "", "« peu après 18 h 30 »", "“peu après 18 h 30”"),
        ("time", "01:40 GMT (« at 0140 »)", "", "« at 0140 » GMT", "“at 0140” GMT"),
        ("number", "<b>x</b>", "", "<b>x</b>", "<b>x</b>"),  # a label it cannot read: as it is
    ],
)
def test_report_language_values(slot, label, sentence, french, english):
    assert write_value(slot, label, "fr", sentence) == french
    assert write_value(slot, label, "en", sentence) == english


def test_report_language_places_as_the_reader_writes_them():
    assert place_name("Seoul", ["Le sommet de Séoul s'est ouvert."], "en") == "Séoul"  # as the article writes it
    assert (place_name("Riyadh", [], "fr"), place_name("Riyadh", [], "en")) == ("Riyad", "Riyadh")
    assert place_name("Saudi Arabia", [], "fr") == "Arabie saoudite"
    assert place_name("Nantes", [], "fr") == "Nantes"


def test_report_language_countries_the_gazetteer_names_otherwise_are_french_too():
    """The gazetteer's own names of two countries differ from the table's English (« The Netherlands » with its
    article, « Palestinian Territory »): a French report still writes them in French."""
    from checker.extract.places import resolve_place

    for written, french in (("Pays-Bas", "Pays-Bas"), ("Palestine", "Palestine"), ("Royaume-Uni", "Royaume-Uni")):
        assert place_name(resolve_place(written).name, [], "fr") == french
    # in English the gazetteer's article is written as in a sentence (« in the Netherlands »), other names as they are
    assert place_name(resolve_place("Pays-Bas").name, [], "en") == "the Netherlands"
    assert place_name("Thessaloniki", [], "en") == "Thessaloniki"


def test_report_language_events_named_by_words_not_keyword_lists():
    long = "Le cargo transportait une tonne de matériel lourd vers le port de Marioupol."
    assert short_phrase(long) == "Le cargo transportait une tonne de matériel lourd …"
    assert short_phrase("Le vote a eu lieu.") == "Le vote a eu lieu."
    assert event_name("statement (tonne, lourd, cargo, transporter)", long, "fr").endswith("lourd …")
    assert event_name("vote (délégué, nantes)", None, "fr") == "vote"  # no sentence: its type, named
    assert (event_name("summit", None, "fr"), event_name("summit", None, "en")) == ("sommet", "summit")


def test_report_language_french_markdown_matches_the_golden_file():
    assert_golden(GOLDEN / "report_french.md", render_markdown(french_report()))


def test_report_language_french_html_matches_the_golden_file():
    assert_golden(GOLDEN / "report_french.html", render_html(french_report()))


@pytest.mark.parametrize("render", [render_markdown, render_html])
def test_report_language_says_which_thresholds_decided_and_nothing_for_an_older_report(render):
    french = french_report()
    assert "Seuils" not in render(french) and "thresholds" not in render(french, "en")  # saved before the choice
    cautious, wide = (french.model_copy(update={"thresholds": t}) for t in ("cautious", "wide"))
    assert "Seuils prudents (--thresholds cautious)" in render(cautious)
    assert "Seuils larges (--thresholds wide)" in render(wide)
    assert "Wide thresholds (--thresholds wide): more contradictions said" in render(wide, "en")


def test_report_language_a_time_of_day_conflict_reads_as_a_time_in_both_languages():
    from checker.report.sentences import finding_sentence

    left = _ref("a.txt", "La coupure est survenue à 17 h 48.", "a", "c1")
    right = _ref("b.txt", "Tout s'est arrêté peu après 18 h 30.", "b", "c2")
    comparison = SlotComparison(
        slot="time", left="17:48 (« à 17 h 48 »)", right="18:30 (« peu après 18 h 30 »)", relation="conflict"
    )
    found = _finding("f1", "contradiction", "date", 0.4, "…", left, right, comparison)
    assert found.conflict() == comparison  # a date conflict may rest on the times of day
    assert finding_sentence(found, "fr") == (
        "Même fait, mais pas la même heure : l'un dit « à 17 h 48 », l'autre « peu après 18 h 30 »."
    )
    assert "not the same time of day" in finding_sentence(found, "en")
