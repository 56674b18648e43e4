"""Two figures of one unit that count different things: the judge's "not the same fact" pairs."""

from __future__ import annotations

import random

from checker.training.pairs import _figure_negatives, _figures, _figures_differ
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


def test_training_pairs_entity_pairs_change_what_both_sides_name():
    from checker.training.pairs import _entity_pairs

    agree = [
        Pair(
            "Le nouveau pont a été inauguré à Lyon par la ministre des Transports.",
            "La ministre des Transports a inauguré le nouveau pont à Lyon.",
            ("agreement",),
            "stories",
            "story",
            "g1",
        ),
        Pair(
            "Le club de Toulouse a battu Bordeaux samedi soir.",
            "Samedi soir, Toulouse s'est imposé face à Bordeaux.",
            ("agreement",),
            "stories",
            "story",
            "g2",
        ),
        Pair(
            "The new bridge was opened in Manchester on Monday by the mayor.",
            "On Monday the mayor opened the new bridge in Manchester.",
            ("agreement",),
            "stories",
            "story",
            "g4",
            "en",
            "en",
        ),
        Pair(
            "Marie Dupont a présenté mardi le budget de la région devant les élus.",
            "Le budget de la région a été présenté mardi aux élus par Marie Dupont.",
            ("agreement",),
            "stories",
            "story",
            "g5",
        ),
        Pair(
            "Le contrat a été signé par Jean Martin, le directeur de l'usine.",
            "Jean Martin, directeur du site, a signé le contrat.",
            ("agreement",),
            "stories",
            "story",
            "g6",
        ),
        Pair(  # nothing named on both sides: nothing to change
            "La réunion a duré trois heures.",
            "Les discussions se sont prolongées pendant trois heures.",
            ("agreement",),
            "stories",
            "story",
            "g3",
        ),
    ]
    made = []
    for seed in range(12):  # each agreeing pair gives one variant, drawn among those it allows
        made += _entity_pairs(agree, random.Random(seed))
    assert made, "a town both sides name gives a conflict or a counterweight"
    towns = {"Lyon", "Toulouse", "Bordeaux", "Manchester"}
    for p in made:
        assert p.origin.startswith("gen:entity-")
        original = next(x for x in agree if x.group == p.group)
        assert p.a in {original.a, original.b}, "one side is kept as the outlet wrote it"
        assert p.b not in {original.a, original.b}, "the other side is changed"
        gone = [t for t in towns if t in p.a and t not in p.b]
        if p.origin == "gen:entity-place":  # one town both sides name is missing, another stands there
            assert p.labels == (CONFLICT,)
            assert gone and not any(ch.isdigit() for ch in p.b)
        elif p.origin == "gen:entity-place-within":  # the same town, given as its country: still agreeing
            assert p.labels == ("agreement",)
            assert gone == [] or "en France" in p.b or "in the United Kingdom" in p.b
            assert "à Lyon" not in p.b and "in Manchester" not in p.b
        elif p.origin == "gen:entity-person-surname":  # a full name both give, as the surname alone
            assert p.labels == ("agreement",)
            full = next(n for n in ("Marie Dupont", "Jean Martin") if n in p.a)
            assert full not in p.b and full.split()[-1] in p.b
        else:
            assert p.labels == (
                (CONFLICT,) if p.origin in {"gen:entity-roles", "gen:entity-person"} else ("agreement",)
            )
    origins = {p.origin for p in made}
    assert {"gen:entity-place", "gen:entity-place-within", "gen:entity-person", "gen:entity-person-surname"} <= origins
    within = {p.b for p in made if p.origin == "gen:entity-place-within"}
    assert "Le nouveau pont a été inauguré en France par la ministre des Transports." in within or (
        "La ministre des Transports a inauguré le nouveau pont en France." in within
    )
    assert any("in the United Kingdom" in text for text in within)
    assert not any(p.group == "g3" for p in made)


def test_training_pairs_french_country_prepositions():
    from checker.training.pairs import _in_country

    assert _in_country("France", "fr") == "en France"
    assert _in_country("Japon", "fr") == "au Japon"
    assert _in_country("Mexique", "fr") == "au Mexique"
    assert _in_country("Iran", "fr") == "en Iran"
    assert _in_country("États-Unis", "fr") == "aux États-Unis"
    assert _in_country("United States", "en") == "in the United States"
    assert _in_country("Germany", "en") == "in Germany"


def test_training_pairs_paraphrase_polarity_turns_what_both_sides_write():
    """Yes against no in two outlets' words: the word turned is one both write; a clause of one side is left."""
    from checker.training.pairs import paraphrase_polarity

    agree = [
        Pair(
            "Le parquet de Rouen a ouvert une enquête, confiée à la police judiciaire.",
            "Une enquête a été ouverte par le parquet de Rouen.",
            ("agreement",),
            "stories",
            "story",
            "g1",
        ),
        Pair(
            "SUD-Rail a rejeté le texte et appelle à la grève.",
            "Le syndicat SUD-Rail a lui aussi rejeté l'accord salarial.",
            ("agreement",),
            "stories",
            "story",
            "g2",
        ),
        Pair(  # the only verbs to turn are each side's own (« conteste » / « porté »): nothing made
            "La maire, qui a déposé lundi une plainte contre X, conteste cette version.",
            "La maire a porté plainte contre X ce lundi matin.",
            ("agreement",),
            "stories",
            "story",
            "g3",
        ),
        Pair(  # not an agreement: never varied
            "Le pont a été fermé toute la matinée.",
            "Le pont a été fermé jusqu'à midi.",
            ("contradiction",),
            "stories",
            "story",
            "g4",
        ),
    ]
    made = paraphrase_polarity(agree, seed=13)
    assert made == paraphrase_polarity(agree, seed=13)  # the seed's own draw
    assert {p.group for p in made} <= {"g1", "g2"}
    assert made, "an opposite or a negation of « ouvert » / « rejeté » on one side"
    for p in made:
        assert p.labels == (CONFLICT,) and p.origin == "gen:paraphrase-polarity"
        source = next(s for s in agree if s.group == p.group)
        kept = {source.a, source.b} & {p.a, p.b}
        assert len(kept) == 1  # one side as the outlet wrote it, the other turned
        turned = ({p.a, p.b} - kept).pop()
        assert turned not in {source.a, source.b}
        assert any(w in turned for w in ("fermé", "accepté", "approuvé", "adopté", "pas"))
