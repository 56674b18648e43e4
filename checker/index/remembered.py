"""Vectors remembered between runs: the claims of an article ``check`` read before need no encoder.

A claim's vector depends on its text and on the encoder (:attr:`checker.index.Encoder.version`: the model and
the package that carries it); :func:`encode_remembered` keeps each under a digest of both in the user cache's
memory file (:mod:`checker.memo`, table ``vectors``, float32 bytes, at most :data:`MAX_VECTORS`) and embeds
only the texts it has not seen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from checker.memo import Memo, digest
from checker.progress import Progress

__all__ = ["MAX_VECTORS", "encode_remembered"]

MAX_VECTORS = 100_000  # 1.5 KB a vector of e5-small: 150 MB at most


def encode_remembered(
    encoder, texts: Sequence[str], memo: Memo | None, batch_size: int = 32, progress: Progress | None = None
) -> np.ndarray:
    """``encoder.encode(texts)``, the vectors of texts embedded before taken from ``memo`` (None: none)."""
    if memo is None or not texts:
        return encoder.encode(list(texts), batch_size=batch_size, progress=progress)
    keys = [digest(encoder.version, t) for t in texts]
    size = encoder.dimension * 4
    known = {k: np.frombuffer(v, dtype="<f4") for k, v in memo.recall(keys).items() if len(v) == size}
    todo = list(dict.fromkeys(i for i, k in enumerate(keys) if k not in known))
    if todo:
        fresh = encoder.encode([texts[i] for i in todo], batch_size=batch_size, progress=progress)
        new = {keys[i]: np.asarray(row, dtype="<f4") for i, row in zip(todo, fresh)}
        memo.remember({k: v.tobytes() for k, v in new.items()})
        known.update(new)
    elif progress:
        progress(len(texts), len(texts))
    return np.vstack([known[k] for k in keys]).astype(np.float32)
