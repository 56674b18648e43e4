"""The FAISS side of a claim index: exact while small, IVF past a threshold, one file with a generation.

Vectors are L2-normalised, so inner product is cosine similarity. FAISS ids are the ``row`` numbers of
the ``claims`` table (SQLite AUTOINCREMENT: never reused), so search hits map back to claims without
an in-memory id table, and removing an article is ``remove_ids`` on its rows.

Which index
    ``flat``: ``IndexIDMap2(IndexFlatIP)``, exact, used below ``approx_threshold`` vectors (default
    50,000, where one 20-query batch costs about 0.1-0.3 s on 2 cores; it grows linearly: 2.8 s
    at 1M on a quiet machine).
    ``ivf``: ``IndexIVFFlat`` (inner product) with ``nlist = 4*sqrt(n)`` lists (at most 4,096, at
    least 39 training points a list), trained on at most 50 points a list (10 k-means rounds),
    visiting ``nprobe = nlist/16`` lists a query unless told otherwise (``nprobe_for``).

Why IVF and not HNSW (2 cores, 384 dims; bench/bench_index.py prints the full table)
    - build, 100k vectors: IVF 7.4 s (quiet machine) against HNSW (M=32, efConstruction=40) 51 s;
      1M: IVF 3 to 5 min on a loaded machine, HNSW about 10 min by extrapolation.
    - removal: ``IndexIVFFlat.remove_ids`` works in place; HNSW cannot remove, so every removed or
      changed article would force a full rebuild (the 51 s / 10 min above).
    - search at equal cost, 100k: on clustered data both reach recall@10 >= 0.99 within a few ms
      for 20 queries; on uniform random vectors (the worst case: no neighbourhood structure) IVF
      nprobe=128 gave recall 0.36 in 29 ms against HNSW efSearch=128 0.28 in 29 ms.
    - incremental add: new vectors go to their nearest list without retraining; the lists are
      retrained (a rebuild) once the count has grown four-fold since training (``needs_rebuild``).
    Measured with nprobe = nlist/16 (one run, machine shared with other jobs, load 3 to 6):
    1M random vectors, 20 queries: flat 7.3 s, IVF 0.13 s (x58), recall@10 0.24 (the floor);
    1M clustered: flat 2.7 s, IVF 0.48 s (x5.6), recall 0.975; 100k clustered: x11, recall 1.0.
    Memory: 4 * dim bytes a vector (1.5 GB at 1M x 384) for either index, IVF +30% while training.

File format
    ``vectors.faiss`` is what ``faiss.write_index`` writes, followed by a 24-byte trailer
    (``CHKFAISS`` + generation + ntotal, little-endian u64). ``faiss.read_index`` ignores the
    trailer, so other tools can still read the file; the store compares the generation with the one
    SQLite holds, and rebuilds from SQLite when they differ.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np

from checker.files import replace_atomically

IndexType = Literal["flat", "ivf"]

DEFAULT_APPROX_THRESHOLD = 50_000
MAX_NLIST = 4096
MIN_POINTS_PER_LIST = 39  # below this FAISS k-means warns and the lists are poor
TRAIN_POINTS_PER_LIST = 50
KMEANS_ITERATIONS = 10
_TRAILER = struct.Struct("<8sQQ")
_MAGIC = b"CHKFAISS"

Batches = Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]]
"""Yields ``(rows int64 (n,), vectors float32 (n, d))`` over every claim, in chunks."""
Sample = Callable[[int], np.ndarray]
"""Returns about ``m`` vectors spread over the whole index, float32 (m, d)."""


def _faiss() -> Any:
    import faiss  # heavy: imported on first use, so `checker --help` stays quick

    return faiss


def choose_type(count: int, threshold: int, current: IndexType | None) -> IndexType:
    """Pick the index type for ``count`` vectors; IVF goes back to flat only below half the threshold."""
    if count >= threshold:
        return "ivf"
    if current == "ivf" and count >= threshold // 2:
        return "ivf"  # hysteresis: no flip-flopping around the threshold
    return "flat"


def nlist_for(count: int) -> int:
    """Number of IVF lists for ``count`` vectors: 4*sqrt(n), at most 4,096, at least 39 points a list."""
    return max(1, min(MAX_NLIST, int(4 * math.sqrt(count)), count // MIN_POINTS_PER_LIST))


def nprobe_for(nlist: int) -> int:
    """Lists visited a query: 1/16 of them, at least 8 (all of them for tiny indexes)."""
    return min(nlist, max(8, nlist // 16))


def index_type(index: Any) -> IndexType:
    """``flat`` or ``ivf``, read off a FAISS index object."""
    return "ivf" if hasattr(index, "nlist") else "flat"


def needs_rebuild(index: Any, count: int, threshold: int) -> bool:
    """Tell whether ``index`` should be rebuilt for ``count`` vectors: type change or lists grown stale."""
    kind = index_type(index)
    if choose_type(count, threshold, kind) != kind:
        return True
    return kind == "ivf" and nlist_for(count) >= 2 * index.nlist


def empty_index(dimension: int) -> Any:
    """An empty exact index."""
    faiss = _faiss()
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def build_index(
    dimension: int, count: int, batches: Batches, sample: Sample, *, threshold: int, nprobe: int | None = None
) -> Any:
    """Build the index that suits ``count`` vectors from ``batches()`` (and ``sample`` to train IVF).

    Memory: the index holds every vector (4 * dimension bytes each: 1.5 GB for 1M x 384) plus, while
    training IVF, the sample (at most 4,096 * 64 vectors, 400 MB at 384 dims).
    """
    faiss = _faiss()
    if choose_type(count, threshold, None) == "flat":
        index = empty_index(dimension)
    else:
        nlist = nlist_for(count)
        train = np.ascontiguousarray(sample(min(count, nlist * TRAIN_POINTS_PER_LIST)), dtype=np.float32)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = KMEANS_ITERATIONS
        index.cp.seed = 1234  # same vectors, same lists
        index.train(train)
        set_nprobe(index, nprobe)
    for rows, vectors in batches():
        add(index, rows, vectors)
    return index


def add(index: Any, rows: np.ndarray, vectors: np.ndarray) -> None:
    """Add ``vectors`` under the ids ``rows``."""
    if len(rows):
        index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(rows, dtype=np.int64))


def remove(index: Any, rows: Iterable[int]) -> int:
    """Remove the ids ``rows``; returns how many were there."""
    ids = np.fromiter(rows, dtype=np.int64)
    if not len(ids):
        return 0
    return int(index.remove_ids(ids))


def set_nprobe(index: Any, nprobe: int | None) -> None:
    """Set the IVF search breadth (FAISS does not save it); nothing for a flat index."""
    if index_type(index) == "ivf":
        index.nprobe = min(index.nlist, nprobe or nprobe_for(index.nlist))


def search(index: Any, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` inner products: ``(scores, rows)``, rows -1 where fewer than ``k`` exist."""
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def write_index(index: Any, path: Path, generation: int) -> None:
    """Atomically write ``index`` and its generation trailer to ``path``.

    Raises OSError when the folder cannot be written.
    """
    faiss = _faiss()

    def write(f: BinaryIO) -> None:
        writer = faiss.PyCallbackIOWriter(f.write)
        faiss.write_index(index, writer)
        del writer  # flushes its buffer into f
        f.write(_TRAILER.pack(_MAGIC, generation, index.ntotal))

    replace_atomically(path, write)


def read_index(path: Path) -> tuple[Any, int]:
    """Read ``(index, generation)`` from one open file, so a concurrent rename cannot mix two versions.

    Raises FileNotFoundError when missing, ValueError when the trailer is absent or does not match,
    RuntimeError (from FAISS) when the body is unreadable.
    """
    faiss = _faiss()
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        if size < _TRAILER.size:
            raise ValueError(f"{path.name} is truncated ({size} bytes)")
        f.seek(size - _TRAILER.size)
        magic, generation, ntotal = _TRAILER.unpack(f.read(_TRAILER.size))
        if magic != _MAGIC:
            raise ValueError(f"{path.name} has no generation trailer")
        f.seek(0)
        index = faiss.read_index(faiss.PyCallbackIOReader(f.read))
    if index.ntotal != ntotal:
        raise ValueError(f"{path.name} holds {index.ntotal} vectors, its trailer says {ntotal}")
    return index, generation
