"""Variants of real sentences for the judge's training: each operation changes, restates or moves one fact."""

from __future__ import annotations

import random

import pytest

from checker.training.perturb import (
    Source,
    antonym,
    date_changed,
    date_restated,
    negated,
    number_changed,
    number_restated,
    order_swapped,
    roles_swapped,
    time_changed,
    unnegated,
    variants,
)


def parsed(text: str, language: str = "fr", published: str | None = None) -> Source:
    from checker.extract.nlp import load_nlp

    return Source(text, language, published, load_nlp(language)(text))


def test_training_perturb_number_changed_is_another_figure():
    rng = random.Random(1)
    for _ in range(20):
        v = number_changed(Source("Le feu a parcouru 8 400 hectares et mobilisé 1 180 pompiers."), rng)
        assert v.label == "contradiction" and v.op == "number"
        assert v.meta["old"] in {8400.0, 1180.0} and v.meta["new"] != v.meta["old"]


def test_training_perturb_number_skips_years_dates_and_times():
    rng = random.Random(2)
    assert number_changed(Source("En 2019, le 12 mars à 14 h, rien ne s'est passé."), rng) is None


def test_training_perturb_number_restated_keeps_the_value():
    rng = random.Random(3)
    seen = set()
    for _ in range(30):
        v = number_restated(Source("Au total, 1 180 pompiers sont mobilisés."), rng)
        if v is None:
            continue
        assert v.label == "agreement"
        seen.add(v.text)
    assert any("mille cent quatre-vingts" in t for t in seen)
    assert any(
        ("près de 1 200" in t or "environ 1 200" in t or "quelque 1 200" in t or "plus de 1 100" in t) for t in seen
    )


def test_training_perturb_dates_change_and_restate_against_the_publication_date():
    rng = random.Random(4)
    changed = date_changed(Source("La ministre s'est rendue le 4 août au poste de commandement."), rng)
    assert changed.label == "contradiction" and "4 août" not in changed.text and "août" in changed.text
    # 4 August 2026 is a Tuesday; the article is of Wednesday 5 August
    same = date_restated(Source("La ministre s'est rendue le 4 août au poste.", published="2026-08-05"), rng)
    assert same.label == "agreement" and same.text == "La ministre s'est rendue mardi au poste."
    back = date_restated(Source("La ministre s'est rendue mardi au poste.", published="2026-08-05"), rng)
    assert back.text == "La ministre s'est rendue le 4 août au poste."
    english = date_restated(Source("The minister visited the post on Tuesday.", "en", "2026-08-05"), rng)
    assert english.text == "The minister visited the post on August 4."
    assert date_restated(Source("La ministre s'est rendue le 4 août au poste."), rng) is None  # no publication date


def test_training_perturb_time_changed():
    v = time_changed(Source("L'alerte a été donnée à 14 h 30."), random.Random(5))
    assert v.label == "contradiction" and "14 h" not in v.text


@pytest.mark.slow
def test_training_perturb_negation_added_and_removed():
    rng = random.Random(6)
    assert negated(parsed("Le conseil a approuvé l'offre."), rng).text == "Le conseil n'a pas approuvé l'offre."
    assert (
        negated(parsed("La ministre s'est rendue sur place."), rng).text == "La ministre ne s'est pas rendue sur place."
    )
    assert negated(parsed("The board approved the offer.", "en"), rng).text == "The board did not approve the offer."
    assert negated(parsed("Le conseil n'a pas approuvé l'offre."), rng) is None  # already negative
    assert unnegated(Source("Le conseil n'a pas approuvé l'offre."), rng).text == "Le conseil a approuvé l'offre."


@pytest.mark.slow
def test_training_perturb_roles_swapped_only_between_names_of_one_kind():
    rng = random.Random(7)
    v = roles_swapped(parsed("Marie Dubois a battu Claire Martin en finale."), rng)
    assert v is not None and v.text.startswith("Claire Martin a battu Marie Dubois")
    assert roles_swapped(parsed("Marie Dubois a rencontré Claire Martin à Lyon."), rng) is None  # a symmetric verb


def test_training_perturb_antonym_and_order():
    rng = random.Random(8)
    assert antonym(Source("Le gouvernement a accepté l'aide."), rng).text == "Le gouvernement a refusé l'aide."
    assert order_swapped(Source("Le vote a eu lieu avant le débat."), rng).text == "Le vote a eu lieu après le débat."


def test_training_perturb_variants_are_deterministic_for_a_seed():
    text = "Le feu s'est déclaré dimanche près d'Alferce et a parcouru 8 400 hectares, selon l'AFP."
    one = variants(Source(text, published="2026-08-05"), random.Random(9))
    two = variants(Source(text, published="2026-08-05"), random.Random(9))
    assert one == two and one
    assert {v.label for v in one} <= {"agreement", "contradiction", "unrelated"}
    assert all(v.text != text for v in one)
