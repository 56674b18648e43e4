"""The two pairings that look at every pair of claims: the same quote (also across languages) and order
facts. Both now short-list pairs (rapidfuzz's cdist and a matrix product; an index of names); these tests
hold them to the pair-by-pair definitions they replaced, on generated claims full of near-misses."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.compare.engine import SAME_QUOTE, same_quote, same_quote_pairs
from checker.compare.order import _containers, order_pairs, order_relation
from checker.compare.slots import quote_similarity
from checker.models import Claim, OrderFact, PlaceMention

WORDS = [
    "nous",
    "ne",
    "céderons",
    "céderont",
    "cédrons",
    "rien",
    "jamais",
    "jamai",
    "Nous",
    "cédérons",
    "rien,",
    "we",
    "never",
    "yield",
    "l'État",
]
PLACES = ["Paris", "France", "Lyon", "Séoul", "Corée du Sud", "Bletchley Park", "Royaume-Uni"]
WITHIN = {"Paris": ("France",), "Lyon": ("France",), "Séoul": ("Corée du Sud",), "Bletchley Park": ("Royaume-Uni",)}


def claim(k: int, article: str, language: str = "fr", quote: str | None = None, facts=(), places=()) -> Claim:
    text = f"Phrase {k}."
    mentions = tuple(
        PlaceMention(text=p, start=0, end=len(p), name=p, within=WITHIN.get(p, ()) if contained else ())
        for p, contained in places
    )
    return Claim(
        id=f"c{k}",
        article=article,
        text=text,
        start=0,
        end=len(text),
        language=language,
        quote=quote,
        order_facts=tuple(OrderFact(before=b, after=a, cue="avant") for b, a in facts),
        place_mentions=mentions,
    )


def quotes_brute_force(claims, quote_vectors, focus):
    """The definition: every pair of quoting claims of two articles through :func:`same_quote`, one at a time."""
    quoted = [i for i, c in enumerate(claims) if c.quote]
    out = set()
    for x, i in enumerate(quoted):
        for j in quoted[x + 1 :]:
            if claims[i].article != claims[j].article and same_quote(claims[i], claims[j], quote_vectors):
                if focus is None or i in focus or j in focus:
                    out.add((i, j))
    return sorted(out)


quoting = st.lists(
    st.tuples(
        st.sampled_from(["a.txt", "b.txt", "c.txt"]),
        st.sampled_from(["fr", "en"]),
        st.one_of(st.none(), st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)),
        st.integers(0, 3),  # how far its quote vector departs from a common direction
        st.booleans(),  # whether it has a quote vector
    ),
    max_size=14,
)


@settings(max_examples=150, deadline=None)
@given(quoting, st.one_of(st.none(), st.sets(st.integers(0, 13), max_size=4)))
def test_compare_pairing_same_quotes_are_the_pair_by_pair_definition(rows, focus):
    claims = [claim(k, art, lang, quote) for k, (art, lang, quote, _, _) in enumerate(rows)]
    rng = np.random.default_rng(0)
    base = np.zeros(16, np.float32)
    base[0] = 1.0
    vectors = {}
    for k, (_, _, _, spread, has) in enumerate(rows):
        if has:  # one direction and a random departure from it: pairwise cosines from about 0.85 to 1, around 0.93
            away = rng.normal(size=16).astype(np.float32)
            away[0] = 0.0
            v = base + (0.05, 0.2, 0.3, 0.4)[spread] * away / np.linalg.norm(away)
            vectors[f"c{k}"] = v / np.linalg.norm(v)
    assert same_quote_pairs(claims, vectors, focus) == quotes_brute_force(claims, vectors, focus)
    assert same_quote_pairs(claims, None, focus) == quotes_brute_force(claims, None, focus)


def test_compare_pairing_same_quotes_across_blocks(monkeypatch):
    """More quoting claims than one block of rows: pairs across two blocks are found too."""
    import checker.compare.engine as engine

    monkeypatch.setattr(engine, "_QUOTE_BLOCK", 3)
    claims = [claim(k, f"{k % 4}.txt", quote="nous ne céderons rien" if k % 5 else "jamais") for k in range(11)]
    found = same_quote_pairs(claims)
    assert found == quotes_brute_force(claims, None, None)
    assert (1, 7) in found and (0, 5) in found  # the same words, in blocks 0 and 2; « jamais » twice


def orders_brute_force(claims):
    """The definition: every pair of claims with order facts through :func:`order_relation`, one at a time."""
    containers = _containers(claims)
    with_facts = [c for c in claims if c.order_facts]
    for i, a in enumerate(with_facts):
        for b in with_facts[i + 1 :]:
            found = order_relation(a, b, containers) if a.article != b.article else None
            if found:
                yield found[0], a, found[1], b, found[2]


facts = st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(PLACES)), max_size=2)
ordering = st.lists(
    st.tuples(
        st.sampled_from(["a.txt", "b.txt", "c.txt"]),
        facts,
        st.lists(st.tuples(st.sampled_from(PLACES), st.booleans()), max_size=2),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(ordering)
def test_compare_pairing_order_facts_are_the_pair_by_pair_definition(rows):
    claims = [claim(k, art, facts=f, places=p) for k, (art, f, p) in enumerate(rows)]
    assert list(order_pairs(claims)) == list(orders_brute_force(claims))


def test_compare_pairing_order_through_a_container():
    """« Séoul avant Bletchley Park » against « le Royaume-Uni avant la Corée du Sud »: a conflict through
    the places that contain them, found through the index of names."""
    a = claim(0, "a.txt", facts=[("Séoul", "Bletchley Park")], places=[("Séoul", True), ("Bletchley Park", True)])
    b = claim(1, "b.txt", facts=[("Royaume-Uni", "Corée du Sud")])
    same = claim(2, "a.txt", facts=[("Corée du Sud", "Royaume-Uni")])
    found = [(kind, x.id, y.id) for kind, x, _, y, _ in order_pairs([a, b, same])]
    assert found == [("conflict", "c0", "c1"), ("conflict", "c1", "c2")]


def test_compare_pairing_same_quote_one_letter_apart():
    """« nous céderons » / « nous céderont »: token-set ratio 0.92, just above SAME_QUOTE, still short-listed."""
    a, b = claim(0, "a.txt", quote="Nous céderons"), claim(1, "b.txt", quote="nous céderont")
    assert SAME_QUOTE <= quote_similarity(a, b) < SAME_QUOTE + 0.03
    assert same_quote_pairs([a, b]) == [(0, 1)]


# ---------------------------------------------------------------- check's search: as a whole compare would rank
def unit_rows(*angles: float) -> np.ndarray:
    """Unit vectors in a plane: the cosine of two rows is the cosine of their angles' difference."""
    return np.asarray([[np.cos(a), np.sin(a)] for a in angles], dtype=np.float32)


def test_checked_search_reaches_a_checked_claim_only_among_the_pool_claims_nearest():
    from checker.compare.engine import checked_search

    # rows 0-1: the checked claims; rows 2-3: pool claims, whose nearest index claims are given by their similarities
    vectors = unit_rows(0.0, 0.3, 0.1, 1.2)
    close_index = [np.asarray([0.999, 0.998]), np.asarray([0.999, 0.998])]  # two index claims nearer than any
    far_index = [np.asarray([0.5, 0.4]), np.asarray([0.5, 0.4])]
    exact = checked_search(vectors, 2, far_index, 2)(vectors, 4)
    assert [j for j, _ in exact[0]] == [0, 2, 1, 3] and [j for j, _ in exact[1]] == [1, 2, 0, 3]  # checked: exact
    # pool claim 2 (angle 0.1) is nearer to both checked claims than to its index neighbours: it reaches both
    assert [j for j, _ in exact[2]] == [0, 1]
    # pool claim 3 (angle 1.2): the checked claims (cosine 0.36, 0.62) are behind its index neighbours' 0.5 and 0.4
    # for claim 0; claim 1 is ahead of both
    assert [j for j, _ in exact[3]] == [1]
    # with two index claims nearer than any checked claim, a compare of the whole corpus ranks none among the two
    # nearest of a pool claim: no hit
    near = checked_search(vectors, 2, close_index, 2)(vectors, 4)
    assert near[2] == [] and near[3] == [] and near[0] == exact[0]
    # one neighbour only: claim 2's nearest is claim 0 (cosine 0.995) unless an index claim is nearer
    assert [j for j, _ in checked_search(vectors, 2, [np.asarray([0.9])] * 2, 1)(vectors, 4)[2]] == [0]
    # a pool claim never gets another pool claim (check keeps only pairs with a checked claim)
    assert all(j < 2 for row in exact[2:] for j, _ in row)
