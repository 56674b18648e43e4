"""The trainer on a tiny network: the partial-label loss, training that learns, and the temperature fit."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from checker.compare.judge_model import BertConfig, CrossEncoder
from checker.training.trainer import (
    TrainConfig,
    _partial_nll,
    allowed_mask,
    fit_temperature,
    lower_states,
    predict,
    train,
)


def tiny() -> CrossEncoder:
    torch.manual_seed(0)
    return CrossEncoder(
        BertConfig(hidden=16, layers=2, heads=2, ffn=32, vocab=50, positions=32, types=1, eps=1e-12, pad_id=1)
    )


def test_training_trainer_partial_label_loss():
    logits = torch.tensor([[2.0, 0.0, 0.0]])
    one = _partial_nll(logits, allowed_mask([("agreement",)]))
    both = _partial_nll(logits, allowed_mask([("agreement", "unrelated")]))
    assert both < one  # allowing a second label can only lower the loss
    assert torch.isclose(one, -torch.log_softmax(logits, -1)[0, 0])


def test_training_trainer_soft_rows_learn_their_distribution():
    logits = torch.tensor([[1.0, 0.5, -1.0], [1.0, 0.5, -1.0]])
    allowed = allowed_mask([("agreement", "unrelated"), ("agreement", "unrelated")])
    soft = torch.tensor([[0.25, 0.0, 0.75], [0.0, 0.0, 0.0]])  # the second row has none: its allowed set counts
    got = _partial_nll(logits, allowed, soft=soft)
    logp = torch.log_softmax(logits, -1)[0]
    cross_entropy = -(0.25 * logp[0] + 0.75 * logp[2])
    partial = -torch.logsumexp(logp[[0, 2]], 0)
    assert torch.isclose(got, (cross_entropy + partial) / 2)
    # the loss is lowest where the model says what the row says: moving mass to agreement costs
    sharper = torch.tensor([[3.0, 0.5, -1.0], [1.0, 0.5, -1.0]])
    assert _partial_nll(sharper, allowed, soft=soft) > got


def test_training_trainer_learns_a_separable_task():
    model = tiny()
    rng = np.random.default_rng(0)
    # token 7 in a pair means contradiction, token 9 agreement, else unrelated
    ids, labels = [], []
    for n in range(240):
        marker = (7, 9, 11)[n % 3]
        ids.append([0, *rng.integers(20, 50, 5).tolist(), marker, 2])
        labels.append((("contradiction",), ("agreement",), ("unrelated",))[n % 3])
    states = lower_states(model, ids, upto=1)
    allowed = allowed_mask(labels)
    train(model, states, allowed, TrainConfig(frozen=1, epochs=8, batch=16, lr=3e-3, head_lr=1e-2, bf16=False))
    pred = predict(model, states, 1).argmax(1)
    accuracy = (allowed[torch.arange(len(ids)), torch.tensor(pred)] > 0).float().mean().item()
    assert accuracy > 0.9


def test_training_trainer_fit_temperature_softens_overconfidence():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 3, 600)
    logits = rng.normal(0, 1, (600, 3))
    logits[np.arange(600), labels] += 1.0
    allowed = np.eye(3)[labels]
    assert fit_temperature(logits * 5, allowed) > 3  # logits 5x too sharp: the temperature undoes most of it
    assert fit_temperature(logits, allowed) == pytest.approx(1.0, abs=0.35)
