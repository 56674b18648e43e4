"""scripts/train_judge.py's --flip-orders: half the pairs read the other way round, the same half every run."""

from __future__ import annotations

import pytest

from checker.training.sources import AGREE, Pair
from tests.conftest import script_module


@pytest.fixture(scope="module")
def train_judge():
    return script_module("train_judge")


def _pairs(origin: str, n: int) -> list[Pair]:
    return [
        Pair(f"a{i}", f"b{i}", (AGREE,), "dev-cases", origin, f"g{i}", "fr", "en", "2026-05-01", "2026-05-02")
        for i in range(n)
    ]


def test_train_judge_flips_half_the_pairs_sides_together_and_the_same_half_each_run(train_judge):
    pairs = _pairs("candidate", 400)
    flipped = train_judge.flipped_half(pairs, seed=13)
    swapped = [q for q in flipped if q.a.startswith("b")]
    assert 150 < len(swapped) < 250
    for q in swapped:  # text, language and date travel with their side
        i = q.a[1:]
        assert (q.a, q.b, q.a_lang, q.b_lang, q.a_pub, q.b_pub) == (
            f"b{i}",
            f"a{i}",
            "en",
            "fr",
            "2026-05-02",
            "2026-05-01",
        )
        assert q.labels == (AGREE,) and q.group == f"g{i}"
    assert [q.a for q in train_judge.flipped_half(pairs, seed=13)] == [q.a for q in flipped]
    assert [q.a for q in train_judge.flipped_half(pairs, seed=14)] != [q.a for q in flipped]
    assert all(p.a.startswith("a") for p in pairs)  # the input is left as it was


def test_train_judge_leaves_rte3_pairs_in_their_order(train_judge):
    assert all(q.a.startswith("a") for q in train_judge.flipped_half(_pairs("rte3-fr", 100), seed=13))
