"""Killed writers and competing writers: the index always opens in its old or its new state."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from checker.errors import IndexStoreError
from checker.index import ClaimIndex

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # the shared fakes, whatever pytest's import mode
from test_index_store import DIM, FakeEncoder, make_article, open_index  # noqa: E402

ROOT = HERE.parent.parent
PRELUDE = f"""
import os, sys, time
sys.path[:0] = [{str(ROOT)!r}, {str(HERE)!r}]
from checker.index import store
from test_index_store import FakeEncoder, make_article, open_index
"""


def batch(j: int, articles: int = 4, claims: int = 6) -> list:
    """Articles ``b{j}-*`` whose sentences are new to the index (so each apply embeds)."""
    return [
        make_article(
            f"b{j:03d}-{a}.txt", [f"topic{(j + s) % 7}: batch {j} article {a} claim {s}." for s in range(claims)]
        )
        for a in range(articles)
    ]


def spawn(body: str) -> subprocess.Popen:
    code = PRELUDE + textwrap.dedent(body)
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_consistent(path: Path) -> set[str]:
    """Open as a writer, then as a reader; every claim is found by its own vector, nothing else is.

    Returns the ids of the indexed articles.
    """
    for readonly in (False, True):
        with open_index(path, readonly=readonly, lock_timeout=5.0) as index:
            claims = index.claims()
            ids = {c.id for c in claims}
            assert index.manifest.counts.claims == len(claims)
            assert {c.article for c in claims} <= set(index.article_hashes())
            if claims:
                hits = index.search(index.vectors(sorted(ids)), k=len(ids))
                assert {cid for h in hits for cid, _ in h} == ids  # no claim that does not exist
                assert all(h[0][1] == pytest.approx(1.0, abs=1e-4) for h in hits)
            articles = set(index.article_hashes())
    return articles


def article_ids(*batches: int) -> set[str]:
    return {a.id for j in batches for a, _ in batch(j)}


STEPS = {  # where the writer dies -> (does its apply survive?, what the next writer repairs)
    "after_embed_chunk": (False, "manifest.json was behind"),  # the cache grew, nothing else
    "before_commit": (False, "manifest.json was behind"),
    "after_commit": (True, "vectors.faiss was at generation 1, the database at 2"),
    "after_faiss_replace": (True, "manifest.json was behind"),
    "after_manifest_replace": (True, None),
}


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One index a step, each written by a process that died there (the processes run side by side)."""
    paths, procs = {}, []
    for step in STEPS:
        path = paths[step] = tmp_path_factory.mktemp(step) / "idx"
        with open_index(path) as index:
            index.apply(batch(0) + batch(1), encoder=FakeEncoder())
        body = f"""
        store._checkpoint = lambda step: os._exit(9) if step == {step!r} else None
        from test_index_crash import batch
        with open_index({str(path)!r}) as index:
            index.apply(batch(2), [a.id for a, _ in batch(0)], encoder=FakeEncoder())
        """
        procs.append(spawn(body))
    for proc in procs:
        with proc:
            assert proc.wait(timeout=60) == 9, proc.stderr.read()
    return paths


@pytest.mark.parametrize("step", list(STEPS))
def test_index_crash_killed_at_each_step_opens_old_or_new(killed: dict[str, Path], step: str) -> None:
    path = killed[step]
    survives, repair = STEPS[step]
    expected = article_ids(1, 2) if survives else article_ids(0, 1)
    with open_index(path, readonly=True) as reader:  # before any writer repairs the files
        assert set(reader.article_hashes()) == expected
        assert (reader.repaired is not None) == (repair is not None and "vectors.faiss" in repair)
    with open_index(path) as index:
        assert (repair or "") in (index.repaired or "") and (repair is not None) == (index.repaired is not None)
    assert assert_consistent(path) == expected
    encoder = FakeEncoder()
    with open_index(path) as index:  # and the next run carries on
        stats = index.apply(batch(2), [a.id for a, _ in batch(0)], encoder=encoder)
        assert stats.embedded == 0  # even a run killed before its commit kept its embeddings
    assert assert_consistent(path) == article_ids(1, 2)


def test_index_crash_sigkill_at_random_moments(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    rng = random.Random(20250218)
    done = 0
    for _ in range(3):
        with spawn(
            f"""
            from test_index_crash import batch
            print("ready", flush=True)
            for j in range({done}, 10_000):
                with open_index({str(path)!r}, approx_threshold=300) as index:
                    index.apply(batch(j), encoder=FakeEncoder())
            """
        ) as proc:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
            try:
                proc.wait(timeout=rng.uniform(0.05, 0.5))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL, proc.stderr.read()
        articles = assert_consistent(path)
        done = len(articles) // 4
        assert articles == article_ids(*range(done))  # whole applies only, in order
    assert done > 0


def test_index_crash_second_writer_waits_then_gives_up(tmp_path: Path) -> None:
    path = tmp_path / "idx"
    with open_index(path) as index:
        index.apply(batch(0), encoder=FakeEncoder())
    with spawn(
        f"""
        with open_index({str(path)!r}) as index:
            print("locked", flush=True)
            time.sleep(60)
        """
    ) as proc:
        try:
            assert proc.stdout.readline().strip() == "locked", proc.stderr.read()
            message = (
                rf"index {path} is locked by another checker process \(pid {proc.pid}\); "
                "try again when it finishes"
            )
            with pytest.raises(IndexStoreError, match=message):
                open_index(path, lock_timeout=0.3)
            with open_index(path, readonly=True) as reader:  # readers do not wait
                assert len(reader.claims()) == 24
        finally:
            proc.send_signal(signal.SIGKILL)
    with open_index(path, lock_timeout=5.0) as index:  # the kernel dropped the dead holder's lock
        assert index.manifest.counts.articles == 4


def test_index_crash_lock_is_released_on_close(tmp_path: Path) -> None:
    with ClaimIndex.open(
        tmp_path / "i", model="m", model_version=FakeEncoder.version, dimension=DIM, extractor_version="x"
    ) as index:
        index.apply([make_article("a.txt", ["a: Une."])], encoder=FakeEncoder(name="m"))
        assert (tmp_path / "i" / ".lock").read_text().strip() == str(os.getpid())
    with ClaimIndex.open(
        tmp_path / "i",
        model="m",
        model_version=FakeEncoder.version,
        dimension=DIM,
        extractor_version="x",
        lock_timeout=0,
    ) as index:
        assert index.search(np.ones(DIM, dtype=np.float32), k=1)[0][0][0] == index.claims()[0].id
