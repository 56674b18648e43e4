"""Claims -> vectors -> a persistent, incremental FAISS index with its claim store and manifest.

:class:`ClaimIndex` is the index (see :mod:`checker.index.store` for the layout, crash safety,
concurrency and call order); encoders turn claim texts into vectors (:mod:`checker.index.encoders`).
FAISS is imported on first use, not here.
"""

from checker.index.encoders import Encoder, available_encoders, load_encoder
from checker.index.faiss_index import DEFAULT_APPROX_THRESHOLD
from checker.index.store import ClaimIndex, Counts, Manifest, SyncPlan, SyncStats, text_hash

__all__ = [
    "DEFAULT_APPROX_THRESHOLD",
    "ClaimIndex",
    "Counts",
    "Encoder",
    "Manifest",
    "SyncPlan",
    "SyncStats",
    "available_encoders",
    "load_encoder",
    "text_hash",
]
