"""Throughput of each stage on real text: reading, claim extraction (spaCy + rules), embedding
(e5-small and USE-m3), comparison; and the cost of re-running on an unchanged corpus.

    python bench/bench_pipeline.py [--copies N] [--encoders e5-small,use-m3]

The corpus is the sample corpus plus the dev cases, repeated N times under distinct names (the
texts are real news sentences; repetition only scales the work). Prints one line per figure.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus(copies: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="checker-bench-"))
    sources = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "dev-cases").glob("*/corpus/*.txt"))
    for n in range(copies):
        for src in sources:
            shutil.copy(src, folder / f"{n:03d}-{src.parent.parent.name}-{src.name}")
    return folder


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--encoders", default="e5-small,use-m3")
    args = parser.parse_args()

    from checker.compare import compare_claims
    from checker.config import load_settings
    from checker.extract import extract_claims
    from checker.extract.nlp import load_nlp
    from checker.index.encoders import load_encoder
    from checker.ingest import read_corpus
    from checker.pipeline import index_corpus

    folder = _corpus(args.copies)
    t = time.perf_counter()
    corpus = read_corpus(folder)
    read_s = time.perf_counter() - t
    words = sum(len(a.text.split()) for a in corpus.articles)
    print(f"read: {len(corpus.articles)} articles, {words} words in {read_s:.2f} s")

    t = time.perf_counter()
    load_nlp("fr"), load_nlp("en")
    print(f"spaCy load (fr + en): {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    claims = extract_claims(corpus.articles)
    ext_s = time.perf_counter() - t
    print(
        f"extract: {len(claims)} claims in {ext_s:.1f} s = {len(corpus.articles) / ext_s:.1f} articles/s, "
        f"{words / ext_s:.0f} words/s"
    )

    texts = [c.text for c in claims]
    vectors = None
    for name in args.encoders.split(","):
        t = time.perf_counter()
        enc = load_encoder(name)
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        v = enc.encode(texts, batch_size=32)
        emb_s = time.perf_counter() - t
        vectors = v if vectors is None else vectors
        print(
            f"embed {name}: load {load_s:.1f} s, {len(texts)} claims in {emb_s:.1f} s "
            f"= {len(texts) / emb_s:.0f} claims/s"
        )

    t = time.perf_counter()
    findings = compare_claims(claims, vectors, neighbours=load_settings().neighbours)
    cmp_s = time.perf_counter() - t
    print(f"compare: {len(findings)} findings in {cmp_s:.1f} s = {len(claims) / cmp_s:.0f} claims/s")

    with tempfile.TemporaryDirectory() as idx:
        settings = load_settings(encoder=args.encoders.split(",")[0])
        t = time.perf_counter()
        first = index_corpus(folder, settings, index=Path(idx) / "i")
        first_s = time.perf_counter() - t
        t = time.perf_counter()
        again = index_corpus(folder, settings, index=Path(idx) / "i")
        again_s = time.perf_counter() - t
        print(
            f"index: first run {first_s:.1f} s ({first.embedded} embedded); unchanged corpus {again_s:.2f} s "
            f"({again.embedded} embedded) -> ratio {first_s / max(again_s, 1e-9):.0f}x"
        )
    print(f"peak RSS: {_rss_mb():.0f} MB")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
