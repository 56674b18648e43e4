"""The comparison engine: the same-event gate, judge_pair on claims extracted from short French
texts, stable finding ids, and compare_claims over a real corpus with the fake encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from checker.compare import candidate_pairs, compare_claims, finding_id, judge_pair
from checker.compare.events import same_event
from checker.extract import extract_article
from checker.ingest import detect_language
from checker.models import Article, Claim

CONFLICTS = {"contradiction", "attribution_conflict"}


def claim(**slots) -> Claim:
    """A hand-built claim: only the slots the same-event gate reads."""
    text = slots.pop("text", "Le sommet de Paris a réuni les délégations.")
    return Claim(id=slots.pop("id", "c"), article=slots.pop("article", "a.txt"), text=text, start=0, end=len(text), **slots)


SUMMIT = ["sommet", "paris", "déclaration", "signer"]


def extracted(article: str, text: str, **meta) -> list[Claim]:
    meta.setdefault("language", detect_language(text))
    return extract_article(Article(id=article, text=text, content_hash=Article.hash_text(text), **meta))


def one(article: str, text: str, **meta) -> Claim:
    (found,) = extracted(article, text, **meta)
    return found


def judged(left: str, right: str, similarity: float = 0.9):
    """judge_pair both ways on the single claims of two one-sentence articles; both ways must agree."""
    a, b = one("a.txt", left), one("b.txt", right)
    forward, backward = judge_pair(a, b, similarity), judge_pair(b, a, similarity)
    assert (forward and (forward.id, forward.verdict, forward.kind, forward.confidence)) == (
        backward and (backward.id, backward.verdict, backward.kind, backward.confidence))
    return forward


# ---------------------------------------------------------------- same_event
def test_compare_engine_same_event_on_shared_words():
    match = same_event(claim(keywords=SUMMIT), claim(keywords=SUMMIT[:3] + ["pays"]), 0.9)
    assert match.same and 0 < match.strength <= 1
    assert "content words in common" in match.reason


def test_compare_engine_same_event_too_little_in_common():
    assert not same_event(claim(keywords=SUMMIT), claim(keywords=["football", "match", "paris"]), 0.5).same


def test_compare_engine_same_event_other_marker_is_another_event():
    for markers in (["other"], ["other", "next"]):
        match = same_event(claim(keywords=SUMMIT, event_markers=markers), claim(keywords=SUMMIT), 0.99)
        assert not match.same and "another event" in match.reason
        assert not same_event(claim(keywords=SUMMIT), claim(keywords=SUMMIT, event_markers=markers), 0.99).same


def test_compare_engine_same_event_next_edition_on_one_side_only():
    nxt = claim(keywords=SUMMIT, event_markers=["next"])
    match = same_event(nxt, claim(keywords=SUMMIT), 0.99)
    assert not match.same and "next edition" in match.reason
    assert not same_event(claim(keywords=SUMMIT), nxt, 0.99).same
    assert same_event(nxt, claim(keywords=SUMMIT, event_markers=["next"]), 0.99).same  # both about the next one


def test_compare_engine_same_event_past_on_one_side_only():
    past = claim(keywords=SUMMIT, event_markers=["past"])
    match = same_event(past, claim(keywords=SUMMIT), 0.99)
    assert not match.same and "earlier event" in match.reason
    assert same_event(past, claim(keywords=SUMMIT, event_markers=["past"]), 0.99).same


def test_compare_engine_same_event_disjoint_participants():
    us_ua = claim(keywords=SUMMIT, participants=["US", "UA"])
    ru_us = claim(keywords=SUMMIT, participants=["RU", "US"])
    match = same_event(us_ua, ru_us, 0.99)
    assert not match.same and "different participants" in match.reason
    assert not same_event(us_ua, claim(keywords=SUMMIT, participants=["RU", "SA"]), 0.99).same
    # one side naming more of the same participants is still the same meeting
    assert same_event(ru_us, claim(keywords=SUMMIT, participants=["RU", "US", "SA"]), 0.99).same
    # a single participant says nothing about who met
    assert same_event(claim(keywords=SUMMIT, participants=["UA"]), ru_us, 0.99).same


def test_compare_engine_same_event_incompatible_types():
    match = same_event(claim(keywords=SUMMIT, event_type="match"), claim(keywords=SUMMIT, event_type="summit"), 0.99)
    assert not match.same and "different events" in match.reason
    assert same_event(claim(keywords=SUMMIT, event_type="declaration"), claim(keywords=SUMMIT, event_type="summit"), 0.99).same


def test_compare_engine_same_event_across_languages_needs_a_close_translation():
    fr, en = claim(keywords=SUMMIT, language="fr"), claim(keywords=["summit", "sign"], language="en")
    assert same_event(fr, en, 0.93).same
    assert not same_event(fr, en, 0.80).same


# ---------------------------------------------------------------- judge_pair on extracted claims
def test_compare_engine_number_contradiction():
    found = judged("Soixante et un pays ont signé mardi la déclaration finale du sommet de Paris.",
                   "La déclaration finale du sommet de Paris a été signée mardi par 58 pays.")
    assert (found.verdict, found.kind) == ("contradiction", "number")
    assert "61 country" in found.explanation and "58 country" in found.explanation
    assert any(c.slot == "number" and c.relation == "conflict" for c in found.compared)
    assert 0.5 <= found.confidence <= 0.99


def test_compare_engine_polarity_contradiction():
    found = judged("Le Royaume-Uni a signé le texte.", "Le Royaume-Uni n'a pas signé le texte.")
    assert (found.verdict, found.kind) == ("contradiction", "polarity")
    assert "GB: signer (affirmed) vs GB: signer (denied)" in found.explanation


def test_compare_engine_attribution_conflict_on_the_same_quote():
    found = judged("« Nous avons besoin de règles communes », a déclaré Emmanuel Macron.",
                   "« Nous avons besoin de règles communes », a déclaré Dmitri Peskov.")
    assert (found.verdict, found.kind) == ("attribution_conflict", "speaker")
    assert "Emmanuel Macron" in found.explanation and "Dmitri Peskov" in found.explanation
    assert {ref.speaker for ref in found.claims} == {"Emmanuel Macron", "Dmitri Peskov"}


def test_compare_engine_same_quote_same_speaker_agrees():
    found = judged("« Nous avons besoin de règles communes », a déclaré Emmanuel Macron.",
                   "« Nous avons besoin de règles communes », a affirmé mardi le président Emmanuel Macron.")
    assert found.verdict == "agreement" and found.kind is None


def test_compare_engine_agreement_on_the_same_figure():
    found = judged("Le sommet de Lyon a réuni 40 pays mardi 3 mars.", "Mardi 3 mars, le sommet de Lyon a réuni 40 pays.")
    assert (found.verdict, found.kind) == ("agreement", None)
    assert any(c.slot == "number" and c.relation == "equal" for c in found.compared)
    assert not any(c.relation == "conflict" for c in found.compared)


def test_compare_engine_another_event_at_the_same_venue_is_no_contradiction():
    a = one("d.txt", "Par ailleurs, un autre rendez-vous se tiendra au Grand Palais le 20 juin.")
    b = one("a.txt", "Le sommet s'est achevé mardi 11 février au Grand Palais.")
    assert "other" in a.event_markers
    for sim in (0.85, 0.95, 0.99):
        for left, right in ((a, b), (b, a)):
            found = judge_pair(left, right, sim)
            assert found is None or found.verdict not in CONFLICTS


def test_compare_engine_unrelated_sentences_give_nothing():
    assert judged("Le chat dort sur le canapé du salon.", "La bourse de Tokyo a clôturé en hausse jeudi.", 0.5) is None


def test_compare_engine_day_inside_the_summit_dates_is_no_contradiction():
    found = judged("Le sommet sur l'intelligence artificielle s'est tenu du 10 au 12 février 2025 au Grand Palais.",
                   "Le sommet sur l'intelligence artificielle s'est tenu le 11 février au Grand Palais.", 0.95)
    assert found is None or found.verdict not in CONFLICTS


# ---------------------------------------------------------------- finding ids
def test_compare_engine_finding_id_is_stable_whatever_the_order():
    a = one("a.txt", "Le Royaume-Uni a signé le texte.")
    b = one("b.txt", "Le Royaume-Uni n'a pas signé le texte.")
    assert finding_id(a, b, "contradiction", "polarity") == finding_id(b, a, "contradiction", "polarity")
    assert finding_id(a, b, "contradiction", "polarity") != finding_id(a, b, "agreement", None)
    assert judge_pair(a, b, 0.9).id == judge_pair(b, a, 0.9).id
    # the id rests on the sentences, not on the claim ids or the similarity
    assert judge_pair(a, b, 0.9).id == judge_pair(b.model_copy(update={"id": "other"}), a, 0.97).id
    again = one("b.txt", "Le Royaume-Uni n'a pas signé le texte.")
    assert judge_pair(a, again, 0.9).id == judge_pair(a, b, 0.9).id


def test_compare_engine_finding_id_depends_on_the_articles():
    a = one("a.txt", "Le Royaume-Uni a signé le texte.")
    b = one("b.txt", "Le Royaume-Uni n'a pas signé le texte.")
    c = one("c.txt", "Le Royaume-Uni n'a pas signé le texte.")
    assert finding_id(a, b, "contradiction", "polarity") != finding_id(a, c, "contradiction", "polarity")


# ---------------------------------------------------------------- compare_claims on a corpus
@pytest.fixture(scope="module")
def ia_summit(shared):
    """The ia-summit dev corpus: claims extracted once, embedded with the fake encoder."""
    from checker.extract import extract_claims
    from checker.index.encoders import load_encoder
    from checker.ingest import read_corpus

    corpus = read_corpus(shared / "dev-cases" / "ia-summit" / "corpus")
    claims = extract_claims(corpus.articles)
    vectors = load_encoder("fake").encode([c.text for c in claims])
    return claims, vectors


def test_compare_engine_compare_claims_sorts_conflicts_first(ia_summit):
    claims, vectors = ia_summit
    findings = compare_claims(claims, vectors)
    verdicts = [f.verdict for f in findings]
    assert CONFLICTS & set(verdicts) and "agreement" in verdicts
    first_agreement = verdicts.index("agreement")
    assert all(v in CONFLICTS for v in verdicts[:first_agreement])
    assert all(v == "agreement" for v in verdicts[first_agreement:])
    conflicts, agreements = findings[:first_agreement], findings[first_agreement:]
    for group in (conflicts, agreements):
        assert [f.confidence for f in group] == sorted((f.confidence for f in group), reverse=True)
    assert len({f.id for f in findings}) == len(findings)


def test_compare_engine_compare_claims_finds_the_planted_discrepancies(ia_summit):
    claims, vectors = ia_summit
    found = {(f.verdict, f.kind, frozenset(r.article for r in f.claims)) for f in compare_claims(claims, vectors)}
    assert ("contradiction", "number", frozenset({"a_agence.txt", "b_quotidien.txt"})) in found
    assert ("contradiction", "polarity", frozenset({"a_agence.txt", "b_quotidien.txt"})) in found
    assert ("attribution_conflict", "speaker", frozenset({"a_agence.txt", "b_quotidien.txt"})) in found
    assert any(v == "contradiction" and k == "order" for v, k, _ in found)


def test_compare_engine_compare_claims_never_flags_the_june_event(ia_summit):
    claims, vectors = ia_summit
    for f in compare_claims(claims, vectors):
        if f.verdict in CONFLICTS:
            assert not any("20 juin" in r.text for r in f.claims), f.explanation


def test_compare_engine_findings_point_at_the_verbatim_sentences(ia_summit, shared):
    claims, vectors = ia_summit
    root: Path = shared / "dev-cases" / "ia-summit" / "corpus"
    for f in compare_claims(claims, vectors):
        assert f.claims[0].article != f.claims[1].article
        for ref in f.claims:
            text = (root / ref.article).read_bytes().decode("utf-8-sig")
            assert text[ref.start : ref.end] == ref.text


def test_compare_engine_compare_claims_is_order_independent(ia_summit):
    claims, vectors = ia_summit
    order = np.random.default_rng(7).permutation(len(claims))
    shuffled = compare_claims([claims[i] for i in order], vectors[order])
    assert {(f.id, f.verdict, f.kind) for f in shuffled} == {(f.id, f.verdict, f.kind) for f in compare_claims(claims, vectors)}


def test_compare_engine_candidate_pairs_cross_articles_only(ia_summit):
    claims, vectors = ia_summit
    pairs = candidate_pairs(claims, vectors, neighbours=2)
    assert pairs
    for i, j in pairs:
        assert i < j and claims[i].article != claims[j].article
    # two articles of one claim each are paired even with one neighbour
    a, b = one("a.txt", "Le sommet de Lyon a réuni 40 pays mardi 3 mars."), one("b.txt", "Le chat dort sur le canapé.")
    assert set(candidate_pairs([a, b], np.eye(2, dtype=np.float32), neighbours=1)) == {(0, 1)}


def test_compare_engine_compare_claims_on_nothing():
    assert compare_claims([], np.zeros((0, 64), dtype=np.float32)) == []


def test_compare_engine_two_meetings_at_other_places_and_dates_are_two_events():
    found = judged("Les diplomates russes et américains se sont rencontrés le 18 février à Ryad.",
                   "Les diplomates russes et américains se sont rencontrés le 27 février à Istanbul.", 0.97)
    assert found is None or found.verdict not in CONFLICTS


def test_compare_engine_other_participants_in_the_same_country_are_another_meeting():
    found = judged("Des négociations entre les États-Unis et l'Ukraine se sont tenues à Djeddah le 11 mars.",
                   "Des négociations entre la Russie et les États-Unis se sont tenues à Ryad le 18 février.", 0.95)
    assert found is None or found.verdict not in CONFLICTS


def test_compare_engine_same_meeting_with_another_date_is_a_date_contradiction():
    found = judged("Les diplomates russes et américains se sont rencontrés le 18 février à Ryad.",
                   "Les diplomates russes et américains se sont rencontrés le 19 février à Ryad.", 0.97)
    assert found is not None and (found.verdict, found.kind) == ("contradiction", "date")


# ---------------------------------------------------------------- who did what
def test_compare_engine_agent_and_object_swapped_is_a_role_conflict():
    found = judged("Le RC Lens a racheté le FC Sochaux pour 12 millions d'euros lundi.",
                   "Le FC Sochaux a racheté le RC Lens pour 12 millions d'euros lundi.")
    assert found and found.verdict == "contradiction" and found.kind == "role"
    assert "rc lens" in found.explanation and "fc sochaux" in found.explanation


def test_compare_engine_passive_is_not_a_swap():
    found = judged("Le RC Lens a racheté le FC Sochaux pour 12 millions d'euros lundi.",
                   "Le FC Sochaux a été racheté par le RC Lens pour 12 millions d'euros lundi.")
    assert found and found.verdict == "agreement"


def test_compare_engine_two_winners_of_one_stage_conflict():
    found = judged("Marc Dupont a remporté mardi la cinquième étape du Tour des Alpes à Briançon.",
                   "Luis Garcia a remporté mardi la cinquième étape du Tour des Alpes à Briançon.")
    assert found and found.verdict == "contradiction" and found.kind == "role"


def test_compare_engine_recipient_swapped_across_languages():
    a = one("a.txt", "La France a livré douze avions Rafale à l'Inde en mars.")
    b = one("b.txt", "India delivered twelve Rafale jets to France in March.", language="en")
    found = judge_pair(a, b, 0.92)
    assert found and found.verdict == "contradiction" and found.kind == "role"
