"""Metadata inferred from the text: date and weekday, agency, language, title."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ingest import build_article, canonical_agency, detect_language, normalise_date, read_corpus
from checker.ingest.readers import Document

SHARED = Path(__file__).parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
IA_SUMMIT = SHARED / "dev-cases" / "ia-summit" / "corpus"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
needs_ia_summit = pytest.mark.skipif(not IA_SUMMIT.is_dir(), reason=f"ia-summit dev case not found at {IA_SUMMIT}")


def _article(text: str):
    return build_article(Document(id="t.txt", text=text))


@pytest.fixture(scope="module")
def seeds():
    return {a.id[:3]: a for a in read_corpus(SEEDS).articles}


@needs_seeds
def test_ingest_inference_seed_003_month_from_marker_and_thursday(seeds):
    article = seeds["003"]
    assert (article.published, article.published_weekday) == ("2025-02", 3)
    assert "« date 2025-02 »" in article.published_basis
    assert "« aujourd’hui (jeudi) »" in article.published_basis


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "weekday", "evidence"),
    [("000", 1, "mardi"), ("001", 2, "mercredi"), ("002", 3, "ce jeudi"), ("004", 3, "jeudi")],
)
def test_ingest_inference_seed_weekday_without_date(seeds, seed, weekday, evidence):
    article = seeds[seed]
    assert (article.published, article.published_weekday) == (None, weekday)
    assert evidence in article.published_basis


@needs_seeds
def test_ingest_inference_seed_agencies(seeds):
    assert {k: a.agency for k, a in seeds.items()} == {
        "000": "Anadolu",  # « AA / Moscou / Elena Teslova »
        "001": "AFP",  # « auquel participait l'AFP »; not TASS, which one source spoke to
        "002": None,  # nothing names one
        "003": "AFP",  # « selon l'Agence France-Presse » in the first paragraph
        "004": "Anadolu",  # « adapté à partir d'une publication de Anadolu »
    }


@needs_seeds
def test_ingest_inference_seed_titles(seeds):
    assert seeds["000"].title.startswith("Kremlin : La Russie perçoit")
    assert seeds["001"].title is None  # the first line is a sentence
    assert (
        seeds["002"].title == "Poutine évoque un espoir de dialogue avec les États-Unis"
    )  # after « Table of Contents »
    assert seeds["004"].title.startswith("Russie : Négociations discrètes")  # after the ads


def test_ingest_inference_weekday_date_without_year_is_an_anchor():
    article = _article("Le sommet de Paris\n\nLe sommet s'est achevé mardi 11 février au Grand Palais.\n")
    assert (article.published, article.published_weekday) == ("--02-11", 1)
    assert article.published_basis == "« mardi 11 février » in the lead; year unknown: the text writes none"


def test_ingest_inference_english_weekday_date():
    article = _article("The summit ended on Tuesday, February 11, at the Grand Palais.\n")
    assert (article.published, article.published_weekday) == ("--02-11", 1)
    assert article.language == "en"


def test_ingest_inference_year_only_when_the_text_writes_it():
    text = "Le sommet s'est achevé mardi 11 février. Il fait suite à Bletchley Park en 2023 et Séoul en mai 2024.\n"
    article = _article(text)
    assert (article.published, article.published_weekday) == ("--02-11", 1)
    assert "year unknown" in article.published_basis
    dated = _article("Le sommet s'est achevé mardi 11 février. On attend la suite en 2025.\n")
    assert dated.published == "2025-02-11" and "year 2025 inferred" in dated.published_basis


def test_ingest_inference_background_year_does_not_date_the_article():
    # 2003 is the year after the one written, and 11 October 2003 was a Saturday: not a reason to date it so
    article = _article(
        "La vigilance rouge a été déclenchée samedi 11 octobre. En septembre 2002, les crues avaient fait 23 morts.\n"
    )
    assert article.published == "--10-11"


@needs_ia_summit
def test_ingest_inference_ia_summit_dates():
    by_id = {a.id: a for a in read_corpus(IA_SUMMIT).articles}
    assert (by_id["a_agence.txt"].published, by_id["a_agence.txt"].published_weekday) == ("--02-11", 1)
    assert (by_id["e_english.txt"].published, by_id["e_english.txt"].published_weekday) == ("--02-11", 1)
    assert (by_id["b_quotidien.txt"].published, by_id["b_quotidien.txt"].published_weekday) == (None, 1)


def test_ingest_inference_written_year_wins_over_weekday():
    article = _article("Le sommet s'est achevé le mercredi 11 février 2025.\n")
    assert (article.published, article.published_weekday) == ("2025-02-11", 1)
    assert "is a Tuesday: the written date is kept" in article.published_basis


def test_ingest_inference_partial_marker_completed_by_weekday_date():
    article = _article("date 2025-02 Le sommet s'est achevé mardi 11 février.\n")
    assert (article.published, article.published_weekday) == ("2025-02-11", 1)


@pytest.mark.parametrize(
    ("line", "published"),
    [("Publié le 11 février 2025 à 14h32, mis à jour à 15h10", "2025-02-11"),
     ("PARIS, le 11 février 2025", "2025-02-11"),
     ("Published: February 11, 2025", "2025-02-11"),
     ("Date : 2025-02-11", "2025-02-11")],
)  # fmt: skip
def test_ingest_inference_publication_lines(line, published):
    article = _article(f"{line}\nLe sommet s'est achevé au Grand Palais.\n")
    assert (article.published, article.published_weekday) == (published, 1)
    assert article.published_basis.startswith("marker «")


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("Le Kremlin a annoncé jeudi que les discussions reprendraient.", 3),
     ("Il se rendra à Moscou lundi prochain. Rien d'autre.", None),
     ("Comme chaque mardi, le conseil s'est réuni.", None),
     ("Aujourd'hui jeudi, le Kremlin a annoncé la reprise.", 3),
     ("Le président américain a parlé today (Friday) with the press.", 4)],
)  # fmt: skip
def test_ingest_inference_lone_and_deictic_weekdays(text, weekday):
    article = _article(text + "\n")
    assert article.published is None
    assert article.published_weekday == weekday


def test_ingest_inference_weekday_outside_the_lead_is_ignored():
    lines = ["Le Kremlin a confirmé des discussions."] * 4 + ["Lundi, il a déclaré autre chose."]
    assert _article("\n".join(lines)).published_weekday is None


def test_ingest_inference_boilerplate_is_not_the_lead():
    # The publication date of an ad or a footer is not the article's: « Publicité » lines are skipped.
    article = _article("Publicité\nPublicité pour Mesri\nTitre de l'article\nLe Kremlin a confirmé vendredi.\n")
    assert article.title == "Titre de l'article"
    assert article.published_weekday == 4


@pytest.mark.parametrize(
    ("text", "agency"),
    [("PARIS (AFP) - Le sommet s'est achevé.", "AFP"),
     ("MOSCOU, 25 février 2025 (Reuters) - Le Kremlin a déclaré.", "Reuters"),
     ("Le Kremlin a déclaré.\n(avec AFP)", "AFP"),
     ("Le Kremlin a déclaré, a constaté un journaliste de l'AFP.", "AFP"),
     ("Le Kremlin a déclaré, selon l'agence Xinhua.", "Xinhua"),
     ("Le Kremlin a déclaré.\nLe porte-parole a confirmé.\nPlus tard, selon l'AFP, il a démenti.", None),
     ("Dartchiev a annoncé mardi, à l'agence de presse officielle russe TASS, une réunion.", None),
     ("Ce contenu a été adapté à partir d'une publication de l'agence Interfax.", "Interfax")],
)  # fmt: skip
def test_ingest_inference_agency(text, agency):
    assert _article(text + "\n").agency == agency


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("AA", "Anadolu"), ("Agence Anadolu", "Anadolu"), ("l'Agence France-Presse", "AFP"), ("afp", "AFP"),
     ("Associated Press", "AP"), ("RIA Novosti", "RIA Novosti"), ("dpa", "DPA"), ("wire", None)],
)  # fmt: skip
def test_ingest_inference_canonical_agency(name, canonical):
    assert canonical_agency(name) == canonical


def test_ingest_inference_language():
    assert detect_language("The United States and the United Kingdom declined to sign the text.") == "en"
    assert detect_language("Les États-Unis et le Royaume-Uni n'ont pas signé le texte.") == "fr"
    assert detect_language("") == "fr"


def test_ingest_inference_title_rules():
    assert _article("Un titre court\nLe corps du texte.\n").title == "Un titre court"
    assert _article("Une phrase qui finit par un point.\nLa suite.\n").title is None
    assert _article(("Très long titre " * 15) + "\nLa suite.\n").title is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2025-02-11T09:30:00+01:00", "2025-02-11"), ("2025-02", "2025-02"), ("--02-11", "--02-11"),
     ("11 février 2025", "2025-02-11"), ("11/02/2025", "2025-02-11"), (2025, "2025"), ("11 février", None),
     ("n'importe quoi", None), ("2025-13", None)],
)  # fmt: skip
def test_ingest_inference_normalise_date(value, iso):
    assert normalise_date(value) == iso
