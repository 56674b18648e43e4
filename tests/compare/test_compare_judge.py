"""The trained pair judge: shipped weights, features, calibration, and verdicts on French pairs."""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pytest

from checker.compare import judge_pair
from checker.compare.judge import (
    FEATURE_NAMES,
    JUDGE_VERSION,
    LABELS,
    META,
    WEIGHTS,
    calibrate_top,
    hand_features,
    load_pair_judge,
)
from checker.errors import ModelError
from checker.models import Article

NEGATION = ("Les données sont disponibles.", "Les données n'existent pas.")
PARAPHRASE = ("Le gouvernement a annoncé une hausse des impôts en 2024.",
              "En 2024, le gouvernement a annoncé une augmentation des impôts.")


def _pair_vectors(cosine: float, dimension: int = 384) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors with a given cosine: the judge reads the encoder only through them."""
    u = np.zeros(dimension, np.float32)
    v = np.zeros(dimension, np.float32)
    u[0] = 1.0
    v[0], v[1] = cosine, np.sqrt(1 - cosine * cosine)
    return u, v


def _claims(text: str, name: str):
    from checker.extract import extract_article

    return extract_article(Article(id=name, text=text, language="fr", content_hash=Article.hash_text(text)))


def _judge(premise: str, hypothesis: str, u: np.ndarray, v: np.ndarray):
    left, right = _claims(premise, "premise"), _claims(hypothesis, "hypothesis")
    sim = float(u @ v)
    found = [f for a in left for b in right if (f := judge_pair(a, b, sim, assume_same_event=True))]
    return load_pair_judge().judge(left, right, u, v, found, premise_text=premise, hypothesis_text=hypothesis)


def test_compare_judge_shipped_weights_are_small_and_described():
    judge = load_pair_judge()
    assert WEIGHTS.stat().st_size < 5_000_000
    assert judge.labels == LABELS == ("agreement", "contradiction", "unrelated")
    meta = json.loads(META.read_text(encoding="utf-8"))
    assert meta["version"] == JUDGE_VERSION
    assert tuple(meta["hand_features"]) == FEATURE_NAMES
    assert {d["licence"] for d in meta["training_data"]} == {"BSD-2-Clause"}
    assert 0.5 < meta["cross_validation"]["daccord_binary_macro_f1"] <= 1
    assert 0.34 < meta["cross_validation"]["rte3_3way_accuracy"] <= 1
    assert load_pair_judge() is judge  # loaded once


def test_compare_judge_training_data_hashes_match_shared(shared):
    meta = json.loads(META.read_text(encoding="utf-8"))
    for item in meta["training_data"]:
        path = shared / item["file"]
        if not path.exists():
            pytest.skip(f"{item['file']} not in ../shared")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item["sha256"]


def test_compare_judge_features_shape_and_determinism():
    judge = load_pair_judge()
    rng = np.random.default_rng(0)
    u, v = rng.standard_normal((2, judge.dimension)).astype(np.float32)
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    row = judge.features([], [], u, v, [], premise_text=NEGATION[0], hypothesis_text=NEGATION[1])
    assert row.dtype == np.float32
    assert row.shape == (len(FEATURE_NAMES) + 2 * judge.projection.shape[1],)
    assert np.isfinite(row).all()
    np.testing.assert_array_equal(row, judge.features([], [], u, v, [], premise_text=NEGATION[0], hypothesis_text=NEGATION[1]))
    hand = hand_features([], [], u, v, [], premise_text=NEGATION[0], hypothesis_text=NEGATION[1])
    named = dict(zip(FEATURE_NAMES, hand))
    assert named["cosine"] == pytest.approx(float(u @ v), abs=1e-6)
    assert named["neg_hyp_only"] == 1.0 and named["neg_prem_only"] == 0.0


def test_compare_judge_rejects_vectors_of_another_width():
    with pytest.raises(ModelError, match="384-d"):
        load_pair_judge().features([], [], np.ones(64, np.float32) / 8, np.ones(64, np.float32) / 8, [])


def test_compare_judge_probabilities_sum_to_one():
    judge = load_pair_judge()
    rng = np.random.default_rng(1)
    rows = judge.mean + judge.scale * rng.standard_normal((50, judge.coef.shape[1]))
    probs = judge.probabilities(rows)
    assert probs.shape == (50, len(LABELS))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    assert (probs >= 0).all() and (probs <= 1).all()
    label, by_label = judge.predict(rows[0])
    assert label == max(by_label, key=by_label.get)
    assert sum(by_label.values()) == pytest.approx(1.0)


def test_compare_judge_calibrate_top_keeps_the_winner():
    raw = np.array([[0.95, 0.04, 0.01], [0.40, 0.35, 0.25], [1.0, 0.0, 0.0]])
    out = calibrate_top(raw, 0.5, 0.4)
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_array_equal(out.argmax(axis=1), raw.argmax(axis=1))
    assert out[0, 0] < 0.95  # an over-confident raw 0.95 comes down
    assert out[0, 1] / out[0, 2] == pytest.approx(4.0)  # the losers keep their proportions


def test_compare_judge_stale_weights_are_refused(tmp_path):
    weights = tmp_path / "judge.npz"
    shutil.copy(WEIGHTS, weights)
    meta = json.loads(META.read_text(encoding="utf-8"))
    meta["version"] = "pair-judge.v0"
    weights.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="retrain"):
        load_pair_judge(weights)


def test_compare_judge_negation_is_a_contradiction():
    # e5 puts this pair at cosine ~0.94: close in topic, opposite in sense.
    result = _judge(*NEGATION, *_pair_vectors(0.94))
    assert result.label == "contradiction"
    assert result.probabilities["contradiction"] > 0.6
    assert result.confidence == result.probabilities["contradiction"]


def test_compare_judge_paraphrase_is_an_agreement():
    result = _judge(*PARAPHRASE, *_pair_vectors(0.99))
    assert result.label == "agreement"
    assert result.probabilities["agreement"] > 0.5


@pytest.mark.slow
def test_compare_judge_with_the_real_encoder():
    from checker.index.encoders import load_encoder

    encoder = load_encoder("e5-small")
    labels = []
    for premise, hypothesis in (NEGATION, PARAPHRASE):
        u, v = encoder.encode([premise, hypothesis])
        labels.append(_judge(premise, hypothesis, u, v).label)
    assert labels == ["contradiction", "agreement"]
