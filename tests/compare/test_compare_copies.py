"""Copies of one dispatch: a reprint under a new lede is a copy, two accounts of one event are not (even
with the quotes they share), different agencies' texts are not; copies of copies are one group; the
work grows with the corpus's words (a ratio measured in the test, no absolute threshold); the pipeline
puts the groups and the outlets in the report."""

from __future__ import annotations

import json
import random
import time

import pytest

from checker.compare import find_copies
from checker.config import Settings
from checker.models import Article, Span

# An AFP dispatch, as the agency sent it.
DISPATCH = (
    "Les délégués du syndicat des transports ont voté samedi 14 mars à Nantes la reconduction de la grève "
    "pour une semaine, après quatre heures de débats. « Nous ne reprendrons pas le travail tant que la "
    "direction refusera de négocier les salaires », a déclaré Marie Lenoir, secrétaire générale du syndicat. "
    "La direction de la société régionale de transport a fait savoir dans un communiqué qu'elle proposerait "
    "une nouvelle réunion lundi, sans s'engager sur une hausse des salaires. Le mouvement, entamé il y a "
    "trois semaines, perturbe la circulation des bus et des tramways dans toute l'agglomération, où près de "
    "deux cent mille voyageurs empruntent chaque jour le réseau. Les commerçants du centre-ville disent avoir "
    "perdu un tiers de leur chiffre d'affaires depuis le début du conflit. La préfecture a appelé les deux "
    "parties à reprendre le dialogue au plus vite et n'exclut pas de nommer un médiateur d'ici la fin du mois."
)
# A regional daily's reprint: its own first paragraph, the dispatch's body, its last sentence cut.
REPRINT = (
    "À Nantes, l'inquiétude grandit chez les usagers qui attendaient une sortie de crise ce week-end. "
    "Rien n'y fait : le conflit s'enlise et les parents d'élèves s'organisent en covoiturage.\n\n"
    + DISPATCH.rsplit(" La préfecture", 1)[0]
)
# The same event, written by another newsroom: the same facts and the same quote, its own words.
OWN_ACCOUNT = (
    "La grève continue. Réunis samedi à Nantes, les représentants du personnel ont choisi de prolonger "
    "l'arrêt de travail d'une semaine au terme d'une longue assemblée. « Nous ne reprendrons pas le travail "
    "tant que la direction refusera de négocier les salaires », a déclaré Marie Lenoir, secrétaire générale "
    "du syndicat. Côté direction, on promet une réunion lundi, mais aucune augmentation n'est à l'ordre du "
    "jour. Voilà trois semaines que bus et tramways circulent au compte-gouttes, et les commerçants du "
    "centre dénoncent des pertes lourdes. Le préfet pourrait désigner un médiateur avant la fin du mois."
)
# Another agency's dispatch on another story.
OTHER_DISPATCH = (
    "Le conseil municipal de Rennes a adopté jeudi soir le budget de la ville pour l'année prochaine, qui "
    "prévoit une hausse des dépenses d'investissement consacrées aux écoles et aux pistes cyclables. "
    "L'opposition a voté contre en dénonçant une augmentation de la dette, que la majorité juge maîtrisée. "
    "Le maire a rappelé que les taux des impôts locaux resteraient inchangés malgré l'inflation, et que les "
    "subventions aux associations sportives seraient maintenues au même niveau que l'an dernier."
)


def article(name: str, text: str, **meta) -> Article:
    return Article(id=name, text=text, content_hash=Article.hash_text(text), **meta)


def test_compare_copies_a_reprint_under_a_new_lede_is_a_copy():
    (group,) = find_copies(
        [
            article("ouest.txt", REPRINT, outlet="Ouest-Régional", published="2026-03-15"),
            article("afp.txt", DISPATCH, agency="AFP", published="2026-03-14"),
        ]
    )
    assert group.articles == ("afp.txt", "ouest.txt")  # the earliest, the likeliest original, first
    assert group.agency == "AFP"  # the one credit its members give
    assert 0.6 <= group.shared <= 1


def test_compare_copies_two_accounts_of_one_event_are_not_copies_even_with_a_shared_quote():
    assert find_copies([article("afp.txt", DISPATCH, agency="AFP"), article("hebdo.txt", OWN_ACCOUNT)]) == []


def test_compare_copies_different_agencies_with_different_text_are_not_copies():
    articles = [article("afp.txt", DISPATCH, agency="AFP"), article("reuters.txt", OTHER_DISPATCH, agency="Reuters")]
    assert find_copies(articles) == []


def test_compare_copies_a_heavier_edit_is_a_copy_only_under_the_same_agency_credit():
    """Half the dispatch rewritten: under the agency's own credit still its dispatch, without it not."""
    edited = " ".join(DISPATCH.split()[:85] + OWN_ACCOUNT.split()[-75:])
    assert [g.articles for g in find_copies([article("a.txt", DISPATCH, agency="AFP"), article("b.txt", edited)])] == []
    credited = find_copies([article("a.txt", DISPATCH, agency="AFP"), article("b.txt", edited, agency="AFP")])
    assert [(g.articles, g.agency) for g in credited] == [(("a.txt", "b.txt"), "AFP")]
    assert 0.4 <= credited[0].shared < 0.6


def test_compare_copies_copies_of_copies_are_one_group_and_the_rest_stays_out():
    brief = DISPATCH.split(" Les commerçants", 1)[0]  # a site that ran the first half only
    groups = find_copies(
        [
            article("a.txt", REPRINT),
            article("b.txt", OWN_ACCOUNT),
            article("c.txt", brief),
            article("d.txt", DISPATCH, agency="AFP"),
            article("e.txt", OTHER_DISPATCH, agency="Reuters"),
        ]
    )
    assert [g.articles for g in groups] == [("a.txt", "c.txt", "d.txt")]


def test_compare_copies_boilerplate_alone_does_not_make_a_copy():
    """Two articles that share only their outlet's long footer (a boilerplate span) are not copies."""
    footer = (
        "\n\nCet article vous est offert par la rédaction. Abonnez-vous pour lire tous nos articles, recevoir "
        "nos lettres d'information et soutenir un journalisme indépendant, exigeant et de proximité, partout "
        "dans la région et sur tous vos écrans, à partir d'un euro le premier mois sans engagement de durée."
    )

    def with_footer(name: str, text: str) -> Article:
        full = text + footer
        return article(name, full, boilerplate=(Span(start=len(text), end=len(full)),))

    assert find_copies([with_footer("a.txt", DISPATCH), with_footer("b.txt", OTHER_DISPATCH)]) == []
    without = [article("a.txt", DISPATCH[:120] + footer), article("b.txt", OTHER_DISPATCH[:120] + footer)]
    assert [g.articles for g in find_copies(without)] == [("a.txt", "b.txt")]  # the footer is what they share


def test_compare_copies_short_or_empty_texts_are_never_copies():
    quote = "« Nous ne reprendrons pas le travail », a déclaré Marie Lenoir."
    assert (
        find_copies([article("a.txt", quote), article("b.txt", quote), article("c.txt", ""), article("d", "Un.")]) == []
    )
    assert find_copies([]) == []


def _synthetic(count: int, seed: int = 7) -> list[Article]:
    """``count`` articles of 300 to 500 words from a 20,000-word vocabulary; one in four reprints one of
    ``count // 20`` dispatches under a new lede of 60 words."""
    rng = random.Random(seed)
    vocabulary = [f"mot{n}" for n in range(20000)]

    def words(n: int) -> str:
        return " ".join(rng.choices(vocabulary, k=n))

    dispatches = [words(350) for _ in range(max(1, count // 20))]
    return [
        article(f"{n:05d}.txt", words(60) + " " + dispatches[n // 4 % len(dispatches)] if n % 4 == 0 else words(400))
        for n in range(count)
    ]


def _best_time(articles: list[Article], repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        find_copies(articles)
        best = min(best, time.perf_counter() - start)
    return best


def test_compare_copies_1000_articles_grouped_in_time_that_grows_with_their_words():
    """1,000 articles against 250 of the same kind: four times the words, so about four times the time
    (a comparison of every pair would take sixteen). The ratio leaves room for a busy machine; there is
    no absolute threshold."""
    large = _synthetic(1000)
    groups = find_copies(large)
    assert len(groups) == 50 and all(len(g.articles) == 5 for g in groups)  # 250 reprints of 50 dispatches
    assert sum(len(g.articles) for g in groups) == 250
    small = large[:250]
    ratio = _best_time(large) / _best_time(small)
    assert ratio < 9, f"1,000 articles took {ratio:.1f} times as long as 250: not linear in the corpus"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    import checker.compare

    monkeypatch.setattr(checker.compare, "compare_claims", lambda *a, **k: [])  # the copies are under test
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in [("afp.txt", DISPATCH), ("ouest.txt", REPRINT), ("hebdo.txt", OWN_ACCOUNT)]:
        (root / name).write_text(text + "\n", encoding="utf-8")
    manifest = {"articles": [{"file": "ouest.txt", "outlet": "Ouest-Régional"}, {"file": "afp.txt", "agency": "AFP"}]}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


def test_compare_copies_the_pipeline_reports_the_groups_and_the_outlets(corpus, tmp_path):
    from checker.pipeline import compare_corpus

    report = compare_corpus(corpus, Settings(encoder="fake"), index=tmp_path / "idx")
    assert [(g.articles, g.agency) for g in report.copies] == [(("afp.txt", "ouest.txt"), "AFP")]
    assert report.outlets == {"ouest.txt": "Ouest-Régional"}
