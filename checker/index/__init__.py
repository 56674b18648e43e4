"""Claims -> vectors -> a persistent, incremental FAISS index with its claim store and manifest.

:class:`ClaimIndex` is the index (see :mod:`checker.index.store` for the layout, crash safety,
concurrency and call order); encoders turn claim texts into vectors (:mod:`checker.index.encoders`,
whose ``ENCODERS`` registers each by name; :class:`LazyEncoder` loads one only when a text needs it).
FAISS is imported on first use, not here.
"""

from checker.index.encoders import (
    ENCODERS,
    Encoder,
    EncoderSpec,
    available_encoders,
    e5_folder,
    encoder_spec,
    limit_torch_threads,
    load_encoder,
    unload_encoders,
)
from checker.index.faiss_index import DEFAULT_APPROX_THRESHOLD
from checker.index.lazy import LazyEncoder
from checker.index.location import index_path_for
from checker.index.remembered import MAX_VECTORS, encode_remembered
from checker.index.store import ClaimIndex, Counts, IndexManifest, SyncPlan, SyncStats, text_hash

__all__ = [
    "DEFAULT_APPROX_THRESHOLD",
    "ENCODERS",
    "MAX_VECTORS",
    "ClaimIndex",
    "Counts",
    "Encoder",
    "EncoderSpec",
    "IndexManifest",
    "LazyEncoder",
    "SyncPlan",
    "SyncStats",
    "available_encoders",
    "e5_folder",
    "encode_remembered",
    "encoder_spec",
    "index_path_for",
    "limit_torch_threads",
    "load_encoder",
    "text_hash",
    "unload_encoders",
]
