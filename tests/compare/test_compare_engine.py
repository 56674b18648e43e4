"""The comparison engine: decisions from the judge's probabilities, the evidence they carry, attribution,
stable ids, and compare_claims over a real corpus with a stand-in judge (the real one: test_compare_judge)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from checker.compare import candidate_pairs, compare_claims, decide, finding_id
from checker.compare.engine import DECISION_FILES, Decision, load_decision, named_decision
from checker.config import Settings
from checker.extract import extract_article
from checker.ingest import detect_language
from checker.models import Article, Claim

CONFLICTS = {"contradiction", "attribution_conflict"}
DECISION = Decision(agreement=0.6, contradiction=0.6, contradiction_with_slot=0.35, same_statement=0.85)


@dataclass(frozen=True)
class Judged:
    """What the engine reads of a judgement."""

    agreement: float
    contradiction: float
    unrelated: float

    @property
    def label(self) -> str:
        return max(("agreement", "contradiction", "unrelated"), key=lambda k: getattr(self, k))


AGREE, CONFLICT, UNRELATED = Judged(0.9, 0.05, 0.05), Judged(0.05, 0.9, 0.05), Judged(0.05, 0.05, 0.9)
WEAK_CONFLICT = Judged(0.3, 0.4, 0.3)


def extracted(article: str, text: str, **meta) -> list[Claim]:
    meta.setdefault("language", detect_language(text))
    return extract_article(Article(id=article, text=text, content_hash=Article.hash_text(text), **meta))


def one(article: str, text: str, **meta) -> Claim:
    (found,) = extracted(article, text, **meta)
    return found


def decided(left: str, right: str, judged: Judged, similarity: float = 0.9, decision: Decision = DECISION):
    """decide() both ways on the single claims of two one-sentence articles; both ways must agree."""
    a, b = one("a.txt", left), one("b.txt", right)
    forward = decide(a, b, judged, similarity, decision=decision)
    backward = decide(b, a, judged, similarity, decision=decision)
    assert (forward and (forward.id, forward.verdict, forward.kind, forward.confidence)) == (
        backward and (backward.id, backward.verdict, backward.kind, backward.confidence)
    )
    return forward


# ---------------------------------------------------------------- decisions and their evidence
def test_compare_engine_conflict_names_the_figure_that_differs():
    found = decided(
        "Soixante et un pays ont signé mardi la déclaration finale du sommet de Paris.",
        "La déclaration finale du sommet de Paris a été signée mardi par 58 pays.",
        CONFLICT,
    )
    assert (found.verdict, found.kind) == ("contradiction", "number")
    assert "61 country" in found.explanation and "58 country" in found.explanation
    assert "0.90" in found.explanation  # the judge's probability is shown
    assert any(c.slot == "number" and c.relation == "conflict" for c in found.compared)
    assert found.confidence == 0.9


def test_compare_engine_conflict_without_a_named_value_says_the_judge_decided_alone():
    found = decided("Kiev s'est opposé à ce cessez-le-feu.", "L'Ukraine serait favorable à ce cessez-le-feu.", CONFLICT)
    assert (found.verdict, found.kind) == ("contradiction", "other")
    assert "decided alone" in found.explanation and "0.90" in found.explanation


def test_compare_engine_a_differing_figure_lets_a_weaker_conflict_stand():
    left, right = "Le sommet de Lyon a réuni 40 pays mardi.", "Le sommet de Lyon a réuni 47 pays mardi."
    found = decided(left, right, WEAK_CONFLICT)
    assert (found.verdict, found.kind) == ("contradiction", "number")
    # without a value that differs, the same weak judgement is no finding
    assert (
        decided(
            "Kiev s'est opposé à ce cessez-le-feu.", "L'Ukraine serait favorable à ce cessez-le-feu.", WEAK_CONFLICT
        )
        is None
    )


def test_compare_engine_same_fact_with_a_differing_place_is_a_conflict_when_the_decision_says_so():
    left = "Trois nouveau-nés ont été transférés lundi à Rouen."
    right = "Lundi, trois nouveau-nés ont été transférés à Amiens."
    leaning_agree = Judged(0.7, 0.28, 0.02)  # one fact for sure, the judge itself leans to agreement
    slot_led = DECISION.model_copy(update={"same_fact_with_slot": 0.95})
    found = decided(left, right, leaning_agree, decision=slot_led)
    assert (found.verdict, found.kind) == ("contradiction", "place")
    assert "Rouen" in found.explanation and "Amiens" in found.explanation
    assert "the same fact 0.98" in found.explanation and "0.28" in found.explanation
    assert found.confidence == 0.28  # the judge's own probability of a conflict, not the rule's
    # off (the default), or the judge less sure of one fact: no conflict, and no agreement either (two towns)
    assert decided(left, right, leaning_agree) is None
    unsure = Judged(0.6, 0.28, 0.12)
    assert decided(left, right, unsure, decision=slot_led) is None
    same_town = "Lundi, trois nouveau-nés ont été transférés à Rouen."
    assert decided(left, same_town, leaning_agree, decision=slot_led).verdict == "agreement"


def test_compare_engine_same_fact_rule_reads_only_the_slots_the_decision_names():
    leaning_agree = Judged(0.7, 0.28, 0.02)
    figures_only = DECISION.model_copy(update={"same_fact_with_slot": 0.95, "same_fact_slots": ("number",)})
    towns = (
        "Trois nouveau-nés ont été transférés lundi à Rouen.",
        "Lundi, trois nouveau-nés ont été transférés à Amiens.",
    )
    assert decided(*towns, leaning_agree, decision=figures_only) is None
    counts = ("Quatorze patients ont été transférés lundi.", "Lundi, dix-neuf patients ont été transférés.")
    found = decided(*counts, leaning_agree, decision=figures_only)
    assert (found.verdict, found.kind) == ("contradiction", "number")
    assert "Quatorze" in found.explanation and "dix-neuf" in found.explanation


def test_compare_engine_one_count_told_with_two_figures_is_a_conflict_when_the_decision_says_so():
    one_count = DECISION.model_copy(update={"same_fact_one_count": 0.8})
    leaning_agree = Judged(0.6, 0.25, 0.15)  # one fact (0.85), the judge itself leans to agreement
    left, right = "Douze policiers ont été blessés dans la nuit.", "Neuf policiers ont été blessés dans la nuit."
    found = decided(left, right, leaning_agree, decision=one_count)
    assert (found.verdict, found.kind) == ("contradiction", "number")
    assert "Douze" in found.explanation and "Neuf" in found.explanation
    assert "one figure each" in found.explanation and "0.85" in found.explanation
    assert found.confidence == 0.25
    # off (the default), or the judge less sure of one fact: no finding
    assert decided(left, right, leaning_agree) is None
    assert decided(left, right, Judged(0.5, 0.25, 0.25), decision=one_count) is None


def test_compare_engine_one_count_rule_leaves_updates_lists_and_far_apart_figures():
    one_count = DECISION.model_copy(update={"same_fact_one_count": 0.8})
    leaning_agree = Judged(0.6, 0.25, 0.15)
    first = "Au moins 90 vols ont été annulés mardi."
    # the later sentence states the earlier figure too: an update
    assert (
        decided(
            first,
            "Mardi, 140 vols ont été annulés, contre 90 annoncés à la mi-journée.",
            leaning_agree,
            decision=one_count,
        )
        is None
    )
    # figures an order of magnitude apart: two counts of different things
    assert (
        decided(
            "Douze policiers ont été blessés.",
            "Cent vingt policiers ont été blessés.",
            leaning_agree,
            decision=one_count,
        )
        is None
    )
    # a claim with two figures of the unit says which count is which: the judge decides
    listing = "Douze policiers ont été blessés mardi et 15 policiers mercredi."
    assert decided("Neuf policiers ont été blessés mardi.", listing, leaning_agree, decision=one_count) is None


def test_compare_engine_agreement_lists_the_values_both_state():
    found = decided(
        "Le sommet de Lyon a réuni 40 pays mardi 3 mars.", "Mardi 3 mars, le sommet de Lyon a réuni 40 pays.", AGREE
    )
    assert (found.verdict, found.kind) == ("agreement", None)
    assert any(c.slot == "number" and c.relation == "equal" for c in found.compared)
    assert "agreement 0.90" in found.explanation


def test_compare_engine_no_agreement_against_figures_or_places_that_differ():
    """The judge's agreement is no verdict when the claims state figures or towns that exclude each other."""
    figures = (
        "Au total, 37 exploitations ont bénéficié de ces aides.",
        "Vingt-sept exploitations ont bénéficié de ces aides.",
    )
    assert decided(*figures, AGREE) is None
    towns = ("Le convoi est arrivé mardi à Rouen.", "Le convoi est arrivé mardi à Amiens.")
    assert decided(*towns, AGREE) is None
    rounded = (
        "Au total, 37 exploitations ont bénéficié de ces aides.",
        "Près de 40 exploitations ont bénéficié de ces aides.",
    )
    assert decided(*rounded, AGREE).verdict == "agreement"  # « près de 40 » and 37 are compatible


def test_compare_engine_two_stages_of_one_count_are_no_contradiction():
    """A first count against a later one (the later sentence says it is an update, or the earlier that it was
    provisional) is neither a contradiction nor an agreement, however sure the judge; the same figures without
    those words, or both at the same stage, still conflict."""
    first = "Selon un premier bilan, au moins 1 800 appels d'urgence n'ont pas abouti."
    later = "Le ministère a recensé 4 300 appels d'urgence non aboutis, selon son dernier bilan."
    plain = "Le ministère a recensé 4 300 appels d'urgence non aboutis."
    revised = "Le bilan a été revu à la hausse : 2 750 hectares de vignes ont été touchés."
    assert decided(first, later, CONFLICT) is None
    assert decided(first, plain, CONFLICT) is None
    assert decided("Au total, 2 300 hectares de vignes ont été touchés.", revised, CONFLICT) is None
    assert decided("Au moins 1 800 appels d'urgence n'ont pas abouti.", plain, CONFLICT).kind == "number"
    both = decided(
        "Selon le dernier bilan, 1 800 appels d'urgence n'ont pas abouti.", later, CONFLICT
    )  # two outlets' latest counts that differ
    assert (both.verdict, both.kind) == ("contradiction", "number")
    # the judge alone (the figures count things the extraction does not pair): still two stages of one count
    assert (
        decided(
            "Le bilan s'est alourdi : 17 enfants souffrant de nausées ont été transportés à l'hôpital.",
            "Neuf enfants qui se plaignaient de nausées ont été transportés à l'hôpital, selon un premier bilan.",
            CONFLICT,
        )
        is None
    )
    # another place is no update of a count
    moved = decided(
        "Selon un premier bilan, neuf enfants ont été transportés à l'hôpital de Colmar.",
        "Dix-sept enfants ont été transportés à l'hôpital de Mulhouse.",
        CONFLICT,
    )
    assert moved is not None and moved.verdict == "contradiction"


def test_compare_engine_not_the_same_fact_gives_nothing():
    assert (
        decided("Le chat dort sur le canapé du salon.", "La bourse de Tokyo a clôturé en hausse jeudi.", UNRELATED)
        is None
    )
    # a figure that differs is no conflict when the judge reads two different facts
    assert decided("Le séisme de 2019 avait fait 300 morts.", "Le séisme de mardi a fait 632 morts.", UNRELATED) is None


def test_compare_engine_thresholds_come_from_the_decision():
    a, b = one("a.txt", "Le sommet de Lyon a réuni 40 pays."), one("b.txt", "Quarante pays étaient au sommet de Lyon.")
    judged = Judged(0.65, 0.2, 0.15)
    assert decide(a, b, judged, 0.9, decision=DECISION).verdict == "agreement"
    stricter = DECISION.model_copy(update={"agreement": 0.7})
    assert decide(a, b, judged, 0.9, decision=stricter) is None


def test_compare_engine_shipped_decision_is_valid_and_explained():
    decision = load_decision()
    for name in ("agreement", "contradiction", "contradiction_with_slot", "same_statement"):
        assert 0.0 < getattr(decision, name) < 1.0
        assert decision.why.get(name), f"decision.json gives no reason for {name}"
    assert decision.contradiction_with_slot <= decision.contradiction


def test_compare_engine_named_decisions_cautious_by_default_and_wide_looser():
    cautious, wide = named_decision("cautious"), named_decision("wide")
    assert cautious == load_decision() and set(DECISION_FILES) == {"cautious", "wide"}
    for decision in (cautious, wide):  # each file says what it is and how it measured
        assert "P " in decision.why["profile"] and "forbidden" in decision.why["profile"]
    names = ("agreement", "contradiction", "contradiction_with_slot", "same_statement", "same_fact_with_slot")
    assert all(getattr(wide, n) <= getattr(cautious, n) for n in names)  # nothing stricter, something looser
    assert any(getattr(wide, n) < getattr(cautious, n) for n in names)


def test_compare_engine_wide_thresholds_say_a_conflict_the_cautious_ones_leave():
    # a figure that differs, the judge leaning to a contradiction between the two profiles' thresholds
    left, right = "Le sommet de Lyon a réuni 40 pays mardi 3 mars.", "Le sommet de Lyon a réuni 55 pays mardi 3 mars."
    judged = Judged(0.3, 0.55, 0.15)  # one fact at 0.85: under the one-count rule's 0.9
    wide = decided(left, right, judged, decision=named_decision("wide"))
    assert wide is not None and (wide.verdict, wide.kind) == ("contradiction", "number")
    assert decided(left, right, judged, decision=named_decision("cautious")) is None


# ---------------------------------------------------------------- attribution
def test_compare_engine_attribution_conflict_on_the_same_quote():
    found = decided(
        "« Nous avons besoin de règles communes », a déclaré Emmanuel Macron.",
        "« Nous avons besoin de règles communes », a déclaré Dmitri Peskov.",
        UNRELATED,
    )
    assert (found.verdict, found.kind) == ("attribution_conflict", "speaker")
    assert "Emmanuel Macron" in found.explanation and "Dmitri Peskov" in found.explanation
    assert {ref.speaker for ref in found.claims} == {"Emmanuel Macron", "Dmitri Peskov"}


def test_compare_engine_same_statement_read_by_the_judge_in_indirect_speech():
    direct = "« La situation est sous contrôle », a déclaré le préfet Jean Morel."
    indirect = "Le maire, Paul Garnier, a assuré que la situation était sous contrôle."
    found = decided(direct, indirect, AGREE)
    assert (found.verdict, found.kind) == ("attribution_conflict", "speaker")
    assert "pair judge reads the same statement" in found.explanation
    # a weaker agreement is not enough to put the same words in two mouths
    weaker = decided(direct, indirect, Judged(0.7, 0.1, 0.2))
    assert weaker is None or weaker.verdict == "agreement"


def test_compare_engine_same_quote_same_speaker_agrees():
    found = decided(
        "« Nous avons besoin de règles communes », a déclaré Emmanuel Macron.",
        "« Nous avons besoin de règles communes », a affirmé mardi le président Emmanuel Macron.",
        UNRELATED,
    )
    assert found.verdict == "agreement" and found.kind is None


# ---------------------------------------------------------------- finding ids
def test_compare_engine_finding_id_is_stable_whatever_the_order():
    a = one("a.txt", "Le Royaume-Uni a signé le texte.")
    b = one("b.txt", "Le Royaume-Uni n'a pas signé le texte.")
    assert finding_id(a, b, "contradiction", "polarity") == finding_id(b, a, "contradiction", "polarity")
    assert finding_id(a, b, "contradiction", "polarity") != finding_id(a, b, "agreement", None)
    first = decide(a, b, CONFLICT, 0.9, decision=DECISION)
    # the id rests on the sentences, not on the claim ids, the similarity or the probabilities
    assert (
        first.id == decide(b.model_copy(update={"id": "other"}), a, Judged(0.1, 0.8, 0.1), 0.97, decision=DECISION).id
    )
    c = one("c.txt", "Le Royaume-Uni n'a pas signé le texte.")
    assert finding_id(a, b, "contradiction", "polarity") != finding_id(a, c, "contradiction", "polarity")


# ---------------------------------------------------------------- compare_claims on a corpus
class WordJudge:
    """A deterministic stand-in for the judge: claims sharing many words agree, unless their figures
    differ (conflict); the rest are different facts. Enough to drive the engine without a model."""

    def __init__(self) -> None:
        self.pairs = 0

    def judge_claims(self, pairs, batch_size=32, progress=None):
        out = []
        for a, b in pairs:
            self.pairs += 1
            shared = len(set(a.keywords) & set(b.keywords))
            if shared < 3:
                out.append(UNRELATED)
            elif (
                {q.value for q in a.numbers}
                and {q.value for q in b.numbers}
                and not ({q.value for q in a.numbers} & {q.value for q in b.numbers})
            ):
                out.append(CONFLICT)
            else:
                out.append(AGREE)
        return out


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


def run(claims, vectors, **kw):
    return compare_claims(claims, vectors, judge=WordJudge(), decision=DECISION, **kw)


def test_compare_engine_compare_claims_sorts_conflicts_first(ia_summit):
    findings = run(*ia_summit)
    verdicts = [f.verdict for f in findings]
    assert CONFLICTS & set(verdicts) and "agreement" in verdicts
    first_agreement = verdicts.index("agreement")
    assert all(v in CONFLICTS for v in verdicts[:first_agreement])
    assert all(v == "agreement" for v in verdicts[first_agreement:])
    for group in (findings[:first_agreement], findings[first_agreement:]):
        assert [f.confidence for f in group] == sorted((f.confidence for f in group), reverse=True)
    assert len({f.id for f in findings}) == len(findings)


def test_compare_engine_compare_claims_judges_each_candidate_once(ia_summit):
    claims, vectors = ia_summit
    judge = WordJudge()
    compare_claims(claims, vectors, judge=judge, decision=DECISION)
    assert judge.pairs == len(candidate_pairs(claims, vectors, Settings().neighbours))
    wider = WordJudge()
    compare_claims(claims, vectors, neighbours=8, judge=wider, decision=DECISION)
    assert wider.pairs == len(candidate_pairs(claims, vectors, 8)) > judge.pairs


def test_compare_engine_findings_point_at_the_verbatim_sentences(ia_summit, shared):
    root: Path = shared / "dev-cases" / "ia-summit" / "corpus"
    for f in run(*ia_summit):
        assert f.claims[0].article != f.claims[1].article
        for ref in f.claims:
            text = (root / ref.article).read_bytes().decode("utf-8-sig")
            assert text[ref.start : ref.end] == ref.text


def test_compare_engine_compare_claims_is_order_independent(ia_summit):
    claims, vectors = ia_summit
    order = np.random.default_rng(7).permutation(len(claims))
    shuffled = run([claims[i] for i in order], vectors[order])
    assert {(f.id, f.verdict, f.kind) for f in shuffled} == {(f.id, f.verdict, f.kind) for f in run(claims, vectors)}


def test_compare_engine_focus_keeps_pairs_with_a_new_claim(ia_summit):
    claims, vectors = ia_summit
    new = {i for i, c in enumerate(claims) if c.article == "b_quotidien.txt"}
    for f in run(claims, vectors, focus=new):
        assert any(ref.article == "b_quotidien.txt" for ref in f.claims)


def test_compare_engine_candidate_pairs_cross_articles_only(ia_summit):
    claims, vectors = ia_summit
    pairs = candidate_pairs(claims, vectors, neighbours=2)
    assert pairs
    for i, j in pairs:
        assert i < j and claims[i].article != claims[j].article
    # two articles of one claim each are paired even with one neighbour
    a, b = one("a.txt", "Le sommet de Lyon a réuni 40 pays mardi 3 mars."), one("b.txt", "Le chat dort sur le canapé.")
    assert set(candidate_pairs([a, b], np.eye(2, dtype=np.float32), neighbours=1)) == {(0, 1)}


def test_compare_engine_candidate_pairs_same_exact_figure_whatever_the_rank():
    """Two articles stating the same figure of one unit are compared even when the embedding puts them far
    apart; a figure more claims state than SHARED_FIGURE_MAX_CLAIMS picks out no fact and adds nothing."""
    from checker.compare.engine import SHARED_FIGURE_MAX_CLAIMS

    a = one("a.txt", "Parmi les victimes figurent neuf enfants, dont un nourrisson.")
    b = one("b.txt", "L'intoxication a touché 31 personnes, dont 9 enfants, selon les secours.")
    fillers = [one(f"f{i}.txt", f"Le conseil municipal se réunira le {i + 2} juin.") for i in range(4)]
    claims = [a, b, *fillers]
    vectors = np.eye(len(claims), dtype=np.float32)  # every pair as far apart as any other
    assert (0, 1) in candidate_pairs(
        claims, vectors, neighbours=1, search=lambda q, k: [[(i, 1.0)] for i in range(len(q))]
    )
    many = [
        one(f"m{i}.txt", "L'intoxication a touché 9 enfants, selon les secours.")
        for i in range(SHARED_FIGURE_MAX_CLAIMS + 1)
    ]
    vectors = np.eye(len(many), dtype=np.float32)
    assert not candidate_pairs(many, vectors, neighbours=1, search=lambda q, k: [[(i, 1.0)] for i in range(len(q))])


def test_compare_engine_compare_claims_on_nothing():
    assert compare_claims([], np.zeros((0, 64), dtype=np.float32), judge=WordJudge(), decision=DECISION) == []


def test_compare_engine_two_bodies_credited_with_one_statement_disagree_on_attribution():
    left = "Le feu a parcouru quelque deux hectares, selon le Sdis 65."
    right = "Selon la gendarmerie, le feu a parcouru deux hectares."
    found = decided(left, right, Judged(0.9, 0.05, 0.05))
    assert (found.verdict, found.kind) == ("attribution_conflict", "source")
    assert "different sources" in found.explanation and "Sdis 65" in found.explanation
    # the same kind of body under two names is one source
    assert decided("Selon les pompiers, le feu a parcouru deux hectares.", left, AGREE).verdict == "agreement"


def test_compare_engine_no_same_statement_when_the_figures_differ():
    """« près de 300 hectares, selon la mairie » and « 2 300 hectares, selon la chambre d'agriculture » are two
    statements, whatever the judge reads."""
    part = "À Meursault seulement, près de 300 hectares ont été touchés, selon la mairie."
    whole = "Selon la chambre d'agriculture de Côte-d'Or, 2 300 hectares de vignes ont été touchés."
    found = decided(part, whole, Judged(0.9, 0.05, 0.05))
    assert found is None or found.verdict != "attribution_conflict"


def test_compare_engine_two_quotes_are_one_statement_only_in_the_same_words():
    """Two people's reactions to one event, each quoted: however alike the judge finds them, not the same
    statement; the same words quoted from two people are."""
    first = "« Nous sommes dévastés. Nos pensées vont aux victimes », a réagi Laurent Vasseur, PDG du promoteur."
    other = "« C'est un drame épouvantable. Mes pensées vont aux blessés », a réagi la maire, Anne-Sophie Delorme."
    same = "« Nous sommes dévastés. Nos pensées vont aux victimes », a déclaré Patricia Oudin, du loueur de la grue."
    found = decided(first, other, AGREE)
    assert found is None or found.verdict != "attribution_conflict"
    found = decided(first, same, AGREE)
    assert (found.verdict, found.kind) == ("attribution_conflict", "speaker")


def test_compare_engine_indirect_speech_quoting_a_fragment_is_left_to_the_judge():
    """« X a estimé qu'… « quelques mots » »: indirect speech that quotes a few of its words is not a quote for the
    two-quotes rule; the judge says whether it is the statement another person is quoted saying."""
    quoted = "« Les dockers ne sont pas une variable d'ajustement », a lancé Marc Delvaux, délégué CGT du port."
    indirect = (
        "Nadia Benali, porte-parole des dockers, a estimé que les dockers n'étaient pas une variable d'ajustement "
        "et que la direction devait « revoir sa copie »."
    )
    found = decided(quoted, indirect, AGREE)
    assert (found.verdict, found.kind) == ("attribution_conflict", "speaker")
    assert "Marc Delvaux" in found.explanation and "Nadia Benali" in found.explanation


def test_compare_engine_a_conjunction_que_does_not_make_a_quote_indirect():
    """« alors que », « ne … que » outside the quote are no indirect speech: two quoted reactions stay two."""
    first = "« Nous sommes dévastés », a réagi Laurent Vasseur, alors que les secours fouillaient encore les décombres."
    other = "« C'est un drame épouvantable », a réagi la maire, Anne-Sophie Delorme, qui n'a parlé que brièvement."
    found = decided(first, other, AGREE)
    assert found is None or found.verdict != "attribution_conflict"


def test_compare_engine_a_cleft_and_another_agent_conflict_on_who_did_it():
    """« C'est X qui a donné l'alerte » against « L'alerte a été donnée par Y »: the act has one agent, two outlets
    name two; read with the same-fact rule (the judge all but sure both tell one fact), the finding names both."""
    shipped = load_decision()
    assert "role" in shipped.same_fact_slots
    cleft = "C'est le gardien du parc, Paul Martin, qui a donné l'alerte vers 6 heures."
    passive = "L'alerte a été donnée vers 6 heures par une voisine, Anne Roux."
    found = decided(cleft, passive, Judged(0.6, 0.39, 0.01), decision=shipped)
    assert (found.verdict, found.kind) == ("contradiction", "role")
    assert "martin" in found.explanation.casefold() and "rux" in found.explanation.casefold()
    assert "reads who did it otherwise" in found.explanation
    # without the cleft, two people may each have done it (the judge decides alone, and is unsure here)
    plain = "Le gardien du parc, Paul Martin, a donné l'alerte vers 6 heures."
    found = decided(plain, passive, Judged(0.6, 0.39, 0.01), decision=shipped)
    assert found is None or found.verdict != "contradiction"
    # and a judge less sure that both tell one fact leaves the cleft alone
    found = decided(cleft, passive, Judged(0.6, 0.3, 0.1), decision=shipped)
    assert found is None or found.verdict != "contradiction"


def test_compare_engine_who_did_it_compares_like_with_like():
    """Two agents that name no entity conflict on a cleft's act (« son épouse » / « le chasseur »); a noun against
    a name does not (« un pêcheur » may be « Gérard Pellerin »)."""
    from checker.compare.slots import compare_roles

    wife = one("a.txt", "L'alerte a été donnée par son épouse, qui a appelé le 112.")
    hunter = one("b.txt", "C'est le chasseur lui-même qui a donné l'alerte, avant de prodiguer les premiers soins.")
    assert [c.relation for c in compare_roles(wife, hunter)] == ["conflict"]
    fisher = one("a.txt", "C'est un pêcheur qui a donné l'alerte à l'aube.")
    named = one("b.txt", "C'est Gérard Pellerin qui a donné l'alerte à l'aube.")
    assert not [c for c in compare_roles(fisher, named) if c.relation == "conflict"]


def test_compare_engine_times_of_day_that_differ_are_a_date_conflict_on_the_same_fact():
    sure_one_fact = Judged(0.7, 0.29, 0.01)  # one fact for sure, the judge itself leans to agreement
    slot_led = DECISION.model_copy(update={"same_fact_with_slot": 0.98, "same_fact_slots": ("date", "time")})
    left = "La coupure de courant est survenue mardi à 17 h 48 sur la ligne 1."
    right = "Mardi, la coupure de courant sur la ligne 1 est survenue peu après 18 h 30."
    found = decided(left, right, sure_one_fact, decision=slot_led)
    assert (found.verdict, found.kind) == ("contradiction", "date")
    assert found.conflict() is not None and found.conflict().slot == "time"
    assert "time of day" in found.explanation and "17 h 48" in found.explanation and "18 h 30" in found.explanation
    # the figures of a time are no figures: no number conflict 48 / 30
    assert not any(c.slot == "number" for c in found.compared)
    # the same time, told otherwise: an agreement that names it
    same = decided(left, "Mardi, vers 17 h 45, la coupure de courant est survenue sur la ligne 1.", AGREE)
    assert same.verdict == "agreement" and "time of day" in same.explanation


def test_compare_engine_the_same_sentence_word_for_word_is_an_agreement_whatever_the_judge_says():
    """The judge never learnt a sentence against itself and reads some at P(contradiction) 0.98: two articles that
    print one sentence (one dispatch, two outlets) agree on it."""
    sentence = "Le sommet de Lyon a réuni 40 pays mardi 3 mars."
    found = decided(sentence, sentence, CONFLICT)
    assert (found.verdict, found.kind) == ("agreement", None)
    assert "word for word" in found.explanation and "40 country" in found.explanation
    # spacing, case and apostrophes aside
    assert decided("L'accord a été signé mardi 3 mars.", "L’accord  a été signé mardi 3 mars.", CONFLICT).verdict == (
        "agreement"
    )
    # the same words with a value read otherwise (« hier » in articles a week apart): no finding, not a conflict
    a = one("a.txt", "Le sommet s'est tenu hier.", published="2026-03-05")
    b = one("b.txt", "Le sommet s'est tenu hier.", published="2026-03-12")
    assert decide(a, b, CONFLICT, 0.9, decision=DECISION) is None


def test_compare_engine_two_denials_are_no_contradiction_by_the_judge_alone():
    """The judge reads a negation on each side as a contradiction (« Le maire n'a pas souhaité commenter. » twice:
    0.97): two negative sentences make no conflict on its word alone; a value that differs still does."""
    left, right = "Le maire n'a pas souhaité commenter.", "Le maire n'a pas voulu faire de commentaire."
    assert decided(left, right, CONFLICT) is None
    # one yes against one no: the judge's word stands
    yes, no = "Le maire a souhaité commenter l'accident.", "Le maire n'a pas voulu commenter l'accident."
    found = decided(yes, no, CONFLICT)
    assert found.verdict == "contradiction"
    # two denials that name different figures: the figure's conflict stands
    counts = decided("Aucun des 40 salariés n'a été blessé.", "Aucun des 55 salariés n'a été blessé.", CONFLICT)
    assert (counts.verdict, counts.kind) == ("contradiction", "number")
