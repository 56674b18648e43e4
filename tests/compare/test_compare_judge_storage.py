"""How the judge's weights are stored: float16, or int8 rows with a float16 scale each (no model loaded)."""

from __future__ import annotations

import pytest
import torch

from checker.compare.judge_model import loaded_state, stored_state


def state() -> dict[str, torch.Tensor]:
    gen = torch.Generator().manual_seed(3)
    return {
        "encoder.layer.0.attention.self.query.weight": torch.randn(384, 384, generator=gen) * 0.05,
        "encoder.layer.0.attention.self.query.bias": torch.randn(384, generator=gen) * 0.01,
        "head.weight": torch.randn(3, 384, generator=gen) * 0.1,
        "head.bias": torch.randn(3, generator=gen),
    }


def test_compare_judge_storage_int8_rows_round_trip_within_half_a_step():
    original = state()
    stored = stored_state(original, "int8")
    name = "encoder.layer.0.attention.self.query.weight"
    assert stored[name + ".q8"].dtype == torch.int8 and stored[name + ".scale"].shape == (384,)
    assert "head.weight" in stored and stored["head.weight"].dtype == torch.float16  # the head stays float16
    back = loaded_state(stored)
    assert set(back) == set(original)
    step = stored[name + ".scale"].float()[:, None]
    assert torch.all((back[name] - original[name]).abs() <= step / 2 + 1e-3 * step)
    for other in ("encoder.layer.0.attention.self.query.bias", "head.weight", "head.bias"):
        assert torch.equal(back[other], original[other].half().float())
    # a matrix takes one byte a weight instead of two
    int8_bytes = sum(t.numel() * t.element_size() for t in stored.values())
    half_bytes = sum(t.numel() * t.element_size() for t in stored_state(original).values())
    assert int8_bytes < 0.55 * half_bytes


def test_compare_judge_storage_float16_is_what_it_was_and_other_forms_are_refused():
    original = state()
    stored = stored_state(original)
    assert not any(k.endswith((".q8", ".scale")) for k in stored)
    assert all(torch.equal(loaded_state(stored)[k], v.half().float()) for k, v in original.items())
    with pytest.raises(ValueError, match="no judge storage 'int4'"):
        stored_state(original, "int4")
