"""Two figures of one unit that count different things: the judge's "not the same fact" pairs."""

from __future__ import annotations

import random

import pytest

from checker.training.pairs import (
    _contradicts,
    _figure_negatives,
    _figures,
    _figures_differ,
    _paraphrase_conflicts,
    _sources,
)
from checker.training.perturb import CONFLICT, UNRELATED
from checker.training.sources import Pair, Sentence


def _s(text: str, article: str = "a1", group: str = "case:marathon") -> Sentence:
    return Sentence(text, "fr", "2026-09-27", group, article)


def test_training_pairs_figures_read_a_unit_after_each_figure():
    assert _figures(_s("Le vainqueur a couru en 2 minutes et battu 42 rivaux.")) == {
        ("minute", 2.0),
        ("rivaux", 42.0),
    }


def test_training_pairs_figures_differ_needs_a_shared_unit_and_no_close_figure():
    assert _figures_differ({("coureur", 42.0)}, {("coureur", 12.0)})
    assert not _figures_differ({("coureur", 42.0)}, {("blessé", 12.0)})  # no unit in common
    assert not _figures_differ({("coureur", 42.0)}, {("coureur", 42.0), ("coureur", 3.0)})  # told twice
    assert _figures_differ({("seconde", 7205.0)}, {("seconde", 7300.0)})  # close, but two runners' times


def test_training_pairs_figure_negatives_within_an_article_and_across_a_case():
    winner = _s("Kiprono a couru en 7205 secondes, nouveau record du monde.", "a1")
    second = _s("Gebremeskel a pris la deuxième place en 7300 secondes.", "a1")
    rounded = _s("Le Kényan a couru en près de 7200 secondes.", "a1")  # approximate: never used
    planted = _s("Kiprono a couru en 7250 secondes selon un autre journal.", "a2")  # in a gold conflict
    split = _s("Il est passé au semi-marathon en 3588 secondes.", "a2")
    gold = [Pair(winner.text, planted.text, (CONFLICT,), "dev-cases", "gold", "case:marathon")]
    pairs = _figure_negatives([winner, second, rounded, planted, split], gold, random.Random(1))
    found = {(p.origin, frozenset((p.a, p.b))) for p in pairs}
    assert all(p.labels == (UNRELATED,) for p in pairs)
    assert ("figure-same-article", frozenset((winner.text, second.text))) in found
    assert not any(rounded.text in texts for _, texts in found)
    # across the case's articles: not the figures of its gold pairs (7205 and 7250), the rest yes
    assert ("figure-across-case", frozenset((second.text, split.text))) in found
    assert not any(planted.text in texts for origin, texts in found if origin == "figure-across-case")
    assert not any(
        winner.text in texts and split.text in texts for origin, texts in found if origin == "figure-across-case"
    )


def test_training_pairs_a_change_contradicts_only_what_the_other_side_states():
    # another town contradicts a sentence that names the first one, not one without a place
    assert _contradicts("place", {"old": "Lyon"}, "Le sommet s'est tenu à Lyon.", "fr", "")
    assert not _contradicts("place", {"old": "Lyon"}, "Le sommet s'est tenu mardi.", "fr", "")
    assert _contradicts(
        "roles", {"old": ("la CGT", "la direction")}, "La direction a été assignée par la CGT.", "fr", ""
    )
    assert not _contradicts(
        "roles", {"old": ("Le préfet", "au maire")}, "L'État a reproché au maire sa lenteur.", "fr", ""
    )
    assert _contradicts("number", {"old": 14.0}, "Le cyclone a fait 14 morts.", "fr", "")
    assert not _contradicts("order", {}, "Le cyclone a touché Mayotte dimanche.", "fr", "")
    assert _contradicts("negation", {}, "anything", "fr", "")


@pytest.mark.slow
def test_training_pairs_paraphrase_conflicts_change_one_side_of_an_agreeing_pair():
    texts = [
        "Mercredi, la CGT a assigné la direction en référé devant le tribunal de Lille.",
        "Le ministre a accepté la proposition des syndicats mardi.",
    ]
    others = [
        "La CGT a assigné mercredi la direction devant le tribunal de Lille, en référé.",
        "Mardi, le ministre a donné son accord à la proposition syndicale.",
    ]
    sentences = [Sentence(t, "fr", "2026-05-13", "story:x", "a.txt") for t in texts]
    sources = {s.text: s for s in _sources(sentences)}
    told = [
        Pair(o, t, ("agreement",), "stories", "story", "story:x", "fr", "fr", "2026-05-13", "2026-05-13")
        for o, t in zip(others, texts)
    ]
    told.append(Pair(others[0], texts[1], ("unrelated",), "stories", "story", "story:x"))  # not an agreement: left
    made = [p for seed in range(6) for p in _paraphrase_conflicts(told, sources, random.Random(seed))]
    assert made and all(p.labels == (CONFLICT,) and p.origin.startswith("gen:paraphrase-") for p in made)
    for p in made:
        # one side is an outlet's sentence as written, the other the other outlet's with one fact changed
        kept, changed = (p.a, p.b) if p.a in others + texts else (p.b, p.a)
        assert kept in others + texts and changed not in others + texts
        assert p.a_pub == p.b_pub == "2026-05-13"
    assert {"gen:paraphrase-roles", "gen:paraphrase-antonym"} <= {p.origin for p in made}
