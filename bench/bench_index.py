"""Benchmark of the claim index: exact (flat) against approximate (IVF) search, and the store around them.

For synthetic unit vectors (dimension 384, as e5-small), at each size: build time, the time to search
one query batch (the ~20 claims of one new article, k=10), resident memory, recall@10 of IVF against
exact search, and the flat/IVF speed ratio, all measured in the same run. ``--store N`` also times
``ClaimIndex.apply`` of N claims, reopening, and adding one article to that index.

Data: ``random`` is uniform on the sphere, the worst case for any approximate index (no
neighbourhoods: every similarity is about 0 +- 0.05), so its recall is a floor. ``clustered`` puts
about 50 vectors around each of n/50 directions (cosine to the centre about 0.75), closer to
sentence embeddings, where many claims restate a few events.

    python bench/bench_index.py                      # 10k, 100k, 1M random (about 5 minutes on 2 cores)
    python bench/bench_index.py --quick              # 10k and 100k, seconds
    python bench/bench_index.py --sizes 100000 --data clustered --hnsw --store 100000

``--vectors FILE.npy`` measures real embeddings instead (for instance ``index.vectors(ids)`` of a
built index saved with ``np.save``): the figure that should set ``nprobe``.

Not a test: nothing here asserts, it prints figures (stdout) to read and to quote.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.index import ClaimIndex, faiss_index  # noqa: E402
from checker.models import Article, Claim  # noqa: E402

QUERY_BATCH = 20
K = 10


def rss_mb() -> float:
    """Resident memory now, in MB (/proc/self/statm)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KB on Linux


def unit(rows: np.ndarray) -> np.ndarray:
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def make_data(n: int, dim: int, kind: str, queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` unit vectors and ``queries`` query vectors, built in chunks to spare memory."""
    rng = np.random.default_rng(seed)
    data = np.empty((n, dim), dtype=np.float32)
    if kind == "random":
        for s in range(0, n, 100_000):
            data[s : s + 100_000] = unit(rng.standard_normal((min(100_000, n - s), dim), dtype=np.float32))
        return data, unit(rng.standard_normal((queries, dim), dtype=np.float32))
    centres = unit(rng.standard_normal((max(1, n // 50), dim), dtype=np.float32))
    sigma = 0.9 / np.sqrt(dim)  # noise of norm ~0.9: cosine to the centre ~0.75

    def around(count: int) -> np.ndarray:
        picked = centres[rng.integers(0, len(centres), count)]
        return unit(picked + sigma * rng.standard_normal((count, dim), dtype=np.float32))

    for s in range(0, n, 100_000):
        data[s : s + 100_000] = around(min(100_000, n - s))
    return data, around(queries)


def time_search(index, queries: np.ndarray, repeats: int) -> tuple[float, np.ndarray]:
    """Median seconds to search one batch of QUERY_BATCH queries, and the ids for all queries."""
    faiss_index.search(index, queries[:QUERY_BATCH], K)  # warm-up: threads started, pages touched
    times = []
    for r in range(repeats):
        batch = queries[(r * QUERY_BATCH) % len(queries) :][:QUERY_BATCH]
        t = time.perf_counter()
        faiss_index.search(index, batch, K)
        times.append(time.perf_counter() - t)
    ids = np.concatenate([faiss_index.search(index, queries[s : s + 200], K)[1] for s in range(0, len(queries), 200)])
    return float(np.median(times)), ids


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth, strict=True)]))


def load_vectors(path: str, n_queries: int) -> tuple[np.ndarray, np.ndarray]:
    """Real embeddings from a .npy file (n, dim): the last ``n_queries`` rows are held out as queries."""
    rows = unit(np.load(path).astype(np.float32))
    return np.ascontiguousarray(rows[:-n_queries]), np.ascontiguousarray(rows[-n_queries:])


def bench_size(data: np.ndarray, queries: np.ndarray, repeats: int, hnsw: bool) -> None:
    n, dim = data.shape
    ids = np.arange(n, dtype=np.int64)
    base = rss_mb()

    def batches():
        for s in range(0, n, 65_536):
            yield ids[s : s + 65_536], data[s : s + 65_536]

    def sample(m: int) -> np.ndarray:
        return data[np.unique(np.linspace(0, n - 1, num=min(m, n)).astype(np.int64))]

    t = time.perf_counter()
    flat = faiss_index.build_index(dim, n, batches, sample, threshold=n + 1)
    flat_build = time.perf_counter() - t
    flat_mem = rss_mb() - base
    flat_s, truth = time_search(flat, queries, repeats)
    print(
        f"{n:>9,} {'flat':<10} build {flat_build:7.1f} s  +{flat_mem:7.0f} MB  "
        f"search {flat_s * 1e3:8.1f} ms  recall 1.000"
    )
    del flat

    base = rss_mb()
    t = time.perf_counter()
    ivf = faiss_index.build_index(dim, n, batches, sample, threshold=1)
    ivf_build = time.perf_counter() - t
    ivf_mem = rss_mb() - base
    ivf_s, found = time_search(ivf, queries, repeats)
    label = f"ivf{ivf.nlist}/{ivf.nprobe}"
    print(
        f"{n:>9,} {label:<10} build {ivf_build:7.1f} s  +{ivf_mem:7.0f} MB  search {ivf_s * 1e3:8.1f} ms  "
        f"recall {recall(found, truth):.3f}  speed-up x{flat_s / ivf_s:.1f}"
    )
    for nprobe in sorted({max(1, ivf.nlist // 64), ivf.nlist // 4} - {ivf.nprobe}):
        ivf.nprobe = nprobe
        s, found = time_search(ivf, queries, repeats)
        print(
            f"{'':>9} {'  nprobe ' + str(nprobe):<10} {'':>36}search {s * 1e3:8.1f} ms  "
            f"recall {recall(found, truth):.3f}  speed-up x{flat_s / s:.1f}"
        )
    del ivf

    if hnsw:
        import faiss

        t = time.perf_counter()
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 40
        index.add(data)
        build = time.perf_counter() - t
        for ef in (64, 256):
            index.hnsw.efSearch = ef
            s, found = time_search(index, queries, repeats)
            print(
                f"{n:>9,} {'hnsw32/' + str(ef):<10} build {build:7.1f} s  {'':>10}  search {s * 1e3:8.1f} ms  "
                f"recall {recall(found, truth):.3f}  speed-up x{flat_s / s:.1f}"
            )
        del index
    print(f"{'':>9} peak resident memory so far {peak_mb():,.0f} MB", flush=True)


class VectorEncoder:
    """Hands out precomputed vectors: the store is measured, not a model."""

    name, version = "bench", "1"

    def __init__(self, data: np.ndarray) -> None:
        self.dimension = data.shape[1]
        self.data = data
        self.next = 0

    def encode(self, texts: list[str], batch_size: int = 32, progress=None) -> np.ndarray:
        out = self.data[self.next : self.next + len(texts)]
        self.next += len(texts)
        return out


def bench_store(n: int, dim: int, kind: str) -> None:
    data, _ = make_data(n + 20, dim, kind, 1, seed=1)
    encoder = VectorEncoder(data)

    def article(a: int, claims: int) -> tuple[Article, list[Claim]]:
        texts = [f"article {a} claim {c}." for c in range(claims)]
        text = " ".join(texts)
        return Article(id=f"a{a:07d}.txt", text=text), [
            Claim(id=f"{a}-{c}", article=f"a{a:07d}.txt", text=t, start=0, end=len(t)) for c, t in enumerate(texts)
        ]

    docs = [article(a, 20) for a in range(n // 20)]
    with tempfile.TemporaryDirectory() as tmp:
        settings = {"model": "bench", "model_version": "1", "dimension": dim, "extractor_version": "b"}
        t = time.perf_counter()
        with ClaimIndex.open(Path(tmp) / "i", **settings) as index:
            stats = index.apply(docs, encoder=encoder)
        build = time.perf_counter() - t
        size = sum(p.stat().st_size for p in (Path(tmp) / "i").iterdir()) / 1e6
        t = time.perf_counter()
        with ClaimIndex.open(Path(tmp) / "i", readonly=True, **settings) as index:
            reopen = time.perf_counter() - t
            kind_ = index.manifest.index_type
        t = time.perf_counter()
        with ClaimIndex.open(Path(tmp) / "i", **settings) as index:
            index.apply([article(n // 20, 20)], encoder=encoder)
        one = time.perf_counter() - t
    print(
        f"store {stats.claims_added:,} claims ({kind_}): apply {build:.1f} s, {size:,.0f} MB on disk, "
        f"reopen {reopen:.2f} s, open + add one article of 20 claims + close {one:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated vector counts")
    parser.add_argument("--quick", action="store_true", help="sizes 10k and 100k, fewer repeats")
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--data", choices=("random", "clustered"), default="random")
    parser.add_argument("--vectors", metavar="FILE.npy", help="real embeddings instead of synthetic ones")
    parser.add_argument("--queries", type=int, default=200, help="queries for recall@10")
    parser.add_argument("--hnsw", action="store_true", help="also build HNSW (M=32, efConstruction=40): slow")
    parser.add_argument("--store", type=int, default=0, metavar="N", help="also time ClaimIndex with N claims")
    parser.add_argument("--threads", type=int, default=0, help="FAISS threads (default: all cores)")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    repeats = 3 if args.quick else 5
    import faiss

    if args.threads:
        faiss.omp_set_num_threads(args.threads)

    print(
        f"faiss {faiss.__version__}, {faiss.omp_get_max_threads()} threads, dim {args.dim}, "
        f"{args.vectors or args.data} data, "
        f"batch of {QUERY_BATCH} queries, k={K}; search = median time of one batch"
    )
    if args.vectors:
        bench_size(*load_vectors(args.vectors, args.queries), repeats, args.hnsw)
    else:
        for n in sizes:
            bench_size(*make_data(n, args.dim, args.data, args.queries), repeats, args.hnsw)
    if args.store:
        bench_store(args.store, args.dim, args.data)


if __name__ == "__main__":
    main()
