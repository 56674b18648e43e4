"""The learnt conflict step (checker/compare/conflict_model.py): its features, how decide uses it, and the
shipped weights' file."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pytest

from checker.compare.conflict_model import (
    FEATURES,
    MODEL_FILE,
    ConflictModel,
    features,
    judge_fingerprint,
    load_conflict_model,
)
from checker.compare.engine import Decision, _slots, decide, load_decision
from checker.errors import ModelError
from checker.extract import extract_article
from checker.models import Article, Claim

DECISION = Decision(agreement=0.6, contradiction=0.6, contradiction_with_slot=0.35, same_statement=0.85)


@dataclass(frozen=True)
class Judged:
    agreement: float
    contradiction: float
    unrelated: float
    label: str = "agreement"


def one(article: str, text: str) -> Claim:
    (found,) = extract_article(Article(id=article, text=text, content_hash=Article.hash_text(text), language="fr"))
    return found


LEFT = "Quatorze patients ont été transférés lundi vers Amiens."
RIGHT = "Lundi, dix-neuf patients ont été transférés vers Amiens."


def model_on(feature: str, threshold: float = 0.5) -> ConflictModel:
    """A model that reads one feature only: a contradiction exactly when it is 1."""
    weights = [10.0 if name == feature else 0.0 for name in FEATURES]
    return ConflictModel(
        features=FEATURES,
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        weights=tuple(weights),
        bias=-5.0,
        threshold=threshold,
        judge=judge_fingerprint(),
    )


def test_conflict_model_features_read_the_judge_and_the_values():
    a, b = one("a.txt", LEFT), one("b.txt", RIGHT)
    judged = Judged(0.7, 0.2, 0.1)
    x = dict(zip(FEATURES, features(a, b, judged, 0.93, _slots(a, b))))
    assert (x["p_agreement"], x["p_contradiction"], x["p_unrelated"], x["cosine"]) == (0.7, 0.2, 0.1, 0.93)
    assert x["number_conflict"] == 1.0 and x["number_agrees"] == 0.0
    assert x["number_conflict_x_same_fact"] == pytest.approx(0.9)
    assert x["place_agrees"] == 1.0 and x["place_conflict"] == 0.0
    assert x["same_language"] == 1.0
    assert x["one_count"] == 1.0  # one figure of one unit each, close: two outlets' figures for one count
    assert x["both_negative"] == 0.0


def test_conflict_model_features_read_denials_and_times_of_day():
    a = one("a.txt", "Le maire n'a pas souhaité commenter l'incendie survenu lundi à 14 h.")
    b = one("b.txt", "Le maire n'a pas voulu commenter l'incendie survenu lundi à 17 h.")
    x = dict(zip(FEATURES, features(a, b, Judged(0.2, 0.7, 0.1), 0.9, _slots(a, b))))
    assert x["both_negative"] == 1.0
    assert (x["time_conflict"], x["time_agrees"]) == (1.0, 0.0)
    assert x["one_count"] == 0.0  # no figure


def test_conflict_model_features_read_two_moments_and_a_plan_against_its_outcome():
    # one count at two times of day: the figure and the time both differ
    a = one("a.txt", "Lundi à 8 h, 120 taxis bloquaient le périphérique.")
    b = one("b.txt", "Lundi à midi, 300 taxis bloquaient le périphérique.")
    x = dict(zip(FEATURES, features(a, b, Judged(0.2, 0.7, 0.1), 0.9, _slots(a, b))))
    assert (x["number_conflict"], x["time_conflict"], x["two_values_differ"]) == (1.0, 1.0, 1.0)
    assert (x["future_against_past"], x["markers_differ"]) == (0.0, 0.0)
    # only the figure differs: one value, not two moments
    c = one("c.txt", "Lundi à 8 h, 300 taxis bloquaient le périphérique.")
    assert dict(zip(FEATURES, features(a, c, Judged(0.2, 0.7, 0.1), 0.9, _slots(a, c))))["two_values_differ"] == 0.0
    # a plan and what happened: the main verbs' tenses say so
    plan = one("d.txt", "Le syndicat réunira 5 000 manifestants samedi à Lyon.")
    done = one("e.txt", "Le syndicat a réuni 3 000 manifestants samedi à Lyon.")
    assert {plan.tense, done.tense} == {"future", "past"}
    y = dict(zip(FEATURES, features(plan, done, Judged(0.2, 0.7, 0.1), 0.9, _slots(plan, done))))
    assert y["future_against_past"] == 1.0
    # a fact recalled against the fact itself: their event markers differ
    recalled = one("f.txt", "En 2019, 300 taxis avaient déjà bloqué le périphérique.")
    assert set(recalled.event_markers) != set(a.event_markers)
    assert (
        dict(zip(FEATURES, features(a, recalled, Judged(0.2, 0.7, 0.1), 0.9, _slots(a, recalled))))["markers_differ"]
        == 1.0
    )


def test_conflict_model_on_fewer_features_reads_only_those():
    """A step learnt before a feature was added still loads, and weighs its own features in its own order."""
    names = ("p_contradiction", "number_conflict")
    model = ConflictModel(
        features=names,
        mean=(0.0, 0.0),
        scale=(1.0, 1.0),
        weights=(0.0, 10.0),
        bias=-5.0,
        threshold=0.5,
        judge=judge_fingerprint(),
    )
    a, b = one("a.txt", LEFT), one("b.txt", RIGHT)
    x = features(a, b, Judged(0.7, 0.2, 0.1), 0.93, _slots(a, b), model.features)
    assert x.tolist() == [0.2, 1.0]
    found = decide(a, b, Judged(0.7, 0.2, 0.1), 0.93, decision=DECISION, model=model)
    assert (found.verdict, found.kind) == ("contradiction", "number")


def test_conflict_model_decides_content_conflicts_when_given():
    a, b = one("a.txt", LEFT), one("b.txt", RIGHT)
    leaning_agree = Judged(0.7, 0.2, 0.1)
    found = decide(a, b, leaning_agree, 0.93, decision=DECISION, model=model_on("number_conflict"))
    assert (found.verdict, found.kind) == ("contradiction", "number")
    assert "learnt weighing" in found.explanation and "Quatorze" in found.explanation
    assert found.confidence == pytest.approx(0.99)
    # the same pair with a model that looks at places: no conflict, and no agreement against figures that differ
    assert decide(a, b, leaning_agree, 0.93, decision=DECISION, model=model_on("place_conflict")) is None
    # without a model (the decision's flag off): the thresholds decide, and find no conflict either
    assert decide(a, b, leaning_agree, 0.93, decision=DECISION) is None


def test_conflict_model_with_other_features_is_refused(tmp_path):
    stale = model_on("number_conflict").model_dump()
    stale["features"] = [*FEATURES[:-1], "something_else"]
    path = tmp_path / "conflict_model.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(ModelError, match="does not compute"):
        load_conflict_model(path)
    # weights that do not match the features one for one: refused as a bad file
    path.write_text(json.dumps({**model_on("number_conflict").model_dump(), "weights": [1.0]}), encoding="utf-8")
    with pytest.raises(ValueError, match="one entry per feature"):
        load_conflict_model.__wrapped__(path)
    assert load_conflict_model(tmp_path / "absent.json") is None
    # learnt on another judge's probabilities (a retrained judge): refused too
    other_judge = tmp_path / "judge.json"
    other_judge.write_text('{"format": "cross-encoder.v3", "settings": {"seed": 14}}', encoding="utf-8")
    path.write_text(model_on("number_conflict").model_dump_json(), encoding="utf-8")
    assert load_conflict_model(path).judge == judge_fingerprint()
    with pytest.raises(ModelError, match="another pair judge"):
        load_conflict_model(path, other_judge)


def test_conflict_model_probability_is_the_logistic_of_the_weighted_features():
    model = model_on("number_conflict")
    x = np.zeros(len(FEATURES))
    assert model.probability(x) == pytest.approx(1 / (1 + np.exp(5.0)))
    x[FEATURES.index("number_conflict")] = 1.0
    assert model.probability(x) == pytest.approx(1 / (1 + np.exp(-5.0)))


def test_conflict_model_is_left_out_for_a_stand_in_judge():
    from checker.compare.engine import learnt_step
    from checker.compare.judge import pair_judge

    on = DECISION.model_copy(update={"conflict_model": True})
    assert learnt_step(pair_judge("fake"), on) is None  # the fake judge's probabilities are not the shipped judge's
    assert learnt_step(pair_judge("trained"), DECISION) is None  # the decision's flag off
    if MODEL_FILE.exists():
        assert learnt_step(pair_judge("trained"), on) is not None  # loads the file, not the judge's weights


def test_conflict_model_shipped_file_matches_the_decision():
    decision = load_decision()
    model = load_conflict_model()
    if decision.conflict_model:
        assert model is not None and set(model.features) <= set(FEATURES) and model.why
    assert MODEL_FILE.exists() == (model is not None)
