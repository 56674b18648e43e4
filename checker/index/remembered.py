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
    size = encoder.dimension * 4
    rows, todo = memo.recall_or_work_out(
        [digest(encoder.version, t) for t in texts],
        lambda todo: list(encoder.encode([texts[i] for i in todo], batch_size=batch_size, progress=progress)),
        lambda row: np.asarray(row, dtype="<f4").tobytes(),
        lambda raw: np.frombuffer(raw, dtype="<f4") if len(raw) == size else None,
    )
    if not todo and progress:
        progress(len(texts), len(texts))
    return np.vstack(rows).astype(np.float32)
