"""ClaimIndex as a store: incremental sync by content hash, the embedding cache, model checks, repair.

``FakeEncoder``, ``make_article`` and ``open_index`` are shared with test_index_faiss.py and
test_index_crash.py (which import them from here).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from checker.errors import IndexStoreError, InputError
from checker.index import ClaimIndex
from checker.models import Article, Claim

DIM = 16


def _seeded(key: str, dimension: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)


class FakeEncoder:
    """Deterministic encoder that counts its work.

    A text's vector is the direction of its topic (what precedes ``:``, the whole text when none)
    plus ``noise`` times a direction of its own, so claims of one topic cluster as real ones do.
    """

    version = "fake-test/1"

    def __init__(self, dimension: int = DIM, name: str = "fake-test", noise: float = 0.3) -> None:
        self.name = name
        self.dimension = dimension
        self.noise = noise
        self.calls = 0
        self.texts: list[str] = []

    def vector(self, text: str) -> np.ndarray:
        v = _seeded(text.split(":")[0], self.dimension) + self.noise * _seeded(text, self.dimension)
        return v / np.linalg.norm(v)

    def encode(self, texts: list[str], batch_size: int = 32, progress=None) -> np.ndarray:
        self.calls += 1
        self.texts += list(texts)
        if progress is not None:
            progress(len(texts), len(texts))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.vector(t) for t in texts]).astype(np.float32)


def make_article(article_id: str, sentences: list[str]) -> tuple[Article, list[Claim]]:
    """An article whose text is ``sentences`` joined by spaces, with one claim per sentence."""
    text = " ".join(sentences)
    article = Article(id=article_id, text=text, content_hash=Article.hash_text(text))
    claims, pos = [], 0
    for sentence in sentences:
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        claims.append(
            Claim(
                id=Claim.make_id(article_id, start, sentence), article=article_id, text=sentence, start=start, end=pos
            )
        )
    return article, claims


def open_index(path: Path, **overrides) -> ClaimIndex:
    """Open with the settings that match ``FakeEncoder()`` unless overridden."""
    settings = {
        "model": "fake-test",
        "model_version": FakeEncoder.version,
        "dimension": DIM,
        "extractor_version": "x1",
        "lock_timeout": 2.0,
    }
    settings.update(overrides)
    return ClaimIndex.open(path, **settings)


def corpus() -> dict[Article, list[Claim]]:
    return dict(
        [
            make_article("a.txt", ["sommet: Le sommet aura lieu à Ryad.", "guerre: Le conflit dure depuis trois ans."]),
            make_article("b.txt", ["sommet: Le sommet se tiendra à Riyad mardi.", "prix: Le blé a augmenté de 30%."]),
            make_article("c.txt", ["accord: Un accord a été signé par 61 pays."]),
        ]
    )


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[Article, list[Claim]]]:
    path = tmp_path / "indexes" / "main"
    docs = corpus()
    with open_index(path) as index:
        assert index.repaired is None and index.manifest.generation == 0
        index.apply(docs, encoder=FakeEncoder())
    return path, docs


def test_index_store_adds_and_finds_claims(built) -> None:
    path, docs = built
    with open_index(path) as index:
        all_claims = [c for claims in docs.values() for c in claims]
        assert index.manifest.counts.model_dump() == {"articles": 3, "claims": 5, "vectors": 5}
        assert index.manifest.index_type == "flat" and index.manifest.generation == 1
        assert sorted(c.id for c in index.claims()) == sorted(c.id for c in all_claims)
        assert [c.text for c in index.claims(["b.txt"])] == [
            "sommet: Le sommet se tiendra à Riyad mardi.",
            "prix: Le blé a augmenté de 30%.",
        ]
        first = all_claims[0]
        assert index.claim(first.id) == first
        hits = index.search(index.vectors([first.id]), k=2)
        assert hits[0][0][0] == first.id and hits[0][0][1] == pytest.approx(1.0, abs=1e-5)
        assert hits[0][1][0] == all_claims[2].id  # the other « sommet » claim comes next
    assert (path / "manifest.json").is_file() and (path / "vectors.faiss").is_file()


def test_index_store_unchanged_corpus_embeds_nothing(built) -> None:
    path, docs = built
    encoder = FakeEncoder()
    with open_index(path) as index:
        plan = index.plan(list(docs), complete=True)
        assert (len(plan.new), len(plan.changed), len(plan.unchanged), plan.removed) == (0, 0, 3, ())
        stats = index.apply({a: docs[a] for a in plan.to_extract}, plan.removed, encoder=encoder)
        assert (stats.claims_added, stats.embedded, stats.generation) == (0, 0, 1)  # nothing written
        again = index.apply(docs, encoder=encoder)  # re-adding everything costs no embedding either
        assert (again.embedded, again.cached, again.claims_added, again.claims_removed) == (0, 5, 5, 5)
    assert encoder.calls == 0


def test_index_store_same_sentence_in_two_articles_is_embedded_once(tmp_path: Path) -> None:
    shared = "sommet: Le sommet aura lieu à Ryad le 18 février."
    encoder = FakeEncoder()
    with open_index(tmp_path / "i") as index:
        stats = index.apply(
            [make_article("a.txt", [shared, "x: Autre phrase."]), make_article("b.txt", ["y: Une phrase.", shared])],
            encoder=encoder,
        )
        assert encoder.texts.count(shared) == 1
        assert (stats.embedded, stats.cached, stats.claims_added) == (3, 0, 4)
        same = [c.id for c in index.claims() if c.text == shared]
        assert len(same) == 2
        v = index.vectors(same)
        assert np.array_equal(v[0], v[1])
        assert {cid for cid, _ in index.search(v[:1], k=2)[0]} == set(same)


def test_index_store_changed_article_replaces_its_claims(built) -> None:
    path, docs = built
    old_article, old_claims = next((a, c) for a, c in docs.items() if a.id == "a.txt")
    article, claims = make_article("a.txt", [old_claims[0].text, "guerre: Le conflit dure depuis quatre ans."])
    encoder = FakeEncoder()
    with open_index(path) as index:
        plan = index.plan([article])
        assert [a.id for a in plan.changed] == ["a.txt"] and plan.removed == ()
        stats = index.apply({article: claims}, encoder=encoder)
        assert (stats.claims_removed, stats.claims_added, stats.embedded, stats.cached) == (2, 2, 1, 1)
        assert encoder.texts == ["guerre: Le conflit dure depuis quatre ans."]
        with pytest.raises(IndexStoreError, match="holds no claim"):
            index.claim(old_claims[1].id)
        found = {cid for hits in index.search(index.vectors([c.id for c in claims]), k=10) for cid, _ in hits}
        assert old_claims[1].id not in found and claims[1].id in found
        assert index.article_hashes()["a.txt"] == article.content_hash != old_article.content_hash


def test_index_store_removes_articles_and_keeps_their_vectors_until_compact(built) -> None:
    path, docs = built
    kept = [a for a in docs if a.id != "c.txt"]
    encoder = FakeEncoder()
    with open_index(path) as index:
        plan = index.plan(kept, complete=True)
        assert plan.removed == ("c.txt",)
        assert index.plan(kept).removed == ()  # a partial list removes nothing
        stats = index.apply({}, plan.removed, encoder=encoder)
        assert (stats.removed_articles, stats.claims_removed) == (1, 1)
        assert index.manifest.counts.model_dump() == {"articles": 2, "claims": 4, "vectors": 5}
        assert all(cid for hits in index.search(np.eye(DIM, dtype=np.float32), k=10) for cid, _ in hits)
        c_article = next(a for a in docs if a.id == "c.txt")
        assert index.apply({c_article: docs[c_article]}, encoder=encoder).embedded == 0  # back from the cache
        index.apply({}, ["c.txt"], encoder=encoder)
        assert index.compact() == 1
        assert index.manifest.counts.vectors == 4
    assert encoder.calls == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"model": "e5-small", "dimension": 384},
            r"was built with model fake-test \(dim 16\); this run uses e5-small \(dim 384\): rebuild it with "
            r"--rebuild or choose another --index",
        ),
        ({"dimension": 32}, r"model fake-test \(dim 16\); this run uses fake-test \(dim 32\)"),
        (
            {"model_version": "fake-test/2"},
            r"model fake-test fake-test/1 \(dim 16\); this run uses fake-test fake-test/2",
        ),
    ],
)
def test_index_store_refuses_another_model(built, overrides, message) -> None:
    path, _ = built
    with pytest.raises(IndexStoreError, match=message):
        open_index(path, **overrides)
    with pytest.raises(IndexStoreError, match=message):
        open_index(path, readonly=True, **overrides)
    with open_index(path, rebuild=True, **overrides) as index:  # --rebuild starts afresh
        assert index.manifest.counts.claims == 0


def test_index_store_refuses_an_encoder_of_another_model(built) -> None:
    path, docs = built
    with open_index(path) as index, pytest.raises(IndexStoreError, match="this run uses other"):
        index.apply(docs, encoder=FakeEncoder(name="other"))


def test_index_store_missing_index(tmp_path: Path) -> None:
    path = tmp_path / "nowhere"
    message = rf"no index at {path}: run `checker index CORPUS --index {path}` first"
    with pytest.raises(IndexStoreError, match=message):
        open_index(path, create=False)
    with pytest.raises(IndexStoreError, match=message):
        open_index(path, readonly=True)
    assert not path.exists()


def test_index_store_corrupt_database(built) -> None:
    path, _ = built
    (path / "claims.sqlite").write_bytes(b"this is not a database" * 100)
    for name in ("claims.sqlite-wal", "claims.sqlite-shm"):
        (path / name).unlink(missing_ok=True)
    with pytest.raises(IndexStoreError, match=r"index .* is unreadable \(claims.sqlite: file is not a database\)"):
        open_index(path)
    with pytest.raises(IndexStoreError, match="is unreadable"):
        open_index(path, readonly=True)


@pytest.mark.parametrize(
    ("damage", "reason", "reader_reason"),
    [
        (lambda p: (p / "vectors.faiss").unlink(), "vectors.faiss was missing", "vectors.faiss was missing"),
        (lambda p: (p / "vectors.faiss").write_bytes(b"garbage" * 50), "vectors.faiss was unreadable", "unreadable"),
        (lambda p: (p / "manifest.json").write_text("{"), "manifest.json was unreadable", None),  # readers skip it
    ],
)
def test_index_store_rebuilds_damaged_derived_files(built, damage, reason, reader_reason) -> None:
    path, docs = built
    damage(path)
    with open_index(path, readonly=True) as reader:
        assert reader_reason is None and reader.repaired is None or reader_reason in (reader.repaired or "")
        assert len(reader.search(np.eye(DIM, dtype=np.float32)[:1], k=10)[0]) == 5
    with open_index(path) as index:
        assert reason in (index.repaired or "")
        assert index.manifest.counts.claims == 5
    with open_index(path) as index:
        assert index.repaired is None  # written back by the writer


def test_index_store_stale_extractor_reextracts_without_embedding(built) -> None:
    path, docs = built
    encoder = FakeEncoder()
    with open_index(path, extractor_version="x2") as index:
        assert index.stale_extractor
        plan = index.plan(list(docs))
        assert len(plan.changed) == 3 and not plan.unchanged
        index.apply({a: docs[a] for a in plan.to_extract}, encoder=encoder)
        assert not index.stale_extractor and index.manifest.extractor_version == "x2"
    assert encoder.calls == 0


def test_index_store_rejects_bad_input(built) -> None:
    path, docs = built
    article, claims = make_article("d.txt", ["z: Une phrase."])
    other, _ = make_article("e.txt", ["z: Une autre."])
    with open_index(path) as index:
        with pytest.raises(InputError, match="belongs to article d.txt, not e.txt"):
            index.apply([(other, claims)], encoder=FakeEncoder())
        with pytest.raises(InputError, match="listed twice"):
            index.plan([article, article])
        taken = next(iter(docs.values()))[0].id
        thief = claims[0].model_copy(update={"id": taken})
        with pytest.raises(InputError, match="cannot index these claims: UNIQUE constraint failed: claims.id"):
            index.apply([(article, [thief])], encoder=FakeEncoder())
        assert index.manifest.generation == 1 and index.claim(taken).article == "a.txt"


def test_index_store_reader_keeps_its_snapshot_while_a_writer_commits(built) -> None:
    path, _ = built
    with open_index(path, readonly=True) as reader:
        with open_index(path) as writer:  # a reader takes no lock
            writer.apply([make_article("d.txt", ["z: Nouvelle phrase."])], encoder=FakeEncoder())
        assert len(reader.claims()) == 5 and reader.manifest.generation == 1
        assert len(reader.search(np.eye(DIM, dtype=np.float32)[:1], k=50)[0]) == 5
        with pytest.raises(IndexStoreError, match="read-only"):
            reader.apply({}, ["a.txt"], encoder=FakeEncoder())
    with open_index(path, readonly=True) as reader:
        assert len(reader.claims()) == 6 and reader.repaired is None


def test_index_store_search_edges(tmp_path: Path) -> None:
    with open_index(tmp_path / "i") as index:
        assert index.search(np.ones((2, DIM), dtype=np.float32), k=10) == [[], []]
        index.apply([make_article("a.txt", ["a: Une.", "b: Deux."])], encoder=FakeEncoder())
        assert [len(h) for h in index.search(np.ones((3, DIM), dtype=np.float32), k=100)] == [2, 2, 2]
        assert len(index.search(np.ones(DIM, dtype=np.float32), k=1)) == 1
        with pytest.raises(IndexStoreError, match="dimension 16"):
            index.search(np.ones((1, 8), dtype=np.float32), k=1)
    with pytest.raises(IndexStoreError, match="closed"):
        index.claims()


def test_index_store_reports_embedding_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with open_index(tmp_path / "i") as index:
        index.apply(
            [make_article("a.txt", ["a: Une.", "b: Deux.", "c: Trois."])],
            encoder=FakeEncoder(),
            progress=lambda d, t: seen.append((d, t)),
        )
    assert seen[-1] == (3, 3)
