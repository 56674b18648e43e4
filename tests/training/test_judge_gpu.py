"""scripts/judge_gpu.py's bookkeeping here (no GPU, no model): a GPU run's probabilities go back onto the candidate
pairs they were computed for, in order, and a run of other pairs is refused."""

from __future__ import annotations

import argparse
import pickle
import sys

import numpy as np
import pytest

from tests.conftest import script_module


@pytest.fixture(scope="module")
def gpu():
    module = script_module("judge_gpu")
    yield module
    sys.modules.pop("judge_gpu", None)


def _candidates(tmp_path, name, cases):
    """A `candidates` pickle: per case (name, gold, claims, rows), rows (a, b, score, quote cosine, named)."""
    path = tmp_path / f"{name}.pkl"
    path.write_bytes(pickle.dumps([(case, {}, [], [(a, b, 0.9, 0.0, None) for a, b in rows]) for case, rows in cases]))
    return path


def test_judge_gpu_judged_puts_each_probability_on_its_pair_in_order(gpu, tmp_path):
    b16 = _candidates(tmp_path, "b16", [("c1", [("a", "b"), ("a", "c")]), ("c2", [("d", "e")])])
    b17 = _candidates(tmp_path, "b17", [("c3", [("f", "g")])])
    probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]], dtype=np.float16)
    np.savez(tmp_path / "p.npz", start=probs)
    out = tmp_path / "judged"
    opts = argparse.Namespace(probabilities=tmp_path / "p.npz", pickles=[b16, b17], judge="start", out=out)
    assert gpu.judged(opts) == 0
    first = pickle.loads((out / "b16.pkl").read_bytes())
    (name, _, _, rows), (name2, _, _, rows2) = first
    assert (name, name2) == ("c1", "c2")
    # tune_decision's rows: (a, b, score, quote cosine, judgement); the "named" column is replaced
    assert [(a, b, round(v.contradiction, 2)) for a, b, _, _, v in rows] == [("a", "b", 0.2), ("a", "c", 0.8)]
    assert rows2[0][4].unrelated == pytest.approx(0.6, abs=1e-3)
    ((_, _, _, last),) = pickle.loads((out / "b17.pkl").read_bytes())
    assert last[0][4].label == "unrelated"


def test_judge_gpu_judged_refuses_probabilities_of_another_run(gpu, tmp_path):
    b16 = _candidates(tmp_path, "b16", [("c1", [("a", "b"), ("a", "c")])])
    np.savez(tmp_path / "p.npz", start=np.full((3, 3), 1 / 3, dtype=np.float16))
    opts = argparse.Namespace(probabilities=tmp_path / "p.npz", pickles=[b16], judge="start", out=tmp_path / "o")
    with pytest.raises(SystemExit, match="2 candidate pairs in the pickles, 3 probabilities"):
        gpu.judged(opts)
    np.savez(tmp_path / "p.npz", start=np.full((1, 3), 1 / 3, dtype=np.float16))  # fewer: refused too
    with pytest.raises(SystemExit, match="2 candidate pairs in the pickles, 1 probabilities"):
        gpu.judged(opts)
    assert not (tmp_path / "o").exists()  # nothing half-written
