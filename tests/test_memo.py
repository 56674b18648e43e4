"""What a run worked out, remembered for the next (checker.memo): the table itself, and `check` taking an
article's claims and vectors from it the second time, with the same report."""

from __future__ import annotations

import sqlite3

import pytest

from checker.config import Settings
from checker.memo import Memo, digest
from checker.pipeline import check_articles, index_corpus


def test_memo_remembers_recalls_and_forgets_the_oldest(tmp_path):
    memo = Memo(tmp_path / "m.sqlite3", "things", max_rows=3)
    assert memo.recall([b"a"]) == {} and not memo.path.exists()  # nothing asked of a file not yet there
    for n in range(5):
        memo.remember({f"k{n}".encode(): f"v{n}".encode()})
    assert memo.recall([b"k0", b"k2", b"k4", b"k9"]) == {b"k2": b"v2", b"k4": b"v4"}
    with sqlite3.connect(memo.path) as db:
        assert db.execute("SELECT count(*) FROM things").fetchone()[0] == 3


def test_memo_that_cannot_be_used_answers_nothing_and_keeps_nothing(tmp_path):
    broken = tmp_path / "m.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    memo = Memo(broken, "things", 10)
    memo.remember({b"k": b"v"})
    assert memo.recall([b"k"]) == {}
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    Memo(blocked / "m.sqlite3", "things", 10).remember({b"k": b"v"})
    with pytest.raises(ValueError):
        Memo(tmp_path / "m.sqlite3", "no such; table", 10)


def test_memo_digest_frames_its_parts():
    assert digest("ab", "c") != digest("a", "bc") and digest("ab", "c") == digest(b"ab", b"c")


ARTICLE = "Le sommet de Lyon a réuni 40 pays mardi 3 mars.\n« Nous avons avancé », a déclaré le maire, Jean Morel.\n"


def test_memo_check_takes_an_article_read_before_from_memory(tmp_path):
    """The second check of the same article extracts and embeds nothing and says the same; a changed article is
    read again."""
    import checker.extract.remembered
    import checker.index.encoders

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Le sommet de Lyon a réuni 55 pays mardi 3 mars.\n", encoding="utf-8")
    settings = Settings(encoder="fake", judge="fake", remember=True, worker=False)
    index_corpus(corpus, settings, index=tmp_path / "idx")
    new = tmp_path / "new.txt"
    new.write_text(ARTICLE, encoding="utf-8")

    def check(remember: bool = True):
        chosen = settings.model_copy(update={"remember": remember})
        result = check_articles([new], chosen, index=tmp_path / "idx")
        return [(f.verdict, f.kind, tuple(c.claim_id for c in f.claims)) for f in result.report.findings]

    first = check()
    assert first  # the test compares findings, not two empty lists
    real_extract = checker.extract.remembered.extract_batch
    extracted: list[int] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(checker.extract.remembered, "extract_batch", lambda a, p=None: extracted.append(len(a)) or [])
        mp.setattr(checker.index.encoders.Encoder, "encode", lambda *a, **k: pytest.fail("embedded again"))
        assert check() == first and extracted == []
    new.write_text(ARTICLE.replace("40 pays", "41 pays"), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            checker.extract.remembered,
            "extract_batch",
            lambda a, p=None: extracted.append(len(a)) or real_extract(a, p),
        )
        changed = check()
    assert extracted == [1] and changed == check(remember=False)
