"""scripts/tune_decision.py's grid arithmetic: ranking grid points and leaving one batch out (no models)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tests.conftest import script_module


@pytest.fixture(scope="module")
def tune(shared):  # the script imports the shared scorer
    module = script_module("tune_decision")
    yield module
    sys.modules.pop("score_dev_cases", None)


def counts_of(**kw):
    # TOTALS: found, right, expected, hit, agreements, agreed, forbidden
    return [kw.get(k, 0) for k in ("found", "right", "expected", "hit", "agreements", "agreed", "forbidden")]


def test_tune_decision_ranks_by_the_objective_and_a_forbidden_finding_costs(tune):
    points = [("loose",), ("strict",)]
    totals = [
        counts_of(found=10, right=8, expected=10, hit=8, agreements=4, agreed=4, forbidden=2),  # 0.8 + 0.5 - 0.2
        counts_of(found=5, right=5, expected=10, hit=5, agreements=4, agreed=4),  # 0.667 + 0.5
    ]
    best = tune.ranked(points, totals)
    # the loose point's better F1 (0.8 against 0.667) does not pay for its two forbidden findings
    assert [row[1] for row in best] == [("strict",), ("loose",)]
    assert best[0][0] == pytest.approx(2 * 1.0 * 0.5 / 1.5 + 0.5)
    assert best[1][0] == pytest.approx(0.8 + 0.5 - 0.2)


def test_tune_decision_leave_one_out_scores_each_fold_with_the_others_choice(tune, capsys):
    # two points, three folds of one case: A is best on folds 1 and 2, B on fold 3 alone
    a = [counts_of(found=4, right=4, expected=4, hit=4)] * 2 + [counts_of(found=4, right=2, expected=4, hit=2)]
    b = [counts_of(found=4, right=0, expected=4, hit=0)] * 2 + [counts_of(found=4, right=4, expected=4, hit=4)]
    counts = np.array([a, b])
    folds = [("one", [0]), ("two", [1]), ("three", [2])]
    tune.print_leave_one_out(folds, [("A",), ("B",)], lambda _fold: counts, ("B",))
    out = capsys.readouterr().out
    # each fold is scored with A (chosen on the two others every time): 10 right of 12 found
    assert out.count("chosen on the others ('A',)") == 3
    assert "pooled, chosen on the other folds: objective 0.833" in out
    # the shipped point B on the same cases: 4 right of 12
    assert "pooled, shipped: objective 0.333" in out


def test_tune_decision_leave_one_out_reads_each_fold_from_its_own_counts(tune, capsys):
    """With --learnt-step each fold has its own grid counts (the step fitted without it): the choice for a fold
    and its score come from that fold's counts."""
    a = [counts_of(found=4, right=4, expected=4, hit=4)] * 2 + [counts_of(found=4, right=2, expected=4, hit=2)]
    b = [counts_of(found=4, right=0, expected=4, hit=0)] * 2 + [counts_of(found=4, right=4, expected=4, hit=4)]
    shared = np.array([a, b])
    own_three = np.array([b, a])  # without fold three, B is the better point on folds one and two
    folds = [("one", [0]), ("two", [1]), ("three", [2])]
    tune.print_leave_one_out(folds, [("A",), ("B",)], lambda f: own_three if f == "three" else shared, ("B",))
    out = capsys.readouterr().out
    assert out.count("chosen on the others ('A',)") == 2 and out.count("chosen on the others ('B',)") == 1
    # fold three scored with its own counts' B row (2 right of 4); shipped B: 0 + 0 + 2 right of 12
    assert "three: chosen on the others ('B',)  |  P 0.50 R 0.50" in out
    assert "pooled, shipped: objective 0.167" in out
