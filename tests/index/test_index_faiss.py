"""The FAISS side: exact search equals brute force, IVF past the threshold keeps recall, files carry a generation."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from checker.index import faiss_index

sys.path.insert(0, str(Path(__file__).parent))  # the shared fakes, whatever pytest's import mode
from test_index_store import FakeEncoder, make_article, open_index  # noqa: E402


def brute_force(matrix: np.ndarray, ids: list[str], queries: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
    scores = queries @ matrix.T
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return [[(ids[j], float(scores[i, j])) for j in row] for i, row in enumerate(order)]


def topic_corpus(topics: int, per_topic: int, sentences: int = 5) -> list:
    """``topics`` x ``per_topic`` sentences spread over articles of ``sentences`` claims each."""
    texts = [f"topic{t}: claim {i} of topic {t}." for t in range(topics) for i in range(per_topic)]
    return [make_article(f"art{n:04d}.txt", texts[n : n + sentences]) for n in range(0, len(texts), sentences)]


def test_index_faiss_exact_search_equals_brute_force(tmp_path: Path) -> None:
    encoder = FakeEncoder(noise=3.0)  # nearly random vectors: no easy neighbours
    docs = topic_corpus(topics=60, per_topic=5)
    queries = np.stack([encoder.vector(f"query {i}") for i in range(12)])
    with open_index(tmp_path / "i") as index:
        index.apply(docs, encoder=encoder)
        assert index.manifest.index_type == "flat"
        claims = index.claims()
        ids = [c.id for c in claims]
        expected = brute_force(index.vectors(ids), ids, queries, k=10)
        got = index.search(queries, k=10)
    assert [[cid for cid, _ in hits] for hits in got] == [[cid for cid, _ in hits] for hits in expected]
    assert np.allclose([[s for _, s in h] for h in got], [[s for _, s in h] for h in expected], atol=1e-5)


def test_index_faiss_switches_to_ivf_past_threshold_with_good_recall(tmp_path: Path) -> None:
    encoder = FakeEncoder(dimension=32, noise=0.6)
    docs = topic_corpus(topics=50, per_topic=40)  # 2,000 claims
    settings = {"dimension": 32, "approx_threshold": 200}
    with open_index(tmp_path / "i", **settings) as index:
        index.apply(docs[:30], encoder=encoder)  # 150 claims: still exact
        assert index.manifest.index_type == "flat"
        index.apply(docs[30:], encoder=encoder)
        assert index.manifest.index_type == "ivf" and index.manifest.nlist == faiss_index.nlist_for(2000)
        ids = [c.id for c in index.claims()]
        matrix = index.vectors(ids)
        queries = np.stack([encoder.vector(f"topic{t}: a new claim {t}.") for t in range(0, 50, 2)])
        expected = brute_force(matrix, ids, queries, k=10)
        got = index.search(queries, k=10)
        recall = np.mean([len({c for c, _ in g} & {c for c, _ in e}) / 10 for g, e in zip(got, expected, strict=True)])
        assert recall >= 0.9

        removed = [a.id for a, _ in docs[:200]]  # IVF removes in place
        index.apply({}, removed, encoder=encoder)
        assert index.manifest.index_type == "ivf" and index.manifest.counts.claims == 1000
        gone = {c.id for _, claims in docs[:200] for c in claims}
        assert not gone & {c for hits in index.search(queries, k=50) for c, _ in hits}

    with open_index(tmp_path / "i", **settings) as index:  # saved as IVF, reopened without repair
        assert index.repaired is None and index.manifest.index_type == "ivf"
        index.apply({}, [a.id for a, _ in docs[200:385]], encoder=encoder)  # 75 claims left: back to exact
        assert index.manifest.index_type == "flat" and index.manifest.counts.claims == 75
    assert encoder.calls == 2


def test_index_faiss_choice_rules() -> None:
    assert faiss_index.choose_type(199, 200, None) == "flat"
    assert faiss_index.choose_type(200, 200, "flat") == "ivf"
    assert faiss_index.choose_type(150, 200, "ivf") == "ivf"  # hysteresis
    assert faiss_index.choose_type(99, 200, "ivf") == "flat"
    assert faiss_index.nlist_for(2000) == 51  # at least 39 training points a list
    assert faiss_index.nlist_for(1_000_000) == 4000
    assert faiss_index.nlist_for(10_000_000) == 4096
    assert faiss_index.nprobe_for(4000) == 250 and faiss_index.nprobe_for(5) == 5


def test_index_faiss_file_carries_its_generation(tmp_path: Path) -> None:
    index = faiss_index.empty_index(4)
    faiss_index.add(index, np.array([7, 9]), np.eye(4, dtype=np.float32)[:2])
    path = tmp_path / "v.faiss"
    faiss_index.write_index(index, path, generation=42)
    again, generation = faiss_index.read_index(path)
    assert generation == 42 and again.ntotal == 2
    assert faiss_index.search(again, np.eye(4, dtype=np.float32)[1:2], 1)[1].tolist() == [[9]]
    path.write_bytes(path.read_bytes()[:-3])
    with pytest.raises(ValueError, match="trailer"):
        faiss_index.read_index(path)
    assert not list(tmp_path.glob(".*.tmp"))
