"""Order of two actions in one sentence, read from the parse and compared across articles
(checker.extract.events.action_order_facts, checker.compare.order)."""

from __future__ import annotations

from checker.compare.order import order_pairs
from checker.extract import extract_article
from checker.ingest import detect_language
from checker.models import Article, Claim


def claim(article: str, text: str) -> Claim:
    (found,) = extract_article(
        Article(id=article, text=text, content_hash=Article.hash_text(text), language=detect_language(text))
    )
    return found


def verdicts(left: str, right: str) -> list[str]:
    return [kind for kind, *_ in order_pairs([claim("a.txt", left), claim("b.txt", right)])]


def test_order_of_two_actions_swapped_across_outlets_is_a_conflict():
    # a subordinate clause against « d'abord ..., puis ... », and the finding names both sequences
    left = "Le plan d'urgence a été déclenché dès 6 h, avant même que la direction ne coupe le réseau."
    right = "La direction a d'abord coupé le réseau, puis déclenché le plan d'urgence."
    ((kind, a, fa, b, fb),) = order_pairs([claim("a.txt", left), claim("b.txt", right)])
    assert kind == "conflict"
    assert "déclenché" in fa.before and "coupe le réseau" in fa.after
    assert "coupé le réseau" in fb.before and "déclenché" in fb.after
    # « après avoir ... » against « ..., avant de ... »
    assert verdicts(
        "Après avoir fouillé la mairie, les gendarmes se sont rendus au domicile du maire.",
        "Les gendarmes se sont d'abord présentés au domicile du maire, avant de fouiller la mairie.",
    ) == ["conflict"]
    # a noun phrase that shares the verb: « gravés après les cerfs » (the deer were engraved first)
    assert verdicts(
        "Les bisons ont été gravés après les cerfs.", "Sur la paroi, les cerfs ont été gravés après les bisons."
    ) == ["conflict"]
    assert verdicts(
        "Organisers only halted the concerts after the storm struck, witnesses said.",
        "The storm struck the festival before the organisers halted the concerts.",
    ) == ["equal"]


def test_order_of_two_actions_told_the_same_way_is_no_conflict():
    assert verdicts(
        "Après avoir fouillé la mairie, les gendarmes se sont rendus au domicile du maire.",
        "Les enquêteurs ont perquisitionné la mairie avant de se rendre au domicile du maire.",
    ) == ["equal"]
    # a time is not an action; two unrelated sequences say nothing about each other
    assert verdicts("Le train a déraillé peu avant 8 heures.", "Le train a déraillé après 8 heures.") == []
    assert (
        verdicts("Les pompiers sont arrivés avant la police.", "Le ministre a parlé après le vote des députés.") == []
    )


def test_order_facts_of_actions_leave_the_date_slot_compared():
    # an ordered sentence still states its date: only claims ordering named events (summits) lose it
    from checker.compare.engine import _slots

    a = claim("a.txt", "Lundi 4 mai, après avoir fouillé la mairie, les gendarmes se sont rendus au domicile du maire.")
    b = claim("b.txt", "Mardi 5 mai, les gendarmes ont fouillé la mairie puis se sont rendus au domicile du maire.")
    assert a.order_facts and all(f.of_actions for f in a.order_facts)
    assert any(c.slot == "date" and c.relation == "conflict" for c in _slots(a, b))
