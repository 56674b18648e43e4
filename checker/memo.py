"""What a run worked out, remembered for the next one in the user cache (below the stages, beside ``files``).

A CI job checks the same articles on every push of a pull request: their claims, their vectors and the pair
judge's answers come out the same each time, and each costs seconds (spaCy, the encoder, the judge). A
:class:`Memo` keeps such results under a digest of everything they depend on, in one SQLite file
(``<models dir>/memory.sqlite3``, one table per kind: Python's own sqlite3, safe for two checkers at once).

An optimisation only: a memo that cannot be read or written (a read-only home, a broken file, a database locked
too long) answers nothing and keeps nothing, and the run works everything out as without it. Each table keeps
at most its ``max_rows`` entries, the oldest forgotten first. The setting ``remember = false`` turns every memo
off (:func:`checker.pipeline` reads it).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from checker.files import models_dir

__all__ = ["Memo", "digest", "memo_file"]

T = TypeVar("T")
_FILE = "memory.sqlite3"
_LOOKUP_CHUNK = 500  # keys per SELECT: below the 999 bound parameters of the oldest SQLite builds


def memo_file(cache_dir: str | Path | None = None) -> Path:
    return models_dir(cache_dir) / _FILE


def digest(*parts: bytes | str) -> bytes:
    """A 20-byte key for the parts, in order (each part framed by its length, so no two lists collide)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.digest()


class Memo:
    """One table of ``key -> value`` (bytes) in the memory file."""

    def __init__(self, path: Path, table: str, max_rows: int) -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.path, self.table, self.max_rows = path, table, max_rows

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5.0)
        db.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
        return db

    def recall(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        """The values remembered for those of ``keys`` that have one."""
        if not keys or not self.path.exists():
            return {}
        out: dict[bytes, bytes] = {}
        try:
            with closing(self._connect()) as db, db:
                unique = list(dict.fromkeys(keys))
                for start in range(0, len(unique), _LOOKUP_CHUNK):
                    chunk = unique[start : start + _LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(f"SELECT key, value FROM {self.table} WHERE key IN ({marks})", chunk)
                    out.update((bytes(k), bytes(v)) for k, v in rows)
        except (sqlite3.Error, OSError):  # an optimisation: without it, the run works everything out
            return {}
        return out

    def remember(self, items: dict[bytes, bytes]) -> None:
        """Keep ``items``; past ``max_rows`` entries, the oldest go (rowids grow with insertion)."""
        if not items:
            return
        try:
            with closing(self._connect()) as db, db:
                db.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", list(items.items()))
                span = db.execute(f"SELECT max(rowid) - min(rowid) FROM {self.table}").fetchone()[0] or 0
                if span >= self.max_rows:
                    db.execute(
                        f"DELETE FROM {self.table} WHERE rowid <= (SELECT max(rowid) FROM {self.table}) - ?",
                        (self.max_rows,),
                    )
        except (sqlite3.Error, OSError):
            return

    def recall_or_work_out(
        self,
        keys: Sequence[bytes],
        work_out: Callable[[list[int]], Sequence[T]],
        dump: Callable[[T], bytes],
        load: Callable[[bytes], T | None],
    ) -> tuple[list[T], list[int]]:
        """The value of each key: remembered ones read back with ``load`` (None for an entry it cannot read,
        which is worked out again), the others worked out by ``work_out(their indices)`` and remembered with
        ``dump``. Also returns the indices worked out."""
        known: dict[bytes, T] = {}
        for key, raw in self.recall(keys).items():
            value = load(raw)
            if value is not None:
                known[key] = value
        todo = [i for i, k in enumerate(keys) if k not in known]
        new = dict(zip((keys[i] for i in todo), work_out(todo))) if todo else {}
        self.remember({k: dump(v) for k, v in new.items()})
        known.update(new)
        return [known[k] for k in keys], todo
