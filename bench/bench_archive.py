"""Archive latency: `check` of one new article against an index of a million claims, models loaded.

    python bench/bench_archive.py                          # 1,000,000 claims (about 15 minutes on 2 cores)
    python bench/bench_archive.py --claims 100000 1000000  # several sizes: the check should not grow with them

1. Real claims: every article of ``dev-cases/*/corpus`` but the checked case's (``--case``) is extracted and
   embedded with the default encoder, once, as ``checker index`` would.
2. An archive of N claims: those claims copied into fictitious archive articles (20 claims an article), each
   copy's text marked with its place (« [a0001234.5] »: the store keeps one vector a distinct text) and its
   vector the original's with a little noise (cosine about 0.98 to it), so that a new claim's nearest claims
   are real sentences with their slots and quotes. Written with ``ClaimIndex.apply``, as ``checker index``
   writes it (approximate search from the configured size on).
3. The checked case's articles, each checked alone as a new article, with ``checker check``'s own code
   (``pipeline._check``) and the encoder and the judge loaded once (a first check loads them and is not
   counted; the memory off, nothing read back). For each: its claims, the pairs judged, and the time of the
   index search, of the judge, of the comparison around it and of the whole check; then the medians.

Also printed: the index on disk per claim. The baseline of the ratio is the same check against an index of the
real claims alone (a few thousand), measured in the same run: what the archive's size costs. Said plainly: the
archive's copies crowd a new claim's neighbourhood with near-copies of the same few sentences, so the pairs judged
(and the judge's time) can be fewer than in a real archive of as many different sentences; the search's and the
store's costs are the archive's own.
Not a test: nothing here asserts, it prints figures to read and to quote.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_index import rss_mb  # noqa: E402  (this folder: run as a script)

import checker.compare  # noqa: E402
from checker import pipeline  # noqa: E402
from checker.config import load_settings  # noqa: E402
from checker.index import ClaimIndex, LazyEncoder  # noqa: E402
from checker.models import Article, Claim  # noqa: E402

PER_ARTICLE = 20
CHUNK = 100_000  # claims written at a time
NOISE = 0.008  # per dimension, on unit vectors of 384: cosine about 0.98 to the original


class VectorEncoder:
    """The default encoder's name and dimension, handing out the archive's precomputed vectors by text."""

    def __init__(self, like: Any, vectors: dict[str, np.ndarray]) -> None:
        self.name, self.version, self.dimension = like.name, like.version, like.dimension
        self.vectors = vectors

    def encode(self, texts: list[str], batch_size: int = 32, progress=None) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


class Timed:
    """Counts and times what a check spends in one callable (the judge's pairs, the index search)."""

    def __init__(self) -> None:
        self.seconds, self.count = 0.0, 0

    def wrap(self, call, count=lambda args: 0):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.count += count(args)

        return timed


class TimedJudge:
    """The judge, its pairs counted and timed; every other attribute is the judge's own."""

    def __init__(self, judge: Any) -> None:
        self._judge, self.timer = judge, Timed()
        self.judge_claims = self.timer.wrap(judge.judge_claims, lambda args: len(args[0]))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._judge, name)


def real_claims(settings, encoder, skip: str) -> tuple[list[Claim], np.ndarray, dict[str, np.ndarray], list[Path]]:
    from checker.extract import extract_article
    from checker.ingest import read_files

    files = sorted((ROOT / "dev-cases").glob("*/corpus/*"))
    checked = [f for f in files if f.parent.parent.name == skip]
    if not checked:
        sys.exit(f"no dev case {skip!r} with a corpus")
    read, problems = read_files([(f, f"{f.parent.parent.name}/{f.name}") for f in files if f not in checked])
    claims = [c for article in read for c in extract_article(article)]
    vectors = encoder.encode([c.text for c in claims], batch_size=settings.batch_size)
    quoted = sorted({c.quote for c in claims if c.quote})
    quotes = dict(zip(quoted, np.asarray(encoder.encode(quoted, batch_size=settings.batch_size), dtype=np.float32)))
    print(f"real claims: {len(claims):,} from {len(read)} articles ({len(problems)} unreadable)", flush=True)
    return claims, np.asarray(vectors, dtype=np.float32), quotes, checked


def build(
    folder: Path, n: int, claims: list[Claim], vectors: np.ndarray, quotes: dict[str, np.ndarray], encoder, settings
) -> float:
    """An index of ``n`` claims in ``folder``: copies of the real claims, as described above, written CHUNK claims at
    a time (as successive `checker index` runs would add them). Returns seconds."""
    rng = np.random.default_rng(7)
    pick = np.arange(n - n % PER_ARTICLE) % len(claims)
    rng.shuffle(pick)

    def chunk(first: int, last: int) -> tuple[list[tuple[Article, list[Claim]]], np.ndarray]:
        noisy = vectors[pick[first:last]] + rng.normal(0.0, NOISE, (last - first, vectors.shape[1])).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        docs = []
        for a in range(first // PER_ARTICLE, last // PER_ARTICLE):
            name = f"archive/a{a:07d}.txt"
            sources = [claims[pick[a * PER_ARTICLE + c]] for c in range(PER_ARTICLE)]
            copies = [
                c.model_copy(update={"id": f"a{a:07d}-{k}", "article": name, "text": f"{c.text} [a{a:07d}.{k}]"})
                for k, c in enumerate(sources)
            ]
            body = " ".join(c.text for c in copies)
            docs.append((Article(id=name, text=body, content_hash=Article.hash_text(body), language="fr"), copies))
        return docs, noisy

    start = time.perf_counter()
    for first in range(0, len(pick), CHUNK):
        docs, noisy = chunk(first, min(len(pick), first + CHUNK))
        texts = [c.text for _, copies in docs for c in copies]
        vectorised = VectorEncoder(encoder, {**quotes, **dict(zip(texts, noisy))})
        with pipeline._open_index(folder, vectorised, settings) as index:
            index.apply(docs, encoder=vectorised)
        if len(pick) > CHUNK:
            print(f"  {first + len(noisy):,} claims written, {time.perf_counter() - start:.0f} s", flush=True)
    return time.perf_counter() - start


def check_one(path: Path, folder: Path, settings, encoder, judge: TimedJudge) -> dict[str, float]:
    searched, compared = Timed(), Timed()
    search, compare = ClaimIndex.search, checker.compare.compare_claims
    ClaimIndex.search = searched.wrap(search)  # type: ignore[method-assign]
    checker.compare.compare_claims = compared.wrap(compare)  # _check imports it from there when it runs
    before = (judge.timer.seconds, judge.timer.count)
    try:
        job = pipeline._CheckJob([path], settings, folder, path.parent, None, None, False, pipeline._noop)
        start = time.perf_counter()
        result = pipeline._check(job, encoder, judge)
        whole = time.perf_counter() - start
    finally:
        ClaimIndex.search, checker.compare.compare_claims = search, compare  # type: ignore[method-assign]
    return {
        "claims": float(result.report.claims),
        "pairs": float(judge.timer.count - before[1]),
        "search": searched.seconds,
        "compare": compared.seconds,
        "judge": judge.timer.seconds - before[0],
        "whole": whole,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="+", default=[1_000_000], help="archive sizes (default 1M)")
    parser.add_argument("--case", default="incendie-serra", help="the dev case whose articles are checked")
    opts = parser.parse_args()
    settings = load_settings(ROOT, remember=False, worker=False)
    encoder = LazyEncoder(settings.encoder, settings.cache_dir, light=True)
    judge = TimedJudge(pipeline._judge(settings))
    claims, vectors, quotes, checked = real_claims(settings, encoder, opts.case)
    sizes = [len(claims) - len(claims) % PER_ARTICLE, *opts.claims]
    print(
        f"checked: the {len(checked)} articles of dev-cases/{opts.case}, one at a time; {settings.neighbours} "
        f"neighbours; approximate search from {settings.approximate_threshold:,} claims",
        flush=True,
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"i{n}"
            seconds = build(folder, n, claims, vectors, quotes, encoder, settings)
            disk = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            check_one(checked[0], folder, settings, encoder, judge)  # loads the models, opens the files: not counted
            runs = [check_one(p, folder, settings, encoder, judge) for p in checked]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            rows.append((n, seconds, disk, median))
            print(
                f"{n:>9,} claims: built in {seconds:.0f} s, {disk:,.0f} MB on disk ({disk * 1e6 / n:,.0f} B a claim); "
                f"check of one article (median of {len(runs)}): {median['whole']:.2f} s "
                f"(search {median['search'] * 1e3:.0f} ms, comparison {median['compare']:.2f} s of which the judge "
                f"{median['judge']:.2f} s for {median['pairs']:.0f} pairs, "
                f"{median['claims']:.0f} claims); this process resident (models, the build) {rss_mb():,.0f} MB",
                flush=True,
            )
            for path in folder.iterdir():
                path.unlink()
    base = rows[0][3]["whole"]
    print(
        "\n| claims in the index | check of one article | ratio to the smallest | search + comparison | search "
        "| comparison, judge included | judge (pairs) | on disk |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, _, disk, m in rows:
        print(
            f"| {n:,} | {m['whole']:.2f} s | {m['whole'] / base:.2f} | {m['search'] + m['compare']:.2f} s | "
            f"{m['search'] * 1e3:.0f} ms | {m['compare']:.2f} s | {m['judge']:.2f} s ({m['pairs']:.0f}) | "
            f"{disk * 1e6 / n:,.0f} B |"
        )


if __name__ == "__main__":
    main()
