"""read_corpus: the walk, the errors, the problems, and the real inputs."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.ingest import read_corpus
from checker.models import Corpus

SHARED = Path(__file__).parents[2].parent / "shared"
SEEDS = SHARED / "seeds"
IA_SUMMIT = SHARED / "dev-cases" / "ia-summit" / "corpus"


def test_ingest_missing_folder_is_refused(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError, match=f"^corpus folder not found: {re.escape(str(missing))}$"):
        read_corpus(missing)


def test_ingest_file_instead_of_folder_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Texte.", encoding="utf-8")
    with pytest.raises(InputError, match=r"a.txt is a file, not a corpus folder"):
        read_corpus(tmp_path / "a.txt")


def test_ingest_empty_folder_is_refused(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / ".hidden.txt").write_text("Caché.", encoding="utf-8")
    expected = f"no articles found in {tmp_path} (looked for .txt, .md, .html, .json, .jsonl)"
    with pytest.raises(InputError) as caught:
        read_corpus(tmp_path)
    assert str(caught.value) == expected


def test_ingest_folder_of_unreadable_files_names_a_problem(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match=r"no articles found in .*; 1 could not be read, e.g. image.txt: binary file"):
        read_corpus(tmp_path)


def test_ingest_binary_file_is_a_problem_and_others_are_read(tmp_path):
    (tmp_path / "a.txt").write_text("Le Kremlin a confirmé jeudi.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "d.md").write_text("", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a.txt"]
    assert [(p.path, p.reason.split(" (")[0].split(" at ")[0]) for p in corpus.problems] == [
        ("b.txt", "binary file"),
        ("c.json", "invalid JSON"),
        ("d.md", "empty file"),
    ]


def test_ingest_walk_is_recursive_sorted_and_skips_hidden_and_foreign(tmp_path):
    for name in ("b.txt", "a/z.md", "a/b/c.txt", "A.TXT", ".git/x.txt", "a/.draft.txt", "notes.pdf", "x.docx"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Le Kremlin a confirmé jeudi.", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["A.TXT", "a/b/c.txt", "a/z.md", "b.txt"]
    assert corpus.problems == ()
    assert corpus.root == str(tmp_path)


def test_ingest_duplicate_record_ids_are_problems(tmp_path):
    (tmp_path / "a.json").write_text('{"id": "x1", "text": "Premier."}', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x1", "text": "Second."}\n', encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.text for a in corpus.articles] == ["Premier."]
    assert corpus.problems[0].path == "b.jsonl"
    assert "duplicate article id 'x1' (first read from a.json)" in corpus.problems[0].reason


def test_ingest_progress_is_called_after_each_file(tmp_path):
    for name in ("a.txt", "b.txt", "c.bin", "d.txt"):
        (tmp_path / name).write_text("Texte.", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    read_corpus(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_ingest_seeds_read_as_five_articles():
    corpus = read_corpus(SEEDS)
    assert isinstance(corpus, Corpus)
    assert len(corpus.articles) == 5 and corpus.problems == ()
    for article in corpus.articles:
        assert article.text == (SEEDS / article.id).read_text(encoding="utf-8")
        assert article.language == "fr"


@pytest.mark.skipif(not IA_SUMMIT.is_dir(), reason=f"ia-summit dev case not found at {IA_SUMMIT}")
def test_ingest_ia_summit_metadata():
    by_id = {a.id: a for a in read_corpus(IA_SUMMIT).articles}
    assert sorted(by_id) == ["a_agence.txt", "b_quotidien.txt", "c_hebdo.txt", "d_regional.txt", "e_english.txt"]
    assert by_id["e_english.txt"].language == "en"
    assert all(by_id[k].language == "fr" for k in by_id if k != "e_english.txt")
    assert all(a.agency is None for a in by_id.values())  # « PARIS (wire) - » names no known agency
    assert by_id["a_agence.txt"].title == "Sommet sur l'IA à Paris : une déclaration finale signée par 58 pays"


# ---------------------------------------------------------------- only regular files inside the corpus
ARTICLE = "Le Kremlin a confirmé jeudi la rencontre."


def _problems(corpus: Corpus) -> dict[str, str]:
    return {p.path: p.reason for p in corpus.problems}


def _read_in_thread(root: Path, **options) -> Corpus:
    """read_corpus, failing the test instead of hanging it (a FIFO opened for reading waits for a writer)."""
    done: list = []
    worker = threading.Thread(target=lambda: done.append(read_corpus(root, **options)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done, "read_corpus hung"
    return done[0]


def test_ingest_links_and_special_files_are_named_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Le mot de passe est hunter2.", encoding="utf-8")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    corpus = _read_in_thread(root)
    assert [a.id for a in corpus.articles] == ["a.txt"]
    assert all("hunter2" not in a.text for a in corpus.articles)
    problems = _problems(corpus)
    assert set(problems) == {"folder", "passwd.txt", "pipe.txt", "zero.txt"}
    assert problems["passwd.txt"].startswith(f"a symbolic link (to {outside / 'secret.txt'}): not followed")
    assert problems["folder"].startswith(f"a symbolic link (to {outside}): not followed")
    assert problems["pipe.txt"].startswith("not a regular file")


def test_ingest_follow_links_reads_links_but_never_special_files_or_loops(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text(ARTICLE, encoding="utf-8")
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE + " Deux.", encoding="utf-8")
    (root / "linked.txt").symlink_to(outside / "b.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)  # a loop
    corpus = _read_in_thread(root, follow_links=True)
    assert [a.id for a in corpus.articles] == ["a.txt", "linked.txt"]
    assert list(_problems(corpus)) == ["zero.txt"]


def test_ingest_unreadable_subfolder_is_named(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # chmod 000 does not stop root, so the permission error is simulated
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    corpus = read_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a.txt"]
    assert _problems(corpus) == {"locked": "cannot open folder: Permission denied"}


# ---------------------------------------------------------------- size: limited, and linear below the limit
def test_ingest_article_over_max_bytes_is_named_and_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "big.txt").write_text(ARTICLE * 100, encoding="utf-8")
    records = [{"text": ARTICLE}, {"text": ARTICLE * 100}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    corpus = read_corpus(tmp_path, max_bytes=1000)
    assert [a.id for a in corpus.articles] == ["a.txt", "feed.jsonl#1"]  # the limit is per article, not per feed
    problems = _problems(corpus)
    assert set(problems) == {"big.txt", "feed.jsonl#2"}
    assert problems["big.txt"] == "4,200 bytes, over the limit of 1,000 (setting max_article_bytes): skipped"


def test_ingest_reading_is_linear_in_the_article(tmp_path):
    """Boilerplate and sentences were found by comparing every line with every span: a 4 MB article
    took 35 s, 20 MB never finished. Reading an article four times as long now takes about four times as long
    (a quadratic pass would take sixteen), whatever the machine's speed."""
    from checker.extract.sentences import split_sentences
    from checker.ingest import build_article
    from checker.ingest.readers import Document

    def read(lines: int):
        text = "Publicité\nM. Dupont a dit. « Oui. » Le chat dort. ...... Non !\n" * lines + "." * (lines * 5 // 3)
        started = time.monotonic()
        article = build_article(Document(id="big.txt", text=text))
        split_sentences(text, article.boilerplate)
        return time.monotonic() - started, article

    quarter, _ = read(15_000)
    whole, article = read(60_000)  # 3.5 MB
    assert whole < 8 * quarter + 1.0
    assert len(article.boilerplate) >= 60_000
