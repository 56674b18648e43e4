"""The judge's answers remembered between runs: the same answers, the judge asked only for new pairs, another
judge never answered from this one's memory, and a cache that cannot be used done without."""

from __future__ import annotations

import sqlite3

import pytest

from checker.compare import judge_memory
from checker.compare.judge import Judgement
from checker.compare.judge_memory import RememberingJudge, judge_identity, judgements_memo, remembering
from checker.memo import Memo


class CountingJudge:
    """Answers from the texts' lengths, and counts the pairs it was asked."""

    learnt_step = True

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def judge_texts(self, pairs, batch_size=32, progress=None):
        self.asked += list(pairs)
        return [Judgement(round(len(a) / 100, 4), round(len(b) / 100, 4), 0.5) for a, b in pairs]


def memo(path, rows: int = 1000) -> Memo:
    return Memo(path, "judgements", rows)


PAIRS = [("Le pont a cédé mardi.", "The bridge gave way on Tuesday."), ("Deux morts.", "Trois morts.")]


def test_judge_memory_answers_a_second_run_without_the_judge(tmp_path):
    inner = CountingJudge()
    first = RememberingJudge(inner, memo(tmp_path / "m.sqlite3"), b"judge-1").judge_texts(PAIRS)
    again = RememberingJudge(inner, memo(tmp_path / "m.sqlite3"), b"judge-1")
    second = again.judge_texts(PAIRS + [("Un mort.", "Deux morts.")])
    assert second[:2] == first  # the same answers, rounded as the judge rounds them
    assert inner.asked == PAIRS + [("Un mort.", "Deux morts.")]  # only the new pair asked the second time
    assert (again.hits, again.asked) == (2, 1)


def test_judge_memory_keeps_judges_apart(tmp_path):
    inner = CountingJudge()
    RememberingJudge(inner, memo(tmp_path / "m.sqlite3"), b"judge-1").judge_texts(PAIRS)
    RememberingJudge(inner, memo(tmp_path / "m.sqlite3"), b"judge-2").judge_texts(PAIRS)
    assert len(inner.asked) == 4  # another judge (other weights, other precision) is asked again


def test_judge_memory_reads_a_pair_in_its_order(tmp_path):
    inner = CountingJudge()
    judge = RememberingJudge(inner, memo(tmp_path / "m.sqlite3"), b"j")
    forward, backward = judge.judge_texts([PAIRS[0], PAIRS[0][::-1]])
    assert forward != backward and len(inner.asked) == 2


def test_judge_memory_that_cannot_be_used_is_done_without(tmp_path):
    broken = tmp_path / "m.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    inner = CountingJudge()
    judge = RememberingJudge(inner, memo(broken), b"j")
    assert judge.judge_texts(PAIRS) == CountingJudge().judge_texts(PAIRS)
    assert judge.judge_texts(PAIRS) and len(inner.asked) == 4  # nothing remembered, nothing lost
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    assert RememberingJudge(CountingJudge(), memo(blocked / "m.sqlite3"), b"j").judge_texts(PAIRS)


def test_judge_memory_forgets_the_oldest_past_its_size(tmp_path):
    judge = RememberingJudge(CountingJudge(), memo(tmp_path / "m.sqlite3", rows=3), b"j")
    for n in range(6):
        judge.judge_texts([(f"phrase {n}", "autre")])
    with sqlite3.connect(tmp_path / "m.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM judgements").fetchone()[0] == 3
    inner = CountingJudge()
    RememberingJudge(inner, memo(tmp_path / "m.sqlite3", rows=3), b"j").judge_texts(
        [("phrase 5", "autre"), ("phrase 0", "autre")]
    )
    assert inner.asked == [("phrase 0", "autre")]  # the newest kept, the oldest forgotten


def test_judge_memory_identity_names_the_weights_and_the_precision(tmp_path):
    assert judge_identity(precision="fp32") != judge_identity(precision="bf16")
    assert judgements_memo(tmp_path).table == "judgements"
    assert isinstance(remembering(CountingJudge(), tmp_path), RememberingJudge)


@pytest.mark.slow
def test_judge_memory_gives_the_same_report_and_spares_the_judge(tmp_path, monkeypatch):
    """``compare`` with the shipped judge, without the memory, then twice with it: the same findings each time,
    and the third run asks the judge nothing."""
    import shutil

    from checker.compare.judge import PairJudge
    from checker.config import load_settings
    from checker.pipeline import compare_corpus
    from tests.conftest import ROOT

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in (ROOT / "corpus").glob("*.txt"))[:2]:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    monkeypatch.setattr(judge_memory, "memo_file", lambda cache_dir=None: tmp_path / "memory.sqlite3")

    def run(n: int, memory: bool):
        settings = load_settings(remember=memory, worker=False)
        report = compare_corpus(corpus, settings, index=tmp_path / f"index{n}")
        return [(f.verdict, f.kind, tuple(c.claim_id for c in f.claims), f.confidence) for f in report.findings]

    without = run(0, memory=False)
    assert not (tmp_path / "memory.sqlite3").exists()
    assert run(1, memory=True) == without
    monkeypatch.setattr(PairJudge, "judge_texts", lambda *a, **k: pytest.fail("the judge was asked again"))
    assert run(2, memory=True) == without
    assert without  # the two articles do share facts: the test compares findings, not two empty lists
