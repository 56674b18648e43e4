"""compare-pairs' verdict on two short texts: the judge's label when the claims name nothing, with
its probabilities as the explanation (no model: the judge's output is given)."""

from __future__ import annotations

from checker.compare.judge import Judgement
from checker.compare.pairs import decide_pair


def test_compare_pairs_judge_label_when_no_claim_decides():
    result = decide_pair("p1", [], [], Judgement(agreement=0.1, contradiction=0.8, unrelated=0.1))
    assert (result.id, result.verdict, result.kind, result.confidence) == ("p1", "contradiction", "other", 0.8)
    assert result.explanation == "pair judge: agreement 0.10, contradiction 0.80, unrelated 0.10"


def test_compare_pairs_unrelated_has_no_kind():
    result = decide_pair("p2", [], [], Judgement(agreement=0.2, contradiction=0.1, unrelated=0.7))
    assert (result.verdict, result.kind) == ("unrelated", None)
