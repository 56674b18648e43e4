"""Boilerplate spans on the real seed articles and on the English equivalents."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.ingest import find_boilerplate
from checker.ingest.boilerplate import RULES, scan_boilerplate

SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _covered(text: str, phrase: str, language: str = "fr") -> bool:
    """Whether every character of ``phrase`` (first occurrence) lies inside a boilerplate span."""
    start = text.index(phrase)
    spans = find_boilerplate(text, language)
    return any(s.start <= start and start + len(phrase) <= s.end for s in spans)


def _pieces(text: str, language: str = "fr") -> list[str]:
    return [text[s.start : s.end] for s in find_boilerplate(text, language)]


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "phrase"),
    [
        ("000", "Moscow City"),
        ("000", "AA / Moscou / Elena Teslova"),
        ("000", "*Traduit de l’Anglais par Mourad Belhaj"),
        ("000", "Seulement une partie des dépêches"),
        ("000", "Contactez-nous s'il vous plaît pour vous abonner."),
        ("002", "Table of Contents"),
        ("003", "date 2025-02"),
        ("004", "Publicité pour Mesri_Juillet"),
        ("004", "Ce contenu a été adapté à partir d’une publication de Anadolu et traduit par Alex Sinhan Bogmis."),
        ("004", "Votre avis sera publié et visible par des milliers de lecteurs."),
        ("004", "Dans le même thême"),
        ("004", "Laisser un commentaire"),
    ],
)
def test_ingest_boilerplate_seed_phrase_is_covered(seed, phrase):
    assert _covered(_seed(seed), phrase)


@needs_seeds
@pytest.mark.parametrize(
    ("seed", "phrase"),
    [
        ("000", "Le porte-parole du Kremlin, Dmitri Peskov, a déclaré, mardi"),
        ("000", "Kremlin : La Russie perçoit"),
        ("000", "Lors d'un point de presse tenu à Moscou"),
        ("002", "Poutine évoque un espoir de dialogue"),
        ("002", "Des signes d’un rapprochement"),  # a subheading: not reporting, but not boilerplate either
        ("003", "Le Kremlin a annoncé aujourd’hui (jeudi)"),
        ("004", "Interrogé sur une potentielle rencontre entre Poutine et Witkoff"),
        ("004", "resterait confidentiel."),
    ],
)
def test_ingest_boilerplate_seed_reporting_is_not_covered(seed, phrase):
    assert not _covered(_seed(seed), phrase)


@needs_seeds
def test_ingest_boilerplate_credit_sentence_cut_from_its_paragraph():
    text = _seed("004")
    line = next(line for line in text.splitlines() if "Ce contenu a été adapté" in line)
    credit = "Ce contenu a été adapté à partir d’une publication de Anadolu et traduit par Alex Sinhan Bogmis."
    assert line.endswith(credit) and not line.startswith("Ce contenu")
    assert credit in _pieces(text)


@needs_seeds
def test_ingest_boilerplate_agency_footer_is_one_span():
    text = _seed("000")
    footer = text[text.index("Seulement une partie") :]
    assert footer in _pieces(text)  # two sentences on one line, merged


@needs_seeds
def test_ingest_boilerplate_seeds_001_has_none():
    assert _pieces(_seed("001")) == []


@needs_seeds
def test_ingest_boilerplate_marker_is_only_the_prefix_of_its_line():
    text = _seed("003")
    assert _pieces(text) == ["date 2025-02"]


@pytest.mark.parametrize(
    "line",
    ["Advertisement", "Subscribe", "Subscribe now to keep reading", "Read more", "Read more: Macron hosts summit",
     "Leave a comment", "Leave a reply", "Share this", "Share this article", "Follow us on X", "Facebook Twitter Email",
     "Related articles", "Table of Contents", "Continue reading"],
)  # fmt: skip
def test_ingest_boilerplate_english_equivalents(line):
    text = f"Macron hosted the summit on Tuesday.\n{line}\nThe declaration was signed by 58 countries.\n"
    assert _pieces(text, "en") == [line]


@pytest.mark.parametrize(
    "line",
    ["Publicité", "PUBLICITÉ", "À lire aussi : le sommet de Séoul", "Abonnez-vous", "Partager sur Facebook",
     "Suivez-nous sur Instagram", "Par Jean Dupont", "Par Jean Dupont, avec AFP", "(avec AFP)", "Sommaire",
     "Traduit de l'anglais par Marie Martin", "PARIS, le 11 février 2025", "Publié le 11 février 2025 à 14h32",
     "Le Journal de Bruxelles - Publié le mercredi 9 décembre 2026",
     "Par Camille Rouxel - Publié le jeudi 14 mai 2026 à 06h00",
     "Le Courrier belge - Politique - Publié le jeudi 4 juin 2026 à 06h30",
     "L'Hebdo du Sud-Est - Publié le mercredi 20 mai 2026"],
)  # fmt: skip
def test_ingest_boilerplate_french_lines(line):
    text = f"Le sommet s'est achevé mardi.\n{line}\nLa déclaration a été signée par 58 pays.\n"
    assert _pieces(text) == [line]


@pytest.mark.parametrize(
    "line",
    ["Par ailleurs, le Royaume-Uni a signé le texte.", "Publié en 2019, le rapport montrait une hausse.",
     "Le président a partagé sa vision de l'IA.", "IA : à Paris, un sommet sous le signe des divisions",
     "Les abonnés de la plateforme ont doublé en un an.",
     "Le rapport de la Cour des comptes - publié le 3 mars - montrait une hausse de 12 % des dépenses."],
)  # fmt: skip
def test_ingest_boilerplate_reporting_lines_are_kept(line):
    assert _pieces(f"{line}\n") == []


def test_ingest_boilerplate_language_tagged_rules_apply_to_their_language_only():
    text = "Votre avis sera publié après modération.\n"
    assert _pieces(text, "fr") == ["Votre avis sera publié après modération."]
    assert _pieces(text, "en") == []


def test_ingest_boilerplate_matches_carry_agency_and_date():
    text = "AA / Moscou / Elena Teslova\n date 2025-02 Le Kremlin a annoncé.\n"
    matches = scan_boilerplate(text)
    assert [(m.rule, m.agency, m.date) for m in matches] == [
        ("agency_byline", "AA", None),
        ("date_marker", None, "2025-02"),
    ]


def test_ingest_boilerplate_rule_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
