"""Who did what to whom: roles read from the parse, kept through the passive, prepositions deciding
where the parse attaches a complement to the wrong word."""

from __future__ import annotations

import pytest

from checker.extract.nlp import load_nlp
from checker.extract.roles import name_spans, verb_roles


@pytest.fixture(scope="module")
def fr():
    return load_nlp("fr")


@pytest.fixture(scope="module")
def en():
    return load_nlp("en")


def roles_of(nlp, text: str, lemma: str) -> set[tuple[str, str]]:
    doc = nlp(text)
    verb = next(t for t in doc if t.lemma_.casefold() == lemma)
    return set(verb_roles(doc, verb, lambda _: None))


def test_extract_roles_active_and_passive_give_the_same_roles(fr):
    active = roles_of(fr, "Le RC Lens a racheté le FC Sochaux pour 12 millions d'euros.", "racheter")
    passive = roles_of(fr, "Le FC Sochaux a été racheté par le RC Lens pour 12 millions d'euros.", "racheter")
    assert active == passive == {("agent", "~rc lens"), ("patient", "~fc sochaux")}


def test_extract_roles_preposition_decides_a_misattached_complement(fr):
    # the parse hangs « à l'Inde » on « avions »; the preposition still makes India the recipient
    roles = roles_of(fr, "La France a livré douze avions Rafale à l'Inde en mars.", "livrer")
    assert ("recipient", "~inde") in roles and ("agent", "~france") in roles


def test_extract_roles_opponent_and_runner_up(fr):
    court = roles_of(
        fr, "Le tribunal a donné raison à la coopérative Vignobles de Blaye contre Les Celliers de Bourg.", "donner"
    )
    assert {("recipient", "~vignobles blaye"), ("opponent", "~celliers bourg")} <= court
    stage = roles_of(fr, "Marc Dupont a remporté la cinquième étape devant Luis Garcia.", "remporter")
    assert {("agent", "~marc dupont"), ("behind", "~luis garcia"), ("patient", ":etape")} <= stage


def test_extract_roles_a_town_after_a_is_where_not_to_whom(fr):
    doc = fr("Luis Garcia s'est imposé à Briançon devant Marc Dupont.")
    verb = next(t for t in doc if t.lemma_ == "imposer")
    roles = verb_roles(
        doc, verb, lambda text: "Briançon" if "Briançon" in text else None, locations=frozenset({"Briançon"})
    )
    assert not any(k == "Briançon" for _, k in roles)
    assert ("behind", "~marc dupont") in roles


def test_extract_roles_english(en):
    assert roles_of(en, "Lens bought Sochaux for 12 million euros on Monday.", "buy") >= {
        ("agent", "~lens"),
        ("patient", "~sochaux"),
    }
    assert ("recipient", "~india") in roles_of(en, "France delivered twelve Rafale jets to India in March.", "deliver")


def test_extract_roles_name_spans_join_through_de(fr):
    doc = fr("Les Celliers de Bourg ont assigné la coopérative de Blaye.")
    assert [doc[s:e].text for s, e in name_spans(doc)] == ["Celliers de Bourg", "Blaye"]


def test_extract_roles_the_antecedent_of_qui_is_the_agent(fr):
    """The name a relative « qui » stands for does the act of its clause (the parse hangs it above the verb)."""
    roles = roles_of(fr, "Le directeur, Paul Martin, qui a signé l'accord, est parti mardi.", "signer")
    assert {("agent", "~paul martin"), ("patient", ":accord")} <= roles
    cleft = roles_of(fr, "C'est Anne Roux qui a alerté les pompiers.", "alerter")
    assert ("agent", "~anne roux") in cleft


def test_extract_roles_a_passive_subject_is_the_thing_acted_on(fr):
    roles = roles_of(fr, "L'alerte a été donnée vers 6 heures par une voisine, Anne Roux.", "donner")
    assert {("agent", "~anne roux"), ("patient", ":alerte")} <= roles


@pytest.mark.parametrize(
    ("text", "sole"),
    [
        ("C'est Paul Martin qui a alerté les pompiers.", True),
        ("C'est finalement le directeur, Paul Martin, qui a signé l'accord.", True),
        ("Ce sont les Américains qui ont approché le club.", True),
        ("Le directeur, Paul Martin, qui a signé l'accord, est parti mardi.", False),
        ("Paul Martin a alerté les pompiers.", False),
    ],
)
def test_extract_roles_a_cleft_gives_the_act_one_agent(text, sole):
    from checker.extract import extract_article
    from checker.models import Article

    (claim,) = extract_article(Article(id="x.txt", text=text, content_hash=Article.hash_text(text), language="fr"))
    verbs = [f for f in claim.frames if f.predicate in {"alerter", "signer", "approcher"}]
    assert verbs and verbs[0].sole is sole


def _frames(text: str):
    from checker.extract import extract_article
    from checker.models import Article

    (claim,) = extract_article(Article(id="x.txt", text=text, content_hash=Article.hash_text(text), language="fr"))
    return claim.frames


def test_extract_roles_a_light_verb_is_compared_as_its_one_verb():
    """« donner l'alerte » is « alerter » (its object dissolves); « déposer plainte » is « porter plainte »."""
    (alert,) = [f for f in _frames("L'alerte a été donnée par une voisine, Anne Roux.") if f.roles]
    assert alert.predicate == "alerter" and ("patient", ":alerte") not in alert.roles
    (complaint,) = [f for f in _frames("Anne Roux a déposé plainte contre Paul Martin.") if f.roles]
    assert complaint.predicate == "porter" and ("patient", ":plainte") in complaint.roles


def test_extract_roles_an_agent_that_names_no_entity_is_a_thing():
    (alert,) = [f for f in _frames("L'alerte a été donnée par son épouse dans la soirée.") if f.roles]
    assert ("agent", ":epouse") in alert.roles
