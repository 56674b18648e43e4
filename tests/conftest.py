"""Session-wide fixtures: the shared folder, the seed corpus, and loaded pipelines."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Each test works afresh: a test that patches the judge or the extraction must not be answered from the user
# cache's memory of an earlier run (tests/test_memo.py and tests/compare/test_compare_judge_memory.py turn it on).
os.environ.setdefault("CHECKER_REMEMBER", "false")


def script_module(name: str) -> ModuleType:
    """One of scripts/*.py (``name`` without .py) loaded as a module, for the tests of its functions."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _memory_of_its_own(tmp_path_factory, monkeypatch):
    """Each test remembers (checker.memo) in a file of its own, never in the user cache: a test that patches the
    judge or the extraction is not answered from another test's run."""
    import checker.compare.judge_memory
    import checker.memo

    path = tmp_path_factory.mktemp("memory") / "memory.sqlite3"
    for module in (checker.memo, checker.compare.judge_memory):
        monkeypatch.setattr(module, "memo_file", lambda cache_dir=None: path)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_corpus():
    """The sample corpus, read once."""
    from checker.ingest import read_corpus

    return read_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def seed_claims(seed_corpus):
    """Claims of the sample corpus, extracted once with the real spaCy model."""
    from checker.extract import extract_claims

    return extract_claims(seed_corpus.articles)


def claim_with(claims, article: str, contains: str):
    """The claim of an article holding a piece of text (fails the test when none does)."""
    for c in claims:
        if c.article.endswith(article) and contains in c.text:
            return c
    raise AssertionError(f"no claim of {article} contains {contains!r}")


@pytest.fixture(scope="module")
def cli_env() -> Iterator[None]:
    """For CLI tests: no CHECKER_* setting from the caller's shell, and the fake judge (the fake encoder is
    passed as --encoder fake): the CLI's wiring is under test, not the models' judgement
    (tests/compare/test_compare_judge.py and tests/test_end_to_end.py load the real ones)."""
    with pytest.MonkeyPatch.context() as mp:
        for key in list(os.environ):
            if key.startswith("CHECKER_"):
                mp.delenv(key)
        mp.setenv("CHECKER_JUDGE", "fake")
        yield
