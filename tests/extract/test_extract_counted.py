"""What a figure counts beyond its unit: qualifiers and periods keep apart figures that count different things."""

from __future__ import annotations

import pytest

from checker.compare.slots import compare_numbers, counts_comparable
from checker.extract import extract_article
from checker.extract.counted import counted
from checker.extract.nlp import load_nlp
from checker.models import Article, Quantity


@pytest.fixture(scope="module")
def fr():
    return load_nlp("fr")


def counts(nlp, text: str, figure: str) -> Quantity:
    start = text.index(figure)
    return counted(nlp(text), Quantity(text=figure, start=start, end=start + len(figure), value=0.0), 0)


def test_extract_counted_qualifiers_and_periods(fr):
    weekly = counts(fr, "Selon l'ARS, 1 960 cas de dengue ont été confirmés la semaine dernière.", "1 960 cas")
    total = counts(fr, "Près de 15 000 cas confirmés depuis janvier ont été recensés.", "15 000 cas")
    assert weekly.periods == ("week",) and total.periods == ("since",)
    # the periods are tags of ``counts`` too, as earlier versions wrote them
    assert "period:week" in weekly.counts and "period:since" in total.counts
    assert not counts_comparable(weekly, total)


def test_extract_counted_different_qualifiers_are_different_counts(fr):
    confirmed = counts(fr, "Au total, 14 820 cas confirmés ont été enregistrés.", "14 820 cas")
    suggestive = counts(fr, "Environ 21 300 cas cliniquement évocateurs ont été vus.", "21 300 cas")
    assert not counts_comparable(confirmed, suggestive)
    bare = Quantity(text="12", start=0, end=2, value=12.0)
    assert confirmed.counts and not confirmed.periods
    assert counts_comparable(confirmed, bare) and counts_comparable(bare, bare)


def test_extract_counted_keeps_a_real_conflict():
    def claim(name, text):
        (c,) = extract_article(Article(id=name, text=text, content_hash=Article.hash_text(text)))
        return c

    a = claim("a.txt", "Le brasier a déjà consumé 4 800 hectares de forêt dans la Serra de Monchique.")
    b = claim("b.txt", "L'incendie a déjà ravagé 8 400 hectares dans la Serra de Monchique.")
    (comp,) = compare_numbers(a, b)
    assert comp.relation == "conflict"


def _numbers(text: str) -> list[Quantity]:
    article = Article(id="a.txt", text=text, content_hash=Article.hash_text(text))
    return [q for c in extract_article(article) for q in c.numbers]


def test_extract_counted_two_peoples_ages_are_two_counts():
    (castanier,) = _numbers("Son gérant, Rémi Castanier, 54 ans, est soupçonné d'avoir prêté ses camions au trafic.")
    (puigvert,) = _numbers("Le gérant de l'entrepôt, Jordi Puigvert (47 ans), a été arrêté à son domicile.")
    (again,) = _numbers("Jordi Puigvert, âgé de 45 ans, a été arrêté à son domicile de Figueres.")
    assert "age:castanier" in castanier.counts and "age:puigvert" in puigvert.counts
    assert not counts_comparable(castanier, puigvert)  # two people's ages
    assert counts_comparable(puigvert, again)  # one man's age, told two ways: a conflict to report
    (duration,) = _numbers("Le chantier, lancé par Rémi Castanier, a duré 3 ans.")
    assert not any(tag.startswith("age:") for tag in duration.counts)
