"""The shipped finding calibration: it loads, it keeps the order of raw scores within a kind, and it
records the data it was fitted on and its leave-one-case-out figures."""

from __future__ import annotations

import json

from checker.compare.calibration import KINDS, PATH, calibrate, features


def test_compare_calibration_ships_with_its_provenance():
    data = json.loads(PATH.read_text(encoding="utf-8"))
    assert tuple(data["kinds"]) == KINDS and len(data["coef"]) == len(features(0.5, None))
    assert data["data"]["findings"] > 0 and 0 <= data["leave_one_case_out"]["ece"] <= 1


def test_compare_calibration_is_monotonic_in_the_raw_score():
    for kind in KINDS:
        probs = [calibrate(raw, kind) for raw in (0.3, 0.5, 0.7, 0.9)]
        assert probs == sorted(probs) and all(0 < p < 1 for p in probs)


def test_compare_calibration_features():
    x = features(0.5, "date")
    assert x[0] == 0.0 and x[1 + KINDS.index("date")] == 1.0 and sum(x[1:]) == 1.0
