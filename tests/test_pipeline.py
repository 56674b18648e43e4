"""The pipeline's file and CI-mode handling: limits, locks, which files `check` reads, pairs files.
The fake encoder stands in for e5; where the comparison is beside the point it is replaced by one
that finds nothing."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from checker.config import Settings
from checker.errors import IndexStoreError, InputError
from checker.index.locking import WriterLock
from checker.pipeline import check_articles, compare_pairs, index_corpus, read_and_extract

ARTICLE = "Le sommet de Lyon a réuni 40 pays mardi 3 mars.\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b.txt").write_text("Le sommet de Lyon a réuni 55 pays mardi 3 mars.\n", encoding="utf-8")
    return root


@pytest.fixture
def settings() -> Settings:
    return Settings(encoder="fake")


@pytest.fixture
def no_comparison(monkeypatch):
    import checker.compare

    monkeypatch.setattr(checker.compare, "compare_claims", lambda *a, **k: [])


# ---------------------------------------------------------------- limits
def test_pipeline_article_over_the_claim_limit_is_named_and_skipped(corpus, settings, tmp_path):
    (corpus / "long.txt").write_text("Le sommet a réuni des pays. " * 30, encoding="utf-8")
    limited = settings.model_copy(update={"max_claims_per_article": 10})
    read, claims = read_and_extract(corpus, limited)
    assert [a.id for a in read.articles] == ["a.txt", "b.txt"]
    assert [p.path for p in read.problems] == ["long.txt"]
    assert "30 candidate claims, over the limit of 10 (setting max_claims_per_article)" in read.problems[0].reason
    assert {c.article for c in claims} == {"a.txt", "b.txt"}
    indexed = index_corpus(corpus, limited, index=tmp_path / "idx")
    assert {c.article for c in indexed.claims} == {"a.txt", "b.txt"} and indexed.corpus.problems == read.problems


# ---------------------------------------------------------------- the writer lock
def test_pipeline_index_up_to_date_is_read_while_a_writer_holds_the_lock(corpus, settings, tmp_path):
    """`compare` while `index` writes: an up-to-date index is read on a snapshot, without waiting."""
    first = index_corpus(corpus, settings, index=tmp_path / "idx")
    holder = WriterLock(tmp_path / "idx", timeout=0)  # another process's `checker index`
    try:
        again = index_corpus(corpus, settings.model_copy(update={"lock_timeout": 0}), index=tmp_path / "idx")
    finally:
        holder.release()
    assert [c.id for c in again.claims] == [c.id for c in first.claims] and again.embedded == 0


def test_pipeline_index_waits_for_the_writer_lock_up_to_lock_timeout(corpus, settings, tmp_path):
    index_corpus(corpus, settings, index=tmp_path / "idx")
    (corpus / "c.txt").write_text("Le sommet de Lyon s'est achevé mercredi.\n", encoding="utf-8")  # work to do
    holder = WriterLock(tmp_path / "idx", timeout=0)
    try:
        with pytest.raises(IndexStoreError, match="locked by another checker process"):
            index_corpus(corpus, settings.model_copy(update={"lock_timeout": 0.2}), index=tmp_path / "idx")
        threading.Timer(1.0, holder.release).start()  # the other run ends after a while
        done = index_corpus(corpus, settings.model_copy(update={"lock_timeout": 60}), index=tmp_path / "idx")
    finally:
        holder.release()
    assert "c.txt" in {c.article for c in done.claims}


# ---------------------------------------------------------------- which files `check` reads
def test_pipeline_check_reads_json_lists_and_jsonl_feeds(corpus, settings, tmp_path, no_comparison):
    index_corpus(corpus, settings, index=tmp_path / "idx")
    new = tmp_path / "new"
    new.mkdir()
    (new / "list.json").write_text(json.dumps([{"text": ARTICLE}, {"id": "x", "text": ARTICLE}]), encoding="utf-8")
    (new / "feed.jsonl").write_text(json.dumps({"text": ARTICLE}) + "\n", encoding="utf-8")
    result = check_articles([new / "list.json", new / "feed.jsonl"], settings, index=tmp_path / "idx")
    assert result.new_articles == ["list.json#1", "x", "feed.jsonl#1"]
    assert result.report.articles == 3 and result.report.problems == ()


def test_pipeline_check_names_links_and_does_not_read_them(corpus, settings, tmp_path, no_comparison):
    index_corpus(corpus, settings, index=tmp_path / "idx")
    secret = tmp_path / "secret.txt"
    secret.write_text("Le mot de passe est hunter2.", encoding="utf-8")
    (corpus / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    result = check_articles(
        [corpus / "c.txt", corpus / "leak.txt"], settings, index=tmp_path / "idx", corpus_root=corpus
    )
    assert result.new_articles == ["c.txt"]
    (problem,) = result.report.problems
    assert problem.path.endswith("leak.txt") and problem.reason.startswith("a symbolic link")


def test_pipeline_check_fills_the_report_as_compare_does(corpus, settings, tmp_path, no_comparison):
    """A check's report has the corpus report's fields: its timeline holds the new article's dated events."""
    index_corpus(corpus, settings, index=tmp_path / "idx")
    (corpus / "c.txt").write_text(ARTICLE, encoding="utf-8")
    result = check_articles([corpus / "c.txt"], settings, index=tmp_path / "idx", corpus_root=corpus)
    assert result.report.claims == 1 and result.report.model == "fake"
    assert any("c.txt" in entry.articles for entry in result.report.timeline), result.report.timeline


def test_pipeline_check_leaves_out_the_indexed_copy_of_a_checked_article(corpus, settings, tmp_path, monkeypatch):
    """`checker check corpus/a.txt` from the repository root names the article « corpus/a.txt » while the index
    names it « a.txt »: the indexed copy is that article, not another source to compare it with."""
    import checker.compare

    compared: list[list[str]] = []
    monkeypatch.setattr(
        checker.compare, "compare_claims", lambda claims, *a, **k: compared.append([c.article for c in claims]) or []
    )
    index_corpus(corpus, settings, index=tmp_path / "idx")
    result = check_articles([corpus / "a.txt"], settings, index=tmp_path / "idx", corpus_root=tmp_path)
    assert result.new_articles == ["corpus/a.txt"]
    assert compared == [["corpus/a.txt", "b.txt"]]  # b.txt is another source; « a.txt » is the same article


def test_pipeline_check_nothing_to_check_is_a_note_not_an_error(corpus, settings, tmp_path):
    index_corpus(corpus, settings, index=tmp_path / "idx")
    (tmp_path / "empty").mkdir()
    result = check_articles([tmp_path / "empty"], settings, index=tmp_path / "idx")
    assert result.note == "no new or changed articles to check"
    assert result.report.findings == () and result.new_articles == []


# ---------------------------------------------------------------- pairs files (reader: tests/ingest/test_ingest_pairs)
def test_pipeline_pairs_folder_is_refused(tmp_path, settings):
    with pytest.raises(InputError, match="is a folder, not a pairs file"):
        compare_pairs(tmp_path, settings)


def test_pipeline_index_files_are_as_readable_as_the_database(corpus, settings, tmp_path):
    """manifest.json and vectors.faiss were created 0600 (mkstemp) beside a 0644 database."""
    old = os.umask(0o022)
    try:
        index_corpus(corpus, settings, index=tmp_path / "idx")
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "idx").iterdir() if not p.name.startswith(".")}
    assert modes["manifest.json"] == modes["vectors.faiss"] == modes["claims.sqlite"] == 0o644, modes


def test_pipeline_check_pairs_a_new_article_as_a_compare_of_the_whole_corpus_would(tmp_path, monkeypatch):
    """`check` sees only the indexed claims near the new article's (the pool); a pool claim must still reach a new
    claim only where a compare of the whole corpus ranks it among that claim's nearest, or `check` judges pairs that
    `compare` never would (checker.compare.checked_search). One neighbour a claim, so that the pool is a small part
    of the index."""
    import random

    import checker.compare.engine as engine
    from checker.pipeline import compare_corpus

    roles, cities = ["maire", "préfet", "ministre", "directeur"], ["Lyon", "Nantes", "Lille", "Rennes", "Metz"]
    things, days = ["emplois", "lits", "bus", "écoles", "postes"], ["lundi", "mardi", "jeudi"]
    rng = random.Random(3)
    root = tmp_path / "corpus"
    root.mkdir()
    for a in range(12):
        text = " ".join(
            f"Le {rng.choice(roles)} de {rng.choice(cities)} a annoncé {rng.randint(3, 90)} {rng.choice(things)} "
            f"{rng.choice(days)}."
            for _ in range(3)
        )
        (root / f"a{a:02d}.txt").write_text(text + "\n", encoding="utf-8")
    settings = Settings(encoder="fake", judge="fake", neighbours=1, remember=False)
    seen: list[set[frozenset[tuple[str, str]]]] = []
    candidate_pairs = engine.candidate_pairs

    def recording(claims, *args, **kwargs):
        pairs = candidate_pairs(claims, *args, **kwargs)
        seen.append(
            {frozenset({(claims[i].id, claims[i].article), (claims[j].id, claims[j].article)}) for i, j in pairs}
        )
        return pairs

    monkeypatch.setattr(engine, "candidate_pairs", recording)
    compare_corpus(root, settings, index=tmp_path / "all")
    touching = {pair for pair in seen[-1] if any(article == "a05.txt" for _, article in pair)}
    rest = tmp_path / "rest"
    rest.mkdir()
    for f in root.glob("*.txt"):
        if f.name != "a05.txt":
            (rest / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    index_corpus(rest, settings, index=tmp_path / "rest-index")
    check_articles([root / "a05.txt"], settings, index=tmp_path / "rest-index", corpus_root=root)
    checked = seen[-1]
    assert checked and touching
    assert checked <= touching, sorted(map(sorted, checked - touching))
