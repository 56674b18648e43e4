"""Fine-tuning the pair judge: e5-small's top layers and a 3-way head, on rendered claim pairs.

The lower layers (and the embeddings) stay as multilingual-e5-small ships them. Their output for
every training pair is computed once and kept in memory (float16); each epoch then runs only the
trained top layers forward and backward, which is what makes a few epochs over 40k pairs fit in an
hour on two cores.

Loss: a pair may allow several labels (DACCORD's « compatibles » is agreement or unrelated); its loss
is ``-log`` of the probability the model puts on the allowed set, so a pair with one label gets the
usual cross-entropy. A pair may instead come with a distribution to learn (``soft``: a pair whose allowed
labels are known, and how likely each is taken from another judge's reading of it); its loss is the
cross-entropy with that distribution. The temperature that calibrates the probabilities is fitted afterwards on held-out
groups (:func:`fit_temperature`).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from checker.compare.judge import bf16_native
from checker.compare.judge_model import CrossEncoder
from checker.index.bert import pad_batch

__all__ = ["TrainConfig", "allowed_mask", "fit_temperature", "lower_states", "predict", "train"]

LABELS = ("agreement", "contradiction", "unrelated")


@dataclass
class TrainConfig:
    frozen: int = 8  # layers kept as e5 ships them (the top ones are trained)
    epochs: int = 3
    batch: int = 32
    lr: float = 5e-5
    head_lr: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    dropout: float = 0.1
    seed: int = 13
    # bfloat16 matmuls only where the CPU has them: elsewhere torch emulates them, ~40x slower than float32
    bf16: bool = field(default_factory=bf16_native)
    device: str = "cpu"  # "cuda" on a GPU machine (scripts/judge_gpu.py): bf16 there too


def allowed_mask(labels: Sequence[Sequence[str]]) -> torch.Tensor:
    """(pairs, 3) 0/1: which labels each pair allows."""
    out = torch.zeros(len(labels), len(LABELS))
    for i, allowed in enumerate(labels):
        for label in allowed:
            out[i, LABELS.index(label)] = 1.0
    return out


def _batches(lengths: Sequence[int], size: int, rng: random.Random, shuffle: bool = True) -> list[list[int]]:
    """Batches of similar lengths (little padding), in random order."""
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    chunk = size * 32
    out = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        out += [part[k : k + size] for k in range(0, len(part), size)]
    if shuffle:
        rng.shuffle(out)
    return out


def lower_states(
    model: CrossEncoder,
    ids: Sequence[Sequence[int]],
    upto: int,
    batch: int = 64,
    progress: Callable[[int, int], None] | None = None,
) -> list[torch.Tensor]:
    """Each pair's token states after the frozen layers (float16, one tensor per pair)."""
    model.eval()
    out: list[torch.Tensor | None] = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            chosen = order[start : start + batch]
            t, m = pad_batch([ids[i] for i in chosen], model.config.pad_id)
            states = model.lower(t, m, upto)
            for row, i in enumerate(chosen):
                out[i] = states[row, : len(ids[i])].to(torch.float16).clone()
            if progress:
                progress(min(start + batch, len(order)), len(order))
    return out  # type: ignore[return-value]


def _stack(states: Sequence[torch.Tensor], device: str | torch.device = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    width = max(s.shape[0] for s in states)
    x = torch.zeros(len(states), width, states[0].shape[1], device=device)
    m = torch.zeros(len(states), width, dtype=torch.long, device=device)
    for i, s in enumerate(states):
        x[i, : s.shape[0]] = s.float()
        m[i, : s.shape[0]] = 1
    return x, m


def _partial_nll(
    logits: torch.Tensor,
    allowed: torch.Tensor,
    weights: torch.Tensor | None = None,
    soft: torch.Tensor | None = None,
) -> torch.Tensor:
    logp = torch.log_softmax(logits, dim=-1)
    loss = -torch.logsumexp(logp.masked_fill(allowed == 0, float("-inf")), dim=-1)
    if soft is not None:  # rows with a distribution to learn: cross-entropy with it
        loss = torch.where(soft.sum(dim=-1) > 0, -(soft * logp).sum(dim=-1), loss)
    if weights is not None:
        return (loss * weights).sum() / weights.sum()
    return loss.mean()


def train(
    model: CrossEncoder,
    states: Sequence[torch.Tensor],
    allowed: torch.Tensor,
    config: TrainConfig,
    weights: Sequence[float] | None = None,
    log: Callable[[str], None] | None = None,
    soft: torch.Tensor | None = None,
) -> None:
    """Train the layers above ``config.frozen`` and the head on cached lower states, in place. ``soft``:
    (pairs, 3) distributions to learn, a row of zeros for a pair that has none (its allowed labels count)."""
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    for p in model.parameters():
        p.requires_grad_(False)
    trained = [*model.layers[config.frozen :].parameters()]
    head = [*model.head.parameters()]
    for p in trained + head:
        p.requires_grad_(True)
    decay = [p for p in trained if p.dim() > 1]
    no_decay = [p for p in trained if p.dim() <= 1]
    optimiser = torch.optim.AdamW(
        [
            {"params": decay, "lr": config.lr, "weight_decay": config.weight_decay},
            {"params": no_decay, "lr": config.lr, "weight_decay": 0.0},
            {"params": head, "lr": config.head_lr, "weight_decay": 0.0},
        ]
    )
    lengths = [s.shape[0] for s in states]
    steps_per_epoch = math.ceil(len(states) / config.batch)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(total * config.warmup))
    bases = [g["lr"] for g in optimiser.param_groups]
    w = torch.tensor(weights, dtype=torch.float32, device=config.device) if weights is not None else None
    allowed = allowed.to(config.device)
    soft = soft.to(config.device) if soft is not None else None
    kind = "cuda" if config.device.startswith("cuda") else "cpu"
    step = 0
    started = time.time()
    for epoch in range(config.epochs):
        model.train()
        running = 0.0
        for n, batch in enumerate(_batches(lengths, config.batch, rng), 1):
            scale = step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))
            for g, base in zip(optimiser.param_groups, bases):
                g["lr"] = base * scale
            x, m = _stack([states[i] for i in batch], config.device)
            # bfloat16 matmuls where the CPU has them (avx512_bf16): twice as fast, the loss stays float32
            with torch.autocast(kind, dtype=torch.bfloat16, enabled=config.bf16):
                logits = model.upper(x, m, config.frozen)
            loss = _partial_nll(
                logits.float(),
                allowed[batch],
                w[batch] if w is not None else None,
                soft[batch] if soft is not None else None,
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained + head, 1.0)
            optimiser.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if n > 1 else loss.item()
            if log and (n % 100 == 0 or n == steps_per_epoch):
                elapsed = time.time() - started
                log(
                    f"epoch {epoch + 1}/{config.epochs} step {n}/{steps_per_epoch} loss {running:.3f} "
                    f"({elapsed / step:.2f} s/step, {elapsed / 60:.1f} min)"
                )
    model.eval()


def predict(
    model: CrossEncoder, states: Sequence[torch.Tensor], start: int, batch: int = 64, device: str = "cpu"
) -> np.ndarray:
    """Logits (pairs, 3) from cached lower states (float32 matmuls, on ``device``)."""
    model.eval()
    out = np.zeros((len(states), len(LABELS)), dtype=np.float32)
    order = sorted(range(len(states)), key=lambda i: states[i].shape[0])
    with torch.inference_mode():
        for k in range(0, len(order), batch):
            chosen = order[k : k + batch]
            x, m = _stack([states[i] for i in chosen], device)
            out[chosen] = model.upper(x, m, start).float().cpu().numpy()
    return out


def fit_temperature(logits: np.ndarray, allowed: np.ndarray) -> float:
    """The temperature T minimising the partial-label log-loss of softmax(logits / T) (golden-section search)."""

    def loss(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        return float(-np.log(np.clip((p * allowed).sum(axis=1), 1e-12, None)).mean())

    lo, hi = 0.25, 8.0
    g = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if loss(a) < loss(b):
            hi = b
        else:
            lo = a
    return round((lo + hi) / 2, 4)
